// SPDX-License-Identifier: GPL-3.0-or-later
// Self-checks of the namespace testbed, no agent needed: the topology carries packets where it
// should and nowhere else, the client tells an answer from a refusal from a timeout, a
// hand-written DNAT in a node reaches a pod, the host namespace is untouched, and a killed run
// leaves no namespace behind.
#include "agent_e2e_support.h"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <sys/wait.h>
#include <thread>

namespace studio::test {

namespace {

using namespace netns;

std::string readFile(const std::string &path)
{
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// The host's state before anything of ours exists (static initialisation runs before main).
const std::string g_hostIpForward = readFile("/proc/sys/net/ipv4/ip_forward");

#define REQUIRE_TESTBED()                                                                          \
    do {                                                                                           \
        if (!world().testbedError.empty())                                                         \
            FAIL() << world().testbedError;                                                        \
    } while (0)

} // namespace

TEST(Testbed, NamespacesCarryOurPrefixOnly)
{
    REQUIRE_TESTBED();
    const Testbed &tb = world().testbed;
    const auto live = tb.liveNamespaces();
    // lan + gateway + nodes + outside clients + pods
    EXPECT_EQ(live.size(), 2 + tb.nodes().size() + tb.outside().size() + tb.pods().size());
    for (const auto &n : live)
        EXPECT_TRUE(n.starts_with(tb.prefix())) << n;
    EXPECT_EQ(tb.nodes().size(), 2u);
    EXPECT_EQ(tb.pods().size(), 6u);
}

TEST(Testbed, PodsReachPodsOnTheirOwnAndTheOtherNodeWithoutNat)
{
    REQUIRE_TESTBED();
    const Testbed &tb = world().testbed;
    for (const auto &from : tb.pods()) {
        for (const auto &to : tb.pods()) {
            if (from.name == to.name)
                continue;
            const Reply r = tcpRequest(from.netns, to.ip, kEchoTcpPort);
            ASSERT_EQ(r.outcome, Outcome::Answer)
                << from.name << " -> " << to.name << ": " << r.toString();
            EXPECT_EQ(r.pod, to.name);
            EXPECT_EQ(r.clientIp, from.ip) << "no NAT between pods";
            EXPECT_EQ(r.serverPort, kEchoTcpPort);
        }
    }
    const Reply udp = udpRequest(tb.pods().front().netns, tb.pods().back().ip, kEchoUdpPort);
    ASSERT_EQ(udp.outcome, Outcome::Answer) << udp.toString();
    EXPECT_EQ(udp.pod, tb.pods().back().name);
    EXPECT_EQ(udp.clientIp, tb.pods().front().ip);
    const Reply alt = tcpRequest(tb.pods().front().netns, tb.pods().back().ip, kEchoAltTcpPort);
    ASSERT_EQ(alt.outcome, Outcome::Answer) << alt.toString();
    EXPECT_EQ(alt.serverPort, kEchoAltTcpPort);
}

TEST(Testbed, OutsideClientsReachNodesButNotPods)
{
    REQUIRE_TESTBED();
    const Testbed &tb = world().testbed;
    for (const auto &client : tb.outside()) {
        for (const auto &node : tb.nodes()) {
            const Reply r = tcpRequest(client.netns, node.ip, kNodeEchoTcpPort);
            ASSERT_EQ(r.outcome, Outcome::Answer)
                << client.netns << " -> " << node.name << ": " << r.toString();
            EXPECT_EQ(r.pod, node.name);
            EXPECT_EQ(r.clientIp, client.ip);
        }
        // No route to the pod network from outside: what reaches a pod went through a node.
        const Reply r = tcpRequest(client.netns, tb.pods().front().ip, kEchoTcpPort);
        EXPECT_EQ(r.outcome, Outcome::Unreachable) << r.toString();
    }
    // Nodes reach the other node's pods (routes via the lan), with their lan address.
    const Reply r = tcpRequest(tb.nodes()[0].name, tb.podsOn(1).front()->ip, kEchoTcpPort);
    ASSERT_EQ(r.outcome, Outcome::Answer) << r.toString();
    EXPECT_EQ(r.clientIp, tb.nodes()[0].ip);
}

// The client's verdicts and the path through a node, with rules written by hand: a DNAT in
// node 1 to its own pod, a REJECT (refused at once), a DROP (a timeout).
TEST(Testbed, HandWrittenRulesInANodeReachAPodRefuseAndDrop)
{
    REQUIRE_TESTBED();
    const Testbed &tb = world().testbed;
    const NodeNs &node1 = tb.nodes()[0];
    const NodeNs &node2 = tb.nodes()[1];
    const PodNs &pod = *tb.podsOn(0).front();
    const ClientNs &client = tb.outside()[0];
    auto ipt = [&](const std::string &ns, std::vector<std::string> args) {
        args.insert(args.begin(), "iptables-legacy");
        const RunResult r = runIn(ns, args);
        EXPECT_TRUE(r.ok()) << r.output;
    };
    ipt(node1.name, {"-t", "nat", "-N", "SSA-SELFCHECK"});
    ipt(node1.name,
        {"-t",
         "nat",
         "-A",
         "SSA-SELFCHECK",
         "-d",
         "192.168.88.250/32",
         "-p",
         "tcp",
         "--dport",
         "80",
         "-j",
         "DNAT",
         "--to-destination",
         pod.ip + ":" + std::to_string(kEchoTcpPort)});
    ipt(node1.name, {"-t", "nat", "-A", "PREROUTING", "-j", "SSA-SELFCHECK"});
    ipt(node1.name,
        {"-t",
         "filter",
         "-A",
         "INPUT",
         "-p",
         "tcp",
         "--dport",
         std::to_string(kNodeEchoTcpPort),
         "-j",
         "REJECT"});
    ipt(node2.name,
        {"-t",
         "filter",
         "-A",
         "INPUT",
         "-p",
         "tcp",
         "--dport",
         std::to_string(kNodeEchoTcpPort),
         "-j",
         "DROP"});

    const Reply dnat = tcpRequest(client.netns, "192.168.88.250", 80);
    const Reply rejected = tcpRequest(client.netns, node1.ip, kNodeEchoTcpPort);
    const Reply dropped = tcpRequest(client.netns, node2.ip, kNodeEchoTcpPort);

    ipt(node1.name, {"-t", "nat", "-D", "PREROUTING", "-j", "SSA-SELFCHECK"});
    ipt(node1.name, {"-t", "nat", "-F", "SSA-SELFCHECK"});
    ipt(node1.name, {"-t", "nat", "-X", "SSA-SELFCHECK"});
    ipt(node1.name,
        {"-t",
         "filter",
         "-D",
         "INPUT",
         "-p",
         "tcp",
         "--dport",
         std::to_string(kNodeEchoTcpPort),
         "-j",
         "REJECT"});
    ipt(node2.name,
        {"-t",
         "filter",
         "-D",
         "INPUT",
         "-p",
         "tcp",
         "--dport",
         std::to_string(kNodeEchoTcpPort),
         "-j",
         "DROP"});

    ASSERT_EQ(dnat.outcome, Outcome::Answer) << dnat.toString();
    EXPECT_EQ(dnat.pod, pod.name);
    EXPECT_EQ(dnat.clientIp, client.ip) << "no masquerade was written";
    EXPECT_EQ(dnat.serverPort, kEchoTcpPort);
    EXPECT_EQ(rejected.outcome, Outcome::Refused) << rejected.toString();
    EXPECT_EQ(dropped.outcome, Outcome::Timeout) << dropped.toString();
    // And back to normal: nothing of ours is left in the nodes' tables.
    for (const auto &n : tb.nodes()) {
        const RunResult save = runIn(n.name, {"iptables-legacy-save"});
        EXPECT_EQ(save.output.find("SSA-SELFCHECK"), std::string::npos) << save.output;
        EXPECT_EQ(save.output.find("-A INPUT"), std::string::npos) << save.output;
    }
    EXPECT_EQ(tcpRequest(client.netns, node1.ip, kNodeEchoTcpPort).outcome, Outcome::Answer);
}

TEST(Testbed, HostNamespaceIsUntouched)
{
    REQUIRE_TESTBED();
    EXPECT_EQ(readFile("/proc/sys/net/ipv4/ip_forward"), g_hostIpForward);
    for (const std::vector<std::string> &cmd :
         {std::vector<std::string>{"ip", "-o", "addr"}, {"ip", "route"}, {"ip", "-o", "link"}}) {
        const RunResult r = run(cmd);
        ASSERT_TRUE(r.ok()) << r.output;
        EXPECT_EQ(r.output.find("192.168.77."), std::string::npos) << r.output;
        EXPECT_EQ(r.output.find("10.244."), std::string::npos) << r.output;
        for (const char *name : {" br0", " vn1a", " node1@", " out1@"})
            EXPECT_EQ(r.output.find(name), std::string::npos) << name << " in " << r.output;
    }
}

// A run that dies (SIGKILL: no destructor, no atexit) leaves nothing: its guardian kills what
// ran in its namespaces and deletes them.
TEST(Testbed, GuardianCleansUpAfterAKilledRun)
{
    REQUIRE_TESTBED();
    const std::string prefix = "ssa" + std::to_string(::getpid()) + "k-";
    const std::string logDir = world().logDir + "/child";
    std::filesystem::create_directories(logDir);
    ChildProcess child;
    std::string error;
    ASSERT_TRUE(child.start({"/proc/self/exe", "--testbed-child", prefix, logDir},
                            logDir + "/child.log",
                            error,
                            "ready",
                            std::chrono::seconds(60)))
        << error;
    const auto live = Testbed::namespacesWithPrefix(prefix);
    EXPECT_EQ(live.size(), 5u); // lan, gw, node1, out1, n1a
    std::set<long> inside;
    for (const auto &ns : live) {
        std::istringstream pids(run({"ip", "netns", "pids", ns}).output);
        long p;
        while (pids >> p)
            inside.insert(p);
    }
    EXPECT_GE(inside.size(), 2u) << "the echo servers of the pod and the node";
    child.kill(SIGKILL);
    bool gone = false;
    for (int i = 0; i < 200 && !gone; ++i) {
        gone = Testbed::namespacesWithPrefix(prefix).empty();
        if (!gone)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_TRUE(gone) << "namespaces of the killed run are still there";
    for (long p : inside) {
        bool dead = false;
        for (int i = 0; i < 100 && !dead; ++i) {
            const std::string stat = readFile("/proc/" + std::to_string(p) + "/stat");
            const size_t close = stat.rfind(')');
            dead = stat.empty()
                   || (close != std::string::npos && close + 2 < stat.size()
                       && (stat[close + 2] == 'Z' || stat[close + 2] == 'X'));
            if (!dead)
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        EXPECT_TRUE(dead) << "process " << p << " of the killed run survived";
    }
}

} // namespace studio::test
