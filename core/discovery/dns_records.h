// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The DNS records of the Kubernetes DNS-Based Service Discovery specification
// (github.com/kubernetes/dns docs/specification.md), as a cluster DNS server (CoreDNS in a
// v1.20 cluster) serves them:
//  - ClusterIP service:  <svc>.<ns>.svc.<zone>. A <cluster-ip> (AAAA for IPv6); per named
//    port _<port>._<proto>.<svc>.<ns>.svc.<zone>. SRV 0 100 <port> <svc>.<ns>.svc.<zone>.;
//    PTR from the reverse name of the cluster IP;
//  - headless service:   an A record per ready endpoint address, <hostname>.<svc>... A for
//    each, one SRV per ready endpoint and named port (the endpoint's port number), PTRs from
//    the endpoint addresses. No ready endpoint: no records (NXDOMAIN). _hostname_ is the
//    endpoint's hostname, else the address with '.'/':' turned into '-' (CoreDNS's choice;
//    the spec only asks for something unique);
//  - ExternalName service: <svc>.<ns>.svc.<zone>. CNAME <externalName>.;
//  - dns-version.<zone>. TXT "1.1.0".
// "Ready" is the spec's: in addresses, or in notReadyAddresses when the service carries the
// tolerate-unready-endpoints annotation set to true. SRV priority 0; the weights of one
// answer share 100, as CoreDNS gives them. TTL from the settings (CoreDNS's default 5 s).
// Pure functions; a DnsResolver is immutable after construction (any thread).

#include "model/types.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace studio {

class ClusterSnapshot;

struct DnsSettings
{
    std::string clusterDomain = "cluster.local";
    uint32_t ttl = 5;
    int ndots = 5; // the kubelet's resolv.conf for ClusterFirst pods
};

struct DnsRecord
{
    enum class Type { A, AAAA, SRV, CNAME, PTR, TXT };
    std::string name; // fully qualified, trailing dot, lower case
    Type type = Type::A;
    uint32_t ttl = 5;
    std::string data; // A/AAAA: address; CNAME/PTR/SRV: target (trailing dot); TXT: text
    uint16_t priority = 0; // SRV
    uint16_t weight = 0;   // SRV
    uint16_t port = 0;     // SRV

    // Zone-file form: `my-service.prod.svc.cluster.local. 5 IN A 10.96.0.10`.
    std::string toString() const;
    bool operator==(const DnsRecord &) const = default;
};

const char *dnsTypeName(DnsRecord::Type t); // "A", "SRV", ...
std::optional<DnsRecord::Type> dnsTypeFromName(const std::string &name); // case-insensitive

// The reverse-lookup name of an address: 10.0.3.1 -> "1.3.0.10.in-addr.arpa.", IPv6 nibbles
// under ip6.arpa. Empty when `ip` does not parse.
std::string reverseName(const std::string &ip);

// <svc>.<ns>.svc.<zone>. for a service.
std::string serviceFqdn(const std::string &service, const std::string &namespace_,
                        const std::string &clusterDomain);

// The records of one service (its Endpoints: the controller's for services with a
// selector, hand-written ones otherwise; may be nullptr).
std::vector<DnsRecord> serviceDnsRecords(const Service &service, const Endpoints *endpoints,
                                         const DnsSettings &settings = {});
// All records of a cluster, dns-version first, then by service (namespace, name).
std::vector<DnsRecord> clusterDnsRecords(const ClusterSnapshot &snapshot,
                                         const DnsSettings &settings = {});

struct DnsAnswer
{
    enum class Code { NoError, NxDomain };
    Code code = Code::NxDomain;
    std::string name;                // the name that answered (after search expansion)
    std::vector<std::string> tried;  // every name asked, in order
    std::vector<DnsRecord> answers;  // for an A query on an ExternalName: its CNAME
    bool found() const { return code == Code::NoError && !answers.empty(); }
};

// Answers queries from a snapshot's records, the way a pod's resolver (glibc, ndots:5,
// search <ns>.svc.<zone> svc.<zone> <zone>) and the cluster DNS server answer them. Also
// answers the deprecated <a>-<b>-<c>-<d>.<ns>.pod.<zone> A records. For the tracer and
// the discovery view. Names are compared case-insensitively.
class DnsResolver
{
public:
    explicit DnsResolver(std::vector<DnsRecord> records, DnsSettings settings = {});
    explicit DnsResolver(const ClusterSnapshot &snapshot, DnsSettings settings = {});

    // One exact name (a trailing dot optional), no search list.
    DnsAnswer lookup(const std::string &name, DnsRecord::Type type) const;
    // As a pod of `podNamespace` resolves `name` (empty namespace: no search list).
    DnsAnswer resolve(const std::string &name, DnsRecord::Type type,
                      const std::string &podNamespace = {}) const;
    // The pod's search list: "<ns>.svc.<zone>", "svc.<zone>", "<zone>".
    std::vector<std::string> searchPath(const std::string &podNamespace) const;

    const DnsSettings &settings() const { return m_settings; }

private:
    DnsSettings m_settings;
    std::multimap<std::string, DnsRecord> m_byName; // lower-case FQDN -> records
};

} // namespace studio
