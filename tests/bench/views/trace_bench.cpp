// SPDX-License-Identifier: GPL-3.0-or-later
// tracePath at scale: 10,000 services (by default) with three endpoints each on 100 nodes.
// Prints the time of one trace by DNS name, by cluster IP and from outside by node port
// (the first 2,000 are NodePort services; each trace plans the entry node's rules plus walking them). Target (issue 8): a trace
// under 10 ms. Printed, never asserted. Run: trace_bench [services]
#include "bench_cluster.h"
#include "trace/path_tracer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace studio;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::duration d)
{
    return std::chrono::duration<double, std::milli>(d).count();
}

ClusterSnapshot servicesCluster(size_t services, size_t nodes)
{
    ClusterSnapshot snap;
    viewsbench::addNodes(snap, nodes);
    auto ns = std::make_shared<Namespace>();
    ns->metadata.name = "bench";
    snap.add(std::shared_ptr<const Namespace>(ns));
    size_t podIndex = 0;
    for (size_t s = 0; s < services; ++s) {
        auto svc = std::make_shared<Service>();
        svc->metadata.name = "svc-" + std::to_string(s);
        svc->metadata.namespace_ = "bench";
        svc->spec.selector = Labels{{"app", svc->metadata.name}};
        const bool nodePort = s < 2000; // the node port range holds 2,768 ports
        svc->spec.type = nodePort ? "NodePort" : "ClusterIP";
        svc->spec.clusterIP = "10.96." + std::to_string(1 + s / 250) + "." + std::to_string(1 + s % 250);
        svc->spec.clusterIPs = {svc->spec.clusterIP};
        svc->spec.ports.push_back({"http", "TCP", {}, 80, IntOrString::fromInt(8080), nodePort ? int32_t(30000 + s) : 0});
        auto eps = std::make_shared<Endpoints>();
        eps->metadata = svc->metadata;
        EndpointSubset subset;
        subset.ports.push_back({"http", 8080, "TCP", {}});
        for (int r = 0; r < 3; ++r, ++podIndex) {
            auto pod = std::make_shared<Pod>();
            pod->metadata.name = svc->metadata.name + "-" + std::to_string(r);
            pod->metadata.namespace_ = "bench";
            pod->metadata.labels = {{"app", svc->metadata.name}};
            pod->nodeName = "node-" + std::to_string(podIndex % nodes + 1);
            pod->phase = "Running";
            pod->podIP = viewsbench::podIp(podIndex);
            pod->conditions = {{"Ready", "True"}};
            pod->containers.push_back({"main", "example/app:1.0", {{"http", 8080, "TCP", 0}}});
            EndpointAddress a;
            a.ip = pod->podIP;
            a.nodeName = pod->nodeName;
            a.targetRef = ObjectReference{"Pod", "bench", pod->metadata.name, {}, {}};
            subset.addresses.push_back(a);
            snap.add(std::shared_ptr<const Pod>(pod));
        }
        eps->subsets.push_back(std::move(subset));
        snap.add(std::shared_ptr<const Service>(svc));
        snap.add(std::shared_ptr<const Endpoints>(eps));
    }
    return snap;
}

void run(const ClusterSnapshot &snap, const char *label, trace::TraceRequest req, int repeat)
{
    std::vector<double> times;
    bool reachable = false;
    size_t hops = 0;
    for (int i = 0; i < repeat; ++i) {
        const auto t0 = Clock::now();
        auto r = trace::tracePath(snap, req);
        times.push_back(ms(Clock::now() - t0));
        if (r.ok()) {
            reachable = r->reachable;
            hops = r->hops.size();
        } else if (i == 0) {
            std::printf("  %s: error %s\n", label, r.error().message.c_str());
            return;
        }
    }
    std::sort(times.begin(), times.end());
    double sum = 0;
    for (double t : times)
        sum += t;
    std::printf("  %-34s median %7.2f ms  avg %7.2f  max %7.2f  (%zu hops, %s)\n", label, times[times.size() / 2],
                sum / double(times.size()), times.back(), hops, reachable ? "reachable" : "NOT reachable");
}

} // namespace

int main(int argc, char **argv)
{
    const size_t services = argc > 1 ? std::stoul(argv[1]) : 10000;
    const size_t nodes = 100;
    std::printf("trace bench: %zu services, %zu pods, %zu nodes\n", services, services * 3, nodes);
    const auto t0 = Clock::now();
    const ClusterSnapshot snap = servicesCluster(services, nodes);
    std::printf("  synthetic snapshot:                %8.1f ms\n", ms(Clock::now() - t0));
    const std::string last = "svc-" + std::to_string(services - 1);
    const int repeat = 20;
    trace::TraceRequest byName;
    byName.from = "pod/svc-0-0.bench";
    byName.to = last + ".bench:80";
    run(snap, "pod -> DNS name (last service)", byName, repeat);
    trace::TraceRequest byIp = byName;
    const Service *s = snap.service("bench", last);
    byIp.to = s->spec.clusterIP + ":80";
    run(snap, "pod -> cluster IP", byIp, repeat);
    const Service *np = snap.service("bench", "svc-" + std::to_string(std::min<size_t>(services, 2000) - 1));
    trace::TraceRequest nodePort;
    nodePort.from = "203.0.113.50";
    nodePort.to = "192.168.0.10:" + std::to_string(np->spec.ports[0].nodePort);
    run(snap, "outside -> node port", nodePort, repeat);
    return 0;
}
