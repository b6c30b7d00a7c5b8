// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A scripted HTTP/1.1 server on 127.0.0.1 for the client tests: each request goes to a
// handler that answers, streams (chunked, like a watch), hangs or drops the connection.
// Runs on the test's thread and event loop.

#include "../../support/event_loop_wait.h"
#include <QByteArray>
#include <QEventLoop>
#include <QMap>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <vector>

namespace studio::test {

struct HttpRequest
{
    QByteArray method;
    QByteArray target;                    // path?query
    QMap<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;

    QString path() const { return QUrl(QString::fromUtf8(target)).path(); }
    QString query(const QString &key) const
    {
        return QUrlQuery(QUrl(QString::fromUtf8(target)).query())
            .queryItemValue(key, QUrl::FullyDecoded);
    }
    bool hasQuery(const QString &key) const
    {
        return QUrlQuery(QUrl(QString::fromUtf8(target)).query()).hasQueryItem(key);
    }
};

// One request's answer channel.
class HttpExchange
{
public:
    explicit HttpExchange(QTcpSocket *s)
        : m_socket(s)
    {}

    void reply(int status,
               const QByteArray &body,
               const QList<QPair<QByteArray, QByteArray>> &headers = {},
               const QByteArray &contentType = "application/json")
    {
        if (!m_socket)
            return;
        QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + " " + reasonPhrase(status)
                         + "\r\nContent-Type: " + contentType
                         + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
        for (const auto &h : headers)
            out += h.first + ": " + h.second + "\r\n";
        out += "\r\n" + body;
        m_socket->write(out);
        m_socket->flush();
    }
    void startStream(int status = 200)
    {
        if (!m_socket)
            return;
        m_socket->write(
            "HTTP/1.1 " + QByteArray::number(status) + " " + reasonPhrase(status)
            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        m_socket->flush();
    }
    void chunk(const QByteArray &data)
    {
        if (!m_socket || data.isEmpty())
            return;
        m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
        m_socket->flush();
    }
    void endStream()
    {
        if (!m_socket)
            return;
        m_socket->write("0\r\n\r\n");
        m_socket->flush();
    }
    void drop()
    {
        if (m_socket)
            m_socket->abort();
    }
    bool alive() const { return m_socket && m_socket->state() == QAbstractSocket::ConnectedState; }

private:
    static QByteArray reasonPhrase(int s)
    {
        switch (s) {
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 409:
            return "Conflict";
        case 410:
            return "Gone";
        case 422:
            return "Unprocessable Entity";
        case 429:
            return "Too Many Requests";
        case 500:
            return "Internal Server Error";
        case 503:
            return "Service Unavailable";
        default:
            return "Status";
        }
    }
    QPointer<QTcpSocket> m_socket;
};

class FakeHttpServer : public QObject
{
public:
    using Handler = std::function<void(const HttpRequest &, std::shared_ptr<HttpExchange>)>;

    FakeHttpServer()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this]() {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                s->setParent(this);
                ++m_connections;
                QObject::connect(s, &QTcpSocket::readyRead, this, [this, s]() { onData(s); });
                QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }

    void setHandler(Handler h) { m_handler = std::move(h); }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }
    quint16 port() const { return m_server.serverPort(); }
    const std::vector<HttpRequest> &requests() const { return m_requests; }
    int connections() const { return m_connections; }
    // Drops every open connection (a server restart).
    void dropAll()
    {
        for (QTcpSocket *s : findChildren<QTcpSocket *>())
            s->abort();
    }

private:
    void onData(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        while (true) {
            const qsizetype end = buf.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            HttpRequest r;
            const QList<QByteArray> lines = buf.left(end).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            r.method = first.value(0);
            r.target = first.value(1);
            qsizetype length = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray l = lines[i].trimmed();
                const qsizetype colon = l.indexOf(':');
                if (colon < 0)
                    continue;
                const QByteArray name = l.left(colon).trimmed().toLower();
                const QByteArray value = l.mid(colon + 1).trimmed();
                r.headers[name] = value;
                if (name == "content-length")
                    length = value.toLongLong();
            }
            if (buf.size() < end + 4 + length)
                return;
            r.body = buf.mid(end + 4, length);
            buf.remove(0, end + 4 + length);
            m_requests.push_back(r);
            auto ex = std::make_shared<HttpExchange>(s);
            if (m_handler)
                m_handler(r, ex);
            else
                ex->reply(
                    404,
                    R"({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404})");
        }
    }

    QTcpServer m_server;
    Handler m_handler;
    std::vector<HttpRequest> m_requests;
    QMap<QTcpSocket *, QByteArray> m_buffers;
    int m_connections = 0;
};

// Runs the event loop until `done` returns true or the timeout passes; returns done().
inline bool waitFor(const std::function<bool()> &done, int timeoutMs = 5000)
{
    return runEventLoopUntil(done, timeoutMs);
}

} // namespace studio::test
