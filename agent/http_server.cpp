// SPDX-License-Identifier: GPL-3.0-or-later
#include "http_server.h"

#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace studio::agent {

namespace {
constexpr qsizetype kMaxHead = 16 * 1024;
constexpr int kRequestTimeoutMs = 10'000;
} // namespace

const char *statusText(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}

bool parseRequestHead(std::string_view head, HttpRequest *out)
{
    const size_t eol = head.find("\r\n");
    const std::string_view line = head.substr(0, eol);
    const size_t sp1 = line.find(' ');
    if (sp1 == std::string_view::npos || sp1 == 0)
        return false;
    const size_t sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos)
        return false;
    const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string_view version = line.substr(sp2 + 1);
    if (version.rfind("HTTP/1.", 0) != 0 || target.empty())
        return false;
    out->method = std::string(line.substr(0, sp1));
    const size_t q = target.find('?');
    out->path = std::string(target.substr(0, q));
    out->query = q == std::string_view::npos ? std::string() : std::string(target.substr(q + 1));
    return true;
}

std::string renderResponse(const HttpResponse &r, bool headOnly)
{
    std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + statusText(r.status) + "\r\n";
    out += "Content-Type: " + r.contentType + "\r\n";
    out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
    for (const auto &[k, v] : r.headers)
        out += k + ": " + v + "\r\n";
    out += "Connection: close\r\n\r\n";
    if (!headOnly)
        out += r.body;
    return out;
}

HttpServer::HttpServer(Handler handler, QObject *parent)
    : QObject(parent)
    , m_handler(std::move(handler))
{
    connect(&m_server, &QTcpServer::newConnection, this, &HttpServer::onConnection);
}

HttpServer::~HttpServer() = default;

Result<void> HttpServer::listen(const BindAddress &address)
{
    QHostAddress host;
    if (!host.setAddress(QString::fromStdString(address.host)))
        return makeError("listen", "invalid address " + address.host);
    if (!m_server.listen(host, quint16(address.port)))
        return makeError("listen",
                         "cannot listen on " + address.host + ":" + std::to_string(address.port)
                             + ": " + m_server.errorString().toStdString());
    return {};
}

void HttpServer::close()
{
    m_server.close();
}
int HttpServer::port() const
{
    return m_server.serverPort();
}
bool HttpServer::isListening() const
{
    return m_server.isListening();
}

void HttpServer::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        auto *timer = new QTimer(socket);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, socket, [socket]() { socket->abort(); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        auto buffer = std::make_shared<QByteArray>();
        auto answered = std::make_shared<bool>(false);
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer, answered]() {
            if (*answered) {
                socket->readAll();
                return;
            }
            buffer->append(socket->readAll());
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            auto send = [&](const std::string &bytes) {
                *answered = true;
                socket->write(bytes.data(), qint64(bytes.size()));
                socket->disconnectFromHost(); // after the bytes are written
            };
            if (end < 0) {
                if (buffer->size() > kMaxHead) {
                    HttpResponse r;
                    r.status = 431;
                    r.body = "request head too large\n";
                    send(renderResponse(r));
                }
                return;
            }
            HttpRequest req;
            if (!parseRequestHead(std::string_view(buffer->constData(), size_t(end)), &req)) {
                HttpResponse r;
                r.status = 400;
                r.body = "bad request\n";
                send(renderResponse(r));
                return;
            }
            if (req.method != "GET" && req.method != "HEAD") {
                HttpResponse r;
                r.status = 405;
                r.headers.emplace_back("Allow", "GET, HEAD");
                r.body = "method not allowed\n";
                send(renderResponse(r));
                return;
            }
            send(renderResponse(m_handler(req), req.method == "HEAD"));
        });
        timer->start(kRequestTimeoutMs);
    }
}

} // namespace studio::agent
