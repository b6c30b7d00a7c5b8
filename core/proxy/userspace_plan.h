// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The userspace plan of one node (the seed page's first proxy mode, kube-proxy's
// --proxy-mode=userspace): for every service port a proxy port on the node, and iptables
// REDIRECT/DNAT rules that send the virtual IP and port (and the node port) to it; the proxy
// then opens its own connection to an endpoint (round robin, retrying another on a failed
// connect), so the endpoint sees the node's address, never the client's. Pure; any thread.

#include "proxy/iptables_plan.h"
#include "proxy/service_ports.h"

#include <map>
#include <string>
#include <vector>

namespace studio::proxy {

struct UserspaceProxy
{
    ServicePortInfo port;   // the service port, with its ready endpoints
    int proxyPort = 0;      // where the node's proxy listens (0.0.0.0)
    bool operator==(const UserspaceProxy &) const = default;
};

struct UserspacePlan
{
    std::vector<UserspaceProxy> proxies;
    IptablesPlan iptables;
    const UserspaceProxy *find(const std::string &servicePortName, const std::string &protocol) const;
};

// Chains of the userspace mode (kube-proxy's names).
inline constexpr const char *kPortalsContainerChain = "KUBE-PORTALS-CONTAINER";
inline constexpr const char *kPortalsHostChain = "KUBE-PORTALS-HOST";
inline constexpr const char *kNodePortContainerChain = "KUBE-NODEPORT-CONTAINER";
inline constexpr const char *kNodePortHostChain = "KUBE-NODEPORT-HOST";

// `proxyPorts` ("namespace/name:port/protocol" -> port) are the ports the agent opened; a
// service port missing there gets a stable placeholder in 36000-61999 from its chain hash
// (what `plan` prints offline; the agent picks free ports at random).
UserspacePlan planUserspace(const std::vector<ServicePortInfo> &ports, const ProxyConfig &config,
                            const std::map<std::string, int> &proxyPorts = {});
std::string userspaceKey(const ServicePortInfo &port);

std::string renderUserspace(const UserspacePlan &plan);

} // namespace studio::proxy
