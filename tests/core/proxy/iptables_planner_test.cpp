// SPDX-License-Identifier: GPL-3.0-or-later
// The planner's behaviour, checked by walking packets through the planned rules with the
// tracer the GUI uses (table-driven where the domain is a table).
#include "proxy/chain_names.h"
#include "proxy/iptables_plan.h"
#include "trace/iptables_ruleset.h"
#include "trace/iptables_tracer.h"

#include "proxy_test_support.h"

#include <gtest/gtest.h>

#include <map>

using namespace studio;
using namespace studio::proxy;
using namespace studio::proxy::testing;
using trace::TraceOutcome;

namespace {

struct Flow
{
    const char *name;
    const char *source;
    const char *destination;
    int port;
    bool fromNode = false;
    // expected: endpoint -> probability; empty means rejected or dropped (see verdict)
    std::map<std::string, double> endpoints;
    TraceOutcome::Verdict verdict = TraceOutcome::Verdict::Delivered;
    bool masqueraded = false;
    const char *protocol = "tcp";
};

void expectFlows(const IptablesPlan &plan, const ProxyConfig &config, const std::vector<Flow> &flows,
                 std::set<std::string> recent = {})
{
    const auto rules = trace::IptablesRuleset::fromPlan(plan);
    trace::NodeView node{config.localAddresses, std::move(recent)};
    for (const Flow &f : flows) {
        SCOPED_TRACE(f.name);
        trace::Packet p{f.source, f.destination, f.protocol, f.port, f.fromNode};
        const auto outcomes = trace::traceIptables(rules, p, node);
        ASSERT_FALSE(outcomes.empty());
        if (f.verdict != TraceOutcome::Verdict::Delivered) {
            ASSERT_EQ(outcomes.size(), 1u) << outcomes[0].destination;
            EXPECT_EQ(outcomes[0].verdict, f.verdict);
            continue;
        }
        std::map<std::string, double> got;
        for (const TraceOutcome &o : outcomes) {
            EXPECT_EQ(o.verdict, TraceOutcome::Verdict::Delivered) << o.destination;
            EXPECT_EQ(o.masqueraded, f.masqueraded) << o.destination;
            got[o.destination] += o.probability;
        }
        ASSERT_EQ(got.size(), f.endpoints.size());
        for (const auto &[endpoint, probability] : f.endpoints)
            EXPECT_NEAR(got[endpoint], probability, 1e-6) << endpoint;
    }
}

const std::string third = "0.3333333333"; // kube-proxy's %0.10f

} // namespace

TEST(IptablesPlanner, ClusterIpSpreadsEvenlyAndMasqueradesOffClusterClients)
{
    auto cfg = nodeConfig();
    auto plan = planIptables({port("default", "web", "http", "10.96.0.10", 80,
                                   {ep("10.244.1.2", 8080), ep("10.244.2.3", 8080), ep("10.244.2.4", 8080)})},
                             cfg);
    const double t = 1.0 / 3;
    expectFlows(plan, cfg,
                {{"pod to cluster IP", "10.244.1.9", "10.96.0.10", 80, false,
                  {{"10.244.1.2:8080", t}, {"10.244.2.3:8080", t}, {"10.244.2.4:8080", t}}},
                 {"outside client is masqueraded", "192.168.49.100", "10.96.0.10", 80, false,
                  {{"10.244.1.2:8080", t}, {"10.244.2.3:8080", t}, {"10.244.2.4:8080", t}},
                  TraceOutcome::Verdict::Delivered, true},
                 {"node itself is masqueraded", "192.168.49.11", "10.96.0.10", 80, true,
                  {{"10.244.1.2:8080", t}, {"10.244.2.3:8080", t}, {"10.244.2.4:8080", t}},
                  TraceOutcome::Verdict::Delivered, true},
                 {"other port passes untouched", "10.244.1.9", "10.96.0.10", 81, false,
                  {{"10.96.0.10:81", 1.0}}},
                 {"udp is not tcp", "10.244.1.9", "10.96.0.10", 80, false, {{"10.96.0.10:80", 1.0}},
                  TraceOutcome::Verdict::Delivered, false, "udp"}});
    // kube-proxy's probabilities, first rule 1/3, then 1/2, then unconditional.
    const auto *svc = plan.nat.chain(serviceChainName("default/web:http", "tcp"));
    ASSERT_NE(svc, nullptr);
    ASSERT_EQ(svc->rules.size(), 3u);
    EXPECT_EQ(svc->rules[0].probability, third);
    EXPECT_EQ(svc->rules[1].probability, "0.5000000000");
    EXPECT_EQ(svc->rules[2].probability, "");
}

TEST(IptablesPlanner, HairpinIsMasqueraded)
{
    auto cfg = nodeConfig();
    auto plan = planIptables({port("default", "web", "", "10.96.0.10", 80, {ep("10.244.1.2", 8080)})}, cfg);
    expectFlows(plan, cfg, {{"pod reaching itself", "10.244.1.2", "10.96.0.10", 80, false,
                             {{"10.244.1.2:8080", 1.0}}, TraceOutcome::Verdict::Delivered, true}});
}

TEST(IptablesPlanner, NoEndpointsRejects)
{
    auto cfg = nodeConfig();
    auto sp = port("default", "empty", "", "10.96.0.20", 80, {});
    sp.nodePort = 30080;
    sp.externalIPs = {"80.11.12.10"};
    auto plan = planIptables({sp}, cfg);
    expectFlows(plan, cfg,
                {{"cluster IP", "10.244.1.9", "10.96.0.20", 80, false, {}, TraceOutcome::Verdict::Rejected},
                 {"node port", "192.168.49.100", "192.168.49.11", 30080, false, {},
                  TraceOutcome::Verdict::Rejected},
                 {"external IP", "192.168.49.100", "80.11.12.10", 80, false, {},
                  TraceOutcome::Verdict::Rejected}});
    EXPECT_EQ(plan.nat.chain(serviceChainName("default/empty", "tcp")), nullptr);
}

TEST(IptablesPlanner, NotReadyEndpointsAreNotProgrammed)
{
    auto cfg = nodeConfig();
    auto unready = ep("10.244.1.3", 80);
    unready.ready = false;
    auto plan = planIptables({port("default", "web", "", "10.96.0.10", 80, {ep("10.244.1.2", 80), unready})}, cfg);
    expectFlows(plan, cfg, {{"only the ready one", "10.244.1.9", "10.96.0.10", 80, false, {{"10.244.1.2:80", 1.0}}}});
}

TEST(IptablesPlanner, NodePortClusterPolicyUsesEveryEndpoint)
{
    auto cfg = nodeConfig();
    auto sp = port("default", "np", "", "10.96.0.30", 80, {ep("10.244.1.2", 80, true), ep("10.244.2.2", 80)});
    sp.nodePort = 30080;
    auto plan = planIptables({sp}, cfg);
    expectFlows(plan, cfg,
                {{"outside to node port", "192.168.49.100", "192.168.49.11", 30080, false,
                  {{"10.244.1.2:80", 0.5}, {"10.244.2.2:80", 0.5}}, TraceOutcome::Verdict::Delivered, true},
                 {"node port on a foreign address is not ours", "192.168.49.100", "192.168.49.99", 30080,
                  false, {{"192.168.49.99:30080", 1.0}}},
                 {"localhost node port", "127.0.0.1", "127.0.0.1", 30080, true,
                  {{"10.244.1.2:80", 0.5}, {"10.244.2.2:80", 0.5}}, TraceOutcome::Verdict::Delivered, true}});
}

TEST(IptablesPlanner, LocalPolicyKeepsClientAddressAndUsesLocalEndpoints)
{
    auto cfg = nodeConfig();
    auto sp = port("default", "lb", "", "10.96.0.40", 80,
                   {ep("10.244.1.2", 80, true), ep("10.244.1.3", 80, true), ep("10.244.2.2", 80)});
    sp.nodePort = 30090;
    sp.localExternal = true;
    sp.healthCheckNodePort = 32000;
    sp.loadBalancerIPs = {"146.148.47.155"};
    auto plan = planIptables({sp}, cfg);
    expectFlows(plan, cfg,
                {{"node port, local only, client kept", "192.168.49.100", "192.168.49.11", 30090, false,
                  {{"10.244.1.2:80", 0.5}, {"10.244.1.3:80", 0.5}}},
                 {"LB IP, local only", "203.0.113.7", "146.148.47.155", 80, false,
                  {{"10.244.1.2:80", 0.5}, {"10.244.1.3:80", 0.5}}},
                 {"pods use the cluster-wide chain", "10.244.1.9", "146.148.47.155", 80, false,
                  {{"10.244.1.2:80", 1.0 / 3}, {"10.244.1.3:80", 1.0 / 3}, {"10.244.2.2:80", 1.0 / 3}}},
                 {"cluster IP ignores the policy", "10.244.1.9", "10.96.0.40", 80, false,
                  {{"10.244.1.2:80", 1.0 / 3}, {"10.244.1.3:80", 1.0 / 3}, {"10.244.2.2:80", 1.0 / 3}}}});
    ASSERT_EQ(plan.healthChecks.count(32000), 1u);
    EXPECT_EQ(plan.healthChecks.at(32000).localEndpoints, 2);
    EXPECT_EQ(plan.healthChecks.at(32000).service, "default/lb");

    // On a node without local endpoints the traffic is dropped, not sent across nodes.
    auto other = nodeConfig();
    other.nodeName = "node-2";
    auto sp2 = sp;
    for (auto &e : sp2.endpoints)
        e.isLocal = false;
    auto plan2 = planIptables({sp2}, other);
    expectFlows(plan2, other, {{"no local endpoint", "192.168.49.100", "192.168.49.11", 30090, false, {},
                                TraceOutcome::Verdict::Dropped}});
    EXPECT_EQ(plan2.healthChecks.at(32000).localEndpoints, 0);
}

TEST(IptablesPlanner, LoadBalancerSourceRanges)
{
    auto cfg = nodeConfig();
    auto sp = port("default", "lb", "", "10.96.0.50", 443, {ep("10.244.2.2", 8443)});
    sp.nodePort = 31443;
    sp.loadBalancerIPs = {"146.148.47.155"};
    sp.loadBalancerSourceRanges = {"203.0.113.0/24", " 198.51.100.7/32 "};
    auto plan = planIptables({sp}, cfg);
    expectFlows(plan, cfg,
                {{"allowed range", "203.0.113.7", "146.148.47.155", 443, false, {{"10.244.2.2:8443", 1.0}},
                  TraceOutcome::Verdict::Delivered, true},
                 {"blocked client", "192.0.2.1", "146.148.47.155", 443, false, {}, TraceOutcome::Verdict::Dropped}});
}

TEST(IptablesPlanner, ExternalIps)
{
    auto cfg = nodeConfig();
    auto sp = port("default", "my-service", "http", "10.0.0.11", 80, {ep("10.244.2.2", 9376)});
    sp.externalIPs = {"80.11.12.10"};
    auto plan = planIptables({sp}, cfg);
    expectFlows(plan, cfg,
                {{"outside to external IP", "192.168.49.100", "80.11.12.10", 80, false, {{"10.244.2.2:9376", 1.0}},
                  TraceOutcome::Verdict::Delivered, true},
                 {"pod to external IP", "10.244.1.9", "80.11.12.10", 80, false, {{"10.244.2.2:9376", 1.0}}}});
}

TEST(IptablesPlanner, SessionAffinitySticksToTheRecordedEndpoint)
{
    auto cfg = nodeConfig();
    auto sp = port("default", "sticky", "", "10.96.0.60", 80, {ep("10.244.1.2", 80), ep("10.244.2.2", 80)});
    sp.clientIpAffinity = true;
    sp.stickySeconds = 600;
    auto plan = planIptables({sp}, cfg);
    const std::string sep = endpointChainName("default/sticky", "tcp", "10.244.2.2:80");
    expectFlows(plan, cfg, {{"returning client", "10.244.1.9", "10.96.0.60", 80, false, {{"10.244.2.2:80", 1.0}}}},
                {sep});
    // A fresh client is spread and its choice recorded.
    const auto rules = trace::IptablesRuleset::fromPlan(plan);
    const auto fresh = trace::traceIptables(rules, {"10.244.1.9", "10.96.0.60", "tcp", 80, false},
                                            {cfg.localAddresses, {}});
    ASSERT_EQ(fresh.size(), 2u);
    for (const auto &o : fresh)
        EXPECT_EQ(o.recentSet, o.endpointChain);
    const auto *svc = plan.nat.chain(serviceChainName("default/sticky", "tcp"));
    ASSERT_NE(svc, nullptr);
    EXPECT_EQ(svc->rules[0].recentSeconds, 600);
}

TEST(IptablesPlanner, MasqueradeAllAndNoClusterCidr)
{
    auto cfg = nodeConfig();
    cfg.masqueradeAll = true;
    auto plan = planIptables({port("default", "web", "", "10.96.0.10", 80, {ep("10.244.1.2", 80)})}, cfg);
    expectFlows(plan, cfg, {{"even pods are masqueraded", "10.244.1.9", "10.96.0.10", 80, false,
                             {{"10.244.1.2:80", 1.0}}, TraceOutcome::Verdict::Delivered, true}});
    auto none = nodeConfig();
    none.clusterCidr.clear();
    auto plan2 = planIptables({port("default", "web", "", "10.96.0.10", 80, {ep("10.244.1.2", 80)})}, none);
    expectFlows(plan2, none, {{"without a cluster CIDR nothing is masqueraded", "192.168.49.100", "10.96.0.10",
                               80, false, {{"10.244.1.2:80", 1.0}}}});
}

TEST(IptablesPlanner, NodePortAddressesLimitWhereNodePortsAnswer)
{
    auto cfg = nodeConfig();
    cfg.localAddresses = {"192.168.49.11", "10.0.2.15"};
    cfg.nodePortAddresses = {"192.168.49.0/24"};
    auto sp = port("default", "np", "", "10.96.0.30", 80, {ep("10.244.1.2", 80)});
    sp.nodePort = 30080;
    auto plan = planIptables({sp}, cfg);
    expectFlows(plan, cfg,
                {{"listed address", "192.168.49.100", "192.168.49.11", 30080, false, {{"10.244.1.2:80", 1.0}},
                  TraceOutcome::Verdict::Delivered, true},
                 {"other local address", "192.168.49.100", "10.0.2.15", 30080, false, {{"10.0.2.15:30080", 1.0}}}});
}

TEST(IptablesPlanner, UdpAndSctp)
{
    auto cfg = nodeConfig();
    auto plan = planIptables({port("kube-system", "dns", "dns", "10.96.0.10", 53, {ep("10.244.1.2", 53)}, "UDP"),
                              port("default", "sig", "", "10.96.0.11", 9000, {ep("10.244.1.3", 9000)}, "SCTP")},
                             cfg);
    expectFlows(plan, cfg,
                {{"udp", "10.244.1.9", "10.96.0.10", 53, false, {{"10.244.1.2:53", 1.0}},
                  TraceOutcome::Verdict::Delivered, false, "udp"},
                 {"sctp", "10.244.1.9", "10.96.0.11", 9000, false, {{"10.244.1.3:9000", 1.0}},
                  TraceOutcome::Verdict::Delivered, false, "sctp"}});
}

TEST(IptablesPlanner, NodePortJumpIsLastInServices)
{
    auto plan = planIptables({port("default", "web", "", "10.96.0.10", 80, {ep("10.244.1.2", 80)})}, nodeConfig());
    const auto *services = plan.nat.chain(kServicesChain);
    ASSERT_NE(services, nullptr);
    ASSERT_FALSE(services->rules.empty());
    EXPECT_EQ(services->rules.back().jumpChain, kNodePortsChain);
}

// --- restore payloads applied to the fake ---------------------------------------------------

TEST(IptablesRestore, FullThenPartialEqualsFull)
{
    auto cfg = nodeConfig();
    std::vector<ServicePortInfo> v1 = {
        port("default", "a", "", "10.96.0.1", 80, {ep("10.244.1.2", 80), ep("10.244.1.3", 80)}),
        port("default", "b", "", "10.96.0.2", 80, {ep("10.244.1.4", 80)}),
        port("default", "c", "", "10.96.0.3", 80, {ep("10.244.1.5", 80)}),
    };
    const auto plan1 = planIptables(v1, cfg);
    trace::IptablesRuleset node;
    RestoreScope full;
    full.missingHooks = plan1.hooks;
    ASSERT_TRUE(node.applyRestore(renderRestore(plan1, full)).ok());
    EXPECT_EQ(node, trace::IptablesRuleset::fromPlan(plan1));

    // b gains an endpoint, c is deleted, a is unchanged.
    auto v2 = v1;
    v2[1].endpoints.push_back(ep("10.244.1.6", 80));
    v2.pop_back();
    const auto plan2 = planIptables(v2, cfg);
    RestoreScope partial;
    partial.full = false;
    partial.changedServices = {"default/b", "default/c"};
    partial.existingChains = chainNames(plan1);
    const std::string payload = renderRestore(plan2, partial);
    // Unchanged a's chains are neither declared (flushed) nor rewritten; KUBE-SERVICES still
    // jumps to them.
    const std::string aChain = serviceChainName("default/a", "tcp");
    EXPECT_EQ(payload.find(":" + aChain), std::string::npos) << payload;
    EXPECT_EQ(payload.find("-A " + aChain), std::string::npos) << payload;
    EXPECT_NE(payload.find("-X " + endpointChainName("default/c", "tcp", "10.244.1.5:80")), std::string::npos);
    ASSERT_TRUE(node.applyRestore(payload).ok()) << payload;
    EXPECT_EQ(node, trace::IptablesRuleset::fromPlan(plan2));
}

TEST(IptablesRestore, ForeignChainsSurviveNoflush)
{
    trace::IptablesRuleset node;
    ASSERT_TRUE(node.applyRestore("*nat\n:DOCKER - [0:0]\n-A DOCKER -d 172.17.0.2/32 -j RETURN\n"
                                  "-A PREROUTING -j DOCKER\nCOMMIT\n")
                    .ok());
    auto cfg = nodeConfig();
    const auto plan = planIptables({port("default", "a", "", "10.96.0.1", 80, {ep("10.244.1.2", 80)})}, cfg);
    RestoreScope full;
    full.missingHooks = plan.hooks;
    ASSERT_TRUE(node.applyRestore(renderRestore(plan, full)).ok());
    ASSERT_TRUE(node.hasChain("nat", "DOCKER"));
    EXPECT_EQ(node.chain("nat", "DOCKER")->rules.size(), 1u);
    // Hooks go first, foreign rules stay after them.
    const auto *pre = node.chain("nat", "PREROUTING");
    ASSERT_EQ(pre->rules.size(), 2u);
    EXPECT_EQ(pre->rules[0].jumpChain, kServicesChain);
    EXPECT_EQ(pre->rules[1].jumpChain, "DOCKER");
}

TEST(IptablesRestore, FakeRejectsBrokenPayloadsAndChangesNothing)
{
    trace::IptablesRuleset node;
    const auto before = node;
    auto r = node.applyRestore("*nat\n:KUBE-SERVICES - [0:0]\n-A KUBE-SERVICES -j KUBE-SVC-MISSING\nCOMMIT\n");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("KUBE-SVC-MISSING"), std::string::npos) << r.error().message;
    EXPECT_EQ(node, before);

    auto r2 = node.applyRestore("*nat\n:A - [0:0]\n-A A -m frob -j RETURN\nCOMMIT\n");
    ASSERT_FALSE(r2.ok());
    EXPECT_NE(r2.error().message.find("line 3"), std::string::npos) << r2.error().message;
    EXPECT_EQ(node, before);

    ASSERT_TRUE(node.applyRestore("*nat\n:A - [0:0]\n:B - [0:0]\n-A A -j B\nCOMMIT\n").ok());
    auto r3 = node.applyRestore("*nat\n-X B\nCOMMIT\n");
    ASSERT_FALSE(r3.ok()); // still referenced
    auto r4 = node.applyRestore("*nat\n:A - [0:0]\nCOMMIT\n"); // missing COMMIT elsewhere? no: fine
    ASSERT_TRUE(r4.ok());
    EXPECT_TRUE(node.applyRestore("*nat\n-X B\nCOMMIT\n").ok());
    EXPECT_FALSE(node.applyRestore("*nat\n:C - [0:0]\n").ok()); // COMMIT expected
    EXPECT_FALSE(node.hasChain("nat", "C"));
}

TEST(IptablesRestore, StaleChainsAreDeletedOnFullSync)
{
    auto cfg = nodeConfig();
    const auto plan1 = planIptables({port("default", "a", "", "10.96.0.1", 80, {ep("10.244.1.2", 80)}),
                                     port("default", "b", "", "10.96.0.2", 80, {ep("10.244.1.3", 80)})},
                                    cfg);
    trace::IptablesRuleset node = trace::IptablesRuleset::fromPlan(plan1);
    const auto plan2 = planIptables({port("default", "a", "", "10.96.0.1", 80, {ep("10.244.1.2", 80)})}, cfg);
    RestoreScope full;
    full.existingChains = chainNames(plan1);
    ASSERT_TRUE(node.applyRestore(renderRestore(plan2, full)).ok());
    EXPECT_FALSE(node.hasChain("nat", serviceChainName("default/b", "tcp")));
    EXPECT_EQ(node, trace::IptablesRuleset::fromPlan(plan2));
}
