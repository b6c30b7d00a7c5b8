// SPDX-License-Identifier: GPL-3.0-or-later
#include "metrics.h"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace studio::agent {

namespace {

std::string number(double v)
{
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

std::string jsonString(std::string_view s)
{
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            if ((unsigned char)c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

void header(std::string &out, const char *name, const char *type, const char *help)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

} // namespace

Histogram::Histogram(std::vector<double> bounds)
    : m_bounds(std::move(bounds))
    , m_counts(m_bounds.size(), 0)
{}

void Histogram::observe(double value)
{
    for (size_t i = 0; i < m_bounds.size(); ++i)
        if (value <= m_bounds[i]) {
            ++m_counts[i];
            break;
        }
    m_sum += value;
    ++m_count;
}

void Histogram::render(std::string &out, const std::string &name) const
{
    uint64_t cumulative = 0;
    for (size_t i = 0; i < m_bounds.size(); ++i) {
        cumulative += m_counts[i];
        out += name + "_bucket{le=\"" + number(m_bounds[i]) + "\"} " + std::to_string(cumulative)
               + "\n";
    }
    out += name + "_bucket{le=\"+Inf\"} " + std::to_string(m_count) + "\n";
    out += name + "_sum " + number(m_sum) + "\n";
    out += name + "_count " + std::to_string(m_count) + "\n";
}

std::string escapeLabelValue(std::string_view v)
{
    std::string out;
    for (char c : v) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string rfc3339(std::chrono::system_clock::time_point t)
{
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

AgentMetrics::AgentMetrics()
    // kube-proxy: ExponentialBuckets(0.001, 2, 15) for sync durations.
    : m_syncDuration({0.001,
                      0.002,
                      0.004,
                      0.008,
                      0.016,
                      0.032,
                      0.064,
                      0.128,
                      0.256,
                      0.512,
                      1.024,
                      2.048,
                      4.096,
                      8.192,
                      16.384})
    , m_programming({0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600})
{}

void AgentMetrics::setInfo(std::string version,
                           std::string mode,
                           std::string backend,
                           std::string node)
{
    m_info = {{"version", std::move(version)},
              {"mode", std::move(mode)},
              {"backend", std::move(backend)},
              {"node", std::move(node)}};
}

void AgentMetrics::recordSync(const SyncRecord &r)
{
    ++m_syncs[(r.ok ? 0 : 2) + (r.full ? 0 : 1)];
    m_lastOk = r.ok;
    m_plan = r.planSeconds;
    m_render = r.renderSeconds;
    m_restore = r.restoreSeconds;
    m_payloadBytes = r.payloadBytes;
    if (r.ok) {
        m_syncDuration.observe(r.seconds);
        m_lastSuccess = r.at;
    } else {
        ++m_restoreFailures;
        m_lastError = r.error.empty() ? std::string("unknown error") : r.error;
    }
}

void AgentMetrics::recordProgrammingLatency(double seconds)
{
    m_programming.observe(seconds);
}

void AgentMetrics::setRuleCounts(size_t nat, size_t filter)
{
    m_natRules = nat;
    m_filterRules = filter;
}

std::string AgentMetrics::render() const
{
    std::string out;
    header(out,
           "kubeproxy_sync_proxy_rules_duration_seconds",
           "histogram",
           "Duration of successful syncs (plan, render and iptables-restore) in seconds.");
    m_syncDuration.render(out, "kubeproxy_sync_proxy_rules_duration_seconds");
    header(out,
           "kubeproxy_network_programming_duration_seconds",
           "histogram",
           "Time from a change seen by the agent to its rules applied, in seconds.");
    m_programming.render(out, "kubeproxy_network_programming_duration_seconds");
    header(out,
           "kubeproxy_sync_proxy_rules_last_timestamp_seconds",
           "gauge",
           "Unix time of the last successful sync.");
    char stamp[40];
    std::snprintf(stamp,
                  sizeof stamp,
                  "%.3f",
                  m_lastSuccess
                      ? std::chrono::duration<double>(m_lastSuccess->time_since_epoch()).count()
                      : 0.0);
    out += std::string("kubeproxy_sync_proxy_rules_last_timestamp_seconds ") + stamp + "\n";
    header(out,
           "kubeproxy_sync_proxy_rules_iptables_restore_failures_total",
           "counter",
           "Failed syncs (iptables-save or iptables-restore failed).");
    out += "kubeproxy_sync_proxy_rules_iptables_restore_failures_total "
           + std::to_string(m_restoreFailures) + "\n";
    header(out,
           "kubeproxy_sync_proxy_rules_iptables_total",
           "gauge",
           "Rules the plan holds per table (hooks included).");
    out += "kubeproxy_sync_proxy_rules_iptables_total{table=\"filter\"} "
           + std::to_string(m_filterRules) + "\n";
    out += "kubeproxy_sync_proxy_rules_iptables_total{table=\"nat\"} " + std::to_string(m_natRules)
           + "\n";
    header(out, "service_agent_syncs_total", "counter", "Syncs by type and result.");
    static const char *types[] = {"full", "partial"};
    static const char *results[] = {"success", "failure"};
    for (int res = 0; res < 2; ++res)
        for (int type = 0; type < 2; ++type)
            out += std::string("service_agent_syncs_total{type=\"") + types[type] + "\",result=\""
                   + results[res] + "\"} " + std::to_string(m_syncs[res * 2 + type]) + "\n";
    header(
        out, "service_agent_sync_phase_seconds", "gauge", "Phases of the last sync, in seconds.");
    out += "service_agent_sync_phase_seconds{phase=\"plan\"} " + number(m_plan) + "\n";
    out += "service_agent_sync_phase_seconds{phase=\"render\"} " + number(m_render) + "\n";
    out += "service_agent_sync_phase_seconds{phase=\"restore\"} " + number(m_restore) + "\n";
    header(out,
           "service_agent_restore_payload_bytes",
           "gauge",
           "Size of the last iptables-restore payload.");
    out += "service_agent_restore_payload_bytes " + std::to_string(m_payloadBytes) + "\n";
    header(out, "service_agent_service_ports", "gauge", "Service ports in the current plan.");
    out += "service_agent_service_ports " + std::to_string(m_servicePorts) + "\n";
    header(out, "service_agent_last_sync_success", "gauge", "1 when the last sync succeeded.");
    out += std::string("service_agent_last_sync_success ") + (m_lastOk ? "1" : "0") + "\n";
    if (!m_lastError.empty()) {
        header(out,
               "service_agent_last_error_info",
               "gauge",
               "The last sync error (1 while it is the last one).");
        out += "service_agent_last_error_info{message=\""
               + escapeLabelValue(m_lastError.substr(0, 500)) + "\"} 1\n";
    }
    header(out,
           "service_agent_info",
           "gauge",
           "The agent's version, proxy mode, iptables backend and node.");
    out += "service_agent_info{";
    bool first = true;
    for (const auto &[k, v] : m_info) {
        if (!first)
            out += ',';
        first = false;
        out += k + "=\"" + escapeLabelValue(v) + "\"";
    }
    out += "} 1\n";
    return out;
}

HttpResponse healthzResponse(std::optional<std::chrono::system_clock::time_point> lastSuccess,
                             std::chrono::system_clock::time_point now,
                             std::chrono::milliseconds timeout)
{
    HttpResponse r;
    r.contentType = "application/json";
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    const bool healthy = lastSuccess && now - *lastSuccess < timeout;
    r.status = healthy ? 200 : 503;
    r.body = "{\"lastUpdated\": "
             + jsonString(lastSuccess ? rfc3339(*lastSuccess) : "0001-01-01T00:00:00Z")
             + ",\"currentTime\": " + jsonString(rfc3339(now)) + "}";
    return r;
}

HttpResponse serviceHealthResponse(const std::string &serviceKey, int localEndpoints)
{
    HttpResponse r;
    r.contentType = "application/json";
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.status = localEndpoints > 0 ? 200 : 503;
    const size_t slash = serviceKey.find('/');
    const std::string ns = slash == std::string::npos ? std::string() : serviceKey.substr(0, slash);
    const std::string name = slash == std::string::npos ? serviceKey : serviceKey.substr(slash + 1);
    r.body = "{\"service\":{\"namespace\":" + jsonString(ns) + ",\"name\":" + jsonString(name)
             + "},\"localEndpoints\":" + std::to_string(localEndpoints) + "}";
    return r;
}

} // namespace studio::agent
