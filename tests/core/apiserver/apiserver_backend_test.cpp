// SPDX-License-Identifier: GPL-3.0-or-later
// ApiServerBackend against a scripted server: list + watch, the relist after 410 that turns
// into the difference, apply's create-or-replace, paged list decoding.
#include "apiserver/apiserver_backend.h"
#include "fake_http_server.h"

#include <gtest/gtest.h>

using namespace studio;
using namespace studio::test;
using namespace std::chrono_literals;

namespace {

QByteArray svc(const std::string &name,
               const std::string &rv,
               const std::string &uid = {},
               const std::string &clusterIP = {},
               int nodePort = 0)
{
    std::string s = R"({"metadata":{"name":")" + name + R"(","namespace":"ns","uid":")"
                    + (uid.empty() ? "uid-" + name : uid) + R"(","resourceVersion":")" + rv
                    + R"("},"spec":{)";
    if (!clusterIP.empty())
        s += R"("clusterIP":")" + clusterIP + R"(",)";
    if (nodePort)
        s += R"("type":"NodePort",)";
    s += R"("ports":[{"port":80,"protocol":"TCP")";
    if (nodePort)
        s += R"(,"nodePort":)" + std::to_string(nodePort);
    s += "}]}}";
    return QByteArray::fromStdString(s);
}

QByteArray list(const std::string &rv, const std::vector<QByteArray> &items)
{
    QByteArray out = R"({"kind":"ServiceList","apiVersion":"v1","metadata":{"resourceVersion":")"
                     + QByteArray::fromStdString(rv) + R"("},"items":[)";
    for (size_t i = 0; i < items.size(); ++i)
        out += (i ? "," : "") + items[i];
    return out + "]}";
}

std::unique_ptr<ApiServerBackend> backendFor(const FakeHttpServer &server)
{
    RestConfig rc;
    rc.server = server.url().toStdString();
    rc.namespace_ = "ns";
    rc.contextName = "fake";
    ClientOptions o;
    o.retryBase = 10ms;
    o.watchBackoffBase = 10ms;
    o.watchBackoffMax = 50ms;
    auto c = ApiClient::fromConfig(rc, o);
    EXPECT_TRUE(c.ok());
    return std::make_unique<ApiServerBackend>(std::move(c).value());
}

std::string describe(const WatchEvent &e)
{
    const char *t[] = {"ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"};
    const ObjectMeta *m = objectMeta(e.object);
    return std::string(t[int(e.type)]) + " " + (m ? m->name + "@" + m->resourceVersion : "-");
}

} // namespace

TEST(ApiServerBackend, WatchListsFirstAndTurnsA410IntoTheDifference)
{
    FakeHttpServer server;
    int lists = 0;
    std::vector<std::shared_ptr<HttpExchange>> watches;
    server.setHandler([&](const HttpRequest &r, std::shared_ptr<HttpExchange> ex) {
        ASSERT_EQ(r.path(), "/api/v1/namespaces/ns/services");
        if (!r.hasQuery("watch")) {
            ++lists;
            if (lists == 1)
                ex->reply(200, list("10", {svc("a", "5"), svc("b", "6"), svc("d", "7")}));
            else // after the 410: a unchanged, b gone, c new, d recreated (new uid)
                ex->reply(200,
                          list("20", {svc("a", "11"), svc("c", "12"), svc("d", "14", "uid-d2")}));
            return;
        }
        ex->startStream();
        watches.push_back(ex);
    });
    auto be = backendFor(server);
    std::vector<std::string> events;
    auto w = be->watch(ResourceKind::Service, "ns", "", [&](const WatchEvent &e) {
        events.push_back(describe(e));
    });
    ASSERT_TRUE(waitFor([&] { return watches.size() == 1; }));
    EXPECT_EQ(server.requests().back().query("resourceVersion"), "10");
    EXPECT_EQ(events, (std::vector<std::string>{"ADDED a@5", "ADDED b@6", "ADDED d@7"}));
    watches[0]->chunk(R"({"type":"MODIFIED","object":)" + svc("a", "11") + "}\n");
    ASSERT_TRUE(waitFor([&] { return events.size() == 4; }));
    watches[0]->chunk(
        R"J({"type":"ERROR","object":{"kind":"Status","status":"Failure","message":"too old resource version: 11 (15)","reason":"Expired","code":410}})J"
        "\n");
    ASSERT_TRUE(waitFor([&] { return watches.size() == 2; }));
    EXPECT_EQ(lists, 2);
    EXPECT_EQ(server.requests().back().query("resourceVersion"), "20");
    EXPECT_EQ(events,
              (std::vector<std::string>{"ADDED a@5",
                                        "ADDED b@6",
                                        "ADDED d@7",
                                        "MODIFIED a@11",
                                        "DELETED b@6",
                                        "ADDED c@12",
                                        "DELETED d@7",
                                        "ADDED d@14"}));
    // Destroying the handle ends it: nothing more.
    w.reset();
    watches[1]->chunk(R"({"type":"ADDED","object":)" + svc("e", "21") + "}\n");
    waitFor([] { return false; }, 100);
    EXPECT_EQ(events.size(), 8u);
}

TEST(ApiServerBackend, ListDecodesEveryPage)
{
    FakeHttpServer server;
    server.setHandler([&](const HttpRequest &r, std::shared_ptr<HttpExchange> ex) {
        if (r.query("continue").isEmpty())
            ex->reply(
                200,
                R"({"kind":"ServiceList","metadata":{"resourceVersion":"30","continue":"next","remainingItemCount":1},"items":[)"
                    + svc("a", "1") + "," + svc("b", "2") + "]}");
        else
            ex->reply(200,
                      R"({"kind":"ServiceList","metadata":{"resourceVersion":"30"},"items":[)"
                          + svc("c", "3") + "]}");
    });
    auto be = backendFor(server);
    be->setListPageSize(2);
    std::optional<ApiResult<ObjectList>> got;
    be->list(
        ResourceKind::Service, "ns", [&](ApiResult<ObjectList> r) { got.emplace(std::move(r)); });
    ASSERT_TRUE(waitFor([&] { return got.has_value(); }));
    ASSERT_TRUE(got->ok()) << got->error().toString();
    ASSERT_EQ((*got)->items.size(), 3u);
    EXPECT_EQ((*got)->resourceVersion, "30");
    EXPECT_EQ(std::get<Service>((*got)->items[2]).metadata.name, "c");
    EXPECT_EQ(std::get<Service>((*got)->items[0]).spec.ports[0].protocol, "TCP");
    EXPECT_EQ(server.requests()[0].query("limit"), "2");
}

TEST(ApiServerBackend, ApplyReplacesOnAlreadyExistsKeepingAllocations)
{
    FakeHttpServer server;
    QByteArray putBody;
    server.setHandler([&](const HttpRequest &r, std::shared_ptr<HttpExchange> ex) {
        if (r.method == "POST")
            ex->reply(
                409,
                R"({"kind":"Status","message":"services \"web\" already exists","reason":"AlreadyExists","code":409})");
        else if (r.method == "GET")
            ex->reply(200, svc("web", "41", {}, "10.96.0.10", 30123));
        else if (r.method == "PUT") {
            putBody = r.body;
            ex->reply(200, svc("web", "42", {}, "10.96.0.10", 30123));
        }
    });
    auto be = backendFor(server);
    Service s;
    s.metadata.name = "web";
    s.spec.type = "NodePort";
    ServicePort p;
    p.port = 80;
    s.spec.ports = {p};
    std::optional<ApiResult<KubeObject>> got;
    be->apply(s, false, [&](ApiResult<KubeObject> r) { got.emplace(std::move(r)); });
    ASSERT_TRUE(waitFor([&] { return got.has_value(); }));
    ASSERT_TRUE(got->ok()) << got->error().toString();
    EXPECT_EQ(std::get<Service>(**got).metadata.resourceVersion, "42");
    ASSERT_EQ(server.requests().size(), 3u);
    EXPECT_EQ(server.requests()[0].path(), "/api/v1/namespaces/ns/services"); // context namespace
    EXPECT_EQ(server.requests()[2].path(), "/api/v1/namespaces/ns/services/web");
    EXPECT_TRUE(putBody.contains(R"("resourceVersion":"41")")) << putBody.toStdString();
    EXPECT_TRUE(putBody.contains(R"("clusterIP":"10.96.0.10")")) << putBody.toStdString();
    EXPECT_TRUE(putBody.contains(R"("nodePort":30123)")) << putBody.toStdString();

    // Any other failure of the create is the answer.
    server.setHandler([&](const HttpRequest &, std::shared_ptr<HttpExchange> ex) {
        ex->reply(
            403,
            R"({"kind":"Status","message":"services is forbidden: User \"x\" cannot create resource \"services\"","reason":"Forbidden","code":403})");
    });
    got.reset();
    be->apply(s, false, [&](ApiResult<KubeObject> r) { got.emplace(std::move(r)); });
    ASSERT_TRUE(waitFor([&] { return got.has_value(); }));
    ASSERT_FALSE(got->ok());
    EXPECT_EQ(got->error().status, 403);
}

TEST(ApiServerBackend, ConnectionChangesAreSignalled)
{
    quint16 port;
    {
        QTcpServer s;
        s.listen(QHostAddress::LocalHost, 0);
        port = s.serverPort();
    }
    RestConfig rc;
    rc.server = "http://127.0.0.1:" + std::to_string(port);
    ClientOptions o;
    o.maxRetries = 0;
    auto c = ApiClient::fromConfig(rc, o);
    ASSERT_TRUE(c.ok());
    ApiServerBackend be(std::move(c).value());
    std::vector<bool> changes;
    QObject::connect(&be, &ClusterBackend::connectionChanged, [&](bool up, const QString &) {
        changes.push_back(up);
    });
    std::optional<ApiResult<KubeObject>> got;
    be.get(ResourceKind::Service, "", "x", [&](ApiResult<KubeObject> r) {
        got.emplace(std::move(r));
    });
    ASSERT_TRUE(waitFor([&] { return got.has_value(); }));
    EXPECT_EQ(got->error().reason, "Unreachable");
    EXPECT_EQ(changes, std::vector<bool>{false});
}
