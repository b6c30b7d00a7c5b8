// SPDX-License-Identifier: GPL-3.0-or-later
// The traffic path on the seed page's scenarios: hops, endpoint probabilities, masquerading
// and the explanations of failures.
#include "cluster/sandbox_backend.h"
#include "trace/path_tracer.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace studio;
using namespace studio::trace;

namespace {

ClusterSnapshot scenario(const std::string &name)
{
    SandboxBackend sandbox;
    SandboxOptions options;
    options.seed = 1;
    options.clock = [] { return std::string("2026-01-01T00:00:00Z"); };
    sandbox.reset(options);
    auto r = sandbox.loadScenarioFile(std::string(STUDIO_SCENARIOS_DIR) + "/" + name + ".yaml");
    EXPECT_TRUE(r.ok());
    return sandbox.snapshot();
}

TraceResult run(const ClusterSnapshot &snap, const std::string &from, const std::string &to,
                const std::string &protocol = "TCP")
{
    TraceRequest req;
    req.from = from;
    req.to = to;
    req.protocol = protocol;
    auto r = tracePath(snap, req);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : TraceResult{};
}

bool hasCode(const TraceResult &r, const std::string &code, bool blocking)
{
    return std::any_of(r.explanations.begin(), r.explanations.end(),
                       [&](const Explanation &e) { return e.code == code && e.blocking == blocking; });
}

} // namespace

TEST(PathTracer, DnsNameToClusterIpSpreadsOverEveryReadyPod)
{
    const auto snap = scenario("load-balancer");
    const auto r = run(snap, "192.168.49.11", "my-service.default:80");
    ASSERT_TRUE(r.reachable) << renderTraceText(r);
    ASSERT_EQ(r.endpoints.size(), 3u);
    double sum = 0;
    for (const auto &e : r.endpoints) {
        EXPECT_NEAR(e.probability, 1.0 / 3, 1e-6);
        EXPECT_FALSE(e.pod.empty());
        sum += e.probability;
    }
    EXPECT_NEAR(sum, 1.0, 1e-9);
    EXPECT_EQ(r.hops.front().kind, Hop::Kind::Client);
    EXPECT_EQ(r.hops[1].kind, Hop::Kind::Dns);
    EXPECT_NE(r.hops[1].detail.find("10.0.171.239"), std::string::npos) << r.hops[1].detail;
}

TEST(PathTracer, LoadBalancerIpFromOutsideIsMasqueraded)
{
    const auto snap = scenario("load-balancer");
    const auto r = run(snap, "203.0.113.7", "146.148.47.155:80");
    ASSERT_TRUE(r.reachable) << renderTraceText(r);
    EXPECT_EQ(r.service, "default/my-service");
    for (const auto &e : r.endpoints) {
        EXPECT_TRUE(e.masqueraded);
        EXPECT_NE(e.sourceSeen, "203.0.113.7");
    }
    EXPECT_TRUE(hasCode(r, "masqueraded", false));
}

TEST(PathTracer, NodePortFromOutside)
{
    const auto snap = scenario("nodeport");
    const Service *s = snap.service("default", "web-fixed");
    ASSERT_NE(s, nullptr);
    const auto r = run(snap, "203.0.113.7", "192.168.49.12:30080");
    ASSERT_TRUE(r.reachable) << renderTraceText(r);
    EXPECT_EQ(r.entryNode, "node-2");
    EXPECT_EQ(r.service, "default/web-fixed");
}

TEST(PathTracer, ServiceWithoutSelectorUsesItsHandWrittenEndpoints)
{
    const auto snap = scenario("service-without-selector");
    const auto r = run(snap, "192.168.49.11", "my-service.default:80");
    ASSERT_TRUE(r.reachable) << renderTraceText(r);
    ASSERT_EQ(r.endpoints.size(), 1u);
    EXPECT_EQ(r.endpoints[0].endpoint, "1.2.3.4:9376");
}

TEST(PathTracer, ExternalNameIsACname)
{
    const auto snap = scenario("external-name");
    const auto r = run(snap, "192.168.49.11", "my-service.prod");
    EXPECT_TRUE(hasCode(r, "external-name", false)) << renderTraceText(r);
    ASSERT_GE(r.hops.size(), 2u);
    EXPECT_NE(r.hops[1].detail.find("CNAME"), std::string::npos);
}

TEST(PathTracer, HeadlessGoesStraightToPods)
{
    const auto snap = scenario("headless");
    const Service *headless = nullptr;
    for (const Service *s : snap.services())
        if (s->isHeadless())
            headless = s;
    ASSERT_NE(headless, nullptr);
    const auto r = run(snap, "192.168.49.11", headless->metadata.name + "." + headless->metadata.namespace_);
    EXPECT_TRUE(hasCode(r, "headless", false)) << renderTraceText(r);
}

TEST(PathTracer, ExplainsWhyAServiceHasNoEndpoints)
{
    // A trainee's typical mistakes: a selector with a typo, a pod that is not ready, a named
    // targetPort the pod does not declare.
    const char *text = R"(# @service-cluster-ip-range: 10.96.0.0/12
apiVersion: v1
kind: Node
metadata: {name: node-1}
status:
  addresses: [{type: InternalIP, address: 192.168.49.11}]
---
apiVersion: v1
kind: Service
metadata: {name: typo}
spec:
  selector: {app: MyAp}
  ports: [{port: 80, targetPort: 9376}]
---
apiVersion: v1
kind: Service
metadata: {name: unready}
spec:
  selector: {app: slow}
  ports: [{port: 80, targetPort: 9376}]
---
apiVersion: v1
kind: Service
metadata: {name: named}
spec:
  selector: {app: MyApp}
  ports: [{port: 80, targetPort: http-web}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-0, labels: {app: MyApp}}
spec:
  nodeName: node-1
  containers: [{name: c, image: nginx, ports: [{containerPort: 9376, name: http}]}]
status:
  podIP: 10.244.1.5
  conditions: [{type: Ready, status: "True"}]
---
apiVersion: v1
kind: Pod
metadata: {name: slow-0, labels: {app: slow}}
spec:
  nodeName: node-1
  containers: [{name: c, image: nginx}]
status:
  podIP: 10.244.1.6
  conditions: [{type: Ready, status: "False"}]
)";
    SandboxBackend sandbox;
    SandboxOptions options;
    options.seed = 1;
    sandbox.reset(options);
    ASSERT_TRUE(sandbox.loadScenarioText(text, "mistakes.yaml").ok());
    const auto snap = sandbox.snapshot();

    const auto typo = run(snap, "pod/web-0", "typo.default:80");
    EXPECT_FALSE(typo.reachable);
    EXPECT_TRUE(hasCode(typo, "selector-matches-no-pod", true)) << renderTraceText(typo);
    const auto mismatch = std::find_if(typo.explanations.begin(), typo.explanations.end(),
                                       [](const Explanation &e) { return e.code == "label-mismatch"; });
    ASSERT_NE(mismatch, typo.explanations.end()) << renderTraceText(typo);
    EXPECT_EQ(mismatch->args.at("label"), "app");
    EXPECT_EQ(mismatch->args.at("expected"), "MyAp");
    EXPECT_EQ(mismatch->args.at("actual"), "MyApp");
    EXPECT_EQ(mismatch->args.at("pod"), "web-0");

    const auto unready = run(snap, "pod/web-0", "unready.default:80");
    EXPECT_FALSE(unready.reachable);
    EXPECT_TRUE(hasCode(unready, "pod-not-ready", false)) << renderTraceText(unready);
    EXPECT_TRUE(hasCode(unready, "no-endpoints", true));

    const auto named = run(snap, "pod/web-0", "named.default:80");
    EXPECT_FALSE(named.reachable);
    EXPECT_TRUE(hasCode(named, "named-port-missing", false)) << renderTraceText(named);
}

TEST(PathTracer, UnknownDestinationsAndClients)
{
    const auto snap = scenario("nodeport");
    TraceRequest bad;
    bad.from = "pod/nope";
    bad.to = "x.default";
    EXPECT_FALSE(tracePath(snap, bad).ok());
    bad.from = "not-an-address";
    EXPECT_FALSE(tracePath(snap, bad).ok());
    const auto r = run(snap, "203.0.113.7", "198.51.100.200:80");
    EXPECT_FALSE(r.reachable);
    EXPECT_TRUE(hasCode(r, "unknown-destination", true));
    const auto p = run(snap, "203.0.113.7", "192.168.49.11:31999");
    EXPECT_FALSE(p.reachable);
    EXPECT_TRUE(hasCode(p, "no-such-port", true));
    const auto d = run(snap, "203.0.113.7", "nosuch.default:80");
    EXPECT_TRUE(hasCode(d, "unknown-destination", true));
}

TEST(PathTracer, JsonCarriesTheSameFacts)
{
    const auto snap = scenario("load-balancer");
    const auto r = run(snap, "203.0.113.7", "146.148.47.155:80");
    const std::string json = renderTraceJson(r);
    EXPECT_NE(json.find("\"reachable\": true"), std::string::npos) << json;
    EXPECT_NE(json.find("\"probability\""), std::string::npos);
    EXPECT_NE(json.find("\"masqueraded\": true"), std::string::npos);
}
