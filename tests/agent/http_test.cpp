// SPDX-License-Identifier: GPL-3.0-or-later
#include "health_servers.h"
#include "http_server.h"
#include "metrics.h"

#include "support/event_loop_wait.h"

#include <QTcpSocket>

#include <gtest/gtest.h>

using namespace studio::agent;
using namespace std::chrono_literals;

namespace {

// One request over a real socket on 127.0.0.1; returns the whole response.
std::string fetch(int port, const std::string &request)
{
    QTcpSocket socket;
    socket.connectToHost("127.0.0.1", quint16(port));
    std::string response;
    bool done = false;
    QObject::connect(&socket, &QTcpSocket::connected, [&]() {
        socket.write(request.data(), qint64(request.size()));
    });
    QObject::connect(
        &socket, &QTcpSocket::readyRead, [&]() { response += socket.readAll().toStdString(); });
    QObject::connect(&socket, &QTcpSocket::disconnected, [&]() { done = true; });
    QObject::connect(&socket, &QTcpSocket::errorOccurred, [&](QAbstractSocket::SocketError e) {
        if (e != QAbstractSocket::RemoteHostClosedError)
            done = true;
    });
    studio::test::runEventLoopUntil([&] { return done; }, 5000);
    return response;
}

std::string body(const std::string &response)
{
    const size_t p = response.find("\r\n\r\n");
    return p == std::string::npos ? std::string() : response.substr(p + 4);
}

} // namespace

TEST(Http, ParsesRequestHeads)
{
    HttpRequest r;
    ASSERT_TRUE(parseRequestHead("GET /healthz?x=1 HTTP/1.1\r\nHost: a", &r));
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(r.path, "/healthz");
    EXPECT_EQ(r.query, "x=1");
    EXPECT_FALSE(parseRequestHead("GET /healthz", &r));
    EXPECT_FALSE(parseRequestHead("hello", &r));
    EXPECT_FALSE(parseRequestHead("GET / SPDY/3", &r));
}

TEST(Http, RendersResponses)
{
    HttpResponse r;
    r.status = 503;
    r.body = "x";
    const std::string text = renderResponse(r);
    EXPECT_EQ(text.rfind("HTTP/1.1 503 Service Unavailable\r\n", 0), 0u);
    EXPECT_NE(text.find("Content-Length: 1\r\n"), std::string::npos);
    EXPECT_NE(text.find("Connection: close\r\n\r\nx"), std::string::npos);
    EXPECT_EQ(body(renderResponse(r, true)), "");
}

TEST(Http, Healthz)
{
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1'796'000'000));
    // Before the first sync: 503.
    HttpResponse r = healthzResponse(std::nullopt, now, 60s);
    EXPECT_EQ(r.status, 503);
    EXPECT_NE(r.body.find("\"lastUpdated\": \"0001-01-01T00:00:00Z\""), std::string::npos)
        << r.body;
    // Recent: 200, kube-proxy's fields.
    r = healthzResponse(now - 10s, now, 60s);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.contentType, "application/json");
    EXPECT_EQ(r.body,
              "{\"lastUpdated\": \"" + rfc3339(now - 10s) + "\",\"currentTime\": \"" + rfc3339(now)
                  + "\"}");
    EXPECT_EQ(rfc3339(now), "2026-11-30T00:53:20Z");
    // Too old (more than 2 x sync period): 503.
    EXPECT_EQ(healthzResponse(now - 61s, now, 60s).status, 503);
}

TEST(Http, ServiceHealth)
{
    HttpResponse r = serviceHealthResponse("prod/frontend", 2);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body,
              "{\"service\":{\"namespace\":\"prod\",\"name\":\"frontend\"},\"localEndpoints\":2}");
    EXPECT_EQ(serviceHealthResponse("prod/frontend", 0).status, 503);
}

TEST(Http, Metrics)
{
    AgentMetrics m;
    m.setInfo("0.1.0", "iptables", "legacy", "node-\"1\"");
    std::string text = m.render();
    EXPECT_NE(text.find("service_agent_syncs_total{type=\"full\",result=\"success\"} 0"),
              std::string::npos);
    EXPECT_EQ(text.find("service_agent_last_error_info"), std::string::npos);
    EXPECT_NE(text.find("node=\"node-\\\"1\\\"\""), std::string::npos) << text;
    SyncRecord ok;
    ok.full = true;
    ok.seconds = 0.003;
    ok.at = std::chrono::system_clock::time_point(std::chrono::seconds(1'796'000'000));
    m.recordSync(ok);
    SyncRecord bad;
    bad.full = false;
    bad.ok = false;
    bad.error = "iptables-legacy-restore exited with status 1: line 3 failed";
    m.recordSync(bad);
    m.recordProgrammingLatency(0.2);
    m.setRuleCounts(78, 15);
    text = m.render();
    EXPECT_NE(text.find("kubeproxy_sync_proxy_rules_duration_seconds_bucket{le=\"0.004\"} 1"),
              std::string::npos);
    EXPECT_NE(text.find("kubeproxy_sync_proxy_rules_duration_seconds_bucket{le=\"0.002\"} 0"),
              std::string::npos);
    EXPECT_NE(text.find("kubeproxy_sync_proxy_rules_duration_seconds_count 1"), std::string::npos);
    EXPECT_NE(text.find("kubeproxy_network_programming_duration_seconds_bucket{le=\"0.25\"} 1"),
              std::string::npos);
    EXPECT_NE(text.find("kubeproxy_sync_proxy_rules_last_timestamp_seconds 1796000000.000"),
              std::string::npos);
    EXPECT_NE(text.find("kubeproxy_sync_proxy_rules_iptables_restore_failures_total 1"),
              std::string::npos);
    EXPECT_NE(text.find("kubeproxy_sync_proxy_rules_iptables_total{table=\"nat\"} 78"),
              std::string::npos);
    EXPECT_NE(text.find("service_agent_syncs_total{type=\"partial\",result=\"failure\"} 1"),
              std::string::npos);
    EXPECT_NE(text.find("service_agent_last_error_info{message=\"iptables-legacy-restore exited "
                        "with status 1: line 3 failed\"} 1"),
              std::string::npos);
    EXPECT_NE(text.find("service_agent_last_sync_success 0"), std::string::npos);
    EXPECT_NE(text.find("# TYPE kubeproxy_sync_proxy_rules_duration_seconds histogram"),
              std::string::npos);
}

TEST(Http, ServerAnswersOverTcp)
{
    HttpServer server([](const HttpRequest &r) {
        HttpResponse resp;
        resp.body = "path=" + r.path;
        if (r.path == "/missing")
            resp.status = 404;
        return resp;
    });
    ASSERT_TRUE(server.listen(BindAddress{"127.0.0.1", 0}));
    ASSERT_GT(server.port(), 0);
    std::string r = fetch(server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(r.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << r;
    EXPECT_EQ(body(r), "path=/healthz");
    r = fetch(server.port(), "GET /missing HTTP/1.0\r\n\r\n");
    EXPECT_EQ(r.rfind("HTTP/1.1 404 Not Found", 0), 0u) << r;
    r = fetch(server.port(), "POST /healthz HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
    EXPECT_EQ(r.rfind("HTTP/1.1 405", 0), 0u) << r;
    r = fetch(server.port(), "garbage\r\n\r\n");
    EXPECT_EQ(r.rfind("HTTP/1.1 400", 0), 0u) << r;
    r = fetch(server.port(), "HEAD /x HTTP/1.1\r\n\r\n");
    EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << r;
    EXPECT_EQ(body(r), "");
    // The same address twice: a clear error.
    HttpServer second([](const HttpRequest &) { return HttpResponse{}; });
    auto taken = second.listen(BindAddress{"127.0.0.1", server.port()});
    ASSERT_FALSE(taken);
    EXPECT_NE(taken.error().message.find("cannot listen on 127.0.0.1:"), std::string::npos);
}

TEST(Http, HealthCheckServersFollowThePlan)
{
    // Find a free port first (bind to 0, close), then let the servers take it.
    HttpServer probe([](const HttpRequest &) { return HttpResponse{}; });
    ASSERT_TRUE(probe.listen(BindAddress{"127.0.0.1", 0}));
    const int port = probe.port();
    probe.close();

    HealthCheckServers servers("127.0.0.1");
    servers.update({{port, {"prod/frontend", 1}}});
    EXPECT_EQ(servers.openPorts(), std::vector<int>{port});
    std::string r = fetch(port, "GET / HTTP/1.1\r\n\r\n");
    EXPECT_EQ(r.rfind("HTTP/1.1 200", 0), 0u) << r;
    EXPECT_EQ(body(r),
              "{\"service\":{\"namespace\":\"prod\",\"name\":\"frontend\"},\"localEndpoints\":1}");
    servers.update({{port, {"prod/frontend", 0}}}); // same port, count changes
    r = fetch(port, "GET / HTTP/1.1\r\n\r\n");
    EXPECT_EQ(r.rfind("HTTP/1.1 503", 0), 0u) << r;
    servers.update({});
    EXPECT_TRUE(servers.openPorts().empty());
    EXPECT_EQ(fetch(port, "GET / HTTP/1.1\r\n\r\n"), ""); // closed
}
