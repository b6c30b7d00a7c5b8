// SPDX-License-Identifier: GPL-3.0-or-later
// The IPVS plan the agent should program for a state file, as `service-studio plan --mode
// ipvs` prints it, computed the way the agent does (its StateFileSource, its ProxyConfig):
// the qemu test compares the VM's `ipvsadm -Ln` with it.
//
//   ipvs_expected --state FILE --node NAME --cluster-cidr CIDR --scheduler S ADDRESS...
//
// ADDRESS...: the node's own IPv4 addresses in the VM (what Agent::localAddresses() finds).
#include "change_tracker.h"
#include "proxy/ipvs_plan.h"
#include "proxy/service_ports.h"
#include "state_file_source.h"

#include <QCoreApplication>

#include <algorithm>
#include <iostream>
#include <string>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::string state, node, cidr, scheduler = "rr";
    std::vector<std::string> addresses;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
        if (a == "--state")
            state = next();
        else if (a == "--node")
            node = next();
        else if (a == "--cluster-cidr")
            cidr = next();
        else if (a == "--scheduler")
            scheduler = next();
        else
            addresses.push_back(a);
    }
    if (state.empty() || node.empty()) {
        std::cerr << "usage: ipvs_expected --state FILE --node NAME [--cluster-cidr CIDR] "
                     "[--scheduler S] ADDRESS...\n";
        return 2;
    }
    studio::agent::ChangeTracker tracker;
    studio::agent::ClusterState cluster(tracker, node);
    studio::agent::StateFileSource source(cluster, state);
    if (!source.reload())
        return 1;
    studio::proxy::ProxyConfig config;
    config.nodeName = node;
    config.clusterCidr = cidr;
    std::sort(addresses.begin(), addresses.end());
    config.localAddresses = addresses;
    const auto ports = studio::proxy::buildServicePorts(cluster.snapshot(), config);
    std::cout << studio::proxy::renderIpvs(studio::proxy::planIpvs(ports, config, scheduler));
    return 0;
}
