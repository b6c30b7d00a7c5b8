// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// QObject first: moc (Qt 6.4) cannot parse <compare> when it comes before Qt's headers.
#include <QObject>

// One HTTP server per healthCheckNodePort of the plan (externalTrafficPolicy: Local), on all
// of the node's addresses, answering with the service's local endpoint count (kube-proxy's
// pkg/proxy/healthcheck). update() opens and closes servers as the plan changes; a port that
// cannot be opened is retried at the next update.

#include "http_server.h"
#include "proxy/iptables_plan.h"

#include <QObject>

#include <map>
#include <memory>

namespace studio::agent {

class HealthCheckServers : public QObject
{
    Q_OBJECT
public:
    explicit HealthCheckServers(std::string host = "0.0.0.0", QObject *parent = nullptr);
    ~HealthCheckServers() override;

    void update(const std::map<int, proxy::IptablesPlan::HealthCheck> &checks);
    std::vector<int> openPorts() const;

private:
    std::string m_host;
    std::shared_ptr<std::map<int, proxy::IptablesPlan::HealthCheck>> m_checks;
    std::map<int, std::unique_ptr<HttpServer>> m_servers;
};

} // namespace studio::agent
