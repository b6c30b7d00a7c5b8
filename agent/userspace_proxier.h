// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// QObject first: moc (Qt 6.4) cannot parse <compare> when it comes before Qt's headers.
#include <QObject>

// --proxy-mode userspace (the seed page's first proxy mode): one listening TCP port per
// service port on the node (0.0.0.0, a random free port), to which the userspace plan's
// iptables rules REDIRECT the virtual IP and port (and the node port). Each accepted
// connection goes to the next endpoint round robin (or the client's endpoint under ClientIP
// affinity); when the connect fails the next endpoint is tried (each at most once); then the
// bytes are relayed both ways. The endpoint sees the proxy's (the node's) address.
// UDP service ports are not proxied (logged once per port).
//
// Threading: the agent's thread (its event loop carries every connection).

#include "proxy/service_ports.h"
#include "util/result.h"

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

class ServicePortProxy : public QObject
{
    Q_OBJECT
public:
    explicit ServicePortProxy(QObject *parent = nullptr);
    bool listen(std::string &error);
    int port() const { return m_server.serverPort(); }
    void update(const proxy::ServicePortInfo &port);
    size_t connections() const { return m_active; }

private:
    void accept();
    void tryConnect(struct Relay *relay);

    QTcpServer m_server;
    EndpointPicker m_picker;
    std::string m_name;
    size_t m_active = 0;
};

class UserspaceProxier
{
public:
    UserspaceProxier() = default;
    ~UserspaceProxier();
    // One proxy per TCP service port of `ports` (new ones listen, gone ones close, the others
    // get the new endpoints). Returns userspaceKey -> proxy port; error on a failed listen.
    Result<std::map<std::string, int>> update(const std::vector<proxy::ServicePortInfo> &ports);

private:
    std::map<std::string, std::unique_ptr<ServicePortProxy>> m_proxies;
    std::map<std::string, bool> m_udpLogged;
};

} // namespace studio::agent
