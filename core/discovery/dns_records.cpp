// SPDX-License-Identifier: GPL-3.0-or-later
#include "discovery/dns_records.h"

#include "cluster/cluster_snapshot.h"
#include "util/ip_address.h"

#include <algorithm>
#include <set>

namespace studio {

namespace {

constexpr const char *kSchemaVersion = "1.1.0";

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

std::string fqdn(std::string name)
{
    name = lower(std::move(name));
    if (name.empty() || name.back() != '.')
        name += '.';
    return name;
}

bool hasClusterIp(const Service &s)
{
    return s.effectiveType() != service_type::ExternalName && !s.spec.clusterIP.empty()
           && s.spec.clusterIP != "None";
}

bool toleratesUnready(const Service &s)
{
    // The spec's definition of "ready" names the annotation only (not the field).
    const auto it = s.metadata.annotations.find("service.alpha.kubernetes.io/tolerate-unready-endpoints");
    return it != s.metadata.annotations.end() && lower(it->second) == "true";
}

DnsRecord record(std::string name, DnsRecord::Type type, uint32_t ttl, std::string data)
{
    DnsRecord r;
    r.name = std::move(name);
    r.type = type;
    r.ttl = ttl;
    r.data = std::move(data);
    return r;
}

DnsRecord srv(std::string name, uint32_t ttl, uint16_t port, std::string target)
{
    DnsRecord r = record(std::move(name), DnsRecord::Type::SRV, ttl, std::move(target));
    r.port = port;
    return r;
}

DnsRecord addressRecord(const std::string &name, const std::string &ip, uint32_t ttl)
{
    const auto parsed = IpAddress::parse(ip);
    const bool v6 = parsed && parsed->isV6();
    return record(name, v6 ? DnsRecord::Type::AAAA : DnsRecord::Type::A, ttl,
                  parsed ? parsed->toString() : ip);
}

// CoreDNS's endpoint hostname when the endpoint has none: the address with dashes.
std::string endpointHostname(const EndpointAddress &a)
{
    if (!a.hostname.empty())
        return lower(a.hostname);
    std::string s = a.ip;
    std::replace(s.begin(), s.end(), '.', '-');
    std::replace(s.begin(), s.end(), ':', '-');
    return s;
}

std::string srvName(const std::string &port, const std::string &proto, const std::string &base)
{
    return "_" + lower(port) + "._" + lower(proto.empty() ? std::string("TCP") : proto) + "."
           + base;
}

// The weights of the SRV records of one name share 100.
void shareWeights(std::vector<DnsRecord> &records)
{
    std::map<std::string, int> count;
    for (const auto &r : records)
        if (r.type == DnsRecord::Type::SRV)
            ++count[r.name];
    for (auto &r : records)
        if (r.type == DnsRecord::Type::SRV)
            r.weight = uint16_t(std::max(1, 100 / count[r.name]));
}

// <a>-<b>-<c>-<d>.<ns>.pod.<zone>.
std::optional<std::string> podRecordAddress(const std::string &name, const std::string &zone)
{
    const std::string suffix = ".pod." + zone;
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        return std::nullopt;
    const std::string head = name.substr(0, name.size() - suffix.size()); // "<a-b-c-d>.<ns>"
    const size_t dot = head.find('.');
    if (dot == std::string::npos || head.find('.', dot + 1) != std::string::npos)
        return std::nullopt;
    std::string ip = head.substr(0, dot);
    std::replace(ip.begin(), ip.end(), '-', '.');
    const auto parsed = IpAddress::parse(ip);
    if (!parsed || !parsed->isV4())
        return std::nullopt;
    return parsed->toString();
}

} // namespace

const char *dnsTypeName(DnsRecord::Type t)
{
    switch (t) {
    case DnsRecord::Type::A: return "A";
    case DnsRecord::Type::AAAA: return "AAAA";
    case DnsRecord::Type::SRV: return "SRV";
    case DnsRecord::Type::CNAME: return "CNAME";
    case DnsRecord::Type::PTR: return "PTR";
    case DnsRecord::Type::TXT: return "TXT";
    }
    return "";
}

std::optional<DnsRecord::Type> dnsTypeFromName(const std::string &name)
{
    const std::string n = lower(name);
    for (auto t : {DnsRecord::Type::A, DnsRecord::Type::AAAA, DnsRecord::Type::SRV,
                   DnsRecord::Type::CNAME, DnsRecord::Type::PTR, DnsRecord::Type::TXT})
        if (lower(dnsTypeName(t)) == n)
            return t;
    return std::nullopt;
}

std::string DnsRecord::toString() const
{
    std::string s = name + " " + std::to_string(ttl) + " IN " + dnsTypeName(type) + " ";
    switch (type) {
    case Type::SRV:
        return s + std::to_string(priority) + " " + std::to_string(weight) + " "
               + std::to_string(port) + " " + data;
    case Type::TXT: return s + "\"" + data + "\"";
    default: return s + data;
    }
}

std::string reverseName(const std::string &ip)
{
    const auto a = IpAddress::parse(ip);
    if (!a)
        return {};
    const auto &b = a->bytes();
    std::string out;
    if (a->isV4()) {
        for (int i = 15; i >= 12; --i)
            out += std::to_string(b[size_t(i)]) + ".";
        return out + "in-addr.arpa.";
    }
    static const char *hex = "0123456789abcdef";
    for (int i = 15; i >= 0; --i) {
        out += hex[b[size_t(i)] & 0xf];
        out += '.';
        out += hex[b[size_t(i)] >> 4];
        out += '.';
    }
    return out + "ip6.arpa.";
}

std::string serviceFqdn(const std::string &service, const std::string &namespace_,
                        const std::string &clusterDomain)
{
    return fqdn(service + "." + namespace_ + ".svc." + clusterDomain);
}

std::vector<DnsRecord> serviceDnsRecords(const Service &service, const Endpoints *endpoints,
                                         const DnsSettings &settings)
{
    std::vector<DnsRecord> out;
    const uint32_t ttl = settings.ttl;
    const std::string base = serviceFqdn(service.metadata.name, service.metadata.namespace_,
                                         settings.clusterDomain);
    if (service.effectiveType() == service_type::ExternalName) {
        if (!service.spec.externalName.empty())
            out.push_back(record(base, DnsRecord::Type::CNAME, ttl, fqdn(service.spec.externalName)));
        return out;
    }
    if (hasClusterIp(service)) {
        std::vector<std::string> ips = service.spec.clusterIPs;
        if (ips.empty())
            ips.push_back(service.spec.clusterIP);
        for (const auto &ip : ips)
            out.push_back(addressRecord(base, ip, ttl));
        for (const auto &p : service.spec.ports)
            if (!p.name.empty())
                out.push_back(srv(srvName(p.name, p.protocol, base), ttl, uint16_t(p.port), base));
        for (const auto &ip : ips)
            if (std::string rev = reverseName(ip); !rev.empty())
                out.push_back(record(rev, DnsRecord::Type::PTR, ttl, base));
        shareWeights(out);
        return out;
    }
    if (service.spec.clusterIP != "None" || !endpoints)
        return out; // no address yet (not allocated), or a headless service without Endpoints

    // Headless: the ready endpoints.
    const bool tolerate = toleratesUnready(service);
    std::vector<DnsRecord> a, hosts, srvs, ptrs;
    std::set<std::string> seenIps, seenHosts, seenPtrs;
    for (const auto &ss : endpoints->subsets) {
        std::vector<const EndpointAddress *> ready;
        for (const auto &addr : ss.addresses)
            ready.push_back(&addr);
        if (tolerate)
            for (const auto &addr : ss.notReadyAddresses)
                ready.push_back(&addr);
        for (const EndpointAddress *addr : ready) {
            const std::string host = endpointHostname(*addr) + "." + base;
            if (seenIps.insert(addr->ip).second)
                a.push_back(addressRecord(base, addr->ip, ttl));
            if (seenHosts.insert(host + " " + addr->ip).second)
                hosts.push_back(addressRecord(host, addr->ip, ttl));
            for (const auto &p : ss.ports)
                if (!p.name.empty())
                    srvs.push_back(srv(srvName(p.name, p.protocol, base), ttl, uint16_t(p.port), host));
            if (std::string rev = reverseName(addr->ip); !rev.empty() && seenPtrs.insert(rev).second)
                ptrs.push_back(record(rev, DnsRecord::Type::PTR, ttl, host));
        }
    }
    for (auto *part : {&a, &hosts, &srvs, &ptrs})
        out.insert(out.end(), part->begin(), part->end());
    shareWeights(out);
    return out;
}

std::vector<DnsRecord> clusterDnsRecords(const ClusterSnapshot &snapshot,
                                         const DnsSettings &settings)
{
    std::vector<DnsRecord> out;
    out.push_back(record(fqdn("dns-version." + settings.clusterDomain), DnsRecord::Type::TXT,
                         settings.ttl, kSchemaVersion));
    for (const Service *s : snapshot.services()) {
        auto recs = serviceDnsRecords(*s, snapshot.endpoints(s->metadata.namespace_, s->metadata.name),
                                      settings);
        out.insert(out.end(), std::make_move_iterator(recs.begin()),
                   std::make_move_iterator(recs.end()));
    }
    return out;
}

// ---- DnsResolver ----------------------------------------------------------------------------

DnsResolver::DnsResolver(std::vector<DnsRecord> records, DnsSettings settings)
    : m_settings(std::move(settings))
{
    for (auto &r : records) {
        std::string key = lower(r.name);
        m_byName.emplace(std::move(key), std::move(r));
    }
}

DnsResolver::DnsResolver(const ClusterSnapshot &snapshot, DnsSettings settings)
    : DnsResolver(clusterDnsRecords(snapshot, settings), settings)
{}

DnsAnswer DnsResolver::lookup(const std::string &name, DnsRecord::Type type) const
{
    DnsAnswer ans;
    std::string cur = fqdn(name);
    ans.name = cur;
    ans.tried.push_back(cur);
    const std::string zone = fqdn(m_settings.clusterDomain);
    for (int depth = 0; depth < 8; ++depth) {
        const auto [b, e] = m_byName.equal_range(cur);
        if (b == e) {
            if (type == DnsRecord::Type::A) {
                if (auto ip = podRecordAddress(cur, zone)) {
                    ans.code = DnsAnswer::Code::NoError;
                    ans.answers.push_back(record(cur, DnsRecord::Type::A, m_settings.ttl, *ip));
                    return ans;
                }
            }
            // NXDOMAIN for the first name; after a CNAME the chain just ends (the target is
            // outside what this snapshot knows, e.g. an external database).
            if (depth == 0)
                ans.code = DnsAnswer::Code::NxDomain;
            return ans;
        }
        ans.code = DnsAnswer::Code::NoError;
        const DnsRecord *cname = nullptr;
        bool any = false;
        for (auto it = b; it != e; ++it) {
            if (it->second.type == type) {
                ans.answers.push_back(it->second);
                any = true;
            } else if (it->second.type == DnsRecord::Type::CNAME) {
                cname = &it->second;
            }
        }
        if (any || !cname || type == DnsRecord::Type::CNAME)
            return ans;
        // A CNAME answers any type; follow it while it stays in what we know.
        ans.answers.push_back(*cname);
        cur = cname->data;
    }
    return ans;
}

std::vector<std::string> DnsResolver::searchPath(const std::string &podNamespace) const
{
    const std::string zone = lower(m_settings.clusterDomain);
    return {lower(podNamespace) + ".svc." + zone, "svc." + zone, zone};
}

DnsAnswer DnsResolver::resolve(const std::string &name, DnsRecord::Type type,
                               const std::string &podNamespace) const
{
    if (podNamespace.empty() || (!name.empty() && name.back() == '.'))
        return lookup(name, type);
    // glibc: with at least ndots dots the name is tried as is first, else the search list
    // comes first.
    const auto dots = std::count(name.begin(), name.end(), '.');
    std::vector<std::string> candidates;
    if (dots >= m_settings.ndots)
        candidates.push_back(name);
    for (const auto &s : searchPath(podNamespace))
        candidates.push_back(name + "." + s);
    if (dots < m_settings.ndots)
        candidates.push_back(name);

    DnsAnswer last;
    std::vector<std::string> tried;
    for (const auto &c : candidates) {
        last = lookup(c, type);
        tried.insert(tried.end(), last.tried.begin(), last.tried.end());
        if (last.found())
            break;
    }
    last.tried = std::move(tried);
    return last;
}

} // namespace studio
