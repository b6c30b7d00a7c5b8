// SPDX-License-Identifier: GPL-3.0-or-later
// The nodes panel against a real OpenSSH server in a node namespace (tests/e2e/ssh: TestNodes,
// run_in_netns.sh --nodes 1) with the stand-in bundle of ssh_test_nodes: the unknown-host
// dialog shows the node's real SHA256 fingerprint and its Refuse / Trust buttons decide; a
// deploy through the panel updates the row (version, proxy mode, health) with progress while
// the GUI thread keeps running; status, logs, a wrong key, a changed host key (refused with
// no question) and the uninstall show in the row too.
#include "../../support/event_loop_wait.h"
#include "nodes/node_prompts.h"
#include "nodes/node_table_model.h"
#include "nodes/nodes_panel.h"
#include "ssh_test_nodes.h" // tests/e2e/ssh

#include <QAbstractButton>
#include <QApplication>
#include <QInputDialog>
#include <QMessageBox>
#include <QTableView>
#include <QTimer>

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>

using namespace studio;
using namespace studio::views;
using namespace std::chrono_literals;

namespace {

// Answers the unknown-host dialog when it shows (clicks Trust or Refuse, keeps its text) and
// answers the password / passphrase prompts with `secret` or cancels them (counting them).
class HostKeyAnswerer
{
public:
    explicit HostKeyAnswerer(NodePrompts *prompts)
    {
        QObject::connect(prompts, &NodePrompts::asking, &m_timer, [this](const QString &what) {
            if (what == QStringLiteral("host-key"))
                ++asked;
            else
                secretsAsked.push_back(what);
        });
        QObject::connect(&m_timer, &QTimer::timeout, [this] { poll(); });
        m_timer.start(20);
    }
    bool trust = false;
    std::optional<QString> secret; // the answer to password prompts (unset: Cancel)
    int asked = 0;
    QStringList secretsAsked;
    QString text;

private:
    void poll()
    {
        for (QWidget *w : QApplication::topLevelWidgets()) {
            if (auto *input = qobject_cast<QInputDialog *>(w);
                input && input->isVisible()
                && input->objectName() == QStringLiteral("secretPrompt")) {
                if (secret) {
                    input->setTextValue(*secret);
                    input->accept();
                } else {
                    input->reject();
                }
                continue;
            }
            auto *box = qobject_cast<QMessageBox *>(w);
            if (!box || !box->isVisible()
                || box->objectName() != QStringLiteral("unknownHostDialog"))
                continue;
            text = box->text();
            auto *button = box->findChild<QAbstractButton *>(
                trust ? QStringLiteral("trustButton") : QStringLiteral("refuseButton"));
            if (button)
                button->click();
        }
    }
    QTimer m_timer;
};

class NodesPanelE2e : public ::testing::Test
{
protected:
    // One sshd node for the suite (TestNodes owns the run's work dir and its client keys).
    static void SetUpTestSuite()
    {
        if (!e2e::TestNodes::available(&s_skip))
            return;
        s_nodes = new e2e::TestNodes;
        if (!s_nodes->start(1, &s_error))
            s_error = "test node: " + s_error;
    }
    static void TearDownTestSuite()
    {
        if (s_nodes)
            s_nodes->stopAll();
        delete s_nodes;
        s_nodes = nullptr;
    }

    void SetUp() override
    {
        if (!s_skip.empty())
            GTEST_SKIP() << s_skip;
        ASSERT_TRUE(s_error.empty()) << s_error;
        ++s_run;
        m_bundle = e2e::makeDummyBundle(
            testNodes().workDir() + "/bundles" + std::to_string(s_run), "1.1.0", false);
        ASSERT_FALSE(m_bundle.empty());
        m_knownHosts = testNodes().workDir() + "/known_hosts.panel" + std::to_string(s_run);

        SshOptions ssh;
        ssh.knownHostsFile = m_knownHosts;
        ssh.configFile = "none";
        ssh.connectTimeout = 10s;
        m_panel.setSshOptions(ssh);
        DeployOptions d;
        d.serviceMode = ServiceMode::Supervised; // never the host's systemd
        d.healthTimeout = 20s;
        m_panel.setDeployDefaults(d);
        // The stand-in agent does not talk to an apiserver; a first install needs a kubeconfig.
        m_panel.setAgentConnection(AgentConnection{"https://127.0.0.1:6443", "t0ken", "", true});
        m_panel.setBundleDir(QString::fromStdString(m_bundle));
        m_panel.setIdentityFile(QString::fromStdString(testNodes().clientKey()));
        m_panel.setUseSshAgent(false);
        m_panel.show();

        NodeEntry e;
        e.name = QStringLiteral("panel-node");
        e.host = QString::fromStdString(node().addr);
        e.port = 22;
        e.user = QStringLiteral("root");
        m_prefix = node().dir + "/panel" + std::to_string(s_run);
        e.prefix = QString::fromStdString(m_prefix);
        ASSERT_TRUE(m_panel.model()->addNode(e));
        ASSERT_FALSE(m_panel.model()->addNode(e)) << "a duplicate is refused";
    }

    const e2e::TestNode &node() { return testNodes().nodes().at(0); }
    const NodeEntry &row() { return m_panel.model()->node(0); }
    QString cell(int column)
    {
        return m_panel.model()->data(m_panel.model()->index(0, column)).toString();
    }
    // Runs an action on row 0 and waits (event loop running) for its end.
    bool runAndWait(NodesPanel::Action action, int timeoutMs = 60'000, int row = 0)
    {
        bool finished = false;
        auto c
            = QObject::connect(&m_panel, &NodesPanel::operationFinished, [&] { finished = true; });
        const bool started = m_panel.run(action, {row});
        EXPECT_TRUE(started) << m_panel.statusText().toStdString();
        if (started)
            test::runEventLoopUntil([&] { return finished; }, timeoutMs);
        QObject::disconnect(c);
        return finished;
    }

    static inline e2e::TestNodes *s_nodes = nullptr;
    static inline std::string s_skip, s_error;
    static inline int s_run = 0;
    static e2e::TestNodes &testNodes() { return *s_nodes; }
    std::string m_prefix;
    std::string m_bundle;
    std::string m_knownHosts;
    NodesPanel m_panel;
};

TEST_F(NodesPanelE2e, UnknownHostRefusedThenTrustedDeployUpdatesTheRow)
{
    HostKeyAnswerer answer(m_panel.prompts());
    std::string fp;
    ASSERT_EQ(e2e::sh("ssh-keygen -l -E sha256 -f '" + node().hostKeyPub + "'", &fp), 0);
    fp = fp.substr(fp.find("SHA256:"));
    fp = fp.substr(0, fp.find(' '));

    // Refused: nothing recorded, the row says why.
    answer.trust = false;
    ASSERT_TRUE(runAndWait(NodesPanel::Action::Status));
    EXPECT_EQ(answer.asked, 1);
    EXPECT_TRUE(answer.text.contains(QString::fromStdString(fp))) << answer.text.toStdString();
    EXPECT_EQ(row().errorCode.toStdString(), "ssh-host-key-unknown")
        << row().errorMessage.toStdString();
    EXPECT_EQ(cell(NodeTableModel::HealthColumn), QStringLiteral("error: ssh-host-key-unknown"));
    EXPECT_EQ(e2e::readFile(m_knownHosts).find(node().addr), std::string::npos);

    // Trusted: deployed, with progress shown while the GUI thread keeps turning.
    answer.trust = true;
    int ticks = 0;
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, [&] { ++ticks; });
    ticker.start(10);
    std::vector<int> seen;
    auto c = QObject::connect(
        m_panel.model(), &QAbstractItemModel::dataChanged, [&] { seen.push_back(row().progress); });
    ASSERT_TRUE(runAndWait(NodesPanel::Action::Deploy)) << m_panel.statusText().toStdString();
    QObject::disconnect(c);
    EXPECT_EQ(answer.asked, 2);
    ASSERT_TRUE(row().errorCode.isEmpty())
        << row().errorCode.toStdString() << ": " << row().errorMessage.toStdString();
    EXPECT_TRUE(row().statusKnown);
    EXPECT_TRUE(row().status.installed);
    EXPECT_TRUE(row().status.healthy) << row().status.healthz;
    EXPECT_EQ(row().progress, -1);
    EXPECT_EQ(cell(NodeTableModel::VersionColumn), QStringLiteral("1.1.0"));
    EXPECT_EQ(cell(NodeTableModel::ProxyModeColumn), QStringLiteral("iptables"));
    EXPECT_EQ(cell(NodeTableModel::HealthColumn), QStringLiteral("healthy"));
    EXPECT_TRUE(std::any_of(seen.begin(), seen.end(), [](int p) { return p > 0 && p < 100; }))
        << "a progress bar between 0 and 100 was shown";
    EXPECT_GT(ticks, 10) << "the GUI thread ran during the deploy";
    EXPECT_NE(e2e::readFile(m_knownHosts).find(node().addr), std::string::npos) << "key recorded";
    EXPECT_TRUE(std::filesystem::exists(m_prefix + "/current"));
    EXPECT_TRUE(m_panel.statusText().contains(QStringLiteral("Done")))
        << m_panel.statusText().toStdString();

    // Known now: no question. Status and logs.
    ASSERT_TRUE(runAndWait(NodesPanel::Action::Status));
    EXPECT_EQ(answer.asked, 2);
    EXPECT_TRUE(row().status.healthy);
    ASSERT_TRUE(runAndWait(NodesPanel::Action::Logs));
    EXPECT_TRUE(m_panel.lastLogs().startsWith(QStringLiteral("==== root@") + row().host))
        << m_panel.lastLogs().toStdString();
    ASSERT_TRUE(runAndWait(NodesPanel::Action::Restart));
    EXPECT_TRUE(row().errorCode.isEmpty()) << row().errorMessage.toStdString();
    EXPECT_TRUE(row().status.running);

    // A wrong key: refused, the status stays as it was.
    m_panel.setIdentityFile(QString::fromStdString(testNodes().wrongKey()));
    ASSERT_TRUE(runAndWait(NodesPanel::Action::Status));
    EXPECT_EQ(row().errorCode.toStdString(), "ssh-auth-denied") << row().errorMessage.toStdString();
    // The node allows passwords: the panel asked for one, and the refusal is final.
    EXPECT_TRUE(answer.secretsAsked.contains(QStringLiteral("password")))
        << answer.secretsAsked.join(QLatin1Char(',')).toStdString();
    EXPECT_EQ(cell(NodeTableModel::VersionColumn), QStringLiteral("1.1.0"));
    m_panel.setIdentityFile(QString::fromStdString(testNodes().clientKey()));

    // Uninstall: the row says not installed, the files are gone.
    ASSERT_TRUE(runAndWait(NodesPanel::Action::Uninstall));
    EXPECT_TRUE(row().errorCode.isEmpty()) << row().errorMessage.toStdString();
    EXPECT_FALSE(row().status.installed);
    EXPECT_EQ(cell(NodeTableModel::HealthColumn), QStringLiteral("not installed"));
    EXPECT_FALSE(std::filesystem::exists(m_prefix + "/current"));

    // A changed host key: refused without a question, with the warning in the tool tip.
    std::string error;
    ASSERT_TRUE(testNodes().regenerateHostKey(0, &error)) << error;
    ASSERT_TRUE(runAndWait(NodesPanel::Action::Status));
    EXPECT_EQ(answer.asked, 2);
    EXPECT_EQ(row().errorCode.toStdString(), "ssh-host-key-changed");
    EXPECT_TRUE(m_panel.model()
                    ->data(m_panel.model()->index(0, NodeTableModel::HealthColumn), Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("REMOTE HOST IDENTIFICATION HAS CHANGED")));
}

TEST_F(NodesPanelE2e, BadInputIsRefusedClearly)
{
    EXPECT_FALSE(m_panel.run(NodesPanel::Action::Deploy)) << "nothing selected";
    EXPECT_FALSE(m_panel.statusText().isEmpty());
    m_panel.setBundleDir(QString::fromStdString(testNodes().workDir() + "/no-such-bundle"));
    m_panel.selectRows({0});
    ASSERT_EQ(m_panel.selectedRows(), std::vector<int>{0});
    HostKeyAnswerer answer(m_panel.prompts());
    ASSERT_TRUE(runAndWait(NodesPanel::Action::Deploy));
    EXPECT_EQ(row().errorCode.toStdString(), "bundle-invalid");
    EXPECT_EQ(answer.asked, 0) << "no connection for a bundle that cannot be used";
    EXPECT_FALSE(std::filesystem::exists(m_prefix)) << "nothing happened on the node";
}

TEST_F(NodesPanelE2e, SudoPasswordIsAskedForANonRootUser)
{
    // The sudo stand-in of ssh_test_nodes asks for the password unless sudo-nopasswd exists.
    std::filesystem::remove(node().dir + "/sudo-nopasswd");
    ASSERT_TRUE(e2e::writeFile(node().dir + "/sudo.log", "", 0666));
    NodeEntry e;
    e.host = QString::fromStdString(node().addr);
    e.port = 22;
    e.user = QString::fromLatin1(e2e::TestNodes::nonRootUser());
    e.prefix = QString::fromStdString(m_prefix + "-sudo");
    ASSERT_TRUE(m_panel.model()->addNode(e));
    const int row = m_panel.model()->findNode(e.key());
    ASSERT_EQ(row, 1);
    HostKeyAnswerer answer(m_panel.prompts());
    answer.trust = true;
    answer.secret = QString::fromLatin1(e2e::TestNodes::password());
    ASSERT_TRUE(runAndWait(NodesPanel::Action::Status, 60'000, row));
    const NodeEntry &n = m_panel.model()->node(row);
    EXPECT_TRUE(answer.secretsAsked.contains(QStringLiteral("sudo-password")))
        << answer.secretsAsked.join(QLatin1Char(',')).toStdString();
    EXPECT_TRUE(n.errorCode.isEmpty())
        << n.errorCode.toStdString() << ": " << n.errorMessage.toStdString();
    EXPECT_TRUE(n.statusKnown);
    EXPECT_FALSE(n.status.installed);
    EXPECT_NE(e2e::readFile(node().dir + "/sudo.log").find("fake-sudo ran"), std::string::npos);

    // Cancelled: a clear sudo error in the row, nothing run as root.
    answer.secret.reset();
    answer.secretsAsked.clear();
    ASSERT_TRUE(e2e::writeFile(node().dir + "/sudo.log", "", 0666));
    ASSERT_TRUE(runAndWait(NodesPanel::Action::Status, 60'000, row));
    EXPECT_TRUE(answer.secretsAsked.contains(QStringLiteral("sudo-password")));
    EXPECT_TRUE(n.errorCode.startsWith(QStringLiteral("sudo-"))) << n.errorCode.toStdString();
    EXPECT_EQ(e2e::readFile(node().dir + "/sudo.log").find("fake-sudo ran"), std::string::npos);
}

} // namespace

// main(): tests/views/views_test_main.cpp (offscreen QApplication).
