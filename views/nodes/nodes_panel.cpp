// SPDX-License-Identifier: GPL-3.0-or-later
#include "nodes/nodes_panel.h"

#include "apiserver/api_client.h"
#include "apiserver/apiserver_backend.h"
#include "cluster/cluster_backend.h"
#include "nodes/node_prompts.h"
#include "nodes/node_table_model.h"
#include "ssh/agent_identity.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <mutex>

namespace studio::views {

namespace {

// Paints a progress bar in the progress column while an operation runs on the node.
class ProgressDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter,
               const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        const int percent = index.data(NodeTableModel::ProgressRole).toInt();
        if (index.column() != NodeTableModel::ProgressColumn || percent < 0) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(2, 2, -2, -2);
        bar.minimum = 0;
        bar.maximum = 100;
        bar.progress = percent;
        bar.text = index.data(Qt::DisplayRole).toString();
        bar.textVisible = true;
        bar.state = option.state | QStyle::State_Horizontal;
        QApplication::style()->drawControl(QStyle::CE_ProgressBar, &bar, painter);
    }
};

DeployAction deployActionOf(NodesPanel::Action action)
{
    switch (action) {
    case NodesPanel::Action::Deploy:
        return DeployAction::Install;
    case NodesPanel::Action::Restart:
        return DeployAction::Restart;
    case NodesPanel::Action::Uninstall:
        return DeployAction::Uninstall;
    case NodesPanel::Action::Status:
    case NodesPanel::Action::Logs:
        break;
    }
    return DeployAction::Status;
}

} // namespace

// ---- Add node ------------------------------------------------------------------------------

AddNodeDialog::AddNodeDialog(const std::string &sshConfigFile, QWidget *parent)
    : QDialog(parent)
    , m_configFile(sshConfigFile)
    , m_host(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_user(new QLineEdit(this))
    , m_name(new QLineEdit(this))
    , m_prefix(new QLineEdit(this))
    , m_resolved(new QLabel(this))
{
    setObjectName(QStringLiteral("addNodeDialog"));
    setWindowTitle(tr("Add node"));
    m_host->setObjectName(QStringLiteral("hostEdit"));
    m_host->setPlaceholderText(tr("address or ~/.ssh/config host alias"));
    m_port->setObjectName(QStringLiteral("portSpin"));
    m_port->setRange(0, 65535);
    //: port spin box at 0: the port comes from ~/.ssh/config (else 22)
    m_port->setSpecialValueText(tr("from ssh config"));
    m_user->setObjectName(QStringLiteral("userEdit"));
    m_user->setPlaceholderText(tr("from ssh config, else your user name"));
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("the Kubernetes Node name (empty: the node's host name)"));
    m_prefix->setObjectName(QStringLiteral("prefixEdit"));
    m_prefix->setPlaceholderText(QString::fromStdString(DeployOptions().prefix)); // the default
    m_resolved->setObjectName(QStringLiteral("resolvedLabel"));
    m_resolved->setWordWrap(true);
    m_resolved->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->addRow(tr("Host:"), m_host);
    form->addRow(tr("Port:"), m_port);
    form->addRow(tr("User:"), m_user);
    //: the Kubernetes Node object's name
    form->addRow(tr("Node name:"), m_name);
    form->addRow(tr("Install prefix:"), m_prefix);
    form->addRow(tr("Connects to:"), m_resolved);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(m_host, &QLineEdit::textChanged, this, &AddNodeDialog::updateResolved);
    connect(m_user, &QLineEdit::textChanged, this, &AddNodeDialog::updateResolved);
    connect(m_port, &QSpinBox::valueChanged, this, &AddNodeDialog::updateResolved);
    updateResolved();
}

NodeEntry AddNodeDialog::entry() const
{
    NodeEntry e;
    e.host = m_host->text().trimmed();
    e.port = m_port->value();
    e.user = m_user->text().trimmed();
    e.name = m_name->text().trimmed();
    e.prefix = m_prefix->text().trimmed();
    return e;
}

QString AddNodeDialog::resolvedText() const
{
    return m_resolved->text();
}

void AddNodeDialog::updateResolved()
{
    const NodeEntry e = entry();
    bool ok = false;
    if (e.host.isEmpty()) {
        m_resolved->setText(tr("Enter a host."));
    } else if (e.host.contains(QLatin1Char(' ')) || e.host.contains(QLatin1Char('@'))) {
        m_resolved->setText(
            tr("A host name must not contain spaces or '@' (the user has its own field)."));
    } else {
        auto r = resolveSshTarget(e.target(), m_configFile);
        if (!r) {
            m_resolved->setText(QString::fromStdString(r.error().message));
        } else {
            //: %1: user, %2: host name after ~/.ssh/config, %3: port
            m_resolved->setText(
                tr("%1@%2 port %3")
                    .arg(QString::fromStdString(r->user), QString::fromStdString(r->host))
                    .arg(r->port));
            ok = true;
        }
    }
    if (m_ok)
        m_ok->setEnabled(ok);
}

// ---- the panel -----------------------------------------------------------------------------

// One operation on some nodes: what the worker needs (copied, so the GUI may change its
// settings meanwhile) and what it found.
struct NodesPanel::Job
{
    Action action = Action::Status;
    std::vector<QString> keys; // the rows' user@host:port, found again when results arrive
    ParallelDeployRequest request;
    std::vector<DeployOptions> options; // per node
    std::string bundleDir;
    std::string bundleError; // Deploy: the bundle could not be loaded
    AgentBundle bundle;
    std::vector<HostDeployResult> results;
    std::vector<std::string> logs; // Logs: per node
};

NodesPanel::NodesPanel(QWidget *parent)
    : QDockWidget(parent)
    , m_model(new NodeTableModel(this))
    , m_prompts(nullptr)
    , m_table(new QTableView)
    , m_toolbar(new QToolBar)
    , m_status(new QLabel)
    , m_bundle(new QLineEdit)
    , m_keyFile(new QLineEdit)
    , m_useAgent(new QCheckBox)
    , m_apiserverUrl(new QLineEdit)
    , m_bundleLabel(new QLabel)
    , m_keyLabel(new QLabel)
    , m_apiLabel(new QLabel)
{
    setObjectName(QStringLiteral("nodesDock"));
    auto *body = new QWidget(this);
    m_prompts = new NodePrompts(body);
    m_table->setObjectName(QStringLiteral("nodeTable"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new ProgressDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_status->setObjectName(QStringLiteral("nodesStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_bundle->setObjectName(QStringLiteral("bundleEdit"));
    m_bundle->setText(defaultBundleDir());
    m_keyFile->setObjectName(QStringLiteral("keyFileEdit"));
    m_useAgent->setObjectName(QStringLiteral("useAgentCheck"));
    m_useAgent->setChecked(true);
    m_apiserverUrl->setObjectName(QStringLiteral("apiserverEdit"));

    auto act = [this](const char *name, auto slot) {
        auto *a = m_toolbar->addAction(QString());
        a->setObjectName(QLatin1String(name));
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    m_addAct = act("addNodeAction", [this] { addNodeDialog(); });
    m_importAct = act("importNodesAction", [this] { importFromCluster(); });
    m_removeAct = act("removeNodesAction", [this] {
        if (!m_busy)
            m_model->removeNodes(selectedRows());
    });
    m_toolbar->addSeparator();
    m_deployAct = act("deployAction", [this] { run(Action::Deploy); });
    m_restartAct = act("restartAction", [this] { run(Action::Restart); });
    m_statusAct = act("statusAction", [this] { run(Action::Status); });
    m_logsAct = act("logsAction", [this] { run(Action::Logs); });
    m_uninstallAct = act("uninstallAction", [this] { run(Action::Uninstall); });

    auto *settings = new QFormLayout;
    settings->addRow(m_bundleLabel, m_bundle);
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_keyFile, 1);
    keyRow->addWidget(m_useAgent);
    settings->addRow(m_keyLabel, keyRow);
    settings->addRow(m_apiLabel, m_apiserverUrl);

    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_table, 1);
    layout->addLayout(settings);
    layout->addWidget(m_status);
    setWidget(body);

    connect(m_table->selectionModel(),
            &QItemSelectionModel::selectionChanged,
            this,
            &NodesPanel::updateActions);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &NodesPanel::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &NodesPanel::updateActions);
    connect(&m_watcher, &QFutureWatcher<void>::finished, this, &NodesPanel::finishJob);
    retranslateUi();
    updateActions();
}

NodesPanel::~NodesPanel()
{
    // A worker may be waiting for an answer from the GUI thread: refuse every question,
    // skip the nodes not started yet, and let queued calls run (they do nothing now) until
    // the worker is done (each SSH step has its own timeout).
    m_closing = true;
    m_prompts->close();
    m_cancel = true;
    while (m_watcher.isRunning())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
}

QString NodesPanel::defaultBundleDir()
{
    const QByteArray env = qgetenv("STUDIO_AGENT_BUNDLE");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env);
    // Installed next to the app (share/service-studio/agent-bundle), or a build tree's.
    const QString app = QCoreApplication::applicationDirPath();
    for (const QString &candidate : {app + QStringLiteral("/../share/service-studio/agent-bundle"),
                                     app + QStringLiteral("/../agent/bundle")}) {
        if (QFileInfo::exists(candidate + QStringLiteral("/SHA256SUMS")))
            return QDir::cleanPath(candidate);
    }
    return {};
}

void NodesPanel::setBackend(ClusterBackend *backend)
{
    m_backend = backend;
    updateActions();
}

void NodesPanel::setSshOptions(const SshOptions &options)
{
    m_ssh = options;
}

void NodesPanel::setBundleDir(const QString &dir)
{
    m_bundle->setText(dir);
}

QString NodesPanel::bundleDir() const
{
    return m_bundle->text().trimmed();
}

void NodesPanel::setIdentityFile(const QString &path)
{
    m_keyFile->setText(path);
}

void NodesPanel::setUseSshAgent(bool use)
{
    m_useAgent->setChecked(use);
}

std::vector<int> NodesPanel::selectedRows() const
{
    std::vector<int> rows;
    for (const QModelIndex &i : m_table->selectionModel()->selectedRows())
        rows.push_back(i.row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

void NodesPanel::selectRows(const std::vector<int> &rows)
{
    m_table->clearSelection();
    QItemSelection sel;
    for (int r : rows)
        if (r >= 0 && r < m_model->rowCount())
            sel.select(m_model->index(r, 0), m_model->index(r, NodeTableModel::ColumnCount - 1));
    m_table->selectionModel()->select(sel, QItemSelectionModel::Select);
}

QString NodesPanel::statusText() const
{
    return m_status->text();
}

void NodesPanel::setStatus(const QString &text)
{
    m_status->setText(text);
}

void NodesPanel::updateActions()
{
    const bool any = !selectedRows().empty();
    for (QAction *a :
         {m_deployAct, m_restartAct, m_statusAct, m_logsAct, m_uninstallAct, m_removeAct})
        a->setEnabled(any && !m_busy);
    m_addAct->setEnabled(true);
    m_importAct->setEnabled(m_backend && !m_busy);
}

void NodesPanel::changeEvent(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QDockWidget::changeEvent(e);
}

void NodesPanel::retranslateUi()
{
    //: dock title: the cluster nodes the agent runs on
    setWindowTitle(tr("Nodes"));
    m_addAct->setText(tr("Add…"));
    m_addAct->setToolTip(tr("Add a node reached over SSH"));
    m_importAct->setText(tr("Import"));
    m_importAct->setToolTip(tr("Import the cluster's nodes (their InternalIP)"));
    m_removeAct->setText(tr("Remove"));
    m_removeAct->setToolTip(
        tr("Remove the selected nodes from this list (nothing changes on them)"));
    //: deploys service-agent, or upgrades it in place
    m_deployAct->setText(tr("Deploy / Upgrade"));
    m_restartAct->setText(tr("Restart"));
    m_statusAct->setText(tr("Status"));
    m_logsAct->setText(tr("Logs"));
    m_uninstallAct->setText(tr("Uninstall"));
    m_uninstallAct->setToolTip(
        tr("Stop the agent, remove its rules (service-agent --cleanup) and its files"));
    m_bundleLabel->setText(tr("Agent bundle:"));
    m_keyLabel->setText(tr("Key file:"));
    m_keyFile->setPlaceholderText(tr("empty: IdentityFile from ~/.ssh/config, then ~/.ssh/id_*"));
    m_useAgent->setText(tr("Use ssh-agent"));
    //: the apiserver URL the agents on the nodes use
    m_apiLabel->setText(tr("Apiserver for agents:"));
    m_apiserverUrl->setPlaceholderText(tr("empty: the address this app uses"));
}

void NodesPanel::addNodeDialog()
{
    AddNodeDialog dialog(m_ssh.configFile, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const NodeEntry e = dialog.entry();
    if (!m_model->addNode(e))
        //: %1: user@host:port
        setStatus(tr("%1 is in the list already.").arg(e.key()));
}

void NodesPanel::importFromCluster()
{
    if (!m_backend) {
        setStatus(tr("Not connected to a cluster."));
        return;
    }
    setStatus(tr("Reading the cluster's nodes…"));
    QPointer<NodesPanel> self(this);
    m_backend->list(ResourceKind::Node, std::string(), [self](ApiResult<ObjectList> r) {
        if (!self || self->m_closing)
            return;
        if (!r) {
            //: %1: the apiserver's error
            self->setStatus(
                tr("Cannot read the nodes: %1").arg(QString::fromStdString(r.error().toString())));
            return;
        }
        int added = 0, without = 0;
        for (const KubeObject &o : r->items) {
            const auto *node = std::get_if<KubeNode>(&o);
            if (!node)
                continue;
            std::string ip;
            for (const NodeAddress &a : node->addresses)
                if (a.type == "InternalIP" && ip.empty())
                    ip = a.address;
            if (ip.empty()) {
                ++without;
                continue;
            }
            NodeEntry e;
            e.name = QString::fromStdString(node->metadata.name);
            e.host = QString::fromStdString(ip);
            if (self->m_model->addNode(e))
                ++added;
        }
        QString text = tr("Imported %n node(s).", nullptr, added);
        if (without > 0)
            text += QLatin1Char(' ')
                    + tr("%n node(s) without an InternalIP were skipped.", nullptr, without);
        self->setStatus(text);
        Q_EMIT self->imported(added);
    });
}

DeployOptions NodesPanel::optionsFor(const NodeEntry &node) const
{
    DeployOptions d = m_deployDefaults;
    if (!node.prefix.isEmpty())
        d.prefix = node.prefix.toStdString();
    if (!node.name.isEmpty())
        d.hostnameOverride = node.name.toStdString();
    return d;
}

SshAuth NodesPanel::auth() const
{
    SshAuth a;
    a.useAgent = m_useAgent->isChecked();
    const QString key = m_keyFile->text().trimmed();
    if (!key.isEmpty())
        a.identityFiles = {QDir::fromNativeSeparators(key).toStdString()};
    a.passphrase = m_prompts->secretAsker(NodePrompts::Secret::Passphrase);
    a.passwordPrompt = m_prompts->secretAsker(NodePrompts::Secret::Password);
    a.sudoPasswordPrompt = m_prompts->secretAsker(NodePrompts::Secret::SudoPassword);
    return a;
}

bool NodesPanel::run(Action action, std::vector<int> rows)
{
    if (m_busy) {
        setStatus(tr("Another operation is running."));
        return false;
    }
    if (rows.empty())
        rows = selectedRows();
    std::erase_if(rows, [this](int r) { return r < 0 || r >= m_model->rowCount(); });
    if (rows.empty()) {
        setStatus(tr("Select one or more nodes first."));
        return false;
    }
    if (action == Action::Deploy && bundleDir().isEmpty()) {
        setStatus(tr("Choose the agent bundle first (a directory with SHA256SUMS)."));
        return false;
    }
    // A first install needs the agent's credentials: given, or made in the connected cluster.
    if (action == Action::Deploy && !m_connection
        && qobject_cast<ApiServerBackend *>(m_backend.data())) {
        startDeployWithIdentity(std::move(rows));
        return true;
    }
    startJob(action, std::move(rows), m_connection);
    return true;
}

void NodesPanel::startDeployWithIdentity(std::vector<int> rows)
{
    auto *backend = qobject_cast<ApiServerBackend *>(m_backend.data());
    m_busy = true;
    updateActions();
    setStatus(tr("Creating the agent's identity in the cluster…"));
    std::vector<QString> keys;
    for (int r : rows)
        keys.push_back(m_model->node(r).key());
    const std::string server = m_apiserverUrl->text().trimmed().isEmpty()
                                   ? backend->client().server()
                                   : m_apiserverUrl->text().trimmed().toStdString();
    QPointer<NodesPanel> self(this);
    ensureAgentIdentity(backend->client(), {}, [self, keys, server](Result<AgentCredentials> r) {
        if (!self || self->m_closing)
            return;
        self->m_busy = false;
        if (!r) {
            self->updateActions();
            //: %1: the apiserver's error
            self->setStatus(tr("Cannot create the agent's identity: %1")
                                .arg(QString::fromStdString(r.error().message)));
            return;
        }
        AgentConnection c;
        c.server = server;
        c.token = r->token;
        c.caPem = r->caPem;
        std::vector<int> found;
        for (const QString &k : keys)
            if (int row = self->m_model->findNode(k); row >= 0)
                found.push_back(row);
        self->startJob(Action::Deploy, found, c);
    });
}

void NodesPanel::startJob(Action action,
                          std::vector<int> rows,
                          std::optional<AgentConnection> connection)
{
    auto job = std::make_shared<Job>();
    job->action = action;
    job->bundleDir = bundleDir().toStdString();
    ParallelDeployRequest &req = job->request;
    req.ssh = m_ssh;
    req.ssh.confirmUnknownHost = m_prompts->hostConfirmer();
    req.auth = auth();
    req.action = deployActionOf(action);
    req.parallel = 4;
    req.cancel = &m_cancel;
    for (int r : rows) {
        const NodeEntry &n = m_model->node(r);
        job->keys.push_back(n.key());
        req.targets.push_back(n.target());
        DeployOptions d = optionsFor(n);
        if (action == Action::Deploy)
            d.connection = connection;
        job->options.push_back(d);
        m_model->setProgress(r, 0, QString::fromLatin1(deployStageName(DeployStage::Connect)));
    }
    req.deploy = job->options.front();
    req.deployFor = [options = job->options](size_t i, const SshTarget &) { return options.at(i); };
    m_cancel = false;
    m_busy = true;
    m_job = job;
    updateActions();
    //: %n: number of nodes
    setStatus(tr("Working on %n node(s)…", nullptr, int(rows.size())));

    QPointer<NodesPanel> self(this);
    // Worker threads report progress; it is applied on the GUI thread (by key: rows may move).
    auto progress = [self, keys = job->keys](size_t i, const SshTarget &, const DeployProgress &p) {
        const QString key = keys.at(i);
        const int percent = p.percent;
        const QString stage = QString::fromLatin1(deployStageName(p.stage));
        QMetaObject::invokeMethod(
            self.data(),
            [self, key, percent, stage] {
                if (!self || self->m_closing || !self->m_busy)
                    return;
                if (int row = self->m_model->findNode(key); row >= 0)
                    self->m_model->setProgress(row, std::min(percent, 99), stage);
            },
            Qt::QueuedConnection);
    };
    m_watcher.setFuture(QtConcurrent::run([job, progress] {
        if (job->action == Action::Deploy) {
            auto b = loadAgentBundle(job->bundleDir);
            if (!b) {
                job->bundleError = b.error().message;
                return;
            }
            job->bundle = b.value();
            job->request.bundle = &job->bundle;
        }
        if (job->action != Action::Logs) {
            job->results = deployToHosts(job->request, progress);
            return;
        }
        // Logs: one node after the other (the output is shown in the order of the rows).
        const ParallelDeployRequest &r = job->request;
        job->results.resize(r.targets.size());
        job->logs.resize(r.targets.size());
        for (size_t i = 0; i < r.targets.size(); ++i) {
            HostDeployResult &out = job->results[i];
            out.target = r.targets[i];
            if (r.cancel->load())
                continue;
            progress(i, out.target, {DeployStage::Connect, 10, {}});
            auto s = SshSession::connect(out.target, r.ssh, r.auth);
            if (!s) {
                out.result = s.error();
                continue;
            }
            AgentDeployer d(**s, job->options[i]);
            auto logs = d.logs(200);
            if (!logs) {
                out.result = logs.error();
                continue;
            }
            job->logs[i] = logs.value();
            out.result = d.status();
        }
    }));
}

void NodesPanel::finishJob()
{
    std::shared_ptr<Job> job = std::move(m_job);
    m_busy = false;
    if (m_closing || !job) {
        return;
    }
    int failed = 0;
    QString logs;
    for (size_t i = 0; i < job->keys.size(); ++i) {
        const int row = m_model->findNode(job->keys[i]);
        if (!job->bundleError.empty()) {
            if (row >= 0)
                m_model->setError(row,
                                  QStringLiteral("bundle-invalid"),
                                  QString::fromStdString(job->bundleError));
            ++failed;
            continue;
        }
        if (i >= job->results.size())
            continue;
        const HostDeployResult &r = job->results[i];
        if (!r.result.ok()) {
            ++failed;
            if (row >= 0)
                m_model->setError(row,
                                  QString::fromStdString(r.result.error().code),
                                  QString::fromStdString(r.result.error().message));
        } else if (row >= 0) {
            m_model->setStatus(row, r.result.value());
        }
        if (job->action == Action::Logs) {
            //: header above one node's log lines; %1: user@host:port
            logs += tr("==== %1 ====").arg(job->keys[i]) + QLatin1Char('\n');
            logs += r.result.ok() && i < job->logs.size()
                        ? QString::fromStdString(job->logs[i])
                        : QString::fromStdString(r.result.error().message) + QLatin1Char('\n');
        }
    }
    if (!job->bundleError.empty())
        //: %1: why the bundle directory is not usable
        setStatus(tr("The agent bundle cannot be used: %1")
                      .arg(QString::fromStdString(job->bundleError)));
    else if (failed == 0)
        setStatus(tr("Done on %n node(s).", nullptr, int(job->keys.size())));
    else
        //: %n: nodes that failed; the details are in the rows' tool tips
        setStatus(tr("Failed on %n node(s); hover over a row for the reason.", nullptr, failed));
    if (job->action == Action::Logs)
        showLogs(logs);
    updateActions();
    Q_EMIT operationFinished();
}

void NodesPanel::showLogs(const QString &text)
{
    m_lastLogs = text;
    auto *dialog = findChild<QDialog *>(QStringLiteral("agentLogsDialog"));
    QPlainTextEdit *view = nullptr;
    if (!dialog) {
        dialog = new QDialog(this);
        dialog->setObjectName(QStringLiteral("agentLogsDialog"));
        view = new QPlainTextEdit(dialog);
        view->setObjectName(QStringLiteral("agentLogsView"));
        view->setReadOnly(true);
        view->setLineWrapMode(QPlainTextEdit::NoWrap);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
        connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::hide);
        auto *layout = new QVBoxLayout(dialog);
        layout->addWidget(view);
        layout->addWidget(buttons);
        dialog->resize(800, 500);
    } else {
        view = dialog->findChild<QPlainTextEdit *>(QStringLiteral("agentLogsView"));
    }
    dialog->setWindowTitle(tr("Agent logs"));
    view->setPlainText(text);
    dialog->show();
    dialog->raise();
}

} // namespace studio::views
