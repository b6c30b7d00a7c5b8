// SPDX-License-Identifier: GPL-3.0-or-later
// The real service-agent, run from a --state-file inside network namespaces this test
// creates and removes, on the legacy and the nft backend: rules appear, state-file changes
// are applied incrementally, a failing restore keeps the previous rules, a restart adopts
// the rules without duplicating hooks, --cleanup removes only what the agent made,
// /healthz, /metrics and a health check node port answer.
#include "netns_support.h"

#include "proxy/chain_names.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace studio::agent::test;

namespace {

std::string service(const std::string &name, const std::string &ip, const std::string &extra = {})
{
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name
           + "\n  namespace: default\nspec:\n"
             "  clusterIP: "
           + ip + "\n  selector:\n    app: " + name
           + "\n  ports:\n  - port: 80\n"
             "    targetPort: 8080\n"
           + (extra.empty() ? std::string() : "    nodePort: 30080\n" + extra) + "---\n";
}

std::string pod(const std::string &name, const std::string &app, const std::string &ip)
{
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name
           + "\n  namespace: default\n  labels:\n    app: " + app
           + "\nspec:\n  nodeName: node-1\n  containers:\n  - name: c\n    image: echo\n    "
             "ports:\n"
             "    - containerPort: 8080\nstatus:\n  phase: Running\n  podIP: "
           + ip + "\n  conditions:\n  - type: Ready\n    status: \"True\"\n---\n";
}

// Node ports given: the state file is loaded afresh on every change, and ports the sandbox
// allocates depend on what came before them in the file.
const char *kLocalService
    = "  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 32100\n";

std::string svcChain(const std::string &name)
{
    return studio::proxy::serviceChainName("default/" + name, "tcp");
}

class AgentNetns : public ::testing::TestWithParam<std::string>
{
protected:
    void SetUp() override
    {
        if (!canUseNetns())
            GTEST_SKIP() << "needs root and `ip netns`";
        removeStaleNamespaces();
        ASSERT_TRUE(m_dir.isValid());
        m_state = m_dir.filePath("state.yaml").toStdString();
        m_ns = std::make_unique<Netns>();
        ASSERT_TRUE(m_ns->ok());
    }
    void TearDown() override
    {
        m_agent.reset(); // SIGTERM by PID before the namespace goes
        m_ns.reset();
    }

    const std::string &backend() const { return GetParam(); }

    void writeState(const std::string &text)
    {
        // Write and rename, as editors do.
        const QString tmp = QString::fromStdString(m_state + ".tmp");
        QFile f(tmp);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text.data(), qint64(text.size()));
        f.close();
        QFile::remove(QString::fromStdString(m_state));
        ASSERT_TRUE(QFile::rename(tmp, QString::fromStdString(m_state)));
    }

    void startAgent(std::vector<std::string> extra = {})
    {
        std::vector<std::string> args = {"--state-file",
                                         m_state,
                                         "--hostname-override",
                                         "node-1",
                                         "--cluster-cidr",
                                         "10.244.0.0/16",
                                         "--iptables-backend",
                                         backend(),
                                         "--iptables-min-sync-period",
                                         "100ms",
                                         "--healthz-bind-address",
                                         "127.0.0.1:10256",
                                         "--metrics-bind-address",
                                         "127.0.0.1:10249"};
        args.insert(args.end(), extra.begin(), extra.end());
        m_agent = std::make_unique<AgentProcess>(*m_ns, args);
        ASSERT_TRUE(m_agent->running());
    }

    std::string save() const { return m_ns->exec("iptables-" + backend() + "-save").out; }
    std::string iptables(const std::string &args) const
    {
        return "iptables-" + backend() + " " + args;
    }

    // HTTP GET inside the namespace: "CODE BODY".
    std::string get(const std::string &url) const
    {
        const CommandResult r = m_ns->exec("curl -s -m 5 -w ' %{http_code}' " + url);
        return r.out;
    }

    static size_t countOf(const std::string &text, const std::string &part)
    {
        size_t n = 0;
        for (size_t p = text.find(part); p != std::string::npos; p = text.find(part, p + 1))
            ++n;
        return n;
    }

    QTemporaryDir m_dir;
    std::string m_state;
    std::unique_ptr<Netns> m_ns;
    std::unique_ptr<AgentProcess> m_agent;
};

} // namespace

TEST_P(AgentNetns, RulesAppearAndChangesAreIncremental)
{
    writeState(service("web", "10.96.0.50") + pod("web-1", "web", "10.244.1.5")
               + pod("web-2", "web", "10.244.1.6") + service("local", "10.96.0.60", kLocalService)
               + pod("local-1", "local", "10.244.1.7"));
    startAgent();
    ASSERT_TRUE(m_agent->waitFor("sync done: full")) << m_agent->log();
    EXPECT_NE(m_agent->log().find("iptables backend: " + backend()), std::string::npos);

    std::string rules = save();
    EXPECT_NE(rules.find(":KUBE-SERVICES - "), std::string::npos) << rules;
    EXPECT_NE(rules.find(":" + svcChain("web") + " - "), std::string::npos) << rules;
    EXPECT_EQ(countOf(rules, "-A " + svcChain("web") + " "), 2u) << rules;
    EXPECT_EQ(
        countOf(
            rules,
            "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
        1u);

    // /healthz, /metrics and the health check node port of the Local service.
    std::string healthz = get("http://127.0.0.1:10256/healthz");
    EXPECT_NE(healthz.find("\"lastUpdated\": \""), std::string::npos) << healthz;
    EXPECT_EQ(healthz.substr(healthz.size() - 3), "200") << healthz;
    std::string metrics = get("http://127.0.0.1:10249/metrics");
    EXPECT_NE(metrics.find("service_agent_syncs_total{type=\"full\",result=\"success\"} 1"),
              std::string::npos)
        << metrics;
    EXPECT_NE(metrics.find("service_agent_info{backend=\"" + backend() + "\""), std::string::npos)
        << metrics;
    EXPECT_NE(metrics.find("kubeproxy_sync_proxy_rules_duration_seconds_count 1"),
              std::string::npos);
    const std::string hc = get("http://127.0.0.1:32100/");
    EXPECT_EQ(
        hc,
        "{\"service\":{\"namespace\":\"default\",\"name\":\"local\"},\"localEndpoints\":1} 200");
    EXPECT_NE(get("http://127.0.0.1:10249/nope").find("404"), std::string::npos);

    // A third endpoint: a partial sync that rewrites only web's chains.
    writeState(service("web", "10.96.0.50") + pod("web-1", "web", "10.244.1.5")
               + pod("web-2", "web", "10.244.1.6") + pod("web-3", "web", "10.244.1.8")
               + service("local", "10.96.0.60", kLocalService)
               + pod("local-1", "local", "10.244.1.7"));
    ASSERT_TRUE(m_agent->waitFor("sync done: partial")) << m_agent->log();
    EXPECT_NE(m_agent->log().find("1 changed services"), std::string::npos) << m_agent->log();
    rules = save();
    EXPECT_EQ(countOf(rules, "-A " + svcChain("web") + " "), 3u) << rules;
    EXPECT_NE(rules.find(":" + svcChain("local") + " - "), std::string::npos);
    metrics = get("http://127.0.0.1:10249/metrics");
    EXPECT_NE(metrics.find("service_agent_syncs_total{type=\"partial\",result=\"success\"} 1"),
              std::string::npos)
        << metrics;
    EXPECT_NE(metrics.find("kubeproxy_network_programming_duration_seconds_count 2"),
              std::string::npos)
        << metrics;

    // The local pod goes: the health check answers 503 with 0.
    writeState(service("web", "10.96.0.50") + pod("web-1", "web", "10.244.1.5")
               + service("local", "10.96.0.60", kLocalService));
    ASSERT_TRUE(m_agent->waitFor("sync done: partial", 2)) << m_agent->log();
    EXPECT_EQ(
        get("http://127.0.0.1:32100/"),
        "{\"service\":{\"namespace\":\"default\",\"name\":\"local\"},\"localEndpoints\":0} 503");

    // SIGTERM: exit 0, rules stay.
    EXPECT_EQ(m_agent->stop(), 0);
    EXPECT_NE(m_agent->log().find("exiting (rules stay in place)"), std::string::npos);
    rules = save();
    EXPECT_NE(rules.find(":" + svcChain("web") + " - "), std::string::npos);
}

TEST_P(AgentNetns, FailedRestoreKeepsThePreviousRules)
{
    writeState(service("a", "10.96.0.50") + pod("a-1", "a", "10.244.1.5")
               + service("b", "10.96.0.51") + pod("b-1", "b", "10.244.1.6"));
    startAgent();
    ASSERT_TRUE(m_agent->waitFor("sync done: full")) << m_agent->log();
    // Another program jumps into b's chain: deleting b must fail, atomically.
    ASSERT_EQ(m_ns->exec(iptables("-t nat -A OUTPUT -d 192.0.2.1/32 -j " + svcChain("b"))).exitCode,
              0);
    const std::string before = save();

    writeState(service("a", "10.96.0.50") + pod("a-1", "a", "10.244.1.5")
               + pod("a-2", "a", "10.244.1.7"));
    ASSERT_TRUE(m_agent->waitFor("sync failed")) << m_agent->log();
    EXPECT_NE(m_agent->log().find("<-- failed"), std::string::npos)
        << m_agent->log(); // the offending line
    EXPECT_NE(m_agent->log().find("previous rules kept"), std::string::npos);
    std::string rules = save();
    EXPECT_NE(rules.find(":" + svcChain("b") + " - "), std::string::npos);
    EXPECT_EQ(countOf(rules, "-A " + svcChain("a") + " "), 1u) << rules; // nothing of the new state
    EXPECT_EQ(countOf(rules, "\n-A "), countOf(before, "\n-A "));
    const std::string metrics = get("http://127.0.0.1:10249/metrics");
    EXPECT_NE(metrics.find("service_agent_last_error_info{message=\"iptables-" + backend()
                           + "-restore exited"),
              std::string::npos)
        << metrics;
    EXPECT_NE(metrics.find("service_agent_last_sync_success 0"), std::string::npos);

    // The obstacle goes: the retry (a full sync, after backoff) applies the new state.
    ASSERT_EQ(m_ns->exec(iptables("-t nat -D OUTPUT -d 192.0.2.1/32 -j " + svcChain("b"))).exitCode,
              0);
    const size_t fullBefore = m_agent->count("sync done: full");
    ASSERT_TRUE(m_agent->waitFor("sync done: full", fullBefore + 1, 60'000)) << m_agent->log();
    rules = save();
    EXPECT_EQ(rules.find(svcChain("b")), std::string::npos) << rules;
    EXPECT_EQ(countOf(rules, "-A " + svcChain("a") + " "), 2u) << rules;
}

TEST_P(AgentNetns, RestartAdoptsAndCleanupRemovesOnlyOurs)
{
    writeState(service("web", "10.96.0.50") + pod("web-1", "web", "10.244.1.5"));
    // Other programs' rules, present before the agent.
    ASSERT_EQ(m_ns->exec(iptables("-t nat -N FOREIGN") + " && "
                         + iptables("-t nat -A FOREIGN -j RETURN") + " && "
                         + iptables("-t nat -A PREROUTING -j FOREIGN") + " && "
                         + iptables("-t filter -A INPUT -s 192.0.2.0/24 -j DROP"))
                  .exitCode,
              0);
    startAgent();
    ASSERT_TRUE(m_agent->waitFor("sync done: full")) << m_agent->log();
    EXPECT_NE(m_agent->log().find("hooks inserted"), std::string::npos);
    ASSERT_EQ(m_agent->stop(), 0);

    // A new agent adopts the rules: no hook inserted again, no duplicate.
    startAgent();
    ASSERT_TRUE(m_agent->waitFor("sync done: full")) << m_agent->log();
    EXPECT_NE(m_agent->log().find("chains of a previous agent"), std::string::npos)
        << m_agent->log();
    EXPECT_EQ(m_agent->log().find("hooks inserted"), std::string::npos) << m_agent->log();
    std::string rules = save();
    EXPECT_EQ(countOf(rules, "-j KUBE-SERVICES\n"),
              countOf(rules, "--comment \"kubernetes service portals\""))
        << rules;
    EXPECT_EQ(
        countOf(
            rules,
            "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
        1u)
        << rules;
    ASSERT_EQ(m_agent->stop(), 0);

    // --cleanup: no KUBE- chain or rule is left; the foreign ones are all there.
    const CommandResult cleanup = m_ns->exec(std::string(STUDIO_AGENT_BINARY)
                                             + " --cleanup --iptables-backend " + backend());
    EXPECT_EQ(cleanup.exitCode, 0) << cleanup.err;
    EXPECT_NE(cleanup.err.find("cleanup done: removed"), std::string::npos) << cleanup.err;
    rules = save();
    EXPECT_EQ(rules.find("KUBE-"), std::string::npos) << rules;
    EXPECT_NE(rules.find(":FOREIGN - "), std::string::npos) << rules;
    EXPECT_NE(rules.find("-A FOREIGN -j RETURN"), std::string::npos);
    EXPECT_NE(rules.find("-A PREROUTING -j FOREIGN"), std::string::npos);
    EXPECT_NE(rules.find("-A INPUT -s 192.0.2.0/24 -j DROP"), std::string::npos);
    // Again: nothing to do.
    const CommandResult again = m_ns->exec(std::string(STUDIO_AGENT_BINARY)
                                           + " --cleanup --iptables-backend " + backend());
    EXPECT_EQ(again.exitCode, 0);
    EXPECT_NE(again.err.find("nothing to remove"), std::string::npos) << again.err;
}

// auto picks the backend that holds the node's rules; nft on an empty node.
TEST_P(AgentNetns, AutoBackendFollowsTheNode)
{
    writeState(service("web", "10.96.0.50") + pod("web-1", "web", "10.244.1.5"));
    ASSERT_EQ(m_ns->exec(iptables("-t filter -A INPUT -s 192.0.2.0/24 -j DROP")).exitCode, 0);
    std::vector<std::string> args = {"--state-file",
                                     m_state,
                                     "--hostname-override",
                                     "node-1",
                                     "--iptables-backend",
                                     "auto",
                                     "--healthz-bind-address",
                                     "",
                                     "--metrics-bind-address",
                                     ""};
    m_agent = std::make_unique<AgentProcess>(*m_ns, args);
    ASSERT_TRUE(m_agent->waitFor("sync done: full")) << m_agent->log();
    EXPECT_NE(m_agent->log().find("iptables backend: " + backend()), std::string::npos)
        << m_agent->log();
    EXPECT_NE(save().find(":KUBE-SERVICES - "), std::string::npos);
}

// The host kernel has no IPVS: --proxy-mode ipvs says why and runs iptables mode, and a
// connection to the cluster IP reaches the endpoint (a local address of the namespace).
TEST_P(AgentNetns, IpvsModeFallsBackToIptables)
{
    if (auto ipvs = m_ns->exec("grep -qw ip_vs /proc/modules"); ipvs.exitCode == 0)
        GTEST_SKIP() << "this kernel has IPVS loaded: the fallback cannot be shown here";
    // The host kernel has no dummy module either: the pod address sits on a veth.
    ASSERT_EQ(m_ns->exec("ip link add pods0 type veth peer name pods1 && ip addr add "
                         "10.244.1.5/32 dev pods0 && ip link set pods0 up && ip link set pods1 up "
                         // a node's own connection to a VIP needs a route before OUTPUT DNAT
                         "&& ip route add 10.96.0.0/12 dev pods0")
                  .exitCode,
              0);
    writeState(service("web", "10.96.0.50") + pod("web-1", "web", "10.244.1.5"));
    startAgent({"--proxy-mode", "ipvs", "--ipvs-scheduler", "lc"});
    ASSERT_TRUE(m_agent->waitFor("sync done: full")) << m_agent->log();
    const std::string &log = m_agent->log();
    EXPECT_NE(log.find("proxy mode ipvs is not available: the kernel has no IPVS generic netlink "
                       "family"),
              std::string::npos)
        << log;
    EXPECT_NE(log.find("falling back to proxy mode iptables"), std::string::npos) << log;
    EXPECT_NE(log.find("mode iptables"), std::string::npos) << log;
    EXPECT_EQ(countOf(save(), "-A " + svcChain("web") + " "), 1u);
    EXPECT_NE(get("http://127.0.0.1:10249/metrics").find("mode=\"iptables\""), std::string::npos);
    // Real traffic through the DNAT rules the fallback programmed.
    const CommandResult echo = m_ns->exec(std::string(STUDIO_ECHO_SERVER)
                                          + " --name web-1 --tcp 8080 > /dev/null 2>&1 & pid=$!; "
                                            "sleep 0.5; echo hi | curl -s --http0.9 -m 3 telnet://10.96.0.50:80; "
                                            "kill $pid");
    EXPECT_NE(echo.out.find("pod=web-1 client=10.244.1.5:"), std::string::npos)
        << echo.out << echo.err;
}

INSTANTIATE_TEST_SUITE_P(Backends,
                         AgentNetns,
                         ::testing::Values("legacy", "nft"),
                         [](const ::testing::TestParamInfo<std::string> &i) { return i.param; });

TEST(AgentCommandLine, BadFlagsExitTwo)
{
    const CommandResult r = runCommand(STUDIO_AGENT_BINARY, {"--state-file", "x", "--bogus"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("unknown flag: --bogus"), std::string::npos) << r.err;
    const CommandResult mode
        = runCommand(STUDIO_AGENT_BINARY, {"--state-file", "x", "--proxy-mode", "kernelspace"});
    EXPECT_EQ(mode.exitCode, 2);
    EXPECT_NE(mode.err.find("not supported yet"), std::string::npos) << mode.err;
    const CommandResult help = runCommand(STUDIO_AGENT_BINARY, {"--help"});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_NE(help.out.find("--iptables-backend"), std::string::npos);
    const CommandResult version = runCommand(STUDIO_AGENT_BINARY, {"--version"});
    EXPECT_EQ(version.exitCode, 0);
    EXPECT_EQ(version.out.rfind("service-agent ", 0), 0u);
}

TEST(AgentCommandLine, UnusableKubeconfigExitsOne)
{
    if (!canUseNetns())
        GTEST_SKIP() << "needs root and `ip netns`";
    Netns ns;
    ASSERT_TRUE(ns.ok());
    const CommandResult r
        = ns.exec(std::string(STUDIO_AGENT_BINARY)
                  + " --kubeconfig /nonexistent/kubeconfig --iptables-backend legacy"
                    " --healthz-bind-address '' --metrics-bind-address ''");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("cannot start: --kubeconfig /nonexistent/kubeconfig"), std::string::npos)
        << r.err;
}
