// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/ipvs_plan.h"

#include "proxy/chain_names.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace studio::proxy {

namespace {

using Rule = IptablesRule;

Rule portalRule(const ServicePortInfo &sp, const std::string &comment, const std::string &address, int port)
{
    Rule r;
    r.comment = comment;
    r.protocol = sp.lowerProtocol();
    if (!address.empty())
        r.destination = AddressMatch{address + "/32", false};
    r.destinationPort = port;
    return r;
}

Rule jumpTo(Rule r, const std::string &chain)
{
    r.target = IptablesRule::Target::Jump;
    r.jumpChain = chain;
    return r;
}

} // namespace

bool isIpvsScheduler(const std::string &name)
{
    for (const char *s : {"rr", "lc", "dh", "sh", "sed", "nq"})
        if (name == s)
            return true;
    return false;
}

const IpvsVirtualServer *IpvsPlan::find(const std::string &protocol, const std::string &address, int port) const
{
    for (const IpvsVirtualServer &v : virtualServers)
        if (v.protocol == protocol && v.address == address && v.port == port)
            return &v;
    return nullptr;
}

IpvsPlan planIpvs(const std::vector<ServicePortInfo> &ports, const ProxyConfig &config, const std::string &scheduler)
{
    IpvsPlan plan;
    // The iptables part: the fixed chains of the iptables plan (masquerading, marks, refusals,
    // forwarding) with the per-service rules IPVS mode needs instead of DNAT chains.
    IptablesPlan base = planIptables({}, config);
    IptablesChain *natServices = nullptr;
    for (IptablesChain &c : base.nat.chains)
        if (c.name == kServicesChain)
            natServices = &c;
    IptablesChain *filterServices = nullptr, *filterExternal = nullptr, *firewall = nullptr;
    for (IptablesChain &c : base.filter.chains) {
        if (c.name == kServicesChain)
            filterServices = &c;
        if (c.name == kExternalServicesChain)
            filterExternal = &c;
        if (c.name == kProxyFirewallChain)
            firewall = &c;
    }
    natServices->rules.clear(); // no node-port jump: IPVS answers node ports itself
    std::set<std::string> dummy;
    const NodePortAddresses npa = nodePortAddresses(config);
    const std::vector<std::string> nodeAddrs = npa.all ? config.localAddresses : npa.addresses;

    for (const ServicePortInfo &sp : ports) {
        const std::string spn = sp.servicePortName();
        std::vector<IpvsRealServer> all, local;
        std::set<std::string> seen;
        for (const ProxyEndpoint &e : sp.endpoints) {
            if (!e.ready || !seen.insert(e.endpoint()).second)
                continue;
            all.push_back({e.ip, e.port, 1});
            if (e.isLocal)
                local.push_back({e.ip, e.port, 1});
        }
        auto vs = [&](const std::string &address, int port, const char *kind, bool external) {
            IpvsVirtualServer v;
            v.address = address;
            v.protocol = sp.protocol;
            v.port = port;
            v.scheduler = scheduler;
            v.persistent = sp.clientIpAffinity;
            v.timeoutSeconds = sp.clientIpAffinity ? sp.stickySeconds : 0;
            v.reals = (external && sp.localExternal) ? local : all;
            v.service = sp.serviceKey();
            v.kind = kind;
            plan.virtualServers.push_back(std::move(v));
        };
        const bool has = !all.empty();
        // Cluster IP: masquerade off-cluster clients, refuse when there is no endpoint.
        dummy.insert(sp.clusterIP);
        vs(sp.clusterIP, sp.port, "cluster IP", false);
        {
            Rule p = portalRule(sp, spn + " cluster IP", sp.clusterIP, sp.port);
            if (config.masqueradeAll)
                natServices->rules.push_back(jumpTo(p, kMarkMasqChain));
            else if (!config.clusterCidr.empty()) {
                Rule m = p;
                m.source = AddressMatch{config.clusterCidr, true};
                natServices->rules.push_back(jumpTo(m, kMarkMasqChain));
            }
            if (!has) {
                p.comment = spn + " has no endpoints";
                p.target = IptablesRule::Target::Reject;
                filterServices->rules.push_back(p);
            }
        }
        for (const std::string &ip : sp.externalIPs) {
            dummy.insert(ip);
            vs(ip, sp.port, "external IP", true);
            Rule p = portalRule(sp, spn + " external IP", ip, sp.port);
            if (!sp.localExternal) {
                if (!config.clusterCidr.empty())
                    p.source = AddressMatch{config.clusterCidr, true};
                natServices->rules.push_back(jumpTo(p, kMarkMasqChain));
            }
        }
        for (const std::string &ip : sp.loadBalancerIPs) {
            dummy.insert(ip);
            vs(ip, sp.port, "load balancer", true);
            Rule p = portalRule(sp, spn + " loadbalancer IP", ip, sp.port);
            if (!sp.localExternal)
                natServices->rules.push_back(jumpTo(p, kMarkMasqChain));
            if (!sp.loadBalancerSourceRanges.empty()) {
                // Admitted sources return; the rest is dropped before IPVS sees it.
                const std::string fwChain = firewallChainName(spn, sp.lowerProtocol());
                IptablesChain fw{fwChain, {}, sp.serviceKey()};
                for (const std::string &r : sp.loadBalancerSourceRanges) {
                    Rule a;
                    a.comment = spn + " loadbalancer IP";
                    a.source = AddressMatch{r, false};
                    a.target = IptablesRule::Target::Return;
                    fw.rules.push_back(a);
                }
                Rule d;
                d.comment = spn + " loadbalancer IP";
                d.target = IptablesRule::Target::Drop;
                fw.rules.push_back(d);
                base.filter.chains.push_back(std::move(fw));
                firewall->rules.push_back(jumpTo(p, fwChain));
                firewall = nullptr; // re-found below: push_back may have moved the chains
                for (IptablesChain &c : base.filter.chains) {
                    if (c.name == kProxyFirewallChain)
                        firewall = &c;
                    if (c.name == kServicesChain)
                        filterServices = &c;
                    if (c.name == kExternalServicesChain)
                        filterExternal = &c;
                }
            }
        }
        if (sp.nodePort) {
            for (const std::string &a : nodeAddrs)
                vs(a, sp.nodePort, "node port", true);
            if (!sp.localExternal) {
                Rule p;
                p.comment = spn + " node port";
                p.protocol = sp.lowerProtocol();
                p.destinationPort = sp.nodePort;
                p.dstTypeLocal = true;
                natServices->rules.push_back(jumpTo(p, kMarkMasqChain));
            }
            if (!has) {
                Rule r;
                r.comment = spn + " has no endpoints";
                r.protocol = sp.lowerProtocol();
                r.destinationPort = sp.nodePort;
                r.dstTypeLocal = true;
                r.target = IptablesRule::Target::Reject;
                filterExternal->rules.push_back(r);
            }
        }
    }
    std::sort(plan.virtualServers.begin(), plan.virtualServers.end(),
              [](const IpvsVirtualServer &a, const IpvsVirtualServer &b) { return a.key() < b.key(); });
    plan.dummyAddresses.assign(dummy.begin(), dummy.end());
    base.healthChecks = healthChecks(ports);
    plan.iptables = std::move(base);
    return plan;
}

std::string renderIpvs(const IpvsPlan &plan)
{
    std::string out = "IP Virtual Server version 1.2.1 (size=4096)\n"
                      "Prot LocalAddress:Port Scheduler Flags\n"
                      "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";
    char line[256];
    for (const IpvsVirtualServer &v : plan.virtualServers) {
        std::snprintf(line, sizeof line, "%-4s %s:%d %s", v.protocol.c_str(), v.address.c_str(), v.port,
                      v.scheduler.c_str());
        out += line;
        if (v.persistent)
            out += " persistent " + std::to_string(v.timeoutSeconds);
        out += "\n";
        for (const IpvsRealServer &r : v.reals) {
            const std::string rs = r.address + ":" + std::to_string(r.port);
            std::snprintf(line, sizeof line, "  -> %-28s Masq    %-6d 0          0\n", rs.c_str(), r.weight);
            out += line;
        }
    }
    out += "\n# kube-ipvs0 addresses\n";
    for (const std::string &a : plan.dummyAddresses)
        out += a + "/32\n";
    out += "\n# iptables (iptables-restore --noflush)\n";
    RestoreScope scope;
    scope.missingHooks = plan.iptables.hooks;
    out += renderRestore(plan.iptables, scope);
    return out;
}

} // namespace studio::proxy
