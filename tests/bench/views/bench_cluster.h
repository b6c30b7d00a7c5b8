// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Synthetic clusters for the visualization benchmarks, built straight into a ClusterSnapshot
// (the views read snapshots; going through the sandbox API would time the sandbox instead).
#include "cluster/cluster_snapshot.h"

#include <memory>
#include <string>

namespace viewsbench {

inline std::string podIp(size_t i)
{
    return "10.244." + std::to_string(i / 250) + "." + std::to_string(2 + i % 250);
}

inline void addNodes(studio::ClusterSnapshot &snap, size_t nodes)
{
    for (size_t n = 0; n < nodes; ++n) {
        auto node = std::make_shared<studio::KubeNode>();
        node->metadata.name = "node-" + std::to_string(n + 1);
        node->addresses.push_back({"InternalIP", "192.168." + std::to_string(n / 250) + "." + std::to_string(10 + n % 250)});
        snap.add(std::shared_ptr<const studio::KubeNode>(node));
    }
}

// `pods` pods in namespace "bench" over `nodes` nodes; every other pod is app=web (of those,
// every fifth not ready), the rest app=batch. Service bench/web selects app=web, port 80 ->
// 8080, with the Endpoints the controller would write.
inline studio::ClusterSnapshot topologyCluster(size_t pods, size_t nodes)
{
    using namespace studio;
    ClusterSnapshot snap;
    addNodes(snap, nodes);
    auto ns = std::make_shared<Namespace>();
    ns->metadata.name = "bench";
    snap.add(std::shared_ptr<const Namespace>(ns));
    auto svc = std::make_shared<Service>();
    svc->metadata.name = "web";
    svc->metadata.namespace_ = "bench";
    svc->spec.selector = Labels{{"app", "web"}};
    svc->spec.clusterIP = "10.96.0.80";
    svc->spec.clusterIPs = {"10.96.0.80"};
    svc->spec.ports.push_back({"http", "TCP", {}, 80, IntOrString::fromInt(8080), 0});
    snap.add(std::shared_ptr<const Service>(svc));
    auto eps = std::make_shared<Endpoints>();
    eps->metadata = svc->metadata;
    EndpointSubset subset;
    subset.ports.push_back({"http", 8080, "TCP", {}});
    for (size_t i = 0; i < pods; ++i) {
        auto pod = std::make_shared<Pod>();
        pod->metadata.name = "pod-" + std::to_string(i);
        pod->metadata.namespace_ = "bench";
        const bool web = i % 2 == 0;
        const bool ready = !(web && i % 10 == 0);
        pod->metadata.labels = {{"app", web ? "web" : "batch"}, {"tier", "backend"}};
        pod->nodeName = "node-" + std::to_string(i % nodes + 1);
        pod->phase = "Running";
        pod->podIP = podIp(i);
        pod->conditions = {{"Ready", ready ? "True" : "False"}};
        pod->containers.push_back({"main", "example/app:1.0", {{"http", 8080, "TCP", 0}}});
        if (web) {
            EndpointAddress a;
            a.ip = pod->podIP;
            a.nodeName = pod->nodeName;
            a.targetRef = ObjectReference{"Pod", "bench", pod->metadata.name, {}, {}};
            (ready ? subset.addresses : subset.notReadyAddresses).push_back(a);
        }
        snap.add(std::shared_ptr<const Pod>(pod));
    }
    eps->subsets.push_back(std::move(subset));
    snap.add(std::shared_ptr<const Endpoints>(eps));
    return snap;
}

} // namespace viewsbench
