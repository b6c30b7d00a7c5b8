// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The agent's Prometheus metrics (text format 0.0.4) and the /healthz verdict. kube-proxy's
// metric names where one exists, so dashboards carry over; the agent's own under
// service_agent_*. Pure values: render() of what was recorded.
//
//   kubeproxy_sync_proxy_rules_duration_seconds            histogram  whole sync
//   kubeproxy_network_programming_duration_seconds          histogram  event -> rules applied
//   kubeproxy_sync_proxy_rules_last_timestamp_seconds       gauge      last successful sync
//   kubeproxy_sync_proxy_rules_iptables_restore_failures_total counter
//   kubeproxy_sync_proxy_rules_iptables_total{table}        gauge      planned rules per table
//   service_agent_syncs_total{type="full|partial",result="success|failure"} counter
//   service_agent_sync_phase_seconds{phase="plan|render|restore"} gauge (last sync)
//   service_agent_restore_payload_bytes                     gauge      last payload
//   service_agent_service_ports                             gauge
//   service_agent_last_sync_success                         gauge 1/0
//   service_agent_last_error_info{message}                  gauge 1 (only after an error)
//   service_agent_info{version,mode,backend,node}           gauge 1

#include "http_server.h"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace studio::agent {

class Histogram
{
public:
    explicit Histogram(std::vector<double> bounds);
    void observe(double value);
    void render(std::string &out, const std::string &name) const;
    uint64_t count() const { return m_count; }

private:
    std::vector<double> m_bounds;
    std::vector<uint64_t> m_counts; // per bound, not cumulative
    double m_sum = 0;
    uint64_t m_count = 0;
};

std::string escapeLabelValue(std::string_view v);
// RFC 3339 in UTC with seconds ("2026-12-01T21:50:47Z").
std::string rfc3339(std::chrono::system_clock::time_point t);

struct SyncRecord
{
    bool full = true;
    bool ok = true;
    double seconds = 0;
    double planSeconds = 0;
    double renderSeconds = 0;
    double restoreSeconds = 0;
    size_t payloadBytes = 0;
    std::string error;
    std::chrono::system_clock::time_point at;
};

class AgentMetrics
{
public:
    AgentMetrics();

    void setInfo(std::string version, std::string mode, std::string backend, std::string node);
    void recordSync(const SyncRecord &r);
    void recordProgrammingLatency(double seconds);
    void setRuleCounts(size_t nat, size_t filter);
    void setServicePorts(size_t n) { m_servicePorts = n; }

    std::string render() const;

    std::optional<std::chrono::system_clock::time_point> lastSuccess() const
    {
        return m_lastSuccess;
    }
    uint64_t successfulSyncs() const { return m_syncs[0] + m_syncs[1]; }

private:
    Histogram m_syncDuration;
    Histogram m_programming;
    std::map<std::string, std::string> m_info;
    uint64_t m_syncs[4] = {0, 0, 0, 0}; // full ok, partial ok, full failed, partial failed
    uint64_t m_restoreFailures = 0;
    std::optional<std::chrono::system_clock::time_point> m_lastSuccess;
    bool m_lastOk = false;
    std::string m_lastError;
    double m_plan = 0, m_render = 0, m_restore = 0;
    size_t m_payloadBytes = 0;
    size_t m_natRules = 0, m_filterRules = 0;
    size_t m_servicePorts = 0;
};

// kube-proxy's /healthz: 200 when a sync succeeded within `timeout` (2 x sync period),
// else 503; body {"lastUpdated": RFC3339, "currentTime": RFC3339}.
HttpResponse healthzResponse(std::optional<std::chrono::system_clock::time_point> lastSuccess,
                             std::chrono::system_clock::time_point now,
                             std::chrono::milliseconds timeout);

// A health check node port's answer (externalTrafficPolicy: Local): 200 when the node has
// local endpoints, else 503; {"service":{"namespace":..,"name":..},"localEndpoints":N}.
HttpResponse serviceHealthResponse(const std::string &serviceKey, int localEndpoints);

} // namespace studio::agent
