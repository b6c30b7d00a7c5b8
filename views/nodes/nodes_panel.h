// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The nodes panel (a dock): the nodes the agent runs on, what their agents say (version,
// proxy mode, last sync, health) and the operations on the selected nodes — deploy or
// upgrade, restart, status, logs, uninstall (service-agent --cleanup first) — run in parallel
// on worker threads (core/ssh deployToHosts), with a progress bar per node and a clear error
// per node. Nodes are added by hand (host, port, user; ~/.ssh/config aliases resolved by
// core/ssh) or imported from the cluster's Node objects (their InternalIP). Host keys are
// checked against known_hosts: an unknown host shows its SHA256 fingerprint and asks (Trust /
// Refuse), a changed key is refused. Passphrases, passwords and sudo's password are asked
// when needed (NodePrompts).
//
// A first install needs the agent's credentials: taken from setAgentConnection(), or else
// created in the connected cluster (core/ssh/agent_identity: a least-privilege
// ServiceAccount) with the apiserver address the nodes should use (the panel's field; empty:
// the app's own address of the cluster).
//
// Threading: GUI thread; the SSH work runs on a QtConcurrent worker, results come back
// queued. The GUI thread never blocks on SSH.

#ifndef Q_MOC_RUN
#include "ssh/agent_deployer.h"
#endif

#include <QDialog>
#include <QDockWidget>
#include <QFutureWatcher>
#include <QPointer>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QToolBar;

namespace studio {
class ClusterBackend;
}

namespace studio::views {

class NodePrompts;
class NodeTableModel;
struct NodeEntry;

// Add node: host (address or ~/.ssh/config alias), port, user, Node name, install prefix;
// shows what the ssh config makes of the target.
class AddNodeDialog : public QDialog
{
    Q_OBJECT
public:
    AddNodeDialog(const std::string &sshConfigFile, QWidget *parent = nullptr);
    NodeEntry entry() const;
    QString resolvedText() const;

private:
    void updateResolved();
    std::string m_configFile;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_user;
    QLineEdit *m_name;
    QLineEdit *m_prefix;
    QLabel *m_resolved;
    QPushButton *m_ok = nullptr;
};

class NodesPanel : public QDockWidget
{
    Q_OBJECT
public:
    enum class Action { Deploy, Restart, Status, Logs, Uninstall };

    explicit NodesPanel(QWidget *parent = nullptr);
    ~NodesPanel() override;

    NodeTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    NodePrompts *prompts() const { return m_prompts; }

    // The cluster of the main window (not owned; nullptr: none). Used by Import and for the
    // agent's identity on a first install.
    void setBackend(ClusterBackend *backend);
    // Known hosts file, ssh config file, timeouts (the prompts are the panel's own).
    void setSshOptions(const SshOptions &options);
    const SshOptions &sshOptions() const { return m_ssh; }
    // Deploy options every node starts from (service mode, health timeout, proxy mode...).
    void setDeployDefaults(const DeployOptions &options) { m_deployDefaults = options; }
    void setAgentConnection(std::optional<AgentConnection> connection)
    {
        m_connection = std::move(connection);
    }
    void setBundleDir(const QString &dir);
    QString bundleDir() const;
    void setIdentityFile(const QString &path);
    void setUseSshAgent(bool use);

    // Runs `action` on these rows (default: the selected ones); false when it could not start
    // (busy, nothing selected: the reason is in statusText()).
    bool run(Action action, std::vector<int> rows = {});
    bool busy() const { return m_busy; }
    std::vector<int> selectedRows() const;
    void selectRows(const std::vector<int> &rows);
    QString statusText() const;
    QString lastLogs() const { return m_lastLogs; }

    void addNodeDialog();
    void importFromCluster();

Q_SIGNALS:
    void operationFinished();
    void imported(int added);

protected:
    void changeEvent(QEvent *e) override;

private:
    struct Job;
    void retranslateUi();
    void setStatus(const QString &text);
    void updateActions();
    void startJob(Action action, std::vector<int> rows, std::optional<AgentConnection> connection);
    void startDeployWithIdentity(std::vector<int> rows);
    void showLogs(const QString &text);
    void finishJob();
    DeployOptions optionsFor(const NodeEntry &node) const;
    SshAuth auth() const;
    static QString defaultBundleDir();

    NodeTableModel *m_model;
    NodePrompts *m_prompts;
    QTableView *m_table;
    QToolBar *m_toolbar;
    QLabel *m_status;
    QLineEdit *m_bundle;
    QLineEdit *m_keyFile;
    QCheckBox *m_useAgent;
    QLineEdit *m_apiserverUrl;
    QLabel *m_bundleLabel;
    QLabel *m_keyLabel;
    QLabel *m_apiLabel;
    QAction *m_addAct;
    QAction *m_importAct;
    QAction *m_removeAct;
    QAction *m_deployAct;
    QAction *m_restartAct;
    QAction *m_statusAct;
    QAction *m_logsAct;
    QAction *m_uninstallAct;

    QPointer<ClusterBackend> m_backend;
    SshOptions m_ssh;
    DeployOptions m_deployDefaults;
    std::optional<AgentConnection> m_connection;
    bool m_busy = false;
    std::atomic<bool> m_cancel{false};
    QFutureWatcher<void> m_watcher;
    std::shared_ptr<Job> m_job; // the running operation (its worker fills it in)
    bool m_closing = false;     // in the destructor: worker callbacks do nothing
    QString m_lastLogs;
};

} // namespace studio::views
