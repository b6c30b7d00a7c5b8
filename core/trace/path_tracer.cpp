// SPDX-License-Identifier: GPL-3.0-or-later
#include "trace/path_tracer.h"

#include "cluster/endpoints_controller.h"
#include "cluster/label_selector.h"
#include "discovery/dns_records.h"
#include "proxy/iptables_plan.h"
#include "proxy/ipvs_plan.h"
#include "proxy/userspace_plan.h"
#include "trace/iptables_ruleset.h"
#include "trace/iptables_tracer.h"
#include "util/ip_address.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace studio::trace {

const char *proxyModeName(ProxyMode mode)
{
    switch (mode) {
    case ProxyMode::Iptables: return "iptables";
    case ProxyMode::Ipvs: return "ipvs";
    case ProxyMode::Userspace: return "userspace";
    case ProxyMode::Nftables: return "nftables";
    }
    return "iptables";
}

bool parseProxyMode(std::string_view text, ProxyMode &mode)
{
    for (ProxyMode m : {ProxyMode::Iptables, ProxyMode::Ipvs, ProxyMode::Userspace, ProxyMode::Nftables})
        if (text == proxyModeName(m)) {
            mode = m;
            return true;
        }
    return false;
}

namespace {

Error requestError(std::string message)
{
    return Error{"trace-request", std::move(message), {}, 0, 0};
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

std::string percent(double p)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", p * 100);
    return buf;
}

std::string nodeAddress(const KubeNode &n)
{
    for (const char *type : {"InternalIP", "ExternalIP"})
        for (const NodeAddress &a : n.addresses)
            if (a.type == type) {
                if (auto ip = IpAddress::parse(a.address); ip && ip->isV4())
                    return a.address;
            }
    return {};
}

struct Client
{
    std::string address;
    std::string node;
    std::string namespace_; // a pod's, for DNS search
    bool isNode = false;
    std::string label; // "pod default/client", "node node-1", "203.0.113.7"
};

Result<Client> parseClient(const ClusterSnapshot &snap, const std::string &from)
{
    Client c;
    if (from.rfind("pod/", 0) == 0) {
        std::string name = from.substr(4);
        std::string ns = "default";
        if (const auto dot = name.find('.'); dot != std::string::npos) {
            ns = name.substr(dot + 1);
            name = name.substr(0, dot);
        }
        const Pod *pod = snap.pod(ns, name);
        if (!pod)
            return requestError("no pod \"" + name + "\" in namespace \"" + ns + "\"");
        if (pod->podIP.empty())
            return requestError("pod " + ns + "/" + name + " has no IP address yet (status.podIP)");
        c.address = pod->podIP;
        c.node = pod->nodeName;
        c.namespace_ = ns;
        c.label = "pod " + ns + "/" + name;
        return c;
    }
    if (from.rfind("node/", 0) == 0) {
        const std::string name = from.substr(5);
        const KubeNode *node = snap.node(name);
        if (!node)
            return requestError("no node \"" + name + "\"");
        c.address = nodeAddress(*node);
        if (c.address.empty())
            return requestError("node " + name + " has no IPv4 InternalIP or ExternalIP address");
        c.node = name;
        c.isNode = true;
        c.label = "node " + name;
        return c;
    }
    const auto ip = IpAddress::parse(from);
    if (!ip || !ip->isV4())
        return requestError("client \"" + from + "\" is neither pod/NAME[.NS], node/NAME nor an IPv4 address");
    c.address = ip->toString();
    // An address that belongs to a node or a pod is that client.
    for (const KubeNode *n : snap.nodes())
        for (const NodeAddress &a : n->addresses)
            if (a.address == c.address) {
                c.node = n->metadata.name;
                c.isNode = true;
            }
    c.label = c.isNode ? "node " + c.node + " (" + c.address + ")" : c.address + " (outside the cluster)";
    return c;
}

struct Destination
{
    std::string host;
    std::string port; // number or name; may be empty
};

Destination splitDestination(const std::string &to)
{
    Destination d{to, {}};
    const auto colon = to.rfind(':');
    if (colon != std::string::npos) {
        d.host = to.substr(0, colon);
        d.port = to.substr(colon + 1);
    }
    return d;
}

int toInt(const std::string &s)
{
    int v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    return (r.ec == std::errc() && r.ptr == s.data() + s.size()) ? v : -1;
}

size_t editDistance(const std::string &a, const std::string &b)
{
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

// Why a service has no ready endpoints, in terms of its pods.
void explainEndpoints(const ClusterSnapshot &snap, const Service &svc, const ServicePort *port,
                      std::vector<Explanation> &out)
{
    const std::string key = svc.metadata.namespace_ + "/" + svc.metadata.name;
    const Labels *selector = effectiveSelector(svc);
    if (!selector) {
        const Endpoints *eps = snap.endpoints(svc.metadata.namespace_, svc.metadata.name);
        out.push_back({"no-endpoints",
                       eps ? "service " + key + " has no selector and its hand-written Endpoints list no ready address"
                           : "service " + key + " has no selector and no Endpoints object: nothing tells the proxy where to send traffic",
                       {{"service", key}, {"selector", "none"}}, true});
        return;
    }
    const auto sel = LabelSelector::fromSet(*selector);
    std::vector<const Pod *> matching;
    // The pod the user most likely meant: most selector labels present with the right value,
    // then the smallest spelling difference in the values (a typo).
    const Pod *closest = nullptr;
    size_t closestScore = 0;
    size_t closestDistance = 0;
    for (const Pod *p : snap.pods(svc.metadata.namespace_)) {
        if (sel.matches(p->metadata.labels)) {
            matching.push_back(p);
            continue;
        }
        size_t score = 0;
        size_t distance = 0;
        for (const auto &[k, v] : *selector) {
            const auto it = p->metadata.labels.find(k);
            if (it != p->metadata.labels.end()) {
                score += it->second == v ? 2 : 1;
                distance += editDistance(it->second, v);
            } else {
                distance += v.size() + k.size();
            }
        }
        if (!closest || score > closestScore || (score == closestScore && distance < closestDistance)) {
            closest = p;
            closestScore = score;
            closestDistance = distance;
        }
    }
    if (matching.empty()) {
        Explanation e{"selector-matches-no-pod",
                      "the selector of service " + key + " (" + sel.toString() + ") matches no pod in namespace "
                          + svc.metadata.namespace_,
                      {{"service", key}, {"selector", sel.toString()}, {"namespace", svc.metadata.namespace_}},
                      true};
        out.push_back(e);
        if (closest) {
            const auto why = sel.explain(closest->metadata.labels);
            Explanation m{"label-mismatch",
                          "closest pod " + closest->metadata.name + ": " + (why ? why->message() : std::string("labels differ")),
                          {{"pod", closest->metadata.name},
                           {"label", why ? why->requirement.key : std::string()},
                           {"expected", why && !why->requirement.values.empty() ? why->requirement.values.front() : std::string()},
                           {"actual", why && why->actual ? *why->actual : std::string()}},
                          false};
            out.push_back(m);
        }
        return;
    }
    bool anyReady = false;
    for (const Pod *p : matching) {
        if (p->podIP.empty()) {
            out.push_back({"pod-not-ready", "pod " + p->metadata.name + " has no IP address yet",
                           {{"pod", p->metadata.name}, {"reason", "no-ip"}}, false});
            continue;
        }
        if (!p->isReady()) {
            out.push_back({"pod-not-ready",
                           "pod " + p->metadata.name + " is not ready: it is listed under notReadyAddresses and gets no traffic",
                           {{"pod", p->metadata.name}, {"reason", "not-ready"}}, false});
            continue;
        }
        if (port && port->targetPort && port->targetPort->isString()) {
            const std::string &name = port->targetPort->strValue;
            bool has = false;
            for (const Container &c : p->containers)
                for (const ContainerPort &cp : c.ports)
                    has = has || cp.name == name;
            if (!has) {
                out.push_back({"named-port-missing",
                               "pod " + p->metadata.name + " has no container port named \"" + name
                                   + "\" (targetPort of port " + std::to_string(port->port) + ")",
                               {{"pod", p->metadata.name}, {"port", name}}, false});
                continue;
            }
        }
        anyReady = true;
    }
    if (!anyReady)
        out.push_back({"no-endpoints", "service " + key + " has no ready endpoints",
                       {{"service", key}}, true});
}

void forbiddenEndpointAddresses(const ClusterSnapshot &snap, const Service &svc, std::vector<Explanation> &out)
{
    const Endpoints *eps = snap.endpoints(svc.metadata.namespace_, svc.metadata.name);
    if (!eps)
        return;
    for (const EndpointSubset &s : eps->subsets)
        for (const auto *list : {&s.addresses, &s.notReadyAddresses})
            for (const EndpointAddress &a : *list) {
                const auto ip = IpAddress::parse(a.ip);
                if (!ip)
                    continue;
                const bool inServiceRange = snap.settings().serviceClusterIpRange.contains(*ip);
                const char *why = ip->isLoopback()            ? "loopback"
                                  : ip->isLinkLocalUnicast()   ? "link-local"
                                  : ip->isLinkLocalMulticast() ? "link-local multicast"
                                  : (inServiceRange && snap.serviceByClusterIp(a.ip)) ? "a cluster IP"
                                                                                       : nullptr;
                if (why)
                    out.push_back({"endpoint-ip-forbidden",
                                   "endpoint address " + a.ip + " is " + why + ", which the apiserver forbids in Endpoints",
                                   {{"address", a.ip}, {"reason", why}}, false});
            }
}

// The pod behind an endpoint address, from the service's Endpoints (targetRef, nodeName).
std::string podFromEndpoints(const Endpoints *eps, const std::string &ip, std::string *node)
{
    if (!eps)
        return {};
    for (const EndpointSubset &sub : eps->subsets)
        for (const auto *list : {&sub.addresses, &sub.notReadyAddresses})
            for (const EndpointAddress &a : *list)
                if (a.ip == ip && a.targetRef && a.targetRef->kind == "Pod") {
                    if (node && a.nodeName)
                        *node = *a.nodeName;
                    return (a.targetRef->namespace_.empty() ? eps->metadata.namespace_ : a.targetRef->namespace_) + "/"
                           + a.targetRef->name;
                }
    return {};
}

std::string podOfAddress(const ClusterSnapshot &snap, const std::string &ip, std::string *node)
{
    for (const Pod *p : snap.pods())
        if (p->podIP == ip) {
            if (node)
                *node = p->nodeName;
            return p->metadata.namespace_ + "/" + p->metadata.name;
        }
    return {};
}

} // namespace

Result<TraceResult> tracePath(const ClusterSnapshot &snap, const TraceRequest &request)
{
    auto client = parseClient(snap, request.from);
    if (!client)
        return client.error();
    TraceResult result;
    result.clientAddress = client->address;
    result.clientNode = client->node;
    result.hops.push_back({Hop::Kind::Client, "client " + client->label,
                           "connects from " + client->address + " (" + lower(request.protocol) + ")", {}});

    const Destination dest = splitDestination(request.to);
    if (dest.host.empty())
        return requestError("destination is empty");
    const std::string proto = request.protocol.empty() ? std::string("TCP") : request.protocol;

    // Resolve the destination to a service (and its port) or an address.
    const Service *svc = nullptr;
    const ServicePort *svcPort = nullptr;
    std::string destIp;
    int destPort = toInt(dest.port);
    enum class Via { ClusterIp, NodePort, ExternalIp, LoadBalancer, Pod, Unknown } via = Via::Unknown;

    const auto ip = IpAddress::parse(dest.host);
    if (!ip) {
        // A DNS name, resolved as the client's resolver would.
        DnsSettings dns;
        dns.clusterDomain = snap.settings().clusterDomain;
        const std::string ns = client->namespace_.empty() ? std::string("default") : client->namespace_;
        std::string name = dest.host;
        // The records of the one service the name can mean ("svc", "svc.ns", "svc.ns.svc",
        // "svc.ns.svc.<zone>"): the same answers as the whole cluster's zone, without
        // building it (10,000 services). Other names (pod A records, ...) use the whole zone.
        std::vector<DnsRecord> records;
        {
            std::string n = lower(name);
            if (!n.empty() && n.back() == '.')
                n.pop_back();
            const std::string zone = ".svc." + lower(dns.clusterDomain);
            if (n.size() > zone.size() && n.compare(n.size() - zone.size(), zone.size(), zone) == 0)
                n.resize(n.size() - zone.size());
            else if (n.size() > 4 && n.compare(n.size() - 4, 4, ".svc") == 0)
                n.resize(n.size() - 4);
            const auto dot = n.find('.');
            const std::string svcName = n.substr(0, dot);
            const std::string svcNs = dot == std::string::npos ? ns : n.substr(dot + 1);
            if (svcNs.find('.') == std::string::npos)
                if (const Service *s = snap.service(svcNs, svcName))
                    records = serviceDnsRecords(*s, snap.endpoints(svcNs, svcName), dns);
        }
        const DnsResolver resolver = records.empty() ? DnsResolver(snap, dns) : DnsResolver(std::move(records), dns);
        // Outside clients and nodes use no search list: NAME.NS is completed to the service FQDN.
        auto answer = resolver.resolve(name, DnsRecord::Type::A, ns);
        if (!answer.found() && std::count(name.begin(), name.end(), '.') == 1)
            answer = resolver.lookup(name + ".svc." + dns.clusterDomain, DnsRecord::Type::A);
        if (!answer.found()) {
            result.hops.push_back({Hop::Kind::Dns, "DNS " + name, "NXDOMAIN (tried " + std::to_string(answer.tried.size()) + " names)", {}});
            result.explanations.push_back({"unknown-destination", "no DNS record answers \"" + name + "\"",
                                           {{"name", name}}, true});
            return result;
        }
        std::string detail;
        for (const DnsRecord &r : answer.answers)
            detail += (detail.empty() ? "" : "; ") + r.toString();
        result.hops.push_back({Hop::Kind::Dns, "DNS " + answer.name, detail, {}});
        // Which service answered: <svc>.<ns>.svc.<zone>.
        std::string fq = answer.name;
        if (!fq.empty() && fq.back() == '.')
            fq.pop_back();
        const auto first = fq.find('.');
        const auto second = fq.find('.', first + 1);
        if (first != std::string::npos && second != std::string::npos)
            svc = snap.service(fq.substr(first + 1, second - first - 1), fq.substr(0, first));
        if (!svc)
            return requestError("DNS answered " + answer.name + " but no service owns it");
        const DnsRecord &a = answer.answers.front();
        if (a.type == DnsRecord::Type::CNAME) {
            std::string target = a.data;
            if (!target.empty() && target.back() == '.')
                target.pop_back();
            result.service = svc->metadata.namespace_ + "/" + svc->metadata.name;
            result.explanations.push_back({"external-name",
                                           "service " + result.service + " is an ExternalName: DNS answers a CNAME to " + target
                                               + " and no proxy is involved; the client connects to that host itself",
                                           {{"service", result.service}, {"target", target}}, false});
            result.reachable = true;
            result.destination = target + (dest.port.empty() ? "" : ":" + dest.port);
            result.endpoints.push_back({result.destination, {}, {}, 1.0, false, client->address});
            result.hops.push_back({Hop::Kind::Endpoint, "external host " + target,
                                   "outside the cluster; reached through the client's own network", {}});
            return result;
        }
        if (svc->isHeadless()) {
            result.service = svc->metadata.namespace_ + "/" + svc->metadata.name;
            result.explanations.push_back({"headless",
                                           "service " + result.service + " is headless: DNS returns the pods' addresses and the client connects to one of them directly, without a virtual IP",
                                           {{"service", result.service}}, false});
            const double p = 1.0 / double(answer.answers.size());
            for (const DnsRecord &r : answer.answers) {
                std::string node;
                const std::string pod = podOfAddress(snap, r.data, &node);
                int port = destPort;
                if (port <= 0 && svc->spec.ports.size() == 1 && svc->spec.ports[0].targetPort
                    && svc->spec.ports[0].targetPort->isInt())
                    port = svc->spec.ports[0].targetPort->intValue;
                result.endpoints.push_back({r.data + (port > 0 ? ":" + std::to_string(port) : std::string()), pod, node, p, false,
                                            client->address});
            }
            result.reachable = !result.endpoints.empty();
            result.destination = result.endpoints.empty() ? std::string() : result.endpoints.front().endpoint;
            return result;
        }
        destIp = a.data;
        via = Via::ClusterIp;
    } else {
        destIp = ip->toString();
        if (const Service *s = snap.serviceByClusterIp(destIp)) {
            svc = s;
            via = Via::ClusterIp;
        }
        if (!svc)
            for (const Service *s : snap.services()) {
                for (const std::string &e : s->spec.externalIPs)
                    if (e == destIp) {
                        svc = s;
                        via = Via::ExternalIp;
                    }
                for (const LoadBalancerIngress &ing : s->status.loadBalancerIngress)
                    if (ing.ip == destIp) {
                        svc = s;
                        via = Via::LoadBalancer;
                    }
                if (svc)
                    break;
            }
        if (!svc) {
            for (const KubeNode *n : snap.nodes())
                for (const NodeAddress &a : n->addresses)
                    if (a.address == destIp) {
                        via = Via::NodePort;
                        result.entryNode = n->metadata.name;
                    }
            if (via == Via::NodePort) {
                for (const Service *s : snap.services())
                    for (const ServicePort &p : s->spec.ports)
                        if (p.nodePort == destPort && destPort > 0
                            && lower(p.protocol.empty() ? "TCP" : p.protocol) == lower(proto)) {
                            svc = s;
                            svcPort = &p;
                        }
                if (!svc) {
                    result.hops.push_back({Hop::Kind::Failure, "node " + result.entryNode + " port " + dest.port,
                                           "no service has this node port", {}});
                    result.explanations.push_back({"no-such-port", "no service uses node port " + dest.port + "/" + proto,
                                                   {{"port", dest.port}}, true});
                    return result;
                }
            } else if (std::string pod = podOfAddress(snap, destIp, nullptr); !pod.empty()) {
                via = Via::Pod;
                result.explanations.push_back({"direct-pod", destIp + " is the address of pod " + pod + ": no service, no proxy",
                                               {{"pod", pod}}, false});
                result.reachable = destPort > 0;
                result.destination = destIp + ":" + dest.port;
                std::string node;
                podOfAddress(snap, destIp, &node);
                result.endpoints.push_back({result.destination, pod, node, 1.0, false, client->address});
                return result;
            }
        }
        if (!svc) {
            result.explanations.push_back({"unknown-destination",
                                           destIp + " is no cluster IP, external IP, load-balancer IP, node or pod address of this cluster",
                                           {{"address", destIp}}, true});
            return result;
        }
    }

    result.service = svc->metadata.namespace_ + "/" + svc->metadata.name;
    // The port: given by number or name, or the only one.
    if (!svcPort) {
        for (const ServicePort &p : svc->spec.ports) {
            const bool protoOk = lower(p.protocol.empty() ? "TCP" : p.protocol) == lower(proto);
            if (!protoOk)
                continue;
            if ((destPort > 0 && p.port == destPort) || (!dest.port.empty() && destPort < 0 && p.name == dest.port)
                || (dest.port.empty() && svc->spec.ports.size() == 1))
                svcPort = &p;
        }
        if (!svcPort) {
            std::string ports;
            for (const ServicePort &p : svc->spec.ports)
                ports += (ports.empty() ? "" : ", ") + std::to_string(p.port) + "/" + (p.protocol.empty() ? "TCP" : p.protocol)
                         + (p.name.empty() ? "" : " (" + p.name + ")");
            result.explanations.push_back({"no-such-port",
                                           "service " + result.service + " has no " + proto + " port "
                                               + (dest.port.empty() ? std::string("given (it has several: ") + ports + ")"
                                                                    : dest.port + " (it has: " + ports + ")"),
                                           {{"service", result.service}, {"port", dest.port}, {"ports", ports}}, true});
            return result;
        }
        if (destPort <= 0)
            destPort = via == Via::NodePort ? svcPort->nodePort : svcPort->port;
    }
    result.servicePort = svcPort->name;
    const char *viaName = via == Via::ClusterIp      ? "cluster IP"
                          : via == Via::NodePort     ? "node port"
                          : via == Via::ExternalIp   ? "external IP"
                          : via == Via::LoadBalancer ? "load-balancer IP"
                                                     : "address";
    result.destination = destIp + ":" + std::to_string(destPort);
    result.hops.push_back({Hop::Kind::Service, std::string(viaName) + " " + result.destination,
                           "service " + result.service + " port " + std::to_string(svcPort->port) + "/"
                               + (svcPort->protocol.empty() ? "TCP" : svcPort->protocol)
                               + (svcPort->name.empty() ? "" : " (" + svcPort->name + ")"),
                           {}});

    // The node whose rules see the packet first.
    if (result.entryNode.empty())
        result.entryNode = !client->node.empty() ? client->node : request.viaNode;
    if (result.entryNode.empty() && !snap.nodes().empty())
        result.entryNode = snap.nodes().front()->metadata.name;
    // A cluster state without Node objects: plan for an anonymous node with no addresses.

    if (request.mode == ProxyMode::Nftables) {
        // The nftables layout gives the same traffic results as the iptables mode (the
        // tests check both modes against the same packets); the hops shown are the iptables
        // chains until the tracer reads nft rules.
        result.explanations.push_back({"nftables-as-iptables",
                                       "nftables mode: the path is computed with the iptables mode's rules, which give the same results",
                                       {}, false});
    }

    proxy::ProxyConfig config = proxy::proxyConfigForNode(snap, result.entryNode);
    if (!request.configOverrides.clusterCidr.empty())
        config.clusterCidr = request.configOverrides.clusterCidr;
    config.masqueradeAll = request.configOverrides.masqueradeAll;
    config.nodePortAddresses = request.configOverrides.nodePortAddresses;
    // Only the destination service's rules can match this packet (every rule of another
    // service names another address or port), so plan that service alone: the same outcome
    // as the node's whole plan, in microseconds instead of a second at 10,000 services.
    ClusterSnapshot relevant(snap.settings());
    {
        const ObjectKey key{svc->metadata.namespace_, svc->metadata.name};
        if (const auto it = snap.serviceMap().find(key); it != snap.serviceMap().end())
            relevant.add(it->second);
        if (const auto it = snap.endpointsMap().find(key); it != snap.endpointsMap().end())
            relevant.add(it->second);
    }
    const auto ports = proxy::buildServicePorts(relevant, config);
    proxy::IptablesPlan plan;
    proxy::IpvsPlan ipvs;
    proxy::UserspacePlan userspace;
    const char *modeLabel = proxyModeName(request.mode);
    if (request.mode == ProxyMode::Ipvs) {
        ipvs = proxy::planIpvs(ports, config);
        plan = ipvs.iptables;
    } else if (request.mode == ProxyMode::Userspace) {
        userspace = proxy::planUserspace(ports, config);
        plan = userspace.iptables;
    } else {
        plan = proxy::planIptables(ports, config);
    }
    const auto rules = IptablesRuleset::fromPlan(plan);
    Packet packet{client->address, destIp, lower(proto), destPort, client->isNode && client->node == result.entryNode};
    auto outcomes = traceIptables(rules, packet, NodeView{config.localAddresses, {}});

    // IPVS and the userspace proxy choose the endpoint after the iptables rules: expand the
    // delivered outcome into one per real server / endpoint.
    if (request.mode != ProxyMode::Iptables && request.mode != ProxyMode::Nftables) {
        std::vector<TraceOutcome> expanded;
        for (const TraceOutcome &o : outcomes) {
            if (o.verdict != TraceOutcome::Verdict::Delivered) {
                expanded.push_back(o);
                continue;
            }
            std::vector<std::pair<std::string, double>> targets;
            bool masq = o.masqueraded;
            std::string stepText;
            if (request.mode == ProxyMode::Ipvs) {
                if (const auto *vs = ipvs.find(proto, destIp, destPort)) {
                    for (const auto &r : vs->reals)
                        targets.push_back({r.address + ":" + std::to_string(r.port), 1.0 / double(vs->reals.size())});
                    stepText = "IPVS virtual server " + vs->key() + " (" + vs->scheduler
                               + (vs->persistent ? ", persistent " + std::to_string(vs->timeoutSeconds) + " s" : "")
                               + "), " + std::to_string(vs->reals.size()) + " real servers in masquerade mode";
                }
            } else {
                const std::string spn = svc->metadata.namespace_ + "/" + svc->metadata.name
                                        + (svcPort->name.empty() ? "" : ":" + svcPort->name);
                if (const auto *px = userspace.find(spn, svcPort->protocol.empty() ? "TCP" : svcPort->protocol)) {
                    std::vector<std::string> eps;
                    for (const auto &e : px->port.endpoints)
                        if (e.ready)
                            eps.push_back(e.endpoint());
                    for (const auto &e : eps)
                        targets.push_back({e, 1.0 / double(eps.size())});
                    masq = true; // the proxy opens its own connection from the node
                    stepText = "userspace proxy on port " + std::to_string(px->proxyPort) + ": round robin over "
                               + std::to_string(eps.size()) + " endpoints, new connection from the node";
                }
            }
            if (targets.empty()) {
                TraceOutcome r = o;
                r.verdict = TraceOutcome::Verdict::Rejected;
                expanded.push_back(r);
                continue;
            }
            for (const auto &[ep, prob] : targets) {
                TraceOutcome t = o;
                t.translated = true;
                t.destination = ep;
                t.probability = o.probability * prob;
                t.masqueraded = masq;
                t.steps.push_back({modeLabel, "", 0, stepText});
                expanded.push_back(std::move(t));
            }
        }
        outcomes = std::move(expanded);
    }

    const proxy::ServicePortInfo *info = nullptr;
    for (const auto &p : ports)
        if (p.namespace_ == svc->metadata.namespace_ && p.name == svc->metadata.name && p.portName == svcPort->name)
            info = &p;

    {
        const std::string nodeLabel = result.entryNode.empty() ? std::string("a node") : "node " + result.entryNode;
        Hop h{Hop::Kind::NodeRules, nodeLabel + " (" + modeLabel + ")",
              "the rules of " + nodeLabel + " this packet meets (" + std::to_string(plan.ruleCount()) + " rules planned for "
                  + result.service + ")", {}};
        if (!outcomes.empty())
            for (const TraceStep &s : outcomes.front().steps)
                if (s.ruleIndex >= 0)
                    h.rules.push_back(s.chain.empty() ? s.table + ": " + s.rule : s.table + " " + s.chain + ": " + s.rule);
        result.hops.push_back(std::move(h));
    }

    const std::string nodeIp = [&] {
        const KubeNode *n = snap.node(result.entryNode);
        return n ? nodeAddress(*n) : std::string();
    }();
    bool anyMasq = false, anyKept = false, anyDropped = false, anyRejected = false;
    for (const TraceOutcome &o : outcomes) {
        if (o.verdict == TraceOutcome::Verdict::Dropped) {
            anyDropped = true;
            continue;
        }
        if (o.verdict == TraceOutcome::Verdict::Rejected) {
            anyRejected = true;
            continue;
        }
        if (!o.translated)
            continue;
        EndpointChoice e;
        e.endpoint = o.destination;
        const std::string epIp = o.destination.substr(0, o.destination.rfind(':'));
        e.pod = podFromEndpoints(snap.endpoints(svc->metadata.namespace_, svc->metadata.name), epIp, &e.node);
        if (e.pod.empty())
            e.pod = podOfAddress(snap, epIp, &e.node); // hand-written Endpoints without targetRef
        e.probability = o.probability;
        e.masqueraded = o.masqueraded;
        e.sourceSeen = o.masqueraded ? (nodeIp.empty() ? std::string("the node's address") : nodeIp) : client->address;
        (o.masqueraded ? anyMasq : anyKept) = true;
        result.endpoints.push_back(e);
        result.hops.push_back({Hop::Kind::Translation, "DNAT to " + o.destination + " (" + percent(o.probability) + ")",
                               std::string(o.masqueraded ? "source masqueraded to " + e.sourceSeen : "source kept: " + client->address)
                                   + (e.pod.empty() ? "" : "; pod " + e.pod + (e.node.empty() ? "" : " on " + e.node)),
                               {}});
    }
    result.reachable = !result.endpoints.empty();

    if (!result.reachable) {
        const bool hasReady = info && std::any_of(info->endpoints.begin(), info->endpoints.end(),
                                                  [](const proxy::ProxyEndpoint &e) { return e.ready; });
        if (!hasReady) {
            explainEndpoints(snap, *svc, svcPort, result.explanations);
            result.hops.push_back({Hop::Kind::Failure, anyRejected ? "rejected" : "no endpoint",
                                   "the node answers with ICMP port unreachable: connection refused at once", {}});
        } else if (anyDropped && via == Via::LoadBalancer && info && !info->loadBalancerSourceRanges.empty()) {
            std::string ranges;
            for (const auto &r : info->loadBalancerSourceRanges)
                ranges += (ranges.empty() ? "" : ", ") + r;
            result.explanations.push_back({"source-range-blocked",
                                           "client " + client->address + " is outside loadBalancerSourceRanges (" + ranges + ")",
                                           {{"client", client->address}, {"ranges", ranges}}, true});
            result.hops.push_back({Hop::Kind::Failure, "dropped", "KUBE-FW chain: source not admitted", {}});
        } else if (anyDropped && info && info->localExternal && info->localEndpointCount() == 0) {
            result.explanations.push_back({"no-local-endpoints",
                                           "externalTrafficPolicy is Local and node " + result.entryNode
                                               + " runs no ready endpoint of " + result.service + ": the packet is dropped",
                                           {{"service", result.service}, {"node", result.entryNode}}, true});
            result.hops.push_back({Hop::Kind::Failure, "dropped", "KUBE-XLB chain: no local endpoints", {}});
        } else {
            result.explanations.push_back({"unknown-destination",
                                           "no rule of node " + result.entryNode + " translates " + result.destination,
                                           {{"address", result.destination}}, true});
        }
    } else {
        // Some pods may be missing from the set even though the connection works: the
        // unready ones the Endpoints list (no scan of every pod of the namespace).
        if (const Endpoints *eps = snap.endpoints(svc->metadata.namespace_, svc->metadata.name))
            for (const EndpointSubset &sub : eps->subsets)
                for (const EndpointAddress &a : sub.notReadyAddresses)
                    if (a.targetRef)
                        result.explanations.push_back(
                            {"pod-not-ready",
                             "pod " + a.targetRef->name + " is not ready: it is listed under notReadyAddresses and gets no traffic",
                             {{"pod", a.targetRef->name}, {"reason", "not-ready"}}, false});
        if (anyMasq)
            result.explanations.push_back({"masqueraded",
                                           "the source is masqueraded: the pod sees the node's address, not " + client->address,
                                           {{"client", client->address}, {"node", result.entryNode}}, false});
        if (anyKept && !client->isNode)
            result.explanations.push_back({"client-address-kept", "the pod sees the client's own address " + client->address,
                                           {{"client", client->address}}, false});
    }
    forbiddenEndpointAddresses(snap, *svc, result.explanations);
    return result;
}

std::string renderTraceText(const TraceResult &r)
{
    std::string out;
    int n = 1;
    for (const Hop &h : r.hops) {
        out += std::to_string(n++) + ". " + h.title + "\n";
        if (!h.detail.empty())
            out += "   " + h.detail + "\n";
        for (const std::string &rule : h.rules)
            out += "     " + rule + "\n";
    }
    if (!r.endpoints.empty()) {
        out += "endpoints:\n";
        for (const EndpointChoice &e : r.endpoints) {
            char line[512];
            std::snprintf(line, sizeof line, "  %-21s %6s  %s%s  sees %s\n", e.endpoint.c_str(),
                          percent(e.probability).c_str(), e.pod.empty() ? "" : e.pod.c_str(),
                          e.node.empty() ? "" : (" on " + e.node).c_str(), e.sourceSeen.c_str());
            out += line;
        }
    }
    for (const Explanation &e : r.explanations)
        out += std::string(e.blocking ? "why: " : "note: ") + e.message + "\n";
    out += r.reachable ? "result: reachable\n" : "result: not reachable\n";
    return out;
}

std::string renderTraceJson(const TraceResult &r)
{
    auto q = [](const std::string &s) { return QString::fromStdString(s); };
    QJsonObject o;
    o[QStringLiteral("reachable")] = r.reachable;
    o[QStringLiteral("client")] = q(r.clientAddress);
    o[QStringLiteral("entryNode")] = q(r.entryNode);
    o[QStringLiteral("service")] = q(r.service);
    o[QStringLiteral("destination")] = q(r.destination);
    QJsonArray hops;
    for (const Hop &h : r.hops) {
        static const char *kinds[] = {"client", "dns", "service", "node-rules", "translation", "endpoint", "failure"};
        QJsonObject j;
        j[QStringLiteral("kind")] = QString::fromLatin1(kinds[int(h.kind)]);
        j[QStringLiteral("title")] = q(h.title);
        j[QStringLiteral("detail")] = q(h.detail);
        QJsonArray rules;
        for (const auto &x : h.rules)
            rules.append(q(x));
        j[QStringLiteral("rules")] = rules;
        hops.append(j);
    }
    o[QStringLiteral("hops")] = hops;
    QJsonArray eps;
    for (const EndpointChoice &e : r.endpoints) {
        QJsonObject j;
        j[QStringLiteral("endpoint")] = q(e.endpoint);
        j[QStringLiteral("pod")] = q(e.pod);
        j[QStringLiteral("node")] = q(e.node);
        j[QStringLiteral("probability")] = e.probability;
        j[QStringLiteral("masqueraded")] = e.masqueraded;
        j[QStringLiteral("sourceSeen")] = q(e.sourceSeen);
        eps.append(j);
    }
    o[QStringLiteral("endpoints")] = eps;
    QJsonArray ex;
    for (const Explanation &e : r.explanations) {
        QJsonObject j;
        j[QStringLiteral("code")] = q(e.code);
        j[QStringLiteral("message")] = q(e.message);
        j[QStringLiteral("blocking")] = e.blocking;
        QJsonObject args;
        for (const auto &[k, v] : e.args)
            args[q(k)] = q(v);
        j[QStringLiteral("args")] = args;
        ex.append(j);
    }
    o[QStringLiteral("explanations")] = ex;
    return QJsonDocument(o).toJson(QJsonDocument::Indented).toStdString();
}

} // namespace studio::trace
