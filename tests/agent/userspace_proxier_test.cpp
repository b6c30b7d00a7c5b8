// SPDX-License-Identifier: GPL-3.0-or-later
// The userspace mode's endpoint choice: round robin, retry past failed endpoints, ClientIP
// affinity with its timeout.
#include "userspace_proxier.h"

#include <gtest/gtest.h>

using namespace studio::agent;
using namespace std::chrono_literals;

TEST(EndpointPicker, RoundRobinSkipsFailedEndpoints)
{
    EndpointPicker p;
    p.setEndpoints({"10.0.0.1:80", "10.0.0.2:80", "10.0.0.3:80"}, false, 0);
    const auto now = EndpointPicker::Clock::now();
    EXPECT_EQ(p.next("c", {}, now), "10.0.0.1:80");
    EXPECT_EQ(p.next("c", {}, now), "10.0.0.2:80");
    EXPECT_EQ(p.next("c", {}, now), "10.0.0.3:80");
    EXPECT_EQ(p.next("c", {}, now), "10.0.0.1:80");
    // .2 failed for this connection: the retry goes on to .3, and never back to .2.
    EXPECT_EQ(p.next("c", {"10.0.0.2:80"}, now), "10.0.0.3:80");
    EXPECT_EQ(p.next("c", {"10.0.0.1:80", "10.0.0.2:80", "10.0.0.3:80"}, now), "");
    EndpointPicker none;
    EXPECT_EQ(none.next("c", {}, now), "");
}

TEST(EndpointPicker, ClientIpAffinityAndItsTimeout)
{
    EndpointPicker p;
    p.setEndpoints({"10.0.0.1:80", "10.0.0.2:80"}, true, 10);
    const auto t0 = EndpointPicker::Clock::now();
    const std::string first = p.next("192.0.2.1", {}, t0);
    p.connected("192.0.2.1", first, t0);
    EXPECT_EQ(p.next("192.0.2.1", {}, t0 + 5s), first);
    const std::string other = p.next("192.0.2.2", {}, t0);
    EXPECT_NE(other, first); // another client goes on round robin
    // The sticky endpoint fails: the client moves on.
    EXPECT_NE(p.next("192.0.2.1", {first}, t0 + 6s), first);
    // Expired: round robin again (any endpoint), and the entry is gone.
    p.connected("192.0.2.1", first, t0);
    const std::string a = p.next("192.0.2.1", {}, t0 + 11s);
    const std::string b = p.next("192.0.2.1", {}, t0 + 11s);
    EXPECT_NE(a, b);
    // The sticky endpoint leaves the service: forgotten.
    p.connected("192.0.2.3", "10.0.0.2:80", t0);
    p.setEndpoints({"10.0.0.1:80"}, true, 10);
    EXPECT_EQ(p.next("192.0.2.3", {}, t0 + 1s), "10.0.0.1:80");
}

// ---- the UDP proxy, on loopback with real sockets ----------------------------------------

#include <QCoreApplication>
#include <QUdpSocket>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <optional>
#include <thread>

namespace {

// A UDP echo endpoint on 127.0.0.1: answers "NAME client=IP:PORT" to every datagram.
class UdpEcho
{
public:
    explicit UdpEcho(std::string name)
        : m_name(std::move(name))
    {
        m_socket.bind(QHostAddress::LocalHost, 0);
        QObject::connect(&m_socket, &QUdpSocket::readyRead, [this] {
            while (m_socket.hasPendingDatagrams()) {
                QHostAddress from;
                quint16 port = 0;
                QByteArray d(int(m_socket.pendingDatagramSize()), 0);
                m_socket.readDatagram(d.data(), d.size(), &from, &port);
                ++m_received;
                const std::string reply
                    = m_name + " client=" + from.toString().toStdString() + ":" + std::to_string(port);
                m_socket.writeDatagram(reply.data(), qint64(reply.size()), from, port);
            }
        });
    }
    std::string endpoint() const { return "127.0.0.1:" + std::to_string(m_socket.localPort()); }
    int received() const { return m_received; }

private:
    std::string m_name;
    QUdpSocket m_socket;
    int m_received = 0;
};

// A client socket of the test (plain POSIX, non-blocking).
class Client
{
public:
    Client()
    {
        m_fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_fd, reinterpret_cast<sockaddr *>(&a), sizeof a);
    }
    ~Client() { ::close(m_fd); }
    // Sends to 127.0.0.1:port and runs the event loop until a reply (bounded by `wait`).
    std::optional<std::string> ask(int port, std::string *replyFrom = nullptr,
                                   std::chrono::milliseconds wait = 2s)
    {
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        to.sin_port = htons(uint16_t(port));
        if (::sendto(m_fd, "hi", 2, 0, reinterpret_cast<sockaddr *>(&to), sizeof to) != 2)
            return std::nullopt;
        const auto deadline = std::chrono::steady_clock::now() + wait;
        char buf[512];
        while (std::chrono::steady_clock::now() < deadline) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
            sockaddr_in from{};
            socklen_t len = sizeof from;
            const ssize_t n
                = ::recvfrom(m_fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr *>(&from), &len);
            if (n > 0) {
                if (replyFrom) {
                    char ip[INET_ADDRSTRLEN] = {};
                    ::inet_ntop(AF_INET, &from.sin_addr, ip, sizeof ip);
                    *replyFrom = std::string(ip) + ":" + std::to_string(ntohs(from.sin_port));
                }
                return std::string(buf, size_t(n));
            }
        }
        return std::nullopt;
    }

private:
    int m_fd = -1;
};

std::string podOf(const std::optional<std::string> &reply)
{
    return reply ? reply->substr(0, reply->find(' ')) : std::string("[no reply]");
}

studio::proxy::ServicePortInfo udpPortInfo(const std::vector<std::string> &endpoints, bool affinity)
{
    studio::proxy::ServicePortInfo p;
    p.namespace_ = "default";
    p.name = "dns";
    p.portName = "dns";
    p.protocol = "UDP";
    p.clientIpAffinity = affinity;
    p.stickySeconds = 60;
    for (const std::string &e : endpoints) {
        studio::proxy::ProxyEndpoint pe;
        pe.ip = e.substr(0, e.rfind(':'));
        pe.port = std::stoi(e.substr(e.rfind(':') + 1));
        pe.ready = true;
        p.endpoints.push_back(pe);
    }
    return p;
}

void runEventsFor(std::chrono::milliseconds d)
{
    const auto until = std::chrono::steady_clock::now() + d;
    while (std::chrono::steady_clock::now() < until)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

} // namespace

// Each client address:port is a session on one endpoint (round robin between sessions); the
// reply comes from the proxy's port, the endpoint sees the proxy's socket, not the client;
// idle sessions close after the timeout and the next datagram opens a new one.
TEST(UdpServicePortProxy, SessionsRoundRobinRepliesFromTheProxyAndIdleTimeout)
{
    UdpEcho a("a"), b("b");
    UdpServicePortProxy proxy(200ms);
    std::string error;
    ASSERT_TRUE(proxy.listen(error, "127.0.0.1")) << error;
    proxy.update(udpPortInfo({a.endpoint(), b.endpoint()}, false));
    Client c1, c2;
    std::string from;
    const auto r1 = c1.ask(proxy.port(), &from);
    ASSERT_TRUE(r1);
    EXPECT_EQ(from, "127.0.0.1:" + std::to_string(proxy.port())) << "reply not from the proxy";
    EXPECT_EQ(podOf(r1), "a");
    EXPECT_EQ(podOf(c1.ask(proxy.port())), "a") << "the session moved";
    EXPECT_EQ(podOf(c2.ask(proxy.port())), "b") << "a new session: the next endpoint";
    EXPECT_EQ(proxy.sessions(), 2u);
    // The endpoint saw the proxy's upstream socket, not the client's port.
    const std::string seen = r1->substr(r1->find("client=") + 7);
    EXPECT_EQ(seen.rfind("127.0.0.1:", 0), 0u) << seen;
    EXPECT_EQ(a.received(), 2);
    EXPECT_EQ(b.received(), 1);

    runEventsFor(500ms);
    EXPECT_EQ(proxy.sessions(), 0u) << "idle sessions were not closed after 200 ms";
    EXPECT_EQ(podOf(c1.ask(proxy.port())), "a") << "round robin goes on after the timeout";
    EXPECT_EQ(proxy.sessions(), 1u);

    // The endpoint leaves the service: its sessions close; the client gets the other one.
    proxy.update(udpPortInfo({b.endpoint()}, false));
    EXPECT_EQ(proxy.sessions(), 0u);
    EXPECT_EQ(podOf(c1.ask(proxy.port())), "b");
    // No endpoints: the datagram is dropped, no session.
    proxy.update(udpPortInfo({}, false));
    EXPECT_FALSE(c2.ask(proxy.port(), nullptr, 300ms));
    EXPECT_EQ(proxy.sessions(), 0u);
}

// ClientIP affinity: every session of one address goes to one endpoint.
TEST(UdpServicePortProxy, ClientIpAffinityKeepsAnAddressOnOneEndpoint)
{
    UdpEcho a("a"), b("b");
    UdpServicePortProxy proxy(100ms);
    std::string error;
    ASSERT_TRUE(proxy.listen(error, "127.0.0.1")) << error;
    proxy.update(udpPortInfo({a.endpoint(), b.endpoint()}, true));
    Client c1, c2, c3;
    const std::string first = podOf(c1.ask(proxy.port()));
    ASSERT_NE(first, "[no reply]");
    EXPECT_EQ(podOf(c2.ask(proxy.port())), first);
    runEventsFor(300ms); // sessions expire, the affinity (60 s) does not
    EXPECT_EQ(proxy.sessions(), 0u);
    EXPECT_EQ(podOf(c3.ask(proxy.port())), first);
}

// An endpoint nobody listens on (ICMP port unreachable): the session's datagram goes on to
// the next endpoint, and the client gets its answer.
TEST(UdpServicePortProxy, RefusedEndpointRetriesTheNext)
{
    UdpEcho a("a");
    // A port that was free a moment ago: nothing listens.
    std::string dead;
    {
        QUdpSocket s;
        s.bind(QHostAddress::LocalHost, 0);
        dead = "127.0.0.1:" + std::to_string(s.localPort());
    }
    UdpServicePortProxy proxy(1000ms);
    std::string error;
    ASSERT_TRUE(proxy.listen(error, "127.0.0.1")) << error;
    proxy.update(udpPortInfo({dead, a.endpoint()}, false));
    Client c1, c2;
    EXPECT_EQ(podOf(c1.ask(proxy.port())), "a") << "no retry past the dead endpoint";
    EXPECT_EQ(podOf(c2.ask(proxy.port())), "a");
    EXPECT_EQ(a.received(), 2);
}

TEST(UdpServicePortProxy, BadListenAddressIsAnError)
{
    UdpServicePortProxy proxy;
    std::string error;
    EXPECT_FALSE(proxy.listen(error, "not-an-ip"));
    EXPECT_NE(error.find("not-an-ip"), std::string::npos) << error;
}

// ---- the TCP proxy, on loopback ------------------------------------------------------------

#include <poll.h>

// A client that half-closes (sends its request, then FIN) still gets the endpoint's reply,
// which the endpoint sends only after it read the client's end of stream.
TEST(ServicePortProxy, HalfCloseStillRelaysTheReply)
{
    // The endpoint in plain POSIX (a QTcpSocket closes at the end of stream and could not
    // answer after it): reads until EOF, answers "got " + the request, closes.
    const int lfd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in ea{};
    ea.sin_family = AF_INET;
    ea.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t elen = sizeof ea;
    ASSERT_EQ(::bind(lfd, reinterpret_cast<sockaddr *>(&ea), sizeof ea), 0);
    ASSERT_EQ(::listen(lfd, 4), 0);
    ::getsockname(lfd, reinterpret_cast<sockaddr *>(&ea), &elen);
    std::thread server([lfd] {
        pollfd p{lfd, POLLIN, 0};
        if (::poll(&p, 1, 3000) != 1)
            return;
        const int c = ::accept(lfd, nullptr, nullptr);
        timeval tv{3, 0};
        ::setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        std::string request;
        char buf[64];
        ssize_t n;
        while ((n = ::recv(c, buf, sizeof buf, 0)) > 0)
            request.append(buf, size_t(n));
        if (n == 0) {
            const std::string reply = "got " + request;
            ::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
        }
        ::close(c);
    });
    ServicePortProxy proxy;
    std::string error;
    ASSERT_TRUE(proxy.listen(error, "127.0.0.1")) << error;
    studio::proxy::ServicePortInfo p = udpPortInfo({"127.0.0.1:" + std::to_string(ntohs(ea.sin_port))}, false);
    p.protocol = "TCP";
    proxy.update(p);

    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    to.sin_port = htons(uint16_t(proxy.port()));
    std::string reply;
    std::thread client([&] {
        if (::connect(fd, reinterpret_cast<sockaddr *>(&to), sizeof to) != 0)
            return;
        timeval tv{3, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::send(fd, "ping", 4, 0);
        ::shutdown(fd, SHUT_WR);
        char buf[64];
        ssize_t n;
        while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0)
            reply.append(buf, size_t(n));
    });
    const auto until = std::chrono::steady_clock::now() + 4s;
    while (std::chrono::steady_clock::now() < until && !reply.size())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    runEventsFor(200ms);
    client.join();
    server.join();
    ::close(fd);
    ::close(lfd);
    EXPECT_EQ(reply, "got ping");
}
