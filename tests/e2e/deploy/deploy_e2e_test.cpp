// SPDX-License-Identifier: GPL-3.0-or-later
// The whole deployment path, real end to end: three node namespaces each running its own
// OpenSSH server (tests/e2e/ssh: TestNodes, run_in_netns.sh), the real test cluster
// (tests/cluster through TestCluster) started inside the test's client namespace, one
// netns_relay per node (tests/e2e/agent) so that an agent on a node reaches the apiserver on
// its own 127.0.0.1:6443, and an echo server (tests/e2e/agent's echo_server) on 10.199.100.1
// in the client namespace as the Service's endpoint.
//
// The REAL service-agent bundle (target agent-bundle) is deployed to all three nodes in
// parallel by AgentDeployer (one --prefix per node: the nodes share one filesystem) with the
// least-privilege identity of core/ssh/agent_identity; the agents sync a selectorless Service
// and its Endpoints from the cluster, and a TCP connection to the ClusterIP from each node
// namespace reaches the echo server. A wrong client key and a changed host key are refused;
// the uninstall (service-agent --cleanup) leaves no KUBE- chain in any node's tables.
//
// Run through run_in_netns.sh --nodes 3 (ctest does; --nodes 10 measures ten nodes). The tests run
// in order and share the world below: each one needs the previous ones.
#include "e2e_support.h"   // tests/e2e/apiserver: cluster(), adminBackend(), await(), waitFor()
#include "netns_testbed.h" // tests/e2e/agent: ChildProcess, runIn, tcpRequest
#include "ssh/agent_deployer.h"
#include "ssh/agent_identity.h"
#include "ssh/ssh_session.h"
#include "ssh_test_nodes.h" // tests/e2e/ssh
#ifdef STUDIO_WITH_NODES_PANEL
#include "nodes/node_table_model.h"
#include "nodes/nodes_panel.h"

#include <QApplication>
#include <QLineEdit>
#endif

#include <QCoreApplication>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <sys/stat.h>
#include <thread>

using namespace studio;
using namespace std::chrono_literals;
namespace netns = studio::test::netns;

namespace {

constexpr int kRelayPort = 6443;
constexpr const char *kBackendIp = "10.199.100.1"; // on the client namespace's lo
constexpr int kBackendPort = 8080;

struct World
{
    e2e::TestNodes nodes;
    test::TestCluster cluster;
    std::vector<std::unique_ptr<netns::ChildProcess>> children; // relays, echo server
    std::string skip;                                           // why the tests cannot run here
    std::string error; // set when the world could not be built
    AgentCredentials credentials;
    std::string knownHosts;
    AgentBundle bundle;
    std::unique_ptr<ApiServerBackend> admin;
    bool deployed = false;
    bool synced = false;
    std::string clusterIp; // of the echo Service
};

World *g_world = nullptr;

std::string bundleDir()
{
    const char *env = std::getenv("STUDIO_AGENT_BUNDLE");
    return env && *env ? env : STUDIO_REAL_AGENT_BUNDLE;
}

// As many nodes as run_in_netns.sh made (--nodes N), at least 3.
int nodeCount()
{
    const char *env = std::getenv("SSH_E2E_NODES");
    return std::max(3, env ? std::atoi(env) : 3);
}

std::string nodeName(const e2e::TestNode &n)
{
    return "deploy-node" + std::to_string(n.index);
}

DeployOptions deployOptionsFor(const e2e::TestNode &n)
{
    DeployOptions d;
    d.prefix = n.dir + "/opt"; // the nodes share one filesystem
    d.serviceMode = ServiceMode::Supervised;
    d.healthTimeout = 40s;
    d.hostnameOverride = nodeName(n);
    d.extraArgs = {"--cluster-cidr",
                   "10.244.0.0/16",
                   "--iptables-backend",
                   "legacy",
                   "--iptables-min-sync-period",
                   "100ms"};
    return d;
}

SshOptions sshOptions(const std::string &knownHosts, bool acceptNew)
{
    SshOptions o;
    o.knownHostsFile = knownHosts;
    o.configFile = "none";
    o.connectTimeout = 10s;
    o.commandTimeout = 120s;
    if (acceptNew)
        o.confirmUnknownHost = [](const UnknownHostKey &) { return true; };
    return o;
}

SshAuth keyAuth(const std::string &key)
{
    SshAuth a;
    a.useAgent = false;
    a.identityFiles = {key};
    return a;
}

// Every KUBE- line of both iptables backends' nat and filter tables in a node namespace.
std::string kubeLines(const std::string &ns)
{
    std::string found;
    for (const char *tool : {"iptables-legacy-save", "iptables-nft-save"})
        for (const char *table : {"nat", "filter"}) {
            const netns::RunResult r = netns::runIn(ns, {tool, "-t", table});
            std::istringstream in(r.output);
            for (std::string line; std::getline(in, line);)
                if (line.find("KUBE-") != std::string::npos)
                    found += std::string(tool) + " " + table + ": " + line + "\n";
        }
    return found;
}

// We run in run_in_netns.sh's client namespace (never the host's): /proc/self/ns/net is the
// namespace ip-netns named "<prefix>c" (/proc/1 may not be readable here, so compare with that).
bool inClientNetns()
{
    const char *prefix = std::getenv("SSH_E2E_NS_PREFIX");
    if (!prefix || !*prefix)
        return false;
    struct stat self
    {
    }, client{};
    return ::stat("/proc/self/ns/net", &self) == 0
           && ::stat(("/run/netns/" + std::string(prefix) + "c").c_str(), &client) == 0
           && self.st_ino == client.st_ino && self.st_dev == client.st_dev;
}

bool buildWorld(World &w)
{
    if (!e2e::TestNodes::available(&w.skip))
        return false;
    if (!inClientNetns()) {
        w.skip = "not inside a test network namespace";
        return false;
    }
    auto bundle = loadAgentBundle(bundleDir());
    if (!bundle) {
        w.error = "the real agent bundle (" + bundleDir() + "): " + bundle.error().message;
        return false;
    }
    w.bundle = bundle.value();
    std::string error;
    if (!w.nodes.start(nodeCount(), &error)) {
        w.error = "test nodes: " + error;
        return false;
    }
    w.knownHosts = w.nodes.workDir() + "/known_hosts.deploy";
    // The backend's address on our (client) namespace's lo, and a default route on every node
    // to us: a node's own connection to a ClusterIP needs a route before the OUTPUT DNAT.
    if (netns::run({"ip", "addr", "add", std::string(kBackendIp) + "/32", "dev", "lo"}).exitCode
        != 0) {
        w.error = "cannot add the backend address";
        return false;
    }
    for (const e2e::TestNode &n : w.nodes.nodes()) {
        const netns::RunResult r = netns::runIn(
            n.ns,
            {"ip", "route", "add", "default", "via", "10.199." + std::to_string(n.index) + ".1"});
        if (!r.ok()) {
            w.error = "route in " + n.ns + ": " + r.output;
            return false;
        }
    }
    const std::string logDir = w.nodes.workDir() + "/logs";
    std::filesystem::create_directories(logDir);
    auto echo = std::make_unique<netns::ChildProcess>();
    if (!echo->start(
            {STUDIO_ECHO_SERVER, "--name", "backend", "--tcp", std::to_string(kBackendPort)},
            logDir + "/echo.log",
            error,
            "ready")) {
        w.error = "echo server: " + error;
        return false;
    }
    w.children.push_back(std::move(echo));

    std::fprintf(stderr, "# deploy e2e: starting the real test cluster...\n");
    if (!w.cluster.start({}, error)) {
        w.error = "cluster: " + error;
        return false;
    }
    std::fprintf(stderr,
                 "# deploy e2e: cluster up at %s in %.1f s\n",
                 w.cluster.env("APISERVER_URL").c_str(),
                 w.cluster.startSeconds());
    const std::string apiPort = w.cluster.env("APISERVER_PORT");
    for (const e2e::TestNode &n : w.nodes.nodes()) {
        auto relay = std::make_unique<netns::ChildProcess>();
        if (!relay->start({STUDIO_NETNS_RELAY,
                           "--netns",
                           n.ns,
                           "--listen",
                           "127.0.0.1:" + std::to_string(kRelayPort),
                           "--connect",
                           "127.0.0.1:" + apiPort},
                          logDir + "/relay-" + std::to_string(n.index) + ".log",
                          error,
                          "ready")) {
            w.error = "relay: " + error;
            return false;
        }
        w.children.push_back(std::move(relay));
    }
    w.admin = test::adminBackend();
    if (!w.admin) {
        w.error = "no admin client";
        return false;
    }
    // The Node objects a kubelet would register (name = --hostname-override).
    for (const e2e::TestNode &n : w.nodes.nodes()) {
        KubeNode kn;
        kn.metadata.name = nodeName(n);
        kn.addresses = {{"InternalIP", n.addr}, {"Hostname", nodeName(n)}};
        auto r = test::await<KubeObject>([&](auto cb) { w.admin->create(kn, false, cb); });
        if (!r && r.error().reason != "AlreadyExists") {
            w.error = "create node: " + r.error().toString();
            return false;
        }
    }
    // The agent's least-privilege identity and its token.
    std::optional<Result<AgentCredentials>> got;
    ensureAgentIdentity(
        w.admin->client(), {}, [&](Result<AgentCredentials> r) { got = std::move(r); });
    if (!test::waitFor([&] { return got.has_value(); }, 90'000) || !got->ok()) {
        w.error = "agent identity: " + (got ? got->error().message : std::string("timeout"));
        return false;
    }
    w.credentials = got->value();
    return true;
}

class DeployE2e : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (!g_world->skip.empty())
            GTEST_SKIP() << g_world->skip;
        ASSERT_TRUE(g_world->error.empty()) << g_world->error;
    }
    World &w() { return *g_world; }
    const std::vector<e2e::TestNode> &nodes() { return g_world->nodes.nodes(); }

    ParallelDeployRequest request(DeployAction action)
    {
        ParallelDeployRequest r;
        for (const e2e::TestNode &n : nodes())
            r.targets.push_back({"root", n.addr, 22});
        r.ssh = sshOptions(w().knownHosts, true);
        r.auth = keyAuth(w().nodes.clientKey());
        r.deployFor = [this](size_t i, const SshTarget &) {
            DeployOptions d = deployOptionsFor(nodes().at(i));
            d.connection = AgentConnection{"https://127.0.0.1:" + std::to_string(kRelayPort),
                                           w().credentials.token,
                                           w().credentials.caPem,
                                           false};
            return d;
        };
        r.action = action;
        r.bundle = &w().bundle;
        r.parallel = int(nodes().size());
        return r;
    }

    Result<AgentStatus> statusOf(size_t i)
    {
        auto s = SshSession::connect({"root", nodes().at(i).addr, 22},
                                     sshOptions(w().knownHosts, false),
                                     keyAuth(w().nodes.clientKey()));
        if (!s)
            return s.error();
        AgentDeployer d(**s, deployOptionsFor(nodes().at(i)));
        return d.status();
    }
};

TEST_F(DeployE2e, RealBundleDeploysToEveryNodeInParallel)
{
    std::mutex m;
    std::map<size_t, int> lastPercent;
    const auto t0 = std::chrono::steady_clock::now();
    auto results = deployToHosts(request(DeployAction::Install),
                                 [&](size_t i, const SshTarget &, const DeployProgress &p) {
                                     std::lock_guard lock(m);
                                     lastPercent[i] = std::max(lastPercent[i], p.percent);
                                 });
    const double secs
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_EQ(results.size(), nodes().size());
    bool all = true;
    for (size_t i = 0; i < results.size(); ++i) {
        const HostDeployResult &r = results[i];
        ASSERT_TRUE(r.result.ok()) << r.target.toString() << ": " << r.result.error().code << ": "
                                   << r.result.error().message;
        EXPECT_TRUE(r.result->installed);
        EXPECT_TRUE(r.result->running);
        EXPECT_TRUE(r.result->healthy) << r.result->healthz;
        EXPECT_EQ(r.result->version, w().bundle.version);
        EXPECT_EQ(r.result->prefix, nodes()[i].dir + "/opt");
        EXPECT_EQ(r.result->proxyMode, "iptables");
        EXPECT_GE(r.bytesUploaded, w().bundle.size) << "the tarball went up whole";
        EXPECT_LT(r.bytesUploaded, w().bundle.size + 64 * 1024) << "and little else";
        EXPECT_EQ(lastPercent[i], 100);
        // The agent runs as the real binary of the bundle, from this node's prefix.
        const std::string pidFile = nodes()[i].dir + "/opt/run/agent.pid";
        const std::string pid = e2e::readFile(pidFile);
        ASSERT_FALSE(pid.empty()) << pidFile;
        const std::string exe
            = std::filesystem::read_symlink("/proc/" + std::to_string(std::stoi(pid)) + "/exe")
                  .string();
        EXPECT_EQ(exe.rfind(nodes()[i].dir + "/opt/releases/", 0), 0u) << exe;
        std::fprintf(stderr,
                     "# deploy e2e: %s: %llu bytes uploaded in %.1f s\n",
                     r.target.toString().c_str(),
                     static_cast<unsigned long long>(r.bytesUploaded),
                     double(r.elapsed.count()) / 1000.0);
        all = all && r.result.ok();
    }
    std::fprintf(stderr,
                 "# deploy e2e: real bundle %s (%llu bytes) on %zu nodes in parallel: %.1f s\n",
                 w().bundle.version.c_str(),
                 static_cast<unsigned long long>(w().bundle.size),
                 nodes().size(),
                 secs);
    w().deployed = all;
}

TEST_F(DeployE2e, AgentsSyncFromTheClusterAndTheClusterIpWorksOnEveryNode)
{
    ASSERT_TRUE(w().deployed) << "needs the deployment of the previous test";
    ASSERT_TRUE(test::createNamespace(*w().admin, "deploy-e2e", false));
    Service s;
    s.metadata.name = "echo";
    s.metadata.namespace_ = "deploy-e2e";
    s.spec.type = "ClusterIP";
    ServicePort port;
    port.name = "tcp";
    port.protocol = "TCP";
    port.port = 80;
    port.targetPort = IntOrString::fromInt(kBackendPort);
    s.spec.ports = {port};
    auto created = test::await<KubeObject>([&](auto cb) { w().admin->create(s, false, cb); });
    ASSERT_TRUE(created.ok()) << created.error().toString();
    const std::string clusterIp = std::get<Service>(*created).spec.clusterIP;
    ASSERT_FALSE(clusterIp.empty());
    w().clusterIp = clusterIp;
    Endpoints ep;
    ep.metadata.name = "echo";
    ep.metadata.namespace_ = "deploy-e2e";
    EndpointSubset subset;
    subset.addresses = {{kBackendIp, "", std::nullopt, std::nullopt}};
    subset.ports = {{"tcp", kBackendPort, "TCP", std::nullopt}};
    ep.subsets = {subset};
    auto epCreated = test::await<KubeObject>([&](auto cb) { w().admin->create(ep, false, cb); });
    ASSERT_TRUE(epCreated.ok()) << epCreated.error().toString();

    for (size_t i = 0; i < nodes().size(); ++i) {
        const e2e::TestNode &n = nodes()[i];
        netns::Reply reply;
        for (int attempt = 0; attempt < 60; ++attempt) { // up to ~30 s for the agent's sync
            reply = netns::tcpRequest(n.ns, clusterIp, 80);
            if (reply.outcome == netns::Outcome::Answer)
                break;
            std::this_thread::sleep_for(500ms);
        }
        ASSERT_EQ(reply.outcome, netns::Outcome::Answer)
            << n.ns << " -> " << clusterIp << ":80: " << reply.toString() << "\nnat:\n"
            << netns::runIn(n.ns, {"iptables-legacy-save", "-t", "nat"}).output << "\nagent log:\n"
            << e2e::readFile(n.dir + "/opt/log/agent.log");
        EXPECT_EQ(reply.pod, "backend");
        EXPECT_EQ(reply.serverPort, kBackendPort) << "reached on the targetPort";
        EXPECT_EQ(reply.clientIp, n.addr) << "from the node itself";
        // The rules are the agent's: its chain for this Service exists.
        EXPECT_NE(kubeLines(n.ns).find("deploy-e2e/echo:tcp"), std::string::npos);
        auto st = statusOf(i);
        ASSERT_TRUE(st.ok()) << st.error().message;
        EXPECT_TRUE(st->healthy);
        EXPECT_FALSE(st->lastSync.empty()) << st->healthz;
    }
    w().synced = true;
}

#ifdef STUDIO_WITH_NODES_PANEL
// The nodes panel on the same world: Import reads the cluster's Node objects (InternalIP), and
// Deploy / Upgrade through the panel re-installs the real bundle on the three nodes in
// parallel, making the agent's identity itself (core/ssh/agent_identity) with the apiserver
// address given for the agents; the rows then show the real agents' version, proxy mode and
// last sync, and the ClusterIP still works.
TEST_F(DeployE2e, NodesPanelImportsTheClusterNodesAndUpgradesThem)
{
    ASSERT_TRUE(w().synced) << "needs the agents of the previous tests";
    views::NodesPanel panel;
    SshOptions ssh = sshOptions(w().knownHosts, false);
    panel.setSshOptions(ssh);
    DeployOptions defaults = deployOptionsFor(nodes().at(0));
    defaults.prefix.clear();
    defaults.hostnameOverride.clear();
    panel.setDeployDefaults(defaults);
    panel.setBundleDir(QString::fromStdString(bundleDir()));
    panel.setIdentityFile(QString::fromStdString(w().nodes.clientKey()));
    panel.setUseSshAgent(false);
    panel.setBackend(w().admin.get());
    panel.findChild<QLineEdit *>(QStringLiteral("apiserverEdit"))
        ->setText(QStringLiteral("https://127.0.0.1:%1").arg(kRelayPort));

    int imported = -1;
    QObject::connect(&panel, &views::NodesPanel::imported, [&](int n) { imported = n; });
    panel.importFromCluster();
    ASSERT_TRUE(test::waitFor([&] { return imported >= 0; }, 30'000))
        << panel.statusText().toStdString();
    EXPECT_EQ(imported, int(nodes().size()));
    views::NodeTableModel &model = *panel.model();
    ASSERT_EQ(model.rowCount(), int(nodes().size()));
    std::vector<int> rows;
    for (const e2e::TestNode &n : nodes()) {
        // Imported with no user and port: those come from the ssh config, else root and 22.
        const int r = model.findNode(QString::fromStdString(n.addr));
        ASSERT_GE(r, 0) << n.addr << " imported from its InternalIP";
        EXPECT_EQ(model.node(r).name.toStdString(), nodeName(n));
        model.setPrefix(r, QString::fromStdString(n.dir + "/opt"));
        rows.push_back(r);
    }
    const std::string oldPid = e2e::readFile(nodes().at(0).dir + "/opt/run/agent.pid");
    bool finished = false;
    QObject::connect(&panel, &views::NodesPanel::operationFinished, [&] { finished = true; });
    ASSERT_TRUE(panel.run(views::NodesPanel::Action::Deploy, rows))
        << panel.statusText().toStdString();
    ASSERT_TRUE(test::waitFor([&] { return finished; }, 150'000))
        << panel.statusText().toStdString();
    for (int r : rows) {
        const views::NodeEntry &e = model.node(r);
        ASSERT_TRUE(e.errorCode.isEmpty())
            << e.host.toStdString() << ": " << e.errorCode.toStdString() << ": "
            << e.errorMessage.toStdString();
        EXPECT_TRUE(e.status.healthy) << e.status.healthz;
        EXPECT_EQ(model.data(model.index(r, views::NodeTableModel::VersionColumn))
                      .toString()
                      .toStdString(),
                  w().bundle.version);
        EXPECT_EQ(model.data(model.index(r, views::NodeTableModel::ProxyModeColumn)).toString(),
                  QStringLiteral("iptables"));
        EXPECT_FALSE(
            model.data(model.index(r, views::NodeTableModel::LastSyncColumn)).toString().isEmpty())
            << e.status.healthz;
    }
    EXPECT_NE(e2e::readFile(nodes().at(0).dir + "/opt/run/agent.pid"), oldPid)
        << "a new agent runs";
    for (const e2e::TestNode &n : nodes()) {
        netns::Reply reply;
        for (int attempt = 0; attempt < 60; ++attempt) {
            reply = netns::tcpRequest(n.ns, w().clusterIp, 80);
            if (reply.outcome == netns::Outcome::Answer)
                break;
            std::this_thread::sleep_for(500ms);
        }
        EXPECT_EQ(reply.outcome, netns::Outcome::Answer) << n.ns << ": " << reply.toString();
    }
}
#endif

TEST_F(DeployE2e, WrongKeyAndChangedHostKeyAreRefused)
{
    ASSERT_TRUE(w().deployed);
    const e2e::TestNode &n = nodes().at(1);
    auto wrong = SshSession::connect(
        {"root", n.addr, 22}, sshOptions(w().knownHosts, false), keyAuth(w().nodes.wrongKey()));
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, "ssh-auth-denied");
    EXPECT_NE(wrong.error().message.find("permission denied for"), std::string::npos)
        << wrong.error().message;

    const std::string before = e2e::readFile(n.dir + "/opt/run/agent.pid");
    std::string error;
    ASSERT_TRUE(w().nodes.regenerateHostKey(1, &error)) << error;
    ParallelDeployRequest r = request(DeployAction::Uninstall);
    r.targets = {r.targets.at(1)};
    r.deployFor = [this](size_t, const SshTarget &) { return deployOptionsFor(nodes().at(1)); };
    auto results = deployToHosts(r);
    ASSERT_EQ(results.size(), 1u);
    ASSERT_FALSE(results[0].result.ok());
    EXPECT_EQ(results[0].result.error().code, "ssh-host-key-changed");
    EXPECT_NE(results[0].result.error().message.find("REMOTE HOST IDENTIFICATION HAS CHANGED"),
              std::string::npos)
        << results[0].result.error().message;
    EXPECT_NE(results[0].result.error().message.find("Refusing to connect"), std::string::npos);
    // Nothing happened on the node: same agent, still installed.
    EXPECT_EQ(e2e::readFile(n.dir + "/opt/run/agent.pid"), before);
    EXPECT_TRUE(std::filesystem::exists(n.dir + "/opt/current/bin/service-agent"));
    // The operator accepts the new key deliberately: the old line goes.
    ASSERT_EQ(e2e::sh("ssh-keygen -R " + n.addr + " -f '" + w().knownHosts + "' >/dev/null 2>&1"),
              0);
}

TEST_F(DeployE2e, UninstallLeavesNoKubeChainOnAnyNode)
{
    ASSERT_TRUE(w().deployed);
    for (const e2e::TestNode &n : nodes())
        EXPECT_NE(kubeLines(n.ns), "") << "the agent's rules are there before";
    auto results = deployToHosts(request(DeployAction::Uninstall));
    ASSERT_EQ(results.size(), nodes().size());
    for (size_t i = 0; i < results.size(); ++i) {
        const e2e::TestNode &n = nodes()[i];
        ASSERT_TRUE(results[i].result.ok())
            << results[i].target.toString() << ": " << results[i].result.error().message;
        EXPECT_EQ(results[i].result->prefix, n.dir + "/opt");
        EXPECT_FALSE(results[i].result->installed);
        EXPECT_EQ(kubeLines(n.ns), "") << n.ns;
        EXPECT_FALSE(std::filesystem::exists(n.dir + "/opt/current")) << "files removed";
        // And the ClusterIP no longer leads anywhere.
        if (w().synced) {
            EXPECT_NE(netns::tcpRequest(n.ns, w().clusterIp, 80).outcome, netns::Outcome::Answer);
        }
    }
}

} // namespace

namespace studio::test {
TestCluster &cluster()
{
    return g_world->cluster;
}
} // namespace studio::test

int main(int argc, char **argv)
{
#ifdef STUDIO_WITH_NODES_PANEL
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
#else
    QCoreApplication app(argc, argv);
#endif
    ::testing::InitGoogleTest(&argc, argv);
    World world;
    g_world = &world;
    const auto t0 = std::chrono::steady_clock::now();
    if (!buildWorld(world) && world.skip.empty())
        std::fprintf(stderr, "\n*** deploy e2e: SETUP FAILED: %s\n\n", world.error.c_str());
    std::fprintf(stderr,
                 "# deploy e2e: world ready in %.1f s\n",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    const int rc = RUN_ALL_TESTS();
    world.admin.reset();
    world.nodes.stopAll(); // agents left by a failed test (pid files), then sshd
    world.children.clear();
    world.cluster.stop(rc != 0);
    g_world = nullptr;
    return rc;
}
