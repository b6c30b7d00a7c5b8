// SPDX-License-Identifier: GPL-3.0-or-later
// The sandbox at scale: 10,000 services and 100,000 pods (by default), created through the
// same API calls the GUI uses. Prints load time, peak memory, the time to recompute every
// service's Endpoints, and the latency from one pod change to updated Endpoints.
// Targets (from the issue): < 1 ms per pod change, < 500 MB. Timings are printed, never
// asserted.
#include "cluster/sandbox_backend.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>

using namespace studio;
using Clock = std::chrono::steady_clock;

namespace {

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// VmHWM / VmRSS in MB from /proc/self/status.
double procStatusMb(const char *field)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0)
            return std::atof(line.c_str() + std::strlen(field) + 1) / 1024.0;
    return -1;
}

std::string ipFor(size_t i)
{
    // 10.<64+i/65536>.x.y: 100,000 distinct pod addresses.
    return "10." + std::to_string(64 + i / 65536) + "." + std::to_string((i / 256) % 256) + "."
           + std::to_string(i % 256);
}

} // namespace

int main(int argc, char **argv)
{
    const size_t services = argc > 1 ? std::stoul(argv[1]) : 10000;
    const size_t pods = argc > 2 ? std::stoul(argv[2]) : 100000;
    const size_t changes = argc > 3 ? std::stoul(argv[3]) : 1000;
    const size_t namespaces = 20, nodes = 100;

    SandboxOptions o;
    o.seed = 1;
    o.clock = [] { return std::string("2021-01-01T00:00:00Z"); };
    SandboxBackend sb(o);
    std::printf("sandbox bench: %zu services, %zu pods, %zu namespaces, %zu nodes\n", services,
                pods, namespaces, nodes);
    const double rssStart = procStatusMb("VmRSS:");

    const auto t0 = Clock::now();
    sb.beginBatch(); // the controller's work queue coalesces, as in a real cluster
    for (size_t n = 0; n < namespaces; ++n) {
        Namespace ns;
        ns.metadata.name = "ns-" + std::to_string(n);
        if (!sb.createNow(ns).ok())
            return 1;
    }
    for (size_t n = 0; n < nodes; ++n) {
        KubeNode node;
        node.metadata.name = "node-" + std::to_string(n);
        node.addresses = {{"InternalIP", "192.168." + std::to_string(n / 250) + "." + std::to_string(n % 250 + 1)}};
        if (!sb.createNow(node).ok())
            return 1;
    }
    for (size_t i = 0; i < services; ++i) {
        Service s;
        s.metadata.name = "svc-" + std::to_string(i);
        s.metadata.namespace_ = "ns-" + std::to_string(i % namespaces);
        s.metadata.labels = {{"team", "t" + std::to_string(i % 7)}};
        // A label every pod carries (tier) next to the distinguishing one (app).
        s.spec.selector = Labels{{"app", "app-" + std::to_string(i)}, {"tier", "backend"}};
        ServicePort http;
        http.name = "http";
        http.port = 80;
        http.targetPort = IntOrString::fromString("http");
        ServicePort metrics;
        metrics.name = "metrics";
        metrics.port = 9090;
        s.spec.ports = {http, metrics};
        auto r = sb.createNow(s);
        if (!r.ok()) {
            std::fprintf(stderr, "%s\n", r.error().toString().c_str());
            return 1;
        }
    }
    const auto tServices = Clock::now();
    std::mt19937 rng(7);
    for (size_t i = 0; i < pods; ++i) {
        const size_t svc = i % services;
        Pod p;
        p.metadata.name = "pod-" + std::to_string(i);
        p.metadata.namespace_ = "ns-" + std::to_string(svc % namespaces);
        p.metadata.labels = {{"app", "app-" + std::to_string(svc)},
                             {"tier", "backend"},
                             {"pod-template-hash", "5d8b7c9f4"}};
        p.nodeName = "node-" + std::to_string(i % nodes);
        p.containers = {{"main", "example/app:1.0", {{"http", 8080, "TCP", 0}, {"metrics", 9090, "TCP", 0}}}};
        p.phase = "Running";
        p.podIP = ipFor(i);
        p.conditions = {{"Ready", rng() % 10 ? "True" : "False"}};
        if (!sb.createNow(p).ok())
            return 1;
    }
    const auto tPods = Clock::now();
    sb.endBatch();
    const auto tLoaded = Clock::now();
    std::printf("load: services %.0f ms, pods %.0f ms, endpoints controller %.0f ms, total %.0f ms\n",
                ms(tServices - t0), ms(tPods - tServices), ms(tLoaded - tPods), ms(tLoaded - t0));

    const auto snap = sb.snapshot();
    size_t addresses = 0;
    for (const Endpoints *e : snap.endpointsList())
        for (const auto &ss : e->subsets)
            addresses += ss.addresses.size() + ss.notReadyAddresses.size();
    std::printf("objects: %zu (endpoints objects %zu, endpoint addresses %zu), resourceVersion %s\n",
                snap.objectCount(), snap.endpointsMap().size(), addresses, sb.resourceVersion().c_str());

    // Every service again (a controller restart): compute, compare, no writes.
    const auto r0 = Clock::now();
    const size_t rewritten = sb.resyncAllEndpoints();
    const auto r1 = Clock::now();
    std::printf("recompute all endpoints: %.0f ms (%zu services, %zu rewritten)\n", ms(r1 - r0),
                services, rewritten);

    // One pod change -> updated Endpoints, through replace() as a kubelet status update.
    std::vector<double> lat;
    lat.reserve(changes);
    size_t updated = 0;
    for (size_t c = 0; c < changes; ++c) {
        const size_t i = rng() % pods;
        const size_t svc = i % services;
        const std::string ns = "ns-" + std::to_string(svc % namespaces);
        auto cur = sb.getNow(ResourceKind::Pod, ns, "pod-" + std::to_string(i));
        if (!cur.ok())
            return 1;
        Pod p = *std::get_if<Pod>(&*cur);
        p.conditions = {{"Ready", p.isReady() ? "False" : "True"}};
        const std::string epName = "svc-" + std::to_string(svc);
        std::string beforeRv;
        {
            auto e = sb.getNow(ResourceKind::Endpoints, ns, epName);
            if (e.ok())
                beforeRv = objectMeta(*e)->resourceVersion;
        }
        const auto a = Clock::now();
        auto r = sb.replaceNow(p);
        const auto b = Clock::now();
        if (!r.ok())
            return 1;
        lat.push_back(ms(b - a));
        auto e = sb.getNow(ResourceKind::Endpoints, ns, epName);
        if (e.ok() && objectMeta(*e)->resourceVersion != beforeRv)
            ++updated;
    }
    std::sort(lat.begin(), lat.end());
    auto pct = [&](double q) { return lat.empty() ? 0.0 : lat[std::min(lat.size() - 1, size_t(q * double(lat.size())))]; };
    std::printf("pod change -> endpoints updated: median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms "
                "(%zu changes, %zu endpoints updates)\n",
                pct(0.5), pct(0.9), pct(0.99), lat.empty() ? 0.0 : lat.back(), lat.size(), updated);

    const auto s0 = Clock::now();
    const auto copy = sb.snapshot();
    const auto s1 = Clock::now();
    std::printf("snapshot copy: %.1f ms (%zu objects)\n", ms(s1 - s0), copy.objectCount());
    std::printf("memory: VmHWM %.0f MB, VmRSS %.0f MB (at start %.0f MB)\n", procStatusMb("VmHWM:"),
                procStatusMb("VmRSS:"), rssStart);
    std::printf("targets: pod change < 1 ms: %s; memory < 500 MB: %s\n",
                pct(0.5) < 1.0 ? "met" : "NOT met", procStatusMb("VmHWM:") < 500 ? "met" : "NOT met");
    return 0;
}
