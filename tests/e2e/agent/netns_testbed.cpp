// SPDX-License-Identifier: GPL-3.0-or-later
#include "netns_testbed.h"

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sstream>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

namespace studio::test::netns {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0)
{
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

int msLeft(Clock::time_point deadline)
{
    const auto left
        = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    return left.count() < 0 ? 0 : int(left.count());
}

// PATH lookup before fork (execvp after fork in a threaded process may allocate).
std::string resolveExecutable(const std::string &name)
{
    if (name.find('/') != std::string::npos)
        return name;
    const char *path = std::getenv("PATH");
    std::string p = path && *path ? path : "/usr/sbin:/usr/bin:/sbin:/bin";
    p += ":/usr/sbin:/sbin"; // ip and iptables live there; root's PATH may lack them
    std::stringstream ss(p);
    std::string dir;
    while (std::getline(ss, dir, ':')) {
        if (dir.empty())
            continue;
        const std::string candidate = dir + "/" + name;
        if (::access(candidate.c_str(), X_OK) == 0)
            return candidate;
    }
    return name;
}

struct Argv
{
    explicit Argv(const std::vector<std::string> &args)
        : strings(args)
    {
        if (!strings.empty())
            path = resolveExecutable(strings[0]);
        for (auto &s : strings)
            ptrs.push_back(s.data());
        ptrs.push_back(nullptr);
    }
    std::vector<std::string> strings;
    std::vector<char *> ptrs;
    std::string path;
};

// In the child after fork: only async-signal-safe calls.
[[noreturn]] void execChild(const Argv &argv, int stdoutFd, int stderrFd, pid_t parent)
{
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) // the parent died before prctl
        ::_exit(127);
    const int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (devnull >= 0)
        ::dup2(devnull, 0);
    if (stdoutFd >= 0)
        ::dup2(stdoutFd, 1);
    if (stderrFd >= 0)
        ::dup2(stderrFd, 2);
    // Default signal dispositions and an empty mask for the new program.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execve(argv.path.c_str(), argv.ptrs.data(), environ);
    ::_exit(127);
}

std::string joinArgs(const std::vector<std::string> &argv)
{
    std::string s;
    for (const auto &a : argv)
        s += (s.empty() ? "" : " ") + a;
    return s;
}

} // namespace

// ---- processes ----------------------------------------------------------------------------

RunResult run(const std::vector<std::string> &args, std::chrono::milliseconds timeout)
{
    RunResult r;
    if (args.empty())
        return r;
    Argv argv(args);
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        r.output = std::string("pipe2: ") + std::strerror(errno);
        return r;
    }
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        r.output = std::string("fork: ") + std::strerror(errno);
        return r;
    }
    if (pid == 0)
        execChild(argv, fds[1], fds[1], parent);
    ::close(fds[1]);
    const auto deadline = Clock::now() + timeout;
    bool timedOut = false;
    char buf[4096];
    for (;;) {
        pollfd p{fds[0], POLLIN, 0};
        const int n = ::poll(&p, 1, msLeft(deadline));
        if (n == 0) {
            timedOut = true;
            break;
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        const ssize_t got = ::read(fds[0], buf, sizeof buf);
        if (got <= 0) {
            if (got < 0 && errno == EINTR)
                continue;
            break;
        }
        r.output.append(buf, size_t(got));
    }
    ::close(fds[0]);
    if (timedOut)
        ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (timedOut) {
        r.exitCode = -1;
        r.output += "\n(killed after " + std::to_string(timeout.count()) + " ms)";
    } else if (WIFEXITED(status)) {
        r.exitCode = WEXITSTATUS(status);
        if (r.exitCode == 127 && r.output.empty())
            r.output = "cannot execute " + argv.path;
    } else {
        r.exitCode = -1;
        r.output += "\n(killed by signal " + std::to_string(WTERMSIG(status)) + ")";
    }
    return r;
}

RunResult runIn(const std::string &netns,
                const std::vector<std::string> &argv,
                std::chrono::milliseconds timeout)
{
    std::vector<std::string> full = {"ip", "netns", "exec", netns};
    full.insert(full.end(), argv.begin(), argv.end());
    return run(full, timeout);
}

bool ChildProcess::start(const std::vector<std::string> &args,
                         const std::string &logFile,
                         std::string &error,
                         const std::string &waitForLine,
                         std::chrono::milliseconds readyTimeout)
{
    if (m_pid > 0) {
        error = "already running";
        return false;
    }
    m_log = logFile;
    Argv argv(args);
    const int log = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log < 0) {
        error = "open " + logFile + ": " + std::strerror(errno);
        return false;
    }
    int fds[2] = {-1, -1};
    if (!waitForLine.empty() && ::pipe2(fds, O_CLOEXEC) != 0) {
        ::close(log);
        error = std::string("pipe2: ") + std::strerror(errno);
        return false;
    }
    {
        const std::string banner = "### " + joinArgs(args) + "\n";
        [[maybe_unused]] ssize_t w = ::write(log, banner.data(), banner.size());
    }
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        error = std::string("fork: ") + std::strerror(errno);
        ::close(log);
        if (fds[0] >= 0) {
            ::close(fds[0]);
            ::close(fds[1]);
        }
        return false;
    }
    if (pid == 0)
        execChild(argv, fds[1] >= 0 ? fds[1] : log, log, parent);
    m_pid = pid;
    ::close(log);
    if (fds[0] < 0)
        return true;
    ::close(fds[1]);
    // Read stdout until the line comes (or the child exits / the time runs out). The child
    // keeps writing to the pipe afterwards only if it prints more; ours print "ready" last.
    std::string seen;
    const auto deadline = Clock::now() + readyTimeout;
    bool ready = false;
    char buf[1024];
    while (!ready) {
        pollfd p{fds[0], POLLIN, 0};
        const int n = ::poll(&p, 1, msLeft(deadline));
        if (n <= 0) {
            if (n < 0 && errno == EINTR)
                continue;
            break;
        }
        const ssize_t got = ::read(fds[0], buf, sizeof buf);
        if (got <= 0)
            break;
        seen.append(buf, size_t(got));
        std::istringstream lines(seen);
        std::string l;
        while (std::getline(lines, l))
            if (l == waitForLine)
                ready = true;
    }
    ::close(fds[0]);
    if (!ready) {
        error = joinArgs(args) + ": no \"" + waitForLine + "\" within "
                + std::to_string(readyTimeout.count()) + " ms; it said: " + seen
                + " (log: " + logFile + ")";
        stop(std::chrono::milliseconds(500));
        return false;
    }
    return true;
}

bool ChildProcess::running()
{
    if (m_pid <= 0)
        return false;
    int status = 0;
    const pid_t r = ::waitpid(m_pid, &status, WNOHANG);
    if (r == m_pid) {
        m_pid = -1;
        return false;
    }
    return true;
}

void ChildProcess::kill(int signal)
{
    if (m_pid <= 0)
        return;
    ::kill(m_pid, signal);
    if (signal == SIGKILL) {
        int status = 0;
        while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
        }
        m_pid = -1;
    }
}

int ChildProcess::stop(std::chrono::milliseconds grace)
{
    if (m_pid <= 0)
        return -1;
    int status = 0;
    if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_pid = -1;
        return status;
    }
    ::kill(m_pid, SIGTERM);
    const auto deadline = Clock::now() + grace;
    while (Clock::now() < deadline) {
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            return status;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(m_pid, SIGKILL);
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_pid = -1;
    return status;
}

// ---- topology -----------------------------------------------------------------------------

std::string Testbed::defaultPrefix()
{
    return "ssa" + std::to_string(::getpid()) + "-";
}

std::vector<std::string> Testbed::namespacesWithPrefix(const std::string &prefix)
{
    std::vector<std::string> out;
    const RunResult r = run({"ip", "netns", "list"});
    std::istringstream lines(r.output);
    std::string line;
    while (std::getline(lines, line)) {
        const std::string name = line.substr(0, line.find(' '));
        if (!prefix.empty() && name.starts_with(prefix))
            out.push_back(name);
    }
    return out;
}

std::vector<std::string> Testbed::liveNamespaces() const
{
    return namespacesWithPrefix(m_prefix);
}

const PodNs *Testbed::pod(const std::string &name) const
{
    for (const auto &p : m_pods)
        if (p.name == name)
            return &p;
    return nullptr;
}

std::vector<const PodNs *> Testbed::podsOn(int node) const
{
    std::vector<const PodNs *> out;
    for (const auto &p : m_pods)
        if (p.node == node)
            out.push_back(&p);
    return out;
}

bool Testbed::spawnGuardian(std::string &error)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        error = std::string("pipe2: ") + std::strerror(errno);
        return false;
    }
    // Waits until our end of the pipe closes (we exited, however), then kills what runs in our
    // namespaces and deletes them. Only names with our prefix, which holds our pid.
    const char *script = "while read -r _; do :; done\n"
                         "for round in 1 2; do\n"
                         "  for ns in $(ip netns list | awk '{print $1}'); do\n"
                         "    case \"$ns\" in \"$0\"*)\n"
                         "      for pid in $(ip netns pids \"$ns\"); do kill -9 \"$pid\"; done\n"
                         "      ip netns del \"$ns\";;\n"
                         "    esac\n"
                         "  done\n"
                         "done\n";
    Argv argv({"/bin/sh", "-c", script, m_prefix});
    const pid_t pid = ::fork();
    if (pid < 0) {
        error = std::string("fork: ") + std::strerror(errno);
        ::close(fds[0]);
        ::close(fds[1]);
        return false;
    }
    if (pid == 0) {
        // Its own session: a Ctrl-C or a process-group kill does not take it along.
        ::setsid();
        ::dup2(fds[0], 0);
        const int devnull = ::open("/dev/null", O_WRONLY);
        ::dup2(devnull, 1);
        ::dup2(devnull, 2);
        ::execve(argv.path.c_str(), argv.ptrs.data(), environ);
        ::_exit(127);
    }
    ::close(fds[0]);
    m_guardianPid = pid;
    m_guardianPipe = fds[1];
    return true;
}

bool Testbed::sh(const std::vector<std::string> &argv, std::string &error)
{
    const RunResult r = run(argv);
    if (!r.ok()) {
        error = joinArgs(argv) + ": exit " + std::to_string(r.exitCode) + ": " + r.output;
        return false;
    }
    return true;
}

bool Testbed::in(const std::string &netns, const std::vector<std::string> &argv, std::string &error)
{
    std::vector<std::string> full = {"ip", "netns", "exec", netns};
    full.insert(full.end(), argv.begin(), argv.end());
    return sh(full, error);
}

bool Testbed::addNamespace(const std::string &name, std::string &error)
{
    if (!sh({"ip", "netns", "add", name}, error))
        return false;
    m_created.push_back(name);
    return sh({"ip", "-n", name, "link", "set", "lo", "up"}, error);
}

ChildProcess *Testbed::spawn(const std::vector<std::string> &argv,
                             const std::string &logName,
                             std::string &error,
                             const std::string &waitForLine)
{
    auto child = std::make_unique<ChildProcess>();
    if (!child->start(argv, m_logDir + "/" + logName + ".log", error, waitForLine))
        return nullptr;
    m_children.push_back(std::move(child));
    return m_children.back().get();
}

bool Testbed::up(const TestbedOptions &o, std::string &error)
{
    if (m_up) {
        error = "already up";
        return false;
    }
    m_prefix = o.prefix.empty() ? defaultPrefix() : o.prefix;
    m_logDir = o.logDir;
    if (m_logDir.empty()) {
        error = "TestbedOptions::logDir is required";
        return false;
    }
    std::error_code ec;
    fs::create_directories(m_logDir, ec);
    if (o.nodes < 1 || o.nodes > 8 || o.podsPerNode > 20 || o.outsideClients > 8) {
        error = "unsupported testbed size";
        return false;
    }
    if (!namespacesWithPrefix(m_prefix).empty()) {
        error = "namespaces with prefix " + m_prefix + " exist already";
        return false;
    }
    // The guardian first: from now on nothing this run creates can outlive this process.
    if (!spawnGuardian(error))
        return false;
    m_up = true; // down() undoes a partial build
    auto fail = [&](const std::string &what) {
        error = what + ": " + error;
        down();
        return false;
    };

    m_lan = m_prefix + "lan";
    if (!addNamespace(m_lan, error))
        return fail("lan");
    if (!sh({"ip", "-n", m_lan, "link", "add", "br0", "type", "bridge"}, error)
        || !sh({"ip", "-n", m_lan, "link", "set", "br0", "up"}, error))
        return fail("lan bridge");

    // A veth from `netns` (named eth0 there) to a port of the lan bridge.
    auto plugIntoLan
        = [&](const std::string &netns, const std::string &port, const std::string &cidr) {
              return sh({"ip",
                         "link",
                         "add",
                         "eth0",
                         "netns",
                         netns,
                         "type",
                         "veth",
                         "peer",
                         "name",
                         port,
                         "netns",
                         m_lan},
                        error)
                     && sh({"ip", "-n", m_lan, "link", "set", port, "master", "br0", "up"}, error)
                     && sh({"ip", "-n", netns, "addr", "add", cidr, "dev", "eth0"}, error)
                     && sh({"ip", "-n", netns, "link", "set", "eth0", "up"}, error);
          };

    // The nodes' default gateway: a host on the lan that forwards nothing (ip_forward=0) and so
    // silently swallows what no rule claimed, like an upstream router to nowhere. Without it a
    // node's ARP for the gateway fails and the node answers with ICMP host unreachables, which
    // spend its per-destination ICMP budget that the REJECTs of services without endpoints
    // need.
    const std::string gw = m_prefix + "gw";
    if (!addNamespace(gw, error) || !plugIntoLan(gw, "gw", std::string(kLanNoGateway) + "/24"))
        return fail("gateway");

    for (int n = 1; n <= o.nodes; ++n) {
        NodeNs node;
        node.name = m_prefix + "node" + std::to_string(n);
        node.ip = "192.168.77." + std::to_string(10 + n);
        node.podCidr = "10.244." + std::to_string(n) + ".0/24";
        node.gatewayIp = "10.244." + std::to_string(n) + ".1";
        if (!addNamespace(node.name, error)
            || !plugIntoLan(node.name, "node" + std::to_string(n), node.ip + "/24"))
            return fail(node.name);
        // The pods' next hop lives on lo: every pod's veth peer answers ARP for it.
        if (!sh({"ip", "-n", node.name, "addr", "add", node.gatewayIp + "/32", "dev", "lo"}, error)
            || !in(node.name, {"sysctl", "-q", "-w", "net.ipv4.ip_forward=1"}, error))
            return fail(node.name);
        // A default route, as every real node has one: a node's own connection to a service
        // VIP needs a route before the OUTPUT DNAT, and a forwarded packet to a VIP without
        // endpoints must get as far as the filter table's REJECT. Its gateway is the "gw"
        // namespace on the isolated lan: nothing leaves the testbed.
        // No ICMP redirects from a node: a client that routes a VIP through a node on the same
        // lan would be told to use that gateway directly, and every redirect also spends the
        // node's per-destination ICMP budget, which the "no endpoints" REJECTs need.
        if (!sh({"ip",
                 "-n",
                 node.name,
                 "route",
                 "add",
                 "default",
                 "via",
                 kLanNoGateway,
                 "dev",
                 "eth0",
                 "onlink"},
                error)
            || !in(node.name,
                   {"sysctl",
                    "-q",
                    "-w",
                    "net.ipv4.conf.all.send_redirects=0",
                    "net.ipv4.conf.default.send_redirects=0",
                    "net.ipv4.conf.eth0.send_redirects=0"},
                   error))
            return fail(node.name + " default route");
        m_nodes.push_back(node);
    }
    for (const auto &a : m_nodes)
        for (const auto &b : m_nodes)
            if (a.name != b.name
                && !sh({"ip", "-n", a.name, "route", "add", b.podCidr, "via", b.ip}, error))
                return fail("pod routes");

    for (int c = 1; c <= o.outsideClients; ++c) {
        ClientNs client;
        client.netns = m_prefix + "out" + std::to_string(c);
        client.ip = "192.168.77." + std::to_string(99 + c);
        if (!addNamespace(client.netns, error)
            || !plugIntoLan(client.netns, "out" + std::to_string(c), client.ip + "/24"))
            return fail(client.netns);
        if (!in(client.netns,
                {"sysctl",
                 "-q",
                 "-w",
                 "net.ipv4.conf.all.accept_redirects=0",
                 "net.ipv4.conf.eth0.accept_redirects=0"},
                error))
            return fail(client.netns + " sysctl");
        for (const auto &dst : o.outsideRoutesViaNode1)
            if (!sh({"ip", "-n", client.netns, "route", "add", dst, "via", m_nodes[0].ip}, error))
                return fail(client.netns + " routes");
        m_outside.push_back(client);
    }

    for (int n = 1; n <= o.nodes; ++n) {
        const NodeNs &node = m_nodes[size_t(n - 1)];
        for (int i = 0; i < o.podsPerNode; ++i) {
            PodNs pod;
            pod.name = "n" + std::to_string(n) + char('a' + i);
            pod.netns = m_prefix + pod.name;
            pod.node = n - 1;
            pod.ip = "10.244." + std::to_string(n) + "." + std::to_string(2 + i);
            const std::string peer = "v" + pod.name;
            if (!addNamespace(pod.netns, error)
                || !sh({"ip",
                        "link",
                        "add",
                        "eth0",
                        "netns",
                        pod.netns,
                        "type",
                        "veth",
                        "peer",
                        "name",
                        peer,
                        "netns",
                        node.name},
                       error)
                || !sh({"ip", "-n", pod.netns, "addr", "add", pod.ip + "/32", "dev", "eth0"}, error)
                || !sh({"ip", "-n", pod.netns, "link", "set", "eth0", "up"}, error)
                || !sh({"ip",
                        "-n",
                        pod.netns,
                        "route",
                        "add",
                        node.gatewayIp,
                        "dev",
                        "eth0",
                        "scope",
                        "link"},
                       error)
                || !sh({"ip",
                        "-n",
                        pod.netns,
                        "route",
                        "add",
                        "default",
                        "via",
                        node.gatewayIp,
                        "dev",
                        "eth0"},
                       error)
                || !sh({"ip", "-n", node.name, "link", "set", peer, "up"}, error)
                || !sh({"ip",
                        "-n",
                        node.name,
                        "route",
                        "add",
                        pod.ip + "/32",
                        "dev",
                        peer,
                        "scope",
                        "link",
                        "src",
                        node.gatewayIp},
                       error))
                return fail(pod.netns);
            m_pods.push_back(pod);
        }
    }

    if (!o.echoServer.empty()) {
        const std::string tcp
            = std::to_string(kEchoTcpPort) + "," + std::to_string(kEchoAltTcpPort);
        for (const auto &pod : m_pods)
            if (!spawn({"ip",
                        "netns",
                        "exec",
                        pod.netns,
                        o.echoServer,
                        "--name",
                        pod.name,
                        "--tcp",
                        tcp,
                        "--udp",
                        std::to_string(kEchoUdpPort)},
                       "echo-" + pod.name,
                       error,
                       "ready"))
                return fail("echo server in " + pod.netns);
        for (const auto &node : m_nodes)
            if (!spawn({"ip",
                        "netns",
                        "exec",
                        node.name,
                        o.echoServer,
                        "--name",
                        node.name,
                        "--tcp",
                        std::to_string(kNodeEchoTcpPort)},
                       "echo-" + node.name,
                       error,
                       "ready"))
                return fail("echo server in " + node.name);
    }
    return true;
}

bool Testbed::down()
{
    if (!m_up)
        return true;
    for (auto it = m_children.rbegin(); it != m_children.rend(); ++it)
        (*it)->stop(std::chrono::milliseconds(2000));
    m_children.clear();
    bool ok = true;
    for (auto it = m_created.rbegin(); it != m_created.rend(); ++it) {
        // Anything still running inside is ours (an agent a test left behind): kill it first,
        // or the namespace lives on after `ip netns del`.
        const RunResult pids = run({"ip", "netns", "pids", *it});
        std::istringstream ss(pids.output);
        std::string pid;
        while (ss >> pid)
            if (const long p = std::strtol(pid.c_str(), nullptr, 10); p > 1 && p != ::getpid())
                ::kill(pid_t(p), SIGKILL);
        run({"ip", "netns", "del", *it});
    }
    m_created.clear();
    if (!liveNamespaces().empty())
        ok = false;
    if (m_guardianPipe >= 0) {
        ::close(m_guardianPipe); // the guardian looks once more (nothing left) and exits
        m_guardianPipe = -1;
    }
    if (m_guardianPid > 0) {
        int status = 0;
        while (::waitpid(m_guardianPid, &status, 0) < 0 && errno == EINTR) {
        }
        m_guardianPid = -1;
    }
    if (!liveNamespaces().empty())
        ok = false;
    m_nodes.clear();
    m_pods.clear();
    m_outside.clear();
    m_up = false;
    return ok;
}

// ---- clients ------------------------------------------------------------------------------

const char *outcomeName(Outcome o)
{
    switch (o) {
    case Outcome::Answer:
        return "answer";
    case Outcome::Refused:
        return "refused";
    case Outcome::Timeout:
        return "timeout";
    case Outcome::Unreachable:
        return "unreachable";
    case Outcome::Reset:
        return "reset";
    case Outcome::Error:
        return "error";
    }
    return "?";
}

std::string Reply::toString() const
{
    std::string s = outcomeName(outcome);
    if (outcome == Outcome::Answer)
        s += " \"" + line + "\"";
    else if (errnum)
        s += std::string(" (") + std::strerror(errnum) + ")";
    char t[32];
    std::snprintf(t, sizeof t, " after %.3f s", seconds);
    return s + t;
}

bool inNetns(const std::string &netns, const std::function<void()> &fn, std::string &error)
{
    bool entered = false;
    std::thread worker([&] {
        const int fd = ::open(("/run/netns/" + netns).c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            error = "open /run/netns/" + netns + ": " + std::strerror(errno);
            return;
        }
        // Only this thread changes namespace; the thread ends afterwards.
        const int rc = ::setns(fd, CLONE_NEWNET);
        ::close(fd);
        if (rc != 0) {
            error = "setns " + netns + ": " + std::strerror(errno);
            return;
        }
        entered = true;
        fn();
    });
    worker.join();
    return entered;
}

namespace {

bool toSockaddr(const std::string &ip, int port, sockaddr_in &sa)
{
    std::memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(uint16_t(port));
    return ::inet_pton(AF_INET, ip.c_str(), &sa.sin_addr) == 1;
}

std::string addrText(const sockaddr_in &sa)
{
    char b[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &sa.sin_addr, b, sizeof b);
    return b;
}

Outcome outcomeOfErrno(int e)
{
    switch (e) {
    case ECONNREFUSED:
        return Outcome::Refused;
    case EHOSTUNREACH:
    case ENETUNREACH:
    case EACCES:
    case EPERM:
        return Outcome::Unreachable;
    case ECONNRESET:
    case EPIPE:
        return Outcome::Reset;
    case ETIMEDOUT:
        return Outcome::Timeout;
    default:
        return Outcome::Error;
    }
}

void parseEcho(Reply &r)
{
    while (!r.line.empty() && (r.line.back() == '\n' || r.line.back() == '\r'))
        r.line.pop_back();
    std::istringstream ss(r.line);
    std::string word;
    while (ss >> word) {
        if (word.starts_with("pod="))
            r.pod = word.substr(4);
        else if (word.starts_with("client=")) {
            const std::string a = word.substr(7);
            const size_t colon = a.rfind(':');
            r.clientIp = a.substr(0, colon);
            if (colon != std::string::npos)
                r.clientPort = std::atoi(a.c_str() + colon + 1);
        } else if (word.starts_with("port=")) {
            r.serverPort = std::atoi(word.c_str() + 5);
        }
    }
}

// A connected socket of `type` to ip:port (non-blocking), or a Reply with the failure.
int connectSocket(int type,
                  const std::string &ip,
                  int port,
                  const ClientOptions &o,
                  Clock::time_point deadline,
                  Reply &r)
{
    sockaddr_in dst{};
    if (!toSockaddr(ip, port, dst)) {
        r.outcome = Outcome::Error;
        r.line = "bad address " + ip;
        return -1;
    }
    const int s = ::socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s < 0) {
        r.errnum = errno;
        return -1;
    }
    if (!o.bindIp.empty()) {
        sockaddr_in src{};
        toSockaddr(o.bindIp, 0, src);
        if (::bind(s, reinterpret_cast<sockaddr *>(&src), sizeof src) != 0) {
            r.errnum = errno;
            ::close(s);
            return -1;
        }
    }
    if (::connect(s, reinterpret_cast<sockaddr *>(&dst), sizeof dst) != 0) {
        if (errno != EINPROGRESS) {
            r.errnum = errno;
            r.outcome = outcomeOfErrno(errno);
            ::close(s);
            return -1;
        }
        pollfd p{s, POLLOUT, 0};
        int n;
        while ((n = ::poll(&p, 1, msLeft(deadline))) < 0 && errno == EINTR) {
        }
        if (n == 0) {
            r.outcome = Outcome::Timeout;
            ::close(s);
            return -1;
        }
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
            r.errnum = err;
            r.outcome = outcomeOfErrno(err);
            ::close(s);
            return -1;
        }
    }
    sockaddr_in local{};
    socklen_t len = sizeof local;
    ::getsockname(s, reinterpret_cast<sockaddr *>(&local), &len);
    r.localIp = addrText(local);
    return s;
}

// Reads until `enough(data)` or EOF; false on timeout or error (r filled).
bool readSome(int s,
              Clock::time_point deadline,
              std::string &data,
              Reply &r,
              const std::function<bool(const std::string &)> &enough)
{
    char buf[4096];
    for (;;) {
        if (enough(data))
            return true;
        pollfd p{s, POLLIN, 0};
        const int n = ::poll(&p, 1, msLeft(deadline));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            r.outcome = Outcome::Timeout;
            return false;
        }
        const ssize_t got = ::recv(s, buf, sizeof buf, 0);
        if (got < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            r.errnum = errno;
            r.outcome = outcomeOfErrno(errno);
            return false;
        }
        if (got == 0)
            return true; // EOF
        data.append(buf, size_t(got));
    }
}

Reply tcpOnce(const std::string &ip, int port, const ClientOptions &o)
{
    Reply r;
    const auto t0 = Clock::now();
    const auto deadline = t0 + o.timeout;
    const int s = connectSocket(SOCK_STREAM, ip, port, o, deadline, r);
    if (s >= 0) {
        std::string data;
        if (readSome(s, deadline, data, r, [](const std::string &d) {
                return d.find('\n') != std::string::npos;
            })) {
            if (data.empty()) {
                r.outcome = Outcome::Reset; // closed without an answer
            } else {
                r.outcome = Outcome::Answer;
                r.line = data.substr(0, data.find('\n'));
                parseEcho(r);
            }
        }
        ::close(s);
    }
    r.seconds = secondsSince(t0);
    return r;
}

Reply udpOnce(const std::string &ip, int port, const ClientOptions &o)
{
    Reply r;
    const auto t0 = Clock::now();
    const auto deadline = t0 + o.timeout;
    // connect() on UDP: an ICMP port unreachable comes back as ECONNREFUSED on recv.
    const int s = connectSocket(SOCK_DGRAM, ip, port, o, deadline, r);
    if (s >= 0) {
        static const char ping[] = "ping\n";
        if (::send(s, ping, sizeof ping - 1, 0) < 0) {
            r.errnum = errno;
            r.outcome = outcomeOfErrno(errno);
        } else {
            for (;;) {
                pollfd p{s, POLLIN, 0};
                const int n = ::poll(&p, 1, msLeft(deadline));
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0) {
                    r.outcome = Outcome::Timeout;
                    break;
                }
                char buf[2048];
                const ssize_t got = ::recv(s, buf, sizeof buf, 0);
                if (got < 0) {
                    if (errno == EINTR || errno == EAGAIN)
                        continue;
                    r.errnum = errno;
                    r.outcome = outcomeOfErrno(errno);
                    break;
                }
                r.outcome = Outcome::Answer;
                r.line.assign(buf, size_t(got));
                parseEcho(r);
                break;
            }
        }
        ::close(s);
    }
    r.seconds = secondsSince(t0);
    return r;
}

std::vector<Reply> requests(const std::string &netns, int count, const std::function<Reply()> &once)
{
    std::vector<Reply> out;
    std::string error;
    if (!inNetns(
            netns,
            [&] {
                for (int i = 0; i < count; ++i)
                    out.push_back(once());
            },
            error)) {
        Reply r;
        r.outcome = Outcome::Error;
        r.line = error;
        out.assign(size_t(count), r);
    }
    return out;
}

} // namespace

std::vector<Reply> tcpRequests(const std::string &netns,
                               const std::string &ip,
                               int port,
                               int count,
                               const ClientOptions &options)
{
    return requests(netns, count, [&] { return tcpOnce(ip, port, options); });
}

std::vector<Reply> udpRequests(const std::string &netns,
                               const std::string &ip,
                               int port,
                               int count,
                               const ClientOptions &options)
{
    return requests(netns, count, [&] { return udpOnce(ip, port, options); });
}

Reply tcpRequest(const std::string &netns,
                 const std::string &ip,
                 int port,
                 const ClientOptions &options)
{
    return tcpRequests(netns, ip, port, 1, options).front();
}

Reply udpRequest(const std::string &netns,
                 const std::string &ip,
                 int port,
                 const ClientOptions &options)
{
    return udpRequests(netns, ip, port, 1, options).front();
}

HttpReply httpGet(const std::string &netns,
                  const std::string &ip,
                  int port,
                  const std::string &path,
                  const ClientOptions &options)
{
    HttpReply h;
    std::string error;
    const bool entered = inNetns(
        netns,
        [&] {
            Reply r;
            const auto deadline = Clock::now() + options.timeout;
            const int s = connectSocket(SOCK_STREAM, ip, port, options, deadline, r);
            if (s < 0) {
                h.outcome = r.outcome;
                return;
            }
            const std::string req = "GET " + path + " HTTP/1.1\r\nHost: " + ip + ":"
                                    + std::to_string(port) + "\r\nConnection: close\r\n\r\n";
            if (::send(s, req.data(), req.size(), MSG_NOSIGNAL) != ssize_t(req.size())) {
                h.outcome = Outcome::Reset;
                ::close(s);
                return;
            }
            // Until EOF, or until Content-Length bytes of body arrived.
            std::string data;
            auto complete = [](const std::string &d) {
                const size_t end = d.find("\r\n\r\n");
                if (end == std::string::npos)
                    return false;
                std::string head = d.substr(0, end);
                for (auto &c : head)
                    c = char(std::tolower(static_cast<unsigned char>(c)));
                const size_t cl = head.find("content-length:");
                if (cl == std::string::npos)
                    return false;
                const long n = std::strtol(head.c_str() + cl + 15, nullptr, 10);
                return d.size() >= end + 4 + size_t(n);
            };
            const bool ok = readSome(s, deadline, data, r, complete);
            ::close(s);
            if (!ok && data.empty()) {
                h.outcome = r.outcome;
                return;
            }
            const size_t sp = data.find(' ');
            if (!data.starts_with("HTTP/") || sp == std::string::npos) {
                h.outcome = Outcome::Error;
                h.body = data;
                return;
            }
            h.outcome = Outcome::Answer;
            h.status = std::atoi(data.c_str() + sp + 1);
            const size_t end = data.find("\r\n\r\n");
            h.body = end == std::string::npos ? std::string() : data.substr(end + 4);
        },
        error);
    if (!entered) {
        h.outcome = Outcome::Error;
        h.body = error;
    }
    return h;
}

std::map<std::string, int> tally(const std::vector<Reply> &replies)
{
    std::map<std::string, int> t;
    for (const auto &r : replies)
        ++t[r.outcome == Outcome::Answer ? r.pod : std::string("[") + outcomeName(r.outcome) + "]"];
    return t;
}

std::string describe(const std::map<std::string, int> &t)
{
    std::string s;
    for (const auto &[k, v] : t)
        s += (s.empty() ? "" : ", ") + k + ": " + std::to_string(v);
    return "{" + s + "}";
}

} // namespace studio::test::netns
