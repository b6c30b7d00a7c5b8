// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cluster/cluster_backend.h"

#include <QAbstractTableModel>

#include <map>
#include <memory>
#include <string>
#include <utility>

namespace studio::views {

// The services of a cluster as a table (name, namespace, type, cluster IP, external IPs,
// ports, endpoints ready/total, age), kept current by watching Services and Endpoints of
// any ClusterBackend. The model owns copies of the values; the backend must outlive it.
class ServiceListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, NamespaceColumn, TypeColumn, ClusterIpColumn, ExternalIpColumn,
                  PortsColumn, EndpointsColumn, AgeColumn, ColumnCount };

    explicit ServiceListModel(QObject *parent = nullptr);
    ~ServiceListModel() override;

    // Lists and watches the backend (namespace_ empty: all namespaces).
    void setBackend(ClusterBackend *backend, const std::string &namespace_ = {});
    const Service *serviceAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

    // "80/TCP,443:30443/TCP" as kubectl get svc prints the ports.
    static QString portsText(const Service &s);
    // Ready and total endpoint addresses.
    static std::pair<int, int> endpointCounts(const Endpoints *e);

Q_SIGNALS:
    void loadFailed(const QString &message);

private:
    using Key = std::pair<std::string, std::string>; // namespace, name
    void onServiceEvent(const WatchEvent &e);
    void onEndpointsEvent(const WatchEvent &e);

    ClusterBackend *m_backend = nullptr;
    std::map<Key, Service> m_services;
    std::map<Key, Endpoints> m_endpoints;
    std::vector<Key> m_rows; // sorted keys of m_services
    std::unique_ptr<WatchHandle> m_serviceWatch;
    std::unique_ptr<WatchHandle> m_endpointsWatch;
};

} // namespace studio::views
