// SPDX-License-Identifier: GPL-3.0-or-later
// Training mode through the GUI: for every shipped lesson, open it from the Training menu of
// the main window, step through it (each step shows its diagram), make the edits a student
// makes (in the editor's YAML, or in the form), answer the questions, press Check, and see
// every task pass. Wrong answers fail and show the hint; presenter mode enlarges, steps by
// keyboard and shows both languages; the language switch follows the app's.
#include "cluster/sandbox_backend.h"
#include "code_editor.h"
#include "discovery_panel.h"
#include "language_manager.h"
#include "main_window.h"
#include "rules_view.h"
#include "service_editor.h"
#include "service_form.h"
#include "table_editor.h"
#include "topology_view.h"
#include "traffic_path_view.h"
#include "training/training_docks.h"
#include "training/training_panel.h"

#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QTreeWidget>

#include <gtest/gtest.h>

#include <functional>
#include <memory>

using namespace studio;
using namespace studio::views;

namespace {

const QString kLessonsDir = QStringLiteral(STUDIO_SOURCE_DIR "/resources/lessons");

// The window as the app builds it, on a sandbox cluster, with the lessons of the source tree.
struct Fixture
{
    LanguageManager languages;
    SandboxBackend cluster;
    std::unique_ptr<MainWindow> window;
    TrainingDocks *training = nullptr;
    TrainingPanel *panel = nullptr;

    explicit Fixture(const QString &language = QStringLiteral("en"))
    {
        QSettings().clear();
        EXPECT_TRUE(languages.setLanguage(language));
        TrainingDocks::setLessonDirectory(kLessonsDir);
        window = std::make_unique<MainWindow>(&languages);
        window->setClusterBackend(&cluster);
        window->resize(1400, 900);
        window->show();
        training = window->training();
        panel = training ? training->panel() : nullptr;
    }

    // Opens the Training menu's "Lessons" as a user does.
    void openTraining()
    {
        QMenu *menu = nullptr;
        for (QAction *a : window->menuBar()->actions())
            if (a->menu() == training->menu())
                menu = a->menu();
        ASSERT_NE(menu, nullptr) << "no Training menu in the menu bar";
        training->showAction()->trigger();
        ASSERT_TRUE(training->dock()->isVisible());
        ASSERT_EQ(panel->lessonCount(), 13) << panel->lessonDirectory().toStdString();
    }
};

// Replaces `from` with `to` in the editor's text the way a user does: select it, type over.
void typeOver(ServiceEditor *ed, const QString &from, const QString &to)
{
    CodeEditor *code = ed->editor();
    const int at = code->toPlainText().indexOf(from);
    ASSERT_GE(at, 0) << "not in the exercise: " << from.toStdString() << "\n"
                     << ed->text().toStdString();
    QTextCursor c = code->textCursor();
    c.setPosition(at);
    c.setPosition(at + int(from.size()), QTextCursor::KeepAnchor);
    code->setTextCursor(c);
    code->textCursor().insertText(to);
    ed->syncFormNow();
}

void appendText(ServiceEditor *ed, const QString &text)
{
    CodeEditor *code = ed->editor();
    QTextCursor c = code->textCursor();
    c.movePosition(QTextCursor::End);
    code->setTextCursor(c);
    code->textCursor().insertText(text);
    ed->syncFormNow();
}

struct Solution
{
    const char *lesson;
    std::vector<std::pair<int, int>> choices; // task, option (0-based)
    std::function<void(ServiceEditor *)> edit;
};

// Test names and failure messages name the lesson, not the bytes of the struct.
void PrintTo(const Solution &s, std::ostream *os)
{
    *os << s.lesson;
}

const std::vector<Solution> &solutions()
{
    static const std::vector<Solution> all = {
        {"01-why-services", {{0, 1}}, {}},
        {"02-defining-a-service",
         {},
         [](ServiceEditor *ed) {
             // Through the form: the selector's value and the port's numbers.
             ed->syncFormNow();
             ServiceForm *form = ed->serviceForm();
             ASSERT_TRUE(ed->formEnabled()) << ed->formMessage().toStdString();
             ASSERT_EQ(form->selectorTable()->rowCount(), 1);
             form->selectorTable()->setCell(0, 1, QStringLiteral("MyApp"));
             form->portsTable()->setCell(0, ServiceForm::PortPort, QStringLiteral("80"));
             form->portsTable()->setCell(0, ServiceForm::PortTarget, QStringLiteral("9376"));
             EXPECT_TRUE(ed->text().contains(QLatin1String("app: MyApp")))
                 << ed->text().toStdString();
             EXPECT_TRUE(ed->text().contains(QLatin1String("targetPort: 9376")));
         }},
        {"03-services-without-selectors",
         {{0, 1}},
         [](ServiceEditor *ed) {
             appendText(ed,
                        QStringLiteral("---\napiVersion: v1\nkind: Endpoints\nmetadata:\n"
                                       "  name: my-service\nsubsets:\n- addresses:\n"
                                       "  - ip: 1.2.3.4\n  ports:\n  - port: 9376\n"));
         }},
        {"04-externalname",
         {{1, 1}},
         [](ServiceEditor *ed) {
             typeOver(
                 ed,
                 QStringLiteral("  ports:\n  - port: 5432\n"),
                 QStringLiteral("  type: ExternalName\n  externalName: my.database.example.com\n"));
         }},
        {"05-proxy-modes", {{0, 1}}, {}},
        {"06-session-affinity",
         {{1, 1}},
         [](ServiceEditor *ed) {
             // Through the form: the affinity box and its timeout.
             ed->syncFormNow();
             ServiceForm *form = ed->serviceForm();
             ASSERT_TRUE(ed->formEnabled());
             form->affinityBox()->setCurrentIndex(
                 form->affinityBox()->findData(QStringLiteral("ClientIP")));
             auto *timeout = qobject_cast<QSpinBox *>(form->fieldWidget(
                 QStringLiteral("spec.sessionAffinityConfig.clientIP.timeoutSeconds")));
             ASSERT_NE(timeout, nullptr);
             timeout->setValue(600);
             EXPECT_TRUE(ed->text().contains(QLatin1String("timeoutSeconds: 600")))
                 << ed->text().toStdString();
         }},
        {"07-multi-port-services",
         {},
         [](ServiceEditor *ed) {
             typeOver(ed,
                      QStringLiteral("    targetPort: 9376\n"),
                      QStringLiteral("    targetPort: 9376\n    name: http\n  - name: https\n"
                                     "    protocol: TCP\n    port: 443\n    targetPort: 9377\n"));
         }},
        {"08-choosing-cluster-ip",
         {{0, 0}},
         [](ServiceEditor *ed) {
             typeOver(ed, QStringLiteral("10.0.0.99"), QStringLiteral("10.96.100.100"));
         }},
        {"09-env-and-dns", {{0, 1}, {1, 1}}, {}},
        {"10-headless-services",
         {{1, 1}},
         [](ServiceEditor *ed) {
             typeOver(ed, QStringLiteral("spec:\n"), QStringLiteral("spec:\n  clusterIP: None\n"));
         }},
        {"11-nodeport-loadbalancer-external-ips",
         {{2, 0}},
         [](ServiceEditor *ed) {
             typeOver(ed,
                      QStringLiteral("spec:\n"),
                      QStringLiteral("spec:\n  type: NodePort\n  externalIPs:\n  - 80.11.12.10\n"));
             typeOver(ed,
                      QStringLiteral("    targetPort: 9376\n"),
                      QStringLiteral("    targetPort: 9376\n    nodePort: 30080\n"));
         }},
        {"12-source-ips",
         {{1, 1}},
         [](ServiceEditor *ed) {
             typeOver(ed,
                      QStringLiteral("  type: NodePort\n"),
                      QStringLiteral("  type: NodePort\n  externalTrafficPolicy: Local\n"));
         }},
        {"13-virtual-ip-allocation",
         {{0, 0}},
         [](ServiceEditor *ed) {
             typeOver(ed, QStringLiteral("  clusterIP: 10.96.0.1\n"), QString());
         }},
    };
    return all;
}

QWidget *expectedDiagram(TrainingPanel *panel, training::Diagram d)
{
    switch (d) {
    case training::Diagram::Topology:
        return panel->topology();
    case training::Diagram::TrafficPath:
        return panel->trafficPath();
    case training::Diagram::Discovery:
        return panel->discovery();
    case training::Diagram::Rules:
        return panel->rules();
    case training::Diagram::None:
        break;
    }
    return nullptr;
}

std::string failures(TrainingPanel *panel, int tasks)
{
    std::string out;
    for (int t = 0; t < tasks; ++t)
        if (!panel->taskPassed(t))
            out += "task " + std::to_string(t + 1) + ": " + panel->taskHintText(t).toStdString()
                   + "\n";
    return out;
}

} // namespace

class TrainingLesson : public ::testing::TestWithParam<Solution>
{
};

TEST_P(TrainingLesson, StudentCompletesEveryTaskThroughTheGui)
{
    const Solution &s = GetParam();
    Fixture f;
    ASSERT_NE(f.panel, nullptr);
    f.openTraining();
    if (HasFatalFailure())
        return;
    TrainingPanel *panel = f.panel;
    // Pick the lesson in the list, as a user does (the list is in file-name order, as the
    // solutions are).
    int row = 0;
    while (row < int(solutions().size())
           && std::string(solutions()[size_t(row)].lesson) != s.lesson)
        ++row;
    ASSERT_LT(row, panel->lessonList()->count());
    if (row == 0) // the first lesson is open already; come back to it
        panel->lessonList()->setCurrentRow(1);
    panel->lessonList()->setCurrentRow(row);
    ASSERT_EQ(panel->currentLesson(), row);
    ASSERT_EQ(panel->lesson()->id, s.lesson);
    const training::Lesson &lesson = *panel->lesson();
    ServiceEditor *ed = panel->editor();
    ASSERT_NE(ed, nullptr);
    EXPECT_EQ(f.window->currentDocument(), ed);
    EXPECT_EQ(ed->text().toStdString(), lesson.start);

    // Step through; each step shows its text and the app's diagram.
    const int steps = panel->stepCount();
    ASSERT_EQ(steps, int(lesson.steps.size()));
    for (int i = 0; i < steps; ++i) {
        SCOPED_TRACE(i);
        EXPECT_EQ(panel->currentStep(), i);
        EXPECT_FALSE(panel->stepText()->toPlainText().isEmpty());
        QString plain = QString::fromStdString(lesson.steps[size_t(i)].text.en);
        plain.remove(QLatin1Char('`')).remove(QLatin1Char('*'));
        EXPECT_TRUE(panel->stepText()->toPlainText().contains(plain.left(20)))
            << panel->stepText()->toPlainText().toStdString();
        const training::Step &step = lesson.steps[size_t(i)];
        if (QWidget *d = expectedDiagram(panel, step.diagram)) {
            EXPECT_EQ(panel->currentDiagram(), d);
        }
        if (step.diagram == training::Diagram::TrafficPath) {
            EXPECT_TRUE(panel->trafficPath()->result().has_value())
                << panel->trafficPath()->errorText().toStdString();
        }
        EXPECT_EQ(panel->previousButton()->isEnabled(), i > 0);
        EXPECT_EQ(panel->nextButton()->isEnabled(), i + 1 < steps);
        if (i + 1 < steps)
            QTest::mouseClick(panel->nextButton(), Qt::LeftButton);
    }
    EXPECT_EQ(panel->currentStep(), steps - 1);

    // Before the student's work the lesson is not done: Check fails somewhere, with hints.
    QTest::mouseClick(panel->checkButton(), Qt::LeftButton);
    const int taskCount = int(lesson.tasks.size());
    EXPECT_LT(panel->passedCount(), taskCount);
    int failedEditTasks = 0;
    for (int t = 0; t < taskCount; ++t) {
        EXPECT_EQ(panel->isHintVisible(t), !panel->taskPassed(t));
        if (!lesson.tasks[size_t(t)].isChoice() && !panel->taskPassed(t))
            ++failedEditTasks;
    }
    if (s.edit) {
        EXPECT_GE(failedEditTasks, 1) << "the exercise passes without an edit";
    }

    // The student's work.
    if (s.edit)
        s.edit(ed);
    if (HasFatalFailure())
        return;
    for (const auto &[task, option] : s.choices) {
        QAbstractButton *b = panel->optionButton(task, option);
        ASSERT_NE(b, nullptr) << "task " << task << " option " << option;
        QTest::mouseClick(b, Qt::LeftButton, {}, QPoint(4, b->height() / 2));
        EXPECT_TRUE(b->isChecked());
    }
    QTest::mouseClick(panel->checkButton(), Qt::LeftButton);
    const int tasks = int(lesson.tasks.size());
    EXPECT_EQ(panel->passedCount(), tasks) << failures(panel, tasks) << ed->text().toStdString();
    for (int t = 0; t < tasks; ++t) {
        EXPECT_TRUE(panel->taskPassed(t));
        EXPECT_FALSE(panel->isHintVisible(t));
        EXPECT_TRUE(panel->taskStatusText(t).contains(QLatin1String("Passed")));
    }
    // The lesson's sandbox holds the student's objects; the window's cluster is untouched.
    EXPECT_TRUE(panel->lastAttempt().refused.empty());
    EXPECT_EQ(f.cluster.snapshot().serviceMap().size(), 1u); // just `kubernetes`
}

INSTANTIATE_TEST_SUITE_P(Lessons,
                         TrainingLesson,
                         ::testing::ValuesIn(solutions()),
                         [](const ::testing::TestParamInfo<Solution> &param) {
                             std::string name = param.param.lesson;
                             for (char &c : name)
                                 if (c == '-')
                                     c = '_';
                             return name;
                         });

TEST(Training, EveryShippedLessonHasASolutionHere)
{
    Fixture f;
    f.openTraining();
    ASSERT_EQ(size_t(f.panel->lessonCount()), solutions().size());
}

TEST(Training, WrongAnswersFailAndShowTheHint)
{
    Fixture f;
    f.openTraining();
    TrainingPanel *panel = f.panel;
    ASSERT_TRUE(panel->openLesson(QStringLiteral("06-session-affinity")));
    ServiceEditor *ed = panel->editor();
    ASSERT_NE(ed, nullptr);
    // ClientIP, but no timeout (so the default 3 hours), and the wrong option.
    typeOver(ed, QStringLiteral("spec:\n"), QStringLiteral("spec:\n  sessionAffinity: ClientIP\n"));
    panel->choose(1, 0);
    QTest::mouseClick(panel->checkButton(), Qt::LeftButton);
    EXPECT_EQ(panel->passedCount(), 0);
    EXPECT_TRUE(panel->isHintVisible(0));
    EXPECT_TRUE(panel->taskStatusText(0).contains(QLatin1String("Not yet")));
    const QString hint = panel->taskHintText(0);
    EXPECT_TRUE(hint.contains(QLatin1String("Hint:"))) << hint.toStdString();
    EXPECT_TRUE(hint.contains(QLatin1String("timeoutSeconds to 600"))) << hint.toStdString();
    // What differs, with the field and both values.
    EXPECT_TRUE(hint.contains(
        QLatin1String("spec.sessionAffinityConfig.clientIP.timeoutSeconds is \"10800\"")))
        << hint.toStdString();
    EXPECT_TRUE(panel->isHintVisible(1));
    EXPECT_TRUE(panel->taskHintText(1).contains(QLatin1String("That is not the right answer")));

    // A manifest the cluster refuses (a port name with an underscore) says so.
    ASSERT_TRUE(panel->openLesson(QStringLiteral("07-multi-port-services")));
    ed = panel->editor();
    typeOver(ed,
             QStringLiteral("    targetPort: 9376\n"),
             QStringLiteral("    targetPort: 9376\n    name: http\n  - name: my_https\n"
                            "    port: 443\n    targetPort: 9377\n"));
    panel->check();
    EXPECT_FALSE(panel->taskPassed(0));
    EXPECT_TRUE(panel->taskHintText(0).contains(QLatin1String("The cluster refused the Service")))
        << panel->taskHintText(0).toStdString();

    // Check with the exercise's tab closed brings it back, as the lesson starts it.
    QTabWidget *tabs = f.window->documents();
    tabs->removeTab(tabs->indexOf(ed));
    delete ed;
    ASSERT_EQ(panel->editor(), nullptr);
    panel->check();
    ASSERT_NE(panel->editor(), nullptr);
    EXPECT_EQ(panel->editor()->text().toStdString(), panel->lesson()->start);
    EXPECT_EQ(tabs->currentWidget(), panel->editor());

    // The exercise can be reopened as it started after a wrong turn.
    ServiceEditor *fresh = panel->openExercise();
    ASSERT_NE(fresh, nullptr);
    EXPECT_EQ(fresh->text().toStdString(), panel->lesson()->start);
}

TEST(Training, PresenterModeEnlargesStepsByKeyboardAndShowsBothLanguages)
{
    Fixture f;
    f.openTraining();
    TrainingPanel *panel = f.panel;
    ASSERT_TRUE(panel->openLesson(QStringLiteral("05-proxy-modes")));
    const qreal normal = panel->stepText()->font().pointSizeF();
    EXPECT_TRUE(panel->otherLanguageText()->isHidden());

    f.training->presenterAction()->trigger();
    ASSERT_TRUE(panel->isPresenterMode());
    EXPECT_TRUE(f.training->dock()->isFloating());
    EXPECT_GT(panel->stepText()->font().pointSizeF(), normal * 1.5);
    // ja | en side by side.
    EXPECT_FALSE(panel->otherLanguageText()->isHidden());
    EXPECT_TRUE(panel->stepText()->toPlainText().contains(QStringLiteral("userspace モード")))
        << panel->stepText()->toPlainText().toStdString();
    EXPECT_TRUE(
        panel->otherLanguageText()->toPlainText().contains(QLatin1String("userspace mode")));

    // A clicker's PageDown / PageUp, and the arrows, step.
    QTest::keyClick(panel->stepText(), Qt::Key_PageDown);
    EXPECT_EQ(panel->currentStep(), 1);
    EXPECT_EQ(panel->rules()->tabs()->currentWidget(), panel->rules()->tree()); // iptables
    QTest::keyClick(panel->stepText(), Qt::Key_Right);
    EXPECT_EQ(panel->currentStep(), 2);
    // The IPVS step shows the node's virtual servers, my-service's among them.
    EXPECT_EQ(panel->currentDiagram(), panel->rules());
    EXPECT_EQ(panel->rules()->tabs()->currentWidget(), panel->rules()->ipvsTable());
    EXPECT_GE(panel->rules()->ipvsTable()->topLevelItemCount(), 2);
    QTest::keyClick(panel->stepText(), Qt::Key_Right); // the last step: stays
    EXPECT_EQ(panel->currentStep(), 2);
    QTest::keyClick(panel->stepText(), Qt::Key_PageUp);
    EXPECT_EQ(panel->currentStep(), 1);
    EXPECT_EQ(panel->currentDiagram(), panel->rules());
    // Zoom.
    const qreal large = panel->stepText()->font().pointSizeF();
    QTest::keyClick(panel, Qt::Key_Equal, Qt::ControlModifier);
    EXPECT_GT(panel->stepText()->font().pointSizeF(), large);
    QTest::keyClick(panel, Qt::Key_Minus, Qt::ControlModifier);
    QTest::keyClick(panel, Qt::Key_Minus, Qt::ControlModifier);
    EXPECT_LT(panel->stepText()->font().pointSizeF(), large);
    // Esc leaves presenter mode.
    QTest::keyClick(panel->stepText(), Qt::Key_Escape);
    EXPECT_FALSE(panel->isPresenterMode());
    EXPECT_FALSE(f.training->presenterAction()->isChecked());
    EXPECT_FALSE(f.training->dock()->isFloating());
    EXPECT_DOUBLE_EQ(panel->stepText()->font().pointSizeF(), normal);
    EXPECT_TRUE(panel->otherLanguageText()->isHidden());
}

TEST(Training, LessonTextFollowsTheLanguageSwitch)
{
    Fixture f;
    f.openTraining();
    TrainingPanel *panel = f.panel;
    ASSERT_TRUE(panel->openLesson(QStringLiteral("02-defining-a-service")));
    EXPECT_TRUE(panel->stepText()->toPlainText().contains(QLatin1String("three Pods")));
    ASSERT_TRUE(f.languages.setLanguage(QStringLiteral("ja")));
    EXPECT_TRUE(panel->stepText()->toPlainText().contains(QStringLiteral("Pod が 3 つ")))
        << panel->stepText()->toPlainText().toStdString();
    EXPECT_EQ(panel->lessonList()->item(1)->text(), QStringLiteral("サービスを定義する"));
    EXPECT_EQ(f.training->menu()->title(),
              QStringLiteral("&Training")); // until the lead merges the .ts
}

TEST(Training, MalformedLessonIsListedAndTheOthersLoad)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    for (const char *name : {"01-why-services.yaml", "06-session-affinity.yaml"})
        ASSERT_TRUE(QFile::copy(kLessonsDir + QLatin1Char('/') + QLatin1String(name),
                                dir.filePath(QLatin1String(name))));
    QFile bad(dir.filePath(QStringLiteral("03-bad.yaml")));
    ASSERT_TRUE(bad.open(QIODevice::WriteOnly));
    bad.write("title: {ja: a, en: b}\nsteps:\n- text: {ja: a}\n");
    bad.close();
    TrainingPanel panel;
    panel.loadLessons(dir.path());
    EXPECT_EQ(panel.lessonCount(), 2);
    ASSERT_EQ(panel.loadErrors().size(), 1u);
    auto *problems = panel.findChild<QLabel *>(QStringLiteral("lessonProblems"));
    ASSERT_NE(problems, nullptr);
    EXPECT_FALSE(problems->isHidden());
    EXPECT_TRUE(problems->text().contains(QLatin1String("03-bad.yaml:3:")))
        << problems->text().toStdString();
    // Lessons still work without an editor to open (the scenario came from the source tree):
    // the exercise as it starts is checked; the question is not answered yet.
    EXPECT_TRUE(panel.openLesson(0));
    panel.check();
    EXPECT_FALSE(panel.taskPassed(0));
    EXPECT_TRUE(panel.taskHintText(0).contains(QLatin1String("Choose an answer")));
    EXPECT_TRUE(panel.taskPassed(1)) << panel.taskHintText(1).toStdString();
}

TEST(Training, ATrainersEditShowsAfterReloadWithoutRebuilding)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString lesson = dir.filePath(QStringLiteral("01-why-services.yaml"));
    ASSERT_TRUE(QFile::copy(kLessonsDir + QStringLiteral("/01-why-services.yaml"), lesson));
    Fixture f;
    TrainingDocks::setLessonDirectory(dir.path());
    f.training->showAction()->trigger();
    ASSERT_EQ(f.panel->lessonCount(), 1);
    EXPECT_EQ(f.panel->lessonList()->item(0)->text(), QStringLiteral("Why Services"));

    // The trainer retitles the lesson and adds a step, in the file.
    QFile file(lesson);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QString text = QString::fromUtf8(file.readAll());
    file.close();
    text.replace(QStringLiteral("en: Why Services"), QStringLiteral("en: Why Services (workshop)"));
    text.replace(QStringLiteral("tasks:\n"),
                 QStringLiteral("- text: {ja: まとめ, en: Summary}\ntasks:\n"));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text.toUtf8());
    file.close();

    QAction *reload = nullptr;
    for (QAction *a : f.training->menu()->actions())
        if (a->text() == QStringLiteral("&Reload Lesson Files"))
            reload = a;
    ASSERT_NE(reload, nullptr);
    reload->trigger();
    ASSERT_EQ(f.panel->lessonCount(), 1);
    EXPECT_EQ(f.panel->lessonList()->item(0)->text(), QStringLiteral("Why Services (workshop)"));
    EXPECT_EQ(f.panel->stepCount(), 3);
    TrainingDocks::setLessonDirectory(kLessonsDir);
}
