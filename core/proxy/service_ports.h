// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The proxy planners' input: what one node's proxy needs to know about each service port,
// resolved from a ClusterSnapshot the way kube-proxy v1.20's service and endpoints change
// trackers do (pkg/proxy/service.go, endpoints.go). Pure values; any thread.

#include "cluster/cluster_snapshot.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace studio::proxy {

// The node-side settings (kube-proxy flags and what the node itself knows).
struct ProxyConfig
{
    std::string nodeName;                       // --hostname-override
    std::string clusterCidr;                    // --cluster-cidr; empty: no pod network known
    bool masqueradeAll = false;                 // --masquerade-all
    std::vector<std::string> nodePortAddresses; // --nodeport-addresses CIDRs; empty: all local
    std::vector<std::string> localAddresses;    // the node's own IPv4 addresses (interfaces)
    int masqueradeBit = 14;                     // --iptables-masquerade-bit (mark 0x4000)

    bool operator==(const ProxyConfig &) const = default;
};

struct ProxyEndpoint
{
    std::string ip;
    int port = 0;
    bool isLocal = false; // runs on this node (nodeName matches)
    bool ready = true;    // only ready endpoints are programmed; kept for views and traces
    std::string podName;  // targetRef name, for explanations
    std::string endpoint() const { return ip + ":" + std::to_string(port); }
    bool operator==(const ProxyEndpoint &) const = default;
};

// One port of one service, with everything the dataplane needs.
struct ServicePortInfo
{
    std::string namespace_;
    std::string name;
    std::string portName;     // spec.ports[].name, may be empty
    std::string protocol;     // "TCP", "UDP", "SCTP"
    std::string clusterIP;    // empty for headless and ExternalName (not proxied)
    int port = 0;
    int nodePort = 0;
    std::vector<std::string> externalIPs;
    std::vector<std::string> loadBalancerIPs; // status.loadBalancer.ingress[].ip
    std::vector<std::string> loadBalancerSourceRanges;
    bool clientIpAffinity = false;
    int stickySeconds = 10800;
    bool localExternal = false; // externalTrafficPolicy: Local (NodePort/LoadBalancer)
    int healthCheckNodePort = 0;
    std::vector<ProxyEndpoint> endpoints; // ready endpoints of this port, in Endpoints order

    // "namespace/name:port" or "namespace/name" (kube-proxy's ServicePortName.String()).
    std::string servicePortName() const;
    std::string serviceKey() const { return namespace_ + "/" + name; }
    std::string lowerProtocol() const;
    int localEndpointCount() const;
    bool operator==(const ServicePortInfo &) const = default;
};

// Every proxied service port of the snapshot, ordered by namespace, name, port name. Services
// that kube-proxy ignores (headless, ExternalName, no cluster IP) are left out. Endpoints:
// the ready addresses of the service's Endpoints whose port name matches (notReadyAddresses
// are kept with ready=false only when `includeNotReady`).
std::vector<ServicePortInfo> buildServicePorts(const ClusterSnapshot &snapshot,
                                               const ProxyConfig &config,
                                               bool includeNotReady = false);
// The same for the named services only ("namespace/name"; absent ones give nothing).
std::vector<ServicePortInfo> buildServicePorts(const ClusterSnapshot &snapshot, const ProxyConfig &config,
                                               const std::set<std::string> &services,
                                               bool includeNotReady = false);

// The node's addresses on which NodePorts are served: all of `localAddresses` when
// `nodePortAddresses` is empty or holds 0.0.0.0/0, else those inside the CIDRs.
// `all` is set when every local address applies (rendered as addrtype LOCAL).
struct NodePortAddresses
{
    bool all = true;
    std::vector<std::string> addresses;
};
NodePortAddresses nodePortAddresses(const ProxyConfig &config);

// The health check node ports of services with externalTrafficPolicy: Local (LoadBalancer):
// port -> the service and how many ready endpoints run on this node. The agent answers them
// in every proxy mode; 0 local endpoints answers 503.
struct HealthCheck
{
    std::string service; // "namespace/name"
    int localEndpoints = 0;
    bool operator==(const HealthCheck &) const = default;
};
std::map<int, HealthCheck> healthChecks(const std::vector<ServicePortInfo> &ports);

// The config a node of `snapshot` would run with when planned offline (the `plan` and `trace`
// commands, the rules view): its name, the snapshot's cluster CIDR, and as local addresses
// the IPv4 InternalIP/ExternalIP addresses of its Node object. The agent uses the addresses of
// its real interfaces instead.
ProxyConfig proxyConfigForNode(const ClusterSnapshot &snapshot, const std::string &nodeName);

} // namespace studio::proxy
