// SPDX-License-Identifier: GPL-3.0-or-later
// Golden restore payloads for the seed page's examples (resources/scenarios), planned for
// node-1. The golden files are reviewed by hand; STUDIO_UPDATE_GOLDEN=1 rewrites them (then
// read the diff before committing). Every payload must also load into the fake iptables.
#include "cluster/sandbox_backend.h"
#include "proxy/iptables_plan.h"
#include "trace/iptables_ruleset.h"

#include <gtest/gtest.h>

#include <QCoreApplication>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace studio;

namespace {

std::string readAll(const std::filesystem::path &p)
{
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class IptablesGolden : public ::testing::TestWithParam<std::string>
{};

TEST_P(IptablesGolden, MatchesReviewedPayload)
{
    const std::string name = GetParam();
    SandboxBackend sandbox;
    SandboxOptions options;
    options.seed = 1; // repeatable cluster IPs and node ports
    options.clock = [] { return std::string("2026-01-01T00:00:00Z"); };
    sandbox.reset(options);
    auto report = sandbox.loadScenarioFile(std::string(STUDIO_SCENARIOS_DIR) + "/" + name + ".yaml");
    ASSERT_TRUE(report.ok()) << report.error().message;
    const ClusterSnapshot snapshot = sandbox.snapshot();
    const auto config = proxy::proxyConfigForNode(snapshot, "node-1");
    const auto plan = proxy::planIptables(proxy::buildServicePorts(snapshot, config), config);
    proxy::RestoreScope scope;
    scope.missingHooks = plan.hooks;
    const std::string payload = proxy::renderRestore(plan, scope);

    trace::IptablesRuleset node;
    auto applied = node.applyRestore(payload);
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    EXPECT_EQ(node, trace::IptablesRuleset::fromPlan(plan));

    const std::filesystem::path golden = std::filesystem::path(STUDIO_GOLDEN_DIR) / (name + ".iptables");
    if (std::getenv("STUDIO_UPDATE_GOLDEN")) {
        std::ofstream(golden, std::ios::binary) << payload;
        GTEST_SKIP() << "rewrote " << golden;
    }
    ASSERT_TRUE(std::filesystem::exists(golden)) << golden << " missing (STUDIO_UPDATE_GOLDEN=1 writes it)";
    EXPECT_EQ(payload, readAll(golden)) << "planner output for " << name << " changed:\n" << payload;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, IptablesGolden,
                         ::testing::Values("default", "external-ips", "external-name", "headless",
                                           "image-processing-backend", "load-balancer",
                                           "my-service-multi-port", "my-service-own-ip", "nodeport",
                                           "redis-master-env", "service-without-selector"),
                         [](const ::testing::TestParamInfo<std::string> &param) {
                             std::string n = param.param;
                             for (char &c : n)
                                 if (c == '-')
                                     c = '_';
                             return n;
                         });

} // namespace
