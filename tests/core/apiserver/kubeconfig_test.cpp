// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiserver/kubeconfig.h"

#include <QByteArray>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace studio;
namespace fs = std::filesystem;

namespace {

std::string b64(const std::string &s)
{
    return QByteArray::fromStdString(s).toBase64().toStdString();
}

void writeFile(const fs::path &p, const std::string &text)
{
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

const char *kBasic = R"(apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev-cluster
  cluster:
    server: https://127.0.0.1:6443/
    certificate-authority-data: )";

std::string basicConfig()
{
    return std::string(kBasic) + b64("-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n")
           + R"(
    tls-server-name: kubernetes
    proxy-url: socks5://proxy.example:1080
users:
- name: alice
  user:
    token: s3cr3t-token-value
contexts:
- name: dev
  context:
    cluster: dev-cluster
    user: alice
    namespace: team-a
- name: other
  context:
    cluster: dev-cluster
    user: alice
)";
}

} // namespace

TEST(Kubeconfig, ParsesClustersUsersContexts)
{
    auto kc = parseKubeconfig(basicConfig(), "/etc/kube/config");
    ASSERT_TRUE(kc.ok()) << kc.error().toString();
    EXPECT_EQ(kc->currentContext, "dev");
    ASSERT_NE(kc->cluster("dev-cluster"), nullptr);
    EXPECT_EQ(kc->cluster("dev-cluster")->certificateAuthorityData,
              "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n");
    EXPECT_EQ(kc->cluster("dev-cluster")->tlsServerName, "kubernetes");
    ASSERT_NE(kc->user("alice"), nullptr);
    EXPECT_EQ(kc->user("alice")->token, "s3cr3t-token-value");
    ASSERT_NE(kc->context("dev"), nullptr);
    EXPECT_EQ(kc->context("dev")->namespace_, "team-a");

    auto rc = kc->resolve();
    ASSERT_TRUE(rc.ok()) << rc.error().toString();
    EXPECT_EQ(rc->server, "https://127.0.0.1:6443"); // trailing slash dropped
    EXPECT_EQ(rc->namespace_, "team-a");
    EXPECT_EQ(rc->userName, "alice");
    EXPECT_EQ(rc->auth, AuthMethod::Token);
    EXPECT_EQ(rc->bearerToken, "s3cr3t-token-value");
    EXPECT_EQ(rc->tlsServerName, "kubernetes");
    EXPECT_EQ(rc->proxyUrl, "socks5://proxy.example:1080");
    EXPECT_TRUE(rc->warnings.empty());

    auto other = kc->resolve("other");
    ASSERT_TRUE(other.ok());
    EXPECT_EQ(other->namespace_, "default");
    auto overridden = kc->resolve("other", "kube-system");
    ASSERT_TRUE(overridden.ok());
    EXPECT_EQ(overridden->namespace_, "kube-system");
}

TEST(Kubeconfig, SyntaxAndTypeErrorsHaveLineAndColumn)
{
    auto bad = parseKubeconfig("clusters:\n- name: a\n  cluster: {server: [}\n", "k.yaml");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().file, "k.yaml");
    EXPECT_GT(bad.error().line, 0);

    auto wrongType
        = parseKubeconfig("clusters:\n- name: a\n  cluster:\n    server: 6443\n", "k.yaml");
    ASSERT_FALSE(wrongType.ok());
    EXPECT_EQ(wrongType.error().code, "kubeconfig-invalid");
    EXPECT_EQ(wrongType.error().line, 4);
    EXPECT_EQ(wrongType.error().column, 13);
    EXPECT_NE(wrongType.error().message.find("clusters[0].cluster.server"), std::string::npos)
        << wrongType.error().message;

    auto badBool = parseKubeconfig(
        "clusters:\n- name: a\n  cluster:\n    insecure-skip-tls-verify: \"true\"\n", "k.yaml");
    ASSERT_FALSE(badBool.ok());
    EXPECT_EQ(badBool.error().line, 4);

    auto badB64 = parseKubeconfig(
        "clusters:\n- name: a\n  cluster:\n    certificate-authority-data: '%%%'\n", "k.yaml");
    ASSERT_FALSE(badB64.ok());
    EXPECT_NE(badB64.error().message.find("base64"), std::string::npos);
    EXPECT_EQ(badB64.error().line, 4);

    auto dup = parseKubeconfig("users:\n- name: a\n  user: {}\n- name: a\n  user: {}\n", "k.yaml");
    ASSERT_FALSE(dup.ok());
    EXPECT_NE(dup.error().message.find("duplicate name \"a\""), std::string::npos);

    auto notMap = parseKubeconfig("- a\n- b\n", "k.yaml");
    ASSERT_FALSE(notMap.ok());
    EXPECT_EQ(notMap.error().code, "kubeconfig-invalid");
}

TEST(Kubeconfig, EmptyFileIsAnEmptyConfig)
{
    auto kc = parseKubeconfig("", "empty");
    ASSERT_TRUE(kc.ok());
    EXPECT_TRUE(kc->clusters.empty());
    auto rc = kc->resolve();
    ASSERT_FALSE(rc.ok());
    EXPECT_EQ(rc.error().code, "no-current-context");
}

TEST(Kubeconfig, ResolveErrors)
{
    auto kc = parseKubeconfig(R"(
clusters:
- name: c
  cluster: {server: "https://h:1"}
- name: noserver
  cluster: {}
users:
- name: u
  user: {}
contexts:
- name: no-cluster
  context: {cluster: missing, user: u}
- name: no-user
  context: {cluster: c, user: ghost}
- name: no-server
  context: {cluster: noserver}
- name: anonymous
  context: {cluster: c}
)",
                              "k");
    ASSERT_TRUE(kc.ok()) << kc.error().toString();
    EXPECT_EQ(kc->resolve("nope").error().code, "context-not-found");
    EXPECT_EQ(kc->resolve("no-cluster").error().code, "cluster-not-found");
    EXPECT_EQ(kc->resolve("no-cluster").error().message,
              "cluster \"missing\" was not found for context \"no-cluster\"");
    EXPECT_EQ(kc->resolve("no-user").error().code, "user-not-found");
    EXPECT_EQ(kc->resolve("no-server").error().code, "kubeconfig-conflict");
    auto anon = kc->resolve("anonymous");
    ASSERT_TRUE(anon.ok());
    EXPECT_EQ(anon->auth, AuthMethod::None);
}

TEST(Kubeconfig, ConflictsKubectlRefuses)
{
    auto resolveOne = [](const std::string &cluster, const std::string &user) {
        const std::string text = "current-context: x\nclusters:\n- name: c\n  cluster:\n" + cluster
                                 + "users:\n- name: u\n  user:\n" + user
                                 + "contexts:\n- name: x\n  context: {cluster: c, user: u}\n";
        auto kc = parseKubeconfig(text, "/nonexistent/k");
        EXPECT_TRUE(kc.ok()) << (kc ? "" : kc.error().toString());
        return kc->resolve();
    };
    const std::string ca = "    certificate-authority-data: " + b64("x") + "\n";
    auto both = resolveOne("    server: https://h\n    certificate-authority: ca.crt\n" + ca,
                           "    token: t\n");
    ASSERT_FALSE(both.ok());
    EXPECT_NE(both.error().message.find("certificate-authority-data and certificate-authority"),
              std::string::npos);
    auto insecureCa = resolveOne("    server: https://h\n    insecure-skip-tls-verify: true\n" + ca,
                                 "    token: t\n");
    ASSERT_FALSE(insecureCa.ok());
    EXPECT_NE(insecureCa.error().message.find("insecure"), std::string::npos);
    auto twoMethods
        = resolveOne("    server: https://h\n", "    token: t\n    username: a\n    password: b\n");
    ASSERT_FALSE(twoMethods.ok());
    EXPECT_NE(twoMethods.error().message.find("more than one authentication method"),
              std::string::npos);
    auto certNoKey = resolveOne("    server: https://h\n",
                                "    client-certificate-data: " + b64("cert") + "\n");
    ASSERT_FALSE(certNoKey.ok());
    EXPECT_NE(certNoKey.error().message.find("client-key-data or client-key must be specified"),
              std::string::npos);
    auto missingCa = resolveOne("    server: https://h\n    certificate-authority: ca.crt\n",
                                "    token: t\n");
    ASSERT_FALSE(missingCa.ok());
    EXPECT_EQ(missingCa.error().code, "credential-unreadable");
    EXPECT_NE(missingCa.error().message.find("/nonexistent/ca.crt"), std::string::npos)
        << missingCa.error().message;
    auto authProvider
        = resolveOne("    server: https://h\n", "    auth-provider:\n      name: gcp\n");
    ASSERT_FALSE(authProvider.ok());
    EXPECT_EQ(authProvider.error().code, "auth-provider-unsupported");
    auto v1NoMode = resolveOne("    server: https://h\n",
                               "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                               "      command: plugin\n");
    ASSERT_FALSE(v1NoMode.ok());
    EXPECT_NE(v1NoMode.error().message.find("interactiveMode must be specified"),
              std::string::npos);
    auto badScheme = resolveOne("    server: ftp://h\n", "    token: t\n");
    ASSERT_FALSE(badScheme.ok());
}

TEST(Kubeconfig, InsecureAndPlainHttpAreWarnings)
{
    auto kc = parseKubeconfig(R"(
current-context: x
clusters:
- name: c
  cluster: {server: "https://h:1", insecure-skip-tls-verify: true}
- name: plain
  cluster: {server: "http://h:8080"}
contexts:
- name: x
  context: {cluster: c}
- name: p
  context: {cluster: plain}
)",
                              "k");
    ASSERT_TRUE(kc.ok());
    auto rc = kc->resolve();
    ASSERT_TRUE(rc.ok());
    EXPECT_TRUE(rc->insecureSkipTlsVerify);
    EXPECT_EQ(rc->warnings, std::vector<std::string>{"insecure-skip-tls-verify"});
    EXPECT_EQ(kc->resolve("p")->warnings, std::vector<std::string>{"plain-http"});
}

TEST(Kubeconfig, RelativePathsResolveAgainstTheirFile)
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    writeFile(dir / "a" / "pki" / "ca.crt", "CA-A");
    writeFile(dir / "a" / "pki" / "u.crt", "CERT");
    writeFile(dir / "a" / "pki" / "u.key", "KEY");
    writeFile(dir / "b" / "token", "  tok-from-file\n");
    writeFile(dir / "a" / "config", R"(
current-context: x
clusters:
- name: c
  cluster: {server: "https://h:1", certificate-authority: pki/ca.crt}
users:
- name: u
  user: {client-certificate: pki/u.crt, client-key: ./pki/u.key}
- name: e
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: ./bin/plugin, args: [a, b],
           env: [{name: K, value: V}], provideClusterInfo: true, installHint: "apt install x"}
- name: bare
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: plugin-in-path}
contexts:
- name: x
  context: {cluster: c, user: u}
- name: e
  context: {cluster: c, user: e}
- name: bare
  context: {cluster: c, user: bare}
)");
    writeFile(dir / "b" / "config", R"(
clusters:
- name: c
  cluster: {server: "https://ignored:1"}
users:
- name: t
  user: {tokenFile: token}
contexts:
- name: t
  context: {cluster: c, user: t}
)");
    KubeconfigLoadOptions opts;
    opts.kubeconfigEnv = (dir / "a" / "config").string() + ":" + (dir / "b" / "config").string();
    auto kc = loadKubeconfig(opts);
    ASSERT_TRUE(kc.ok()) << kc.error().toString();
    EXPECT_EQ(kc->cluster("c")->certificateAuthority, (dir / "a" / "pki" / "ca.crt").string());
    EXPECT_EQ(kc->cluster("c")->server, "https://h:1"); // the first file wins
    EXPECT_EQ(kc->user("t")->tokenFile, (dir / "b" / "token").string());
    EXPECT_EQ(kc->user("e")->exec->command, (dir / "a" / "bin" / "plugin").string());
    EXPECT_EQ(kc->user("bare")->exec->command, "plugin-in-path"); // looked up in PATH
    EXPECT_EQ(kc->user("e")->exec->args, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(kc->user("e")->exec->env, (std::vector<ExecEnvVar>{{"K", "V"}}));
    EXPECT_TRUE(kc->user("e")->exec->provideClusterInfo);
    EXPECT_EQ(kc->user("e")->exec->installHint, "apt install x");

    auto rc = kc->resolve();
    ASSERT_TRUE(rc.ok()) << rc.error().toString();
    EXPECT_EQ(rc->caPem, "CA-A");
    EXPECT_EQ(rc->clientCertificatePem, "CERT");
    EXPECT_EQ(rc->clientKeyPem, "KEY");
    EXPECT_EQ(rc->auth, AuthMethod::ClientCertificate);

    auto t = kc->resolve("t");
    ASSERT_TRUE(t.ok()) << t.error().toString();
    EXPECT_EQ(t->bearerToken, "tok-from-file"); // trimmed
    EXPECT_EQ(t->bearerTokenFile, (dir / "b" / "token").string());
    EXPECT_EQ(t->auth, AuthMethod::TokenFile);

    auto e = kc->resolve("e");
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(e->auth, AuthMethod::Exec);
    ASSERT_TRUE(e->exec.has_value());
}

TEST(Kubeconfig, MergeFirstFileWinsPerKey)
{
    auto a = parseKubeconfig(R"(
clusters:
- name: shared
  cluster: {server: "https://a:1"}
users:
- name: shared
  user: {token: from-a}
contexts:
- name: ctx-a
  context: {cluster: shared, user: shared}
)",
                             "a");
    auto b = parseKubeconfig(R"(
current-context: ctx-b
clusters:
- name: shared
  cluster: {server: "https://b:1", insecure-skip-tls-verify: true}
- name: only-b
  cluster: {server: "https://b:2"}
users:
- name: shared
  user: {username: x, password: pw}
contexts:
- name: ctx-b
  context: {cluster: only-b, user: shared, namespace: nb}
)",
                             "b");
    auto c = parseKubeconfig("current-context: ctx-a\n", "c");
    ASSERT_TRUE(a.ok()) << a.error().toString();
    ASSERT_TRUE(b.ok()) << b.error().toString();
    ASSERT_TRUE(c.ok()) << c.error().toString();
    Kubeconfig m = mergeKubeconfigs({*a, *b, *c});
    EXPECT_EQ(m.files, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(m.currentContext, "ctx-b"); // first file that sets it
    EXPECT_EQ(m.cluster("shared")->server, "https://a:1");
    EXPECT_FALSE(m.cluster("shared")->insecureSkipTlsVerify); // entries are never merged
    EXPECT_EQ(m.user("shared")->token, "from-a");
    EXPECT_TRUE(m.user("shared")->username.empty());
    ASSERT_NE(m.cluster("only-b"), nullptr);
    auto rc = m.resolve();
    ASSERT_TRUE(rc.ok()) << rc.error().toString();
    EXPECT_EQ(rc->server, "https://b:2");
    EXPECT_EQ(rc->bearerToken, "from-a");
    EXPECT_EQ(rc->namespace_, "nb");
}

TEST(Kubeconfig, LoadingRules)
{
    QTemporaryDir tmp;
    const fs::path dir = tmp.path().toStdString();
    writeFile(dir / "one", "current-context: one\n");
    writeFile(dir / "home" / ".kube" / "config", "current-context: home\n");
    writeFile(dir / "broken", "current-context: [\n");

    KubeconfigLoadOptions missingSkipped;
    missingSkipped.kubeconfigEnv = (dir / "missing").string() + "::" + (dir / "one").string();
    auto kc = loadKubeconfig(missingSkipped);
    ASSERT_TRUE(kc.ok()) << kc.error().toString();
    EXPECT_EQ(kc->currentContext, "one");
    EXPECT_EQ(kc->files, std::vector<std::string>{(dir / "one").string()});

    KubeconfigLoadOptions home;
    home.kubeconfigEnv = "";
    home.homeDir = (dir / "home").string();
    EXPECT_EQ(loadKubeconfig(home)->currentContext, "home");

    KubeconfigLoadOptions explicitMissing;
    explicitMissing.explicitPath = (dir / "nope").string();
    auto e = loadKubeconfig(explicitMissing);
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.error().code, "kubeconfig-unreadable");

    KubeconfigLoadOptions broken;
    broken.kubeconfigEnv = (dir / "one").string() + ":" + (dir / "broken").string();
    auto b = loadKubeconfig(broken);
    ASSERT_FALSE(b.ok()); // kubectl refuses a KUBECONFIG with a broken file too
    EXPECT_EQ(b.error().file, (dir / "broken").string());
    EXPECT_GT(b.error().line, 0);

    KubeconfigLoadOptions nothing;
    nothing.kubeconfigEnv = (dir / "missing").string();
    EXPECT_EQ(loadKubeconfig(nothing).error().code, "kubeconfig-empty");
}

TEST(Kubeconfig, SplitList)
{
    EXPECT_EQ(splitKubeconfigList("a:b::a:c:"), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_TRUE(splitKubeconfigList("").empty());
}

TEST(Kubeconfig, SecretsAndRedaction)
{
    RestConfig rc;
    rc.bearerToken = "tok-123456";
    rc.password = "hunter2-pw";
    rc.clientKeyPem = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkeyline1keyline1keyline1\n"
                      "-----END EC PRIVATE KEY-----\n";
    EXPECT_EQ(rc.secrets().size(), 3u);
    const std::string msg
        = "token tok-123456 pw hunter2-pw line MHcCAQEEIBkeyline1keyline1keyline1";
    const std::string r = redactSecrets(msg, rc.secrets());
    EXPECT_EQ(r.find("tok-123456"), std::string::npos);
    EXPECT_EQ(r.find("hunter2-pw"), std::string::npos);
    EXPECT_EQ(r.find("MHcCAQEEIB"), std::string::npos);
    EXPECT_NE(r.find("[redacted]"), std::string::npos);
    EXPECT_EQ(stripUserInfo("http://user:pw@proxy:3128/x"), "http://proxy:3128/x");
    EXPECT_EQ(stripUserInfo("https://h:1/a@b"), "https://h:1/a@b");
}
