// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The IPVS plan of one node (kube-proxy v1.20's IPVS mode): a virtual server per cluster IP,
// node port (per node address), external IP and load-balancer IP and port, its real servers in
// masquerade (NAT) mode, persistence for ClientIP affinity; the addresses kube-ipvs0 must
// hold; and the iptables rules IPVS mode still needs (masquerading, source ranges, refusals).
// kube-proxy expresses those rules with ipsets; we write them per address, so the same
// tracer and fake read them. Pure; any thread.

#include "proxy/iptables_plan.h"
#include "proxy/service_ports.h"

#include <string>
#include <vector>

namespace studio::proxy {

struct IpvsRealServer
{
    std::string address;
    int port = 0;
    int weight = 1; // 0 while a removed endpoint drains (graceful termination)
    bool operator==(const IpvsRealServer &) const = default;
};

struct IpvsVirtualServer
{
    std::string address;
    std::string protocol; // "TCP", "UDP", "SCTP"
    int port = 0;
    std::string scheduler = "rr";
    bool persistent = false; // ClientIP affinity
    int timeoutSeconds = 0;  // persistence timeout
    std::vector<IpvsRealServer> reals;
    std::string service; // "namespace/name"
    std::string kind;    // "cluster IP", "node port", "external IP", "load balancer"
    std::string key() const { return protocol + " " + address + ":" + std::to_string(port); }
    bool operator==(const IpvsVirtualServer &) const = default;
};

struct IpvsPlan
{
    std::vector<IpvsVirtualServer> virtualServers; // ordered by key
    std::vector<std::string> dummyAddresses;       // on kube-ipvs0 (cluster, external, LB IPs)
    IptablesPlan iptables;
    const IpvsVirtualServer *find(const std::string &protocol, const std::string &address, int port) const;
    bool operator==(const IpvsPlan &) const = default;
};

// scheduler: rr, lc, dh, sh, sed, nq (kube-proxy's --ipvs-scheduler)
IpvsPlan planIpvs(const std::vector<ServicePortInfo> &ports, const ProxyConfig &config,
                  const std::string &scheduler = "rr");
bool isIpvsScheduler(const std::string &name);

// `ipvsadm -Ln` form, then the kube-ipvs0 addresses, then the iptables-restore payload.
std::string renderIpvs(const IpvsPlan &plan);

} // namespace studio::proxy
