// SPDX-License-Identifier: GPL-3.0-or-later
// The IPVS and userspace planners: virtual servers and proxy ports for the seed scenarios
// (golden text), and their iptables parts accepted by the fake iptables-restore.
#include "cluster/sandbox_backend.h"
#include "proxy/ipvs_plan.h"
#include "proxy/userspace_plan.h"
#include "trace/iptables_ruleset.h"
#include "trace/iptables_tracer.h"

#include "proxy_test_support.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace studio;
using namespace studio::proxy;
using namespace studio::proxy::testing;

namespace {

std::string readAll(const std::filesystem::path &p)
{
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void golden(const std::string &file, const std::string &text)
{
    const auto path = std::filesystem::path(STUDIO_GOLDEN_DIR) / file;
    if (std::getenv("STUDIO_UPDATE_GOLDEN")) {
        std::ofstream(path, std::ios::binary) << text;
        return;
    }
    EXPECT_EQ(text, readAll(path)) << file << " changed:\n" << text;
}

ClusterSnapshot scenario(const std::string &name)
{
    SandboxBackend sandbox;
    SandboxOptions options;
    options.seed = 1;
    options.clock = [] { return std::string("2026-01-01T00:00:00Z"); };
    sandbox.reset(options);
    EXPECT_TRUE(sandbox.loadScenarioFile(std::string(STUDIO_SCENARIOS_DIR) + "/" + name + ".yaml").ok());
    return sandbox.snapshot();
}

} // namespace

TEST(IpvsPlanner, VirtualServersPerAddressAndPort)
{
    auto cfg = nodeConfig();
    cfg.localAddresses = {"192.168.49.11", "10.0.2.15"};
    auto sp = port("default", "web", "http", "10.96.0.10", 80, {ep("10.244.1.2", 8080, true), ep("10.244.2.3", 8080)});
    sp.nodePort = 30080;
    sp.externalIPs = {"80.11.12.10"};
    sp.clientIpAffinity = true;
    sp.stickySeconds = 600;
    const auto plan = planIpvs({sp}, cfg, "lc");
    // cluster IP + external IP + one node port per node address
    EXPECT_EQ(plan.virtualServers.size(), 4u);
    const auto *vs = plan.find("TCP", "10.96.0.10", 80);
    ASSERT_NE(vs, nullptr);
    EXPECT_EQ(vs->scheduler, "lc");
    EXPECT_TRUE(vs->persistent);
    EXPECT_EQ(vs->timeoutSeconds, 600);
    EXPECT_EQ(vs->reals.size(), 2u);
    ASSERT_NE(plan.find("TCP", "10.0.2.15", 30080), nullptr);
    EXPECT_EQ(plan.dummyAddresses, (std::vector<std::string>{"10.96.0.10", "80.11.12.10"}));
    EXPECT_TRUE(isIpvsScheduler("sh"));
    EXPECT_FALSE(isIpvsScheduler("wrr2"));
}

TEST(IpvsPlanner, LocalPolicyUsesLocalRealServersForExternalTraffic)
{
    auto cfg = nodeConfig();
    auto sp = port("default", "lb", "", "10.96.0.40", 80, {ep("10.244.1.2", 80, true), ep("10.244.2.2", 80)});
    sp.nodePort = 30090;
    sp.localExternal = true;
    sp.loadBalancerIPs = {"146.148.47.155"};
    sp.loadBalancerSourceRanges = {"203.0.113.0/24"};
    const auto plan = planIpvs({sp}, cfg);
    EXPECT_EQ(plan.find("TCP", "10.96.0.40", 80)->reals.size(), 2u);
    EXPECT_EQ(plan.find("TCP", "192.168.49.11", 30090)->reals.size(), 1u);
    EXPECT_EQ(plan.find("TCP", "146.148.47.155", 80)->reals.size(), 1u);

    // The source-range firewall runs in filter before IPVS: an outside client is dropped.
    const auto rules = trace::IptablesRuleset::fromPlan(plan.iptables);
    const auto blocked = trace::traceIptables(rules, {"192.0.2.1", "146.148.47.155", "tcp", 80, false},
                                              {cfg.localAddresses, {}});
    ASSERT_EQ(blocked.size(), 1u);
    EXPECT_EQ(blocked[0].verdict, trace::TraceOutcome::Verdict::Dropped);
    const auto allowed = trace::traceIptables(rules, {"203.0.113.9", "146.148.47.155", "tcp", 80, false},
                                              {cfg.localAddresses, {}});
    ASSERT_EQ(allowed.size(), 1u);
    EXPECT_EQ(allowed[0].verdict, trace::TraceOutcome::Verdict::Delivered);
    EXPECT_FALSE(allowed[0].masqueraded) << "policy Local keeps the client address";
}

TEST(UserspacePlanner, RedirectsToTheProxyPort)
{
    auto cfg = nodeConfig();
    auto sp = port("default", "web", "", "10.96.0.10", 80, {ep("10.244.1.2", 8080)});
    sp.nodePort = 30080;
    const auto plan = planUserspace({sp}, cfg, {{userspaceKey(sp), 41234}});
    ASSERT_EQ(plan.proxies.size(), 1u);
    EXPECT_EQ(plan.proxies[0].proxyPort, 41234);
    const auto rules = trace::IptablesRuleset::fromPlan(plan.iptables);
    // From a pod: REDIRECT to the node's proxy port.
    const auto pod = trace::traceIptables(rules, {"10.244.1.9", "10.96.0.10", "tcp", 80, false}, {cfg.localAddresses, {}});
    ASSERT_EQ(pod.size(), 1u);
    EXPECT_EQ(pod[0].destination, "127.0.0.1:41234");
    // From the node itself: DNAT to its own address and the proxy port.
    const auto host = trace::traceIptables(rules, {"192.168.49.11", "10.96.0.10", "tcp", 80, true}, {cfg.localAddresses, {}});
    ASSERT_EQ(host.size(), 1u);
    EXPECT_EQ(host[0].destination, "192.168.49.11:41234");
    // The node port too.
    const auto np = trace::traceIptables(rules, {"203.0.113.7", "192.168.49.11", "tcp", 30080, false}, {cfg.localAddresses, {}});
    ASSERT_EQ(np.size(), 1u);
    EXPECT_EQ(np[0].destination, "127.0.0.1:41234");
}

TEST(IpvsUserspaceGolden, SeedScenarios)
{
    for (const char *name : {"default", "load-balancer", "nodeport", "my-service-multi-port"}) {
        SCOPED_TRACE(name);
        const auto snap = scenario(name);
        const auto cfg = proxyConfigForNode(snap, "node-1");
        const auto ports = buildServicePorts(snap, cfg);
        const auto ipvs = planIpvs(ports, cfg);
        const auto us = planUserspace(ports, cfg);
        golden(std::string(name) + ".ipvs", renderIpvs(ipvs));
        golden(std::string(name) + ".userspace", renderUserspace(us));
        for (const IptablesPlan *p : {&ipvs.iptables, &us.iptables}) {
            trace::IptablesRuleset node;
            RestoreScope scope;
            scope.missingHooks = p->hooks;
            auto r = node.applyRestore(renderRestore(*p, scope));
            EXPECT_TRUE(r.ok()) << r.error().message;
        }
    }
}
