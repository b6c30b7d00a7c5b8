// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The training panel: the lessons of a directory (core/training), one at a time. A lesson
// loads its scenario into a sandbox of its own (the user's cluster is left alone), shows its
// steps as text with the app's own diagrams (topology, traffic path, discovery, rules) fed
// from that sandbox, opens its exercise in the app's editor, and checks the tasks: the
// edited manifest is applied to the lesson's sandbox and each task's conditions evaluated;
// a failed check shows the lesson's hint and what differs.
// Presenter mode: large fonts, zoom, step navigation by keyboard (PageDown/PageUp, arrows,
// Space), and the step text in Japanese and English side by side.

// moc cannot parse the C++20 library headers these reach (<compare>, <concepts>).
#ifndef Q_MOC_RUN
#include "training/lesson.h"
#include "training/lesson_check.h"
#endif

#include <QPointer>
#include <QWidget>

#include <functional>
#include <memory>

class QAbstractButton;
class QButtonGroup;
class QGroupBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTextBrowser;
class QToolButton;
class QVBoxLayout;

namespace studio {
class SandboxBackend;
}

namespace studio::views {

class DiscoveryPanel;
class RulesView;
class ServiceEditor;
class SnapshotWatcher;
class TopologyView;
class TrafficPathView;

class TrainingPanel : public QWidget
{
    Q_OBJECT
public:
    // Opens a manifest in the app's editor and returns that editor (a new tab).
    using EditorOpener = std::function<ServiceEditor *(const QString &text, const QString &title)>;

    explicit TrainingPanel(QWidget *parent = nullptr);
    ~TrainingPanel() override;

    void setEditorOpener(EditorOpener opener) { m_openEditor = std::move(opener); }

    // Reads the lessons of `directory` (empty: findLessonDirectory()). Malformed files are
    // listed in loadErrors() and shown; the others load.
    void loadLessons(const QString &directory = {});
    int lessonCount() const { return int(m_set.lessons.size()); }
    const training::Lesson *lesson() const;
    const std::vector<Error> &loadErrors() const { return m_set.errors; }
    QString lessonDirectory() const { return QString::fromStdString(m_set.directory); }

    // Opens lesson `index`: loads its scenario, shows step 1, opens its exercise.
    bool openLesson(int index);
    bool openLesson(const QString &id);
    int currentLesson() const { return m_lesson; }
    int currentStep() const { return m_step; }
    int stepCount() const;
    void nextStep();
    void previousStep();
    void setStep(int index);

    // "ja" or "en": the language lesson texts are shown in (the app's).
    void setLanguage(const QString &code);
    QString language() const { return m_language; }
    // Both languages side by side (ja | en).
    void setBilingual(bool on);
    bool isBilingual() const { return m_bilingual; }
    void setPresenterMode(bool on);
    bool isPresenterMode() const { return m_presenter; }
    void zoomIn();
    void zoomOut();
    qreal zoom() const { return m_zoom; }

    // The editor holding the exercise (null when its tab was closed).
    ServiceEditor *editor() const { return m_editor; }
    // Opens the exercise in the editor (again), as the lesson starts it.
    ServiceEditor *openExercise();
    // Picks option `option` (0-based) of multiple-choice task `task`.
    void choose(int task, int option);
    // Applies the editor's manifest to the lesson's sandbox and checks every task.
    void check();
    bool taskPassed(int task) const;
    int passedCount() const;
    QString taskStatusText(int task) const;
    QString taskHintText(int task) const;
    bool isHintVisible(int task) const;

    // Parts, for tests and the screenshot tool.
    QListWidget *lessonList() const { return m_list; }
    QTextBrowser *stepText() const { return m_text; }
    QTextBrowser *otherLanguageText() const { return m_otherText; }
    QPushButton *checkButton() const { return m_check; }
    QPushButton *nextButton() const { return m_next; }
    QPushButton *previousButton() const { return m_prev; }
    QAbstractButton *optionButton(int task, int option) const;
    QStackedWidget *diagrams() const { return m_diagrams; }
    QWidget *currentDiagram() const;
    TopologyView *topology() const { return m_topology; }
    TrafficPathView *trafficPath() const { return m_traffic; }
    DiscoveryPanel *discovery() const { return m_discovery; }
    RulesView *rules() const { return m_rules; }
    SandboxBackend *sandbox() const { return m_sandbox.get(); }
    const training::Attempt &lastAttempt() const { return m_attempt; }

Q_SIGNALS:
    void lessonOpened(int index);
    void stepChanged(int step);
    void checked(int passed, int total);
    void presenterModeChanged(bool on);

protected:
    void changeEvent(QEvent *e) override;
    void keyPressEvent(QKeyEvent *e) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct TaskWidgets
    {
        QGroupBox *box = nullptr;
        QLabel *text = nullptr;
        QButtonGroup *options = nullptr;
        QLabel *status = nullptr;
        QLabel *hint = nullptr;
        bool checked = false;
        training::CheckResult result;
    };
    void retranslateUi();
    void showLessonTexts();
    void showStep();
    void showDiagram(const training::Step &step);
    void refreshViews();
    void buildTasks();
    void showTaskResults();
    void applyFonts();
    bool handleKey(QKeyEvent *e);
    QString failureText(const training::CheckFailure &f) const;
    QString text(const training::Text &t) const;

    EditorOpener m_openEditor;
    training::LessonSet m_set;
    int m_lesson = -1;
    int m_step = 0;
    QString m_language = QStringLiteral("en");
    bool m_bilingual = false;
    bool m_presenter = false;
    qreal m_zoom = 1.0;
    qreal m_basePointSize = 0;
    QPointer<ServiceEditor> m_editor;
    std::unique_ptr<SandboxBackend> m_sandbox;
    training::Attempt m_attempt;

    QSplitter *m_split;
    QList<int> m_savedSizes; // the splitter's before presenter mode
    QListWidget *m_list;
    QLabel *m_problems;
    QLabel *m_title;
    QLabel *m_stepLabel;
    QTextBrowser *m_text;
    QTextBrowser *m_otherText;
    QSplitter *m_textSplit;
    QPushButton *m_prev;
    QPushButton *m_next;
    QToolButton *m_presenterButton;
    QToolButton *m_bilingualButton;
    QToolButton *m_zoomInButton;
    QToolButton *m_zoomOutButton;
    QPushButton *m_exercise;
    QStackedWidget *m_diagrams;
    QLabel *m_noDiagram;
    SnapshotWatcher *m_watcher;
    TopologyView *m_topology;
    TrafficPathView *m_traffic;
    DiscoveryPanel *m_discovery;
    RulesView *m_rules;
    QLabel *m_tasksLabel;
    QWidget *m_tasksBox;
    QVBoxLayout *m_tasksLayout;
    QPushButton *m_check;
    QLabel *m_score;
    std::vector<TaskWidgets> m_tasks;
};

} // namespace studio::views
