// SPDX-License-Identifier: GPL-3.0-or-later
#include "discovery_panel.h"

#include "cluster/cluster_snapshot.h"
#include "discovery/dns_records.h"
#include "discovery/service_env.h"
#include "snapshot_watcher.h"
#include "view_export.h"

#include <QAction>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace studio::views {

namespace {
QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}
} // namespace

DiscoveryPanel::DiscoveryPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("discoveryPanel"));
    m_bar = new QToolBar(this);
    m_export = m_bar->addAction(QString(), this, [this] {
        const QString path = askExportFileName(this, QStringLiteral("discovery"));
        if (!path.isEmpty())
            exportTo(path);
    });
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    auto makeTree = [&](int columns) {
        auto *t = new QTreeWidget(this);
        t->setColumnCount(columns);
        t->setRootIsDecorated(false);
        t->setUniformRowHeights(true);
        t->setFont(mono);
        t->header()->setStretchLastSection(true);
        return t;
    };
    m_envTitle = new QLabel(this);
    m_envNote = new QLabel(this);
    m_envNote->setWordWrap(true);
    m_env = makeTree(2);
    m_env->setObjectName(QStringLiteral("discoveryEnv"));
    m_dnsTitle = new QLabel(this);
    m_dnsNote = new QLabel(this);
    m_dnsNote->setWordWrap(true);
    m_dns = makeTree(4);
    m_dns->setObjectName(QStringLiteral("discoveryDns"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_bar);
    auto *body = new QVBoxLayout;
    body->setContentsMargins(8, 4, 8, 8);
    body->addWidget(m_envTitle);
    body->addWidget(m_envNote);
    body->addWidget(m_env, 1);
    body->addWidget(m_dnsTitle);
    body->addWidget(m_dnsNote);
    body->addWidget(m_dns, 1);
    layout->addLayout(body);
    retranslateUi();
    refresh();
}

DiscoveryPanel::~DiscoveryPanel() = default;

void DiscoveryPanel::setWatcher(SnapshotWatcher *watcher)
{
    followSnapshots(this, m_watcher, watcher, [this](const ClusterSnapshot &s) { setSnapshot(s); });
}

void DiscoveryPanel::setService(const ObjectKey &service)
{
    m_service = service;
    refresh();
}

void DiscoveryPanel::setSnapshot(const ClusterSnapshot &snapshot)
{
    m_snapshot = std::make_unique<ClusterSnapshot>(snapshot);
    refresh();
}

QString DiscoveryPanel::environmentNote() const
{
    return m_envNote->text();
}

void DiscoveryPanel::refresh()
{
    m_env->clear();
    m_dns->clear();
    const Service *svc = m_snapshot && !m_service.name.empty()
                             ? m_snapshot->service(m_service.namespace_, m_service.name)
                             : nullptr;
    if (!svc) {
        m_envNote->setText(tr("Select a service."));
        m_dnsNote->clear();
        return;
    }
    // Environment: envvars.FromServices for this one service.
    const std::vector<EnvVar> vars = envVarsFromServices({svc});
    for (const EnvVar &v : vars)
        new QTreeWidgetItem(m_env, {qs(v.name), qs(v.value)});
    if (vars.empty()) {
        m_envNote->setText(svc->effectiveType() == service_type::ExternalName
                               ? tr("An ExternalName service gives pods no environment variables.")
                               : tr("A headless service (no cluster IP) gives pods no environment variables."));
    } else {
        QStringList older;
        for (const Pod *p : m_snapshot->pods(m_service.namespace_))
            if (!serviceCreatedBeforePod(*svc, *p))
                older << qs(p->metadata.name);
        QString note = tr("Containers of pods in %1 started after the service was created get these variables.")
                           .arg(qs(m_service.namespace_));
        if (!older.isEmpty()) {
            const int shown = std::min<int>(int(older.size()), 8);
            QString list = QStringList(older.mid(0, shown)).join(QStringLiteral(", "));
            if (older.size() > shown)
                list += QStringLiteral(", …");
            note += QLatin1Char(' ')
                    + tr("%n pod(s) started before it and lack them until restarted: %1", nullptr, int(older.size()))
                          .arg(list);
        }
        m_envNote->setText(note);
    }
    // DNS records for this service.
    DnsSettings dns;
    dns.clusterDomain = m_snapshot->settings().clusterDomain;
    const Endpoints *eps = m_snapshot->endpoints(m_service.namespace_, m_service.name);
    const std::vector<DnsRecord> records = serviceDnsRecords(*svc, eps, dns);
    for (const DnsRecord &r : records) {
        QString rdata = qs(r.data);
        if (r.type == DnsRecord::Type::SRV)
            rdata = QStringLiteral("%1 %2 %3 %4").arg(r.priority).arg(r.weight).arg(r.port).arg(rdata);
        new QTreeWidgetItem(m_dns, {qs(r.name), QString::fromLatin1(dnsTypeName(r.type)), QString::number(r.ttl), rdata});
    }
    const QString fqdn = qs(serviceFqdn(m_service.name, m_service.namespace_, dns.clusterDomain));
    if (records.empty())
        m_dnsNote->setText(tr("No records: a headless service without ready endpoints answers NXDOMAIN for %1.").arg(fqdn));
    else
        m_dnsNote->setText(tr("Pods in %1 can use \"%2\"; pods in other namespaces \"%2.%1\" or the full name %3.")
                               .arg(qs(m_service.namespace_), qs(m_service.name), fqdn));
    for (QTreeWidget *t : {m_env, m_dns})
        t->resizeColumnToContents(0);
}

bool DiscoveryPanel::exportTo(const QString &path)
{
    return exportWidget(this, path, tr("Discovery of %1").arg(qs(m_service.toString())));
}

void DiscoveryPanel::changeEvent(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange) {
        retranslateUi();
        refresh();
    }
    QWidget::changeEvent(e);
}

void DiscoveryPanel::retranslateUi()
{
    m_export->setText(tr("Export…"));
    m_envTitle->setText(QStringLiteral("<b>%1</b>").arg(tr("Environment variables")));
    m_dnsTitle->setText(QStringLiteral("<b>%1</b>").arg(tr("DNS records")));
    m_env->setHeaderLabels({tr("Variable"), tr("Value")});
    m_dns->setHeaderLabels({tr("Name"), tr("Type"), tr("TTL"), tr("Data")});
}

} // namespace studio::views
