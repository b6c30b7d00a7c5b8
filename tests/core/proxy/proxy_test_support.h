// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "proxy/service_ports.h"

#include <string>
#include <vector>

namespace studio::proxy::testing {

inline ProxyEndpoint ep(const char *ip, int port, bool local = false)
{
    ProxyEndpoint e;
    e.ip = ip;
    e.port = port;
    e.isLocal = local;
    return e;
}

inline ServicePortInfo port(const char *ns, const char *name, const char *portName,
                            const char *clusterIP, int p, std::vector<ProxyEndpoint> eps,
                            const char *protocol = "TCP")
{
    ServicePortInfo s;
    s.namespace_ = ns;
    s.name = name;
    s.portName = portName;
    s.protocol = protocol;
    s.clusterIP = clusterIP;
    s.port = p;
    s.endpoints = std::move(eps);
    return s;
}

inline ProxyConfig nodeConfig()
{
    ProxyConfig c;
    c.nodeName = "node-1";
    c.clusterCidr = "10.244.0.0/16";
    c.localAddresses = {"192.168.49.11"};
    return c;
}

} // namespace studio::proxy::testing
