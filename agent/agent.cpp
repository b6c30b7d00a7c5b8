// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent.h"

#include "apiserver_source.h"
#include "logger.h"
#include "proxy/iptables_plan.h"
#include "proxy/userspace_plan.h"
#include "state_file_source.h"

#include <optional>
#include <QHostAddress>
#include <QNetworkInterface>

#include <algorithm>
#include <cstdio>

namespace studio::agent {

namespace {

double seconds(std::chrono::steady_clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}
double seconds(std::chrono::microseconds d)
{
    return double(d.count()) / 1e6;
}

std::string ms(double s)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f ms", s * 1000.0);
    return buf;
}

// REDIRECT sends to the primary address of the interface the packet came in on; routed pod
// veths often have none (the e2e testbed's, many CNIs'), and then the kernel drops it. So the
// container rules DNAT to a node address instead, as kube-proxy's userspace mode does when
// it binds a specific address. Not a loopback one: PREROUTING DNAT to 127/8 needs
// route_localnet.
void dnatInsteadOfRedirect(proxy::UserspacePlan &plan, const std::vector<std::string> &addresses)
{
    std::string node;
    for (const std::string &a : addresses)
        if (a.rfind("127.", 0) != 0) {
            node = a;
            break;
        }
    if (node.empty())
        return; // only loopback: REDIRECT is all there is
    for (proxy::IptablesChain &c : plan.iptables.nat.chains)
        for (proxy::IptablesRule &r : c.rules)
            if (r.target == proxy::IptablesRule::Target::Redirect) {
                r.target = proxy::IptablesRule::Target::Dnat;
                r.toDestination = node + ":" + std::to_string(r.toPort);
                r.toPort = 0;
            }
}

size_t tableRules(const proxy::IptablesPlan &plan, const proxy::IptablesTable &table)
{
    size_t n = 0;
    for (const proxy::IptablesChain &c : table.chains)
        n += c.rules.size();
    for (const proxy::HookRule &h : plan.hooks)
        if (h.table == table.name)
            ++n;
    return n;
}

} // namespace

Agent::Agent(AgentOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_state(m_tracker, m_options.nodeName)
{
    m_config.nodeName = m_options.nodeName;
    m_config.clusterCidr = m_options.clusterCidr;
    m_config.masqueradeAll = m_options.masqueradeAll;
    m_config.nodePortAddresses = m_options.nodePortAddresses;
    m_config.masqueradeBit = m_options.masqueradeBit;
    m_config.localAddresses = localAddresses();
}

Agent::~Agent() = default;

std::vector<std::string> Agent::localAddresses()
{
    std::vector<std::string> out;
    // kube-ipvs0 holds service addresses, not the node's (kube-proxy skips it too): counting
    // them would put node ports on every cluster IP after the first IPVS sync.
    for (const QNetworkInterface &i : QNetworkInterface::allInterfaces()) {
        if (i.name() == QLatin1String(kIpvsDummyInterface)
            || !(i.flags() & QNetworkInterface::IsUp)) // as allAddresses(): up interfaces only
            continue;
        for (const QNetworkAddressEntry &e : i.addressEntries())
            if (e.ip().protocol() == QAbstractSocket::IPv4Protocol)
                out.push_back(e.ip().toString().toStdString());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Result<void> Agent::start()
{
    m_mode = m_options.proxyMode;
    if (m_mode == "ipvs") {
        // kube-proxy checks for the modules; resolving the family is the real test (ipvsadm
        // would silently use the old socket options).
        std::string reason;
        if (auto netlink = IpvsNetlink::open(); netlink) {
            auto applier = std::make_unique<IpvsApplier>(std::move(*netlink));
            if (auto ok = applier->prepare(); ok)
                m_ipvsApplier = std::move(applier);
            else
                reason = ok.error().message;
        } else {
            reason = netlink.error().message;
        }
        if (!m_ipvsApplier) {
            logWarning("proxy mode ipvs is not available: " + reason
                       + "; falling back to proxy mode iptables");
            m_mode = "iptables";
        } else {
            logInfo("proxy mode ipvs: scheduler " + m_options.ipvsScheduler
                    + ", IPVS generic netlink family " + std::to_string(
                        m_ipvsApplier->netlink().familyId())
                    + ", service addresses on " + kIpvsDummyInterface);
        }
    }
    if (m_mode == "userspace") {
        m_userspace = std::make_unique<UserspaceProxier>();
        logInfo("proxy mode userspace: the agent proxies TCP and UDP service ports itself (round robin, "
                "endpoints see the node's address)");
    }
    const bool nftables = m_mode == "nftables";
    std::string backendLabel = "nftables";
    if (nftables) {
        m_nftApplier = std::make_unique<NftablesApplier>();
        if (auto ok = m_nftApplier->probe(); !ok)
            return ok.error();
        logInfo("proxy mode nftables: table ip service-studio, programmed through libnftables");
    } else {
        auto backend = resolveBackend(m_options.iptablesBackend, m_processes);
        if (!backend)
            return backend.error();
        logInfo(std::string("iptables backend: ") + backendName(backend->backend) + " ("
                + backend->reason + ")");
        m_applier = std::make_unique<IptablesApplier>(
            toolsFor(backend->backend), m_processes, m_options.restoreCommand);
        if (auto scanned = m_applier->rescan(); !scanned)
            return scanned.error();
        size_t adopted = 0;
        for (const auto &[table, chains] : m_applier->knownChains())
            adopted += chains.size();
        if (adopted)
            logInfo("found " + std::to_string(adopted)
                    + " chains of a previous agent; the first sync adopts them");
        backendLabel = backendName(backend->backend);
    }

    m_metrics.setInfo(STUDIO_AGENT_VERSION,
                      m_mode,
                      backendLabel,
                      m_options.nodeName);

    auto handler = [this](const HttpRequest &r) { return serveMain(r); };
    if (m_options.healthzBindAddress) {
        m_healthz = std::make_unique<HttpServer>(handler);
        if (auto ok = m_healthz->listen(*m_options.healthzBindAddress); !ok)
            return makeError("healthz", "--healthz-bind-address: " + ok.error().message);
    }
    if (m_options.metricsBindAddress) {
        m_metricsServer = std::make_unique<HttpServer>(handler);
        if (auto ok = m_metricsServer->listen(*m_options.metricsBindAddress); !ok)
            return makeError("metrics", "--metrics-bind-address: " + ok.error().message);
    }
    m_healthChecks = std::make_unique<HealthCheckServers>();

    SyncPolicy policy;
    policy.minInterval = m_options.minSyncPeriod;
    policy.syncPeriod = m_options.syncPeriod;
    policy.backoffBase = std::max<std::chrono::milliseconds>(m_options.minSyncPeriod,
                                                             std::chrono::milliseconds(500));
    policy.backoffMax = std::min<std::chrono::milliseconds>(
        std::max(m_options.syncPeriod, policy.backoffBase), std::chrono::milliseconds(30'000));
    m_runner = std::make_unique<SyncRunner>(policy, [this](bool full) { return sync(full); });

    if (!m_options.stateFile.empty()) {
        m_source = std::make_unique<StateFileSource>(m_state, m_options.stateFile);
    } else {
        auto client = ApiServerSource::connect(m_options.kubeconfig);
        if (!client)
            return makeError("kubeconfig",
                             "--kubeconfig " + m_options.kubeconfig + ": "
                                 + client.error().message);
        m_source = std::make_unique<ApiServerSource>(m_state, std::move(*client));
    }
    connect(m_source.get(), &ClusterSource::changed, this, [this]() {
        if (!m_source->synced())
            return;
        if (!m_firstSyncLogged) {
            // The first complete view: the first (full) sync may run now.
            m_firstSyncLogged = true;
            m_runner->start();
            return;
        }
        if (!m_tracker.empty())
            m_runner->request();
    });
    logInfo("service-agent " STUDIO_AGENT_VERSION " starting: node " + m_options.nodeName
            + ", mode " + m_mode + ", source "
            + (m_options.stateFile.empty() ? "apiserver (" + m_options.kubeconfig + ")"
                                           : "state file " + m_options.stateFile));
    m_source->start();
    return {};
}

bool Agent::sync(bool full)
{
    const auto t0 = std::chrono::steady_clock::now();
    const auto addresses = localAddresses();
    if (addresses != m_config.localAddresses) {
        m_config.localAddresses = addresses;
        full = true;
    }
    if (full && m_applier)
        m_applier->requestRescan(); // someone may have flushed a built-in chain meanwhile
    const PendingChanges pending = m_tracker.take();
    if (logEnabled(LogLevel::Debug) && !pending.services.empty()) {
        std::string names;
        for (const std::string &s : pending.services)
            names += (names.empty() ? "" : ", ") + s;
        logDebug("changed services: " + names);
    }

    // The nftables mode re-plans only the changed services on a partial sync; a full sync,
    // a node change and the iptables mode (whose restore payload needs the whole plan's
    // chain list) plan everything.
    const bool replan = m_nftApplier && !full && !pending.nodeChanged && m_nftApplier->hasApplied();
    const std::vector<proxy::ServicePortInfo> ports
        = replan ? proxy::buildServicePorts(m_state.snapshot(), m_config, pending.services)
                 : proxy::buildServicePorts(m_state.snapshot(), m_config);
    // One planner per mode: the nftables mode never pays for an iptables plan.
    std::optional<proxy::IptablesPlan> plan;
    std::optional<proxy::NftablesPlan> nftPlan;
    std::optional<proxy::IpvsPlan> ipvsPlan;
    std::optional<proxy::UserspacePlan> userspacePlan;
    std::string proxyError;
    if (m_userspace) {
        // The listeners first: the REDIRECT rules name their ports.
        auto proxyPorts = m_userspace->update(ports);
        if (proxyPorts) {
            userspacePlan = proxy::planUserspace(ports, m_config, *proxyPorts);
            dnatInsteadOfRedirect(*userspacePlan, m_config.localAddresses);
        } else
            proxyError = proxyPorts.error().message;
    } else if (m_nftApplier) {
        if (!replan)
            nftPlan = proxy::planNftables(ports, m_config);
    } else if (m_ipvsApplier)
        ipvsPlan = proxy::planIpvs(ports, m_config, m_options.ipvsScheduler);
    else
        plan = proxy::planIptables(ports, m_config);
    const auto planned = std::chrono::steady_clock::now();

    ApplyResult applied;
    ApplyResult ipvsApplied;
    if (m_nftApplier) {
        applied = replan ? m_nftApplier->applyChanges(ports, pending.services, m_config)
                         : m_nftApplier->apply(std::move(*nftPlan), full);
    } else if (m_userspace) {
        if (userspacePlan) {
            // Four fixed chains, no per-service ones: always the whole (small) ruleset.
            applied = m_applier->apply(userspacePlan->iptables, true, {});
        } else {
            applied.error = proxyError;
        }
    } else if (m_ipvsApplier) {
        // Addresses and virtual servers first (kube-proxy's order), then the iptables rules.
        ipvsApplied = m_ipvsApplier->apply(*ipvsPlan);
        if (ipvsApplied.ok) {
            applied = m_applier->apply(ipvsPlan->iptables, full, pending.services);
        } else {
            applied = ipvsApplied;
            applied.error = "IPVS: " + applied.error;
        }
    } else {
        applied = m_applier->apply(*plan, full, pending.services);
    }
    const auto done = std::chrono::steady_clock::now();

    SyncRecord record;
    record.full = full;
    record.ok = applied.ok;
    record.seconds = seconds(done - t0);
    record.planSeconds = seconds(planned - t0);
    record.renderSeconds = seconds(applied.renderTime);
    record.restoreSeconds = seconds(applied.restoreTime);
    record.payloadBytes = applied.payloadBytes;
    record.error = applied.error;
    record.at = std::chrono::system_clock::now();
    m_metrics.recordSync(record);

    if (!applied.ok) {
        logError(std::string("sync failed (") + (full ? "full" : "partial") + "): " + applied.error
                 + "; previous rules kept, full resync after backoff"
                 + (applied.excerpt.empty() ? std::string() : "\n" + applied.excerpt));
        return false;
    }
    size_t nat = 0, filter = 0;
    if (userspacePlan) {
        nat = tableRules(userspacePlan->iptables, userspacePlan->iptables.nat);
        filter = tableRules(userspacePlan->iptables, userspacePlan->iptables.filter);
    } else if (ipvsPlan) {
        nat = tableRules(ipvsPlan->iptables, ipvsPlan->iptables.nat);
        filter = tableRules(ipvsPlan->iptables, ipvsPlan->iptables.filter);
    } else if (plan) {
        nat = tableRules(*plan, plan->nat);
        filter = tableRules(*plan, plan->filter);
    } else if (const proxy::NftablesPlan *kernel = m_nftApplier ? m_nftApplier->applied() : nullptr) {
        for (const auto &c : kernel->chains)
            nat += c.rules.size();
        filter = kernel->elementCount(); // map and set elements
    }
    m_metrics.setRuleCounts(nat, filter);
    // Per service: its port count and health checks (a partial nftables sync knows only the
    // changed services' ports).
    if (!replan) {
        m_portsByService.clear();
        m_healthByService.clear();
    } else {
        for (const std::string &s : pending.services) {
            m_portsByService.erase(s);
            m_healthByService.erase(s);
        }
    }
    for (const proxy::ServicePortInfo &p : ports)
        ++m_portsByService[p.serviceKey()];
    for (const auto &[port, check] : proxy::healthChecks(ports))
        m_healthByService[check.service][port] = check;
    size_t portCount = 0;
    for (const auto &[s, n] : m_portsByService)
        portCount += n;
    std::map<int, proxy::HealthCheck> checks;
    for (const auto &[s, byPort] : m_healthByService)
        checks.insert(byPort.begin(), byPort.end());
    m_metrics.setServicePorts(portCount);
    if (pending.firstChange)
        m_metrics.recordProgrammingLatency(seconds(done - *pending.firstChange));
    m_healthChecks->update(checks);

    logInfo(
        std::string("sync done: ") + (full ? "full" : "partial") + ", "
        + std::to_string(portCount) + " service ports, "
        + (full ? std::string() : std::to_string(pending.services.size()) + " changed services, ")
        + "rules nat " + std::to_string(nat) + " filter " + std::to_string(filter) + ", payload "
        + std::to_string(applied.payloadLines) + " lines " + std::to_string(applied.payloadBytes)
        + " bytes, plan " + ms(record.planSeconds)
        + (record.renderSeconds > 0.0005 ? ", render " + ms(record.renderSeconds) : std::string())
        + ", restore " + ms(record.restoreSeconds)
        + (applied.scanTime.count() ? ", save " + ms(seconds(applied.scanTime)) : std::string())
        + (ipvsPlan ? ", ipvs " + std::to_string(ipvsPlan->virtualServers.size())
                          + " virtual servers, " + std::to_string(ipvsApplied.ipvsChanges)
                          + " changes, " + std::to_string(ipvsApplied.netlinkMessages)
                          + " netlink messages, " + std::to_string(ipvsApplied.ipvsDraining)
                          + " draining, " + std::to_string(ipvsApplied.addressChanges)
                          + " address changes (" + ms(seconds(ipvsApplied.addressTime))
                          + "), ipvs dump " + ms(seconds(ipvsApplied.scanTime))
                          + ", ipvs apply " + ms(seconds(ipvsApplied.restoreTime))
                    : std::string())
        + ", total " + ms(record.seconds)
        + (pending.firstChange ? ", change to kernel " + ms(seconds(done - *pending.firstChange)) : std::string())
        + (applied.hooksInserted ? ", " + std::to_string(applied.hooksInserted) + " hooks inserted"
                                 : std::string()));
    return true;
}

HttpResponse Agent::serveMain(const HttpRequest &request)
{
    if (request.path == "/healthz") {
        return healthzResponse(
            m_metrics.lastSuccess(), std::chrono::system_clock::now(), 2 * m_options.syncPeriod);
    }
    if (request.path == "/metrics") {
        HttpResponse r;
        r.contentType = "text/plain; version=0.0.4; charset=utf-8";
        r.body = m_metrics.render();
        return r;
    }
    HttpResponse r;
    r.status = 404;
    r.body = "404 page not found\n";
    return r;
}

int runCleanup(const AgentOptions &options)
{
    SystemProcessRunner processes;
    auto backend = resolveBackend(options.iptablesBackend, processes);
    if (!backend) {
        logError("cleanup: " + backend.error().message);
        return 1;
    }
    logInfo(std::string("cleanup: iptables backend ") + backendName(backend->backend) + " ("
            + backend->reason + ")");
    IptablesApplier applier(toolsFor(backend->backend), processes, options.restoreCommand);
    auto done = applier.cleanup();
    if (!done) {
        logError("cleanup failed: " + done.error().message);
        return 1;
    }
    // The nftables mode's table too (nothing else in nftables is ours).
    {
        NftablesApplier nft;
        if (nft.probe()) {
            if (auto removed = nft.cleanup(); !removed) {
                logError("cleanup failed: " + removed.error().message);
                return 1;
            }
            logInfo("cleanup: nftables table ip service-studio removed (if it existed)");
        }
    }
    // IPVS mode's virtual servers and kube-ipvs0 (when the kernel has IPVS at all).
    if (auto netlink = IpvsNetlink::open(); netlink) {
        if (auto flushed = (*netlink)->flush(); !flushed) {
            logError("cleanup failed: " + flushed.error().message);
            return 1;
        }
        DummyInterface dummy;
        if (auto removed = dummy.remove(); !removed) {
            logError("cleanup failed: " + removed.error().message);
            return 1;
        }
        logInfo(std::string("cleanup: IPVS virtual servers flushed, ") + kIpvsDummyInterface
                + " removed (if it existed)");
    }
    if (done->payload.empty())
        logInfo("cleanup done: nothing to remove");
    else
        logInfo("cleanup done: removed " + std::to_string(done->chains) + " chains and "
                + std::to_string(done->hookRules) + " jump rules");
    return 0;
}

} // namespace studio::agent
