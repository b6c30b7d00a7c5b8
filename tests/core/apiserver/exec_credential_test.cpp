// SPDX-License-Identifier: GPL-3.0-or-later
// Exec credential plugins, with small shell scripts as the plugin.
#include "apiserver/exec_credential.h"
#include "apiserver/json_reader.h"
#include "fake_http_server.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <fstream>

using namespace studio;
using namespace std::chrono_literals;

namespace {

class ExecPlugin : public ::testing::Test
{
protected:
    // Writes an executable script; returns its path.
    std::string script(const std::string &name, const std::string &body)
    {
        const std::string path = m_dir.path().toStdString() + "/" + name;
        std::ofstream(path) << "#!/bin/sh\n" << body;
        QFile::setPermissions(QString::fromStdString(path),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return path;
    }
    std::string file(const std::string &name) const
    {
        return m_dir.path().toStdString() + "/" + name;
    }
    static std::string slurp(const std::string &path)
    {
        std::ifstream in(path);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    ExecConfig config(const std::string &command,
                      const std::string &apiVersion = "client.authentication.k8s.io/v1beta1")
    {
        ExecConfig c;
        c.apiVersion = apiVersion;
        c.command = command;
        return c;
    }

    QTemporaryDir m_dir;
};

const char *kCredential
    = R"(printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"%s}}' "$TOKEN" "$EXTRA")";

} // namespace

TEST_F(ExecPlugin, RunsWithArgsEnvAndExecInfo)
{
    const std::string p
        = script("plugin",
                 "echo \"$@\" > " + file("args") + "\necho \"$KUBERNETES_EXEC_INFO\" > "
                     + file("info") + "\n" + kCredential);
    ExecConfig c = config(p);
    c.args = {"get-token", "--cluster=dev"};
    c.env = {{"TOKEN", "plugin-token-1"}, {"EXTRA", ""}};
    c.provideClusterInfo = true;
    ExecClusterInfo cluster;
    cluster.server = "https://127.0.0.1:6443";
    cluster.caPem = "CA";
    ExecCredentialProvider provider(c, cluster);
    auto cred = provider.credentialBlocking();
    ASSERT_TRUE(cred.ok()) << cred.error().toString();
    EXPECT_EQ(cred->token, "plugin-token-1");
    EXPECT_FALSE(cred->expiry.has_value());
    EXPECT_EQ(slurp(file("args")), "get-token --cluster=dev\n");
    auto info = parseJson(slurp(file("info")));
    ASSERT_TRUE(info.ok()) << slurp(file("info"));
    EXPECT_EQ(info->find("kind")->text(), "ExecCredential");
    EXPECT_EQ(info->find("apiVersion")->text(), "client.authentication.k8s.io/v1beta1");
    EXPECT_FALSE(info->find("spec")->find("interactive")->boolValue());
    EXPECT_EQ(info->find("spec")->find("cluster")->find("server")->text(),
              "https://127.0.0.1:6443");
    EXPECT_EQ(info->find("spec")->find("cluster")->find("certificate-authority-data")->text(),
              "Q0E="); // base64("CA")
}

TEST_F(ExecPlugin, V1AndClientCertificates)
{
    const std::string p = script(
        "plugin",
        R"(printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"CERT","clientKeyData":"KEY"}}')");
    ExecConfig c = config(p, "client.authentication.k8s.io/v1");
    c.interactiveMode = "Never";
    ExecCredentialProvider provider(c, {});
    auto cred = provider.credentialBlocking();
    ASSERT_TRUE(cred.ok()) << cred.error().toString();
    EXPECT_TRUE(cred->token.empty());
    EXPECT_EQ(cred->clientCertificatePem, "CERT");
    EXPECT_EQ(cred->clientKeyPem, "KEY");
}

TEST_F(ExecPlugin, MissingBinaryNamesItAndTheInstallHint)
{
    ExecConfig c = config("studio-no-such-plugin-xyz");
    c.installHint = "install it with\napt install xyz";
    ExecCredentialProvider provider(c, {});
    auto cred = provider.credentialBlocking();
    ASSERT_FALSE(cred.ok());
    EXPECT_EQ(cred.error().code, "exec-not-found");
    EXPECT_NE(cred.error().message.find("studio-no-such-plugin-xyz"), std::string::npos);
    EXPECT_NE(cred.error().message.find("apt install xyz"), std::string::npos);
    EXPECT_EQ(cred.error().message.find('\n'), std::string::npos);

    ExecCredentialProvider byPath(config(file("not-there")), {});
    EXPECT_EQ(byPath.credentialBlocking().error().code, "exec-not-found");
}

TEST_F(ExecPlugin, FailureGivesExitCodeAndStderr)
{
    const std::string p = script("plugin", "echo 'login required: run sso-login' >&2\nexit 3\n");
    ExecCredentialProvider provider(config(p), {});
    auto cred = provider.credentialBlocking();
    ASSERT_FALSE(cred.ok());
    EXPECT_EQ(cred.error().code, "exec-failed");
    EXPECT_NE(cred.error().message.find("exit code 3"), std::string::npos) << cred.error().message;
    EXPECT_NE(cred.error().message.find("login required"), std::string::npos);
}

TEST_F(ExecPlugin, StderrIsScrubbedOfConfiguredSecrets)
{
    const std::string p = script("plugin", "echo \"failed with key $API_KEY\" >&2\nexit 1\n");
    ExecConfig c = config(p);
    c.env = {{"API_KEY", "very-secret-api-key"}};
    ExecCredentialProvider provider(c, {});
    auto cred = provider.credentialBlocking();
    ASSERT_FALSE(cred.ok());
    EXPECT_EQ(cred.error().message.find("very-secret-api-key"), std::string::npos)
        << cred.error().message;
}

TEST_F(ExecPlugin, GarbageOutputIsAClearErrorWithoutEchoingIt)
{
    const std::string p = script("plugin", "echo 'token=sekrit-value-42 oops'\n");
    ExecCredentialProvider provider(config(p), {});
    auto cred = provider.credentialBlocking();
    ASSERT_FALSE(cred.ok());
    EXPECT_EQ(cred.error().code, "exec-bad-output");
    EXPECT_NE(cred.error().message.find("not an ExecCredential"), std::string::npos);
    EXPECT_EQ(cred.error().message.find("sekrit"), std::string::npos) << cred.error().message;
}

TEST_F(ExecPlugin, BadCredentials)
{
    struct Case
    {
        const char *output;
        const char *expect;
    };
    for (
        const Case &c : {
            Case{
                R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"x"}})",
                "plugin returned version client.authentication.k8s.io/v1"},
            Case{R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"Other"})",
                 "kind is \"Other\""},
            Case{R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential"})",
                 "didn't return a status field"},
            Case{
                R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{}})",
                "didn't return a token or cert/key pair"},
            Case{
                R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"clientCertificateData":"C"}})",
                "only certificate or key"},
            Case{
                R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"tomorrow"}})",
                "expirationTimestamp"},
            Case{"[1]", "not an object"},
        }) {
        auto r = parseExecCredential(c.output, config("p"));
        ASSERT_FALSE(r.ok()) << c.output;
        EXPECT_EQ(r.error().code, "exec-bad-output");
        EXPECT_NE(r.error().message.find(c.expect), std::string::npos)
            << c.output << " -> " << r.error().message;
    }
}

TEST_F(ExecPlugin, Rfc3339)
{
    auto t = parseRfc3339("2024-01-02T03:04:05Z");
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(std::chrono::system_clock::to_time_t(*t), 1704164645);
    auto off = parseRfc3339("2024-01-02T05:04:05.5+02:00");
    ASSERT_TRUE(off.has_value());
    EXPECT_EQ(std::chrono::system_clock::to_time_t(*off), 1704164645);
    EXPECT_FALSE(parseRfc3339("2024-01-02 03:04").has_value());
    EXPECT_FALSE(parseRfc3339("2024-13-02T03:04:05Z").has_value());
    EXPECT_FALSE(parseRfc3339("2024-01-02T03:04:05").has_value());
}

TEST_F(ExecPlugin, CachesUntilExpiry)
{
    // Run N hands out a token valid for 10*N-9 hours: 1 h, 11 h, 21 h.
    const std::string p = script("plugin",
                                 "echo run >> " + file("runs")
                                     + "\n"
                                       "N=$(wc -l < "
                                     + file("runs")
                                     + " | tr -d ' ')\n"
                                       "EXTRA=',\"expirationTimestamp\":\"'$(date -u -d \"+$((N * "
                                       "10 - 9)) hour\" +%Y-%m-%dT%H:%M:%SZ)'\"'\n"
                                       "TOKEN=tok-$N\n"
                                     + kCredential);
    ExecCredentialProvider provider(config(p), {});
    auto now = std::chrono::system_clock::now();
    provider.setClock([&] { return now; });
    auto a = provider.credentialBlocking();
    ASSERT_TRUE(a.ok()) << a.error().toString();
    EXPECT_EQ(a->token, "tok-1");
    ASSERT_TRUE(a->expiry.has_value());
    auto b = provider.credentialBlocking();
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b->token, "tok-1");
    EXPECT_EQ(provider.runCount(), 1);
    now += 2h; // past the expiry
    EXPECT_FALSE(provider.cached().has_value());
    auto c = provider.credentialBlocking();
    ASSERT_TRUE(c.ok()) << c.error().toString();
    EXPECT_EQ(c->token, "tok-2");
    EXPECT_EQ(provider.runCount(), 2);
    now = std::chrono::system_clock::now();
    provider.invalidate();
    EXPECT_EQ(provider.credentialBlocking()->token, "tok-3");
}

TEST_F(ExecPlugin, AlreadyExpiredCredentialIsRefused)
{
    const std::string p
        = script("plugin",
                 std::string("EXTRA=',\"expirationTimestamp\":\"2001-01-01T00:00:00Z\"'\nTOKEN=t\n")
                     + kCredential);
    ExecCredentialProvider provider(config(p), {});
    auto cred = provider.credentialBlocking();
    ASSERT_FALSE(cred.ok());
    EXPECT_NE(cred.error().message.find("already expired"), std::string::npos);
}

TEST_F(ExecPlugin, AsyncCallersShareOneRun)
{
    const std::string p = script(
        "plugin", "echo run >> " + file("runs") + "\nsleep 0.2\nTOKEN=shared\n" + kCredential);
    ExecCredentialProvider provider(config(p), {});
    int delivered = 0;
    bool calledSynchronously = false;
    bool insideCall = false;
    for (int i = 0; i < 3; ++i) {
        insideCall = true;
        provider.credential([&](const Result<ExecCredential> &r) {
            EXPECT_TRUE(r.ok()) << (r ? "" : r.error().toString());
            if (r) {
                EXPECT_EQ(r->token, "shared");
            }
            if (insideCall)
                calledSynchronously = true;
            ++delivered;
        });
        insideCall = false;
    }
    ASSERT_TRUE(test::waitFor([&] { return delivered == 3; }, 10000));
    EXPECT_FALSE(calledSynchronously);
    EXPECT_EQ(provider.runCount(), 1);
    EXPECT_EQ(slurp(file("runs")), "run\n");
    // Cached now: delivered from the event loop, no new run.
    provider.credential([&](const Result<ExecCredential> &r) {
        EXPECT_TRUE(r.ok());
        ++delivered;
    });
    EXPECT_EQ(delivered, 3);
    ASSERT_TRUE(test::waitFor([&] { return delivered == 4; }));
    EXPECT_EQ(provider.runCount(), 1);
}

TEST_F(ExecPlugin, AsyncErrorsAndTimeout)
{
    ExecCredentialProvider missing(config("studio-no-such-plugin-xyz"), {});
    std::optional<Result<ExecCredential>> got;
    missing.credential([&](const Result<ExecCredential> &r) { got = r; });
    ASSERT_TRUE(test::waitFor([&] { return got.has_value(); }));
    EXPECT_EQ(got->error().code, "exec-not-found");

    const std::string p = script("plugin", "sleep 5\n");
    ExecCredentialProvider slow(config(p), {});
    slow.setTimeout(300ms);
    got.reset();
    slow.credential([&](const Result<ExecCredential> &r) { got = r; });
    ASSERT_TRUE(test::waitFor([&] { return got.has_value(); }, 5000));
    EXPECT_EQ(got->error().code, "exec-timeout");
    EXPECT_EQ(slow.credentialBlocking().error().code, "exec-timeout");
}

TEST_F(ExecPlugin, InteractiveAlwaysIsRefused)
{
    ExecConfig c = config(script("plugin", "exit 0\n"), "client.authentication.k8s.io/v1");
    c.interactiveMode = "Always";
    ExecCredentialProvider provider(c, {});
    EXPECT_EQ(provider.credentialBlocking().error().code, "exec-interactive");
    EXPECT_EQ(provider.runCount(), 0);
}
