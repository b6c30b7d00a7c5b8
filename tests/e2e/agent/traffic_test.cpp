// SPDX-License-Identifier: GPL-3.0-or-later
// service-agent with real packets (issue 5's Proof): the agent runs inside each node namespace
// against the real cluster; Services, Pods (status set by hand: no kubelet) and Endpoints (from
// the real endpoints controller) are created through the API; the echo servers in the pod
// namespaces tell which endpoint a connection reached and which source address it saw.
//
// Every test runs once per iptables backend ("legacy", then "nft"; STUDIO_AGENT_E2E_BACKENDS).
// The agents are started by the first test of a backend and kept running; a test that needs
// other flags restarts them (the next test restores the defaults). The last two tests of a
// backend kill and restart the agents, then stop them and run --cleanup: keep them last.
#include "agent_e2e_support.h"

#include "apiserver/api_client.h"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <set>
#include <sstream>
#include <thread>

namespace studio::test {

namespace {

using namespace netns;
using namespace std::chrono_literals;

// {backend} when STUDIO_AGENT_E2E_BACKENDS (default "legacy,nft,nftables,userspace") names it,
// else {}. "legacy" and "nft" are the agent's iptables mode on that iptables backend;
// "nftables" is --proxy-mode nftables (its own nftables table; foreign chains are made with
// iptables-nft); "userspace" is --proxy-mode userspace on iptables-legacy (the Traffic tests,
// asserting the userspace behaviour where the mode differs, and its own: UserspaceTraffic).
std::vector<std::string> backendsToTest(const std::string &backend)
{
    const char *env = std::getenv("STUDIO_AGENT_E2E_BACKENDS");
    std::string list = env && *env ? env : "legacy,nft,nftables,userspace";
    std::stringstream ss(list);
    std::string b;
    while (std::getline(ss, b, ','))
        if (b == backend)
            return {backend};
    return {};
}

std::string iptablesBinary(const std::string &backend, const std::string &tool = "")
{
    // iptables-legacy, iptables-nft-save; the nftables mode's foreign rules use iptables-nft.
    const std::string b = backend == "nftables"    ? std::string("nft")
                          : backend == "userspace" ? std::string("legacy")
                                                   : backend;
    return "iptables-" + b + tool;
}

bool nftablesMode(const std::string &backend)
{
    return backend == "nftables";
}

bool userspaceMode(const std::string &backend)
{
    return backend == "userspace";
}

// The agent's flags for a backend name.
std::vector<std::string> modeFlags(const std::string &backend)
{
    if (nftablesMode(backend))
        return {"--proxy-mode", "nftables"};
    if (userspaceMode(backend))
        return {"--proxy-mode", "userspace", "--iptables-backend", "legacy"};
    return {"--iptables-backend", backend};
}

// The rules of one table, one per line, without comments and counters (sorted: a multiset).
std::vector<std::string>
savedRules(const std::string &node, const std::string &backend, const std::string &table)
{
    const RunResult r = nftablesMode(backend)
                            ? runIn(node, {"nft", "list", "table", "ip", "service-studio"})
                            : runIn(node, {iptablesBinary(backend, "-save"), "-t", table});
    std::vector<std::string> out;
    std::istringstream lines(r.output);
    std::string l;
    while (std::getline(lines, l)) {
        if (l.empty() || l[0] == '#')
            continue;
        if (l[0] == ':')
            l = l.substr(0, l.find(' '));
        out.push_back(l);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string joined(const std::vector<std::string> &lines)
{
    std::string s;
    for (const auto &l : lines)
        s += l + "\n";
    return s;
}

// The agents of all nodes, for one backend and a set of extra flags per node.
class Agents
{
public:
    struct Config
    {
        std::string backend;
        std::map<int, std::vector<std::string>> extra; // node index -> flags
        bool operator==(const Config &) const = default;
    };

    ~Agents() { stopAll(); }

    const Config &config() const { return m_config; }
    bool running(int node) { return m_procs.count(node) && m_procs[node]->running(); }
    pid_t pid(int node) { return m_procs.count(node) ? m_procs[node]->pid() : -1; }

    // Agents running with `c` (restarted where the flags differ). When the backend changes the
    // old one's rules are removed first (--cleanup), so that the two never mix.
    bool ensure(const Config &c, std::string &error)
    {
        const Testbed &tb = world().testbed;
        if (!m_config.backend.empty() && m_config.backend != c.backend) {
            stopAll();
            for (size_t n = 0; n < tb.nodes().size(); ++n) {
                const RunResult r = cleanup(int(n), m_config.backend);
                if (!r.ok()) {
                    error = "--cleanup (" + m_config.backend + ") on " + tb.nodes()[n].name + ": "
                            + r.output;
                    return false;
                }
            }
        }
        const std::string previousBackend = m_config.backend;
        for (size_t n = 0; n < tb.nodes().size(); ++n) {
            const int i = int(n);
            const auto want = c.extra.count(i) ? c.extra.at(i) : std::vector<std::string>{};
            const auto have
                = m_config.extra.count(i) ? m_config.extra.at(i) : std::vector<std::string>{};
            if (running(i) && previousBackend == c.backend && want == have)
                continue;
            stop(i);
            if (!start(i, c.backend, want, error))
                return false;
        }
        m_config = c;
        return true;
    }

    bool start(int node,
               const std::string &backend,
               const std::vector<std::string> &extra,
               std::string &error)
    {
        const AgentE2eWorld &w = world();
        const NodeNs &n = w.testbed.nodes()[size_t(node)];
        std::vector<std::string> argv = {"ip",
                                         "netns",
                                         "exec",
                                         n.name,
                                         w.agentBinary,
                                         "--kubeconfig",
                                         w.kubeconfigs.at(n.name),
                                         "--hostname-override",
                                         n.name,
                                         "--cluster-cidr",
                                         "10.244.0.0/16",
                                         "--iptables-min-sync-period",
                                         "100ms",
                                         "--healthz-bind-address",
                                         "0.0.0.0:10256",
                                         "--metrics-bind-address",
                                         "127.0.0.1:10249"};
        const auto mode = modeFlags(backend);
        argv.insert(argv.end(), mode.begin(), mode.end());
        argv.insert(argv.end(), extra.begin(), extra.end());
        auto p = std::make_unique<ChildProcess>();
        if (!p->start(argv, w.logDir + "/agent-" + n.name + ".log", error))
            return false;
        m_procs[node] = std::move(p);
        // Its first sync: the KUBE-SERVICES chain in nat (bounded).
        for (int i = 0; i < 300; ++i) {
            if (!m_procs[node]->running()) {
                error = "service-agent on " + n.name + " exited; see " + w.logDir + "/agent-"
                        + n.name + ".log";
                return false;
            }
            if (nftablesMode(backend)) {
                const RunResult nft = runIn(n.name, {"nft", "list", "table", "ip", "service-studio"});
                if (nft.output.find("chain services") != std::string::npos)
                    return true;
                std::this_thread::sleep_for(100ms);
                continue;
            }
            const RunResult save = runIn(n.name, {iptablesBinary(backend, "-save"), "-t", "nat"});
            if (save.output.find(userspaceMode(backend) ? ":KUBE-PORTALS-CONTAINER"
                                                        : ":KUBE-SERVICES")
                != std::string::npos)
                return true;
            std::this_thread::sleep_for(100ms);
        }
        error = "service-agent on " + n.name + " wrote no KUBE-SERVICES chain in 30 s";
        return false;
    }

    void stop(int node)
    {
        if (m_procs.count(node)) {
            m_procs[node]->stop(5000ms);
            m_procs.erase(node);
        }
    }
    void kill(int node)
    {
        if (m_procs.count(node)) {
            m_procs[node]->kill(SIGKILL);
            m_procs.erase(node);
        }
    }
    void stopAll()
    {
        for (auto &[n, p] : m_procs)
            p->stop(5000ms);
        m_procs.clear();
    }
    // Stopped and cleaned up by a test: the next ensure() starts from clean tables.
    void forget() { m_config = {}; }

    RunResult cleanup(int node, const std::string &backend)
    {
        const NodeNs &n = world().testbed.nodes()[size_t(node)];
        if (nftablesMode(backend))
            return runIn(n.name, {world().agentBinary, "--cleanup"});
        return runIn(n.name, {world().agentBinary, "--cleanup", "--iptables-backend",
                              userspaceMode(backend) ? std::string("legacy") : backend});
    }

private:
    Config m_config;
    std::map<int, std::unique_ptr<ChildProcess>> m_procs;
};

Agents &agents()
{
    static Agents *a = [] {
        auto *p = new Agents;
        addWorldTeardownHook([p] { p->stopAll(); });
        return p;
    }();
    return *a;
}

ServicePort tcpPort(int32_t port, IntOrString target, const std::string &name = {})
{
    ServicePort p;
    p.name = name;
    p.protocol = protocol::TCP;
    p.port = port;
    p.targetPort = std::move(target);
    return p;
}

ServicePort udpPort(int32_t port, IntOrString target, const std::string &name = {})
{
    ServicePort p = tcpPort(port, std::move(target), name);
    p.protocol = protocol::UDP;
    return p;
}

int g_namespaceCounter = 0;

class Traffic : public ::testing::TestWithParam<std::string>
{
protected:
    const Testbed &tb() const { return world().testbed; }
    const NodeNs &node(int i) const { return tb().nodes()[size_t(i)]; }
    const PodNs &pod(const std::string &name) const { return *tb().pod(name); }
    const ClientNs &out(int i) const { return tb().outside()[size_t(i)]; }
    std::set<std::string> nodeAddresses(int i) const { return {node(i).ip, node(i).gatewayIp}; }
    // --proxy-mode userspace: the node's proxy connects to the endpoint, which therefore sees
    // an address of the node the client's packets reached, whoever the client is.
    bool userspace() const { return userspaceMode(GetParam()); }

    void SetUp() override
    {
        const AgentE2eWorld &w = world();
        if (!w.testbedError.empty())
            FAIL() << w.testbedError;
        if (w.agentBinary.empty())
            GTEST_SKIP() << "service-agent was not built (no target) and STUDIO_SERVICE_AGENT "
                            "is not set";
        if (!w.clusterError.empty())
            FAIL() << w.clusterError;
        std::string error;
        ASSERT_TRUE(agents().ensure({GetParam(), {}}, error)) << error;
        m_admin = adminBackend();
        ASSERT_TRUE(m_admin);
        m_admin->setPodDeleteGracePeriod(0);
        m_ns = GetParam() + "-" + std::to_string(++g_namespaceCounter);
        const auto t0 = std::chrono::steady_clock::now();
        ASSERT_TRUE(createNamespace(*m_admin, m_ns, true));
        const double took
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (took > 5)
            std::fprintf(stderr,
                         "# namespace %s: its ServiceAccount token took %.1f s\n",
                         m_ns.c_str(),
                         took);
    }

    void TearDown() override
    {
        if (!m_admin || m_ns.empty())
            return;
        if (HasFailure()) {
            dumpRules();
            // For a look at the live testbed: STUDIO_AGENT_E2E_PAUSE=SECONDS.
            if (const char *pause = std::getenv("STUDIO_AGENT_E2E_PAUSE")) {
                std::fprintf(
                    stderr, "# pausing %s s (namespaces %s*)\n", pause, tb().prefix().c_str());
                std::this_thread::sleep_for(std::chrono::seconds(std::atoi(pause)));
            }
        }
        for (ResourceKind kind : {ResourceKind::Service, ResourceKind::Pod}) {
            auto list = await<ObjectList>([&](auto cb) { m_admin->list(kind, m_ns, cb); });
            if (!list)
                continue;
            for (const auto &o : list->items) {
                std::string name;
                std::visit(
                    [&](const auto &v) {
                        if constexpr (requires { v.metadata.name; })
                            name = v.metadata.name;
                    },
                    o);
                static_cast<void>(
                    await<bool>([&](auto cb) { m_admin->remove(kind, m_ns, name, cb); }));
            }
        }
        static_cast<void>(
            await<bool>([&](auto cb) { m_admin->remove(ResourceKind::Namespace, "", m_ns, cb); }));
    }

    void dumpRules() const
    {
        if (nftablesMode(GetParam()))
            for (const auto &n : tb().nodes())
                std::fprintf(stderr, "---- %s nftables ----\n%s", n.name.c_str(),
                             runIn(n.name, {"nft", "list", "ruleset"}).output.c_str());
        for (const auto &n : tb().nodes())
            for (const char *table : {"nat", "filter"}) {
                const RunResult r
                    = runIn(n.name, {iptablesBinary(GetParam(), "-save"), "-t", table});
                std::fprintf(stderr,
                             "---- %s %s (%s) ----\n%s",
                             n.name.c_str(),
                             table,
                             GetParam().c_str(),
                             r.output.c_str());
            }
    }

    // ---- cluster objects ----

    // webPort: the container port named "web" (userspace tests point one at a dead port).
    void createPod(const std::string &name, const std::string &app, bool ready = true,
                   int webPort = kEchoTcpPort)
    {
        const PodNs &p = pod(name);
        Pod o;
        o.metadata.name = name;
        o.metadata.namespace_ = m_ns;
        o.metadata.labels["app"] = app;
        o.nodeName = node(p.node).name;
        Container c;
        c.name = "echo";
        c.image = "registry.invalid/echo:1";
        c.ports = {{"http", kEchoTcpPort, protocol::TCP, 0},
                   {"alt", kEchoAltTcpPort, protocol::TCP, 0},
                   {"dns", kEchoUdpPort, protocol::UDP, 0},
                   {"web", webPort, protocol::TCP, 0}};
        o.containers = {c};
        auto r = await<KubeObject>([&](auto cb) { m_admin->create(o, false, cb); });
        ASSERT_TRUE(r.ok()) << "create pod " << name << ": " << r.error().toString();
        setPodStatus(name, ready);
    }

    // No kubelet: the status subresource, as a kubelet would write it.
    void setPodStatus(const std::string &name, bool ready)
    {
        const PodNs &p = pod(name);
        const char *s = ready ? "True" : "False";
        ApiClient::Request req;
        req.method = "PATCH";
        req.path = ResourceRef::of(ResourceKind::Pod).path(m_ns, name) + "/status";
        req.contentType = "application/merge-patch+json";
        req.body = QByteArray::fromStdString(
            R"({"status":{"phase":"Running","hostIP":")" + node(p.node).ip + R"(","podIP":")" + p.ip
            + R"(","podIPs":[{"ip":")" + p.ip + R"("}],"conditions":[{"type":"Ready",)"
            + R"("status":")" + s + R"("},{"type":"ContainersReady","status":")" + s + R"("}]}})");
        auto r = await<ApiClient::Response>([&](auto cb) { m_admin->client().send(req, cb); });
        ASSERT_TRUE(r.ok()) << "pod status " << name << ": " << r.error().toString();
    }

    Service makeService(const std::string &name,
                        const std::string &app,
                        std::vector<ServicePort> ports,
                        const std::string &type = "ClusterIP")
    {
        Service s;
        s.metadata.name = name;
        s.metadata.namespace_ = m_ns;
        s.spec.selector = Labels{{"app", app}};
        s.spec.type = type;
        s.spec.ports = std::move(ports);
        return s;
    }

    // Creates it; the live object (clusterIP, nodePorts, healthCheckNodePort) back.
    Service create(const Service &s)
    {
        auto r = await<KubeObject>([&](auto cb) { m_admin->create(s, false, cb); });
        EXPECT_TRUE(r.ok()) << "create service " << s.metadata.name << ": "
                            << (r ? "" : r.error().toString());
        if (!r)
            return {};
        return std::get<Service>(*r);
    }

    void setLoadBalancerIp(const std::string &service, const std::string &ip)
    {
        ApiClient::Request req;
        req.method = "PATCH";
        req.path = ResourceRef::of(ResourceKind::Service).path(m_ns, service) + "/status";
        req.contentType = "application/merge-patch+json";
        req.body = QByteArray::fromStdString(R"({"status":{"loadBalancer":{"ingress":[{"ip":")" + ip
                                             + R"("}]}}})");
        auto r = await<ApiClient::Response>([&](auto cb) { m_admin->client().send(req, cb); });
        ASSERT_TRUE(r.ok()) << "service status " << service << ": " << r.error().toString();
    }

    // Waits until the controller's Endpoints hold `ready` ready and `notReady` unready addresses.
    bool waitEndpoints(const std::string &service,
                       size_t ready,
                       size_t notReady = 0,
                       Endpoints *out = nullptr)
    {
        Endpoints last;
        const bool ok = waitFor(
            [&] {
                auto r = await<KubeObject>(
                    [&](auto cb) { m_admin->get(ResourceKind::Endpoints, m_ns, service, cb); },
                    5000);
                if (!r)
                    return false;
                last = std::get<Endpoints>(*r);
                size_t a = 0, b = 0;
                for (const auto &s : last.subsets) {
                    a += s.addresses.size();
                    b += s.notReadyAddresses.size();
                }
                return a == ready && b == notReady;
            },
            30'000);
        if (out)
            *out = last;
        EXPECT_TRUE(ok) << "Endpoints " << m_ns << "/" << service << " never had " << ready
                        << " ready and " << notReady << " unready addresses";
        return ok;
    }

    // ---- traffic ----

    // Until a batch of requests is answered by `expected` pods only and (with coverAll) by
    // each of them — the rules are in. Bounded; false with the last batch's tally.
    bool waitForPods(const std::string &netns,
                     const std::string &ip,
                     int port,
                     const std::set<std::string> &expected,
                     bool udp = false,
                     bool coverAll = true,
                     std::chrono::milliseconds timeout = 30s)
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        std::set<std::string> seen;
        std::string last;
        const int batch = int(expected.size()) * 3 + 3;
        ClientOptions o;
        o.timeout = 700ms;
        while (std::chrono::steady_clock::now() < deadline) {
            const auto replies = udp ? udpRequests(netns, ip, port, batch, o)
                                     : tcpRequests(netns, ip, port, batch, o);
            bool good = true;
            for (const auto &r : replies)
                if (r.outcome != Outcome::Answer || !expected.count(r.pod))
                    good = false;
            last = describe(tally(replies));
            if (good) {
                for (const auto &r : replies)
                    seen.insert(r.pod);
                if (!coverAll || seen == expected)
                    return true;
            } else {
                seen.clear();
            }
            std::this_thread::sleep_for(100ms);
        }
        ADD_FAILURE() << netns << " -> " << ip << ":" << port << (udp ? "/udp" : "/tcp")
                      << " never reached exactly " << describe(expectedTally(expected))
                      << "; last batch: " << last;
        return false;
    }

    static std::map<std::string, int> expectedTally(const std::set<std::string> &s)
    {
        std::map<std::string, int> m;
        for (const auto &p : s)
            m[p] = 1;
        return m;
    }

    std::unique_ptr<ApiServerBackend> m_admin;
    std::string m_ns;
};

std::string nameOf(const ::testing::TestParamInfo<std::string> &info)
{
    return info.param;
}

// Extracts the number after "localEndpoints" in a kube-proxy health check answer.
int localEndpointsOf(const std::string &body)
{
    const size_t k = body.find("localEndpoints");
    if (k == std::string::npos)
        return -1;
    size_t i = body.find(':', k);
    if (i == std::string::npos)
        return -1;
    ++i;
    while (i < body.size() && body[i] == ' ')
        ++i;
    return std::atoi(body.c_str() + i);
}

} // namespace

// A ClusterIP spreads new connections over every ready endpoint, on both nodes, and never
// over an unready one: from a pod, from a node itself (OUTPUT) and from outside (forwarded).
TEST_P(Traffic, ClusterIpReachesEveryReadyEndpointAndOnlyThose)
{
    for (const char *p : {"n1a", "n1b", "n2a"})
        createPod(p, "spread");
    createPod("n2b", "spread", false);
    const Service s = create(
        makeService("spread", "spread", {tcpPort(80, IntOrString::fromInt(kEchoTcpPort))}));
    ASSERT_FALSE(s.spec.clusterIP.empty());
    ASSERT_TRUE(waitEndpoints("spread", 3, 1));
    const std::set<std::string> ready = {"n1a", "n1b", "n2a"};
    const std::string vip = s.spec.clusterIP;
    ASSERT_TRUE(waitForPods(pod("n1c").netns, vip, 80, ready));
    ASSERT_TRUE(waitForPods(pod("n2c").netns, vip, 80, ready)); // each node syncs on its own

    const auto replies = tcpRequests(pod("n1c").netns, vip, 80, 90);
    const auto t = tally(replies);
    EXPECT_EQ(t.size(), 3u) << describe(t);
    for (const auto &p : ready) {
        const int n = t.count(p) ? t.at(p) : 0;
        EXPECT_GE(n, 14) << p << " got " << n << " of 90 (< 15 %): " << describe(t);
        EXPECT_LE(n, 49) << p << " got " << n << " of 90 (> 55 %): " << describe(t);
    }
    EXPECT_EQ(t.count("n2b"), 0u) << "the unready endpoint got traffic: " << describe(t);
    for (const auto &r : replies) {
        if (r.outcome == Outcome::Answer) {
            EXPECT_EQ(r.serverPort, kEchoTcpPort) << r.toString();
        }
    }

    for (const std::string &client : {node(1).name, out(0).netns}) {
        const auto more = tcpRequests(client, vip, 80, 15);
        for (const auto &r : more) {
            EXPECT_EQ(r.outcome, Outcome::Answer) << client << ": " << r.toString();
            EXPECT_TRUE(ready.count(r.pod)) << client << ": " << r.toString();
        }
    }
}

TEST_P(Traffic, NamedTargetPortResolvesToTheContainerPort)
{
    createPod("n1a", "named");
    createPod("n2a", "named");
    const Service s = create(
        makeService("named", "named", {tcpPort(81, IntOrString::fromString("alt"), "web")}));
    Endpoints ep;
    ASSERT_TRUE(waitEndpoints("named", 2, 0, &ep));
    ASSERT_FALSE(ep.subsets.empty());
    EXPECT_EQ(ep.subsets[0].ports.at(0).port, kEchoAltTcpPort);
    ASSERT_TRUE(waitForPods(pod("n2c").netns, s.spec.clusterIP, 81, {"n1a", "n2a"}));
    for (const auto &r : tcpRequests(pod("n2c").netns, s.spec.clusterIP, 81, 20)) {
        ASSERT_EQ(r.outcome, Outcome::Answer) << r.toString();
        EXPECT_EQ(r.serverPort, kEchoAltTcpPort)
            << "targetPort \"alt\" is " << kEchoAltTcpPort << ": " << r.toString();
    }
}

TEST_P(Traffic, UnreadyEndpointStopsReceivingAndReadyAgainReceives)
{
    for (const char *p : {"n1a", "n1b", "n2a"})
        createPod(p, "flip");
    const Service s
        = create(makeService("flip", "flip", {tcpPort(80, IntOrString::fromInt(kEchoTcpPort))}));
    ASSERT_TRUE(waitEndpoints("flip", 3));
    const std::string client = out(0).netns;
    ASSERT_TRUE(waitForPods(client, s.spec.clusterIP, 80, {"n1a", "n1b", "n2a"}));

    setPodStatus("n1b", false);
    ASSERT_TRUE(waitEndpoints("flip", 2, 1));
    ASSERT_TRUE(waitForPods(client, s.spec.clusterIP, 80, {"n1a", "n2a"}));
    const auto t = tally(tcpRequests(client, s.spec.clusterIP, 80, 40));
    EXPECT_EQ(t.count("n1b"), 0u) << describe(t);
    EXPECT_EQ(t.size(), 2u) << describe(t);

    setPodStatus("n1b", true);
    ASSERT_TRUE(waitEndpoints("flip", 3));
    EXPECT_TRUE(waitForPods(client, s.spec.clusterIP, 80, {"n1a", "n1b", "n2a"}));
}

TEST_P(Traffic, SessionAffinityClientIpSticksAndExpires)
{
    for (const char *p : {"n1a", "n1b", "n2a"})
        createPod(p, "sticky");
    Service spec
        = makeService("sticky", "sticky", {tcpPort(80, IntOrString::fromInt(kEchoTcpPort))});
    spec.spec.sessionAffinity = "ClientIP";
    spec.spec.sessionAffinityConfig = SessionAffinityConfig{ClientIPConfig{3}};
    const Service s = create(spec);
    ASSERT_TRUE(waitEndpoints("sticky", 3));
    const std::set<std::string> all = {"n1a", "n1b", "n2a"};
    const std::string vip = s.spec.clusterIP;
    ASSERT_TRUE(waitForPods(pod("n1c").netns, vip, 80, all, false, /*coverAll=*/false));
    ASSERT_TRUE(waitForPods(pod("n2c").netns, vip, 80, all, false, /*coverAll=*/false));

    for (const std::string &client : {pod("n1c").netns, pod("n2c").netns, out(0).netns}) {
        const auto t = tally(tcpRequests(client, vip, 80, 20));
        EXPECT_EQ(t.size(), 1u) << client << " was not kept on one endpoint: " << describe(t);
    }
    const std::string first = tcpRequest(pod("n1c").netns, vip, 80).pod;
    ASSERT_TRUE(all.count(first));
    std::this_thread::sleep_for(1500ms); // within timeoutSeconds (3): still the same
    EXPECT_EQ(tcpRequest(pod("n1c").netns, vip, 80).pod, first);

    // After 3 s without a connection the choice is random again: within a few rounds (each
    // 1/3 likely to pick the same endpoint once more) another endpoint answers.
    std::string current = first;
    bool moved = false;
    for (int round = 0; round < 8 && !moved; ++round) {
        std::this_thread::sleep_for(3600ms);
        const Reply r = tcpRequest(pod("n1c").netns, vip, 80);
        ASSERT_EQ(r.outcome, Outcome::Answer) << r.toString();
        moved = r.pod != current;
        current = r.pod;
    }
    EXPECT_TRUE(moved) << "the affinity to " << first << " never expired in 8 rounds of 3.6 s";
}

TEST_P(Traffic, NodePortWorksFromAnotherNodeAPodAndOutside)
{
    createPod("n1a", "np");
    createPod("n2a", "np");
    const Service s = create(
        makeService("np", "np", {tcpPort(80, IntOrString::fromInt(kEchoTcpPort))}, "NodePort"));
    ASSERT_EQ(s.spec.ports.size(), 1u);
    const int np = s.spec.ports[0].nodePort;
    ASSERT_GT(np, 0);
    ASSERT_TRUE(waitEndpoints("np", 2));
    const std::set<std::string> both = {"n1a", "n2a"};
    ASSERT_TRUE(waitForPods(out(0).netns, node(0).ip, np, both));
    ASSERT_TRUE(waitForPods(out(0).netns, node(1).ip, np, both));
    // From node 2 (and a pod on node 2) to node 1's port: node 1 masquerades (policy Cluster).
    for (const std::string &client : {node(1).name, pod("n2c").netns, out(1).netns}) {
        for (const auto &r : tcpRequests(client, node(0).ip, np, 12)) {
            ASSERT_EQ(r.outcome, Outcome::Answer) << client << ": " << r.toString();
            EXPECT_TRUE(both.count(r.pod)) << r.toString();
            EXPECT_TRUE(nodeAddresses(0).count(r.clientIp))
                << client << " -> node 1 port " << np << ": the echo saw " << r.clientIp
                << ", not an address of node 1";
        }
    }
}

TEST_P(Traffic, ExternalIpsReachTheEndpoints)
{
    createPod("n1a", "ext");
    createPod("n2a", "ext");
    Service spec = makeService("ext", "ext", {tcpPort(80, IntOrString::fromInt(kEchoTcpPort))});
    spec.spec.externalIPs = {"192.168.88.10"};
    create(spec);
    ASSERT_TRUE(waitEndpoints("ext", 2));
    ASSERT_TRUE(waitForPods(out(0).netns, "192.168.88.10", 80, {"n1a", "n2a"}));
    ASSERT_TRUE(waitForPods(out(1).netns, "192.168.88.10", 80, {"n1a", "n2a"}));
    for (const auto &r : tcpRequests(out(1).netns, "192.168.88.10", 80, 10)) {
        ASSERT_EQ(r.outcome, Outcome::Answer) << r.toString();
        EXPECT_TRUE(nodeAddresses(0).count(r.clientIp))
            << "masquerade from outside: " << r.toString();
    }
    // Another port of the external IP is not the service's.
    EXPECT_NE(tcpRequest(out(0).netns, "192.168.88.10", 81).outcome, Outcome::Answer);
}

TEST_P(Traffic, LoadBalancerSourceRangesAdmitAndBlock)
{
    createPod("n1a", "lb");
    createPod("n2a", "lb");
    Service spec = makeService(
        "lb", "lb", {tcpPort(80, IntOrString::fromInt(kEchoTcpPort))}, "LoadBalancer");
    spec.spec.loadBalancerSourceRanges = {out(0).ip + "/32"};
    create(spec);
    setLoadBalancerIp("lb", "192.168.99.10");
    ASSERT_TRUE(waitEndpoints("lb", 2));
    ASSERT_TRUE(waitForPods(out(0).netns, "192.168.99.10", 80, {"n1a", "n2a"}));
    if (userspace()) {
        // kube-proxy v1.20's userspace proxier has no loadBalancerSourceRanges filter (only
        // the iptables and ipvs proxiers write KUBE-FW chains): both clients are proxied.
        for (const std::string &client : {out(0).netns, out(1).netns})
            for (const auto &r : tcpRequests(client, "192.168.99.10", 80, 5)) {
                ASSERT_EQ(r.outcome, Outcome::Answer) << client << ": " << r.toString();
                EXPECT_TRUE(nodeAddresses(0).count(r.clientIp)) << r.toString();
            }
        return;
    }
    for (const auto &r : tcpRequests(out(1).netns, "192.168.99.10", 80, 5))
        EXPECT_NE(r.outcome, Outcome::Answer)
            << out(1).ip << " is outside loadBalancerSourceRanges " << out(0).ip
            << "/32 but got: " << r.toString();
    for (const auto &r : tcpRequests(out(0).netns, "192.168.99.10", 80, 10))
        EXPECT_EQ(r.outcome, Outcome::Answer) << r.toString();
}

TEST_P(Traffic, ExternalTrafficPolicyLocalKeepsTheClientAndStaysOnTheNode)
{
    for (const char *p : {"n1a", "n1b", "n2a"})
        createPod(p, "local");
    Service spec = makeService(
        "local", "local", {tcpPort(80, IntOrString::fromInt(kEchoTcpPort))}, "LoadBalancer");
    spec.spec.externalTrafficPolicy = "Local";
    const Service s = create(spec);
    ASSERT_EQ(s.spec.ports.size(), 1u);
    const int np = s.spec.ports[0].nodePort;
    const int hc = s.spec.healthCheckNodePort;
    ASSERT_GT(np, 0);
    ASSERT_GT(hc, 0);
    setLoadBalancerIp("local", "192.168.99.20");
    ASSERT_TRUE(waitEndpoints("local", 3));
    if (userspace()) {
        // kube-proxy v1.20's userspace proxier ignores externalTrafficPolicy: a node port
        // reaches every endpoint, on any node, and the endpoint sees the proxy's node, never
        // the client (the mode cannot keep it). Health check node ports belong to the
        // iptables and ipvs modes there; not asserted here.
        const std::set<std::string> all = {"n1a", "n1b", "n2a"};
        for (int n = 0; n < 2; ++n) {
            ASSERT_TRUE(waitForPods(out(0).netns, node(n).ip, np, all));
            for (const auto &r : tcpRequests(out(0).netns, node(n).ip, np, 6)) {
                ASSERT_EQ(r.outcome, Outcome::Answer) << r.toString();
                EXPECT_TRUE(nodeAddresses(n).count(r.clientIp))
                    << "not the proxy's node " << node(n).ip << ": " << r.toString();
            }
        }
        ASSERT_TRUE(waitForPods(out(0).netns, "192.168.99.20", 80, all));
        return;
    }

    struct Case
    {
        std::string ip;
        std::set<std::string> pods;
    };
    const std::vector<Case> cases = {{node(0).ip, {"n1a", "n1b"}}, {node(1).ip, {"n2a"}}};
    for (const auto &c : cases) {
        ASSERT_TRUE(waitForPods(out(0).netns, c.ip, np, c.pods));
        for (const auto &r : tcpRequests(out(0).netns, c.ip, np, 20)) {
            ASSERT_EQ(r.outcome, Outcome::Answer) << r.toString();
            EXPECT_TRUE(c.pods.count(r.pod))
                << "node port on " << c.ip << " left the node: " << r.toString();
            EXPECT_EQ(r.clientIp, out(0).ip) << "the client address was not kept: " << r.toString();
        }
    }
    // The LB IP is routed to node 1: node 1's endpoints, client kept.
    ASSERT_TRUE(waitForPods(out(0).netns, "192.168.99.20", 80, {"n1a", "n1b"}));
    for (const auto &r : tcpRequests(out(0).netns, "192.168.99.20", 80, 10))
        EXPECT_EQ(r.clientIp, out(0).ip) << r.toString();

    // healthCheckNodePort: the local endpoint count, on every node.
    const HttpReply h1 = httpGet(out(0).netns, node(0).ip, hc, "/");
    ASSERT_EQ(h1.outcome, Outcome::Answer) << outcomeName(h1.outcome);
    EXPECT_EQ(h1.status, 200) << h1.body;
    EXPECT_EQ(localEndpointsOf(h1.body), 2) << h1.body;
    const HttpReply h2 = httpGet(out(0).netns, node(1).ip, hc, "/");
    ASSERT_EQ(h2.outcome, Outcome::Answer) << outcomeName(h2.outcome);
    EXPECT_EQ(h2.status, 200) << h2.body;
    EXPECT_EQ(localEndpointsOf(h2.body), 1) << h2.body;

    // A node without a local endpoint: 503 with 0, and its node port does not forward.
    createPod("n1c", "local-one");
    Service one = makeService("local-one",
                              "local-one",
                              {tcpPort(80, IntOrString::fromInt(kEchoTcpPort))},
                              "LoadBalancer");
    one.spec.externalTrafficPolicy = "Local";
    const Service o = create(one);
    ASSERT_TRUE(waitEndpoints("local-one", 1));
    ASSERT_TRUE(waitForPods(out(0).netns, node(0).ip, o.spec.ports.at(0).nodePort, {"n1c"}));
    const HttpReply none = httpGet(out(0).netns, node(1).ip, o.spec.healthCheckNodePort, "/");
    ASSERT_EQ(none.outcome, Outcome::Answer) << outcomeName(none.outcome);
    EXPECT_EQ(none.status, 503) << none.body;
    EXPECT_EQ(localEndpointsOf(none.body), 0) << none.body;
    const HttpReply some = httpGet(out(0).netns, node(0).ip, o.spec.healthCheckNodePort, "/");
    EXPECT_EQ(some.status, 200) << some.body;
    EXPECT_EQ(localEndpointsOf(some.body), 1) << some.body;
    for (const auto &r : tcpRequests(out(0).netns, node(1).ip, o.spec.ports.at(0).nodePort, 3))
        EXPECT_NE(r.outcome, Outcome::Answer) << "node 2 has no local endpoint: " << r.toString();
}

TEST_P(Traffic, MasqueradeAppliesFromOutsideTheClusterCidrOnly)
{
    createPod("n2a", "masq");
    const Service s
        = create(makeService("masq", "masq", {tcpPort(80, IntOrString::fromInt(kEchoTcpPort))}));
    ASSERT_TRUE(waitEndpoints("masq", 1));
    const std::string vip = s.spec.clusterIP;
    // Outside (192.168.77.100, not in 10.244.0.0/16) via node 1 to a pod on node 2: node 1's
    // address (without masquerade the reply would bypass node 1 and the connection break).
    ASSERT_TRUE(waitForPods(out(0).netns, vip, 80, {"n2a"}));
    ASSERT_TRUE(waitForPods(pod("n2c").netns, vip, 80, {"n2a"})); // node 2's rules too
    for (const auto &r : tcpRequests(out(0).netns, vip, 80, 5)) {
        ASSERT_EQ(r.outcome, Outcome::Answer) << r.toString();
        EXPECT_TRUE(nodeAddresses(0).count(r.clientIp)) << "from outside: " << r.toString();
    }
    // Pods (inside the cluster CIDR), on the other node and on the same node: their own address.
    for (const char *client : {"n1c", "n2c"}) {
        for (const auto &r : tcpRequests(pod(client).netns, vip, 80, 5)) {
            ASSERT_EQ(r.outcome, Outcome::Answer) << client << ": " << r.toString();
            if (userspace()) // the proxy of the pod's node connects
                EXPECT_TRUE(nodeAddresses(pod(client).node).count(r.clientIp))
                    << client << ": " << r.toString();
            else
                EXPECT_EQ(r.clientIp, pod(client).ip) << client << ": " << r.toString();
        }
    }
    // Hairpin: the endpoint itself through its service, masqueraded to its node.
    const Reply hairpin = tcpRequest(pod("n2a").netns, vip, 80);
    ASSERT_EQ(hairpin.outcome, Outcome::Answer) << "hairpin: " << hairpin.toString();
    EXPECT_TRUE(nodeAddresses(1).count(hairpin.clientIp)) << "hairpin: " << hairpin.toString();
}

TEST_P(Traffic, ServiceWithoutEndpointsRefusesAtOnce)
{
    const Service s = create(makeService("empty",
                                         "nothing-has-this-label",
                                         {tcpPort(80, IntOrString::fromInt(kEchoTcpPort), "tcp"),
                                          udpPort(53, IntOrString::fromInt(kEchoUdpPort), "udp")}));
    ASSERT_TRUE(waitEndpoints("empty", 0));
    const std::string vip = s.spec.clusterIP;
    if (userspace()) {
        // kube-proxy v1.20's userspace proxier has no REJECT rule: its proxy port accepts the
        // connection and closes it at once (no endpoint to connect to); a UDP datagram is
        // dropped. So TCP is a reset (accepted, then closed without an answer), not a timeout.
        for (const std::string &client :
             {pod("n1c").netns, pod("n2c").netns, out(0).netns, node(1).name}) {
            bool reset = false;
            for (int i = 0; i < 60 && !reset; ++i) {
                reset = tcpRequest(client, vip, 80).outcome == Outcome::Reset;
                if (!reset)
                    std::this_thread::sleep_for(500ms);
            }
            ASSERT_TRUE(reset) << "the proxy never took and closed the connection, from " << client;
            for (const auto &r : tcpRequests(client, vip, 80, 2))
                EXPECT_EQ(r.outcome, Outcome::Reset) << client << ": " << r.toString();
        }
        for (const std::string &client : {pod("n1c").netns, out(0).netns})
            for (const auto &r : udpRequests(client, vip, 53, 2))
                EXPECT_EQ(r.outcome, Outcome::Timeout) << client << " udp: " << r.toString();
        return;
    }
    // Until both agents wrote the REJECT (each node syncs on its own). The kernel rate-limits
    // the ICMP errors a node sends to one destination (a burst of 6, then 1/s:
    // net.ipv4.icmp_ratelimit), so this wait uses pods of its own, one per node, and each
    // client below asks at most 4 times.
    for (const char *waiter : {"n1b", "n2b"}) {
        bool refused = false;
        for (int i = 0; i < 60 && !refused; ++i) {
            refused = tcpRequest(pod(waiter).netns, vip, 80).outcome == Outcome::Refused;
            if (!refused)
                std::this_thread::sleep_for(500ms);
        }
        ASSERT_TRUE(refused) << "no REJECT for a service without endpoints within 30 s, seen from "
                             << waiter;
    }
    // Earlier tests spent some of the clients' ICMP budget (every new service answers with
    // REJECTs until its Endpoints arrive): 6 s refill it completely.
    std::this_thread::sleep_for(6s);
    auto icmpStats = [&] {
        std::string text;
        for (const auto &n : tb().nodes()) {
            const RunResult r = runIn(n.name,
                                      {"nstat",
                                       "-az",
                                       "IcmpOutRateLimitHost",
                                       "IcmpOutDestUnreachs",
                                       "IcmpOutRedirects"});
            text += n.name + ":\n" + r.output;
        }
        return text;
    };
    const std::string statsBefore = icmpStats();
    // Refused (an ICMP answer) and not a timeout: the client gives up after 1 s otherwise.
    for (const std::string &client :
         {pod("n1c").netns, pod("n2c").netns, out(0).netns, node(1).name}) {
        for (const auto &r : tcpRequests(client, vip, 80, 2)) {
            EXPECT_EQ(r.outcome, Outcome::Refused) << client << ": " << r.toString();
        }
    }
    for (const std::string &client : {pod("n1c").netns, out(0).netns}) {
        for (const auto &r : udpRequests(client, vip, 53, 2)) {
            EXPECT_EQ(r.outcome, Outcome::Refused) << client << " udp: " << r.toString();
        }
    }
    if (HasFailure())
        std::fprintf(stderr,
                     "ICMP counters before:\n%s\nafter:\n%s\n",
                     statsBefore.c_str(),
                     icmpStats().c_str());
}

TEST_P(Traffic, UdpServiceReachesTheEndpoints)
{
    createPod("n1a", "udp");
    createPod("n2a", "udp");
    const Service s
        = create(makeService("dns", "udp", {udpPort(53, IntOrString::fromString("dns"), "dns")}));
    ASSERT_TRUE(waitEndpoints("dns", 2));
    const std::string vip = s.spec.clusterIP;
    ASSERT_TRUE(waitForPods(pod("n1c").netns, vip, 53, {"n1a", "n2a"}, /*udp=*/true));
    for (const auto &r : udpRequests(pod("n1c").netns, vip, 53, 20)) {
        ASSERT_EQ(r.outcome, Outcome::Answer) << r.toString();
        EXPECT_EQ(r.serverPort, kEchoUdpPort) << r.toString();
        if (userspace())
            EXPECT_TRUE(nodeAddresses(0).count(r.clientIp)) << "not node 1's proxy: " << r.toString();
        else
            EXPECT_EQ(r.clientIp, pod("n1c").ip) << r.toString();
    }
    for (const auto &r : udpRequests(out(0).netns, vip, 53, 5)) {
        ASSERT_EQ(r.outcome, Outcome::Answer) << r.toString();
        EXPECT_TRUE(nodeAddresses(0).count(r.clientIp)) << r.toString();
    }
    // TCP on the UDP service's port is not the service.
    EXPECT_NE(tcpRequest(pod("n1c").netns, vip, 53).outcome, Outcome::Answer);
}

// --nodeport-addresses on node 2 (the lan only) and --masquerade-all on node 1 (the agents
// are restarted with them; the next test's SetUp restores the defaults).
TEST_P(Traffic, NodePortAddressesAndMasqueradeAll)
{
    std::string error;
    ASSERT_TRUE(agents().ensure(
        {GetParam(), {{0, {"--masquerade-all"}}, {1, {"--nodeport-addresses", "192.168.77.0/24"}}}},
        error))
        << error;
    createPod("n1a", "flags");
    createPod("n2a", "flags");
    const Service s = create(makeService(
        "flags", "flags", {tcpPort(80, IntOrString::fromInt(kEchoTcpPort))}, "NodePort"));
    const int np = s.spec.ports.at(0).nodePort;
    ASSERT_TRUE(waitEndpoints("flags", 2));
    if (userspace()) {
        // The userspace plan claims node ports on every local address (dst-type LOCAL; it does
        // not apply --nodeport-addresses, so node 2's gateway address is not asserted either
        // way) and --masquerade-all changes nothing: every endpoint already sees the proxy's
        // node.
        ASSERT_TRUE(waitForPods(out(0).netns, node(1).ip, np, {"n1a", "n2a"}));
        for (int n = 0; n < 2; ++n) {
            const std::string client = pod(n == 0 ? "n1c" : "n2c").netns;
            ASSERT_TRUE(waitForPods(client, s.spec.clusterIP, 80, {"n1a", "n2a"}));
            for (const auto &r : tcpRequests(client, s.spec.clusterIP, 80, 6)) {
                ASSERT_EQ(r.outcome, Outcome::Answer) << r.toString();
                EXPECT_TRUE(nodeAddresses(n).count(r.clientIp)) << r.toString();
            }
        }
        return;
    }
    // Node 2 serves its node port on its lan address only, not on its pod gateway address.
    ASSERT_TRUE(waitForPods(out(0).netns, node(1).ip, np, {"n1a", "n2a"}));
    for (const auto &r : tcpRequests(pod("n2c").netns, node(1).gatewayIp, np, 3))
        EXPECT_NE(r.outcome, Outcome::Answer)
            << node(1).gatewayIp
            << " is not in --nodeport-addresses 192.168.77.0/24: " << r.toString();
    // Node 1 (all local addresses) serves it on its gateway address too.
    ASSERT_TRUE(waitForPods(pod("n1c").netns, node(0).gatewayIp, np, {"n1a", "n2a"}));
    // --masquerade-all on node 1: even a pod's connection to a ClusterIP is masqueraded.
    ASSERT_TRUE(waitForPods(pod("n1c").netns, s.spec.clusterIP, 80, {"n1a", "n2a"}));
    for (const auto &r : tcpRequests(pod("n1c").netns, s.spec.clusterIP, 80, 10)) {
        ASSERT_EQ(r.outcome, Outcome::Answer) << r.toString();
        EXPECT_TRUE(nodeAddresses(0).count(r.clientIp)) << "--masquerade-all: " << r.toString();
    }
    // Node 2 has no --masquerade-all: its pods keep their address.
    ASSERT_TRUE(waitForPods(pod("n2c").netns, s.spec.clusterIP, 80, {"n1a", "n2a"}));
    for (const auto &r : tcpRequests(pod("n2c").netns, s.spec.clusterIP, 80, 10))
        EXPECT_EQ(r.clientIp, pod("n2c").ip) << r.toString();
}

// The dataplane does not depend on the agent process; a restarted agent takes the rules over
// as they are (no gap, nothing duplicated) and keeps them current.
TEST_P(Traffic, KilledAgentLeavesTrafficFlowingAndARestartAdoptsTheRules)
{
    createPod("n1a", "life");
    createPod("n2a", "life");
    const Service s = create(
        makeService("life", "life", {tcpPort(80, IntOrString::fromInt(kEchoTcpPort))}, "NodePort"));
    const int np = s.spec.ports.at(0).nodePort;
    const std::string vip = s.spec.clusterIP;
    ASSERT_TRUE(waitEndpoints("life", 2));
    ASSERT_TRUE(waitForPods(out(0).netns, vip, 80, {"n1a", "n2a"}));
    ASSERT_TRUE(waitForPods(pod("n2c").netns, vip, 80, {"n1a", "n2a"}));
    std::this_thread::sleep_for(500ms); // let the last sync settle
    std::map<int, std::vector<std::string>> before;
    for (int n = 0; n < 2; ++n)
        before[n] = savedRules(node(n).name, GetParam(), "nat");

    if (userspace()) {
        // The proxy is the agent: killed, nothing carries the connections (kube-proxy's
        // userspace mode alike; its rules point at a port nobody listens on any more). A
        // restarted agent opens new proxy ports, rewrites the rules and traffic flows again.
        for (int n = 0; n < 2; ++n)
            agents().kill(n);
        for (const auto &r : tcpRequests(out(0).netns, vip, 80, 3))
            EXPECT_NE(r.outcome, Outcome::Answer) << "agents killed: " << r.toString();
        std::string error;
        for (int n = 0; n < 2; ++n)
            ASSERT_TRUE(agents().start(n, GetParam(), {}, error)) << error;
        EXPECT_TRUE(waitForPods(out(0).netns, vip, 80, {"n1a", "n2a"}));
        EXPECT_TRUE(waitForPods(out(1).netns, node(1).ip, np, {"n1a", "n2a"}));
        setPodStatus("n2a", false);
        ASSERT_TRUE(waitEndpoints("life", 1, 1));
        EXPECT_TRUE(waitForPods(out(0).netns, vip, 80, {"n1a"}));
        EXPECT_TRUE(waitForPods(pod("n2c").netns, vip, 80, {"n1a"}));
        return;
    }
    for (int n = 0; n < 2; ++n)
        agents().kill(n);
    for (const auto &r : tcpRequests(out(0).netns, vip, 80, 20))
        EXPECT_EQ(r.outcome, Outcome::Answer) << "agents killed: " << r.toString();
    for (const auto &r : tcpRequests(pod("n2c").netns, vip, 80, 20))
        EXPECT_EQ(r.outcome, Outcome::Answer) << "agents killed: " << r.toString();
    for (const auto &r : tcpRequests(out(1).netns, node(1).ip, np, 10))
        EXPECT_EQ(r.outcome, Outcome::Answer) << "agents killed, node port: " << r.toString();

    // Restart while connections keep coming: not one may fail.
    std::atomic<bool> stop{false};
    std::atomic<int> ok{0}, failed{0};
    std::string firstFailure;
    std::thread load([&] {
        while (!stop) {
            const Reply r = tcpRequest(pod("n1c").netns, vip, 80);
            if (r.outcome == Outcome::Answer)
                ++ok;
            else if (failed++ == 0)
                firstFailure = r.toString();
        }
    });
    std::string error;
    bool started = true;
    for (int n = 0; n < 2 && started; ++n)
        started = agents().start(n, GetParam(), {}, error);
    std::this_thread::sleep_for(2000ms); // its full sync at start, and a few more
    stop = true;
    load.join();
    ASSERT_TRUE(started) << error;
    EXPECT_EQ(failed.load(), 0) << "connections failed while the agent restarted; first: "
                                << firstFailure;
    EXPECT_GT(ok.load(), 20);
    for (int n = 0; n < 2; ++n) {
        const auto after = savedRules(node(n).name, GetParam(), "nat");
        EXPECT_EQ(joined(after), joined(before[n]))
            << node(n).name << ": the restarted agent's nat table differs from the one it found";
    }

    // The restarted agents are in charge: a change still reaches the kernel.
    setPodStatus("n2a", false);
    ASSERT_TRUE(waitEndpoints("life", 1, 1));
    EXPECT_TRUE(waitForPods(out(0).netns, vip, 80, {"n1a"}));
    EXPECT_TRUE(waitForPods(pod("n2c").netns, vip, 80, {"n1a"}));
}

TEST_P(Traffic, CleanupRemovesEveryKubeChainAndNothingElse)
{
    createPod("n1a", "gone");
    const Service s = create(
        makeService("gone", "gone", {tcpPort(80, IntOrString::fromInt(kEchoTcpPort))}, "NodePort"));
    ASSERT_TRUE(waitEndpoints("gone", 1));
    ASSERT_TRUE(waitForPods(pod("n2c").netns, s.spec.clusterIP, 80, {"n1a"}));
    const std::string ipt = iptablesBinary(GetParam());
    // Someone else's chain in each table the agent writes: it must survive the cleanup.
    for (const auto &n : tb().nodes())
        for (const char *table : {"nat", "filter"}) {
            EXPECT_TRUE(runIn(n.name, {ipt, "-t", table, "-N", "SSA-KEEP"}).ok());
            EXPECT_TRUE(
                runIn(n.name,
                      {ipt, "-t", table, "-A", "SSA-KEEP", "-s", "192.0.2.1/32", "-j", "RETURN"})
                    .ok());
        }
    agents().stopAll();
    agents().forget();
    for (int n = 0; n < 2; ++n) {
        const RunResult r = agents().cleanup(n, GetParam());
        EXPECT_TRUE(r.ok()) << node(n).name << ": --cleanup exit " << r.exitCode << ": "
                            << r.output;
    }
    for (const auto &n : tb().nodes()) {
        for (const char *table : {"nat", "filter", "mangle"}) {
            const RunResult save
                = runIn(n.name, {iptablesBinary(GetParam(), "-save"), "-t", table});
            EXPECT_EQ(save.output.find("KUBE-"), std::string::npos)
                << n.name << " " << table << " after --cleanup:\n"
                << save.output;
            if (nftablesMode(GetParam())) {
                EXPECT_FALSE(runIn(n.name, {"nft", "list", "table", "ip", "service-studio"}).ok())
                    << n.name << ": the nftables table survived --cleanup";
            }
            if (std::string(table) != "mangle") {
                EXPECT_NE(save.output.find("-A SSA-KEEP -s 192.0.2.1/32 -j RETURN"),
                          std::string::npos)
                    << n.name << " " << table << ": --cleanup removed a chain it does not own:\n"
                    << save.output;
            }
        }
        for (const char *table : {"nat", "filter"}) {
            runIn(n.name, {ipt, "-t", table, "-F", "SSA-KEEP"});
            runIn(n.name, {ipt, "-t", table, "-X", "SSA-KEEP"});
        }
    }
    // And the service is gone from the dataplane.
    EXPECT_NE(tcpRequest(pod("n2c").netns, s.spec.clusterIP, 80).outcome, Outcome::Answer);
}

// ---- --proxy-mode userspace --------------------------------------------------------------

class UserspaceTraffic : public Traffic
{};

// The node's proxy spreads connections round robin (strictly alternating for one client),
// and the endpoint sees the proxy's address (the node's), never the client's; from a pod
// (PREROUTING REDIRECT) and from the node itself (OUTPUT DNAT).
TEST_P(UserspaceTraffic, RoundRobinAndTheEndpointSeesTheProxy)
{
    createPod("n1a", "us-rr");
    createPod("n2a", "us-rr");
    const Service s = create(
        makeService("us-rr", "us-rr", {tcpPort(80, IntOrString::fromInt(kEchoTcpPort))}));
    ASSERT_TRUE(waitEndpoints("us-rr", 2));
    const std::string vip = s.spec.clusterIP;
    ASSERT_TRUE(waitForPods(pod("n1c").netns, vip, 80, {"n1a", "n2a"}));
    const auto replies = tcpRequests(pod("n1c").netns, vip, 80, 8);
    const std::set<std::string> proxy = nodeAddresses(0);
    for (size_t i = 0; i < replies.size(); ++i) {
        const Reply &r = replies[i];
        ASSERT_EQ(r.outcome, Outcome::Answer) << r.toString();
        EXPECT_TRUE(proxy.count(r.clientIp)) << "not the proxy's address: " << r.toString();
        EXPECT_NE(r.clientIp, pod("n1c").ip) << r.toString();
        if (i > 0) {
            EXPECT_NE(r.pod, replies[i - 1].pod)
                << "round robin: " << i << " and " << i - 1 << " went to the same endpoint";
        }
    }
    for (const auto &r : tcpRequests(node(0).name, vip, 80, 4)) {
        EXPECT_EQ(r.outcome, Outcome::Answer) << "from the node: " << r.toString();
    }
}

// An endpoint that refuses (its "web" port has no listener): every connection still gets an
// answer, from the other endpoint, because the proxy retries.
TEST_P(UserspaceTraffic, RefusedConnectRetriesAnotherEndpoint)
{
    createPod("n1a", "us-retry");
    createPod("n1b", "us-retry", true, 9); // discard port: nothing listens
    const Service s = create(makeService(
        "us-retry", "us-retry", {tcpPort(80, IntOrString::fromString("web"), "web")}));
    ASSERT_TRUE(waitEndpoints("us-retry", 2));
    const std::string vip = s.spec.clusterIP;
    ASSERT_TRUE(waitForPods(pod("n1c").netns, vip, 80, {"n1a"}));
    const auto t = tally(tcpRequests(pod("n1c").netns, vip, 80, 10));
    EXPECT_EQ(t.size(), 1u) << describe(t);
    EXPECT_EQ(t.count("n1a") ? t.at("n1a") : 0, 10) << describe(t);
}

// ClientIP affinity: one client stays on one endpoint.
TEST_P(UserspaceTraffic, ClientIpAffinitySticks)
{
    for (const char *p : {"n1a", "n1b", "n2a"})
        createPod(p, "us-sticky");
    Service spec = makeService("us-sticky", "us-sticky",
                               {tcpPort(80, IntOrString::fromInt(kEchoTcpPort))});
    spec.spec.sessionAffinity = "ClientIP";
    spec.spec.sessionAffinityConfig = SessionAffinityConfig{ClientIPConfig{60}};
    const Service s = create(spec);
    ASSERT_TRUE(waitEndpoints("us-sticky", 3));
    ASSERT_TRUE(waitForPods(pod("n1c").netns, s.spec.clusterIP, 80, {"n1a", "n1b", "n2a"}, false,
                            /*coverAll=*/false));
    const auto t = tally(tcpRequests(pod("n1c").netns, s.spec.clusterIP, 80, 10));
    EXPECT_EQ(t.size(), 1u) << "not kept on one endpoint: " << describe(t);
}

// UDP through the proxy: every request of the test client comes from a new socket, so each is
// a new session, and sessions go round robin (strictly alternating); the endpoint sees the
// proxy's node; the reply arrives from the VIP (the client's connected socket accepts nothing
// else). From a pod (PREROUTING) and from the node itself (OUTPUT).
TEST_P(UserspaceTraffic, UdpSessionsRoundRobinAndTheEndpointSeesTheProxy)
{
    createPod("n1a", "us-udp");
    createPod("n2a", "us-udp");
    const Service s = create(
        makeService("us-udp", "us-udp", {udpPort(53, IntOrString::fromString("dns"), "dns")}));
    ASSERT_TRUE(waitEndpoints("us-udp", 2));
    const std::string vip = s.spec.clusterIP;
    ASSERT_TRUE(waitForPods(pod("n2c").netns, vip, 53, {"n1a", "n2a"}, /*udp=*/true));
    const auto replies = udpRequests(pod("n2c").netns, vip, 53, 8);
    for (size_t i = 0; i < replies.size(); ++i) {
        const Reply &r = replies[i];
        ASSERT_EQ(r.outcome, Outcome::Answer) << r.toString();
        EXPECT_EQ(r.serverPort, kEchoUdpPort) << r.toString();
        EXPECT_TRUE(nodeAddresses(1).count(r.clientIp)) << "not node 2's proxy: " << r.toString();
        if (i > 0) {
            EXPECT_NE(r.pod, replies[i - 1].pod)
                << "round robin: " << i << " and " << i - 1 << " went to the same endpoint";
        }
    }
    for (const auto &r : udpRequests(node(1).name, vip, 53, 4))
        EXPECT_EQ(r.outcome, Outcome::Answer) << "from the node: " << r.toString();
}

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(UserspaceTraffic);
INSTANTIATE_TEST_SUITE_P(Userspace, UserspaceTraffic,
                         ::testing::ValuesIn(backendsToTest("userspace")), nameOf);

GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Traffic);
// One instantiation per backend, so that gtest runs all tests of one backend, then the next
// (suites run in order of creation: "Legacy/Traffic", then "Nft/Traffic").
INSTANTIATE_TEST_SUITE_P(Legacy, Traffic, ::testing::ValuesIn(backendsToTest("legacy")), nameOf);
INSTANTIATE_TEST_SUITE_P(Nft, Traffic, ::testing::ValuesIn(backendsToTest("nft")), nameOf);
INSTANTIATE_TEST_SUITE_P(Nftables, Traffic, ::testing::ValuesIn(backendsToTest("nftables")), nameOf);
INSTANTIATE_TEST_SUITE_P(Userspace, Traffic, ::testing::ValuesIn(backendsToTest("userspace")), nameOf);

} // namespace studio::test
