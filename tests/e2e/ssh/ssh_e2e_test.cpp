// SPDX-License-Identifier: GPL-3.0-or-later
// SshSession and AgentDeployer against real OpenSSH servers, one per node namespace (see
// ssh_test_nodes.h). Run through run_in_netns.sh (ctest does).
#include "ssh/agent_deployer.h"
#include "ssh/known_hosts.h"
#include "ssh/ssh_session.h"
#include "ssh_test_nodes.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>

using namespace studio;
using namespace studio::e2e;

namespace {

TestNodes *g_nodes = nullptr;
std::string g_skip;

class NodesEnvironment : public ::testing::Environment
{
public:
    void SetUp() override
    {
        if (!TestNodes::available(&g_skip))
            return;
        m_nodes = std::make_unique<TestNodes>();
        std::string error;
        if (!m_nodes->start(3, &error)) {
            g_skip.clear();
            m_error = error;
            m_nodes->stopAll();
            FAIL() << "cannot start the test nodes: " << error;
        }
        g_nodes = m_nodes.get();
    }
    void TearDown() override
    {
        g_nodes = nullptr;
        m_nodes.reset();
    }

private:
    std::unique_ptr<TestNodes> m_nodes;
    std::string m_error;
};

// Registered before main() runs (gtest_main): starts the nodes once for all tests.
[[maybe_unused]] ::testing::Environment *const g_environment
    = ::testing::AddGlobalTestEnvironment(new NodesEnvironment);

class SshE2e : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (!g_nodes) {
            if (!g_skip.empty())
                GTEST_SKIP() << g_skip;
            FAIL() << "no test nodes";
        }
        m_knownHosts = g_nodes->workDir() + "/known_hosts."
                       + ::testing::UnitTest::GetInstance()->current_test_info()->name();
        std::remove(m_knownHosts.c_str());
    }

    const TestNode &node(int i) const { return g_nodes->nodes().at(size_t(i)); }
    SshTarget target(int i, const std::string &user = "root") const
    {
        return {user, node(i).addr, 22};
    }

    SshOptions options(bool acceptNew = true) const
    {
        SshOptions o;
        o.knownHostsFile = m_knownHosts;
        o.configFile = "none";
        o.connectTimeout = std::chrono::seconds(5);
        o.commandTimeout = std::chrono::seconds(30);
        if (acceptNew)
            o.confirmUnknownHost = [](const UnknownHostKey &) { return true; };
        return o;
    }
    SshAuth keyAuth() const
    {
        SshAuth a;
        a.useAgent = false;
        a.identityFiles = {g_nodes->clientKey()};
        return a;
    }
    std::unique_ptr<SshSession> connectOrFail(int i)
    {
        auto s = SshSession::connect(target(i), options(), keyAuth());
        EXPECT_TRUE(s.ok()) << (s ? "" : s.error().code + ": " + s.error().message);
        return s ? std::move(s.value()) : nullptr;
    }
    std::string fingerprintOf(const std::string &pub) const
    {
        std::string out;
        sh("ssh-keygen -l -E sha256 -f '" + pub + "' | awk '{print $2}'", &out);
        while (!out.empty() && out.back() == '\n')
            out.pop_back();
        return out;
    }
    DeployOptions deployOptions(int i) const
    {
        DeployOptions d;
        d.prefix = node(i).dir + "/opt";
        d.serviceMode = ServiceMode::Supervised; // never install a unit into the host's systemd
        d.healthTimeout = std::chrono::seconds(15);
        d.connection = AgentConnection{"https://10.199.0.1:6443", "test-token", "", false};
        d.hostnameOverride = "node" + std::to_string(i + 1);
        return d;
    }

    std::string m_knownHosts;
};

} // namespace

TEST_F(SshE2e, UnknownHostShowsFingerprintAndIsRecordedWhenAccepted)
{
    const std::string expected = fingerprintOf(node(0).hostKeyPub);
    ASSERT_EQ(expected.rfind("SHA256:", 0), 0u);

    auto refused = SshSession::connect(target(0), options(false), keyAuth());
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "ssh-host-key-unknown");
    EXPECT_NE(refused.error().message.find(expected), std::string::npos) << refused.error().message;
    EXPECT_TRUE(loadKnownHosts(m_knownHosts)->entries.empty()) << "nothing recorded when refused";

    UnknownHostKey asked;
    SshOptions o = options(false);
    o.confirmUnknownHost = [&](const UnknownHostKey &k) {
        asked = k;
        return true;
    };
    auto s = SshSession::connect(target(0), o, keyAuth());
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(asked.fingerprint, expected);
    EXPECT_EQ(asked.keyType, "ssh-ed25519");
    EXPECT_EQ((*s)->hostKeyFingerprint(), expected);

    // Recorded in OpenSSH format: ssh-keygen finds it, and the next connection needs no question.
    std::string found;
    sh("ssh-keygen -F " + node(0).addr + " -f '" + m_knownHosts + "'", &found);
    EXPECT_NE(found.find("found: line 1"), std::string::npos) << found;
    auto again = SshSession::connect(target(0), options(false), keyAuth());
    EXPECT_TRUE(again.ok()) << again.error().message;
}

TEST_F(SshE2e, HashedKnownHostsEntryIsAccepted)
{
    ASSERT_TRUE(
        appendKnownHostsLine(m_knownHosts, node(1).addr + " " + readFile(node(1).hostKeyPub)).ok());
    ASSERT_EQ(sh("ssh-keygen -H -f '" + m_knownHosts + "' >/dev/null 2>&1"), 0);
    ASSERT_EQ(readFile(m_knownHosts).rfind("|1|", 0), 0u);
    auto s = SshSession::connect(target(1), options(false), keyAuth());
    EXPECT_TRUE(s.ok()) << s.error().message;
}

TEST_F(SshE2e, ExecGivesExitCodeStdoutStderrAndTakesInput)
{
    auto s = connectOrFail(0);
    ASSERT_TRUE(s);
    auto r = s->exec("echo out; echo err >&2; exit 3");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->exitCode, 3);
    EXPECT_EQ(r->out, "out\n");
    EXPECT_EQ(r->err, "err\n");

    std::string big(300 * 1024, 'x');
    auto c = s->exec("wc -c", big);
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(std::stoul(c->out), big.size());

    auto ns = s->exec("ip -o addr show | grep -c 10.199.1.2");
    ASSERT_TRUE(ns.ok());
    EXPECT_EQ(ns->out, "1\n") << "the command runs inside node 1's namespace";

    auto t = s->exec("sleep 5", {}, std::chrono::milliseconds(500));
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, "ssh-command-timeout");
    // the session stays usable
    auto after = s->exec("echo ok");
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->out, "ok\n");

    auto root = s->execAsRoot("id -u");
    ASSERT_TRUE(root.ok());
    EXPECT_EQ(root->out, "0\n");
}

TEST_F(SshE2e, ChangedHostKeyIsRefusedNamingTheLine)
{
    ASSERT_TRUE(connectOrFail(2)); // records node 3's key
    std::string error;
    ASSERT_TRUE(g_nodes->regenerateHostKey(2, &error)) << error;
    auto s = SshSession::connect(target(2), options(), keyAuth());
    ASSERT_FALSE(s.ok())
        << "a changed host key must never be accepted, even with a confirm callback";
    EXPECT_EQ(s.error().code, "ssh-host-key-changed");
    EXPECT_NE(s.error().message.find(m_knownHosts + ":1"), std::string::npos) << s.error().message;
    EXPECT_NE(s.error().message.find(fingerprintOf(node(2).hostKeyPub)), std::string::npos)
        << s.error().message;
    EXPECT_EQ(loadKnownHosts(m_knownHosts)->entries.size(), 1u) << "nothing appended";
}

TEST_F(SshE2e, WrongKeyIsRefused)
{
    SshAuth a;
    a.useAgent = false;
    a.identityFiles = {g_nodes->wrongKey()};
    auto s = SshSession::connect(target(0), options(), a);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, "ssh-auth-denied");
    EXPECT_NE(s.error().message.find("root@10.199.1.2"), std::string::npos) << s.error().message;

    a.identityFiles = {g_nodes->workDir() + "/no-such-key"};
    auto missing = SshSession::connect(target(0), options(), a);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, "ssh-key-unreadable");
}

TEST_F(SshE2e, EncryptedKeyAsksForItsPassphrase)
{
    SshAuth a;
    a.useAgent = false;
    a.identityFiles = {g_nodes->encryptedKey()};
    int asked = 0;
    a.passphrase = [&](const std::string &) -> std::optional<std::string> {
        ++asked;
        return std::string("secret");
    };
    auto s = SshSession::connect(target(0), options(), a);
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_GE(asked, 1);
    EXPECT_EQ((*s)->authMethod(), "publickey");

    a.passphrase = [](const std::string &) -> std::optional<std::string> { return std::nullopt; };
    auto cancelled = SshSession::connect(target(0), options(), a);
    ASSERT_FALSE(cancelled.ok());
    EXPECT_EQ(cancelled.error().code, "ssh-auth-denied");
}

TEST_F(SshE2e, PasswordAuthentication)
{
    SshAuth a;
    a.useAgent = false;
    a.identityFiles = {g_nodes->wrongKey()};
    a.passwordPrompt = [](const std::string &prompt) -> std::optional<std::string> {
        EXPECT_NE(prompt.find("root@10.199.2.2"), std::string::npos) << prompt;
        return std::string(TestNodes::password());
    };
    auto s = SshSession::connect(target(1), options(), a);
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ((*s)->authMethod(), "password");
    auto r = (*s)->exec("echo hi");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->out, "hi\n");

    a.passwordPrompt = {};
    a.password = "wrong";
    auto bad = SshSession::connect(target(1), options(), a);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, "ssh-auth-denied");
    EXPECT_EQ(bad.error().message.find("wrong"), std::string::npos) << "no password in messages";
}

TEST_F(SshE2e, SudoForNonRootUsers)
{
    // Against the sudo stand-in of ssh_test_nodes (Debian's sudo is not installed here): the
    // probe, the password prompt, -S with the password consumed before the script's input.
    const std::string flag = node(0).dir + "/sudo-nopasswd";
    std::remove(flag.c_str());
    ASSERT_TRUE(writeFile(node(0).dir + "/sudo.log", "", 0666)); // the stand-in runs as the user
    SshAuth a = keyAuth();
    int asked = 0;
    a.sudoPasswordPrompt = [&](const std::string &prompt) -> std::optional<std::string> {
        ++asked;
        EXPECT_NE(prompt.find(TestNodes::nonRootUser()), std::string::npos) << prompt;
        return std::string(TestNodes::password());
    };
    auto s = SshSession::connect(target(0, TestNodes::nonRootUser()), options(), a);
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_FALSE((*s)->isRoot());
    auto r = (*s)->execAsRoot("cat", "payload");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->exitCode, 0) << r->err;
    EXPECT_EQ(r->out, "payload") << "the password line must go to sudo, never to the script";
    auto again = (*s)->execAsRoot("echo second");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->out, "second\n");
    EXPECT_EQ(asked, 1) << "asked once per session";
    EXPECT_NE(readFile(node(0).dir + "/sudo.log").find("fake-sudo ran: /bin/sh -c cat"),
              std::string::npos);

    SshAuth wrong = keyAuth();
    wrong.sudoPasswordPrompt
        = [](const std::string &) -> std::optional<std::string> { return std::string("nope"); };
    auto w = SshSession::connect(target(0, TestNodes::nonRootUser()), options(), wrong);
    ASSERT_TRUE(w.ok());
    auto denied = (*w)->execAsRoot("true");
    ASSERT_FALSE(denied.ok());
    EXPECT_EQ(denied.error().code, "sudo-denied");

    auto none = SshSession::connect(target(0, TestNodes::nonRootUser()), options(), keyAuth());
    ASSERT_TRUE(none.ok());
    auto needed = (*none)->execAsRoot("true");
    ASSERT_FALSE(needed.ok());
    EXPECT_EQ(needed.error().code, "sudo-password-required");

    ASSERT_TRUE(writeFile(flag, ""));
    auto nopw = SshSession::connect(target(0, TestNodes::nonRootUser()), options(), keyAuth());
    ASSERT_TRUE(nopw.ok());
    auto ok = (*nopw)->execAsRoot("echo nopasswd");
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(ok->out, "nopasswd\n");
    std::remove(flag.c_str());
}

TEST_F(SshE2e, UnreachableHost)
{
    auto refused = SshSession::connect({"root", node(0).addr, 2999}, options(), keyAuth());
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, "ssh-unreachable") << refused.error().message;
    auto noRoute = SshSession::connect({"root", "10.198.7.7", 22}, options(), keyAuth());
    ASSERT_FALSE(noRoute.ok());
    EXPECT_TRUE(noRoute.error().code == "ssh-unreachable" || noRoute.error().code == "ssh-timeout")
        << noRoute.error().code;
}

TEST_F(SshE2e, SftpUploadWithProgressAndChecksum)
{
    auto s = connectOrFail(0);
    ASSERT_TRUE(s);
    const std::string local = g_nodes->workDir() + "/upload.bin";
    ASSERT_EQ(sh("head -c 3000000 /dev/urandom > '" + local + "'"), 0);
    std::vector<std::pair<uint64_t, uint64_t>> steps;
    const std::string remote = node(0).dir + "/uploaded.bin";
    auto r = s->upload(local, remote, 0640, [&](uint64_t done, uint64_t total) {
        steps.emplace_back(done, total);
    });
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r.value(), 3000000u);
    ASSERT_GE(steps.size(), 3u);
    EXPECT_EQ(steps.back().first, 3000000u);
    EXPECT_EQ(steps.back().second, 3000000u);
    for (size_t i = 1; i < steps.size(); ++i)
        EXPECT_GE(steps[i].first, steps[i - 1].first);
    std::string localSum;
    sh("sha256sum '" + local + "' | cut -d' ' -f1", &localSum);
    auto remoteSum
        = s->exec("sha256sum '" + remote + "' | cut -d' ' -f1; stat -c %a '" + remote + "'");
    ASSERT_TRUE(remoteSum.ok());
    EXPECT_EQ(remoteSum->out, localSum + "640\n");

    auto denied = s->upload(local, "/proc/no-such-dir/x", 0644);
    ASSERT_FALSE(denied.ok());
    EXPECT_NE(denied.error().message.find("/proc/no-such-dir/x"), std::string::npos);
}

TEST_F(SshE2e, DeployUpgradeRollbackAndUninstall)
{
    const std::string bundles = g_nodes->workDir() + "/bundles";
    sh("mkdir -p '" + bundles + "'");
    auto v1 = loadAgentBundle(makeDummyBundle(bundles, "1.0.0", false));
    auto v2 = loadAgentBundle(makeDummyBundle(bundles, "1.1.0", false));
    auto broken = loadAgentBundle(makeDummyBundle(bundles, "2.0.0-broken", true));
    ASSERT_TRUE(v1.ok() && v2.ok() && broken.ok());
    if (const char *real = std::getenv("STUDIO_AGENT_BUNDLE"); real && *real) {
        auto r = loadAgentBundle(real); // the real service-agent bundle plugs in here
        ASSERT_TRUE(r.ok()) << r.error().message;
        v2 = r;
    }

    // ---- three nodes in parallel, each in its own session and thread ----
    ParallelDeployRequest req;
    for (int i = 0; i < 3; ++i)
        req.targets.push_back(target(i));
    req.ssh = options();
    req.auth = keyAuth();
    // the namespaces share one filesystem: one prefix per node
    req.deployFor = [this](size_t i, const SshTarget &) { return deployOptions(int(i)); };
    req.bundle = &v1.value();
    req.parallel = 3;
    std::mutex m;
    std::map<size_t, std::vector<DeployStage>> seen;
    auto results = deployToHosts(req, [&](size_t i, const SshTarget &, const DeployProgress &p) {
        std::lock_guard lock(m);
        seen[i].push_back(p.stage);
    });
    ASSERT_EQ(results.size(), 3u);
    for (int i = 0; i < 3; ++i) {
        const HostDeployResult &r = results[size_t(i)];
        ASSERT_TRUE(r.result.ok())
            << node(i).ns << ": " << r.result.error().code << ": " << r.result.error().message;
        EXPECT_EQ(r.result->version, "1.0.0");
        EXPECT_EQ(r.result->mode, "supervised");
        EXPECT_TRUE(r.result->healthy);
        EXPECT_FALSE(r.result->lastSync.empty()) << r.result->healthz;
        EXPECT_GT(r.bytesUploaded, v1->size);
        const auto &st = seen[size_t(i)];
        EXPECT_NE(std::find(st.begin(), st.end(), DeployStage::Upload), st.end());
        EXPECT_EQ(st.back(), DeployStage::Done);
        // the agent answers inside its own node namespace, from the kubeconfig we wrote
        std::string kc = readFile(node(i).dir + "/opt/etc/kubeconfig");
        EXPECT_NE(kc.find("token: \"test-token\""), std::string::npos);
    }

    auto s = connectOrFail(0);
    ASSERT_TRUE(s);
    AgentDeployer d(*s, deployOptions(0));
    auto perms = s->exec("stat -c %a '" + node(0).dir + "/opt/etc/kubeconfig'");
    EXPECT_EQ(perms->out, "600\n");

    // ---- upgrade in place ----
    auto up = d.install(v2.value());
    ASSERT_TRUE(up.ok()) << up.error().message;
    EXPECT_EQ(up->version, v2->version);
    EXPECT_TRUE(up->healthy);

    // ---- a broken upgrade rolls back to the running version ----
    auto bad = d.install(broken.value());
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, "agent-unhealthy");
    EXPECT_NE(bad.error().message.find("rolled back"), std::string::npos) << bad.error().message;
    auto st = d.status();
    ASSERT_TRUE(st.ok());
    EXPECT_EQ(st->version, v2->version);
    EXPECT_TRUE(st->running);
    EXPECT_TRUE(st->healthy);
    auto rels = s->exec("ls '" + node(0).dir + "/opt/releases'");
    EXPECT_EQ(rels->out.find("2.0.0-broken"), std::string::npos) << rels->out;

    // ---- restart, logs ----
    auto pid1 = readFile(node(0).dir + "/opt/run/agent.pid");
    ASSERT_TRUE(d.restart().ok());
    auto st2 = d.status();
    ASSERT_TRUE(st2.ok());
    EXPECT_TRUE(st2->running);
    EXPECT_NE(readFile(node(0).dir + "/opt/run/agent.pid"), pid1);
    auto log = d.logs(50);
    ASSERT_TRUE(log.ok());
    EXPECT_NE(log->find("dummy service-agent"), std::string::npos) << log.value();

    // ---- the supervisor restarts a crashed agent ----
    sh("kill -9 $(cat '" + node(0).dir + "/opt/run/agent.pid')");
    bool back = false;
    for (int i = 0; i < 50 && !back; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        auto h = d.status();
        back = h && h->healthy;
    }
    EXPECT_TRUE(back) << "supervisor did not restart the agent";

    // ---- a failed first install leaves nothing behind ----
    {
        auto s3 = connectOrFail(2);
        ASSERT_TRUE(s3);
        DeployOptions o = deployOptions(2);
        o.prefix = node(2).dir + "/fresh";
        o.healthzPort = 10257; // 10256 is node 3's running 1.0.0 agent
        AgentDeployer fresh(*s3, o);
        auto f = fresh.install(broken.value());
        ASSERT_FALSE(f.ok());
        EXPECT_EQ(f.error().code, "agent-unhealthy");
        EXPECT_NE(sh("test -e '" + o.prefix + "'"), 0)
            << "the failed first install was not removed";
    }

    // ---- uninstall everywhere, in parallel ----
    req.action = DeployAction::Uninstall;
    results = deployToHosts(req);
    for (int i = 0; i < 3; ++i) {
        const HostDeployResult &r = results[size_t(i)];
        EXPECT_TRUE(r.result.ok()) << r.result.error().message;
        EXPECT_NE(sh("test -e '" + node(i).dir + "/opt'"), 0)
            << "prefix of node " << i + 1 << " still there";
        EXPECT_NE(readFile(node(i).dir + "/opt.cleanup").find("cleanup"), std::string::npos)
            << "--cleanup did not run first on node " << i + 1;
        // no agent process of this node remains
        std::string left;
        sh("grep -lzxF 'SERVICE_STUDIO_PREFIX=" + node(i).dir
               + "/opt' /proc/[0-9]*/environ 2>/dev/null | wc -l",
           &left);
        EXPECT_EQ(left, "0\n");
    }
    // Uninstalling again is fine (nothing there).
    AgentDeployer again(*s, deployOptions(0));
    EXPECT_TRUE(again.uninstall().ok());
}

TEST_F(SshE2e, ParallelDeployIsolatesFailingHosts)
{
    const std::string bundles = g_nodes->workDir() + "/bundles-p";
    sh("mkdir -p '" + bundles + "'");
    auto v1 = loadAgentBundle(makeDummyBundle(bundles, "3.0.0", false));
    ASSERT_TRUE(v1.ok());
    ParallelDeployRequest req;
    req.targets = {target(0), {"root", node(0).addr, 2999}};
    req.ssh = options();
    req.auth = keyAuth();
    req.deploy = deployOptions(0);
    req.deploy.prefix = node(0).dir + "/par";
    req.bundle = &v1.value();
    req.parallel = 2;
    std::mutex m;
    std::set<size_t> reported;
    auto results = deployToHosts(req, [&](size_t i, const SshTarget &, const DeployProgress &) {
        std::lock_guard lock(m);
        reported.insert(i);
    });
    ASSERT_EQ(results.size(), 2u);
    EXPECT_TRUE(results[0].result.ok()) << results[0].result.error().message;
    ASSERT_FALSE(results[1].result.ok());
    EXPECT_EQ(results[1].result.error().code, "ssh-unreachable");
    EXPECT_EQ(reported, (std::set<size_t>{0, 1}));
    req.action = DeployAction::Uninstall;
    req.targets = {target(0)};
    auto removed = deployToHosts(req);
    EXPECT_TRUE(removed.at(0).result.ok());
    EXPECT_NE(sh("test -e '" + req.deploy.prefix + "'"), 0);
}

TEST_F(SshE2e, PortInUseIsReportedAndNothingIsLeft)
{
    const std::string bundles = g_nodes->workDir() + "/bundles-port";
    sh("mkdir -p '" + bundles + "'");
    auto v1 = loadAgentBundle(makeDummyBundle(bundles, "4.0.0", false));
    ASSERT_TRUE(v1.ok());
    auto s = connectOrFail(1);
    ASSERT_TRUE(s);
    // Another program holds the health port inside node 2's namespace.
    auto holder
        = s->exec("cd '" + node(1).dir
                  + "' && (nohup perl -MIO::Socket::INET -e "
                    "'$s=IO::Socket::INET->new(LocalAddr=>\"127.0.0.1\",LocalPort=>10299,Listen=>1,"
                    "ReuseAddr=>1) or die; sleep 60' >/dev/null 2>&1 & echo $! > '"
                  + node(1).dir + "/holder.pid'); sleep 0.5");
    ASSERT_TRUE(holder.ok());
    DeployOptions o = deployOptions(1);
    o.prefix = node(1).dir + "/porttest";
    o.healthzPort = 10299;
    AgentDeployer d(*s, o);
    auto r = d.install(v1.value());
    sh("kill $(cat '" + node(1).dir + "/holder.pid')");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "port-in-use") << r.error().message;
    EXPECT_NE(sh("test -e '" + o.prefix + "'"), 0);
}
