// SPDX-License-Identifier: GPL-3.0-or-later
// The planner's payloads against the real iptables-restore (legacy and nf_tables backends),
// each inside a network namespace this test creates and deletes: the kernel accepts every
// seed scenario's payload, and what iptables-save reads back is the plan (modulo the
// kernel's rounding of probabilities). Also: a partial payload applies on top of a full one.
#include "cluster/sandbox_backend.h"
#include "proxy/iptables_plan.h"
#include "trace/iptables_ruleset.h"

#include "netns_support.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace studio;
using namespace studio::proxy::testing;

namespace {

ClusterSnapshot scenario(const std::string &name)
{
    SandboxBackend sandbox;
    SandboxOptions options;
    options.seed = 1;
    options.clock = [] { return std::string("2026-01-01T00:00:00Z"); };
    sandbox.reset(options);
    (void)sandbox.loadScenarioFile(std::string(STUDIO_SCENARIOS_DIR) + "/" + name + ".yaml");
    return sandbox.snapshot();
}

// One line per rule, so that a difference reads well.
std::string shape(const trace::IptablesRuleset &rs)
{
    std::string out;
    for (const auto &[table, chains] : rs.tables())
        for (const auto &[name, chain] : chains)
            for (const auto &rule : chain.rules)
                out += table + " " + name + " " + rule.render() + "\n";
    return out;
}

class IptablesKernel : public ::testing::TestWithParam<const char *>
{};

TEST_P(IptablesKernel, AcceptsEveryScenarioAndReadsBackThePlan)
{
    const std::string backend = GetParam();
    if (!haveTools("ip iptables-" + backend + "-restore"))
        GTEST_SKIP() << "needs root, iproute2 and iptables-" << backend;
    for (const char *name : {"default", "load-balancer", "nodeport", "external-ips", "my-service-multi-port",
                             "service-without-selector"}) {
        SCOPED_TRACE(name);
        Netns ns("ssproxy");
        ASSERT_TRUE(ns.ok());
        const ClusterSnapshot snap = scenario(name);
        const auto config = proxy::proxyConfigForNode(snap, "node-1");
        const auto plan = proxy::planIptables(proxy::buildServicePorts(snap, config), config);
        proxy::RestoreScope scope;
        scope.missingHooks = plan.hooks;
        const std::string payload = proxy::renderRestore(plan, scope);
        const std::string file = "/tmp/ssproxy-" + std::to_string(getpid()) + ".rules";
        std::ofstream(file) << payload;
        std::string err;
        ASSERT_EQ(run(ns.exec("iptables-" + backend + "-restore --noflush < " + file + " 2>&1"), &err), 0) << err;
        std::string saved;
        ASSERT_EQ(run(ns.exec("iptables-" + backend + "-save 2>/dev/null"), &saved), 0);
        auto read = trace::IptablesRuleset::fromSave(saved);
        ASSERT_TRUE(read.ok()) << read.error().message;
        EXPECT_EQ(shape(*read), shape(trace::IptablesRuleset::fromPlan(plan)));

        // A second, partial payload (one service changed) applies on top.
        proxy::RestoreScope partial;
        partial.full = false;
        partial.existingChains = proxy::chainNames(plan);
        if (!snap.services().empty())
            partial.changedServices.insert(snap.services().back()->metadata.namespace_ + "/"
                                           + snap.services().back()->metadata.name);
        std::ofstream(file) << proxy::renderRestore(plan, partial);
        ASSERT_EQ(run(ns.exec("iptables-" + backend + "-restore --noflush < " + file + " 2>&1"), &err), 0) << err;
        std::remove(file.c_str());
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, IptablesKernel, ::testing::Values("legacy", "nft"));

} // namespace
