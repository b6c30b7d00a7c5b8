// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// QObject first: moc (Qt 6.4) cannot parse <compare> when it comes before Qt's headers.
#include <QObject>

// A very small HTTP/1.1 server for /healthz, /metrics and the health check node ports: one
// request per connection (answered with "Connection: close"), GET and HEAD, request heads up
// to 16 KiB, 10 s to send one. The handler is a pure function of the request.
//
// Threading: the thread it lives on.

#include "agent_options.h"

#include <QObject>
#include <QTcpServer>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace studio::agent {

struct HttpRequest
{
    std::string method;
    std::string path;  // without the query
    std::string query; // after '?'
};

struct HttpResponse
{
    int status = 200;
    std::string contentType = "text/plain; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

// Parses a request head ("GET /x?y HTTP/1.1\r\n..."); false when it is not one.
bool parseRequestHead(std::string_view head, HttpRequest *out);
// The whole response as sent (status line, Content-Type, Content-Length, Connection: close).
std::string renderResponse(const HttpResponse &response, bool headOnly = false);
const char *statusText(int status);

class HttpServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;
    explicit HttpServer(Handler handler, QObject *parent = nullptr);
    ~HttpServer() override;

    // Errors: "listen" with the address and the reason (address in use, ...).
    Result<void> listen(const BindAddress &address);
    void close();
    int port() const;
    bool isListening() const;

private:
    void onConnection();

    Handler m_handler;
    QTcpServer m_server;
};

} // namespace studio::agent
