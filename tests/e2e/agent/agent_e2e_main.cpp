// SPDX-License-Identifier: GPL-3.0-or-later
// The agent e2e test binary: one namespace testbed and one real cluster for all tests, both
// torn down at the end — and by guardian processes if the binary dies.
//
//   agent_e2e_test [gtest flags]
// Environment: KUBE_BIN_DIR (skip build-kube.sh), STUDIO_E2E_KEEP=1 (keep the logs),
// STUDIO_SERVICE_AGENT (the agent binary; default: the build's service-agent),
// STUDIO_AGENT_E2E_BACKENDS ("legacy,nft" by default). Needs root.
//
// `agent_e2e_test --testbed-child PREFIX LOGDIR` builds a small testbed and waits to be killed
// (the guardian self-check kills it and looks for leftovers).
#include "agent_e2e_support.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <unistd.h>

namespace studio::test {

namespace {

AgentE2eWorld *g_world = nullptr;
TestCluster *g_cluster = nullptr;

std::string slurp(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

class WorldEnvironment : public ::testing::Environment
{
public:
    void SetUp() override
    {
        AgentE2eWorld &w = *g_world;
        const char *tmp = std::getenv("TMPDIR");
        std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/studio-agent-e2e.XXXXXX";
        if (!mkdtemp(templ.data())) {
            w.testbedError = "mkdtemp failed";
            return;
        }
        w.logDir = templ;
        if (::geteuid() != 0) {
            w.testbedError = "the agent e2e tests need root (network namespaces, iptables)";
            return;
        }
        netns::TestbedOptions o;
        o.echoServer = STUDIO_ECHO_SERVER;
        o.logDir = w.logDir;
        std::string error;
        if (!w.testbed.up(o, error)) {
            w.testbedError = "testbed: " + error;
            std::fprintf(stderr, "\n*** agent e2e: TESTBED SETUP FAILED: %s\n\n", error.c_str());
            return;
        }
        std::fprintf(stderr,
                     "# agent e2e: testbed %s* up (%zu nodes, %zu pods), logs in %s\n",
                     w.testbed.prefix().c_str(),
                     w.testbed.nodes().size(),
                     w.testbed.pods().size(),
                     w.logDir.c_str());
        const char *agent = std::getenv("STUDIO_SERVICE_AGENT");
#ifdef STUDIO_SERVICE_AGENT
        w.agentBinary = agent && *agent ? agent : STUDIO_SERVICE_AGENT;
#else
        w.agentBinary = agent && *agent ? agent : "";
#endif
        // The self-checks need no cluster: do not start one for them alone.
        const std::string filter = GTEST_FLAG_GET(filter);
        if (filter.starts_with("Testbed.") && filter.find(':') == std::string::npos) {
            w.clusterError = "not started (only Testbed.* selected)";
            return;
        }
        startCluster(w);
    }

    void TearDown() override
    {
        AgentE2eWorld &w = *g_world;
        for (auto &hook : m_hooks())
            hook();
        const bool failed = ::testing::UnitTest::GetInstance()->Failed();
        if (!w.testbed.down())
            std::fprintf(stderr,
                         "*** agent e2e: namespaces left behind: %zu\n",
                         w.testbed.liveNamespaces().size());
        if (g_cluster->running() || !g_cluster->dir().empty())
            g_cluster->stop(failed);
        const bool keep = failed || std::getenv("STUDIO_E2E_KEEP");
        if (!w.logDir.empty()) {
            if (keep) {
                std::fprintf(stderr, "# agent e2e: logs kept in %s\n", w.logDir.c_str());
            } else {
                std::error_code ec;
                std::filesystem::remove_all(w.logDir, ec);
            }
        }
    }

    static std::vector<std::function<void()>> &m_hooks()
    {
        static std::vector<std::function<void()>> hooks;
        return hooks;
    }

private:
    void startCluster(AgentE2eWorld &w)
    {
        std::fprintf(stderr,
                     "# agent e2e: starting a real cluster (build-kube.sh + "
                     "start-cluster.sh)...\n");
        TestCluster::Options co;
        co.keepDir = std::getenv("STUDIO_E2E_KEEP") != nullptr;
        std::string error;
        if (!g_cluster->start(co, error)) {
            w.clusterError = "cluster: " + error;
            std::fprintf(stderr, "\n*** agent e2e: CLUSTER SETUP FAILED: %s\n\n", error.c_str());
            g_cluster->stop(true);
            return;
        }
        std::fprintf(stderr,
                     "# agent e2e: cluster up at %s in %.1f s (dir %s)\n",
                     g_cluster->env("APISERVER_URL").c_str(),
                     g_cluster->startSeconds(),
                     g_cluster->dir().c_str());
        const std::string apiPort = g_cluster->env("APISERVER_PORT");
        const std::string agentKubeconfig = slurp(g_cluster->env("AGENT_KUBECONFIG"));
        const std::regex server(R"(server: https://127\.0\.0\.1:[0-9]+)");
        if (apiPort.empty() || !std::regex_search(agentKubeconfig, server)) {
            w.clusterError = "agent.kubeconfig has no https://127.0.0.1:PORT server";
            return;
        }
        for (const auto &node : w.testbed.nodes()) {
            // The agent inside the node reaches the apiserver on its own loopback, through us.
            if (!w.testbed.spawn({STUDIO_NETNS_RELAY,
                                  "--netns",
                                  node.name,
                                  "--listen",
                                  "127.0.0.1:" + std::to_string(kRelayPort),
                                  "--connect",
                                  "127.0.0.1:" + apiPort},
                                 "relay-" + node.name,
                                 error,
                                 "ready")) {
                w.clusterError = "relay: " + error;
                return;
            }
            const std::string path = w.logDir + "/" + node.name + ".kubeconfig";
            {
                std::ofstream out(path, std::ios::trunc);
                out << std::regex_replace(agentKubeconfig,
                                          server,
                                          "server: https://127.0.0.1:"
                                              + std::to_string(kRelayPort));
            }
            std::filesystem::permissions(
                path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
            w.kubeconfigs[node.name] = path;
        }
        // The Node objects (no kubelet registers them); name = --hostname-override.
        auto admin = adminBackend();
        if (!admin) {
            w.clusterError = "no admin client";
            return;
        }
        for (const auto &node : w.testbed.nodes()) {
            KubeNode n;
            n.metadata.name = node.name;
            n.metadata.labels["kubernetes.io/hostname"] = node.name;
            n.podCIDR = node.podCidr;
            n.podCIDRs = {node.podCidr};
            n.addresses = {{"InternalIP", node.ip}, {"Hostname", node.name}};
            auto r = await<KubeObject>([&](auto cb) { admin->create(n, false, cb); });
            if (!r && r.error().reason != "AlreadyExists") {
                w.clusterError = "create node " + node.name + ": " + r.error().toString();
                return;
            }
        }
    }
};

// A last line that cannot be missed in a long log.
class Summary : public ::testing::EmptyTestEventListener
{
    void OnTestProgramEnd(const ::testing::UnitTest &u) override
    {
        std::fprintf(stderr,
                     "\n%s agent e2e: %d passed, %d failed, %d skipped (%.1f s)\n",
                     u.Passed() ? "===" : "*** FAILED ***",
                     u.successful_test_count(),
                     u.failed_test_count(),
                     u.skipped_test_count(),
                     double(u.elapsed_time()) / 1000.0);
    }
};

int testbedChild(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    netns::Testbed tb;
    netns::TestbedOptions o;
    o.prefix = argv[2];
    o.logDir = argv[3];
    o.nodes = 1;
    o.podsPerNode = 1;
    o.outsideClients = 1;
    o.echoServer = STUDIO_ECHO_SERVER;
    std::string error;
    if (!tb.up(o, error)) {
        std::fprintf(stderr, "testbed child: %s\n", error.c_str());
        return 1;
    }
    std::printf("ready\n");
    std::fflush(stdout);
    ::dup2(2, 1);
    for (;;)
        ::pause(); // until killed
}

} // namespace

AgentE2eWorld &world()
{
    return *g_world;
}

TestCluster &cluster()
{
    return *g_cluster;
}

void addWorldTeardownHook(std::function<void()> hook)
{
    WorldEnvironment::m_hooks().push_back(std::move(hook));
}

} // namespace studio::test

int main(int argc, char **argv)
{
    if (argc > 1 && std::string(argv[1]) == "--testbed-child")
        return studio::test::testbedChild(argc, argv);
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    studio::test::TestCluster cluster;
    studio::test::AgentE2eWorld world;
    studio::test::g_cluster = &cluster;
    studio::test::g_world = &world;
    ::testing::AddGlobalTestEnvironment(new studio::test::WorldEnvironment);
    ::testing::UnitTest::GetInstance()->listeners().Append(new studio::test::Summary);
    const int rc = RUN_ALL_TESTS();
    world.testbed.down(); // normally done by the environment already
    cluster.stop(rc != 0);
    return rc;
}
