// SPDX-License-Identifier: GPL-3.0-or-later
// Apply (dry run, diff, create/replace, 409 reload-and-reapply, 422 causes on fields) against
// the sandbox cluster; the same flow runs against a real apiserver in tests/e2e/editor. And
// the pieces around it: notifications, the diff, new-service dialog, autosave, the switcher.
#include "apply_controller.h"
#include "autosave_manager.h"
#include "cluster_switcher.h"
#include "diff_view.h"
#include "line_diff.h"
#include "main_window.h"
#include "language_manager.h"
#include "new_service_dialog.h"
#include "notification_area.h"
#include "service_editor.h"
#include "service_form.h"
#include "table_editor.h"

#include "cluster/sandbox_backend.h"
#include "manifest/writer.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace studio;
using namespace studio::views;

namespace {

const char *kWeb = "apiVersion: v1\n"
                   "kind: Service\n"
                   "metadata:\n"
                   "  name: web\n"
                   "  namespace: default\n"
                   "spec:\n"
                   "  selector:\n"
                   "    app: web\n"
                   "  ports:\n"
                   "  - name: http\n"
                   "    port: 80\n"
                   "    targetPort: 8080\n";

bool waitStage(ApplyController *c, ApplyController::Stage s, int ms = 5000)
{
    return QTest::qWaitFor([&] { return c->stage() == s; }, ms);
}

} // namespace

TEST(Apply, CreatesAfterDryRunAndDiffThenReplaces)
{
    SandboxBackend sandbox;
    NotificationArea notes;
    ServiceEditor ed;
    ed.setClusterBackend(&sandbox);
    ed.setNotificationArea(&notes);
    ed.setText(QString::fromUtf8(kWeb), QStringLiteral("web.yaml"));

    ed.apply();
    ApplyController *c = ed.applyController();
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::AwaitingConfirmation));
    EXPECT_FALSE(c->liveExists());
    ASSERT_NE(ed.diffDialog(), nullptr);
    EXPECT_TRUE(ed.diffDialog()->isVisible());
    // The dry run shows what the server will store: the defaults filled in (a v1.20 dry run
    // allocates no cluster IP).
    const QString right = ed.diffDialog()->view()->rightPane()->toPlainText();
    EXPECT_TRUE(right.contains(QLatin1String("protocol: TCP"))) << right.toStdString();
    EXPECT_TRUE(right.contains(QLatin1String("sessionAffinity: None")));
    EXPECT_TRUE(ed.diffDialog()->view()->leftPane()->toPlainText().trimmed().isEmpty());
    // Nothing stored yet.
    EXPECT_FALSE(sandbox.getNow(ResourceKind::Service, "default", "web").ok());
    ed.diffDialog()->accept();
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::Done));
    EXPECT_TRUE(c->lastWasCreate());
    auto live = sandbox.getNow(ResourceKind::Service, "default", "web");
    ASSERT_TRUE(live.ok());

    // Change the port in the form and apply again: a replace, shown as a diff.
    TableEditor *ports = ed.serviceForm()->portsTable();
    ports->setCell(0, ServiceForm::PortTarget, QStringLiteral("9090"));
    ed.apply();
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::AwaitingConfirmation));
    EXPECT_TRUE(c->liveExists());
    EXPECT_GT(ed.diffDialog()->view()->changedLines(), 0);
    EXPECT_TRUE(ed.diffDialog()->view()->leftPane()->toPlainText().contains(QLatin1String("targetPort: 8080")));
    EXPECT_TRUE(ed.diffDialog()->view()->rightPane()->toPlainText().contains(QLatin1String("targetPort: 9090")));
    ed.diffDialog()->accept();
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::Done));
    EXPECT_FALSE(c->lastWasCreate());
    live = sandbox.getNow(ResourceKind::Service, "default", "web");
    ASSERT_TRUE(live.ok());
    EXPECT_EQ(std::get<Service>(*live).spec.ports.at(0).targetPort->intValue, 9090);
}

TEST(Apply, CancelledDiffChangesNothing)
{
    SandboxBackend sandbox;
    ServiceEditor ed;
    ed.setClusterBackend(&sandbox);
    ed.setText(QString::fromUtf8(kWeb), QStringLiteral("web.yaml"));
    ed.apply();
    ASSERT_TRUE(waitStage(ed.applyController(), ApplyController::Stage::AwaitingConfirmation));
    ed.diffDialog()->reject();
    EXPECT_EQ(ed.applyController()->stage(), ApplyController::Stage::Idle);
    EXPECT_FALSE(sandbox.getNow(ResourceKind::Service, "default", "web").ok());
}

TEST(Apply, InvalidObjectShowsTheServersCausesOnTheirFields)
{
    SandboxBackend sandbox;
    NotificationArea notes;
    ServiceEditor ed;
    ed.setClusterBackend(&sandbox);
    ed.setNotificationArea(&notes);
    ed.setText(QString::fromUtf8(kWeb).replace(QLatin1String("name: http"),
                                               QLatin1String("name: http_port")),
               QStringLiteral("web.yaml"));
    ed.apply();
    ApplyController *c = ed.applyController();
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::Failed));
    EXPECT_EQ(c->lastError().status, 422);
    ASSERT_FALSE(c->lastError().causes.empty());
    bool server = false;
    for (const Problem &p : ed.problems()->problems())
        if (p.objectLabel.contains(QLatin1String("(server)")) && p.error.field == "spec.ports[0].name") {
            server = true;
            EXPECT_EQ(p.error.line, 10);
            EXPECT_EQ(p.error.column, 11);
        }
    EXPECT_TRUE(server);
    EXPECT_FALSE(ed.serviceForm()->portsTable()->cellError(0, ServiceForm::PortName).isEmpty());
    ASSERT_GE(notes.count(), 1);
    EXPECT_TRUE(notes.texts().join(QLatin1Char('\n')).contains(QLatin1String("web")));
    // The next edit clears the server's verdict (it was about the applied text).
    ed.serviceForm()->portsTable()->setCell(0, ServiceForm::PortName, QStringLiteral("http"));
    for (const Problem &p : ed.problems()->problems())
        EXPECT_FALSE(p.objectLabel.contains(QLatin1String("(server)")));
}

TEST(Apply, ConflictOffersReloadAndReapply)
{
    SandboxBackend sandbox;
    Service s;
    s.metadata.name = "web";
    s.metadata.namespace_ = "default";
    s.spec.selector = Labels{{"app", "web"}};
    s.spec.ports.push_back({});
    s.spec.ports[0].port = 80;
    auto created = sandbox.createNow(s);
    ASSERT_TRUE(created.ok());
    // The document is the live object as read (with its resourceVersion).
    NotificationArea notes;
    ServiceEditor ed;
    ed.setClusterBackend(&sandbox);
    ed.setNotificationArea(&notes);
    ed.setText(QString::fromStdString(writeYaml(stripTombstones(encodeObject(*created)))),
               QStringLiteral("web.yaml"));
    ed.serviceForm()->selectorTable()->setCell(0, 1, QStringLiteral("web-v2"));
    // Meanwhile someone else changes it.
    Service other = std::get<Service>(*created);
    other.metadata.labels["changed-by"] = "someone-else";
    ASSERT_TRUE(sandbox.replaceNow(other).ok());

    ed.apply();
    ApplyController *c = ed.applyController();
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::Failed));
    EXPECT_EQ(c->lastError().status, 409);
    EXPECT_EQ(c->lastError().reason, "Conflict");
    // The notification carries the action; triggering it is what clicking does.
    bool triggered = false;
    for (int id = 1; id < 50 && !triggered; ++id)
        triggered = notes.trigger(id, QStringLiteral("Reload and Reapply"));
    ASSERT_TRUE(triggered);
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::AwaitingConfirmation));
    // The diff shows the other change that the reapply replaces.
    EXPECT_TRUE(ed.diffDialog()->view()->leftPane()->toPlainText().contains(QLatin1String("changed-by")));
    ed.diffDialog()->accept();
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::Done));
    auto live = sandbox.getNow(ResourceKind::Service, "default", "web");
    ASSERT_TRUE(live.ok());
    EXPECT_EQ(std::get<Service>(*live).spec.selector->at("app"), "web-v2");
    // The document follows the new resourceVersion: the next apply is no conflict.
    EXPECT_TRUE(ed.text().contains(QString::fromStdString(
        "resourceVersion: \"" + std::get<Service>(*live).metadata.resourceVersion + "\"")))
        << ed.text().toStdString();
    ed.apply();
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::AwaitingConfirmation));
    EXPECT_EQ(ed.diffDialog()->view()->changedLines(), 0);
    ed.diffDialog()->reject();
}

TEST(Apply, WithoutAClusterSaysSo)
{
    NotificationArea notes;
    ServiceEditor ed;
    ed.setNotificationArea(&notes);
    ed.setText(QString::fromUtf8(kWeb), QStringLiteral("web.yaml"));
    ed.apply();
    EXPECT_EQ(notes.count(), 1);
}

TEST(LineDiff, AlignsChangesSideBySide)
{
    const QStringList a = {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")};
    const QStringList b = {QStringLiteral("a"), QStringLiteral("x"), QStringLiteral("c"), QStringLiteral("d"), QStringLiteral("e")};
    const auto ops = diffLines(a, b);
    int equal = 0, del = 0, ins = 0;
    for (const auto &op : ops)
        (op.kind == LineDiffOp::Kind::Equal ? equal : op.kind == LineDiffOp::Kind::Delete ? del : ins)++;
    EXPECT_EQ(equal, 3);
    EXPECT_EQ(del, 1);
    EXPECT_EQ(ins, 2);
    DiffView v;
    v.setTexts(a.join(QLatin1Char('\n')), b.join(QLatin1Char('\n')));
    EXPECT_EQ(v.changedLines(), 2);
    EXPECT_EQ(v.leftPane()->document()->blockCount(), v.rightPane()->document()->blockCount());
    EXPECT_EQ(keepComments(QStringLiteral("# c\nx: 1\n"), QStringLiteral("x: 2\n")),
              QStringLiteral("# c\nx: 2\n"));
}

TEST(NewService, IsWhatKubectlCreateServiceMakes)
{
    CreateServiceOptions o;
    o.type = service_type::NodePort;
    o.name = "my-ns";
    o.tcp = {"5678:8080"};
    o.nodePort = 30080;
    const Service s = kubectlCreateService(o);
    EXPECT_EQ(s.metadata.labels.at("app"), "my-ns");
    EXPECT_EQ(s.spec.selector->at("app"), "my-ns");
    ASSERT_EQ(s.spec.ports.size(), 1u);
    EXPECT_EQ(s.spec.ports[0].name, "5678-8080");
    EXPECT_EQ(s.spec.ports[0].port, 5678);
    EXPECT_EQ(s.spec.ports[0].targetPort->intValue, 8080);
    EXPECT_EQ(s.spec.ports[0].nodePort, 30080);
    EXPECT_EQ(s.spec.type, "NodePort");

    o = {};
    o.type = service_type::ExternalName;
    o.name = "db";
    o.externalName = "my.database.example.com";
    const QString yaml = createServiceYaml(o);
    EXPECT_TRUE(yaml.contains(QLatin1String("externalName: my.database.example.com")));
    EXPECT_TRUE(yaml.contains(QLatin1String("type: ExternalName")));
    EXPECT_FALSE(yaml.contains(QLatin1String("ports:")));

    QString error;
    o = {};
    o.name = "x";
    o.tcp = {"http"};
    (void)kubectlCreateService(o, &error);
    EXPECT_FALSE(error.isEmpty());

    NewServiceDialog dlg;
    CreateServiceOptions d;
    d.name = "web";
    d.tcp = {"80:9376"};
    d.headless = true;
    dlg.setOptions(d);
    EXPECT_TRUE(dlg.yaml().contains(QLatin1String("clusterIP: None")));
}

TEST(NewService, EverySeedExampleIsOffered)
{
    const auto examples = seedExamples(QStringLiteral(STUDIO_SOURCE_DIR "/resources/scenarios"));
    EXPECT_GE(examples.size(), 10);
    bool found = false;
    for (const auto &e : examples)
        found = found || e.sourceTitle == QLatin1String("NodePort service");
    EXPECT_TRUE(found);
}

TEST(Notifications, ActionsRunAndErrorsStay)
{
    NotificationArea notes;
    int ran = 0;
    const int id = notes.post(NotificationArea::Severity::Warning, QStringLiteral("conflict"),
                              {{QStringLiteral("Retry"), [&] { ++ran; }}});
    const int err = notes.post(NotificationArea::Severity::Error, QStringLiteral("boom"));
    EXPECT_EQ(notes.count(), 2);
    EXPECT_EQ(notes.texts().at(0), QStringLiteral("boom")); // newest first
    EXPECT_FALSE(notes.trigger(id, QStringLiteral("Nope")));
    EXPECT_TRUE(notes.trigger(id, QStringLiteral("Retry")));
    EXPECT_EQ(ran, 1);
    EXPECT_EQ(notes.count(), 1);
    for (int i = 0; i < 10; ++i)
        notes.post(NotificationArea::Severity::Info, QStringLiteral("n%1").arg(i));
    EXPECT_LE(notes.count(), NotificationArea::kMaxShown);
    notes.dismiss(err);
    notes.clear();
    EXPECT_EQ(notes.count(), 0);
}

TEST(Autosave, RecoversTheEditsOfACrashedSession)
{
    QTemporaryDir root;
    ASSERT_TRUE(root.isValid());
    QString crashedDir;
    {
        AutosaveManager crashed(root.path());
        crashed.setSource([] {
            return std::vector<AutosaveManager::Document>{
                {QStringLiteral("doc1"), QStringLiteral("/tmp/web.yaml"), QStringLiteral("web.yaml"),
                 QStringLiteral("kind: Service\n")}};
        });
        crashed.saveNow();
        crashedDir = crashed.sessionDir();
        // Simulate the crash: copy the session aside before the clean exit removes it, with
        // a lock left by a process that no longer exists.
        QDir().mkpath(crashedDir + QStringLiteral(".crashed"));
        for (const QString &f : QDir(crashedDir).entryList(QDir::Files))
            if (!f.endsWith(QLatin1String(".lock")))
                QFile::copy(crashedDir + QLatin1Char('/') + f,
                            crashedDir + QStringLiteral(".crashed/") + f);
    }
    QFile lock(crashedDir + QStringLiteral(".crashed/session.lock"));
    ASSERT_TRUE(lock.open(QIODevice::WriteOnly));
    lock.write("999999\nservice-studio\n" + QSysInfo::machineHostName().toUtf8() + "\n");
    lock.close();

    AutosaveManager live(root.path());
    // A running session (holding its lock) is never offered.
    AutosaveManager other(root.path());
    const auto docs = live.recoverable();
    ASSERT_EQ(docs.size(), 1u);
    EXPECT_EQ(docs[0].fileName, QStringLiteral("/tmp/web.yaml"));
    EXPECT_EQ(docs[0].text, QStringLiteral("kind: Service\n"));
    live.discardRecoverable();
    EXPECT_TRUE(live.recoverable().empty());
    EXPECT_TRUE(QDir(other.sessionDir()).exists());
}

TEST(ClusterSwitcher, OffersTheSandboxAndEveryKubeconfigContext)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config"));
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write("apiVersion: v1\nkind: Config\ncurrent-context: dev\n"
            "clusters:\n- name: c1\n  cluster:\n    server: https://127.0.0.1:1\n"
            "users:\n- name: u1\n  user:\n    token: abcdef\n"
            "contexts:\n- name: dev\n  context:\n    cluster: c1\n    user: u1\n    namespace: team\n"
            "- name: prod\n  context:\n    cluster: c1\n    user: u1\n"
            "- name: broken\n  context:\n    cluster: missing\n    user: u1\n");
    f.close();
    SandboxBackend sandbox;
    ClusterSwitcher sw(&sandbox);
    KubeconfigLoadOptions load;
    load.explicitPath = path.toStdString();
    sw.setKubeconfigOptions(load);
    EXPECT_EQ(sw.contexts(), (QStringList{QStringLiteral("dev"), QStringLiteral("prod"),
                                          QStringLiteral("broken")}));
    EXPECT_EQ(sw.contextBox()->count(), 4); // the sandbox first
    EXPECT_EQ(sw.backend(), &sandbox);
    // The sandbox's namespaces are listed.
    ASSERT_TRUE(QTest::qWaitFor([&] { return sw.namespaces().contains(QStringLiteral("default")); }, 2000));

    QSignalSpy changed(&sw, &ClusterSwitcher::backendChanged);
    QSignalSpy errors(&sw, &ClusterSwitcher::error);
    ASSERT_TRUE(sw.selectContext(QStringLiteral("dev")));
    EXPECT_EQ(changed.count(), 1);
    EXPECT_NE(sw.backend(), &sandbox);
    EXPECT_EQ(sw.currentContext(), QStringLiteral("dev"));
    // A context that cannot be used keeps the current one, with the reason.
    EXPECT_FALSE(sw.selectContext(QStringLiteral("broken")));
    EXPECT_EQ(sw.currentContext(), QStringLiteral("dev"));
    EXPECT_GE(errors.count(), 1);
    ASSERT_TRUE(sw.selectContext(QString()));
    EXPECT_EQ(sw.backend(), &sandbox);
}

TEST(MainWindowEditor, RemembersContextAndNamespaceAndOpensExamples)
{
    QSettings().clear();
    LanguageManager languages;
    ASSERT_TRUE(languages.setLanguage(QStringLiteral("en")));
    SandboxBackend sandbox;
    {
        MainWindow w(&languages);
        w.setClusterBackend(&sandbox);
        w.clusterSwitcher()->selectNamespace(QStringLiteral("kube-system"));
        w.openExample(QStringLiteral(STUDIO_SOURCE_DIR "/resources/scenarios/nodeport.yaml"),
                      QStringLiteral("nodeport.yaml"));
        ASSERT_NE(w.currentDocument(), nullptr);
        EXPECT_GE(w.currentDocument()->objectCount(), 1);
        // Apply from the window goes to the window's cluster.
        w.currentDocument()->setText(QString::fromUtf8(kWeb), QString());
        w.currentDocument()->apply();
        ASSERT_TRUE(waitStage(w.currentDocument()->applyController(),
                              ApplyController::Stage::AwaitingConfirmation));
        w.currentDocument()->diffDialog()->accept();
        ASSERT_TRUE(waitStage(w.currentDocument()->applyController(), ApplyController::Stage::Done));
        w.currentDocument()->setModified(false);
    }
    EXPECT_EQ(QSettings().value(QStringLiteral("cluster/namespace")).toString(),
              QStringLiteral("kube-system"));
    MainWindow again(&languages);
    again.setClusterBackend(&sandbox);
    EXPECT_EQ(again.clusterSwitcher()->currentNamespace(), QStringLiteral("kube-system"));
    QSettings().clear();
}
