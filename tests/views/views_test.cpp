// SPDX-License-Identifier: GPL-3.0-or-later
#include "code_editor.h"
#include "language_manager.h"
#include "main_window.h"
#include "manifest_editor.h"
#include "problem_list_model.h"
#include "service_list_model.h"

#include "cluster/sandbox_backend.h"

#include <QMenuBar>
#include <QTextCursor>
#include <QTextDocument>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

using namespace studio::views;

namespace {
const char *kBad = "apiVersion: v1\n"
                   "kind: Service\n"
                   "metadata:\n"
                   "  name: my-service\n"
                   "spec:\n"
                   "  selector:\n"
                   "    app: MyApp\n"
                   "  ports:\n"
                   "  - name: metrics_port\n"
                   "    port: 80\n";
}

TEST(ManifestEditor, ShowsProblemsAtTheirLineAndUpdatesAsYouType)
{
    ManifestEditor ed;
    ed.setText(QString::fromUtf8(kBad), QStringLiteral("bad.yaml"));
    ed.validateNow();
    ASSERT_EQ(ed.problems()->errorCount(), 1);
    const auto &p = ed.problems()->problems().at(0);
    EXPECT_EQ(p.error.field, "spec.ports[0].name");
    EXPECT_EQ(p.error.line, 9);
    EXPECT_EQ(p.error.column, 11);

    // Fix it by typing: the live check (debounced, off the GUI thread) clears the error.
    QSignalSpy spy(&ed, &ManifestEditor::problemsChanged);
    QTextCursor c = ed.editor()->document()->find(QStringLiteral("_port"));
    ASSERT_FALSE(c.isNull());
    c.removeSelectedText(); // an edit, as typing would make it
    ed.editor()->setTextCursor(c);
    ASSERT_TRUE(spy.wait(5000));
    EXPECT_EQ(ed.problems()->errorCount(), 0);
    EXPECT_TRUE(ed.isModified());
}

TEST(ManifestEditor, YamlErrorsAreProblemsToo)
{
    ManifestEditor ed;
    ed.setText(QStringLiteral("a: [1, 2\n"), QStringLiteral("broken.yaml"));
    ed.validateNow();
    ASSERT_EQ(ed.problems()->rowCount(), 1);
    EXPECT_EQ(ed.problems()->problems()[0].error.type, "YAMLSyntaxError");
    EXPECT_GT(ed.problems()->problems()[0].error.line, 0);
}

TEST(ManifestEditor, ProblemJumpsToTheSpot)
{
    ManifestEditor ed;
    ed.setText(QString::fromUtf8(kBad), QStringLiteral("bad.yaml"));
    ed.validateNow();
    ed.editor()->goTo(9, 11);
    EXPECT_EQ(ed.editor()->textCursor().blockNumber(), 8);
    EXPECT_EQ(ed.editor()->textCursor().positionInBlock(), 10);
}

TEST(MainWindow, SwitchesLanguageWhileRunning)
{
    QSettings().clear();
    LanguageManager languages;
    ASSERT_TRUE(languages.setLanguage(QStringLiteral("en")));
    MainWindow w(&languages);
    auto *ed = w.newDocument(QString::fromUtf8(kBad), QStringLiteral("bad.yaml"));
    ed->validateNow();
    const QString fileMenuEn = w.menuBar()->actions().at(0)->text();
    EXPECT_EQ(fileMenuEn, QStringLiteral("&File"));
    const QString headerEn = ed->problems()->headerData(ProblemListModel::FieldColumn,
                                                        Qt::Horizontal, Qt::DisplayRole)
                                 .toString();
    EXPECT_EQ(headerEn, QStringLiteral("Field"));

    ASSERT_TRUE(languages.setLanguage(QStringLiteral("ja")));
    QCoreApplication::processEvents();
    EXPECT_EQ(w.menuBar()->actions().at(0)->text(), QStringLiteral("ファイル(&F)"));
    EXPECT_EQ(ed->problems()->headerData(ProblemListModel::FieldColumn, Qt::Horizontal,
                                         Qt::DisplayRole)
                  .toString(),
              QStringLiteral("フィールド"));
    // The problem messages are rebuilt in the new language; field paths stay as they are.
    const QString msg = ed->problems()->data(
        ed->problems()->index(0, ProblemListModel::MessageColumn), Qt::DisplayRole).toString();
    EXPECT_TRUE(msg.startsWith(QStringLiteral("無効な値"))) << msg.toStdString();
    EXPECT_EQ(ed->problems()->data(ed->problems()->index(0, ProblemListModel::FieldColumn),
                                   Qt::DisplayRole)
                  .toString(),
              QStringLiteral("spec.ports[0].name"));

    ASSERT_TRUE(languages.setLanguage(QStringLiteral("en")));
    QCoreApplication::processEvents();
    EXPECT_EQ(w.menuBar()->actions().at(0)->text(), QStringLiteral("&File"));
    EXPECT_FALSE(languages.setLanguage(QStringLiteral("fr")));
    EXPECT_EQ(languages.language(), QStringLiteral("en"));
}

TEST(ProblemListModel, EnglishPluralForms)
{
    LanguageManager languages;
    ASSERT_TRUE(languages.setLanguage(QStringLiteral("en")));
    ManifestEditor ed;
    ed.setText(QString::fromUtf8(kBad), QStringLiteral("bad.yaml"));
    ed.validateNow();
    EXPECT_EQ(QCoreApplication::translate("studio::views::ManifestEditor", "%n error(s)",
                                          nullptr, 1),
              QStringLiteral("1 error"));
    EXPECT_EQ(QCoreApplication::translate("studio::views::ManifestEditor", "%n error(s)",
                                          nullptr, 3),
              QStringLiteral("3 errors"));
}

TEST(ServiceListModel, FollowsTheSandboxLive)
{
    studio::SandboxBackend sandbox;
    auto loaded = sandbox.loadScenarioFile(STUDIO_SOURCE_DIR
                                           "/resources/scenarios/image-processing-backend.yaml");
    ASSERT_TRUE(loaded.ok());
    ServiceListModel model;
    model.setBackend(&sandbox);
    int row = -1;
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.serviceAt(r)->metadata.name == "my-service")
            row = r;
    ASSERT_GE(row, 0);
    const auto endpoints = [&] {
        return model.data(model.index(row, ServiceListModel::EndpointsColumn), Qt::DisplayRole)
            .toString();
    };
    EXPECT_EQ(endpoints(), QStringLiteral("3/3"));
    EXPECT_EQ(model.data(model.index(row, ServiceListModel::PortsColumn), Qt::DisplayRole)
                  .toString(),
              QStringLiteral("80/TCP"));

    // A pod turns unready: the watch updates the row.
    auto pods = sandbox.listNow(studio::ResourceKind::Pod, "default");
    ASSERT_TRUE(pods.ok());
    studio::Pod p = std::get<studio::Pod>(pods->items.at(0));
    for (auto &c : p.conditions)
        if (c.type == "Ready")
            c.status = "False";
    ASSERT_TRUE(sandbox.replaceNow(p).ok());
    EXPECT_EQ(endpoints(), QStringLiteral("2/3"));

    // A new service appears, a deleted one goes.
    studio::Service s;
    s.metadata.name = "extra";
    s.metadata.namespace_ = "default";
    s.spec.ports.push_back({});
    s.spec.ports[0].port = 8080;
    const int before = model.rowCount();
    ASSERT_TRUE(sandbox.createNow(s).ok());
    EXPECT_EQ(model.rowCount(), before + 1);
    ASSERT_TRUE(sandbox.removeNow(studio::ResourceKind::Service, "default", "extra").ok());
    EXPECT_EQ(model.rowCount(), before);
}
