// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A network-namespace testbed for real packets: a "lan" namespace holding a bridge, node
// namespaces on it (ip_forward=1 inside them only), pod namespaces behind each node (a routed
// veth pair per pod, one /24 pod CIDR per node, routes between the nodes for each other's
// CIDR), and outside clients on the lan. Each pod runs echo_server; each node runs a relay
// (netns_relay) so that processes inside it reach the host's 127.0.0.1 apiserver.
//
// Safety: every namespace name starts with a prefix unique to this process ("ssa<pid>-"); the
// host's own network namespace is never changed (no address, route, rule or sysctl); no
// namespace has a link to the host, so nothing routes off the machine. Cleanup happens in
// down(), in the destructor, and — if this process dies, however — in a guardian process (its
// own session) that waits for a pipe only this process holds to close and then kills every
// process inside our namespaces and deletes them. Every child we start also gets
// PR_SET_PDEATHSIG(SIGKILL).
//
// Threading: build, tear down and start processes from the main thread only (PDEATHSIG follows
// the thread that forked). The client functions (tcpRequests, udpRequests, httpGet) may run on
// any thread: each runs on a thread of its own that enters the namespace with setns().

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace studio::test::netns {

// ---- processes ----------------------------------------------------------------------------

struct RunResult
{
    int exitCode = -1;  // -1: could not run, or killed / timed out
    std::string output; // stdout and stderr together
    bool ok() const { return exitCode == 0; }
};

// Runs a command to completion (argv[0] looked up in PATH), output captured.
RunResult run(const std::vector<std::string> &argv,
              std::chrono::milliseconds timeout = std::chrono::seconds(60));
// `ip netns exec NETNS argv...`
RunResult runIn(const std::string &netns,
                const std::vector<std::string> &argv,
                std::chrono::milliseconds timeout = std::chrono::seconds(60));

// A long-running child: fork + exec with PDEATHSIG, stdin /dev/null, stdout and stderr
// appended to a log file. With waitForLine, start() waits until the child prints that line on
// stdout (then stdout goes to the log too).
class ChildProcess
{
public:
    ChildProcess() = default;
    ChildProcess(const ChildProcess &) = delete;
    ChildProcess &operator=(const ChildProcess &) = delete;
    ~ChildProcess() { stop(); }

    bool start(const std::vector<std::string> &argv,
               const std::string &logFile,
               std::string &error,
               const std::string &waitForLine = {},
               std::chrono::milliseconds readyTimeout = std::chrono::seconds(20));
    // SIGTERM, then SIGKILL after `grace`; reaps. Idempotent. Returns the wait status (-1: none).
    int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));
    // Sends a signal and reaps (for SIGKILL).
    void kill(int signal);
    bool running();
    pid_t pid() const { return m_pid; }
    const std::string &logFile() const { return m_log; }

private:
    pid_t m_pid = -1;
    std::string m_log;
};

// ---- topology -----------------------------------------------------------------------------

struct NodeNs
{
    std::string name;      // namespace name = Kubernetes Node name = --hostname-override
    std::string ip;        // on the lan, 192.168.77.1N
    std::string podCidr;   // 10.244.N.0/24
    std::string gatewayIp; // 10.244.N.1: the pods' next hop (on the node's lo)
};

struct PodNs
{
    std::string name;  // echo name = Kubernetes Pod name ("n1a")
    std::string netns; // prefix + name
    int node = 0;      // index into nodes
    std::string ip;    // 10.244.N.X
};

struct ClientNs
{
    std::string netns;
    std::string ip; // on the lan, 192.168.77.10X
};

struct TestbedOptions
{
    std::string prefix; // empty: defaultPrefix()
    int nodes = 2;
    int podsPerNode = 3;
    int outsideClients = 2;
    std::string echoServer; // path of echo_server; empty: no echo servers
    std::string logDir;     // where child logs go (created)
    // Routed to node 1 from the outside clients (service VIPs, external IPs, LB IPs).
    std::vector<std::string> outsideRoutesViaNode1
        = {"10.96.0.0/12", "192.168.88.0/24", "192.168.99.0/24"};
};

// Ports every echo server listens on.
inline constexpr int kEchoTcpPort = 8080;
inline constexpr int kEchoAltTcpPort = 9090;
inline constexpr int kEchoUdpPort = 5353;
inline constexpr int kNodeEchoTcpPort = 7000; // an echo server in each node namespace too
// The nodes' default gateway: the "gw" namespace on the lan, which forwards nothing.
inline constexpr const char *kLanNoGateway = "192.168.77.1";

class Testbed
{
public:
    Testbed() = default;
    Testbed(const Testbed &) = delete;
    Testbed &operator=(const Testbed &) = delete;
    ~Testbed() { down(); }

    static std::string defaultPrefix(); // "ssa<pid>-"

    // Builds everything; on error tears down what it built and returns false.
    bool up(const TestbedOptions &options, std::string &error);
    // Stops our processes and deletes our namespaces. Idempotent. false if one is left.
    bool down();
    bool isUp() const { return m_up; }

    const std::string &prefix() const { return m_prefix; }
    const std::string &lan() const { return m_lan; }
    const std::vector<NodeNs> &nodes() const { return m_nodes; }
    const std::vector<PodNs> &pods() const { return m_pods; }
    const std::vector<ClientNs> &outside() const { return m_outside; }
    const std::string &logDir() const { return m_logDir; }
    const PodNs *pod(const std::string &name) const;
    std::vector<const PodNs *> podsOn(int node) const;

    // Every namespace of ours that exists now (from `ip netns list`).
    std::vector<std::string> liveNamespaces() const;
    static std::vector<std::string> namespacesWithPrefix(const std::string &prefix);

    // Starts a long-running child owned by the testbed (stopped in down()).
    ChildProcess *spawn(const std::vector<std::string> &argv,
                        const std::string &logName,
                        std::string &error,
                        const std::string &waitForLine = {});

private:
    bool spawnGuardian(std::string &error);
    bool sh(const std::vector<std::string> &argv, std::string &error);
    bool in(const std::string &netns, const std::vector<std::string> &argv, std::string &error);
    bool addNamespace(const std::string &name, std::string &error);

    bool m_up = false;
    std::string m_prefix;
    std::string m_lan;
    std::string m_logDir;
    std::vector<std::string> m_created;
    std::vector<NodeNs> m_nodes;
    std::vector<PodNs> m_pods;
    std::vector<ClientNs> m_outside;
    std::vector<std::unique_ptr<ChildProcess>> m_children;
    int m_guardianPipe = -1;
    pid_t m_guardianPid = -1;
};

// ---- clients (any thread) -----------------------------------------------------------------

enum class Outcome { Answer, Refused, Timeout, Unreachable, Reset, Error };
const char *outcomeName(Outcome o);

struct Reply
{
    Outcome outcome = Outcome::Error;
    std::string line;     // the echo's answer, without the newline
    std::string pod;      // from "pod=NAME"
    std::string clientIp; // from "client=IP:PORT": what the echo server saw
    int clientPort = 0;
    int serverPort = 0;  // from "port=": the port the echo server was reached on
    std::string localIp; // our own source address
    int errnum = 0;
    double seconds = 0; // until the answer or the error
    std::string toString() const;
};

struct ClientOptions
{
    std::chrono::milliseconds timeout{1000};
    std::string bindIp; // source address (empty: the kernel's choice)
};

// Runs fn on a thread that has entered the namespace; false (with error) if it could not.
bool inNetns(const std::string &netns, const std::function<void()> &fn, std::string &error);

// `count` TCP connections in turn, each reading one line.
std::vector<Reply> tcpRequests(const std::string &netns,
                               const std::string &ip,
                               int port,
                               int count = 1,
                               const ClientOptions &options = {});
// `count` datagrams in turn, each from a fresh socket (a fresh source port), each awaiting one.
std::vector<Reply> udpRequests(const std::string &netns,
                               const std::string &ip,
                               int port,
                               int count = 1,
                               const ClientOptions &options = {});
Reply tcpRequest(const std::string &netns,
                 const std::string &ip,
                 int port,
                 const ClientOptions &options = {});
Reply udpRequest(const std::string &netns,
                 const std::string &ip,
                 int port,
                 const ClientOptions &options = {});

struct HttpReply
{
    Outcome outcome = Outcome::Error;
    int status = 0;
    std::string body;
};
HttpReply httpGet(const std::string &netns,
                  const std::string &ip,
                  int port,
                  const std::string &path = "/",
                  const ClientOptions &options = {});

// Answers per pod name ("" for replies that were no answer: their outcome name in brackets).
std::map<std::string, int> tally(const std::vector<Reply> &replies);
std::string describe(const std::map<std::string, int> &tally);

} // namespace studio::test::netns
