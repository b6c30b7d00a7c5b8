// SPDX-License-Identifier: GPL-3.0-or-later
#include "health_servers.h"

#include "logger.h"
#include "metrics.h"

namespace studio::agent {

HealthCheckServers::HealthCheckServers(std::string host, QObject *parent)
    : QObject(parent)
    , m_host(std::move(host))
    , m_checks(std::make_shared<std::map<int, proxy::IptablesPlan::HealthCheck>>())
{}

HealthCheckServers::~HealthCheckServers() = default;

void HealthCheckServers::update(const std::map<int, proxy::IptablesPlan::HealthCheck> &checks)
{
    *m_checks = checks;
    for (auto it = m_servers.begin(); it != m_servers.end();) {
        if (!checks.count(it->first)) {
            logInfo("health check server on port " + std::to_string(it->first) + " closed");
            it = m_servers.erase(it);
        } else {
            ++it;
        }
    }
    for (const auto &[port, check] : checks) {
        if (m_servers.count(port) || port <= 0 || port > 65535)
            continue;
        std::weak_ptr<std::map<int, proxy::IptablesPlan::HealthCheck>> weak = m_checks;
        const int p = port;
        auto server = std::make_unique<HttpServer>([weak, p](const HttpRequest &) {
            auto map = weak.lock();
            const auto it = map ? map->find(p) : decltype(map->end()){};
            if (!map || it == map->end())
                return serviceHealthResponse("", 0);
            return serviceHealthResponse(it->second.service, it->second.localEndpoints);
        });
        if (auto ok = server->listen(BindAddress{m_host, port}); !ok) {
            logWarning("health check server for " + check.service + ": " + ok.error().message);
            continue;
        }
        logInfo("health check server for " + check.service + " on port " + std::to_string(port));
        m_servers.emplace(port, std::move(server));
    }
}

std::vector<int> HealthCheckServers::openPorts() const
{
    std::vector<int> out;
    for (const auto &[port, s] : m_servers)
        out.push_back(port);
    return out;
}

} // namespace studio::agent
