// SPDX-License-Identifier: GPL-3.0-or-later
#include "service_list_model.h"

#include <QDateTime>

namespace studio::views {

namespace {
template<typename T>
std::pair<std::string, std::string> keyOf(const T &o)
{
    return {o.metadata.namespace_, o.metadata.name};
}
} // namespace

ServiceListModel::ServiceListModel(QObject *parent) : QAbstractTableModel(parent) {}

ServiceListModel::~ServiceListModel() = default;

void ServiceListModel::setBackend(ClusterBackend *backend, const std::string &namespace_)
{
    m_serviceWatch.reset();
    m_endpointsWatch.reset();
    beginResetModel();
    m_backend = backend;
    m_services.clear();
    m_endpoints.clear();
    m_rows.clear();
    endResetModel();
    if (!backend)
        return;
    // An empty resourceVersion: the current objects arrive as Added events, then the changes.
    m_serviceWatch = backend->watch(ResourceKind::Service, namespace_, {},
                                    [this](const WatchEvent &e) { onServiceEvent(e); });
    m_endpointsWatch = backend->watch(ResourceKind::Endpoints, namespace_, {},
                                      [this](const WatchEvent &e) { onEndpointsEvent(e); });
}

void ServiceListModel::onServiceEvent(const WatchEvent &e)
{
    if (e.type == WatchEvent::Type::Error) {
        Q_EMIT loadFailed(QString::fromStdString(e.error.toString()));
        return;
    }
    const Service *s = std::get_if<Service>(&e.object);
    if (!s)
        return;
    const Key k = keyOf(*s);
    if (e.type == WatchEvent::Type::Deleted) {
        auto it = std::lower_bound(m_rows.begin(), m_rows.end(), k);
        if (it != m_rows.end() && *it == k) {
            const int row = int(it - m_rows.begin());
            beginRemoveRows({}, row, row);
            m_rows.erase(it);
            m_services.erase(k);
            endRemoveRows();
        }
        return;
    }
    auto it = std::lower_bound(m_rows.begin(), m_rows.end(), k);
    const int row = int(it - m_rows.begin());
    if (it != m_rows.end() && *it == k) {
        m_services[k] = *s;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    beginInsertRows({}, row, row);
    m_rows.insert(it, k);
    m_services[k] = *s;
    endInsertRows();
}

void ServiceListModel::onEndpointsEvent(const WatchEvent &e)
{
    const Endpoints *ep = std::get_if<Endpoints>(&e.object);
    if (!ep)
        return;
    const Key k = keyOf(*ep);
    if (e.type == WatchEvent::Type::Deleted)
        m_endpoints.erase(k);
    else
        m_endpoints[k] = *ep;
    auto it = std::lower_bound(m_rows.begin(), m_rows.end(), k);
    if (it != m_rows.end() && *it == k) {
        const int row = int(it - m_rows.begin());
        Q_EMIT dataChanged(index(row, EndpointsColumn), index(row, EndpointsColumn));
    }
}

const Service *ServiceListModel::serviceAt(int row) const
{
    if (row < 0 || row >= int(m_rows.size()))
        return nullptr;
    auto it = m_services.find(m_rows[size_t(row)]);
    return it == m_services.end() ? nullptr : &it->second;
}

int ServiceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ServiceListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ServiceListModel::portsText(const Service &s)
{
    QStringList parts;
    for (const ServicePort &p : s.spec.ports) {
        QString t = QString::number(p.port);
        if (p.nodePort)
            t += QLatin1Char(':') + QString::number(p.nodePort);
        t += QLatin1Char('/')
             + (p.protocol.empty() ? QStringLiteral("TCP") : QString::fromStdString(p.protocol));
        parts << t;
    }
    return parts.join(QLatin1Char(','));
}

std::pair<int, int> ServiceListModel::endpointCounts(const Endpoints *e)
{
    if (!e)
        return {0, 0};
    int ready = 0, total = 0;
    for (const auto &s : e->subsets) {
        ready += int(s.addresses.size());
        total += int(s.addresses.size() + s.notReadyAddresses.size());
    }
    return {ready, total};
}

QVariant ServiceListModel::data(const QModelIndex &index, int role) const
{
    const Service *s = serviceAt(index.row());
    if (!s || (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != Qt::UserRole))
        return {};
    switch (index.column()) {
    case NameColumn: return QString::fromStdString(s->metadata.name);
    case NamespaceColumn: return QString::fromStdString(s->metadata.namespace_);
    case TypeColumn: return QString::fromStdString(s->effectiveType());
    case ClusterIpColumn:
        if (s->effectiveType() == service_type::ExternalName)
            return QString::fromStdString(s->spec.externalName);
        return QString::fromStdString(s->spec.clusterIP);
    case ExternalIpColumn: {
        QStringList ips;
        for (const auto &ip : s->spec.externalIPs)
            ips << QString::fromStdString(ip);
        for (const auto &ing : s->status.loadBalancerIngress)
            ips << QString::fromStdString(ing.ip.empty() ? ing.hostname : ing.ip);
        if (ips.isEmpty())
            //: kubectl prints <none> or <pending>; shown when a service has no external IP
            return s->effectiveType() == service_type::LoadBalancer ? tr("<pending>")
                                                                      : tr("<none>");
        return ips.join(QLatin1Char(','));
    }
    case PortsColumn: return portsText(*s);
    case EndpointsColumn: {
        auto it = m_endpoints.find(keyOf(*s));
        const auto [ready, total] = endpointCounts(it == m_endpoints.end() ? nullptr : &it->second);
        if (role == Qt::UserRole)
            return ready;
        //: ready endpoints / all endpoints of a service, e.g. "2/3"
        return tr("%1/%2").arg(ready).arg(total);
    }
    case AgeColumn: {
        const QDateTime created = QDateTime::fromString(
            QString::fromStdString(s->metadata.creationTimestamp), Qt::ISODate);
        if (!created.isValid())
            return QString();
        const qint64 secs = created.secsTo(QDateTime::currentDateTimeUtc());
        if (role == Qt::UserRole)
            return secs;
        if (secs < 120)
            return tr("%1s").arg(secs);
        if (secs < 7200)
            return tr("%1m").arg(secs / 60);
        if (secs < 172800)
            return tr("%1h").arg(secs / 3600);
        return tr("%1d").arg(secs / 86400);
    }
    default: return {};
    }
}

QVariant ServiceListModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case NamespaceColumn: return tr("Namespace");
    case TypeColumn: return tr("Type");
    case ClusterIpColumn: return tr("Cluster IP");
    case ExternalIpColumn: return tr("External IP");
    case PortsColumn: return tr("Ports");
    case EndpointsColumn: return tr("Endpoints");
    case AgeColumn: return tr("Age");
    default: return {};
    }
}

} // namespace studio::views
