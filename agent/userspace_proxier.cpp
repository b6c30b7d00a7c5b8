// SPDX-License-Identifier: GPL-3.0-or-later
#include "userspace_proxier.h"

#include "logger.h"
#include "proxy/userspace_plan.h"

#include <QHostAddress>
#include <QTcpSocket>

#include <algorithm>

namespace studio::agent {

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

// --- ServicePortProxy -----------------------------------------------------------------------

// One proxied connection: the client's socket, then the endpoint's once one accepted.
struct Relay : public QObject
{
    QTcpSocket *client = nullptr;
    QTcpSocket *backend = nullptr;
    std::string clientIp;
    std::vector<std::string> tried;
    QTimer connectTimer;
    bool finished = false;
};

namespace {
constexpr int kConnectTimeoutMs = 2000;

void pump(QTcpSocket *from, QTcpSocket *to)
{
    if (from && to && from->bytesAvailable())
        to->write(from->readAll());
}
} // namespace

ServicePortProxy::ServicePortProxy(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &ServicePortProxy::accept);
}

bool ServicePortProxy::listen(std::string &error)
{
    if (!m_server.listen(QHostAddress::AnyIPv4, 0)) {
        error = m_server.errorString().toStdString();
        return false;
    }
    return true;
}

void ServicePortProxy::update(const proxy::ServicePortInfo &port)
{
    m_name = port.servicePortName();
    std::vector<std::string> endpoints;
    for (const proxy::ProxyEndpoint &e : port.endpoints)
        if (e.ready && std::find(endpoints.begin(), endpoints.end(), e.endpoint()) == endpoints.end())
            endpoints.push_back(e.endpoint());
    m_picker.setEndpoints(std::move(endpoints), port.clientIpAffinity, port.stickySeconds);
}

void ServicePortProxy::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        auto *relay = new Relay;
        relay->setParent(this);
        socket->setParent(relay);
        relay->client = socket;
        relay->clientIp = socket->peerAddress().toString().toStdString();
        ++m_active;
        // Ends the relay once: both sockets closed (pending bytes flushed first).
        auto finish = [this, relay]() {
            if (relay->finished)
                return;
            relay->finished = true;
            --m_active;
            relay->deleteLater();
        };
        connect(socket, &QTcpSocket::disconnected, relay, [relay, finish]() {
            pump(relay->client, relay->backend);
            if (relay->backend && relay->backend->state() == QAbstractSocket::ConnectedState)
                relay->backend->disconnectFromHost();
            else
                finish();
        });
        relay->connectTimer.setSingleShot(true);
        connect(&relay->connectTimer, &QTimer::timeout, relay, [this, relay]() {
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
        relay->client->abort();
        if (!relay->finished) {
            relay->finished = true;
            --m_active;
            relay->deleteLater();
        }
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
        connect(backend, &QTcpSocket::readyRead, relay->client,
                [relay, backend]() { pump(backend, relay->client); });
        connect(backend, &QTcpSocket::disconnected, relay, [this, relay, backend]() {
            pump(backend, relay->client);
            if (relay->client->state() == QAbstractSocket::ConnectedState)
                relay->client->disconnectFromHost();
            if (!relay->finished) {
                relay->finished = true;
                --m_active;
                relay->deleteLater();
            }
        });
        pump(relay->client, backend); // what the client sent while we connected
        if (relay->client->state() != QAbstractSocket::ConnectedState)
            backend->disconnectFromHost();
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
        else if (!relay->finished) {
            relay->finished = true;
            --m_active;
            relay->deleteLater();
        }
    });
    connect(backend, &QTcpSocket::connected, backend,
            [backend]() { backend->setProperty("connectedOnce", true); });
    relay->connectTimer.start(kConnectTimeoutMs);
    backend->connectToHost(QString::fromStdString(endpoint.substr(0, colon)),
                           quint16(std::stoi(endpoint.substr(colon + 1))));
}

// --- UserspaceProxier -----------------------------------------------------------------------

UserspaceProxier::~UserspaceProxier() = default;

Result<std::map<std::string, int>>
UserspaceProxier::update(const std::vector<proxy::ServicePortInfo> &ports)
{
    std::map<std::string, int> out;
    std::map<std::string, std::unique_ptr<ServicePortProxy>> next;
    for (const proxy::ServicePortInfo &sp : ports) {
        const std::string key = proxy::userspaceKey(sp);
        if (sp.protocol != "TCP") {
            if (!m_udpLogged[key]) {
                m_udpLogged[key] = true;
                logWarning("userspace proxy: " + key + " is not proxied (only TCP in this mode)");
            }
            continue;
        }
        auto it = m_proxies.find(key);
        std::unique_ptr<ServicePortProxy> p;
        if (it != m_proxies.end()) {
            p = std::move(it->second);
            m_proxies.erase(it);
        } else {
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
