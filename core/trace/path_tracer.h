// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The path a connection takes through a cluster, hop by hop: the client, the DNS answer, the
// virtual IP, the rules of the node the packet enters (planned by core/proxy for that node,
// exactly what the agent programs), the endpoint chosen with its probability, the DNAT, and
// whether the source is masqueraded (so whether the pod sees the client's address). When the
// connection fails, or reaches fewer pods than the user likely expects, the result explains
// why in terms of the objects (no endpoints; a selector that matches no pod and the label
// that differs; a named port a pod lacks; an unready pod; a source range; policy Local with
// no endpoint on this node; an ExternalName; an endpoint address the apiserver forbids).
// Used by `service-studio trace`, the traffic path view and the tests. Pure; any thread.

#include "cluster/cluster_snapshot.h"
#include "proxy/service_ports.h"
#include "util/result.h"

#include <map>
#include <string>
#include <vector>

namespace studio::trace {

enum class ProxyMode { Iptables, Ipvs, Userspace, Nftables };
const char *proxyModeName(ProxyMode mode);
bool parseProxyMode(std::string_view text, ProxyMode &mode);

struct TraceRequest
{
    // "pod/NAME[.NAMESPACE]", "node/NAME", or an address (a client outside the cluster).
    std::string from;
    // "NAME.NAMESPACE[.svc[.cluster.local]][:PORT]" (a DNS name) or "ADDRESS:PORT" (a cluster
    // IP, a node address with a node port, an external IP, a load-balancer IP).
    std::string to;
    std::string protocol = "TCP";
    ProxyMode mode = ProxyMode::Iptables;
    // The node an outside client's packet enters (for cluster, external and load-balancer
    // IPs, which a router sends to some node). Empty: the destination node for a node
    // address, else the first node by name.
    std::string viaNode;
    proxy::ProxyConfig configOverrides; // clusterCidr / masqueradeAll / nodePortAddresses if set
};

struct Hop
{
    enum class Kind { Client, Dns, Service, NodeRules, Translation, Endpoint, Failure };
    Kind kind = Kind::Client;
    std::string title;               // English, short ("DNS", "cluster IP 10.96.0.10:80")
    std::string detail;              // English, one or two sentences
    std::vector<std::string> rules;  // rule text on this hop (chain: rule), for the rules view
};

struct EndpointChoice
{
    std::string endpoint; // "ip:port"
    std::string pod;      // namespace/name, when the address belongs to a pod
    std::string node;     // where that pod runs
    double probability = 0;
    bool masqueraded = false;
    std::string sourceSeen; // the client address the pod sees
};

// A stable code (the views translate by code) with its English text and arguments.
struct Explanation
{
    std::string code;    // "no-endpoints", "selector-matches-no-pod", "label-mismatch",
                         // "named-port-missing", "pod-not-ready", "source-range-blocked",
                         // "no-local-endpoints", "external-name", "headless",
                         // "endpoint-ip-forbidden", "unknown-destination", "no-such-port",
                         // "mode-not-available", "masqueraded", "client-address-kept"
    std::string message; // English
    std::map<std::string, std::string> args; // service, pod, label, expected, actual, port, ...
    bool blocking = false; // this is why the connection fails
};

struct TraceResult
{
    bool reachable = false;
    std::string clientAddress;
    std::string clientNode;  // node of a pod / node client; empty for outside clients
    std::string entryNode;   // node whose rules handle the packet
    std::string service;     // namespace/name when the destination is a service
    std::string servicePort; // port name
    std::string destination; // resolved "ip:port"
    std::vector<Hop> hops;
    std::vector<EndpointChoice> endpoints; // ordered by probability
    std::vector<Explanation> explanations;
};

// Errors (code "trace-request"): a client or destination that can't be parsed or found.
Result<TraceResult> tracePath(const ClusterSnapshot &snapshot, const TraceRequest &request);

std::string renderTraceText(const TraceResult &result);
std::string renderTraceJson(const TraceResult &result);

} // namespace studio::trace
