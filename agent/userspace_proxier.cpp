// SPDX-License-Identifier: GPL-3.0-or-later
#include "userspace_proxier.h"

#include "logger.h"
#include "proxy/userspace_plan.h"

#include <QHostAddress>
#include <QTcpSocket>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace studio::agent {

namespace {
// A notifier may be the sender of the running slot: disabled now, deleted later.
void dropNotifier(std::unique_ptr<QSocketNotifier> &n)
{
    if (!n)
        return;
    n->setEnabled(false);
    QObject::disconnect(n.get(), nullptr, nullptr, nullptr);
    n.release()->deleteLater();
}

} // namespace

// --- EndpointPicker -------------------------------------------------------------------------

void EndpointPicker::setEndpoints(std::vector<std::string> endpoints, bool affinity,
                                  int affinitySeconds)
{
    if (endpoints != m_endpoints) {
        m_endpoints = std::move(endpoints);
        m_next = 0;
        // Sticky entries to endpoints that left are dropped (kube-proxy's affinity state).
        for (auto it = m_sticky.begin(); it != m_sticky.end();)
            if (std::find(m_endpoints.begin(), m_endpoints.end(), it->second.endpoint)
                == m_endpoints.end())
                it = m_sticky.erase(it);
            else
                ++it;
    }
    m_affinity = affinity;
    m_affinityTimeout = std::chrono::seconds(affinitySeconds > 0 ? affinitySeconds : 10800);
    if (!m_affinity)
        m_sticky.clear();
}

std::string EndpointPicker::next(const std::string &client, const std::vector<std::string> &skip,
                                 Clock::time_point now)
{
    auto skipped = [&](const std::string &e) {
        return std::find(skip.begin(), skip.end(), e) != skip.end();
    };
    if (m_affinity) {
        const auto it = m_sticky.find(client);
        if (it != m_sticky.end()) {
            if (now - it->second.lastUsed <= m_affinityTimeout && !skipped(it->second.endpoint))
                return it->second.endpoint;
            m_sticky.erase(it);
        }
    }
    for (size_t i = 0; i < m_endpoints.size(); ++i) {
        const std::string &e = m_endpoints[m_next % m_endpoints.size()];
        m_next = (m_next + 1) % m_endpoints.size();
        if (!skipped(e))
            return e;
    }
    return {};
}

void EndpointPicker::connected(const std::string &client, const std::string &endpoint,
                               Clock::time_point now)
{
    if (m_affinity)
        m_sticky[client] = {endpoint, now};
}

// --- PortProxy ------------------------------------------------------------------------------

void PortProxy::update(const proxy::ServicePortInfo &port)
{
    m_name = port.servicePortName() + "/" + port.protocol;
    std::vector<std::string> endpoints;
    for (const proxy::ProxyEndpoint &e : port.endpoints)
        if (e.ready && std::find(endpoints.begin(), endpoints.end(), e.endpoint()) == endpoints.end())
            endpoints.push_back(e.endpoint());
    m_picker.setEndpoints(std::move(endpoints), port.clientIpAffinity, port.stickySeconds);
}

// --- ServicePortProxy -----------------------------------------------------------------------

// One proxied connection: the client's socket, then the endpoint's once one accepted.
//
// Half-close: Qt closes a socket when it reads the end of stream, so that a client that sends
// its request and then FIN would lose the reply. The relay keeps a duplicate of the client's
// descriptor: the connection stays open after Qt's close, the endpoint gets the FIN
// (shutdown SHUT_WR) and what it answers goes to the client through the duplicate; closing
// the duplicate at the end sends the client its FIN.
struct Relay : public QObject
{
    QTcpSocket *client = nullptr;
    QTcpSocket *backend = nullptr;
    std::string clientIp;
    std::vector<std::string> tried;
    QTimer connectTimer;
    bool finished = false;
    int clientDup = -1;
    bool clientEof = false;   // Qt closed the client socket: its direction is done
    bool backendDone = false; // the endpoint closed
    bool backendShut = false; // the endpoint got our FIN
    QByteArray toClient;      // after clientEof: bytes for the client, through clientDup
    std::unique_ptr<QSocketNotifier> clientWritable;

    ~Relay() override
    {
        dropNotifier(clientWritable);
        if (clientDup >= 0)
            ::close(clientDup);
    }
};

namespace {
constexpr int kConnectTimeoutMs = 2000;

void pump(QTcpSocket *from, QTcpSocket *to)
{
    if (from && to && from->bytesAvailable())
        to->write(from->readAll());
}

// Ends the relay once (its sockets and the duplicate close with it).
void finish(Relay *relay, size_t &active)
{
    if (relay->finished)
        return;
    relay->finished = true;
    --active;
    relay->deleteLater();
}

// The client side closed for reading: FIN to the endpoint once Qt wrote what it holds.
void shutBackend(Relay *relay)
{
    if (relay->backendShut || !relay->backend
        || relay->backend->state() != QAbstractSocket::ConnectedState
        || relay->backend->bytesToWrite() > 0)
        return;
    relay->backendShut = true;
    ::shutdown(int(relay->backend->socketDescriptor()), SHUT_WR);
}
} // namespace

ServicePortProxy::ServicePortProxy(QObject *parent)
    : PortProxy(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &ServicePortProxy::accept);
}

bool ServicePortProxy::listen(std::string &error, const std::string &address)
{
    if (!m_server.listen(QHostAddress(QString::fromStdString(address)), 0)) {
        error = m_server.errorString().toStdString();
        return false;
    }
    return true;
}

void ServicePortProxy::flushToClient(Relay *relay)
{
    while (!relay->toClient.isEmpty()) {
        const ssize_t n = ::send(relay->clientDup, relay->toClient.constData(),
                                 size_t(relay->toClient.size()), MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!relay->clientWritable) {
                relay->clientWritable
                    = std::make_unique<QSocketNotifier>(relay->clientDup, QSocketNotifier::Write);
                connect(relay->clientWritable.get(), &QSocketNotifier::activated, relay,
                        [this, relay]() { flushToClient(relay); });
            }
            relay->clientWritable->setEnabled(true);
            return;
        }
        if (n < 0) { // the client is gone (RST): nothing more to relay
            if (relay->backend)
                relay->backend->abort();
            finish(relay, m_active);
            return;
        }
        relay->toClient.remove(0, qsizetype(n));
    }
    if (relay->clientWritable)
        relay->clientWritable->setEnabled(false);
    if (relay->backendDone)
        finish(relay, m_active);
}

void ServicePortProxy::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto *relay = new Relay;
        relay->setParent(this);
        socket->setParent(relay);
        relay->client = socket;
        relay->clientIp = socket->peerAddress().toString().toStdString();
        relay->clientDup = ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
        ++m_active;
        connect(socket, &QTcpSocket::disconnected, relay, [this, relay]() {
            pump(relay->client, relay->backend);
            relay->clientEof = true;
            if (relay->backendDone || relay->clientDup < 0 || !relay->backend
                || relay->backend->state() != QAbstractSocket::ConnectedState) {
                finish(relay, m_active);
                return;
            }
            shutBackend(relay); // or once Qt wrote the rest (bytesWritten)
        });
        relay->connectTimer.setSingleShot(true);
        connect(&relay->connectTimer, &QTimer::timeout, relay, [relay]() {
            // A silent endpoint: give up on it and try the next.
            if (relay->backend)
                relay->backend->abort();
        });
        tryConnect(relay);
    }
}

void ServicePortProxy::tryConnect(Relay *relay)
{
    const std::string endpoint
        = m_picker.next(relay->clientIp, relay->tried, std::chrono::steady_clock::now());
    if (endpoint.empty()) {
        if (relay->tried.empty())
            logDebug("userspace proxy " + m_name + ": no endpoints, connection closed");
        else
            logWarning("userspace proxy " + m_name + ": no endpoint accepted the connection ("
                       + std::to_string(relay->tried.size()) + " tried)");
        // A reset, also through the duplicate (the last descriptor to close).
        if (relay->clientDup >= 0) {
            const linger reset{1, 0};
            ::setsockopt(relay->clientDup, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        }
        relay->client->abort();
        finish(relay, m_active);
        return;
    }
    relay->tried.push_back(endpoint);
    const size_t colon = endpoint.rfind(':');
    auto *backend = new QTcpSocket(relay);
    relay->backend = backend;
    connect(backend, &QTcpSocket::connected, relay, [this, relay, backend, endpoint]() {
        relay->connectTimer.stop();
        m_picker.connected(relay->clientIp, endpoint, std::chrono::steady_clock::now());
        connect(relay->client, &QTcpSocket::readyRead, backend,
                [relay, backend]() { pump(relay->client, backend); });
        connect(backend, &QTcpSocket::readyRead, relay, [this, relay, backend]() {
            if (!relay->clientEof) {
                pump(backend, relay->client);
                return;
            }
            relay->toClient += backend->readAll();
            flushToClient(relay);
        });
        connect(backend, &QTcpSocket::bytesWritten, relay, [relay]() {
            if (relay->clientEof)
                shutBackend(relay);
        });
        connect(backend, &QTcpSocket::disconnected, relay, [this, relay, backend]() {
            relay->backendDone = true;
            if (!relay->clientEof) {
                pump(backend, relay->client);
                if (relay->client->state() == QAbstractSocket::ConnectedState) {
                    // Qt writes the rest, closes, and the client's disconnected ends the relay.
                    relay->client->disconnectFromHost();
                    return;
                }
                finish(relay, m_active);
                return;
            }
            relay->toClient += backend->readAll();
            flushToClient(relay); // ends the relay once the client has it all
        });
        pump(relay->client, backend); // what the client sent while we connected
    });
    connect(backend, &QTcpSocket::errorOccurred, relay, [this, relay, backend, endpoint]() {
        if (backend != relay->backend || backend->property("connectedOnce").toBool())
            return;
        if (backend->state() == QAbstractSocket::ConnectedState)
            return;
        relay->connectTimer.stop();
        logDebug("userspace proxy " + m_name + ": " + endpoint + " refused ("
                 + backend->errorString().toStdString() + "), trying the next endpoint");
        relay->backend = nullptr;
        backend->deleteLater();
        if (relay->client->state() == QAbstractSocket::ConnectedState)
            tryConnect(relay);
        else
            finish(relay, m_active);
    });
    connect(backend, &QTcpSocket::connected, backend,
            [backend]() { backend->setProperty("connectedOnce", true); });
    relay->connectTimer.start(kConnectTimeoutMs);
    backend->connectToHost(QString::fromStdString(endpoint.substr(0, colon)),
                           quint16(std::stoi(endpoint.substr(colon + 1))));
}

// --- UdpServicePortProxy --------------------------------------------------------------------

namespace {
constexpr size_t kMaxDatagram = 65536;
// Datagrams kept per session until the endpoint's first reply (resent to the next endpoint
// when this one turns out dead).
constexpr size_t kMaxUnanswered = 16;

std::string addressText(const sockaddr_in &a)
{
    char ip[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &a.sin_addr, ip, sizeof ip);
    return std::string(ip) + ":" + std::to_string(ntohs(a.sin_port));
}

bool parseEndpoint(const std::string &endpoint, sockaddr_in &out)
{
    const size_t colon = endpoint.rfind(':');
    if (colon == std::string::npos)
        return false;
    std::memset(&out, 0, sizeof out);
    out.sin_family = AF_INET;
    const int port = std::atoi(endpoint.c_str() + colon + 1);
    if (port <= 0 || port > 65535
        || ::inet_pton(AF_INET, endpoint.substr(0, colon).c_str(), &out.sin_addr) != 1)
        return false;
    out.sin_port = htons(uint16_t(port));
    return true;
}
} // namespace

struct UdpServicePortProxy::Session
{
    std::string key; // the client's "ip:port"
    std::string clientIp;
    sockaddr_in client{};
    in_addr local{}; // where the client's datagrams arrived (after DNAT/REDIRECT)
    int fd = -1;
    std::unique_ptr<QSocketNotifier> notifier;
    std::string endpoint;
    std::vector<std::string> tried;
    bool answered = false;
    std::vector<QByteArray> unanswered;
    std::chrono::steady_clock::time_point lastActive;

    ~Session()
    {
        dropNotifier(notifier);
        if (fd >= 0)
            ::close(fd);
    }
};

UdpServicePortProxy::UdpServicePortProxy(std::chrono::milliseconds idleTimeout, QObject *parent)
    : PortProxy(parent)
    , m_idleTimeout(idleTimeout)
{
    m_expiry.setInterval(std::max<std::chrono::milliseconds>(idleTimeout / 2, std::chrono::milliseconds(10)));
    connect(&m_expiry, &QTimer::timeout, this, &UdpServicePortProxy::expire);
}

UdpServicePortProxy::~UdpServicePortProxy()
{
    m_sessions.clear();
    dropNotifier(m_notifier);
    if (m_fd >= 0)
        ::close(m_fd);
}

bool UdpServicePortProxy::listen(std::string &error, const std::string &address)
{
    sockaddr_in a{};
    a.sin_family = AF_INET;
    if (::inet_pton(AF_INET, address.c_str(), &a.sin_addr) != 1) {
        error = "not an IPv4 address: " + address;
        return false;
    }
    m_fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        error = std::string("socket: ") + std::strerror(errno);
        return false;
    }
    const int on = 1;
    socklen_t len = sizeof a;
    if (::setsockopt(m_fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof on) != 0
        || ::bind(m_fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0
        || ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&a), &len) != 0) {
        error = std::string("udp ") + address + ": " + std::strerror(errno);
        ::close(m_fd);
        m_fd = -1;
        return false;
    }
    m_port = ntohs(a.sin_port);
    m_notifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &UdpServicePortProxy::readClients);
    m_expiry.start();
    return true;
}

void UdpServicePortProxy::update(const proxy::ServicePortInfo &port)
{
    PortProxy::update(port);
    const auto &eps = m_picker.endpoints();
    std::vector<std::string> gone;
    for (const auto &[key, s] : m_sessions)
        if (std::find(eps.begin(), eps.end(), s->endpoint) == eps.end())
            gone.push_back(key);
    for (const std::string &key : gone)
        close(key);
}

void UdpServicePortProxy::close(const std::string &key)
{
    m_sessions.erase(key);
}

void UdpServicePortProxy::expire()
{
    const auto now = std::chrono::steady_clock::now();
    for (auto it = m_sessions.begin(); it != m_sessions.end();)
        if (now - it->second->lastActive > m_idleTimeout)
            it = m_sessions.erase(it);
        else
            ++it;
}

bool UdpServicePortProxy::connectNext(Session *s)
{
    dropNotifier(s->notifier);
    if (s->fd >= 0)
        ::close(s->fd);
    s->fd = -1;
    for (;;) {
        const std::string endpoint
            = m_picker.next(s->clientIp, s->tried, std::chrono::steady_clock::now());
        if (endpoint.empty())
            return false;
        s->tried.push_back(endpoint);
        sockaddr_in to{};
        if (!parseEndpoint(endpoint, to))
            continue;
        const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            logWarning("userspace proxy " + m_name + ": socket: " + std::strerror(errno));
            return false;
        }
        if (::connect(fd, reinterpret_cast<sockaddr *>(&to), sizeof to) != 0) {
            logDebug("userspace proxy " + m_name + ": " + endpoint + ": " + std::strerror(errno)
                     + ", trying the next endpoint");
            ::close(fd);
            continue;
        }
        s->fd = fd;
        s->endpoint = endpoint;
        s->notifier = std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Read);
        connect(s->notifier.get(), &QSocketNotifier::activated, this,
                [this, s]() { readUpstream(s); });
        m_picker.connected(s->clientIp, endpoint, std::chrono::steady_clock::now());
        return true;
    }
}

void UdpServicePortProxy::readClients()
{
    static thread_local std::vector<char> buf(kMaxDatagram);
    // Bounded: at most 64 datagrams per wake-up, the rest on the next one.
    for (int n = 0; n < 64; ++n) {
        sockaddr_in from{};
        char control[CMSG_SPACE(sizeof(in_pktinfo))] = {};
        iovec iov{buf.data(), buf.size()};
        msghdr msg{};
        msg.msg_name = &from;
        msg.msg_namelen = sizeof from;
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        const ssize_t got = ::recvmsg(m_fd, &msg, 0);
        if (got < 0)
            return; // EAGAIN, or an error queued for the socket: nothing to relay
        in_addr local{};
        for (cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
            if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO)
                local = reinterpret_cast<in_pktinfo *>(CMSG_DATA(c))->ipi_addr;
        const std::string key = addressText(from);
        Session *s = nullptr;
        if (auto it = m_sessions.find(key); it != m_sessions.end()) {
            s = it->second.get();
        } else {
            auto fresh = std::make_unique<Session>();
            fresh->key = key;
            fresh->client = from;
            fresh->clientIp = key.substr(0, key.rfind(':'));
            fresh->local = local;
            if (!connectNext(fresh.get())) {
                logDebug("userspace proxy " + m_name + ": no endpoints, datagram from " + key
                         + " dropped");
                continue;
            }
            s = fresh.get();
            m_sessions[key] = std::move(fresh);
        }
        s->lastActive = std::chrono::steady_clock::now();
        const QByteArray data(buf.data(), qsizetype(got));
        if (!s->answered && s->unanswered.size() < kMaxUnanswered)
            s->unanswered.push_back(data);
        // ECONNREFUSED here is an earlier datagram's ICMP error: readUpstream handles it.
        static_cast<void>(::send(s->fd, data.constData(), size_t(data.size()), 0));
    }
}

void UdpServicePortProxy::readUpstream(Session *s)
{
    static thread_local std::vector<char> buf(kMaxDatagram);
    for (int n = 0; n < 64; ++n) {
        const ssize_t got = ::recv(s->fd, buf.data(), buf.size(), 0);
        if (got < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            // ICMP port unreachable (ECONNREFUSED) or another error from the endpoint.
            const std::string why = std::strerror(errno);
            if (!s->answered) {
                logDebug("userspace proxy " + m_name + ": " + s->endpoint + " refused (" + why
                         + "), trying the next endpoint");
                if (connectNext(s)) {
                    for (const QByteArray &d : s->unanswered)
                        static_cast<void>(::send(s->fd, d.constData(), size_t(d.size()), 0));
                    return;
                }
                logWarning("userspace proxy " + m_name + ": no endpoint accepted the datagrams of "
                           + s->key + " (" + std::to_string(s->tried.size()) + " tried)");
            } else {
                logDebug("userspace proxy " + m_name + ": " + s->endpoint + ": " + why
                         + ", session of " + s->key + " closed");
            }
            close(s->key); // deletes s
            return;
        }
        s->answered = true;
        s->unanswered.clear();
        s->lastActive = std::chrono::steady_clock::now();
        // The reply leaves from the address the client sent to: conntrack then rewrites it
        // back to the VIP (a REDIRECTed or DNATed datagram) and the client accepts it.
        char control[CMSG_SPACE(sizeof(in_pktinfo))] = {};
        iovec iov{buf.data(), size_t(got)};
        msghdr msg{};
        msg.msg_name = &s->client;
        msg.msg_namelen = sizeof s->client;
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        if (s->local.s_addr != 0) {
            msg.msg_control = control;
            msg.msg_controllen = sizeof control;
            cmsghdr *c = CMSG_FIRSTHDR(&msg);
            c->cmsg_level = IPPROTO_IP;
            c->cmsg_type = IP_PKTINFO;
            c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
            in_pktinfo info{};
            info.ipi_spec_dst = s->local;
            std::memcpy(CMSG_DATA(c), &info, sizeof info);
        }
        if (::sendmsg(m_fd, &msg, 0) < 0)
            logDebug("userspace proxy " + m_name + ": reply to " + s->key + ": "
                     + std::strerror(errno));
    }
}

// --- UserspaceProxier -----------------------------------------------------------------------

UserspaceProxier::~UserspaceProxier() = default;

Result<std::map<std::string, int>>
UserspaceProxier::update(const std::vector<proxy::ServicePortInfo> &ports)
{
    std::map<std::string, int> out;
    std::map<std::string, std::unique_ptr<PortProxy>> next;
    for (const proxy::ServicePortInfo &sp : ports) {
        const std::string key = proxy::userspaceKey(sp);
        if (sp.protocol != "TCP" && sp.protocol != "UDP") {
            if (!m_unsupportedLogged[key]) {
                m_unsupportedLogged[key] = true;
                logWarning("userspace proxy: " + key
                           + " is not proxied (only TCP and UDP in this mode)");
            }
            continue;
        }
        auto it = m_proxies.find(key);
        std::unique_ptr<PortProxy> p;
        if (it != m_proxies.end()) {
            p = std::move(it->second);
            m_proxies.erase(it);
        } else {
            if (sp.protocol == "UDP")
                p = std::make_unique<UdpServicePortProxy>();
            else
                p = std::make_unique<ServicePortProxy>();
            std::string error;
            if (!p->listen(error))
                return makeError("userspace-listen", "cannot open a proxy port for " + key + ": "
                                                         + error);
            logInfo("userspace proxy: " + key + " on port " + std::to_string(p->port()));
        }
        p->update(sp);
        out[key] = p->port();
        next[key] = std::move(p);
    }
    // What is left in m_proxies is gone from the cluster: closed with its connections.
    m_proxies = std::move(next);
    return out;
}

} // namespace studio::agent
