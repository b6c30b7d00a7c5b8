// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The rules a node holds for the services, from the planners of core/proxy (the plans the
// agent applies): the iptables chains as a tree whose jumps expand into the chain they jump
// to, the IPVS virtual and real servers, the userspace proxy ports; the selected service's
// chains, rules and servers highlighted. And what a node reports as applied (iptables-save
// text) compared with the plan.

// moc cannot parse the C++20 library headers these reach (<compare>, <concepts>).
#ifndef Q_MOC_RUN
#include "cluster/object_key.h"
#include "proxy/iptables_plan.h"
#endif

#include <QStandardItemModel>
#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QToolBar;
class QTreeView;
class QTreeWidget;
class QAction;

namespace studio {
class ClusterSnapshot;
}

namespace studio::views {

class SnapshotWatcher;

// The chains of one IptablesPlan as a tree: table → chains (the built-in chains with our
// hook rules first, then every chain of the plan) → rules; a rule that jumps to a chain of
// the plan expands, on demand, into that chain's rules. Column 0 is the rule text as
// iptables-save prints it after "-A CHAIN", column 1 the target.
class RulesTreeModel : public QStandardItemModel
{
    Q_OBJECT
public:
    enum Role {
        TableRole = Qt::UserRole + 1, // "nat" / "filter"
        ChainRole,                    // the chain this row is, or the rule's chain
        JumpRole,                     // a rule's jump target (a chain of the plan), else empty
        HighlightRole,                // bool: belongs to the selected service
        DepthRole,                    // how many jumps down from a top-level chain
        FetchedRole,                  // bool: a jump row whose target rules were added
    };
    enum Column { RuleColumn, TargetColumn, ColumnCount };

    explicit RulesTreeModel(QObject *parent = nullptr);

    void setPlan(proxy::IptablesPlan plan, const std::string &serviceKey);
    const proxy::IptablesPlan &plan() const { return m_plan; }
    const std::string &serviceKey() const { return m_serviceKey; }

    // The row of a top-level chain under its table; invalid when absent.
    QModelIndex chainIndex(const QString &table, const QString &chain) const;
    // Chains and rules (top-level chains' direct rules) of the selected service.
    QStringList highlightedChains() const;
    int highlightedRuleCount() const { return m_highlightedRules; }
    // Whether a rule of `chain` (its comment or its chain) belongs to `serviceKey`.
    static bool ruleBelongsTo(const proxy::IptablesChain *chain, const proxy::IptablesRule &rule,
                              const std::string &serviceKey);

    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

private:
    QList<QStandardItem *> ruleRow(const QString &table, const proxy::IptablesChain *chain,
                                   const proxy::IptablesRule &rule, int depth);
    void appendChainRules(QStandardItem *parent, const QString &table, const proxy::IptablesChain &chain,
                          int depth);
    const proxy::IptablesChain *findChain(const QString &table, const QString &chain) const;

    proxy::IptablesPlan m_plan;
    std::string m_serviceKey;
    int m_highlightedRules = 0;
};

// The difference between a plan and what a node holds (iptables-save text).
struct RulesDifference
{
    QStringList missingChains;  // "nat KUBE-SVC-..." planned, absent on the node
    QStringList extraChains;    // KUBE-* chains the node has and the plan does not
    QStringList missingRules;   // "-A CHAIN args" planned, absent
    QStringList extraRules;     // on the node, not planned (in our chains)
    QStringList missingHooks;   // hook rules absent from the built-in chains
    bool same() const
    {
        return missingChains.isEmpty() && extraChains.isEmpty() && missingRules.isEmpty()
               && extraRules.isEmpty() && missingHooks.isEmpty();
    }
};
// False (and *error) when `saveText` does not parse.
bool compareWithSave(const proxy::IptablesPlan &plan, const QString &saveText, RulesDifference &out,
                     QString *error = nullptr);

class RulesView : public QWidget
{
    Q_OBJECT
public:
    explicit RulesView(QWidget *parent = nullptr);
    ~RulesView() override;

    void setWatcher(SnapshotWatcher *watcher);
    void setService(const ObjectKey &service);
    // Plans for `snapshot` (the watcher calls this on every change).
    void setSnapshot(const ClusterSnapshot &snapshot);
    void setNode(const QString &node);
    QString node() const;

    RulesTreeModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    QTabWidget *tabs() const { return m_tabs; }
    // The node's IPVS virtual servers (children: real servers) and userspace proxy ports.
    QTreeWidget *ipvsTable() const { return m_ipvs; }
    QTreeWidget *userspaceTable() const { return m_userspace; }
    // Expands the path to every highlighted row of the selected service.
    void expandService();
    // The node's applied rules (iptables-save text), compared with the plan.
    void setAppliedRules(const QString &saveText);
    QString differenceText() const;
    bool exportTo(const QString &path);

protected:
    void changeEvent(QEvent *e) override;

private:
    void retranslateUi();
    void replan();
    void compare();
    void fillIpvs(const proxy::ProxyConfig &config, const std::vector<proxy::ServicePortInfo> &ports);
    void fillUserspace(const proxy::ProxyConfig &config, const std::vector<proxy::ServicePortInfo> &ports);

    SnapshotWatcher *m_watcher = nullptr;
    ObjectKey m_service;
    std::unique_ptr<ClusterSnapshot> m_snapshot;
    RulesTreeModel *m_model;
    QToolBar *m_bar;
    QLabel *m_nodeLabel;
    QComboBox *m_nodes;
    QAction *m_expand;
    QAction *m_export;
    QLabel *m_summary;
    QTabWidget *m_tabs;
    QTreeView *m_tree;
    QTreeWidget *m_ipvs;
    QTreeWidget *m_userspace;
    QWidget *m_appliedPage;
    QLabel *m_appliedHint;
    QPlainTextEdit *m_appliedText;
    QPushButton *m_compareButton;
    QPlainTextEdit *m_difference;
};

} // namespace studio::views
