// SPDX-License-Identifier: GPL-3.0-or-later
// The iptables planner: kube-proxy v1.20's syncProxyRules (pkg/proxy/iptables/proxier.go) as
// a pure function, plus what kubelet would otherwise provide (KUBE-MARK-DROP and the drop of
// marked packets, here in kube-proxy's later KUBE-PROXY-FIREWALL chain), since a node running
// only our agent has no kubelet rules to lean on.
#include "proxy/iptables_plan.h"

#include "proxy/chain_names.h"

#include <cstdio>
#include <unordered_set>

namespace studio::proxy {

namespace {

using Rule = IptablesRule;
using Target = IptablesRule::Target;

constexpr uint32_t kDropMark = 0x8000;

std::string probability(int n)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0.10f", 1.0 / double(n));
    return buf;
}

Rule jump(std::string chain, std::string comment = {})
{
    Rule r;
    r.comment = std::move(comment);
    r.target = Target::Jump;
    r.jumpChain = std::move(chain);
    return r;
}

// The rule prefix kube-proxy builds for "this service port on this address".
Rule portal(const ServicePortInfo &sp, const std::string &comment, const std::string &address)
{
    Rule r;
    r.comment = comment;
    r.protocol = sp.lowerProtocol();
    if (!address.empty())
        r.destination = AddressMatch{address + "/32", false};
    r.destinationPort = sp.port;
    return r;
}

Rule withJump(Rule r, const std::string &chain)
{
    r.target = Target::Jump;
    r.jumpChain = chain;
    return r;
}

Rule withTarget(Rule r, Target t)
{
    r.target = t;
    return r;
}

class Planner
{
public:
    Planner(const ProxyConfig &config) : m_config(config), m_markMasq(1u << config.masqueradeBit) {}

    IptablesPlan run(const std::vector<ServicePortInfo> &ports)
    {
        addFixedChains();
        for (const ServicePortInfo &sp : ports)
            addServicePort(sp);
        finishServices();
        addHooks();
        IptablesPlan plan;
        plan.nat.chains = std::move(m_natFixed);
        for (auto &c : m_natService)
            plan.nat.chains.push_back(std::move(c));
        plan.filter.chains = std::move(m_filterFixed);
        plan.hooks = std::move(m_hooks);
        plan.healthChecks = healthChecks(ports);
        return plan;
    }

private:
    // The fixed chain `name` of a table, declared on first use (in declaration order).
    static IptablesChain &fixedChain(std::vector<IptablesChain> &table, const char *name)
    {
        for (auto &c : table)
            if (c.name == name)
                return c;
        table.push_back({name, {}, {}});
        return table.back();
    }
    IptablesChain &natFixed(const char *name) { return fixedChain(m_natFixed, name); }
    IptablesChain &filterFixed(const char *name) { return fixedChain(m_filterFixed, name); }
    IptablesChain &serviceChain(const std::string &name, const std::string &service)
    {
        m_natService.push_back({name, {}, service});
        return m_natService.back();
    }

    void addFixedChains()
    {
        // Order as kube-proxy declares them; the rules of KUBE-SERVICES and KUBE-NODEPORTS
        // come from the services.
        natFixed(kServicesChain);
        natFixed(kNodePortsChain);
        IptablesChain &post = natFixed(kPostroutingChain);
        {
            Rule r;
            r.markMatch = m_markMasq;
            r.markMatchNegated = true;
            r.target = Target::Return;
            post.rules.push_back(r);
            Rule x;
            x.target = Target::Mark;
            x.markOp = IptablesRule::MarkOp::Xor;
            x.markValue = m_markMasq;
            post.rules.push_back(x);
            Rule m;
            m.comment = "kubernetes service traffic requiring SNAT";
            m.target = Target::Masquerade;
            m.randomFully = true;
            post.rules.push_back(m);
        }
        IptablesChain &masq = natFixed(kMarkMasqChain);
        {
            Rule r;
            r.target = Target::Mark;
            r.markOp = IptablesRule::MarkOp::Or;
            r.markValue = m_markMasq;
            masq.rules.push_back(r);
        }
        IptablesChain &drop = natFixed(kMarkDropChain);
        {
            Rule r;
            r.target = Target::Mark;
            r.markOp = IptablesRule::MarkOp::Or;
            r.markValue = kDropMark;
            drop.rules.push_back(r);
        }

        filterFixed(kServicesChain);
        filterFixed(kExternalServicesChain);
        IptablesChain &fwd = filterFixed(kForwardChain);
        {
            Rule inv;
            inv.ctstate = "INVALID";
            inv.target = Target::Drop;
            fwd.rules.push_back(inv);
            Rule acc;
            acc.comment = "kubernetes forwarding rules";
            acc.markMatch = m_markMasq;
            acc.target = Target::Accept;
            fwd.rules.push_back(acc);
            if (!m_config.clusterCidr.empty()) {
                Rule s;
                s.comment = "kubernetes forwarding conntrack pod source rule";
                s.source = AddressMatch{m_config.clusterCidr, false};
                s.ctstate = "RELATED,ESTABLISHED";
                s.target = Target::Accept;
                fwd.rules.push_back(s);
                Rule d;
                d.comment = "kubernetes forwarding conntrack pod destination rule";
                d.destination = AddressMatch{m_config.clusterCidr, false};
                d.ctstate = "RELATED,ESTABLISHED";
                d.target = Target::Accept;
                fwd.rules.push_back(d);
            }
        }
        filterFixed(kNodePortsChain);
        IptablesChain &fw = filterFixed(kProxyFirewallChain);
        {
            Rule r;
            r.comment = "kubernetes firewall for dropping marked packets";
            r.markMatch = kDropMark;
            r.target = Target::Drop;
            fw.rules.push_back(r);
        }
    }

    void masqueradeUnlessFromCluster(IptablesChain &chain, Rule prefix)
    {
        if (m_config.masqueradeAll) {
            chain.rules.push_back(withJump(prefix, kMarkMasqChain));
        } else if (!m_config.clusterCidr.empty()) {
            prefix.source = AddressMatch{m_config.clusterCidr, true};
            chain.rules.push_back(withJump(prefix, kMarkMasqChain));
        }
    }

    void addServicePort(const ServicePortInfo &sp)
    {
        const std::string spn = sp.servicePortName();
        const std::string proto = sp.lowerProtocol();
        const std::string svcKey = sp.serviceKey();
        const std::string svcChain = serviceChainName(spn, proto);
        const std::string xlbChain = localChainName(spn, proto);
        const std::string fwChain = firewallChainName(spn, proto);

        // Ready endpoints, de-duplicated (a hand-written Endpoints may repeat an address).
        std::vector<const ProxyEndpoint *> eps;
        {
            std::unordered_set<std::string> seen;
            for (const ProxyEndpoint &e : sp.endpoints)
                if (e.ready && seen.insert(e.endpoint()).second)
                    eps.push_back(&e);
        }
        const bool hasEndpoints = !eps.empty();

        IptablesChain &natServices = natFixed(kServicesChain);
        IptablesChain &filterServices = filterFixed(kServicesChain);
        IptablesChain &filterExternal = filterFixed(kExternalServicesChain);

        // Chains of this service port (created up front so the jumps below have targets).
        size_t svcIndex = 0;
        size_t xlbIndex = 0;
        if (hasEndpoints) {
            serviceChain(svcChain, svcKey);
            svcIndex = m_natService.size() - 1;
            if (sp.localExternal) {
                serviceChain(xlbChain, svcKey);
                xlbIndex = m_natService.size() - 1;
            }
        }

        // Cluster IP.
        {
            Rule p = portal(sp, spn + " cluster IP", sp.clusterIP);
            if (hasEndpoints) {
                masqueradeUnlessFromCluster(natServices, p);
                natServices.rules.push_back(withJump(p, svcChain));
            } else {
                p.comment = spn + " has no endpoints";
                filterServices.rules.push_back(withTarget(p, Target::Reject));
            }
        }

        // External IPs.
        for (const std::string &eip : sp.externalIPs) {
            Rule p = portal(sp, spn + " external IP", eip);
            if (hasEndpoints) {
                std::string dest = xlbChain;
                if (!sp.localExternal) {
                    dest = svcChain;
                    masqueradeUnlessFromCluster(natServices, p);
                }
                natServices.rules.push_back(withJump(p, dest));
            } else {
                p.comment = spn + " has no endpoints";
                filterExternal.rules.push_back(withTarget(p, Target::Reject));
            }
        }

        // Load-balancer ingress IPs, through the firewall chain.
        for (const std::string &lb : sp.loadBalancerIPs) {
            if (!hasEndpoints) {
                Rule p = portal(sp, spn + " has no endpoints", lb);
                filterExternal.rules.push_back(withTarget(p, Target::Reject));
                continue;
            }
            IptablesChain *fw = chainNamed(fwChain);
            if (!fw)
                fw = &serviceChain(fwChain, svcKey);
            natServices.rules.push_back(withJump(portal(sp, spn + " loadbalancer IP", lb), fwChain));
            Rule base;
            base.comment = spn + " loadbalancer IP";
            std::string chosen = xlbChain;
            if (!sp.localExternal) {
                fw->rules.push_back(withJump(base, kMarkMasqChain));
                chosen = svcChain;
            }
            if (sp.loadBalancerSourceRanges.empty()) {
                fw->rules.push_back(withJump(base, chosen));
            } else {
                bool allowFromNode = false;
                for (const std::string &src : sp.loadBalancerSourceRanges) {
                    const auto net = IpNetwork::parse(src);
                    if (!net || !net->isV4())
                        continue; // validation rejects these; never write a rule we can't parse
                    Rule r = base;
                    r.source = AddressMatch{net->toString(), false};
                    fw->rules.push_back(withJump(r, chosen));
                    for (const std::string &a : m_config.localAddresses)
                        if (const auto ip = IpAddress::parse(a); ip && net->contains(*ip))
                            allowFromNode = true;
                }
                // Traffic the load balancer's own hosts loop back to the VIP (kube-proxy).
                if (allowFromNode) {
                    Rule r = base;
                    r.source = AddressMatch{lb + "/32", false};
                    fw->rules.push_back(withJump(r, chosen));
                }
            }
            // What reaches the end of the firewall chain was not admitted: drop it.
            fw->rules.push_back(withJump(base, kMarkDropChain));
        }

        // Node port.
        if (sp.nodePort != 0) {
            Rule p;
            p.comment = spn;
            p.protocol = proto;
            p.destinationPort = sp.nodePort;
            if (hasEndpoints) {
                IptablesChain &nodePorts = natFixed(kNodePortsChain);
                if (!sp.localExternal) {
                    nodePorts.rules.push_back(withJump(p, kMarkMasqChain));
                    nodePorts.rules.push_back(withJump(p, svcChain));
                } else {
                    Rule loop;
                    loop.source = AddressMatch{"127.0.0.0/8", false};
                    m_natService[xlbIndex].rules.push_back(withJump(loop, kMarkMasqChain));
                    nodePorts.rules.push_back(withJump(p, xlbChain));
                }
            } else {
                Rule r = p;
                r.comment = spn + " has no endpoints";
                r.dstTypeLocal = true;
                filterExternal.rules.push_back(withTarget(r, Target::Reject));
            }
        }

        // Health check node port (policy Local): answered by the agent; let it in.
        if (sp.localExternal && sp.healthCheckNodePort != 0) {
            Rule r;
            r.comment = spn + " health check node port";
            r.protocol = "tcp";
            r.destinationPort = sp.healthCheckNodePort;
            r.target = Target::Accept;
            filterFixed(kNodePortsChain).rules.push_back(r);
        }

        if (!hasEndpoints)
            return;

        // Endpoint chains.
        std::vector<std::string> epChains;
        std::vector<const ProxyEndpoint *> localEps;
        std::vector<std::string> localChains;
        for (const ProxyEndpoint *e : eps) {
            epChains.push_back(endpointChainName(spn, proto, e->endpoint()));
            if (e->isLocal) {
                localEps.push_back(e);
                localChains.push_back(epChains.back());
            }
        }

        {
            IptablesChain &chain = m_natService[svcIndex];
            if (sp.clientIpAffinity)
                for (const std::string &ec : epChains)
                    chain.rules.push_back(affinityCheck(spn, ec, sp.stickySeconds));
            const int n = int(epChains.size());
            for (int i = 0; i < n; ++i) {
                Rule r;
                r.comment = spn;
                if (i < n - 1)
                    r.probability = probability(n - i);
                chain.rules.push_back(withJump(r, epChains[size_t(i)]));
            }
        }
        for (size_t i = 0; i < eps.size(); ++i) {
            IptablesChain &sep = serviceChain(epChains[i], svcKey);
            Rule hairpin;
            hairpin.comment = spn;
            hairpin.source = AddressMatch{eps[i]->ip + "/32", false};
            sep.rules.push_back(withJump(hairpin, kMarkMasqChain));
            Rule dnat;
            dnat.comment = spn;
            if (sp.clientIpAffinity) {
                dnat.recent = IptablesRule::RecentOp::Set;
                dnat.recentName = epChains[i];
            }
            dnat.protocol = proto;
            dnat.target = Target::Dnat;
            dnat.toDestination = eps[i]->endpoint();
            sep.rules.push_back(dnat);
        }

        if (!sp.localExternal)
            return;
        IptablesChain &local = m_natService[xlbIndex];
        if (!m_config.clusterCidr.empty()) {
            Rule r;
            r.comment = "Redirect pods trying to reach external loadbalancer VIP to clusterIP";
            r.source = AddressMatch{m_config.clusterCidr, false};
            local.rules.push_back(withJump(r, svcChain));
        }
        {
            Rule r;
            r.comment = "masquerade LOCAL traffic for " + spn + " LB IP";
            r.srcTypeLocal = true;
            local.rules.push_back(withJump(r, kMarkMasqChain));
            r.comment = "route LOCAL traffic for " + spn + " LB IP to service chain";
            local.rules.push_back(withJump(r, svcChain));
        }
        if (localChains.empty()) {
            local.rules.push_back(jump(kMarkDropChain, spn + " has no local endpoints"));
            return;
        }
        if (sp.clientIpAffinity)
            for (const std::string &ec : localChains)
                local.rules.push_back(affinityCheck(spn, ec, sp.stickySeconds));
        const int n = int(localChains.size());
        for (int i = 0; i < n; ++i) {
            Rule r;
            r.comment = "Balancing rule " + std::to_string(i) + " for " + spn;
            if (i < n - 1)
                r.probability = probability(n - i);
            local.rules.push_back(withJump(r, localChains[size_t(i)]));
        }
    }

    static Rule affinityCheck(const std::string &spn, const std::string &endpointChain, int seconds)
    {
        Rule r;
        r.comment = spn;
        r.recent = IptablesRule::RecentOp::Check;
        r.recentName = endpointChain;
        r.recentSeconds = seconds;
        return withJump(r, endpointChain);
    }

    IptablesChain *chainNamed(const std::string &name)
    {
        for (auto &c : m_natService)
            if (c.name == name)
                return &c;
        return nullptr;
    }

    void finishServices()
    {
        // The node-port jump must be the last rule of KUBE-SERVICES.
        IptablesChain &natServices = natFixed(kServicesChain);
        const std::string comment
            = "kubernetes service nodeports; NOTE: this must be the last rule in this chain";
        const NodePortAddresses addrs = nodePortAddresses(m_config);
        if (addrs.all) {
            Rule r = jump(kNodePortsChain, comment);
            r.dstTypeLocal = true;
            natServices.rules.push_back(r);
        } else {
            for (const std::string &a : addrs.addresses) {
                Rule r = jump(kNodePortsChain, comment);
                r.destination = AddressMatch{a + "/32", false};
                natServices.rules.push_back(r);
            }
        }
    }

    void hook(const char *table, const char *chain, const char *comment, const char *target,
              const char *ctstate = "")
    {
        Rule r = jump(target, comment);
        r.ctstate = ctstate;
        m_hooks.push_back({table, chain, r});
    }

    void addHooks()
    {
        // The drop of marked packets comes first: KUBE-FORWARD accepts anything marked for
        // masquerading, and a packet a firewall chain refused carries both marks.
        const char *dropComment = "kubernetes firewall for dropping marked packets";
        hook("filter", "INPUT", dropComment, kProxyFirewallChain);
        hook("filter", "INPUT", "kubernetes externally-visible service portals",
             kExternalServicesChain, "NEW");
        hook("filter", "INPUT", "kubernetes health check service ports", kNodePortsChain);
        hook("filter", "FORWARD", dropComment, kProxyFirewallChain);
        hook("filter", "FORWARD", "kubernetes service portals", kServicesChain, "NEW");
        hook("filter", "FORWARD", "kubernetes externally-visible service portals",
             kExternalServicesChain, "NEW");
        hook("filter", "FORWARD", "kubernetes forwarding rules", kForwardChain);
        hook("filter", "OUTPUT", dropComment, kProxyFirewallChain);
        hook("filter", "OUTPUT", "kubernetes service portals", kServicesChain, "NEW");
        hook("nat", "PREROUTING", "kubernetes service portals", kServicesChain);
        hook("nat", "OUTPUT", "kubernetes service portals", kServicesChain);
        hook("nat", "POSTROUTING", "kubernetes postrouting rules", kPostroutingChain);
    }

    const ProxyConfig &m_config;
    const uint32_t m_markMasq;
    std::vector<IptablesChain> m_natFixed;
    std::vector<IptablesChain> m_natService;
    std::vector<IptablesChain> m_filterFixed;
    std::vector<HookRule> m_hooks;
};

void renderTable(std::string &out, const IptablesTable &table, const IptablesPlan &plan,
                 const RestoreScope &scope, bool hooksAsAppend)
{
    static const std::set<std::string> kNone;
    const auto existingIt = scope.existingChains.find(table.name);
    const std::set<std::string> &existing = existingIt == scope.existingChains.end() ? kNone
                                                                                      : existingIt->second;
    std::vector<const IptablesChain *> written;
    std::set<std::string> planned;
    for (const IptablesChain &c : table.chains) {
        planned.insert(c.name);
        const bool write = scope.full || c.service.empty() || scope.changedServices.count(c.service)
                           || !existing.count(c.name);
        if (write)
            written.push_back(&c);
    }
    std::vector<std::string> stale;
    for (const std::string &name : existing)
        if (!planned.count(name))
            stale.push_back(name);

    out += "*" + table.name + "\n";
    for (const IptablesChain *c : written)
        out += ":" + c->name + " - [0:0]\n";
    for (const std::string &s : stale)
        out += ":" + s + " - [0:0]\n";
    // Missing hooks, inserted at the top in reverse so they end up in plan order.
    const std::vector<HookRule> &hooks = hooksAsAppend ? plan.hooks : scope.missingHooks;
    if (hooksAsAppend) {
        for (const HookRule &h : hooks)
            if (h.table == table.name)
                out += "-A " + h.chain + " " + h.rule.render() + "\n";
    } else {
        for (auto it = hooks.rbegin(); it != hooks.rend(); ++it)
            if (it->table == table.name)
                out += "-I " + it->chain + " 1 " + it->rule.render() + "\n";
    }
    for (const IptablesChain *c : written)
        for (const IptablesRule &r : c->rules)
            out += "-A " + c->name + " " + r.render() + "\n";
    for (const std::string &s : stale)
        out += "-X " + s + "\n";
    out += "COMMIT\n";
}

} // namespace

const IptablesChain *IptablesTable::chain(std::string_view chainName) const
{
    for (const IptablesChain &c : chains)
        if (c.name == chainName)
            return &c;
    return nullptr;
}

const IptablesTable *IptablesPlan::table(std::string_view tableName) const
{
    if (tableName == "nat")
        return &nat;
    if (tableName == "filter")
        return &filter;
    return nullptr;
}

size_t IptablesPlan::ruleCount() const
{
    size_t n = hooks.size();
    for (const IptablesTable *t : {&nat, &filter})
        for (const IptablesChain &c : t->chains)
            n += c.rules.size();
    return n;
}

IptablesPlan planIptables(const std::vector<ServicePortInfo> &ports, const ProxyConfig &config)
{
    return Planner(config).run(ports);
}

std::string renderRestore(const IptablesPlan &plan, const RestoreScope &scope)
{
    std::string out;
    renderTable(out, plan.filter, plan, scope, false);
    renderTable(out, plan.nat, plan, scope, false);
    return out;
}

std::map<std::string, std::set<std::string>> chainNames(const IptablesPlan &plan)
{
    std::map<std::string, std::set<std::string>> out;
    for (const IptablesTable *t : {&plan.filter, &plan.nat})
        for (const IptablesChain &c : t->chains)
            out[t->name].insert(c.name);
    return out;
}

std::string renderListing(const IptablesPlan &plan)
{
    std::string out;
    RestoreScope scope;
    renderTable(out, plan.filter, plan, scope, true);
    renderTable(out, plan.nat, plan, scope, true);
    return out;
}

} // namespace studio::proxy
