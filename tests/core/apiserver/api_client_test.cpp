// SPDX-License-Identifier: GPL-3.0-or-later
// ApiClient against a scripted HTTP server: headers, pagination, retries, timeouts, write
// requests, watch streaming/resume/dedup, exec credentials, and that no secret ever shows up
// in an error or a log line.
#include "apiserver/api_client.h"
#include "apiserver/json_reader.h"
#include "fake_http_server.h"
#include "manifest/writer.h"

#include <QFile>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <mutex>
#include <set>

using namespace studio;
using namespace studio::test;
using namespace std::chrono_literals;

namespace {

const char *kToken = "tok-abcdef-0123456789";

ClientOptions fastOptions()
{
    ClientOptions o;
    o.requestTimeout = 2000ms;
    o.retryBase = 10ms;
    o.retryMax = 50ms;
    o.watchBackoffBase = 10ms;
    o.watchBackoffMax = 100ms;
    return o;
}

RestConfig configFor(const FakeHttpServer &server)
{
    RestConfig rc;
    rc.server = server.url().toStdString();
    rc.userName = "alice";
    rc.auth = AuthMethod::Token;
    rc.bearerToken = kToken;
    rc.contextName = "test";
    return rc;
}

std::unique_ptr<ApiClient> makeClient(RestConfig rc, ClientOptions o = fastOptions())
{
    auto c = ApiClient::fromConfig(std::move(rc), o);
    EXPECT_TRUE(c.ok()) << (c ? "" : c.error().toString());
    return c ? std::move(c).value() : nullptr;
}

template<typename T>
std::optional<ApiResult<T>> wait(std::optional<ApiResult<T>> &slot, int ms = 5000)
{
    waitFor([&] { return slot.has_value(); }, ms);
    return slot;
}

QByteArray serviceJson(const std::string &name, const std::string &rv)
{
    return QByteArray::fromStdString(R"({"metadata":{"name":")" + name
                                     + R"(","namespace":"default","resourceVersion":")" + rv
                                     + R"("},"spec":{"ports":[{"port":80}]}})");
}

QByteArray event(const char *type, const std::string &name, const std::string &rv)
{
    return QByteArray("{\"type\":\"") + type + "\",\"object\":" + serviceJson(name, rv) + "}\n";
}

const char *kStatus401
    = R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401})";

} // namespace

TEST(ApiClient, SendsTokenAcceptAndUserAgent)
{
    FakeHttpServer server;
    server.setHandler([](const HttpRequest &, std::shared_ptr<HttpExchange> ex) {
        ex->reply(200, serviceJson("web", "7"));
    });
    auto client = makeClient(configFor(server));
    std::optional<ApiResult<Node>> got;
    client->get(ResourceRef::of(ResourceKind::Service), "default", "web", [&](ApiResult<Node> r) {
        got = std::move(r);
    });
    EXPECT_FALSE(got.has_value()); // never inside the call
    ASSERT_TRUE(wait(got).has_value());
    ASSERT_TRUE(got->ok()) << got->error().toString();
    EXPECT_EQ((*got)->find("metadata")->find("name")->text(), "web");
    ASSERT_EQ(server.requests().size(), 1u);
    const HttpRequest &r = server.requests()[0];
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(r.path(), "/api/v1/namespaces/default/services/web");
    EXPECT_EQ(r.headers.value("authorization"), QByteArray("Bearer ") + kToken);
    EXPECT_EQ(r.headers.value("accept"), "application/json");
    EXPECT_TRUE(r.headers.value("user-agent").startsWith("service-studio/"));
}

TEST(ApiClient, BasicAuth)
{
    FakeHttpServer server;
    server.setHandler(
        [](const HttpRequest &, std::shared_ptr<HttpExchange> ex) { ex->reply(200, "{}"); });
    RestConfig rc = configFor(server);
    rc.auth = AuthMethod::Basic;
    rc.bearerToken.clear();
    rc.username = "admin";
    rc.password = "pa55word";
    auto client = makeClient(rc);
    std::optional<ApiResult<ApiClient::Response>> got;
    client->send(ApiClient::Request{"GET", "/version", {}, {}, {}, {}, true, {}},
                 [&](auto r) { got = std::move(r); });
    ASSERT_TRUE(wait(got).has_value());
    ASSERT_TRUE(got->ok());
    EXPECT_EQ(server.requests()[0].headers.value("authorization"),
              "Basic " + QByteArray("admin:pa55word").toBase64());
}

TEST(ApiClient, PathsOfResources)
{
    EXPECT_EQ(ResourceRef::of(ResourceKind::Service).path("default", "web"),
              "/api/v1/namespaces/default/services/web");
    EXPECT_EQ(ResourceRef::of(ResourceKind::Pod).path(""), "/api/v1/pods");
    EXPECT_EQ(ResourceRef::of(ResourceKind::Node).path("ignored", "n1"), "/api/v1/nodes/n1");
    ResourceRef slices{"discovery.k8s.io", "v1beta1", "endpointslices", true};
    EXPECT_EQ(slices.path("ns"), "/apis/discovery.k8s.io/v1beta1/namespaces/ns/endpointslices");
    EXPECT_EQ(ResourceRef::of(ResourceKind::Service).path("default", "a b/c"),
              "/api/v1/namespaces/default/services/a%20b%2Fc");
}

TEST(ApiClient, ListFollowsContinueTokens)
{
    FakeHttpServer server;
    server.setHandler([](const HttpRequest &r, std::shared_ptr<HttpExchange> ex) {
        const QString cont = r.query(QStringLiteral("continue"));
        const int page = cont.isEmpty() ? 0 : cont.mid(1).toInt();
        QByteArray items;
        for (int i = 0; i < 2; ++i)
            items += (i ? "," : "") + serviceJson("s" + std::to_string(page * 2 + i), "1");
        const QByteArray next = page < 2 ? "p" + QByteArray::number(page + 1) : "";
        ex->reply(200,
                  R"({"kind":"ServiceList","apiVersion":"v1","metadata":{"resourceVersion":")"
                      + QByteArray::number(100 + page) + R"(","continue":")" + next
                      + R"(","remainingItemCount":)" + QByteArray::number((2 - page) * 2)
                      + R"(},"items":[)" + items + "]}");
    });
    auto client = makeClient(configFor(server));
    std::vector<std::string> names;
    std::optional<ApiResult<ListSummary>> got;
    ListOptions opts;
    opts.limit = 2;
    client->list(
        ResourceRef::of(ResourceKind::Service),
        "",
        opts,
        [&](ListPage &&page) {
            for (const Node &n : page.items)
                names.push_back(n.find("metadata")->find("name")->text());
        },
        [&](ApiResult<ListSummary> r) { got = std::move(r); });
    ASSERT_TRUE(wait(got).has_value());
    ASSERT_TRUE(got->ok()) << got->error().toString();
    EXPECT_EQ(names, (std::vector<std::string>{"s0", "s1", "s2", "s3", "s4", "s5"}));
    EXPECT_EQ((*got)->pages, 3u);
    EXPECT_EQ((*got)->items, 6u);
    EXPECT_EQ((*got)->resourceVersion, "100"); // the snapshot of the first page
    ASSERT_EQ(server.requests().size(), 3u);
    EXPECT_EQ(server.requests()[0].query("limit"), "2");
    EXPECT_FALSE(server.requests()[0].hasQuery("continue"));
    EXPECT_EQ(server.requests()[2].query("continue"), "p2");
}

TEST(ApiClient, RetriesIdempotentRequestsOnlyOnTransientErrors)
{
    FakeHttpServer server;
    int calls = 0;
    server.setHandler([&](const HttpRequest &, std::shared_ptr<HttpExchange> ex) {
        if (++calls < 3)
            ex->reply(
                503,
                R"({"kind":"Status","message":"etcd is busy","reason":"ServiceUnavailable","code":503})");
        else
            ex->reply(200, serviceJson("web", "1"));
    });
    auto client = makeClient(configFor(server));
    std::optional<ApiResult<Node>> got;
    client->get(ResourceRef::of(ResourceKind::Service), "default", "web", [&](ApiResult<Node> r) {
        got = std::move(r);
    });
    ASSERT_TRUE(wait(got).has_value());
    EXPECT_TRUE(got->ok());
    EXPECT_EQ(calls, 3);

    // A POST that reached the server is never sent twice.
    calls = 0;
    std::optional<ApiResult<Node>> created;
    client->create(
        ResourceRef::of(ResourceKind::Service), "default", Node::map(), {}, [&](ApiResult<Node> r) {
            created = std::move(r);
        });
    ASSERT_TRUE(wait(created).has_value());
    ASSERT_FALSE(created->ok());
    EXPECT_EQ(created->error().status, 503);
    EXPECT_EQ(created->error().reason, "ServiceUnavailable");
    EXPECT_EQ(created->error().message, "etcd is busy");
    EXPECT_EQ(calls, 1);

    // ...except after 429, which the server sends before doing anything.
    calls = 0;
    server.setHandler([&](const HttpRequest &, std::shared_ptr<HttpExchange> ex) {
        if (++calls == 1)
            ex->reply(429,
                      R"({"kind":"Status","reason":"TooManyRequests","code":429})",
                      {{"Retry-After", "0"}});
        else
            ex->reply(201, serviceJson("web", "2"));
    });
    created.reset();
    client->create(
        ResourceRef::of(ResourceKind::Service), "default", Node::map(), {}, [&](ApiResult<Node> r) {
            created = std::move(r);
        });
    ASSERT_TRUE(wait(created).has_value());
    EXPECT_TRUE(created->ok()) << created->error().toString();
    EXPECT_EQ(calls, 2);

    // Errors that retrying cannot fix come back at once.
    calls = 0;
    server.setHandler([&](const HttpRequest &, std::shared_ptr<HttpExchange> ex) {
        ++calls;
        ex->reply(
            404,
            R"({"kind":"Status","message":"services \"web\" not found","reason":"NotFound","code":404})");
    });
    got.reset();
    client->get(ResourceRef::of(ResourceKind::Service), "default", "web", [&](ApiResult<Node> r) {
        got = std::move(r);
    });
    ASSERT_TRUE(wait(got).has_value());
    EXPECT_EQ(got->error().reason, "NotFound");
    EXPECT_EQ(calls, 1);
}

TEST(ApiClient, TimeoutsAreRetriedThenReported)
{
    FakeHttpServer server;
    std::vector<std::shared_ptr<HttpExchange>> hung;
    server.setHandler([&](const HttpRequest &, std::shared_ptr<HttpExchange> ex) {
        hung.push_back(ex); // never answers
    });
    ClientOptions o = fastOptions();
    o.requestTimeout = 200ms;
    o.maxRetries = 1;
    auto client = makeClient(configFor(server), o);
    std::optional<ApiResult<Node>> got;
    client->get(ResourceRef::of(ResourceKind::Service), "default", "web", [&](ApiResult<Node> r) {
        got = std::move(r);
    });
    ASSERT_TRUE(wait(got).has_value());
    ASSERT_FALSE(got->ok());
    EXPECT_EQ(got->error().reason, "Timeout");
    EXPECT_NE(got->error().message.find("get services \"web\""), std::string::npos)
        << got->error().message;
    EXPECT_EQ(server.requests().size(), 2u);
}

TEST(ApiClient, UnreachableServer)
{
    quint16 port;
    {
        QTcpServer s;
        s.listen(QHostAddress::LocalHost, 0);
        port = s.serverPort();
    }
    RestConfig rc;
    rc.server = "http://127.0.0.1:" + std::to_string(port);
    ClientOptions o = fastOptions();
    o.maxRetries = 2;
    auto client = makeClient(rc, o);
    bool lost = false;
    QObject::connect(client.get(),
                     &ApiClient::reachabilityChanged,
                     [&](bool reachable, const QString &) { lost = !reachable; });
    std::optional<ApiResult<Node>> got;
    client->get(ResourceRef::of(ResourceKind::Namespace), "", "default", [&](ApiResult<Node> r) {
        got = std::move(r);
    });
    ASSERT_TRUE(wait(got).has_value());
    ASSERT_FALSE(got->ok());
    EXPECT_EQ(got->error().reason, "Unreachable");
    EXPECT_EQ(got->error().message,
              "dial tcp 127.0.0.1:" + std::to_string(port) + ": connect: connection refused");
    EXPECT_TRUE(lost);
    EXPECT_FALSE(client->reachable());
}

TEST(ApiClient, WriteRequests)
{
    FakeHttpServer server;
    server.setHandler([](const HttpRequest &r, std::shared_ptr<HttpExchange> ex) {
        ex->reply(r.method == "POST" ? 201 : 200, serviceJson("web", "9"));
    });
    auto client = makeClient(configFor(server));
    const ResourceRef svc = ResourceRef::of(ResourceKind::Service);
    auto obj = parseJson(serviceJson("web", "8").toStdString());
    ASSERT_TRUE(obj.ok());
    int done = 0;
    auto count = [&](ApiResult<Node> r) {
        EXPECT_TRUE(r.ok()) << (r ? "" : r.error().toString());
        ++done;
    };
    WriteOptions dry;
    dry.dryRun = true;
    client->create(svc, "default", *obj, dry, count);
    client->replace(svc, "default", "web", *obj, {}, count);
    Node patch = Node::map();
    patch.set("metadata", Node::map()).set("labels", Node::map()).set("a", Node::string("b"));
    client->patch(svc, "default", "web", PatchType::Merge, patch, {}, count);
    client->patch(svc, "default", "web", PatchType::StrategicMerge, patch, {}, count);
    DeleteOptions del;
    del.gracePeriodSeconds = 0;
    del.preconditionResourceVersion = "9";
    client->remove(ResourceRef::of(ResourceKind::Pod), "default", "p", del, count);
    ASSERT_TRUE(waitFor([&] { return done == 5; }));
    ASSERT_EQ(server.requests().size(), 5u);
    std::map<QByteArray, std::vector<HttpRequest>> by;
    for (const auto &r : server.requests())
        by[r.method].push_back(r);
    EXPECT_EQ(by["POST"][0].path(), "/api/v1/namespaces/default/services");
    EXPECT_EQ(by["POST"][0].query("dryRun"), "All");
    EXPECT_EQ(by["POST"][0].headers.value("content-type"), "application/json");
    EXPECT_EQ(by["PUT"][0].path(), "/api/v1/namespaces/default/services/web");
    EXPECT_TRUE(by["PUT"][0].body.contains("\"resourceVersion\":\"8\""));
    ASSERT_EQ(by["PATCH"].size(), 2u);
    std::set<QByteArray> patchTypes{by["PATCH"][0].headers.value("content-type"),
                                    by["PATCH"][1].headers.value("content-type")};
    EXPECT_EQ(patchTypes,
              (std::set<QByteArray>{"application/merge-patch+json",
                                    "application/strategic-merge-patch+json"}));
    EXPECT_EQ(by["PATCH"][0].body, R"({"metadata":{"labels":{"a":"b"}}})");
    EXPECT_EQ(by["DELETE"][0].path(), "/api/v1/namespaces/default/pods/p");
    EXPECT_TRUE(by["DELETE"][0].body.contains("\"gracePeriodSeconds\":0"));
    EXPECT_TRUE(by["DELETE"][0].body.contains("\"preconditions\":{\"resourceVersion\":\"9\"}"));
}

TEST(ApiClient, WatchStreamsResumesAndDropsDuplicates)
{
    FakeHttpServer server;
    std::vector<std::shared_ptr<HttpExchange>> streams;
    server.setHandler([&](const HttpRequest &, std::shared_ptr<HttpExchange> ex) {
        ex->startStream();
        streams.push_back(ex);
    });
    auto client = makeClient(configFor(server));
    std::vector<std::string> seen; // "TYPE name rv"
    std::vector<bool> connections;
    WatchOptions wo;
    wo.resourceVersion = "10";
    auto w = client->watch(
        ResourceRef::of(ResourceKind::Service),
        "default",
        wo,
        [&](const RawWatchEvent &e) {
            const char *t[] = {"ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"};
            std::string name
                = e.object.isMap() ? e.object.find("metadata")->find("name")->text() : "-";
            seen.push_back(std::string(t[int(e.type)]) + " " + name + " " + e.resourceVersion);
        },
        [&](bool c, const ApiError &) { connections.push_back(c); });
    ASSERT_TRUE(waitFor([&] { return streams.size() == 1; }));
    const HttpRequest &first = server.requests()[0];
    EXPECT_EQ(first.query("watch"), "1");
    EXPECT_EQ(first.query("resourceVersion"), "10");
    EXPECT_EQ(first.query("allowWatchBookmarks"), "true");
    EXPECT_TRUE(first.hasQuery("timeoutSeconds"));

    // An event split across chunks, two in one chunk, a bookmark.
    const QByteArray a = event("ADDED", "a", "11");
    streams[0]->chunk(a.left(10));
    streams[0]->chunk(a.mid(10) + event("MODIFIED", "a", "12") + event("ADDED", "b", "13"));
    streams[0]->chunk(
        R"({"type":"BOOKMARK","object":{"kind":"Service","apiVersion":"v1","metadata":{"resourceVersion":"15"}}})"
        "\n");
    ASSERT_TRUE(waitFor([&] { return seen.size() == 4; }));
    EXPECT_EQ(w->lastResourceVersion(), "15");

    // The server goes away mid-stream; the watch comes back from the last version it saw.
    streams[0]->drop();
    ASSERT_TRUE(waitFor([&] { return streams.size() == 2; }));
    EXPECT_EQ(server.requests()[1].query("resourceVersion"), "15");
    // A server that replays what we already had: delivered once only.
    streams[1]->chunk(event("MODIFIED", "a", "12") + event("DELETED", "b", "16"));
    ASSERT_TRUE(waitFor([&] { return seen.size() == 5; }));
    EXPECT_EQ(w->duplicatesDropped(), 1u);

    // A clean end of the stream (server-side timeout): reconnect at once.
    streams[1]->endStream();
    ASSERT_TRUE(waitFor([&] { return streams.size() == 3; }));
    EXPECT_EQ(server.requests()[2].query("resourceVersion"), "16");
    streams[2]->chunk(event("ADDED", "c", "17"));
    ASSERT_TRUE(waitFor([&] { return seen.size() == 6; }));
    EXPECT_EQ(seen,
              (std::vector<std::string>{"ADDED a 11",
                                        "MODIFIED a 12",
                                        "ADDED b 13",
                                        "BOOKMARK - 15",
                                        "DELETED b 16",
                                        "ADDED c 17"}));
    EXPECT_GE(w->connects(), 3);
    ASSERT_GE(connections.size(), 3u);
    EXPECT_EQ(connections[0], true);
    EXPECT_EQ(connections[1], false);
    EXPECT_EQ(connections[2], true);

    // stop(): nothing more arrives, no reconnect.
    w->stop();
    streams[2]->chunk(event("ADDED", "d", "18"));
    streams[2]->drop();
    waitFor([] { return false; }, 200);
    EXPECT_EQ(seen.size(), 6u);
    EXPECT_EQ(streams.size(), 3u);
}

TEST(ApiClient, WatchGoneEndsWithAnErrorEvent)
{
    FakeHttpServer server;
    int requests = 0;
    server.setHandler([&](const HttpRequest &, std::shared_ptr<HttpExchange> ex) {
        ++requests;
        ex->startStream();
        ex->chunk(
            R"J({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (4231)","reason":"Expired","code":410}})J"
            "\n");
    });
    auto client = makeClient(configFor(server));
    std::vector<RawWatchEvent> events;
    WatchOptions wo;
    wo.resourceVersion = "1";
    auto w = client->watch(ResourceRef::of(ResourceKind::Service),
                           "",
                           wo,
                           [&](const RawWatchEvent &e) { events.push_back(e); });
    ASSERT_TRUE(waitFor([&] { return !events.empty(); }));
    waitFor([] { return false; }, 200);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].type, WatchEvent::Type::Error);
    EXPECT_EQ(events[0].error.status, 410);
    EXPECT_EQ(events[0].error.message, "too old resource version: 1 (4231)");
    EXPECT_TRUE(w->stopped());
    EXPECT_EQ(requests, 1);

    // The same as an HTTP answer (not in the stream).
    FakeHttpServer s2;
    s2.setHandler([&](const HttpRequest &, std::shared_ptr<HttpExchange> ex) {
        ex->reply(
            403,
            R"({"kind":"Status","message":"services is forbidden: User \"x\" cannot watch resource \"services\"","reason":"Forbidden","code":403})");
    });
    auto c2 = makeClient(configFor(s2));
    events.clear();
    auto w2
        = c2->watch(ResourceRef::of(ResourceKind::Service), "", {}, [&](const RawWatchEvent &e) {
              events.push_back(e);
          });
    ASSERT_TRUE(waitFor([&] { return !events.empty(); }));
    EXPECT_EQ(events[0].error.status, 403);
    EXPECT_TRUE(w2->stopped());
}

TEST(ApiClient, WatchBacksOffWhileTheServerIsDown)
{
    FakeHttpServer server;
    int calls = 0;
    std::vector<std::shared_ptr<HttpExchange>> streams;
    server.setHandler([&](const HttpRequest &, std::shared_ptr<HttpExchange> ex) {
        if (++calls <= 3) {
            ex->reply(503, R"({"kind":"Status","reason":"ServiceUnavailable","code":503})");
            return;
        }
        ex->startStream();
        streams.push_back(ex);
    });
    auto client = makeClient(configFor(server));
    std::vector<RawWatchEvent> events;
    WatchOptions wo;
    wo.resourceVersion = "5";
    auto w = client->watch(ResourceRef::of(ResourceKind::Service),
                           "",
                           wo,
                           [&](const RawWatchEvent &e) { events.push_back(e); });
    ASSERT_TRUE(waitFor([&] { return streams.size() == 1; }));
    EXPECT_EQ(calls, 4);
    for (const auto &r : server.requests())
        EXPECT_EQ(r.query("resourceVersion"), "5");
    EXPECT_TRUE(events.empty());
}

TEST(ApiClient, ExecPluginTokenIsRefreshedAfter401)
{
    QTemporaryDir dir;
    const std::string plugin = dir.path().toStdString() + "/plugin";
    const std::string runs = dir.path().toStdString() + "/runs";
    std::ofstream(plugin)
        << "#!/bin/sh\necho run >> " << runs << "\nN=$(wc -l < " << runs << " | tr -d ' ')\n"
        << R"(printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"exec-tok-%s"}}' "$N")"
        << "\n";
    QFile::setPermissions(QString::fromStdString(plugin),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    FakeHttpServer server;
    server.setHandler([](const HttpRequest &r, std::shared_ptr<HttpExchange> ex) {
        if (r.headers.value("authorization") == "Bearer exec-tok-2")
            ex->reply(200, "{}");
        else
            ex->reply(401, kStatus401);
    });
    RestConfig rc = configFor(server);
    rc.auth = AuthMethod::Exec;
    rc.bearerToken.clear();
    rc.exec = ExecConfig{"client.authentication.k8s.io/v1beta1", plugin, {}, {}, {}, false, {}};
    auto client = makeClient(rc);
    std::optional<ApiResult<Node>> got;
    client->get(ResourceRef::of(ResourceKind::Namespace), "", "default", [&](ApiResult<Node> r) {
        got = std::move(r);
    });
    ASSERT_TRUE(wait(got, 10000).has_value());
    EXPECT_TRUE(got->ok()) << got->error().toString();
    ASSERT_EQ(server.requests().size(), 2u);
    EXPECT_EQ(server.requests()[0].headers.value("authorization"), "Bearer exec-tok-1");
    EXPECT_EQ(server.requests()[1].headers.value("authorization"), "Bearer exec-tok-2");

    // A plugin that is missing: a clear error, nothing sent.
    rc.exec->command = dir.path().toStdString() + "/missing-plugin";
    auto broken = makeClient(rc);
    got.reset();
    broken->get(ResourceRef::of(ResourceKind::Namespace), "", "default", [&](ApiResult<Node> r) {
        got = std::move(r);
    });
    ASSERT_TRUE(wait(got).has_value());
    ASSERT_FALSE(got->ok());
    EXPECT_NE(got->error().message.find("getting credentials: exec: executable"), std::string::npos)
        << got->error().message;
    EXPECT_EQ(server.requests().size(), 2u);
}

namespace {
std::mutex g_logMutex;
std::string g_log;
void captureLog(QtMsgType, const QMessageLogContext &, const QString &msg)
{
    std::lock_guard lock(g_logMutex);
    g_log += msg.toStdString() + "\n";
}
} // namespace

TEST(ApiClient, NoSecretInErrorsOrLogs)
{
    QLoggingCategory::setFilterRules(
        QStringLiteral("studio.apiserver.debug=true\nstudio.apiserver.info=true"));
    auto previous = qInstallMessageHandler(captureLog);
    const std::string password = "pw-Secret-9876";
    const std::string keyLine = "MHcCAQEEIKeyMaterialThatMustNotLeak0123456789abcdef";
    std::vector<std::string> errors;
    {
        FakeHttpServer server;
        // A hostile server that echoes the Authorization header everywhere it can.
        server.setHandler([](const HttpRequest &r, std::shared_ptr<HttpExchange> ex) {
            const QByteArray auth = r.headers.value("authorization");
            if (r.path().endsWith(QLatin1String("/a")))
                ex->reply(401, kStatus401);
            else if (r.path().endsWith(QLatin1String("/b")))
                ex->reply(
                    422,
                    R"({"kind":"Status","message":"bad )" + auth
                        + R"(","reason":"Invalid","details":{"causes":[{"reason":"FieldValueInvalid","field":"x","message":"Invalid value: \")"
                        + auth + R"(\": no"}]},"code":422})");
            else if (r.path().endsWith(QLatin1String("/c")))
                ex->reply(502, "proxy saw " + auth);
            else
                ex->reply(503, "busy " + auth);
        });
        for (AuthMethod m : {AuthMethod::Token, AuthMethod::Basic}) {
            RestConfig rc = configFor(server);
            rc.auth = m;
            if (m == AuthMethod::Basic) {
                rc.bearerToken.clear();
                rc.username = "bob";
                rc.password = password;
            }
            rc.clientKeyPem
                = "-----BEGIN EC PRIVATE KEY-----\n" + keyLine + "\n-----END EC PRIVATE KEY-----\n";
            auto client = makeClient(rc);
            int pending = 0;
            for (const char *name : {"a", "b", "c", "d"}) {
                ++pending;
                client->get(ResourceRef::of(ResourceKind::Service),
                            "default",
                            name,
                            [&](ApiResult<Node> r) {
                                --pending;
                                ASSERT_FALSE(r.ok());
                                errors.push_back(r.error().toString());
                                for (const auto &c : r.error().causes)
                                    errors.push_back(c.message());
                            });
            }
            ASSERT_TRUE(waitFor([&] { return pending == 0; }));
        }
    }
    qInstallMessageHandler(previous);
    QLoggingCategory::setFilterRules(QString());
    ASSERT_GE(errors.size(), 8u);
    const std::string basic = QByteArray::fromStdString("bob:" + password).toBase64().toStdString();
    std::string all;
    for (const auto &e : errors)
        all += e + "\n";
    {
        std::lock_guard lock(g_logMutex);
        all += g_log;
        EXPECT_NE(g_log.find("/api/v1/namespaces/default/services/a"), std::string::npos)
            << "debug logging was not captured:\n"
            << g_log;
    }
    for (const std::string &secret : {std::string(kToken), password, basic, keyLine})
        EXPECT_EQ(all.find(secret), std::string::npos) << "leaked " << secret << " in:\n" << all;
    EXPECT_NE(all.find("[redacted]"), std::string::npos) << all;
}

TEST(ApiClient, ProxyUrl)
{
    RestConfig rc;
    rc.server = "http://apiserver.invalid:8080";
    rc.proxyUrl = "https://proxy.example:3128";
    auto bad = ApiClient::fromConfig(rc);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, "proxy-config");

    // The scripted server plays an HTTP proxy: the request comes in absolute form, with the
    // proxy credentials, which never show up in an error.
    FakeHttpServer proxy;
    proxy.setHandler([](const HttpRequest &r, std::shared_ptr<HttpExchange> ex) {
        if (r.headers.contains("proxy-authorization"))
            ex->reply(503, "upstream unavailable");
        else
            ex->reply(407, "", {{"Proxy-Authenticate", "Basic realm=\"p\""}});
    });
    rc.proxyUrl = "http://puser:proxy-pass-42@127.0.0.1:" + std::to_string(proxy.port());
    ClientOptions o = fastOptions();
    o.maxRetries = 0;
    auto client = makeClient(rc, o);
    std::optional<ApiResult<Node>> got;
    client->get(ResourceRef::of(ResourceKind::Service), "default", "web", [&](ApiResult<Node> r) {
        got = std::move(r);
    });
    ASSERT_TRUE(wait(got).has_value());
    ASSERT_FALSE(proxy.requests().empty());
    EXPECT_EQ(proxy.requests().back().target,
              "http://apiserver.invalid:8080/api/v1/namespaces/default/services/web");
    EXPECT_EQ(proxy.requests().back().headers.value("proxy-authorization"),
              "Basic " + QByteArray("puser:proxy-pass-42").toBase64());
    ASSERT_FALSE(got->ok());
    EXPECT_EQ(got->error().toString().find("proxy-pass-42"), std::string::npos);
}
