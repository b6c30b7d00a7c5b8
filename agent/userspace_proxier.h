// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// QObject first: moc (Qt 6.4) cannot parse <compare> when it comes before Qt's headers.
#include <QObject>

// --proxy-mode userspace (the seed page's first proxy mode): one listening TCP port per
// service port on the node (0.0.0.0, a random free port), to which the userspace plan's
// iptables rules REDIRECT the virtual IP and port (and the node port). Each accepted
// connection goes to the next endpoint round robin (or the client's endpoint under ClientIP
// affinity); when the connect fails the next endpoint is tried (each at most once); then the
// bytes are relayed both ways, half-close included (a client's FIN reaches the endpoint as
// one, and the endpoint's answer after it still reaches the client). The endpoint sees the
// proxy's (the node's) address.
// A UDP service port gets one UDP proxy socket: each client address:port is a session with
// its own socket connected to the endpoint chosen for it (round robin or ClientIP affinity);
// the endpoint's replies go back from the proxy socket, from the address the client's
// datagram was sent to (IP_PKTINFO, so that conntrack turns it back into the VIP). A session
// that is idle for the UDP timeout (kube-proxy's --udp-timeout, 250 ms by default) is closed.
// An endpoint that answers with ICMP port unreachable before its first reply is skipped and
// the session's datagrams so far go to the next endpoint (each at most once).
//
// Threading: the agent's thread (its event loop carries every connection).

#include "proxy/service_ports.h"
#include "util/result.h"

#include <QSocketNotifier>
#include <QTcpServer>
#include <QTimer>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace studio::agent {

// The endpoint choice of one service port (pure, testable): round robin, ClientIP affinity.
class EndpointPicker
{
public:
    using Clock = std::chrono::steady_clock;
    void setEndpoints(std::vector<std::string> endpoints, bool affinity, int affinitySeconds);
    const std::vector<std::string> &endpoints() const { return m_endpoints; }
    // The endpoint for a new connection of `client`; `skip` already failed for it. Empty
    // when every endpoint was tried.
    std::string next(const std::string &client, const std::vector<std::string> &skip,
                     Clock::time_point now);
    // A connection to `endpoint` succeeded: remember it for the client (affinity).
    void connected(const std::string &client, const std::string &endpoint, Clock::time_point now);

private:
    std::vector<std::string> m_endpoints; // "ip:port"
    size_t m_next = 0;
    bool m_affinity = false;
    std::chrono::seconds m_affinityTimeout{10800};
    struct Sticky
    {
        std::string endpoint;
        Clock::time_point lastUsed;
    };
    std::map<std::string, Sticky> m_sticky;
};

// The proxy of one service port (TCP or UDP): its port on the node, its endpoints.
class PortProxy : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    // Listens on `address` (0.0.0.0 on a node), a random free port.
    virtual bool listen(std::string &error, const std::string &address = "0.0.0.0") = 0;
    virtual int port() const = 0;
    // The port's ready endpoints (deduplicated), its affinity settings.
    virtual void update(const proxy::ServicePortInfo &port);

protected:
    EndpointPicker m_picker;
    std::string m_name;
};

class ServicePortProxy : public PortProxy
{
public:
    explicit ServicePortProxy(QObject *parent = nullptr);
    bool listen(std::string &error, const std::string &address = "0.0.0.0") override;
    int port() const override { return m_server.serverPort(); }
    size_t connections() const { return m_active; }

private:
    void accept();
    void tryConnect(struct Relay *relay);
    // After the client's end of stream: the endpoint's bytes through the relay's duplicate.
    void flushToClient(struct Relay *relay);

    QTcpServer m_server;
    size_t m_active = 0;
};

// kube-proxy's --udp-timeout default.
inline constexpr std::chrono::milliseconds kDefaultUdpIdleTimeout{250};

class UdpServicePortProxy : public PortProxy
{
public:
    explicit UdpServicePortProxy(std::chrono::milliseconds idleTimeout = kDefaultUdpIdleTimeout,
                                 QObject *parent = nullptr);
    ~UdpServicePortProxy() override;
    bool listen(std::string &error, const std::string &address = "0.0.0.0") override;
    int port() const override { return m_port; }
    // Sessions to endpoints that left are closed.
    void update(const proxy::ServicePortInfo &port) override;
    size_t sessions() const { return m_sessions.size(); }
    // Closes the sessions idle for longer than the timeout (also run by a timer).
    void expire();

private:
    struct Session;
    void readClients();
    void readUpstream(Session *session);
    // Connects the session to the next endpoint not yet tried; false when none is left.
    bool connectNext(Session *session);
    void close(const std::string &key);

    int m_fd = -1;
    int m_port = 0;
    std::unique_ptr<QSocketNotifier> m_notifier;
    std::chrono::milliseconds m_idleTimeout;
    QTimer m_expiry;
    std::map<std::string, std::unique_ptr<Session>> m_sessions; // "client ip:port" ->
};

class UserspaceProxier
{
public:
    UserspaceProxier() = default;
    ~UserspaceProxier();
    // One proxy per TCP or UDP service port of `ports` (new ones listen, gone ones close, the
    // others get the new endpoints). Returns userspaceKey -> proxy port; error on a failed
    // listen. Other protocols (SCTP) are not proxied (logged once per port).
    Result<std::map<std::string, int>> update(const std::vector<proxy::ServicePortInfo> &ports);

private:
    std::map<std::string, std::unique_ptr<PortProxy>> m_proxies;
    std::map<std::string, bool> m_unsupportedLogged;
};

} // namespace studio::agent
