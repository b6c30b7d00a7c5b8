// SPDX-License-Identifier: GPL-3.0-or-later
// A TCP relay from inside a network namespace to the host's loopback: the test apiserver
// listens on the host's 127.0.0.1 only, and an agent in a node namespace has its own loopback.
//
//   netns_relay --netns NAME --listen IP:PORT --connect IP:PORT
//
// The listening socket is created inside /run/netns/NAME (setns there, socket, bind, listen,
// setns back through an fd of our own /proc/self/ns/net opened first); every accepted
// connection is relayed to --connect from the original namespace. One poll loop, byte copy in
// both directions with half-close. Prints "ready" on stdout once listening. Nothing about the
// namespaces changes: only sockets are created.

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <list>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

volatile sig_atomic_t g_stop = 0;

void onSignal(int)
{
    g_stop = 1;
}

bool parseAddr(const std::string &text, sockaddr_in &sa)
{
    const size_t colon = text.rfind(':');
    if (colon == std::string::npos)
        return false;
    std::memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(uint16_t(std::atoi(text.c_str() + colon + 1)));
    return ::inet_pton(AF_INET, text.substr(0, colon).c_str(), &sa.sin_addr) == 1;
}

// One direction of a relayed connection: bytes read from `from` waiting to go to `to`.
struct Pipe
{
    std::string buffer;
    bool eof = false;      // `from` said EOF
    bool shutDown = false; // we passed the EOF on (shutdown(to, SHUT_WR))
};

struct Connection
{
    int a = -1; // accepted (the agent)
    int b = -1; // to the target (the apiserver)
    bool bConnected = false;
    Pipe ab, ba;
    bool dead = false;
};

constexpr size_t kMaxBuffer = 1 << 20;

// Reads what `from` has into p.buffer; false on a hard error.
bool pump(int from, Pipe &p)
{
    char buf[65536];
    while (p.buffer.size() < kMaxBuffer) {
        const ssize_t n = ::recv(from, buf, sizeof buf, 0);
        if (n > 0) {
            p.buffer.append(buf, size_t(n));
            continue;
        }
        if (n == 0) {
            p.eof = true;
            return true;
        }
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    }
    return true;
}

bool flush(int to, Pipe &p)
{
    while (!p.buffer.empty()) {
        const ssize_t n = ::send(to, p.buffer.data(), p.buffer.size(), MSG_NOSIGNAL);
        if (n > 0) {
            p.buffer.erase(0, size_t(n));
            continue;
        }
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
    }
    if (p.eof && !p.shutDown) {
        ::shutdown(to, SHUT_WR);
        p.shutDown = true;
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    std::string netns, listenText, connectText;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        if (k == "--netns")
            netns = argv[i + 1];
        else if (k == "--listen")
            listenText = argv[i + 1];
        else if (k == "--connect")
            connectText = argv[i + 1];
    }
    sockaddr_in listenAddr{}, target{};
    if (netns.empty() || !parseAddr(listenText, listenAddr) || !parseAddr(connectText, target)) {
        std::fprintf(stderr,
                     "usage: netns_relay --netns NAME --listen IP:PORT --connect IP:PORT\n");
        return 2;
    }
    struct sigaction sa
    {
    };
    sa.sa_handler = onSignal;
    ::sigaction(SIGTERM, &sa, nullptr);
    ::sigaction(SIGINT, &sa, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    const int home = ::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
    const std::string path = netns.find('/') == std::string::npos ? "/run/netns/" + netns : netns;
    const int there = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (home < 0 || there < 0) {
        std::fprintf(stderr, "netns_relay: open namespaces: %s\n", std::strerror(errno));
        return 1;
    }
    if (::setns(there, CLONE_NEWNET) != 0) {
        std::fprintf(stderr, "netns_relay: setns %s: %s\n", path.c_str(), std::strerror(errno));
        return 1;
    }
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    const int one = 1;
    ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    const bool listening
        = listener >= 0
          && ::bind(listener, reinterpret_cast<sockaddr *>(&listenAddr), sizeof listenAddr) == 0
          && ::listen(listener, 64) == 0;
    const int listenErrno = errno;
    // Back home before anything else: connections to the target go out from here.
    if (::setns(home, CLONE_NEWNET) != 0) {
        std::fprintf(stderr, "netns_relay: setns back: %s\n", std::strerror(errno));
        return 1;
    }
    ::close(home);
    ::close(there);
    if (!listening) {
        std::fprintf(stderr,
                     "netns_relay: listen %s in %s: %s\n",
                     listenText.c_str(),
                     netns.c_str(),
                     std::strerror(listenErrno));
        return 1;
    }
    std::printf("ready\n");
    std::fflush(stdout);
    ::dup2(2, 1);

    std::list<Connection> conns;
    unsigned long accepted = 0;
    while (!g_stop) {
        std::vector<pollfd> fds;
        std::vector<Connection *> owner;
        fds.push_back({listener, POLLIN, 0});
        owner.push_back(nullptr);
        for (auto &c : conns) {
            short ea = 0, eb = 0;
            if (!c.ab.eof && c.ab.buffer.size() < kMaxBuffer)
                ea |= POLLIN;
            if (!c.ba.buffer.empty() || (c.ba.eof && !c.ba.shutDown))
                ea |= POLLOUT;
            if (!c.bConnected)
                eb |= POLLOUT;
            else {
                if (!c.ba.eof && c.ba.buffer.size() < kMaxBuffer)
                    eb |= POLLIN;
                if (!c.ab.buffer.empty() || (c.ab.eof && !c.ab.shutDown))
                    eb |= POLLOUT;
            }
            fds.push_back({c.a, ea, 0});
            owner.push_back(&c);
            fds.push_back({c.b, eb, 0});
            owner.push_back(&c);
        }
        const int n = ::poll(fds.data(), fds.size(), 500);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return 1;
        }
        if (fds[0].revents & POLLIN) {
            for (;;) {
                const int a = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
                if (a < 0)
                    break;
                const int b = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
                ::setsockopt(a, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                ::setsockopt(b, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                Connection c;
                c.a = a;
                c.b = b;
                const int rc = ::connect(b, reinterpret_cast<sockaddr *>(&target), sizeof target);
                if (rc == 0)
                    c.bConnected = true;
                else if (errno != EINPROGRESS)
                    c.dead = true;
                conns.push_back(std::move(c));
                ++accepted;
            }
        }
        for (size_t i = 1; i < fds.size(); i += 2) {
            Connection &c = *owner[i];
            const short ra = fds[i].revents, rb = fds[i + 1].revents;
            if (!c.bConnected && (rb & (POLLOUT | POLLERR | POLLHUP))) {
                int err = 0;
                socklen_t len = sizeof err;
                ::getsockopt(c.b, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err != 0) {
                    std::fprintf(stderr,
                                 "netns_relay: connect %s: %s\n",
                                 connectText.c_str(),
                                 std::strerror(err));
                    c.dead = true;
                    continue;
                }
                c.bConnected = true;
            }
            if ((ra & (POLLIN | POLLHUP | POLLERR)) && !pump(c.a, c.ab))
                c.dead = true;
            if (c.bConnected && (rb & (POLLIN | POLLHUP | POLLERR)) && !pump(c.b, c.ba))
                c.dead = true;
            if (c.bConnected && !flush(c.b, c.ab))
                c.dead = true;
            if (!flush(c.a, c.ba))
                c.dead = true;
            if (c.ab.shutDown && c.ba.shutDown)
                c.dead = true;
        }
        for (auto it = conns.begin(); it != conns.end();) {
            if (it->dead) {
                ::close(it->a);
                ::close(it->b);
                it = conns.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto &c : conns) {
        ::close(c.a);
        ::close(c.b);
    }
    std::fprintf(stderr, "netns_relay: %lu connections relayed\n", accepted);
    return 0;
}
