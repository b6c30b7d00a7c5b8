// SPDX-License-Identifier: GPL-3.0-or-later
// Each way a request fails, against the real apiserver, and what the error says.
#include "e2e_support.h"

#include "manifest/yaml_reader.h"
#include "validation/validation.h"

#include <QByteArray>
#include <QTcpServer>

using namespace studio;
using namespace studio::test;

namespace {

Service simpleService(const std::string &name, const std::string &ns)
{
    Service s;
    s.metadata.name = name;
    s.metadata.namespace_ = ns;
    ServicePort p;
    p.port = 80;
    s.spec.ports = {p};
    return s;
}

RestConfig adminTokenConfig()
{
    auto rc = restConfigFrom(cluster().env("ADMIN_TOKEN_KUBECONFIG"));
    EXPECT_TRUE(rc.ok());
    return rc ? *rc : RestConfig{};
}

ApiResult<ListPage> listServices(ApiClient &c, const std::string &ns = {})
{
    return await<ListPage>(
        [&](auto cb) { c.listPage(ResourceRef::of(ResourceKind::Service), ns, {}, cb); });
}

} // namespace

TEST(Failures, WrongToken401NamesUserAndVerbButNotTheToken)
{
    RestConfig rc = adminTokenConfig();
    rc.bearerToken = "0123456789abcdef-not-a-valid-token";
    auto c = clientFor(rc);
    auto r = listServices(*c, "default");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, 401);
    EXPECT_EQ(r.error().reason, "Unauthorized");
    EXPECT_NE(r.error().message.find("kubeconfig user \"" + rc.userName + "\" (bearer token)"),
              std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find("list services in namespace \"default\""), std::string::npos)
        << r.error().message;
    EXPECT_EQ(r.error().toString().find(rc.bearerToken), std::string::npos);
}

TEST(Failures, RevokedServiceAccountToken401)
{
    auto admin = adminBackend();
    ASSERT_TRUE(admin);
    const std::string ns = "e2e-revoke";
    ASSERT_TRUE(createNamespace(*admin, ns, false));
    const ResourceRef sa{"", "v1", "serviceaccounts", true};
    const ResourceRef secrets{"", "v1", "secrets", true};
    Node body = Node::map();
    body.set("apiVersion", Node::string("v1"));
    body.set("kind", Node::string("ServiceAccount"));
    body.set("metadata", Node::map()).set("name", Node::string("robot"));
    ASSERT_TRUE(await<Node>([&](auto cb) { admin->client().create(sa, ns, body, {}, cb); }).ok());
    std::string secretName;
    ASSERT_TRUE(waitFor(
        [&] {
            auto r = await<Node>([&](auto cb) { admin->client().get(sa, ns, "robot", cb); }, 5000);
            const Node *s = r ? r->find("secrets") : nullptr;
            if (!s || !s->isSequence() || s->items().empty())
                return false;
            secretName = s->items()[0].find("name")->text();
            return true;
        },
        60'000));
    auto secret = await<Node>([&](auto cb) { admin->client().get(secrets, ns, secretName, cb); });
    ASSERT_TRUE(secret.ok());
    const std::string token
        = QByteArray::fromBase64(
              QByteArray::fromStdString(secret->find("data")->find("token")->text()))
              .toStdString();
    RestConfig rc = adminTokenConfig();
    rc.userName = "robot";
    rc.bearerToken = token;
    auto c = clientFor(rc);
    // A valid token without rights: 403, in the server's words naming the service account.
    auto before = listServices(*c, ns);
    ASSERT_FALSE(before.ok());
    EXPECT_EQ(before.error().status, 403);
    EXPECT_NE(
        before.error().message.find("User \"system:serviceaccount:" + ns + ":robot\" cannot list"),
        std::string::npos)
        << before.error().message;
    // Revoke it (delete its secret): now the server does not know it any more.
    ASSERT_TRUE(await<Node>([&](auto cb) {
                    admin->client().remove(secrets, ns, secretName, {}, cb);
                }).ok());
    ApiError last;
    const bool revoked = waitFor(
        [&] {
            auto r = listServices(*c, ns);
            last = r ? ApiError{} : r.error();
            return !r && r.error().status == 401;
        },
        30'000);
    EXPECT_TRUE(revoked) << "still not 401: " << last.toString();
    EXPECT_EQ(last.toString().find(token), std::string::npos);
}

TEST(Failures, ReadOnlyUserMayNotCreate403)
{
    auto ro = adminBackend("READONLY_KUBECONFIG");
    ASSERT_TRUE(ro);
    auto r = await<KubeObject>(
        [&](auto cb) { ro->create(simpleService("nope", "default"), false, cb); });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, 403);
    EXPECT_EQ(r.error().reason, "Forbidden");
    EXPECT_EQ(r.error().message,
              "services is forbidden: User \"" + cluster().env("READONLY_USER")
                  + "\" cannot create resource \"services\" in API group \"\" in the namespace "
                    "\"default\"");
    // Reading is fine.
    auto list = await<ObjectList>([&](auto cb) { ro->list(ResourceKind::Service, "default", cb); });
    EXPECT_TRUE(list.ok()) << list.error().toString();
}

TEST(Failures, WrongCaNamesTheServerCertificate)
{
    RestConfig rc = adminTokenConfig();
    // A certificate that did not sign the server's: the admin client certificate.
    rc.caPem = *readFileLimited(cluster().env("ADMIN_CERT"), 1 << 20);
    rc.caOrigin = "certificate-authority " + cluster().env("ADMIN_CERT");
    auto c = clientFor(rc);
    auto r = listServices(*c);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(isTlsError(r.error())) << r.error().toString();
    EXPECT_EQ(r.error().reason, "Unreachable");
    EXPECT_NE(r.error().message.find("x509: certificate signed by unknown authority"),
              std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find("subject \"CN=kube-apiserver\""), std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find("issuer \"CN=service-studio-test-ca\""), std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find(cluster().env("ADMIN_CERT")), std::string::npos);
}

TEST(Failures, TlsServerName)
{
    RestConfig good = adminTokenConfig();
    good.tlsServerName = "kubernetes.default.svc"; // in the serving certificate
    auto c = clientFor(good);
    EXPECT_TRUE(listServices(*c).ok());

    RestConfig wrong = adminTokenConfig();
    wrong.tlsServerName = "wrong.example.com";
    auto w = clientFor(wrong);
    auto r = listServices(*w);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(isTlsError(r.error()));
    EXPECT_NE(r.error().message.find("x509: certificate is valid for "), std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find("kubernetes.default.svc"), std::string::npos);
    EXPECT_NE(r.error().message.find(", not wrong.example.com"), std::string::npos)
        << r.error().message;
}

TEST(Failures, InsecureSkipTlsVerifyWorksAndIsFlagged)
{
    const std::string path = writeTempFile(
        "insecure.kubeconfig",
        "apiVersion: v1\nkind: Config\ncurrent-context: x\nclusters:\n- name: c\n  cluster:\n"
        "    server: "
            + cluster().env("APISERVER_URL")
            + "\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: \""
            + cluster().env("ADMIN_TOKEN")
            + "\"\ncontexts:\n- name: x\n  context: {cluster: c, user: u}\n");
    auto rc = restConfigFrom(path);
    ASSERT_TRUE(rc.ok()) << rc.error().toString();
    auto c = clientFor(*rc);
    EXPECT_EQ(c->warnings(), std::vector<std::string>{"insecure-skip-tls-verify"});
    EXPECT_TRUE(listServices(*c).ok());
}

TEST(Failures, StaleResourceVersionConflict409)
{
    auto be = adminBackend();
    ASSERT_TRUE(be);
    const std::string ns = "e2e-conflict";
    ASSERT_TRUE(createNamespace(*be, ns, false));
    auto created
        = await<KubeObject>([&](auto cb) { be->create(simpleService("web", ns), false, cb); });
    ASSERT_TRUE(created.ok()) << created.error().toString();
    Service stale = std::get<Service>(*created);
    Service fresh = stale;
    fresh.metadata.labels["edit"] = "1";
    ASSERT_TRUE(await<KubeObject>([&](auto cb) { be->replace(fresh, false, cb); }).ok());
    stale.metadata.labels["edit"] = "2";
    auto r = await<KubeObject>([&](auto cb) { be->replace(stale, false, cb); });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, 409);
    EXPECT_EQ(r.error().reason, "Conflict");
    EXPECT_EQ(r.error().message, apiConflict(ResourceKind::Service, "web").message);
    // Creating it again: 409 AlreadyExists.
    auto again
        = await<KubeObject>([&](auto cb) { be->create(simpleService("web", ns), false, cb); });
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().reason, "AlreadyExists");
    EXPECT_EQ(again.error().message, apiAlreadyExists(ResourceKind::Service, "web").message);
}

TEST(Failures, InvalidWithSeveralCauses422)
{
    auto be = adminBackend();
    ASSERT_TRUE(be);
    Service bad;
    bad.metadata.name = "Bad_Name";
    bad.metadata.namespace_ = "default";
    ServicePort a;
    a.port = 0;
    ServicePort b;
    b.port = 81;
    b.protocol = "HTTP";
    bad.spec.ports = {a, b};
    bad.spec.sessionAffinity = "Sticky";
    auto r = await<KubeObject>([&](auto cb) { be->create(bad, false, cb); });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, 422);
    EXPECT_EQ(r.error().reason, "Invalid");
    ASSERT_GE(r.error().causes.size(), 4u) << r.error().toString();
    // The same causes, in the same order, as our validation.
    Service local = bad;
    defaultService(local);
    const FieldErrors ours = validateService(local);
    std::vector<std::string> theirs, mine;
    for (const auto &c : r.error().causes)
        theirs.push_back(c.field + " " + c.type);
    for (const auto &c : ours)
        mine.push_back(c.field + " " + c.type);
    EXPECT_EQ(theirs, mine) << r.error().message;
    // Every cause reads back exactly as the server wrote it.
    for (const FieldError &c : r.error().causes)
        EXPECT_NE(r.error().message.find(c.message()), std::string::npos) << c.message();
    EXPECT_EQ(r.error().message.rfind("Service \"Bad_Name\" is invalid: [", 0), 0u);
}

TEST(Failures, NotFound404)
{
    auto be = adminBackend();
    auto r = await<KubeObject>(
        [&](auto cb) { be->get(ResourceKind::Service, "default", "no-such-service", cb); });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().status, 404);
    EXPECT_EQ(r.error().message, apiNotFound(ResourceKind::Service, "no-such-service").message);
    // Creating in a namespace that does not exist.
    auto ns = await<KubeObject>(
        [&](auto cb) { be->create(simpleService("x", "no-such-ns"), false, cb); });
    ASSERT_FALSE(ns.ok());
    EXPECT_EQ(ns.error().status, 404);
    EXPECT_EQ(ns.error().message, "namespaces \"no-such-ns\" not found");
}

TEST(Failures, UnreachableServer)
{
    quint16 port;
    {
        QTcpServer s;
        s.listen(QHostAddress::LocalHost, 0);
        port = s.serverPort();
    }
    RestConfig rc = adminTokenConfig();
    rc.server = "https://127.0.0.1:" + std::to_string(port);
    ClientOptions o = e2eOptions();
    o.retryBase = std::chrono::milliseconds(20);
    auto c = clientFor(rc, o);
    auto r = listServices(*c);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, "Unreachable");
    EXPECT_EQ(r.error().toString(),
              "Unable to connect to the server: dial tcp 127.0.0.1:" + std::to_string(port)
                  + ": connect: connection refused");
}
