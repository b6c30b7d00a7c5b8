// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/nftables_plan.h"

#include "proxy/chain_names.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_set>

namespace studio::proxy {

namespace {

const char *kAddrProtoPort = "ipv4_addr . inet_proto . inet_service : verdict";
const char *kProtoPort = "inet_proto . inet_service : verdict";

std::string hex8(uint32_t v)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", v);
    return buf;
}

class Planner
{
public:
    explicit Planner(const ProxyConfig &config)
        : m_config(config), m_masqMark(hex8(1u << config.masqueradeBit))
    {}

    NftablesPlan run(const std::vector<ServicePortInfo> &ports)
    {
        fixed();
        for (const ServicePortInfo &sp : ports)
            service(sp);
        NftablesPlan plan;
        for (auto &[name, set] : m_sets) {
            std::sort(set.elements.begin(), set.elements.end(),
                      [](const NftElement &a, const NftElement &b) { return a.key < b.key; });
            if (!set.isMap) // an address shared by several services is one element
                set.elements.erase(std::unique(set.elements.begin(), set.elements.end()), set.elements.end());
            plan.sets.push_back(std::move(set));
        }
        plan.chains = std::move(m_fixed);
        for (auto &c : m_service)
            plan.chains.push_back(std::move(c));
        return plan;
    }

private:
    NftSet &set(const std::string &name, const char *type, bool isMap, std::string flags = {},
                int timeout = 0)
    {
        auto it = m_sets.find(name);
        if (it == m_sets.end())
            it = m_sets.emplace(name, NftSet{name, type, std::move(flags), timeout, isMap, {}}).first;
        return it->second;
    }

    void fixed()
    {
        set("service-ips", kAddrProtoPort, true);
        set("service-nodeports", kProtoPort, true);
        set("no-endpoint-services", kAddrProtoPort, true);
        set("no-endpoint-nodeports", kProtoPort, true);
        set("firewall-ips", kAddrProtoPort, true);

        const NodePortAddresses addrs = nodePortAddresses(m_config);
        std::vector<std::string> services = {"ip daddr . meta l4proto . th dport vmap @service-ips"};
        std::string nodeportMatch = "fib daddr type local";
        if (!addrs.all) {
            NftSet &ips = set("nodeport-ips", "ipv4_addr", false);
            for (const std::string &a : addrs.addresses)
                ips.elements.push_back({a, {}});
            nodeportMatch = "ip daddr @nodeport-ips";
        }
        // Node ports last, as in KUBE-SERVICES.
        services.push_back(nodeportMatch + " meta l4proto . th dport vmap @service-nodeports");

        m_fixed.push_back({"nat-prerouting", "type nat hook prerouting priority dstnat; policy accept;",
                           {"jump services"}, {}});
        m_fixed.push_back({"nat-output", "type nat hook output priority -100; policy accept;", {"jump services"}, {}});
        m_fixed.push_back({"nat-postrouting", "type nat hook postrouting priority srcnat; policy accept;",
                           {"ct status dnat ip saddr . ip daddr @hairpin jump mark-for-masquerade",
                            "jump masquerading"},
                           {}});
        // Hairpin (a pod reaching itself through a service) in one rule: after DNAT the
        // source equals the chosen endpoint. One set of "ip . ip" for every endpoint address,
        // rather than one rule per endpoint in each service chain.
        set("hairpin", "ipv4_addr . ipv4_addr", false);
        // Source ranges are checked before DNAT (the destination is still the LB IP).
        const std::string fw = "ct state new ip daddr . meta l4proto . th dport vmap @firewall-ips";
        m_fixed.push_back({"filter-prerouting", "type filter hook prerouting priority dstnat - 10; policy accept;", {fw}, {}});
        m_fixed.push_back({"filter-output-pre-dnat", "type filter hook output priority -110; policy accept;", {fw}, {}});
        const std::string check = "ct state new jump service-endpoints-check";
        m_fixed.push_back({"filter-input", "type filter hook input priority filter - 10; policy accept;", {check}, {}});
        m_fixed.push_back({"filter-forward", "type filter hook forward priority filter - 10; policy accept;", {check}, {}});
        m_fixed.push_back({"filter-output", "type filter hook output priority filter - 10; policy accept;", {check}, {}});
        m_fixed.push_back({"service-endpoints-check", {},
                           {"ip daddr . meta l4proto . th dport vmap @no-endpoint-services",
                            nodeportMatch + " meta l4proto . th dport vmap @no-endpoint-nodeports"},
                           {}});
        m_fixed.push_back({"reject-chain", {}, {"reject"}, {}});
        m_fixed.push_back({"services", {}, services, {}});
        m_fixed.push_back({"mark-for-masquerade", {}, {"meta mark set meta mark | " + m_masqMark}, {}});
        m_fixed.push_back({"masquerading", {},
                           {"meta mark & " + m_masqMark + " == 0 return",
                            "meta mark set meta mark ^ " + m_masqMark, "masquerade fully-random"},
                           {}});
    }

    std::string fromOutsideCluster() const
    {
        if (m_config.masqueradeAll)
            return "";
        if (m_config.clusterCidr.empty())
            return {};
        return "ip saddr != " + m_config.clusterCidr + " ";
    }

    void service(const ServicePortInfo &sp)
    {
        const std::string base = nftChainBase(sp);
        const std::string key = sp.serviceKey();
        const std::string proto = sp.lowerProtocol();
        const std::string svcChain = "service-" + base;
        const std::string extChain = "external-" + base;
        const std::string fwChain = "firewall-" + base;
        const std::string port = std::to_string(sp.port);

        std::vector<const ProxyEndpoint *> eps;
        {
            std::unordered_set<std::string> seen;
            for (const ProxyEndpoint &e : sp.endpoints)
                if (e.ready && seen.insert(e.endpoint()).second)
                    eps.push_back(&e);
        }
        if (eps.empty()) {
            auto &noEp = set("no-endpoint-services", kAddrProtoPort, true).elements;
            noEp.push_back({sp.clusterIP + " . " + proto + " . " + port, "goto reject-chain"});
            for (const std::string &ip : sp.externalIPs)
                noEp.push_back({ip + " . " + proto + " . " + port, "goto reject-chain"});
            for (const std::string &ip : sp.loadBalancerIPs)
                noEp.push_back({ip + " . " + proto + " . " + port, "goto reject-chain"});
            if (sp.nodePort)
                set("no-endpoint-nodeports", kProtoPort, true)
                    .elements.push_back({proto + " . " + std::to_string(sp.nodePort), "goto reject-chain"});
            return;
        }

        std::vector<const ProxyEndpoint *> local;
        for (const ProxyEndpoint *e : eps)
            if (e->isLocal)
                local.push_back(e);

        // The cluster-wide service chain.
        NftChain svc{svcChain, {}, {}, key};
        {
            // Masquerade what comes from outside the pod network to the cluster or an external
            // IP. No anonymous sets: nft 1.0's cost grows with their number (one per rule per
            // service made a 10,000-service load take minutes), so one rule per address.
            std::vector<std::string> daddrs = {sp.clusterIP};
            daddrs.insert(daddrs.end(), sp.externalIPs.begin(), sp.externalIPs.end());
            if (m_config.masqueradeAll || !m_config.clusterCidr.empty())
                for (const std::string &d : daddrs)
                    svc.rules.push_back("ip daddr " + d + " " + fromOutsideCluster() + "jump mark-for-masquerade");
        }
        auto &hairpin = set("hairpin", "ipv4_addr . ipv4_addr", false).elements;
        for (const ProxyEndpoint *e : eps)
            hairpin.push_back({e->ip + " . " + e->ip, {}});
        balance(svc, sp, base, eps, "");
        m_service.push_back(std::move(svc));

        auto &serviceIps = set("service-ips", kAddrProtoPort, true).elements;
        serviceIps.push_back({sp.clusterIP + " . " + proto + " . " + port, "goto " + svcChain});

        // Traffic from outside: node ports, external and load-balancer IPs.
        const bool external = sp.nodePort || !sp.externalIPs.empty() || !sp.loadBalancerIPs.empty();
        if (external) {
            NftChain ext{extChain, {}, {}, key};
            if (!sp.localExternal) {
                ext.rules.push_back("jump mark-for-masquerade");
                ext.rules.push_back("goto " + svcChain);
            } else {
                if (sp.nodePort)
                    ext.rules.push_back("ip saddr 127.0.0.0/8 jump mark-for-masquerade");
                if (!m_config.clusterCidr.empty())
                    ext.rules.push_back("ip saddr " + m_config.clusterCidr + " goto " + svcChain);
                ext.rules.push_back("fib saddr type local jump mark-for-masquerade");
                ext.rules.push_back("fib saddr type local goto " + svcChain);
                if (local.empty())
                    ext.rules.push_back("drop");
                else
                    balance(ext, sp, base, local, "local-");
            }
            m_service.push_back(std::move(ext));
            // External IPs keep the iptables mode's rule: masquerade only off-cluster clients
            // (done in the service chain); policy Local goes through the external chain.
            for (const std::string &ip : sp.externalIPs)
                serviceIps.push_back({ip + " . " + proto + " . " + port,
                                      "goto " + (sp.localExternal ? extChain : svcChain)});
            for (const std::string &ip : sp.loadBalancerIPs) {
                serviceIps.push_back({ip + " . " + proto + " . " + port, "goto " + extChain});
                if (!sp.loadBalancerSourceRanges.empty()) {
                    std::string ranges;
                    bool allowFromNode = false;
                    for (const std::string &r : sp.loadBalancerSourceRanges) {
                        const auto net = IpNetwork::parse(r);
                        if (!net || !net->isV4())
                            continue;
                        ranges += (ranges.empty() ? "" : ", ") + net->toString();
                        for (const std::string &a : m_config.localAddresses)
                            if (const auto lip = IpAddress::parse(a); lip && net->contains(*lip))
                                allowFromNode = true;
                    }
                    if (allowFromNode)
                        ranges += ", " + ip;
                    if (!m_sets.count("firewall-ips") || !hasChain(fwChain)) {
                        m_service.push_back({fwChain, {}, {"ip saddr { " + ranges + " } return", "drop"}, key});
                    }
                    set("firewall-ips", kAddrProtoPort, true)
                        .elements.push_back({ip + " . " + proto + " . " + port, "goto " + fwChain});
                }
            }
            if (sp.nodePort)
                set("service-nodeports", kProtoPort, true)
                    .elements.push_back({proto + " . " + std::to_string(sp.nodePort), "goto " + extChain});
        }
    }

    bool hasChain(const std::string &name) const
    {
        return std::any_of(m_service.begin(), m_service.end(), [&](const NftChain &c) { return c.name == name; });
    }

    // Endpoint choice without sets or maps: endpoint i of n is taken with probability
    // 1/(n-i) among what is left (`numgen random mod (n-i) == 0`), the iptables mode's
    // statistic cascade, so each is chosen with probability 1/n. No anonymous map per
    // service: the kernel scans every set of the table for each jump it checks and walks a
    // named map's elements for each chain bound to it, so either made a 10,000-service load
    // take minutes. With ClientIP affinity, one chain and one timeout set per endpoint.
    static std::string pick(int i, int n)
    {
        return i + 1 < n ? "numgen random mod " + std::to_string(n - i) + " == 0 " : std::string();
    }

    void balance(NftChain &chain, const ServicePortInfo &sp, const std::string &base,
                 const std::vector<const ProxyEndpoint *> &eps, const std::string &setPrefix)
    {
        const std::string proto = sp.lowerProtocol();
        const int n = int(eps.size());
        if (!sp.clientIpAffinity) {
            for (int i = 0; i < n; ++i)
                chain.rules.push_back(pick(i, n) + "meta l4proto " + proto + " dnat to " + eps[size_t(i)]->endpoint());
            return;
        }
        std::vector<std::string> epChains;
        for (int i = 0; i < n; ++i) {
            const ProxyEndpoint &e = *eps[size_t(i)];
            const std::string epChain = "endpoint-" + base + "__" + e.ip + "/" + std::to_string(e.port);
            // Affinity sets are shared between the service and its Local chain: the same
            // endpoint keeps the same client, whichever way it came in.
            const std::string affinity = "affinity-" + base.substr(0, 8) + "-" + e.ip + "-" + std::to_string(e.port);
            set(affinity, "ipv4_addr", false, "dynamic,timeout", sp.stickySeconds);
            chain.rules.push_back("ip saddr @" + affinity + " goto " + epChain);
            epChains.push_back(epChain);
            if (!hasChain(epChain) && setPrefix.empty())
                m_pendingEndpointChains.push_back(
                    {epChain, {}, {"update @" + affinity + " { ip saddr }", "meta l4proto " + proto + " dnat to " + e.endpoint()}, sp.serviceKey()});
        }
        for (int i = 0; i < n; ++i)
            chain.rules.push_back(pick(i, n) + "goto " + epChains[size_t(i)]);
        // Endpoint chains go after the service chain that uses them.
        for (auto &c : m_pendingEndpointChains)
            m_service.push_back(std::move(c));
        m_pendingEndpointChains.clear();
    }

    const ProxyConfig &m_config;
    const std::string m_masqMark;
    std::map<std::string, NftSet> m_sets;
    std::vector<NftChain> m_fixed;
    std::vector<NftChain> m_service;
    std::vector<NftChain> m_pendingEndpointChains;
};

void renderSet(std::string &out, const NftSet &s, const std::string &indent)
{
    out += indent + (s.isMap ? "map " : "set ") + s.name + " {\n";
    out += indent + "\ttype " + s.type + "\n";
    if (!s.flags.empty())
        out += indent + "\tflags " + s.flags + "\n";
    if (s.timeoutSeconds > 0)
        out += indent + "\ttimeout " + std::to_string(s.timeoutSeconds) + "s\n";
    if (!s.elements.empty()) {
        out += indent + "\telements = { ";
        for (size_t i = 0; i < s.elements.size(); ++i) {
            if (i)
                out += ",\n" + indent + "\t\t     ";
            out += s.elements[i].key;
            if (s.isMap)
                out += " : " + s.elements[i].value;
        }
        out += " }\n";
    }
    out += indent + "}\n";
}

std::string element(const NftElement &e, bool isMap)
{
    return isMap ? e.key + " : " + e.value : e.key;
}

} // namespace

const NftChain *NftablesPlan::chain(std::string_view name) const
{
    for (const NftChain &c : chains)
        if (c.name == name)
            return &c;
    return nullptr;
}

const NftSet *NftablesPlan::set(std::string_view name) const
{
    for (const NftSet &s : sets)
        if (s.name == name)
            return &s;
    return nullptr;
}

size_t NftablesPlan::elementCount() const
{
    size_t n = 0;
    for (const NftSet &s : sets)
        n += s.elements.size();
    return n;
}

std::string nftChainBase(const ServicePortInfo &port)
{
    return portProtoHash(port.servicePortName(), port.lowerProtocol()).substr(0, 8) + "-" + port.namespace_ + "/"
           + port.name + "/" + port.lowerProtocol() + "/" + port.portName;
}

NftablesPlan planNftables(const std::vector<ServicePortInfo> &ports, const ProxyConfig &config)
{
    return Planner(config).run(ports);
}

std::string renderNftables(const NftablesPlan &plan)
{
    const std::string t = plan.family + " " + plan.table;
    std::string out = "add table " + t + "\ndelete table " + t + "\ntable " + t + " {\n";
    for (const NftSet &s : plan.sets)
        renderSet(out, s, "\t");
    for (const NftChain &c : plan.chains) {
        out += "\tchain " + c.name + " {\n";
        if (!c.base.empty())
            out += "\t\t" + c.base + "\n";
        for (const std::string &r : c.rules)
            out += "\t\t" + r + "\n";
        out += "\t}\n";
    }
    out += "}\n";
    return out;
}

std::string renderNftablesUpdate(const NftablesPlan &previous, const NftablesPlan &plan)
{
    const std::string t = plan.family + " " + plan.table;
    std::string out;
    std::map<std::string, const NftChain *> oldChains, newChains;
    for (const NftChain &c : previous.chains)
        oldChains[c.name] = &c;
    for (const NftChain &c : plan.chains)
        newChains[c.name] = &c;
    std::map<std::string, const NftSet *> oldSets, newSets;
    for (const NftSet &s : previous.sets)
        oldSets[s.name] = &s;
    for (const NftSet &s : plan.sets)
        newSets[s.name] = &s;

    // 1. New sets, then new chains (declared empty so that rules and elements may refer to
    //    them in any order).
    for (const NftSet &s : plan.sets)
        if (!oldSets.count(s.name)) {
            out += "add " + std::string(s.isMap ? "map " : "set ") + t + " " + s.name + " { type " + s.type
                   + (s.flags.empty() ? "" : "; flags " + s.flags)
                   + (s.timeoutSeconds > 0 ? "; timeout " + std::to_string(s.timeoutSeconds) + "s" : "") + "; }\n";
        }
    for (const NftChain &c : plan.chains)
        if (!oldChains.count(c.name))
            out += "add chain " + t + " " + c.name + (c.base.empty() ? "" : " { " + c.base + " }") + "\n";
    // 2. Rules of new and changed chains.
    for (const NftChain &c : plan.chains) {
        const auto it = oldChains.find(c.name);
        if (it != oldChains.end() && it->second->rules == c.rules)
            continue;
        if (it != oldChains.end())
            out += "flush chain " + t + " " + c.name + "\n";
        for (const std::string &r : c.rules)
            out += "add rule " + t + " " + c.name + " " + r + "\n";
    }
    // 3. Map and set elements.
    for (const NftSet &s : plan.sets) {
        std::map<std::string, std::string> before;
        if (const auto it = oldSets.find(s.name); it != oldSets.end())
            for (const NftElement &e : it->second->elements)
                before[e.key] = e.value;
        std::vector<std::string> removed, added;
        std::set<std::string> now;
        for (const NftElement &e : s.elements) {
            now.insert(e.key);
            const auto b = before.find(e.key);
            if (b == before.end()) {
                added.push_back(element(e, s.isMap));
            } else if (b->second != e.value) {
                removed.push_back(e.key);
                added.push_back(element(e, s.isMap));
            }
        }
        for (const auto &[k, v] : before)
            if (!now.count(k))
                removed.push_back(k);
        std::sort(removed.begin(), removed.end());
        removed.erase(std::unique(removed.begin(), removed.end()), removed.end());
        if (!removed.empty()) {
            out += "delete element " + t + " " + s.name + " { ";
            for (size_t i = 0; i < removed.size(); ++i)
                out += (i ? ", " : "") + removed[i];
            out += " }\n";
        }
        if (!added.empty()) {
            out += "add element " + t + " " + s.name + " { ";
            for (size_t i = 0; i < added.size(); ++i)
                out += (i ? ", " : "") + added[i];
            out += " }\n";
        }
    }
    // 4. Gone: elements of gone maps first (a chain can't go while referenced), then chains.
    for (const NftSet &s : previous.sets)
        if (!newSets.count(s.name) && !s.elements.empty())
            out += "flush " + std::string(s.isMap ? "map " : "set ") + t + " " + s.name + "\n";
    for (const NftChain &c : previous.chains)
        if (!newChains.count(c.name))
            out += "flush chain " + t + " " + c.name + "\n";
    for (const NftChain &c : previous.chains)
        if (!newChains.count(c.name))
            out += "delete chain " + t + " " + c.name + "\n";
    for (const NftSet &s : previous.sets)
        if (!newSets.count(s.name))
            out += "delete " + std::string(s.isMap ? "map " : "set ") + t + " " + s.name + "\n";
    return out;
}

std::string renderNftablesCleanup(const NftablesPlan &plan)
{
    const std::string t = plan.family + " " + plan.table;
    return "add table " + t + "\ndelete table " + t + "\n";
}

} // namespace studio::proxy
