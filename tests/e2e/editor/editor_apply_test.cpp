// SPDX-License-Identifier: GPL-3.0-or-later
// Apply from the Service editor against the real apiserver: create after a dry run and a
// diff, a 422 whose causes land on their fields in the form and the YAML, and a 409 that
// reload-and-reapply resolves.
#include "../apiserver/e2e_support.h"

#include "apply_controller.h"
#include "diff_view.h"
#include "notification_area.h"
#include "problem_list_model.h"
#include "service_editor.h"
#include "service_form.h"
#include "table_editor.h"

#include "manifest/writer.h"

#include <QPlainTextEdit>
#include <QPushButton>

namespace studio::test {

namespace {

using views::ApplyController;

const std::string kNamespace = "editor-e2e";

std::string serviceYaml(const std::string &name, const std::string &portName)
{
    return "apiVersion: v1\n"
           "kind: Service\n"
           "metadata:\n"
           "  name: " + name + "\n"
           "  namespace: " + kNamespace + "\n"
           "spec:\n"
           "  selector:\n"
           "    app: " + name + "\n"
           "  ports:\n"
           "  - name: " + portName + "\n"
           "    port: 80\n"
           "    targetPort: 8080\n";
}

bool waitStage(ApplyController *c, ApplyController::Stage s)
{
    return waitFor([&] { return c->stage() == s; }, 60000);
}

class EditorApply : public ::testing::Test
{
protected:
    void SetUp() override
    {
        admin = adminBackend();
        ASSERT_TRUE(admin);
        ASSERT_TRUE(createNamespace(*admin, kNamespace, false));
        editor.resize(1200, 800);
        editor.setClusterBackend(admin.get());
        editor.setNotificationArea(&notes);
    }

    ApiResult<KubeObject> live(const std::string &name)
    {
        return await<KubeObject>(
            [&](auto cb) { admin->get(ResourceKind::Service, kNamespace, name, cb); });
    }

    std::unique_ptr<ApiServerBackend> admin;
    views::NotificationArea notes;
    views::ServiceEditor editor;
};

} // namespace

TEST_F(EditorApply, DryRunDiffThenCreate)
{
    editor.setText(QString::fromStdString(serviceYaml("web", "http")), QStringLiteral("web.yaml"));
    editor.apply();
    ApplyController *c = editor.applyController();
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::AwaitingConfirmation))
        << c->lastError().toString();
    EXPECT_FALSE(c->liveExists());
    ASSERT_NE(editor.diffDialog(), nullptr);
    EXPECT_TRUE(editor.diffDialog()->isVisible());
    // The server's dry run: defaults filled in, nothing stored.
    const QString right = editor.diffDialog()->view()->rightPane()->toPlainText();
    EXPECT_TRUE(right.contains(QLatin1String("protocol: TCP"))) << right.toStdString();
    EXPECT_TRUE(right.contains(QLatin1String("sessionAffinity: None")));
    EXPECT_FALSE(live("web").ok());

    editor.diffDialog()->accept();
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::Done)) << c->lastError().toString();
    EXPECT_TRUE(c->lastWasCreate());
    auto got = live("web");
    ASSERT_TRUE(got.ok()) << got.error().toString();
    const Service &s = std::get<Service>(*got);
    EXPECT_FALSE(s.spec.clusterIP.empty()); // allocated by the real apiserver
    EXPECT_EQ(s.spec.ports.at(0).name, "http");

    // Applying the same file again is a replace that changes nothing.
    editor.apply();
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::AwaitingConfirmation))
        << c->lastError().toString();
    EXPECT_TRUE(c->liveExists());
    EXPECT_EQ(editor.diffDialog()->view()->changedLines(), 0)
        << editor.diffDialog()->view()->leftPane()->toPlainText().toStdString() << "\n---\n"
        << editor.diffDialog()->view()->rightPane()->toPlainText().toStdString();
    editor.diffDialog()->reject();
}

TEST_F(EditorApply, InvalidServiceShowsTheServersCausesOnTheirFields)
{
    editor.setText(QString::fromStdString(serviceYaml("bad", "metrics_port")),
                   QStringLiteral("bad.yaml"));
    editor.apply();
    ApplyController *c = editor.applyController();
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::Failed));
    const ApiError &e = c->lastError();
    EXPECT_EQ(e.status, 422) << e.toString();
    EXPECT_EQ(e.reason, "Invalid");
    ASSERT_FALSE(e.causes.empty());
    EXPECT_EQ(e.causes[0].field, "spec.ports[0].name");

    // In the YAML: a problem from the server, at the port's name (line 10, column 11).
    const views::Problem *server = nullptr;
    for (const views::Problem &p : editor.problems()->problems())
        if (p.objectLabel.contains(QLatin1String("(server)")))
            server = &p;
    ASSERT_NE(server, nullptr);
    EXPECT_EQ(server->error.field, "spec.ports[0].name");
    EXPECT_EQ(server->error.line, 10);
    EXPECT_EQ(server->error.column, 11);
    // The server's own words.
    EXPECT_NE(server->error.message().find("metrics_port"), std::string::npos);
    // In the form: the port's name cell.
    views::TableEditor *ports = editor.serviceForm()->portsTable();
    EXPECT_FALSE(ports->cellError(0, views::ServiceForm::PortName).isEmpty());
    EXPECT_FALSE(editor.serviceForm()->errorFor(QStringLiteral("spec.ports[0].name")).isEmpty());
    // And a notification, not a modal dialog.
    EXPECT_GE(notes.count(), 1);
    EXPECT_FALSE(live("bad").ok());
}

TEST_F(EditorApply, ConflictReloadAndReapply)
{
    // The live object, opened with its resourceVersion (as from the service list).
    editor.setText(QString::fromStdString(serviceYaml("shared", "http")), QStringLiteral("s.yaml"));
    editor.apply();
    ApplyController *c = editor.applyController();
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::AwaitingConfirmation));
    editor.diffDialog()->accept();
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::Done)) << c->lastError().toString();
    auto got = live("shared");
    ASSERT_TRUE(got.ok());
    editor.setText(QString::fromStdString(writeYaml(stripTombstones(encodeObject(*got)))),
                   QStringLiteral("shared.yaml"));
    // The user edits the selector in the form...
    editor.serviceForm()->selectorTable()->setCell(0, 1, QStringLiteral("shared-v2"));
    // ...while someone else changes the object in the cluster.
    Service other = std::get<Service>(*got);
    other.metadata.labels["changed-by"] = "someone-else";
    auto replaced = await<KubeObject>([&](auto cb) { admin->replace(other, false, cb); });
    ASSERT_TRUE(replaced.ok()) << replaced.error().toString();

    editor.apply();
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::Failed));
    EXPECT_EQ(c->lastError().status, 409) << c->lastError().toString();
    EXPECT_EQ(c->lastError().reason, "Conflict");
    // The notification offers reload-and-reapply; run it as the button would.
    bool triggered = false;
    for (int id = 1; id < 100 && !triggered; ++id)
        triggered = notes.trigger(id, QStringLiteral("Reload and Reapply"));
    ASSERT_TRUE(triggered);
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::AwaitingConfirmation))
        << c->lastError().toString();
    // The diff shows the other change that the reapply overwrites, and the user's edit.
    EXPECT_TRUE(editor.diffDialog()->view()->leftPane()->toPlainText().contains(
        QLatin1String("changed-by")));
    EXPECT_TRUE(editor.diffDialog()->view()->rightPane()->toPlainText().contains(
        QLatin1String("app: shared-v2")));
    editor.diffDialog()->accept();
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::Done)) << c->lastError().toString();
    got = live("shared");
    ASSERT_TRUE(got.ok());
    const Service &s = std::get<Service>(*got);
    EXPECT_EQ(s.spec.selector->at("app"), "shared-v2");
    EXPECT_EQ(s.spec.clusterIP, std::get<Service>(*replaced).spec.clusterIP); // kept
    // The document now names the new resourceVersion: applying again is no conflict.
    EXPECT_TRUE(editor.text().contains(QString::fromStdString(s.metadata.resourceVersion)));
    editor.apply();
    ASSERT_TRUE(waitStage(c, ApplyController::Stage::AwaitingConfirmation))
        << c->lastError().toString();
    editor.diffDialog()->reject();
}

} // namespace studio::test
