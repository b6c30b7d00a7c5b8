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

// Endpoint maps: enough that binding each service chain to its map walks few elements
// (about 800 at 10,000 services × 5), few enough that the per-jump scan over the table's
// sets stays short.
constexpr uint32_t kEndpointBuckets = 64;

uint32_t fnv1a(const std::string &s)
{
    uint32_t h = 2166136261u;
    for (unsigned char c : s) {
        h ^= c;
        h *= 16777619u;
    }
    return h;
}

std::string endpointMapName(const std::string &proto, uint32_t bucket)
{
    char buf[40];
    std::snprintf(buf, sizeof buf, "endpoints-%s-%02u", proto.c_str(), bucket);
    return buf;
}

bool isEndpointMap(const std::string &name)
{
    return name.rfind("endpoints-", 0) == 0;
}

// "type X" or, for a typeof declaration, as it is.
std::string declaration(const NftSet &s)
{
    return s.type.rfind("typeof ", 0) == 0 ? s.type : "type " + s.type;
}

// Endpoint slots a re-plan keeps: a chain whose endpoint count did not change keeps its
// keys, so replacing an endpoint is only map elements; new ranges go after every range in
// use (the changed services' old ones included: their keys may still be in the kernel).
struct SlotReuse
{
    std::map<std::string, const NftChain *> previous; // chain name -> its old version
    std::map<std::string, uint32_t> next;              // endpoint map -> first free key
};

bool elementOrder(const NftElement &a, const NftElement &b)
{
    return a.key != b.key ? a.key < b.key : a.service < b.service;
}

std::string hex8(uint32_t v)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", v);
    return buf;
}

class Planner
{
public:
    explicit Planner(const ProxyConfig &config, const SlotReuse *reuse = nullptr)
        : m_config(config), m_masqMark(hex8(1u << config.masqueradeBit))
    {
        if (reuse) {
            m_previousSlots = &reuse->previous;
            m_nextSlot = reuse->next;
        }
    }

    // The whole table; or, with withFixed false, only what `ports` add to it (their chains,
    // their own sets, their elements in the shared sets).
    NftablesPlan run(const std::vector<ServicePortInfo> &ports, bool withFixed = true)
    {
        fixed();
        if (!withFixed) {
            m_fixed.clear();
            for (auto &[name, set] : m_sets)
                set.elements.clear();
        }
        std::map<std::string, size_t> claimed; // per set: elements already given an owner
        for (const auto &[name, set] : m_sets)
            claimed[name] = set.elements.size();
        for (const ServicePortInfo &sp : ports) {
            service(sp);
            const std::string key = sp.serviceKey();
            for (auto &[name, set] : m_sets) {
                const auto [it, created] = claimed.try_emplace(name, 0);
                if (created && !m_fixedSets.count(name))
                    set.service = key; // made for this service alone (affinity)
                for (size_t i = it->second; i < set.elements.size(); ++i)
                    set.elements[i].service = key;
                it->second = set.elements.size();
            }
        }
        NftablesPlan plan;
        for (auto &[name, set] : m_sets) {
            if (!withFixed && m_fixedSets.count(name) && set.elements.empty())
                continue;
            std::sort(set.elements.begin(), set.elements.end(), elementOrder);
            plan.sets.push_back(std::move(set));
        }
        plan.nextSlot = std::move(m_nextSlot);
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
            it = m_sets.emplace(name, NftSet{name, type, std::move(flags), timeout, isMap, {}, {}}).first;
        return it->second;
    }

    void fixed()
    {
        struct Remember
        {
            Planner &p;
            ~Remember()
            {
                for (const auto &[name, set] : p.m_sets)
                    p.m_fixedSets.insert(name);
            }
        } remember{*this};
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
                ips.elements.push_back({a, {}, {}});
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
            noEp.push_back({sp.clusterIP + " . " + proto + " . " + port, "goto reject-chain", {}});
            for (const std::string &ip : sp.externalIPs)
                noEp.push_back({ip + " . " + proto + " . " + port, "goto reject-chain", {}});
            for (const std::string &ip : sp.loadBalancerIPs)
                noEp.push_back({ip + " . " + proto + " . " + port, "goto reject-chain", {}});
            if (sp.nodePort)
                set("no-endpoint-nodeports", kProtoPort, true)
                    .elements.push_back({proto + " . " + std::to_string(sp.nodePort), "goto reject-chain", {}});
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
            hairpin.push_back({e->ip + " . " + e->ip, {}, {}});
        balance(svc, sp, base, eps, "");
        m_service.push_back(std::move(svc));

        auto &serviceIps = set("service-ips", kAddrProtoPort, true).elements;
        serviceIps.push_back({sp.clusterIP + " . " + proto + " . " + port, "goto " + svcChain, {}});

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
                                      "goto " + (sp.localExternal ? extChain : svcChain), {}});
            for (const std::string &ip : sp.loadBalancerIPs) {
                serviceIps.push_back({ip + " . " + proto + " . " + port, "goto " + extChain, {}});
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
                        .elements.push_back({ip + " . " + proto + " . " + port, "goto " + fwChain, {}});
                }
            }
            if (sp.nodePort)
                set("service-nodeports", kProtoPort, true)
                    .elements.push_back({proto + " . " + std::to_string(sp.nodePort), "goto " + extChain, {}});
        }
    }

    bool hasChain(const std::string &name) const
    {
        return std::any_of(m_service.begin(), m_service.end(), [&](const NftChain &c) { return c.name == name; });
    }

    // With ClientIP affinity, a cascade: endpoint i of n is taken with probability 1/(n-i)
    // among what is left (`numgen random mod (n-i) == 0`), as the iptables mode's statistic
    // rules, so each is chosen with probability 1/n.
    static std::string pick(int i, int n)
    {
        return i + 1 < n ? "numgen random mod " + std::to_string(n - i) + " == 0 " : std::string();
    }

    // Endpoint choice: keys offset..offset+n-1 of a shared endpoint map (see the header).
    void pickFromMap(NftChain &chain, const std::string &proto, const std::vector<const ProxyEndpoint *> &eps)
    {
        const int n = int(eps.size());
        const std::string map = endpointMapName(proto, fnv1a(chain.name) % kEndpointBuckets);
        uint32_t offset = 0;
        const NftChain *before = nullptr;
        if (m_previousSlots)
            if (const auto it = m_previousSlots->find(chain.name); it != m_previousSlots->end())
                before = it->second;
        if (before && before->slotMap == map && before->slotCount == n) {
            offset = before->slotOffset;
        } else {
            uint32_t &next = m_nextSlot[map];
            offset = next;
            next += uint32_t(n);
        }
        chain.slotMap = map;
        chain.slotOffset = offset;
        chain.slotCount = n;
        // Typed by protocol: nft refuses a `meta l4proto udp` rule on a `tcp dport` map, and
        // one on a `th dport` map once the map is read back from the kernel.
        NftSet &eps_ = set(map, ("typeof numgen random mod 1 : ip daddr . " + proto + " dport").c_str(), true);
        m_fixedSets.insert(map); // shared by the services of the bucket, owned by none
        for (int i = 0; i < n; ++i)
            eps_.elements.push_back({std::to_string(offset + uint32_t(i)),
                                     eps[size_t(i)]->ip + " . " + std::to_string(eps[size_t(i)]->port), {}});
        chain.rules.push_back("meta l4proto " + proto + " dnat ip to numgen random mod " + std::to_string(n)
                              + (offset ? " offset " + std::to_string(offset) : std::string()) + " map @" + map);
    }

    void balance(NftChain &chain, const ServicePortInfo &sp, const std::string &base,
                 const std::vector<const ProxyEndpoint *> &eps, const std::string &setPrefix)
    {
        const std::string proto = sp.lowerProtocol();
        const int n = int(eps.size());
        if (!sp.clientIpAffinity) {
            pickFromMap(chain, proto, eps);
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
    std::set<std::string> m_fixedSets;
    const std::map<std::string, const NftChain *> *m_previousSlots = nullptr;
    std::map<std::string, uint32_t> m_nextSlot;
};

void renderSet(std::string &out, const NftSet &s, const std::string &indent)
{
    out += indent + (s.isMap ? "map " : "set ") + s.name + " {\n";
    out += indent + "\t" + declaration(s) + "\n";
    if (!s.flags.empty())
        out += indent + "\tflags " + s.flags + "\n";
    if (s.timeoutSeconds > 0)
        out += indent + "\ttimeout " + std::to_string(s.timeoutSeconds) + "s\n";
    if (!s.elements.empty()) {
        out += indent + "\telements = { ";
        for (size_t i = 0; i < s.elements.size(); ++i) {
            if (i && s.elements[i].key == s.elements[i - 1].key)
                continue; // the same key for another service
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
        for (size_t i = 0; i < s.elements.size(); ++i)
            n += i == 0 || s.elements[i].key != s.elements[i - 1].key;
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

namespace {

const NftSet *findSet(const std::vector<NftSet> &sets, const std::string &name)
{
    for (const NftSet &s : sets)
        if (s.name == name)
            return &s;
    return nullptr;
}

// Whether `key` is in `set` (elements sorted by key).
bool holds(const NftSet *set, const std::string &key)
{
    if (!set)
        return false;
    const auto it = std::lower_bound(set->elements.begin(), set->elements.end(), key,
                                     [](const NftElement &e, const std::string &k) { return e.key < k; });
    return it != set->elements.end() && it->key == key;
}

// The transaction from `previous` to `next`. `unchanged` (may be null) is the rest of the
// table, which both share: a set or key it holds is in the kernel whatever `previous` says.
std::string renderDiff(const NftablesPlan &previous, const NftablesPlan &next, const NftablesPlan *unchanged)
{
    const std::string t = next.family + " " + next.table;
    const std::vector<NftSet> none;
    const std::vector<NftSet> &rest = unchanged ? unchanged->sets : none;
    std::string out;
    std::map<std::string, const NftChain *> oldChains, newChains;
    for (const NftChain &c : previous.chains)
        oldChains[c.name] = &c;
    for (const NftChain &c : next.chains)
        newChains[c.name] = &c;

    // 1. New sets, then new chains (declared empty so that rules and elements may refer to
    //    them in any order).
    for (const NftSet &s : next.sets)
        if (!findSet(previous.sets, s.name) && !findSet(rest, s.name))
            out += "add " + std::string(s.isMap ? "map " : "set ") + t + " " + s.name + " { " + declaration(s)
                   + (s.flags.empty() ? "" : "; flags " + s.flags)
                   + (s.timeoutSeconds > 0 ? "; timeout " + std::to_string(s.timeoutSeconds) + "s" : "") + "; }\n";
    for (const NftChain &c : next.chains)
        if (!oldChains.count(c.name))
            out += "add chain " + t + " " + c.name + (c.base.empty() ? "" : " { " + c.base + " }") + "\n";
    // 2. Rules of new and changed chains.
    for (const NftChain &c : next.chains) {
        const auto it = oldChains.find(c.name);
        if (it != oldChains.end() && it->second->rules == c.rules)
            continue;
        if (it != oldChains.end())
            out += "flush chain " + t + " " + c.name + "\n";
        for (const std::string &r : c.rules)
            out += "add rule " + t + " " + c.name + " " + r + "\n";
    }
    // 3. Map and set elements: a key goes when nothing holds it any more, comes when nothing
    //    held it before, and is replaced when its value changed.
    std::set<std::string> names;
    for (const NftSet &s : previous.sets)
        names.insert(s.name);
    for (const NftSet &s : next.sets)
        names.insert(s.name);
    for (const std::string &name : names) {
        const NftSet *before = findSet(previous.sets, name), *after = findSet(next.sets, name);
        const NftSet *other = findSet(rest, name);
        const NftSet *any = after ? after : before;
        if (!after && !other)
            continue; // the whole set goes (step 4)
        std::map<std::string, const std::string *> was, now;
        if (before)
            for (const NftElement &e : before->elements)
                was.emplace(e.key, &e.value);
        if (after)
            for (const NftElement &e : after->elements)
                now.emplace(e.key, &e.value);
        std::vector<std::string> removed, added;
        for (const auto &[key, value] : now) {
            const auto b = was.find(key);
            if (b == was.end()) {
                if (!holds(other, key))
                    added.push_back(any->isMap ? key + " : " + *value : key);
            } else if (*b->second != *value) {
                removed.push_back(key);
                added.push_back(key + " : " + *value);
            }
        }
        for (const auto &[key, value] : was)
            if (!now.count(key) && !holds(other, key))
                removed.push_back(key);
        std::sort(removed.begin(), removed.end());
        if (!removed.empty()) {
            out += "delete element " + t + " " + name + " { ";
            for (size_t i = 0; i < removed.size(); ++i)
                out += (i ? ", " : "") + removed[i];
            out += " }\n";
        }
        if (!added.empty()) {
            out += "add element " + t + " " + name + " { ";
            for (size_t i = 0; i < added.size(); ++i)
                out += (i ? ", " : "") + added[i];
            out += " }\n";
        }
    }
    // 4. Gone: elements of gone maps first (a chain can't go while referenced), then chains.
    std::vector<const NftSet *> goneSets;
    for (const NftSet &s : previous.sets)
        if (!findSet(next.sets, s.name) && !findSet(rest, s.name))
            goneSets.push_back(&s);
    for (const NftSet *s : goneSets)
        if (!s->elements.empty())
            out += "flush " + std::string(s->isMap ? "map " : "set ") + t + " " + s->name + "\n";
    for (const NftChain &c : previous.chains)
        if (!newChains.count(c.name))
            out += "flush chain " + t + " " + c.name + "\n";
    for (const NftChain &c : previous.chains)
        if (!newChains.count(c.name))
            out += "delete chain " + t + " " + c.name + "\n";
    for (const NftSet *s : goneSets)
        out += "delete " + std::string(s->isMap ? "map " : "set ") + t + " " + s->name + "\n";
    return out;
}

} // namespace

std::string renderNftablesUpdate(const NftablesPlan &previous, const NftablesPlan &plan)
{
    return renderDiff(previous, plan, nullptr);
}

std::string replanNftables(NftablesPlan &plan, const std::vector<ServicePortInfo> &ports,
                           const std::set<std::string> &services, const ProxyConfig &config)
{
    // Whether an owner is one of the changed services (most are not: their name's length
    // usually tells at once).
    std::vector<bool> lengths;
    for (const std::string &name : services) {
        if (lengths.size() <= name.size())
            lengths.resize(name.size() + 1);
        lengths[name.size()] = true;
    }
    const auto changed = [&](const std::string &owner) {
        return !owner.empty() && owner.size() < lengths.size() && lengths[owner.size()] && services.count(owner);
    };
    // Moves the items `changed` picks from `from` to `to`, keeping both in order; touches
    // nothing before the first one.
    const auto extract = [](auto &from, auto &to, auto picked) {
        auto it = std::find_if(from.begin(), from.end(), picked);
        if (it == from.end())
            return;
        auto w = it;
        for (auto r = it; r != from.end(); ++r) {
            if (picked(*r))
                to.push_back(std::move(*r));
            else
                *w++ = std::move(*r);
        }
        from.erase(w, from.end());
    };

    // What the changed services had: moved out of the plan, which keeps the rest.
    NftablesPlan old;
    old.family = plan.family;
    old.table = plan.table;
    extract(plan.chains, old.chains, [&](const NftChain &c) { return changed(c.service); });
    for (auto it = plan.sets.begin(); it != plan.sets.end();) {
        if (changed(it->service)) {
            old.sets.push_back(std::move(*it));
            it = plan.sets.erase(it);
            continue;
        }
        NftSet part{it->name, it->type, it->flags, it->timeoutSeconds, it->isMap, {}, it->service};
        extract(it->elements, part.elements, [&](const NftElement &e) { return changed(e.service); });
        if (!part.elements.empty())
            old.sets.push_back(std::move(part));
        ++it;
    }
    // Endpoint keys: a chain whose count is unchanged keeps its own; new ranges start after
    // every range in use, the changed services' old ones included.
    SlotReuse reuse;
    for (const NftChain &c : old.chains)
        if (!c.slotMap.empty())
            reuse.previous[c.name] = &c;
    reuse.next = plan.nextSlot;
    Planner planner(config, &reuse);
    NftablesPlan fragment = planner.run(ports, false);
    plan.nextSlot = fragment.nextSlot;

    std::string update = renderDiff(old, fragment, &plan);

    // The plan takes the fragment in.
    for (NftChain &c : fragment.chains)
        plan.chains.push_back(std::move(c));
    for (NftSet &s : fragment.sets) {
        auto it = std::find_if(plan.sets.begin(), plan.sets.end(), [&](const NftSet &x) { return x.name == s.name; });
        if (it == plan.sets.end()) {
            const auto at = std::lower_bound(plan.sets.begin(), plan.sets.end(), s.name,
                                             [](const NftSet &x, const std::string &n) { return x.name < n; });
            plan.sets.insert(at, std::move(s));
            continue;
        }
        if (s.elements.size() <= 16) { // a few: each into its place
            for (NftElement &e : s.elements)
                it->elements.insert(std::upper_bound(it->elements.begin(), it->elements.end(), e, elementOrder),
                                    std::move(e));
            continue;
        }
        const size_t mid = it->elements.size();
        std::move(s.elements.begin(), s.elements.end(), std::back_inserter(it->elements));
        std::inplace_merge(it->elements.begin(), it->elements.begin() + std::ptrdiff_t(mid), it->elements.end(),
                           elementOrder);
    }
    // An endpoint map no service uses any more goes (a full plan would not have it).
    for (auto it = plan.sets.begin(); it != plan.sets.end();) {
        if (isEndpointMap(it->name) && it->elements.empty()) {
            update += "delete map " + plan.family + " " + plan.table + " " + it->name + "\n";
            it = plan.sets.erase(it);
        } else {
            ++it;
        }
    }
    return update;
}

std::string renderNftablesCleanup(const NftablesPlan &plan)
{
    const std::string t = plan.family + " " + plan.table;
    return "add table " + t + "\ndelete table " + t + "\n";
}

} // namespace studio::proxy
