// SPDX-License-Identifier: GPL-3.0-or-later
// `service-studio deploy-agent` (app/cli/deploy_command.cpp, run in-process) against a real
// sshd: the same code path as the library, with its progress output and exit codes.
#include "cli/deploy_command.h"
#include "ssh/agent_deployer.h"
#include "ssh/ssh_session.h"
#include "ssh_test_nodes.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <sstream>

using namespace studio;
using namespace studio::e2e;

namespace {

struct CliRun
{
    int code = -1;
    std::string out;
};

CliRun runCli(const std::vector<std::string> &args)
{
    std::ostringstream captured;
    std::streambuf *old = std::cout.rdbuf(captured.rdbuf());
    CliRun r;
    r.code = app::runDeployAgent(args);
    std::cout.rdbuf(old);
    r.out = captured.str();
    return r;
}

} // namespace

TEST(DeployAgentCli, UpgradeStatusLogsUninstall)
{
    std::string why;
    if (!TestNodes::available(&why))
        GTEST_SKIP() << why;
    ::setenv("KUBECONFIG", "", 1); // no cluster: upgrades keep the node's agent kubeconfig
    TestNodes nodes;
    std::string error;
    ASSERT_TRUE(nodes.start(1, &error)) << error;
    const TestNode &n = nodes.nodes()[0];
    const std::string kh = nodes.workDir() + "/cli_known_hosts";
    const std::string prefix = n.dir + "/cli-opt";
    const std::string bundles = nodes.workDir() + "/cli-bundles";
    sh("mkdir -p '" + bundles + "'");
    const std::string v1 = makeDummyBundle(bundles, "1.0.0", false);
    const std::string v2 = makeDummyBundle(bundles, "1.1.0", false);
    const std::string host = "root@" + n.addr;
    const std::vector<std::string> common = {"--prefix",
                                             prefix,
                                             "--known-hosts",
                                             kh,
                                             "--ssh-config",
                                             "none",
                                             "--identity",
                                             nodes.clientKey(),
                                             "--service-mode",
                                             "supervised"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> a = common;
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    };

    // Unknown host without --accept-new-host-keys and no terminal: refused, exit 1.
    CliRun refused = runCli(with({"--status", host}));
    EXPECT_EQ(refused.code, 1);
    EXPECT_NE(refused.out.find("FAILED (ssh-host-key-unknown)"), std::string::npos) << refused.out;

    // A first install by the library (with the apiserver connection), then the CLI upgrades.
    {
        SshOptions o;
        o.knownHostsFile = kh;
        o.configFile = "none";
        o.confirmUnknownHost = [](const UnknownHostKey &) { return true; };
        SshAuth a;
        a.useAgent = false;
        a.identityFiles = {nodes.clientKey()};
        auto s = SshSession::connect({"root", n.addr, 22}, o, a);
        ASSERT_TRUE(s.ok()) << s.error().message;
        DeployOptions d;
        d.prefix = prefix;
        d.serviceMode = ServiceMode::Supervised;
        d.connection = AgentConnection{"https://10.199.0.1:6443", "t", "", false};
        auto b = loadAgentBundle(v1);
        ASSERT_TRUE(b.ok());
        auto r = AgentDeployer(*s.value(), d).install(b.value());
        ASSERT_TRUE(r.ok()) << r.error().message;
    }
    std::remove(kh.c_str());

    CliRun up = runCli(with({"--bundle", v2, "--accept-new-host-keys", "--parallel", "2", host}));
    EXPECT_EQ(up.code, 0) << up.out;
    EXPECT_NE(up.out.find("Warning: permanently added " + n.addr + ":22"), std::string::npos)
        << up.out;
    EXPECT_NE(up.out.find("[" + host + "] upload"), std::string::npos) << up.out;
    EXPECT_NE(up.out.find(host + ": service-agent 1.1.0, supervised, running, healthy"),
              std::string::npos)
        << up.out;

    CliRun status = runCli(with({"--logs", "5", host}));
    EXPECT_EQ(status.code, 0) << status.out;
    EXPECT_NE(status.out.find("service-agent 1.1.0"), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("dummy service-agent 1.1.0"), std::string::npos) << status.out;

    CliRun removed = runCli(with({"--uninstall", host}));
    EXPECT_EQ(removed.code, 0) << removed.out;
    EXPECT_NE(removed.out.find("removed from " + prefix), std::string::npos) << removed.out;
    EXPECT_NE(sh("test -e '" + prefix + "'"), 0);

    EXPECT_EQ(runCli(with({})).code, 2);
    EXPECT_EQ(runCli(with({"--parallel", "0", host})).code, 2);
    EXPECT_EQ(runCli(with({"root@host:99999"})).code, 2);
}
