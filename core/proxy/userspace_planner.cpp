// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/userspace_plan.h"

#include "proxy/chain_names.h"

#include <cstdio>

namespace studio::proxy {

std::string userspaceKey(const ServicePortInfo &port)
{
    return port.servicePortName() + "/" + port.protocol;
}

const UserspaceProxy *UserspacePlan::find(const std::string &servicePortName, const std::string &protocol) const
{
    for (const UserspaceProxy &p : proxies)
        if (p.port.servicePortName() == servicePortName && p.port.protocol == protocol)
            return &p;
    return nullptr;
}

UserspacePlan planUserspace(const std::vector<ServicePortInfo> &ports, const ProxyConfig &config,
                            const std::map<std::string, int> &proxyPorts)
{
    UserspacePlan plan;
    IptablesPlan &ipt = plan.iptables;
    IptablesChain portalsContainer{kPortalsContainerChain, {}, {}};
    IptablesChain portalsHost{kPortalsHostChain, {}, {}};
    IptablesChain nodeContainer{kNodePortContainerChain, {}, {}};
    IptablesChain nodeHost{kNodePortHostChain, {}, {}};
    const std::string nodeIp = config.localAddresses.empty() ? std::string("127.0.0.1") : config.localAddresses.front();

    for (const ServicePortInfo &sp : ports) {
        UserspaceProxy proxy{sp, 0};
        if (const auto it = proxyPorts.find(userspaceKey(sp)); it != proxyPorts.end())
            proxy.proxyPort = it->second;
        else {
            const std::string h = portProtoHash(sp.servicePortName(), sp.lowerProtocol());
            unsigned v = 0;
            for (char c : h)
                v = v * 31 + unsigned(uint8_t(c));
            proxy.proxyPort = 36000 + int(v % 26000);
        }
        const std::string spn = sp.servicePortName();
        auto redirect = [&](IptablesChain &chain, const std::string &address, int port, bool host) {
            IptablesRule r;
            r.comment = spn;
            r.protocol = sp.lowerProtocol();
            if (!address.empty())
                r.destination = AddressMatch{address + "/32", false};
            r.destinationPort = port;
            if (host) {
                r.target = IptablesRule::Target::Dnat;
                r.toDestination = nodeIp + ":" + std::to_string(proxy.proxyPort);
            } else {
                r.target = IptablesRule::Target::Redirect;
                r.toPort = proxy.proxyPort;
            }
            chain.rules.push_back(r);
        };
        std::vector<std::string> vips = {sp.clusterIP};
        vips.insert(vips.end(), sp.externalIPs.begin(), sp.externalIPs.end());
        vips.insert(vips.end(), sp.loadBalancerIPs.begin(), sp.loadBalancerIPs.end());
        for (const std::string &vip : vips) {
            redirect(portalsContainer, vip, sp.port, false);
            redirect(portalsHost, vip, sp.port, true);
        }
        if (sp.nodePort) {
            redirect(nodeContainer, {}, sp.nodePort, false);
            redirect(nodeHost, {}, sp.nodePort, true);
        }
        plan.proxies.push_back(std::move(proxy));
    }
    ipt.nat.chains = {portalsContainer, portalsHost, nodeContainer, nodeHost};
    auto hook = [&](const char *chain, const char *comment, const char *target, bool local) {
        IptablesRule r;
        r.comment = comment;
        if (local)
            r.dstTypeLocal = true;
        r.target = IptablesRule::Target::Jump;
        r.jumpChain = target;
        ipt.hooks.push_back({"nat", chain, r});
    };
    hook("PREROUTING", "handle ClusterIPs; NOTE: this must be before the NodePort rules", kPortalsContainerChain, false);
    hook("PREROUTING", "handle service NodePorts; NOTE: this must be the last rule in the chain", kNodePortContainerChain, true);
    hook("OUTPUT", "handle ClusterIPs; NOTE: this must be before the NodePort rules", kPortalsHostChain, false);
    hook("OUTPUT", "handle service NodePorts; NOTE: this must be the last rule in the chain", kNodePortHostChain, true);
    return plan;
}

std::string renderUserspace(const UserspacePlan &plan)
{
    std::string out = "# proxy ports (the agent listens on each and connects to the endpoints round robin)\n";
    char line[512];
    for (const UserspaceProxy &p : plan.proxies) {
        std::string eps;
        for (const ProxyEndpoint &e : p.port.endpoints)
            if (e.ready)
                eps += (eps.empty() ? "" : " ") + e.endpoint();
        std::snprintf(line, sizeof line, "%-5d %-4s %-40s %s%s\n", p.proxyPort, p.port.protocol.c_str(),
                      p.port.servicePortName().c_str(), eps.empty() ? "(no endpoints: connections are closed)" : eps.c_str(),
                      p.port.clientIpAffinity ? "  [ClientIP affinity]" : "");
        out += line;
    }
    out += "\n# iptables (iptables-restore --noflush)\n";
    RestoreScope scope;
    scope.missingHooks = plan.iptables.hooks;
    out += renderRestore(plan.iptables, scope);
    return out;
}

} // namespace studio::proxy
