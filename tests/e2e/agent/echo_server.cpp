// SPDX-License-Identifier: GPL-3.0-or-later
// The "pod" of the agent e2e tests: answers every TCP connection and every UDP datagram with
// one line naming itself and the peer address it saw, so that a test can tell which endpoint a
// connection reached and whether its source was rewritten (masquerade).
//
//   echo_server --name NAME [--tcp PORT[,PORT...]] [--udp PORT[,PORT...]]
//
// Listens on 0.0.0.0 of the network namespace it runs in, prints "ready" on stdout once every
// socket is bound (then stdout goes to stderr), and answers
// "pod=NAME client=IP:PORT port=LOCALPORT\n".
// Single-threaded poll loop; ends on SIGTERM / SIGINT.

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <sstream>
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

std::vector<int> parsePorts(const std::string &list)
{
    std::vector<int> out;
    std::stringstream ss(list);
    std::string item;
    while (std::getline(ss, item, ','))
        if (!item.empty())
            out.push_back(std::atoi(item.c_str()));
    return out;
}

int bound(int type, int port)
{
    const int s = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
    if (s < 0)
        return -1;
    const int one = 1;
    ::setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(uint16_t(port));
    a.sin_addr.s_addr = htonl(INADDR_ANY);
    if (::bind(s, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0
        || (type == SOCK_STREAM && ::listen(s, 512) != 0)) {
        std::fprintf(stderr, "echo_server: bind/listen %d: %s\n", port, std::strerror(errno));
        ::close(s);
        return -1;
    }
    return s;
}

// "port=" is the port the connection arrived on: it tells which targetPort a rule chose.
std::string answer(const std::string &name, const sockaddr_in &peer, int localPort)
{
    char ip[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof ip);
    return "pod=" + name + " client=" + ip + ":" + std::to_string(ntohs(peer.sin_port))
           + " port=" + std::to_string(localPort) + "\n";
}

} // namespace

int main(int argc, char **argv)
{
    std::string name;
    std::vector<int> tcp, udp;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        if (k == "--name")
            name = argv[i + 1];
        else if (k == "--tcp")
            tcp = parsePorts(argv[i + 1]);
        else if (k == "--udp")
            udp = parsePorts(argv[i + 1]);
        else {
            std::fprintf(stderr, "echo_server: unknown option %s\n", k.c_str());
            return 2;
        }
    }
    if (name.empty() || (tcp.empty() && udp.empty())) {
        std::fprintf(stderr, "usage: echo_server --name NAME [--tcp P,...] [--udp P,...]\n");
        return 2;
    }
    struct sigaction sa
    {
    };
    sa.sa_handler = onSignal;
    ::sigaction(SIGTERM, &sa, nullptr);
    ::sigaction(SIGINT, &sa, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    std::vector<pollfd> fds;
    std::vector<bool> isTcp;
    std::vector<int> portOf;
    for (int p : tcp) {
        const int s = bound(SOCK_STREAM, p);
        if (s < 0)
            return 1;
        fds.push_back({s, POLLIN, 0});
        isTcp.push_back(true);
        portOf.push_back(p);
    }
    for (int p : udp) {
        const int s = bound(SOCK_DGRAM, p);
        if (s < 0)
            return 1;
        fds.push_back({s, POLLIN, 0});
        isTcp.push_back(false);
        portOf.push_back(p);
    }
    std::printf("ready\n");
    std::fflush(stdout);
    ::dup2(2, 1); // whoever waited for "ready" may close the pipe now

    while (!g_stop) {
        const int n = ::poll(fds.data(), fds.size(), 500);
        if (n < 0 && errno != EINTR)
            return 1;
        for (size_t i = 0; n > 0 && i < fds.size(); ++i) {
            if (!(fds[i].revents & POLLIN))
                continue;
            sockaddr_in peer{};
            socklen_t len = sizeof peer;
            if (isTcp[i]) {
                const int c
                    = ::accept4(fds[i].fd, reinterpret_cast<sockaddr *>(&peer), &len, SOCK_CLOEXEC);
                if (c < 0)
                    continue;
                const std::string a = answer(name, peer, portOf[i]);
                [[maybe_unused]] ssize_t w = ::send(c, a.data(), a.size(), MSG_NOSIGNAL);
                ::close(c);
            } else {
                char buf[2048];
                const ssize_t got = ::recvfrom(fds[i].fd,
                                               buf,
                                               sizeof buf,
                                               MSG_DONTWAIT,
                                               reinterpret_cast<sockaddr *>(&peer),
                                               &len);
                if (got < 0)
                    continue;
                const std::string a = answer(name, peer, portOf[i]);
                ::sendto(
                    fds[i].fd, a.data(), a.size(), 0, reinterpret_cast<sockaddr *>(&peer), len);
            }
        }
    }
    return 0;
}
