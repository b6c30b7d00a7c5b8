// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/service_ports.h"

#include "util/ip_address.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace studio::proxy {

std::string ServicePortInfo::servicePortName() const
{
    std::string s = namespace_ + "/" + name;
    if (!portName.empty())
        s += ":" + portName;
    return s;
}

std::string ServicePortInfo::lowerProtocol() const
{
    std::string p = protocol.empty() ? std::string("TCP") : protocol;
    std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return p;
}

int ServicePortInfo::localEndpointCount() const
{
    return int(std::count_if(endpoints.begin(), endpoints.end(),
                             [](const ProxyEndpoint &e) { return e.ready && e.isLocal; }));
}

namespace {

bool isIpv4(const std::string &text)
{
    const auto ip = IpAddress::parse(text);
    return ip && ip->isV4();
}

std::string trim(const std::string &s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

// kube-proxy's ShouldSkipService: no cluster IP (headless, unset) or ExternalName.
bool proxied(const Service &s)
{
    if (s.effectiveType() == service_type::ExternalName)
        return false;
    return !s.spec.clusterIP.empty() && s.spec.clusterIP != "None" && isIpv4(s.spec.clusterIP);
}

void addEndpoints(ServicePortInfo &info, const Endpoints *eps, const ProxyConfig &config,
                  bool includeNotReady)
{
    if (!eps)
        return;
    for (const EndpointSubset &subset : eps->subsets) {
        for (const EndpointPort &port : subset.ports) {
            if (port.name != info.portName)
                continue;
            if (port.port <= 0)
                continue;
            auto add = [&](const EndpointAddress &a, bool ready) {
                if (!isIpv4(a.ip))
                    return;
                ProxyEndpoint e;
                e.ip = a.ip;
                e.port = port.port;
                e.isLocal = a.nodeName && *a.nodeName == config.nodeName;
                e.ready = ready;
                if (a.targetRef)
                    e.podName = a.targetRef->name;
                info.endpoints.push_back(std::move(e));
            };
            for (const EndpointAddress &a : subset.addresses)
                add(a, true);
            if (includeNotReady)
                for (const EndpointAddress &a : subset.notReadyAddresses)
                    add(a, false);
        }
    }
}

} // namespace

namespace {

void appendPorts(std::vector<ServicePortInfo> &out, const Service &svc, const ClusterSnapshot &snapshot,
                 const ProxyConfig &config, bool includeNotReady)
{
    {
        if (!proxied(svc))
            return;
        const std::string type = svc.effectiveType();
        const bool external = type == service_type::NodePort || type == service_type::LoadBalancer;
        const bool local = external && svc.spec.externalTrafficPolicy == "Local";
        const Endpoints *eps = snapshot.endpoints(svc.metadata.namespace_, svc.metadata.name);
        for (const ServicePort &p : svc.spec.ports) {
            ServicePortInfo info;
            info.namespace_ = svc.metadata.namespace_;
            info.name = svc.metadata.name;
            info.portName = p.name;
            info.protocol = p.protocol.empty() ? std::string(protocol::TCP) : p.protocol;
            info.clusterIP = svc.spec.clusterIP;
            info.port = p.port;
            // A NodePort is only served for the types that have one (a ClusterIP service
            // may still carry a stale value in a hand-written file).
            info.nodePort = external ? p.nodePort : 0;
            for (const std::string &ip : svc.spec.externalIPs)
                if (isIpv4(ip))
                    info.externalIPs.push_back(ip);
            if (type == service_type::LoadBalancer) {
                for (const LoadBalancerIngress &ing : svc.status.loadBalancerIngress)
                    if (isIpv4(ing.ip))
                        info.loadBalancerIPs.push_back(ing.ip);
                for (const std::string &r : svc.spec.loadBalancerSourceRanges) {
                    const std::string t = trim(r);
                    if (!t.empty())
                        info.loadBalancerSourceRanges.push_back(t);
                }
            }
            if (svc.spec.sessionAffinity == "ClientIP") {
                info.clientIpAffinity = true;
                if (svc.spec.sessionAffinityConfig && svc.spec.sessionAffinityConfig->clientIP
                    && svc.spec.sessionAffinityConfig->clientIP->timeoutSeconds)
                    info.stickySeconds = *svc.spec.sessionAffinityConfig->clientIP->timeoutSeconds;
            }
            info.localExternal = local;
            if (local && type == service_type::LoadBalancer)
                info.healthCheckNodePort = svc.spec.healthCheckNodePort;
            addEndpoints(info, eps, config, includeNotReady);
            out.push_back(std::move(info));
        }
    }
}

} // namespace

std::vector<ServicePortInfo> buildServicePorts(const ClusterSnapshot &snapshot,
                                               const ProxyConfig &config, bool includeNotReady)
{
    std::vector<ServicePortInfo> out;
    for (const auto &[key, svc] : snapshot.serviceMap())
        appendPorts(out, *svc, snapshot, config, includeNotReady);
    return out;
}

std::vector<ServicePortInfo> buildServicePorts(const ClusterSnapshot &snapshot, const ProxyConfig &config,
                                               const std::set<std::string> &services, bool includeNotReady)
{
    std::vector<ServicePortInfo> out;
    for (const std::string &key : services) {
        const size_t slash = key.find('/');
        if (slash == std::string::npos)
            continue;
        if (const Service *svc = snapshot.service(key.substr(0, slash), key.substr(slash + 1)))
            appendPorts(out, *svc, snapshot, config, includeNotReady);
    }
    return out;
}

NodePortAddresses nodePortAddresses(const ProxyConfig &config)
{
    NodePortAddresses out;
    if (config.nodePortAddresses.empty())
        return out;
    std::vector<IpNetwork> nets;
    for (const std::string &c : config.nodePortAddresses) {
        const auto net = IpNetwork::parse(trim(c));
        if (!net || !net->isV4())
            continue;
        if (net->prefixLength() == 0)
            return out; // the zero CIDR: every local address
        nets.push_back(*net);
    }
    out.all = false;
    for (const std::string &a : config.localAddresses) {
        const auto ip = IpAddress::parse(a);
        if (!ip || !ip->isV4())
            continue;
        for (const IpNetwork &n : nets)
            if (n.contains(*ip)) {
                out.addresses.push_back(ip->toString());
                break;
            }
    }
    std::sort(out.addresses.begin(), out.addresses.end());
    out.addresses.erase(std::unique(out.addresses.begin(), out.addresses.end()), out.addresses.end());
    return out;
}

std::map<int, HealthCheck> healthChecks(const std::vector<ServicePortInfo> &ports)
{
    std::map<int, HealthCheck> out;
    for (const ServicePortInfo &sp : ports)
        if (sp.localExternal && sp.healthCheckNodePort != 0) {
            HealthCheck &hc = out[sp.healthCheckNodePort];
            hc.service = sp.serviceKey();
            hc.localEndpoints += sp.localEndpointCount();
        }
    return out;
}

ProxyConfig proxyConfigForNode(const ClusterSnapshot &snapshot, const std::string &nodeName)
{
    ProxyConfig config;
    config.nodeName = nodeName;
    config.clusterCidr = snapshot.settings().clusterCidr;
    if (const KubeNode *node = snapshot.node(nodeName))
        for (const NodeAddress &a : node->addresses)
            if ((a.type == "InternalIP" || a.type == "ExternalIP") && isIpv4(a.address))
                config.localAddresses.push_back(a.address);
    return config;
}

} // namespace studio::proxy
