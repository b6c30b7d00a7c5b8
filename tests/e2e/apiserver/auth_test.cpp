// SPDX-License-Identifier: GPL-3.0-or-later
// Each way of authenticating, against the real apiserver.
#include "e2e_support.h"

#include "apiserver/exec_credential.h"
#include "apiserver/json_reader.h"
#include "manifest/yaml_reader.h"

#include <QByteArray>
#include <QProcess>

#include <fstream>

using namespace studio;
using namespace studio::test;

namespace {

// Lists namespaces with the client; returns the error text or "".
std::string canListNamespaces(ApiClient &c)
{
    auto r = await<ListPage>(
        [&](auto cb) { c.listPage(ResourceRef::of(ResourceKind::Namespace), "", {}, cb); });
    if (!r)
        return r.error().toString();
    return r->items.empty() ? "no namespaces listed" : "";
}

std::string caBase64()
{
    auto ca = readFileLimited(cluster().env("CA_FILE"), 1 << 20);
    return QByteArray::fromStdString(*ca).toBase64().toStdString();
}

// A kubeconfig for the test cluster with `userYaml` as the user (indented 4 spaces).
std::string kubeconfig(const std::string &name, const std::string &userYaml)
{
    const std::string text
        = "apiVersion: v1\nkind: Config\ncurrent-context: e2e\nclusters:\n"
          "- name: studio\n  cluster:\n    server: "
          + cluster().env("APISERVER_URL") + "\n    certificate-authority-data: " + caBase64()
          + "\nusers:\n- name: " + name + "\n  user:\n" + userYaml
          + "contexts:\n- name: e2e\n  context:\n    cluster: studio\n    user: " + name + "\n";
    return writeTempFile(name + ".kubeconfig", text);
}

std::unique_ptr<ApiClient> clientFromFile(const std::string &path)
{
    auto rc = restConfigFrom(path);
    EXPECT_TRUE(rc.ok()) << (rc ? "" : rc.error().toString());
    if (!rc)
        return nullptr;
    return clientFor(std::move(rc).value());
}

} // namespace

TEST(Auth, ClientCertificate)
{
    auto rc = restConfigFrom(cluster().env("ADMIN_KUBECONFIG"));
    ASSERT_TRUE(rc.ok()) << rc.error().toString();
    EXPECT_EQ(rc->auth, AuthMethod::ClientCertificate);
    auto c = clientFor(*rc);
    ASSERT_TRUE(c);
    EXPECT_EQ(canListNamespaces(*c), "");
}

TEST(Auth, BearerToken)
{
    auto rc = restConfigFrom(cluster().env("ADMIN_TOKEN_KUBECONFIG"));
    ASSERT_TRUE(rc.ok());
    EXPECT_EQ(rc->auth, AuthMethod::Token);
    auto c = clientFor(*rc);
    EXPECT_EQ(canListNamespaces(*c), "");
}

TEST(Auth, AgentTokenHasOnlyItsRights)
{
    auto c = clientFrom("AGENT_KUBECONFIG");
    ASSERT_TRUE(c);
    auto services = await<ListPage>(
        [&](auto cb) { c->listPage(ResourceRef::of(ResourceKind::Service), "", {}, cb); });
    EXPECT_TRUE(services.ok()) << services.error().toString();
    auto pods = await<ListPage>(
        [&](auto cb) { c->listPage(ResourceRef::of(ResourceKind::Pod), "", {}, cb); });
    ASSERT_FALSE(pods.ok());
    EXPECT_EQ(pods.error().status, 403);
    EXPECT_NE(pods.error().message.find("User \"" + cluster().env("AGENT_USER")
                                        + "\" cannot list resource \"pods\""),
              std::string::npos)
        << pods.error().message;
}

TEST(Auth, TokenFileRelativeToTheKubeconfig)
{
    writeTempFile("admin.token", cluster().env("ADMIN_TOKEN") + "\n");
    const std::string path = kubeconfig("file-user", "    tokenFile: admin.token\n");
    auto rc = restConfigFrom(path);
    ASSERT_TRUE(rc.ok()) << rc.error().toString();
    EXPECT_EQ(rc->auth, AuthMethod::TokenFile);
    auto c = clientFor(*rc);
    EXPECT_EQ(canListNamespaces(*c), "");
}

TEST(Auth, ExecPluginReturningTheToken)
{
    for (const std::string version :
         {"client.authentication.k8s.io/v1beta1", "client.authentication.k8s.io/v1"}) {
        SCOPED_TRACE(version);
        const std::string tag = version.substr(version.rfind('/') + 1);
        const std::string infoFile = cluster().dir() + "/e2e-files/exec-info-" + tag;
        writeTempFile("plugin-" + tag,
                      "#!/bin/sh\nprintf '%s' \"$KUBERNETES_EXEC_INFO\" > " + infoFile
                          + "\nprintf '{\"apiVersion\":\"" + version
                          + "\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"%s\"}}' "
                            "\"$STUDIO_TOKEN\"\n",
                      true);
        const std::string path
            = kubeconfig("exec-" + tag,
                         "    exec:\n      apiVersion: " + version + "\n      command: ./plugin-"
                             + tag + "\n      provideClusterInfo: true\n"
                             + (tag == "v1" ? "      interactiveMode: Never\n" : "")
                             + "      env:\n      - name: STUDIO_TOKEN\n        value: \""
                             + cluster().env("ADMIN_TOKEN") + "\"\n");
        auto rc = restConfigFrom(path);
        ASSERT_TRUE(rc.ok()) << rc.error().toString();
        EXPECT_EQ(rc->auth, AuthMethod::Exec);
        auto c = clientFor(*rc);
        EXPECT_EQ(canListNamespaces(*c), "");
        auto info = readFileLimited(infoFile, 1 << 20);
        ASSERT_TRUE(info.ok());
        auto doc = parseJson(*info);
        ASSERT_TRUE(doc.ok()) << *info;
        EXPECT_EQ(doc->find("apiVersion")->text(), version);
        EXPECT_EQ(doc->find("spec")->find("cluster")->find("server")->text(),
                  cluster().env("APISERVER_URL"));
    }
}

TEST(Auth, ExecPluginReturningAClientCertificate)
{
    // The plugin hands out the admin certificate and key (PEM in JSON strings).
    writeTempFile(
        "plugin-cert",
        "#!/bin/sh\nexec python3 -c 'import json,sys; print(json.dumps({"
        "\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\","
        "\"status\":{\"clientCertificateData\":open(sys.argv[1]).read(),"
        "\"clientKeyData\":open(sys.argv[2]).read()}}))' \""
            + cluster().env("ADMIN_CERT") + "\" \"" + cluster().env("ADMIN_KEY") + "\"\n",
        true);
    const std::string path
        = kubeconfig("exec-cert",
                     "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
                     "      command: ./plugin-cert\n");
    auto c = clientFromFile(path);
    ASSERT_TRUE(c);
    EXPECT_EQ(canListNamespaces(*c), "");
}

TEST(Auth, ExecPluginIsAskedAgainAfter401)
{
    const std::string runs = cluster().dir() + "/e2e-files/refresh-runs";
    writeTempFile("plugin-refresh",
                  "#!/bin/sh\necho run >> " + runs + "\nN=$(wc -l < " + runs
                      + " | tr -d ' ')\nT=stale-token-from-first-run\n[ \"$N\" -gt 1 ] && T=\""
                      + cluster().env("ADMIN_TOKEN")
                      + "\"\nprintf '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\","
                        "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"%s\"}}' \"$T\"\n",
                  true);
    const std::string path
        = kubeconfig("exec-refresh",
                     "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
                     "      command: ./plugin-refresh\n");
    auto c = clientFromFile(path);
    ASSERT_TRUE(c);
    EXPECT_EQ(canListNamespaces(*c), "");
    auto n = readFileLimited(runs, 1 << 20);
    EXPECT_EQ(*n, "run\nrun\n");
}

TEST(Auth, ExecPluginFailuresAreClear)
{
    const std::string missing
        = kubeconfig("exec-missing",
                     "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
                     "      command: studio-no-such-credential-plugin\n"
                     "      installHint: see the team wiki\n");
    auto c = clientFromFile(missing);
    ASSERT_TRUE(c);
    const std::string e = canListNamespaces(*c);
    EXPECT_NE(
        e.find("getting credentials: exec: executable studio-no-such-credential-plugin not found"),
        std::string::npos)
        << e;
    EXPECT_NE(e.find("see the team wiki"), std::string::npos) << e;

    writeTempFile("plugin-garbage", "#!/bin/sh\necho 'this is not json'\n", true);
    auto g = clientFromFile(
        kubeconfig("exec-garbage",
                   "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
                   "      command: ./plugin-garbage\n"));
    const std::string ge = canListNamespaces(*g);
    EXPECT_NE(ge.find("not an ExecCredential"), std::string::npos) << ge;
}

TEST(Auth, BasicAuth)
{
    // kube-apiserver dropped --basic-auth-file in v1.19; check this binary rather than assume.
    QProcess help;
    help.start(QString::fromStdString(cluster().env("KUBE_BIN_DIR") + "/kube-apiserver"),
               {QStringLiteral("--help")});
    help.waitForFinished(30'000);
    const QByteArray text = help.readAllStandardOutput() + help.readAllStandardError();
    if (!text.contains("basic-auth-file"))
        GTEST_SKIP() << "kube-apiserver " << cluster().env("KUBE_VERSION")
                     << " has no --basic-auth-file (removed in v1.19): basic auth cannot be "
                        "tested against it (the client side is covered by apiserver_test)";
    FAIL() << "this kube-apiserver supports --basic-auth-file: start-cluster.sh should enable it";
}
