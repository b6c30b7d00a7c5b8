// SPDX-License-Identifier: GPL-3.0-or-later
#include "rules_view.h"

#include "proxy/ipvs_plan.h"
#include "proxy/service_ports.h"
#include "proxy/userspace_plan.h"
#include "snapshot_watcher.h"
#include "trace/iptables_ruleset.h"
#include "view_export.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <set>

namespace studio::views {

namespace {

constexpr int kMaxDepth = 12; // kube-proxy's chains are a few levels deep; guards a cycle
const QColor kHighlight(0xff, 0xf3, 0xb0);

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QString targetText(const proxy::IptablesRule &r)
{
    using T = proxy::IptablesRule::Target;
    switch (r.target) {
    case T::Jump: return qs(r.jumpChain);
    case T::Return: return QStringLiteral("RETURN");
    case T::Accept: return QStringLiteral("ACCEPT");
    case T::Drop: return QStringLiteral("DROP");
    case T::Reject: return QStringLiteral("REJECT");
    case T::Dnat: return QStringLiteral("DNAT → ") + qs(r.toDestination);
    case T::Masquerade: return QStringLiteral("MASQUERADE");
    case T::Mark: return QStringLiteral("MARK");
    case T::Redirect: return QStringLiteral("REDIRECT → ") + QString::number(r.toPort);
    }
    return {};
}

const char *const kBuiltins[] = {"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"};

} // namespace

// ---- model ---------------------------------------------------------------------------------

RulesTreeModel::RulesTreeModel(QObject *parent) : QStandardItemModel(parent)
{
    setColumnCount(ColumnCount);
}

QVariant RulesTreeModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o == Qt::Horizontal && role == Qt::DisplayRole) {
        if (section == RuleColumn)
            return tr("Chain / rule");
        if (section == TargetColumn)
            return tr("Target");
    }
    return QStandardItemModel::headerData(section, o, role);
}

bool RulesTreeModel::ruleBelongsTo(const proxy::IptablesChain *chain, const proxy::IptablesRule &rule,
                                   const std::string &serviceKey)
{
    if (serviceKey.empty())
        return false;
    if (chain && chain->service == serviceKey)
        return true;
    // KUBE-SERVICES, KUBE-NODEPORTS, ...: "ns/name:port cluster IP", "ns/name external IP".
    const std::string &c = rule.comment;
    if (c.size() < serviceKey.size() || c.compare(0, serviceKey.size(), serviceKey) != 0)
        return false;
    return c.size() == serviceKey.size() || c[serviceKey.size()] == ':' || c[serviceKey.size()] == ' ';
}

const proxy::IptablesChain *RulesTreeModel::findChain(const QString &table, const QString &chain) const
{
    const proxy::IptablesTable *t = m_plan.table(table.toStdString());
    return t ? t->chain(chain.toStdString()) : nullptr;
}

QList<QStandardItem *> RulesTreeModel::ruleRow(const QString &table, const proxy::IptablesChain *chain,
                                               const proxy::IptablesRule &rule, int depth)
{
    auto *text = new QStandardItem(qs(rule.render()));
    text->setEditable(false);
    text->setToolTip(text->text());
    auto *target = new QStandardItem(targetText(rule));
    target->setEditable(false);
    text->setData(table, TableRole);
    text->setData(chain ? qs(chain->name) : QString(), ChainRole);
    text->setData(depth, DepthRole);
    if (rule.target == proxy::IptablesRule::Target::Jump && findChain(table, qs(rule.jumpChain))
        && depth < kMaxDepth)
        text->setData(qs(rule.jumpChain), JumpRole);
    const bool mine = ruleBelongsTo(chain, rule, m_serviceKey);
    text->setData(mine, HighlightRole);
    if (mine) {
        for (QStandardItem *i : {text, target})
            i->setBackground(kHighlight);
        QFont f = text->font();
        f.setBold(true);
        text->setFont(f);
        if (depth == 0)
            ++m_highlightedRules;
    }
    return {text, target};
}

void RulesTreeModel::appendChainRules(QStandardItem *parent, const QString &table,
                                      const proxy::IptablesChain &chain, int depth)
{
    for (const proxy::IptablesRule &r : chain.rules)
        parent->appendRow(ruleRow(table, &chain, r, depth));
}

void RulesTreeModel::setPlan(proxy::IptablesPlan plan, const std::string &serviceKey)
{
    // removeRows, not clear(): clear() drops the columns and the view's header settings.
    removeRows(0, rowCount());
    setColumnCount(ColumnCount);
    m_plan = std::move(plan);
    m_serviceKey = serviceKey;
    m_highlightedRules = 0;
    for (const proxy::IptablesTable *table : {&m_plan.nat, &m_plan.filter}) {
        const QString tname = qs(table->name);
        auto *tableItem = new QStandardItem(tr("table %1").arg(tname));
        tableItem->setEditable(false);
        tableItem->setData(tname, TableRole);
        QFont tf = tableItem->font();
        tf.setBold(true);
        tableItem->setFont(tf);
        auto *tableCount = new QStandardItem(tr("%n chain(s)", nullptr, int(table->chains.size())));
        tableCount->setEditable(false);
        appendRow({tableItem, tableCount});
        // The built-in chains, with the hook rules that lead into ours.
        for (const char *builtin : kBuiltins) {
            std::vector<const proxy::HookRule *> hooks;
            for (const proxy::HookRule &h : m_plan.hooks)
                if (h.table == table->name && h.chain == builtin)
                    hooks.push_back(&h);
            if (hooks.empty())
                continue;
            auto *chainItem = new QStandardItem(QString::fromLatin1(builtin));
            chainItem->setEditable(false);
            chainItem->setData(tname, TableRole);
            chainItem->setData(QString::fromLatin1(builtin), ChainRole);
            auto *note = new QStandardItem(tr("built-in chain"));
            note->setEditable(false);
            tableItem->appendRow({chainItem, note});
            for (const proxy::HookRule *h : hooks)
                chainItem->appendRow(ruleRow(tname, nullptr, h->rule, 0));
        }
        for (const proxy::IptablesChain &chain : table->chains) {
            auto *chainItem = new QStandardItem(qs(chain.name));
            chainItem->setEditable(false);
            chainItem->setData(tname, TableRole);
            chainItem->setData(qs(chain.name), ChainRole);
            auto *note = new QStandardItem(chain.service.empty() ? tr("%n rule(s)", nullptr, int(chain.rules.size()))
                                                                 : qs(chain.service));
            note->setEditable(false);
            const bool mine = !m_serviceKey.empty() && chain.service == m_serviceKey;
            chainItem->setData(mine, HighlightRole);
            if (mine) {
                chainItem->setBackground(kHighlight);
                note->setBackground(kHighlight);
                QFont f = chainItem->font();
                f.setBold(true);
                chainItem->setFont(f);
            }
            tableItem->appendRow({chainItem, note});
            appendChainRules(chainItem, tname, chain, 0);
        }
    }
}

bool RulesTreeModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() == 0 && !parent.data(FetchedRole).toBool()) {
        const QString jump = parent.data(JumpRole).toString();
        if (!jump.isEmpty()) {
            // Expands on demand into the chain it jumps to.
            const proxy::IptablesChain *target = findChain(parent.data(TableRole).toString(), jump);
            return target && !target->rules.empty();
        }
    }
    return QStandardItemModel::hasChildren(parent);
}

bool RulesTreeModel::canFetchMore(const QModelIndex &parent) const
{
    if (!parent.isValid() || parent.column() != 0)
        return false;
    return !parent.data(JumpRole).toString().isEmpty() && !parent.data(FetchedRole).toBool();
}

void RulesTreeModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    QStandardItem *item = itemFromIndex(parent);
    const QString table = parent.data(TableRole).toString();
    const proxy::IptablesChain *target = findChain(table, parent.data(JumpRole).toString());
    if (!item || !target)
        return;
    item->setData(true, FetchedRole);
    appendChainRules(item, table, *target, parent.data(DepthRole).toInt() + 1);
}

QModelIndex RulesTreeModel::chainIndex(const QString &table, const QString &chain) const
{
    for (int t = 0; t < rowCount(); ++t) {
        const QModelIndex ti = index(t, 0);
        if (ti.data(TableRole).toString() != table)
            continue;
        for (int c = 0; c < rowCount(ti); ++c) {
            const QModelIndex ci = index(c, 0, ti);
            if (ci.data(ChainRole).toString() == chain)
                return ci;
        }
    }
    return {};
}

QStringList RulesTreeModel::highlightedChains() const
{
    QStringList out;
    for (const proxy::IptablesTable *table : {&m_plan.nat, &m_plan.filter})
        for (const proxy::IptablesChain &c : table->chains)
            if (!m_serviceKey.empty() && c.service == m_serviceKey)
                out << qs(c.name);
    return out;
}

// ---- comparison with a node's iptables-save --------------------------------------------

namespace {
// iptables-save prints probabilities with 11 decimals, the planner with 10 (as
// iptables-restore accepts them): compare the numbers, not their spelling.
proxy::IptablesRule normalized(proxy::IptablesRule r)
{
    if (!r.probability.empty())
        r.probability = QString::number(QString::fromStdString(r.probability).toDouble(), 'f', 8).toStdString();
    return r;
}

std::vector<proxy::IptablesRule> normalized(const std::vector<proxy::IptablesRule> &rules)
{
    std::vector<proxy::IptablesRule> out;
    out.reserve(rules.size());
    for (const proxy::IptablesRule &r : rules)
        out.push_back(normalized(r));
    return out;
}

bool contains(const std::vector<proxy::IptablesRule> &rules, const proxy::IptablesRule &r)
{
    return std::find(rules.begin(), rules.end(), r) != rules.end();
}
} // namespace

bool compareWithSave(const proxy::IptablesPlan &plan, const QString &saveText, RulesDifference &out,
                     QString *error)
{
    out = {};
    auto node = trace::IptablesRuleset::fromSave(saveText.toStdString());
    if (!node.ok()) {
        if (error)
            *error = qs(node.error().message);
        return false;
    }
    const trace::IptablesRuleset &applied = *node;
    for (const proxy::IptablesTable *table : {&plan.nat, &plan.filter}) {
        std::set<std::string> planned;
        for (const proxy::IptablesChain &c : table->chains) {
            planned.insert(c.name);
            const trace::RulesetChain *have = applied.chain(table->name, c.name);
            if (!have) {
                out.missingChains << qs(table->name + " " + c.name);
                continue;
            }
            const auto plannedRules = normalized(c.rules);
            const auto appliedRules = normalized(have->rules);
            for (size_t i = 0; i < c.rules.size(); ++i)
                if (!contains(appliedRules, plannedRules[i]))
                    out.missingRules << qs("-t " + table->name + " -A " + c.name + " " + c.rules[i].render());
            for (size_t i = 0; i < have->rules.size(); ++i)
                if (!contains(plannedRules, appliedRules[i]))
                    out.extraRules << qs("-t " + table->name + " -A " + c.name + " " + have->rules[i].render());
        }
        for (const std::string &name : applied.chainsWithPrefix(table->name, "KUBE-"))
            if (!planned.count(name))
                out.extraChains << qs(table->name + " " + name);
    }
    for (const proxy::HookRule &h : plan.hooks) {
        const trace::RulesetChain *have = applied.chain(h.table, h.chain);
        if (!have || !contains(normalized(have->rules), normalized(h.rule)))
            out.missingHooks << qs("-t " + h.table + " -A " + h.chain + " " + h.rule.render());
    }
    return true;
}

// ---- widget --------------------------------------------------------------------------------

RulesView::RulesView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("rulesView"));
    m_model = new RulesTreeModel(this);
    m_bar = new QToolBar(this);
    m_nodeLabel = new QLabel(this);
    m_nodes = new QComboBox(this);
    m_nodes->setObjectName(QStringLiteral("rulesNode"));
    m_nodes->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_bar->addWidget(m_nodeLabel);
    m_bar->addWidget(m_nodes);
    m_bar->addSeparator();
    m_expand = m_bar->addAction(QString(), this, &RulesView::expandService);
    m_export = m_bar->addAction(QString(), this, [this] {
        const QString path = askExportFileName(this, QStringLiteral("rules"));
        if (!path.isEmpty())
            exportTo(path);
    });
    m_bar->addSeparator();
    m_summary = new QLabel(this);
    m_bar->addWidget(m_summary);

    m_tabs = new QTabWidget(this);
    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("rulesTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(false);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(RulesTreeModel::RuleColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(RulesTreeModel::TargetColumn, QHeaderView::Interactive);
    m_tree->header()->resizeSection(RulesTreeModel::TargetColumn, 260);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(font().pointSizeF() * 0.95);
    m_tree->setFont(mono);
    m_tabs->addTab(m_tree, QString());
    m_ipvs = new QTreeWidget(this);
    m_ipvs->setObjectName(QStringLiteral("ipvsTable"));
    m_ipvs->setColumnCount(4);
    m_ipvs->setUniformRowHeights(true);
    m_ipvs->setFont(mono);
    m_tabs->addTab(m_ipvs, QString());
    m_userspace = new QTreeWidget(this);
    m_userspace->setObjectName(QStringLiteral("userspaceTable"));
    m_userspace->setColumnCount(4);
    m_userspace->setRootIsDecorated(false);
    m_userspace->setUniformRowHeights(true);
    m_userspace->setFont(mono);
    m_tabs->addTab(m_userspace, QString());
    m_appliedPage = new QWidget(this);
    auto *al = new QVBoxLayout(m_appliedPage);
    m_appliedHint = new QLabel(m_appliedPage);
    m_appliedHint->setWordWrap(true);
    m_appliedText = new QPlainTextEdit(m_appliedPage);
    m_appliedText->setObjectName(QStringLiteral("appliedRules"));
    m_appliedText->setFont(mono);
    m_compareButton = new QPushButton(m_appliedPage);
    m_difference = new QPlainTextEdit(m_appliedPage);
    m_difference->setReadOnly(true);
    m_difference->setFont(mono);
    al->addWidget(m_appliedHint);
    al->addWidget(m_appliedText, 1);
    al->addWidget(m_compareButton, 0, Qt::AlignLeft);
    al->addWidget(m_difference, 1);
    m_tabs->addTab(m_appliedPage, QString());
    connect(m_compareButton, &QPushButton::clicked, this, &RulesView::compare);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_bar);
    layout->addWidget(m_tabs);
    connect(m_nodes, &QComboBox::currentIndexChanged, this, [this] { replan(); });
    retranslateUi();
}

RulesView::~RulesView() = default;

void RulesView::setWatcher(SnapshotWatcher *watcher)
{
    followSnapshots(this, m_watcher, watcher, [this](const ClusterSnapshot &s) { setSnapshot(s); });
}

void RulesView::setService(const ObjectKey &service)
{
    if (service == m_service)
        return;
    m_service = service;
    replan();
    expandService();
}

void RulesView::setSnapshot(const ClusterSnapshot &snapshot)
{
    m_snapshot = std::make_unique<ClusterSnapshot>(snapshot);
    const QString current = m_nodes->currentText();
    QStringList names;
    for (const KubeNode *n : snapshot.nodes())
        names << qs(n->metadata.name);
    {
        const QSignalBlocker block(m_nodes);
        m_nodes->clear();
        m_nodes->addItems(names);
        const int i = m_nodes->findText(current);
        m_nodes->setCurrentIndex(i >= 0 ? i : 0);
    }
    replan();
}

void RulesView::setNode(const QString &node)
{
    const int i = m_nodes->findText(node);
    if (i >= 0)
        m_nodes->setCurrentIndex(i);
}

QString RulesView::node() const
{
    return m_nodes->currentText();
}

void RulesView::replan()
{
    if (!m_snapshot || m_nodes->currentText().isEmpty()) {
        m_model->setPlan({}, {});
        m_ipvs->clear();
        m_userspace->clear();
        m_summary->clear();
        return;
    }
    const auto config = proxy::proxyConfigForNode(*m_snapshot, m_nodes->currentText().toStdString());
    // Keep what the user opened: the expanded top-level chains survive a replan.
    QSet<QString> expanded;
    for (int t = 0; t < m_model->rowCount(); ++t) {
        const QModelIndex ti = m_model->index(t, 0);
        if (m_tree->isExpanded(ti))
            expanded << ti.data(RulesTreeModel::TableRole).toString();
        for (int c = 0; c < m_model->rowCount(ti); ++c) {
            const QModelIndex ci = m_model->index(c, 0, ti);
            if (m_tree->isExpanded(ci))
                expanded << ti.data(RulesTreeModel::TableRole).toString() + QLatin1Char(' ')
                                + ci.data(RulesTreeModel::ChainRole).toString();
        }
    }
    const std::vector<proxy::ServicePortInfo> ports = proxy::buildServicePorts(*m_snapshot, config);
    m_model->setPlan(proxy::planIptables(ports, config), m_service.name.empty() ? std::string() : m_service.toString());
    fillIpvs(config, ports);
    fillUserspace(config, ports);
    for (int t = 0; t < m_model->rowCount(); ++t) {
        const QModelIndex ti = m_model->index(t, 0);
        const QString table = ti.data(RulesTreeModel::TableRole).toString();
        m_tree->setExpanded(ti, expanded.isEmpty() || expanded.contains(table));
        for (int c = 0; c < m_model->rowCount(ti); ++c) {
            const QModelIndex ci = m_model->index(c, 0, ti);
            if (expanded.contains(table + QLatin1Char(' ') + ci.data(RulesTreeModel::ChainRole).toString()))
                m_tree->setExpanded(ci, true);
        }
    }
    m_summary->setText(
        tr("%n rule(s) planned for this node", nullptr, int(m_model->plan().ruleCount()))
        + (m_service.name.empty() ? QString()
                                  : QStringLiteral(" · ")
                                        + tr("%n highlighted for %1", nullptr, m_model->highlightedRuleCount()
                                                                                   + int(m_model->highlightedChains().size()))
                                              .arg(qs(m_service.toString()))));
    if (!m_appliedText->toPlainText().isEmpty())
        compare();
}

void RulesView::fillIpvs(const proxy::ProxyConfig &config, const std::vector<proxy::ServicePortInfo> &ports)
{
    m_ipvs->clear();
    const std::string key = m_service.name.empty() ? std::string() : m_service.toString();
    const proxy::IpvsPlan plan = proxy::planIpvs(ports, config);
    for (const proxy::IpvsVirtualServer &vs : plan.virtualServers) {
        QString flags = QString::fromStdString(vs.scheduler);
        if (vs.persistent)
            flags += QLatin1Char(' ') + tr("persistent %1 s").arg(vs.timeoutSeconds);
        auto *item = new QTreeWidgetItem(m_ipvs, {qs(vs.key()), flags, qs(vs.kind), qs(vs.service)});
        for (const proxy::IpvsRealServer &rs : vs.reals)
            new QTreeWidgetItem(item, {QStringLiteral("→ %1:%2").arg(qs(rs.address)).arg(rs.port),
                                       tr("weight %1").arg(rs.weight), QString(), QString()});
        if (!key.empty() && vs.service == key) {
            for (int col = 0; col < 4; ++col)
                item->setBackground(col, kHighlight);
            QFont f = item->font(0);
            f.setBold(true);
            item->setFont(0, f);
            item->setExpanded(true);
        }
    }
    for (int col = 0; col < 3; ++col)
        m_ipvs->resizeColumnToContents(col);
}

void RulesView::fillUserspace(const proxy::ProxyConfig &config, const std::vector<proxy::ServicePortInfo> &ports)
{
    m_userspace->clear();
    const std::string key = m_service.name.empty() ? std::string() : m_service.toString();
    const proxy::UserspacePlan plan = proxy::planUserspace(ports, config);
    for (const proxy::UserspaceProxy &p : plan.proxies) {
        QStringList endpoints;
        for (const proxy::ProxyEndpoint &e : p.port.endpoints)
            endpoints << qs(e.endpoint());
        auto *item = new QTreeWidgetItem(m_userspace,
                                         {qs(p.port.servicePortName()) + QLatin1Char('/') + qs(p.port.protocol),
                                          QStringLiteral("%1:%2").arg(qs(p.port.clusterIP)).arg(p.port.port),
                                          QStringLiteral("0.0.0.0:%1").arg(p.proxyPort),
                                          endpoints.isEmpty() ? tr("(no endpoints)") : endpoints.join(QStringLiteral(", "))});
        if (!key.empty() && p.port.serviceKey() == key)
            for (int col = 0; col < 4; ++col)
                item->setBackground(col, kHighlight);
    }
    for (int col = 0; col < 3; ++col)
        m_userspace->resizeColumnToContents(col);
}

void RulesView::expandService()
{
    for (int t = 0; t < m_model->rowCount(); ++t) {
        const QModelIndex ti = m_model->index(t, 0);
        for (int c = 0; c < m_model->rowCount(ti); ++c) {
            const QModelIndex ci = m_model->index(c, 0, ti);
            bool any = ci.data(RulesTreeModel::HighlightRole).toBool();
            for (int r = 0; !any && r < m_model->rowCount(ci); ++r)
                any = m_model->index(r, 0, ci).data(RulesTreeModel::HighlightRole).toBool();
            if (any) {
                m_tree->setExpanded(ti, true);
                m_tree->setExpanded(ci, true);
            }
        }
    }
}

void RulesView::setAppliedRules(const QString &saveText)
{
    m_appliedText->setPlainText(saveText);
    compare();
}

void RulesView::compare()
{
    RulesDifference diff;
    QString error;
    if (m_appliedText->toPlainText().trimmed().isEmpty()) {
        m_difference->clear();
        return;
    }
    if (!compareWithSave(m_model->plan(), m_appliedText->toPlainText(), diff, &error)) {
        m_difference->setPlainText(tr("The applied rules could not be read: %1").arg(error));
        return;
    }
    if (diff.same()) {
        m_difference->setPlainText(tr("The node holds exactly the planned rules."));
        return;
    }
    QStringList out;
    auto section = [&out](const QString &title, const QStringList &lines, QChar mark) {
        if (lines.isEmpty())
            return;
        out << title;
        for (const QString &l : lines)
            out << QString(mark) + QLatin1Char(' ') + l;
        out << QString();
    };
    section(tr("Chains planned but missing on the node:"), diff.missingChains, QLatin1Char('+'));
    section(tr("Rules planned but missing on the node:"), diff.missingRules, QLatin1Char('+'));
    section(tr("Hooks missing from the built-in chains:"), diff.missingHooks, QLatin1Char('+'));
    section(tr("Chains on the node that the plan does not have:"), diff.extraChains, QLatin1Char('-'));
    section(tr("Rules on the node that the plan does not have:"), diff.extraRules, QLatin1Char('-'));
    m_difference->setPlainText(out.join(QLatin1Char('\n')));
}

QString RulesView::differenceText() const
{
    return m_difference->toPlainText();
}

bool RulesView::exportTo(const QString &path)
{
    return exportWidget(this, path, tr("Rules of %1").arg(node()));
}

void RulesView::changeEvent(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange) {
        retranslateUi();
        replan();
    }
    QWidget::changeEvent(e);
}

void RulesView::retranslateUi()
{
    m_nodeLabel->setText(tr("Node:") + QLatin1Char(' '));
    m_expand->setText(tr("Show Service Rules"));
    m_expand->setToolTip(tr("Expand the chains holding the selected service's rules"));
    m_export->setText(tr("Export…"));
    m_tabs->setTabText(0, tr("iptables"));
    m_tabs->setTabText(1, tr("IPVS"));
    m_tabs->setTabText(2, tr("userspace"));
    m_tabs->setTabText(3, tr("Applied on the node"));
    m_ipvs->setHeaderLabels({tr("Virtual server / real server"), tr("Scheduler"), tr("Address kind"), tr("Service")});
    m_userspace->setHeaderLabels({tr("Service port"), tr("Virtual IP"), tr("Proxy port"), tr("Endpoints")});
    m_appliedHint->setText(tr("Paste the output of iptables-save from the node (or what service-agent reports) to compare it with the plan."));
    m_compareButton->setText(tr("Compare with Plan"));
}

} // namespace studio::views
