// SPDX-License-Identifier: GPL-3.0-or-later
#include "cluster_switcher.h"

#include "apiserver/apiserver_backend.h"
#include "cluster/cluster_backend.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace studio::views {

ClusterSwitcher::ClusterSwitcher(ClusterBackend *sandbox, QWidget *parent)
    : QWidget(parent)
    , m_sandbox(sandbox)
    , m_clusterLabel(new QLabel(this))
    , m_contexts(new QComboBox(this))
    , m_nsLabel(new QLabel(this))
    , m_namespaces(new QComboBox(this))
    , m_reload(new QToolButton(this))
{
    setObjectName(QStringLiteral("clusterSwitcher"));
    auto *l = new QHBoxLayout(this);
    l->setContentsMargins(4, 0, 4, 0);
    l->addWidget(m_clusterLabel);
    l->addWidget(m_contexts);
    l->addSpacing(8);
    l->addWidget(m_nsLabel);
    l->addWidget(m_namespaces);
    l->addWidget(m_reload);
    m_contexts->setObjectName(QStringLiteral("contextBox"));
    m_namespaces->setObjectName(QStringLiteral("namespaceBox"));
    m_contexts->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_namespaces->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_namespaces->setMinimumContentsLength(12);
    m_reload->setText(QString(QChar(0x21bb)));
    connect(m_contexts, &QComboBox::activated, this, [this](int i) {
        const QString ctx = m_contexts->itemData(i).toString();
        if (!selectContext(ctx)) {
            const QSignalBlocker b(m_contexts);
            m_contexts->setCurrentIndex(qMax(0, m_contexts->findData(m_context)));
        }
    });
    connect(m_namespaces, &QComboBox::activated, this,
            [this](int i) { selectNamespace(m_namespaces->itemData(i).toString()); });
    connect(m_reload, &QToolButton::clicked, this, [this] {
        reloadContexts();
        refreshNamespaces();
    });
    retranslateUi();
    refreshNamespaces();
}

ClusterSwitcher::~ClusterSwitcher() = default;

void ClusterSwitcher::retranslateUi()
{
    m_clusterLabel->setText(tr("Cluster:"));
    m_nsLabel->setText(tr("Namespace:"));
    m_reload->setToolTip(tr("Reload the kubeconfig and the namespaces"));
    fillContexts();
    fillNamespaces(m_namespaceList);
}

void ClusterSwitcher::changeEvent(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(e);
}

void ClusterSwitcher::setKubeconfigOptions(const KubeconfigLoadOptions &options)
{
    m_load = options;
    reloadContexts();
}

void ClusterSwitcher::reloadContexts()
{
    auto kc = loadKubeconfig(m_load);
    if (kc) {
        m_kubeconfig = std::move(kc).value();
    } else {
        m_kubeconfig = Kubeconfig{};
        // No kubeconfig at all is normal (the sandbox is always there); a broken one is not.
        if (kc.error().code != "kubeconfig-empty")
            Q_EMIT error(tr("The kubeconfig cannot be read: %1")
                             .arg(QString::fromStdString(kc.error().toString())));
    }
    fillContexts();
}

QStringList ClusterSwitcher::contexts() const
{
    QStringList out;
    for (const KubeconfigContext &c : m_kubeconfig.contexts)
        out << QString::fromStdString(c.name);
    return out;
}

void ClusterSwitcher::fillContexts()
{
    const QSignalBlocker b(m_contexts);
    m_contexts->clear();
    //: The built-in, in-process cluster the app opens on
    m_contexts->addItem(tr("Sandbox"), QString());
    for (const KubeconfigContext &c : m_kubeconfig.contexts) {
        const QString name = QString::fromStdString(c.name);
        m_contexts->addItem(name, name);
        const KubeconfigCluster *cl = m_kubeconfig.cluster(c.cluster);
        m_contexts->setItemData(m_contexts->count() - 1,
                                tr("context %1: cluster %2 (%3), user %4")
                                    .arg(name, QString::fromStdString(c.cluster),
                                         cl ? QString::fromStdString(stripUserInfo(cl->server))
                                            : tr("not defined"),
                                         QString::fromStdString(c.user)),
                                Qt::ToolTipRole);
    }
    m_contexts->setCurrentIndex(qMax(0, m_contexts->findData(m_context)));
}

ClusterBackend *ClusterSwitcher::backend() const
{
    return m_remote ? m_remote.get() : m_sandbox;
}

bool ClusterSwitcher::selectContext(const QString &context)
{
    if (context == m_context && (context.isEmpty() || m_remote))
        return true;
    std::unique_ptr<ClusterBackend> next;
    if (!context.isEmpty()) {
        auto b = ApiServerBackend::fromKubeconfig(m_load, context.toStdString());
        if (!b) {
            Q_EMIT error(tr("Cannot use context %1: %2")
                             .arg(context, QString::fromStdString(b.error().toString())));
            return false;
        }
        for (const std::string &w : (*b)->client().warnings()) {
            if (w == "insecure-skip-tls-verify")
                Q_EMIT warning(tr("Context %1 skips TLS verification (insecure-skip-tls-verify): "
                                  "the server's identity is not checked.").arg(context));
            else if (w == "plain-http")
                Q_EMIT warning(tr("Context %1 talks plain HTTP: credentials travel "
                                  "unencrypted.").arg(context));
        }
        next = std::move(b).value();
        if (m_namespace.isEmpty() || !m_namespaceList.contains(m_namespace))
            m_namespace.clear();
    }
    std::unique_ptr<ClusterBackend> old = std::move(m_remote);
    m_remote = std::move(next);
    m_context = context;
    {
        const QSignalBlocker b(m_contexts);
        m_contexts->setCurrentIndex(qMax(0, m_contexts->findData(m_context)));
    }
    // Everybody lets go of the old backend before it is destroyed.
    Q_EMIT backendChanged(backend(), m_context);
    if (old)
        old.release()->deleteLater();
    refreshNamespaces();
    return true;
}

void ClusterSwitcher::selectNamespace(const QString &ns)
{
    if (ns == m_namespace)
        return;
    m_namespace = ns;
    const QSignalBlocker b(m_namespaces);
    int i = m_namespaces->findData(ns);
    if (i < 0) {
        m_namespaces->addItem(ns, ns);
        i = m_namespaces->count() - 1;
    }
    m_namespaces->setCurrentIndex(i);
    Q_EMIT namespaceChanged(ns);
}

QStringList ClusterSwitcher::namespaces() const
{
    return m_namespaceList;
}

void ClusterSwitcher::fillNamespaces(const QStringList &names)
{
    m_namespaceList = names;
    const QSignalBlocker b(m_namespaces);
    m_namespaces->clear();
    m_namespaces->addItem(tr("All namespaces"), QString());
    for (const QString &n : names)
        m_namespaces->addItem(n, n);
    int i = m_namespaces->findData(m_namespace);
    if (i < 0 && !m_namespace.isEmpty()) {
        m_namespaces->addItem(m_namespace, m_namespace);
        i = m_namespaces->count() - 1;
    }
    m_namespaces->setCurrentIndex(qMax(0, i));
}

void ClusterSwitcher::refreshNamespaces()
{
    ClusterBackend *b = backend();
    if (!b)
        return;
    const int run = ++m_listRun;
    QPointer<ClusterSwitcher> self(this);
    b->list(ResourceKind::Namespace, {}, [self, run](ApiResult<ObjectList> r) {
        if (!self || run != self->m_listRun)
            return;
        if (!r) {
            Q_EMIT self->error(tr("Cannot list the namespaces: %1")
                                   .arg(QString::fromStdString(r.error().message)));
            return;
        }
        QStringList names;
        for (const KubeObject &o : r->items)
            if (const auto *ns = std::get_if<Namespace>(&o))
                names << QString::fromStdString(ns->metadata.name);
        names.sort();
        self->fillNamespaces(names);
    });
}

} // namespace studio::views
