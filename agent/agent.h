// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// QObject first: moc (Qt 6.4) cannot parse <compare> when it comes before Qt's headers.
#include <QObject>

// The agent: source -> ClusterState/ChangeTracker -> SyncRunner -> plan (core/proxy) ->
// IptablesApplier, with /healthz, /metrics and the health check node ports.
//
// IPVS mode: the IPVS plan's virtual servers and kube-ipvs0 addresses go through the
// IpvsApplier (netlink, the differences to one dump of the kernel's table), its iptables
// part through the IptablesApplier. Without IPVS in the kernel the agent logs why and runs
// iptables mode.
//
// One sync: buildServicePorts + planIptables over the whole state (pure, in memory), then
// one iptables-restore of either everything (full) or the fixed chains plus the chains of
// the services that changed (partial). Full syncs: the first (which adopts the rules a
// previous agent left: the restore replaces them in one commit, so traffic never stops),
// after a failure, every --iptables-sync-period, and when the node's addresses change.
//
// After each successful sync one info line starting with "sync done" is logged.
//
// Threading: the thread it lives on (the main thread's event loop).

#include "agent_options.h"
#include "change_tracker.h"
#include "cluster_source.h"
#include "health_servers.h"
#include "http_server.h"
#include "iptables_applier.h"
#include "ipvs_applier.h"
#include "userspace_proxier.h"
#include "nftables_applier.h"
#include "metrics.h"
#include "process_runner.h"
#include "proxy/service_ports.h"
#include "sync_runner.h"

#include <QObject>

#include <map>
#include <memory>

namespace studio::agent {

class Agent : public QObject
{
    Q_OBJECT
public:
    explicit Agent(AgentOptions options, QObject *parent = nullptr);
    ~Agent() override;

    // Picks the backend, reads the node's rules, opens the HTTP servers and starts the
    // source. Errors: a kubeconfig that cannot be used, no iptables, a bind address in use.
    Result<void> start();

    // One sync now (the runner calls it); true on success.
    bool sync(bool full);

    const AgentMetrics &metrics() const { return m_metrics; }
    const proxy::ProxyConfig &proxyConfig() const { return m_config; }
    // The proxy mode in effect (after a fallback from ipvs: iptables).
    const std::string &mode() const { return m_mode; }

    // The node's own IPv4 addresses (every interface of this network namespace but
    // kube-ipvs0).
    static std::vector<std::string> localAddresses();

private:
    HttpResponse serveMain(const HttpRequest &request);

    AgentOptions m_options;
    proxy::ProxyConfig m_config;
    SystemProcessRunner m_processes;
    ChangeTracker m_tracker;
    ClusterState m_state;
    std::unique_ptr<IptablesApplier> m_applier;
    std::unique_ptr<NftablesApplier> m_nftApplier; // --proxy-mode nftables
    std::unique_ptr<IpvsApplier> m_ipvsApplier;    // --proxy-mode ipvs (with m_applier)
    std::unique_ptr<UserspaceProxier> m_userspace; // --proxy-mode userspace (with m_applier)
    std::string m_mode; // the mode running: ipvs falls back to iptables without IPVS
    std::unique_ptr<ClusterSource> m_source;
    std::unique_ptr<SyncRunner> m_runner;
    std::unique_ptr<HttpServer> m_healthz;
    std::unique_ptr<HttpServer> m_metricsServer;
    std::unique_ptr<HealthCheckServers> m_healthChecks;
    std::map<std::string, size_t> m_portsByService;                            // "ns/name" -> ports
    std::map<std::string, std::map<int, proxy::HealthCheck>> m_healthByService; // -> node port -> check
    AgentMetrics m_metrics;
    bool m_firstSyncLogged = false;
};

// --cleanup: removes the agent's chains and hooks from the node's backend; 0 on success.
int runCleanup(const AgentOptions &options);

} // namespace studio::agent
