// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent_options.h"

#include <gtest/gtest.h>

using namespace studio::agent;
using namespace std::chrono_literals;

namespace {
studio::Result<ParsedCommandLine> parse(std::vector<std::string> args)
{
    return parseCommandLine(args);
}
} // namespace

TEST(AgentOptions, Defaults)
{
    auto r = parse({"--state-file", "s.yaml", "--hostname-override", "Node-1"});
    ASSERT_TRUE(r) << r.error().message;
    const AgentOptions &o = r->options;
    EXPECT_EQ(r->action, ParsedCommandLine::Action::Run);
    EXPECT_EQ(o.stateFile, "s.yaml");
    EXPECT_EQ(o.nodeName, "node-1"); // lower case, as kube-proxy
    EXPECT_EQ(o.proxyMode, "iptables");
    EXPECT_EQ(o.iptablesBackend, IptablesBackendChoice::Auto);
    EXPECT_EQ(o.syncPeriod, 30s);
    EXPECT_EQ(o.minSyncPeriod, 1s);
    ASSERT_TRUE(o.healthzBindAddress);
    EXPECT_EQ(*o.healthzBindAddress, (BindAddress{"0.0.0.0", 10256}));
    ASSERT_TRUE(o.metricsBindAddress);
    EXPECT_EQ(*o.metricsBindAddress, (BindAddress{"127.0.0.1", 10249}));
    EXPECT_FALSE(o.masqueradeAll);
    EXPECT_EQ(o.logLevel, LogLevel::Info);
    EXPECT_EQ(o.masqueradeBit, 14);
    EXPECT_EQ(o.ipvsScheduler, "rr");
}

TEST(AgentOptions, IpvsMode)
{
    auto r = parse({"--state-file", "s", "--proxy-mode", "ipvs", "--ipvs-scheduler=sed"});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->options.proxyMode, "ipvs");
    EXPECT_EQ(r->options.ipvsScheduler, "sed");
}

TEST(AgentOptions, DefaultNodeNameIsTheHostName)
{
    auto r = parse({"--state-file", "s.yaml"});
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->options.nodeName.empty());
}

// The command line the e2e testbed uses, exactly.
TEST(AgentOptions, E2eCommandLine)
{
    auto r = parse({"--kubeconfig",
                    "/tmp/k",
                    "--hostname-override",
                    "node-a",
                    "--cluster-cidr",
                    "10.244.0.0/16",
                    "--iptables-backend",
                    "nft",
                    "--iptables-min-sync-period",
                    "100ms",
                    "--healthz-bind-address",
                    "0.0.0.0:10256",
                    "--metrics-bind-address",
                    "127.0.0.1:10249",
                    "--nodeport-addresses",
                    "10.0.0.0/8,192.168.1.0/24",
                    "--masquerade-all"});
    ASSERT_TRUE(r) << r.error().message;
    const AgentOptions &o = r->options;
    EXPECT_EQ(o.kubeconfig, "/tmp/k");
    EXPECT_EQ(o.nodeName, "node-a");
    EXPECT_EQ(o.clusterCidr, "10.244.0.0/16");
    EXPECT_EQ(o.iptablesBackend, IptablesBackendChoice::Nft);
    EXPECT_EQ(o.minSyncPeriod, 100ms);
    EXPECT_EQ(o.nodePortAddresses, (std::vector<std::string>{"10.0.0.0/8", "192.168.1.0/24"}));
    EXPECT_TRUE(o.masqueradeAll);
}

TEST(AgentOptions, EqualsForm)
{
    auto r = parse({"--state-file=s.yaml",
                    "--iptables-backend=legacy",
                    "--iptables-sync-period=1m30s",
                    "--masquerade-all=true",
                    "--log-level=debug",
                    "--healthz-bind-address="});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->options.iptablesBackend, IptablesBackendChoice::Legacy);
    EXPECT_EQ(r->options.syncPeriod, 90s);
    EXPECT_TRUE(r->options.masqueradeAll);
    EXPECT_EQ(r->options.logLevel, LogLevel::Debug);
    EXPECT_FALSE(r->options.healthzBindAddress); // empty disables
}

TEST(AgentOptions, Actions)
{
    auto help = parse({"--help"});
    ASSERT_TRUE(help);
    EXPECT_EQ(help->action, ParsedCommandLine::Action::Help);
    auto version = parse({"--version"});
    ASSERT_TRUE(version);
    EXPECT_EQ(version->action, ParsedCommandLine::Action::Version);
    // --cleanup needs no source.
    auto cleanup = parse({"--cleanup", "--iptables-backend", "legacy"});
    ASSERT_TRUE(cleanup) << cleanup.error().message;
    EXPECT_EQ(cleanup->action, ParsedCommandLine::Action::Cleanup);
    EXPECT_NE(usageText().find("--iptables-min-sync-period"), std::string::npos);
    EXPECT_NE(versionText().find("service-agent "), std::string::npos);
}

TEST(AgentOptions, Errors)
{
    struct Case
    {
        std::vector<std::string> args;
        std::string messagePart;
    };
    const Case cases[] = {
        {{"--state-file", "s", "--bogus"}, "unknown flag: --bogus"},
        {{"--state-file"}, "flag needs an argument: --state-file"},
        {{"--state-file", "s", "stray"}, "unexpected argument: stray"},
        {{"--state-file", "s", "--proxy-mode", "kernelspace"}, "not supported yet"},
        {{"--state-file", "s", "--ipvs-scheduler", "wrr"}, "--ipvs-scheduler (rr, lc, dh, sh, sed or nq)"},
        {{"--state-file", "s", "--proxy-mode", "nonsense"}, "--proxy-mode"},
        {{"--state-file", "s", "--kubeconfig", "k"}, "exclude each other"},
        {{}, "one of --kubeconfig FILE or --state-file FILE is required"},
        {{"--state-file", "s", "--iptables-backend", "xt"}, "--iptables-backend"},
        {{"--state-file", "s", "--cluster-cidr", "10.0.0.0"}, "not a CIDR"},
        {{"--state-file", "s", "--nodeport-addresses", "10.0.0.0/8,bad"}, "\"bad\""},
        {{"--state-file", "s", "--iptables-sync-period", "5"}, "--iptables-sync-period"},
        {{"--state-file", "s", "--iptables-sync-period", "0s"}, "greater than 0"},
        {{"--state-file", "s", "--iptables-min-sync-period", "1x"}, "invalid duration"},
        {{"--state-file", "s", "--healthz-bind-address", "host:1"}, "not an IP address"},
        {{"--state-file", "s", "--metrics-bind-address", "1.2.3.4:70000"}, "port out of range"},
        {{"--state-file", "s", "--log-level", "verbose"}, "--log-level"},
        {{"--state-file", "s", "--masquerade-all=maybe"}, "true or false"},
        {{"--state-file", "s", "--hostname-override", " "}, "must not be empty"},
        {{"--state-file",
          "s",
          "--healthz-bind-address",
          "127.0.0.1:9000",
          "--metrics-bind-address",
          "127.0.0.1:9000"},
         "same address"},
    };
    for (const Case &c : cases) {
        auto r = parseCommandLine(c.args);
        ASSERT_FALSE(r) << "accepted: " << ::testing::PrintToString(c.args);
        EXPECT_EQ(r.error().code, "usage");
        EXPECT_NE(r.error().message.find(c.messagePart), std::string::npos)
            << r.error().message << " (wanted: " << c.messagePart << ")";
    }
}

TEST(AgentOptions, Durations)
{
    const std::pair<const char *, std::chrono::milliseconds> good[] = {
        {"500ms", 500ms},
        {"1s", 1s},
        {"30s", 30s},
        {"1m", 60s},
        {"1m30s", 90s},
        {"1.5s", 1500ms},
        {"2h", 7200s},
        {"0", 0ms},
        {"100ms", 100ms},
        {"1h1m1s", 3661s},
    };
    for (const auto &[text, want] : good) {
        auto d = parseDuration(text);
        ASSERT_TRUE(d) << text;
        EXPECT_EQ(*d, want) << text;
    }
    for (const char *bad : {"", "5", "1x", "ms", "1..5s", "s1", "-1s", "1 s"})
        EXPECT_FALSE(parseDuration(bad)) << bad;
}

TEST(AgentOptions, BindAddresses)
{
    auto a = parseBindAddress("0.0.0.0:10256", 1);
    ASSERT_TRUE(a && *a);
    EXPECT_EQ(**a, (BindAddress{"0.0.0.0", 10256}));
    auto b = parseBindAddress("[::]:9", 1);
    ASSERT_TRUE(b && *b);
    EXPECT_EQ(**b, (BindAddress{"::", 9}));
    auto c = parseBindAddress("127.0.0.1", 10249);
    ASSERT_TRUE(c && *c);
    EXPECT_EQ(**c, (BindAddress{"127.0.0.1", 10249}));
    auto d = parseBindAddress("", 1);
    ASSERT_TRUE(d);
    EXPECT_FALSE(*d);
    auto e = parseBindAddress(":8080", 1);
    ASSERT_TRUE(e && *e);
    EXPECT_EQ(**e, (BindAddress{"0.0.0.0", 8080}));
    EXPECT_FALSE(parseBindAddress("[::1", 1));
    EXPECT_FALSE(parseBindAddress("1.2.3.4:x", 1));
}
