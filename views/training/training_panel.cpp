// SPDX-License-Identifier: GPL-3.0-or-later
#include "training/training_panel.h"

#include "cluster/sandbox_backend.h"
#include "discovery_panel.h"
#include "rules_view.h"
#include "service_editor.h"
#include "snapshot_watcher.h"
#include "topology_view.h"
#include "traffic_path_view.h"

#include <QAbstractButton>
#include <QButtonGroup>
#include <QEvent>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace studio::views {

namespace {

ObjectKey parseKey(const std::string &s)
{
    const auto slash = s.find('/');
    if (slash == std::string::npos)
        return {"default", s};
    return {s.substr(0, slash), s.substr(slash + 1)};
}

// Lesson text is Markdown-light: paragraphs separated by blank lines, `code`, **bold**.
QString toHtml(const std::string &text)
{
    QString html;
    const QStringList paragraphs
        = QString::fromStdString(text).trimmed().split(QStringLiteral("\n\n"), Qt::SkipEmptyParts);
    for (const QString &p : paragraphs) {
        QString escaped = p.toHtmlEscaped();
        // `code` -> <code>code</code>
        QString out;
        bool inCode = false;
        for (const QChar c : escaped) {
            if (c == QLatin1Char('`')) {
                out += inCode ? QStringLiteral("</code>") : QStringLiteral("<code>");
                inCode = !inCode;
            } else if (c == QLatin1Char('\n')) {
                out += QStringLiteral("<br>");
            } else {
                out += c;
            }
        }
        if (inCode)
            out += QStringLiteral("</code>");
        static const QRegularExpression bold(QStringLiteral("\\*\\*([^*]+)\\*\\*"));
        out.replace(bold, QStringLiteral("<b>\\1</b>"));
        html += QStringLiteral("<p>") + out + QStringLiteral("</p>");
    }
    return html;
}

} // namespace

TrainingPanel::TrainingPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("trainingPanel"));
    SandboxOptions options;
    options.seed = 1; // the same allocations on every run: lessons can name them
    m_sandbox = std::make_unique<SandboxBackend>(options);
    m_watcher = new SnapshotWatcher(this);
    m_watcher->setBackend(m_sandbox.get());

    m_split = new QSplitter(Qt::Vertical, this);
    // Lessons and their problems.
    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("lessonList"));
    m_list->setMaximumHeight(160);
    m_problems = new QLabel;
    m_problems->setObjectName(QStringLiteral("lessonProblems"));
    m_problems->setWordWrap(true);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->setStyleSheet(QStringLiteral("color: #b00020"));
    m_problems->hide();
    topLayout->addWidget(m_list);
    topLayout->addWidget(m_problems);

    // The step: title, navigation, text in one or both languages.
    m_title = new QLabel;
    m_title->setObjectName(QStringLiteral("lessonTitle"));
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    topLayout->addWidget(m_title);
    auto *nav = new QHBoxLayout;
    m_prev = new QPushButton;
    m_next = new QPushButton;
    m_stepLabel = new QLabel;
    m_presenterButton = new QToolButton;
    m_presenterButton->setCheckable(true);
    m_bilingualButton = new QToolButton;
    m_bilingualButton->setCheckable(true);
    m_zoomOutButton = new QToolButton;
    m_zoomInButton = new QToolButton;
    m_exercise = new QPushButton;
    nav->addWidget(m_prev);
    nav->addWidget(m_stepLabel);
    nav->addWidget(m_next);
    nav->addStretch(1);
    nav->addWidget(m_exercise);
    nav->addWidget(m_bilingualButton);
    nav->addWidget(m_zoomOutButton);
    nav->addWidget(m_zoomInButton);
    nav->addWidget(m_presenterButton);
    topLayout->addLayout(nav);
    m_textSplit = new QSplitter(Qt::Horizontal);
    m_text = new QTextBrowser;
    m_text->setObjectName(QStringLiteral("stepText"));
    m_otherText = new QTextBrowser;
    m_otherText->setObjectName(QStringLiteral("stepTextOtherLanguage"));
    m_otherText->hide();
    m_textSplit->addWidget(m_text);
    m_textSplit->addWidget(m_otherText);
    topLayout->addWidget(m_textSplit, 1);
    m_split->addWidget(top);

    // The app's own diagrams, fed from the lesson's sandbox.
    m_diagrams = new QStackedWidget;
    m_noDiagram = new QLabel;
    m_noDiagram->setAlignment(Qt::AlignCenter);
    m_topology = new TopologyView;
    m_traffic = new TrafficPathView;
    m_discovery = new DiscoveryPanel;
    m_rules = new RulesView;
    m_topology->setWatcher(m_watcher);
    m_traffic->setWatcher(m_watcher);
    m_discovery->setWatcher(m_watcher);
    m_rules->setWatcher(m_watcher);
    m_diagrams->addWidget(m_noDiagram);
    m_diagrams->addWidget(m_topology);
    m_diagrams->addWidget(m_traffic);
    m_diagrams->addWidget(m_discovery);
    m_diagrams->addWidget(m_rules);
    m_split->addWidget(m_diagrams);

    // Tasks and the check.
    auto *bottom = new QWidget;
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    m_tasksLabel = new QLabel;
    QFont bold = m_tasksLabel->font();
    bold.setBold(true);
    m_tasksLabel->setFont(bold);
    bottomLayout->addWidget(m_tasksLabel);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    m_tasksBox = new QWidget;
    m_tasksLayout = new QVBoxLayout(m_tasksBox);
    m_tasksLayout->addStretch(1);
    scroll->setWidget(m_tasksBox);
    bottomLayout->addWidget(scroll, 1);
    auto *checkRow = new QHBoxLayout;
    m_check = new QPushButton;
    m_check->setObjectName(QStringLiteral("checkTasks"));
    m_score = new QLabel;
    checkRow->addWidget(m_check);
    checkRow->addWidget(m_score, 1);
    bottomLayout->addLayout(checkRow);
    m_split->addWidget(bottom);
    m_split->setStretchFactor(0, 2);
    m_split->setStretchFactor(1, 3);
    m_split->setStretchFactor(2, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_split);

    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row != m_lesson)
            openLesson(row);
    });
    connect(m_prev, &QPushButton::clicked, this, &TrainingPanel::previousStep);
    connect(m_next, &QPushButton::clicked, this, &TrainingPanel::nextStep);
    connect(m_check, &QPushButton::clicked, this, &TrainingPanel::check);
    connect(m_exercise, &QPushButton::clicked, this, [this] { openExercise(); });
    connect(m_presenterButton, &QToolButton::toggled, this, &TrainingPanel::setPresenterMode);
    connect(m_bilingualButton, &QToolButton::toggled, this, &TrainingPanel::setBilingual);
    connect(m_zoomInButton, &QToolButton::clicked, this, &TrainingPanel::zoomIn);
    connect(m_zoomOutButton, &QToolButton::clicked, this, &TrainingPanel::zoomOut);
    // The step texts take the navigation keys in presenter mode (a presenter's clicker
    // sends PageDown / PageUp).
    m_text->installEventFilter(this);
    m_otherText->installEventFilter(this);
    m_basePointSize = font().pointSizeF();
    retranslateUi();
}

TrainingPanel::~TrainingPanel()
{
    // The views let go of the watcher before the sandbox goes.
    m_watcher->setBackend(nullptr);
}

void TrainingPanel::loadLessons(const QString &directory)
{
    const std::string dir = training::findLessonDirectory(directory.toStdString());
    m_set = training::loadLessonDirectory(dir, training::scenarioSearchPath(dir));
    m_lesson = -1;
    {
        const QSignalBlocker block(m_list);
        m_list->clear();
        for (const training::Lesson &l : m_set.lessons)
            m_list->addItem(text(l.title));
    }
    QStringList problems;
    for (const Error &e : m_set.errors) {
        if (e.code == "no-lessons")
            //: %1 is a directory
            problems << tr("No lessons found in %1.").arg(QString::fromStdString(e.file));
        else
            //: %1 is file:line:column, %2 the problem (English, from the lesson reader)
            problems << tr("Lesson not loaded: %1: %2")
                            .arg(QString::fromStdString(e.location().empty() ? e.file
                                                                             : e.location()),
                                 QString::fromStdString(e.message));
    }
    m_problems->setText(problems.join(QLatin1Char('\n')));
    m_problems->setVisible(!problems.isEmpty());
    if (!m_set.lessons.empty())
        openLesson(0);
    else
        showLessonTexts();
}

const training::Lesson *TrainingPanel::lesson() const
{
    return m_lesson >= 0 && m_lesson < lessonCount() ? &m_set.lessons[size_t(m_lesson)] : nullptr;
}

bool TrainingPanel::openLesson(const QString &id)
{
    for (int i = 0; i < lessonCount(); ++i)
        if (QString::fromStdString(m_set.lessons[size_t(i)].id) == id)
            return openLesson(i);
    return false;
}

bool TrainingPanel::openLesson(int index)
{
    if (index < 0 || index >= lessonCount())
        return false;
    m_lesson = index;
    m_step = 0;
    {
        const QSignalBlocker block(m_list);
        m_list->setCurrentRow(index);
    }
    const training::Lesson &l = *lesson();
    auto loaded = training::loadLessonScenario(*m_sandbox, l);
    m_attempt = {};
    refreshViews();
    QStringList problems;
    if (!loaded)
        problems << tr("The lesson's scenario does not load: %1")
                        .arg(QString::fromStdString(loaded.error().toString()));
    else
        for (const ScenarioReport::Problem &p : loaded->problems)
            //: %1 file, %2 line, %3 the apiserver's message
            problems << tr("Scenario object refused: %1:%2: %3")
                            .arg(QString::fromStdString(p.file))
                            .arg(p.line)
                            .arg(QString::fromStdString(p.message));
    if (!problems.isEmpty()) {
        m_problems->setText(problems.join(QLatin1Char('\n')));
        m_problems->show();
    }
    buildTasks();
    openExercise();
    showLessonTexts();
    Q_EMIT lessonOpened(index);
    return true;
}

ServiceEditor *TrainingPanel::openExercise()
{
    const training::Lesson *l = lesson();
    if (!l || l->start.empty() || !m_openEditor)
        return m_editor;
    //: the editor tab's title for a lesson's exercise; %1 is the lesson id
    m_editor = m_openEditor(QString::fromStdString(l->start),
                            tr("lesson-%1.yaml").arg(QString::fromStdString(l->id)));
    return m_editor;
}

int TrainingPanel::stepCount() const
{
    const training::Lesson *l = lesson();
    return l ? int(l->steps.size()) : 0;
}

void TrainingPanel::nextStep()
{
    setStep(m_step + 1);
}

void TrainingPanel::previousStep()
{
    setStep(m_step - 1);
}

void TrainingPanel::setStep(int index)
{
    if (index < 0 || index >= stepCount() || index == m_step)
        return;
    m_step = index;
    showStep();
    Q_EMIT stepChanged(m_step);
}

QString TrainingPanel::text(const training::Text &t) const
{
    return QString::fromStdString(t.in(m_language.toStdString()));
}

void TrainingPanel::showLessonTexts()
{
    const training::Lesson *l = lesson();
    if (!l) {
        m_title->setText(tr("No lesson"));
        m_text->clear();
        m_otherText->clear();
        return;
    }
    if (m_bilingual)
        m_title->setText(QString::fromStdString(l->title.ja) + QStringLiteral(" / ")
                         + QString::fromStdString(l->title.en));
    else
        m_title->setText(text(l->title));
    for (int i = 0; i < m_list->count() && i < lessonCount(); ++i)
        m_list->item(i)->setText(text(m_set.lessons[size_t(i)].title));
    for (size_t i = 0; i < m_tasks.size() && i < l->tasks.size(); ++i) {
        const training::Task &t = l->tasks[i];
        //: %1 is the task's number
        m_tasks[i].box->setTitle(tr("Task %1").arg(i + 1));
        QString body = text(t.text);
        if (m_bilingual)
            body = QString::fromStdString(t.text.ja) + QStringLiteral("\n")
                   + QString::fromStdString(t.text.en);
        m_tasks[i].text->setText(body);
        if (m_tasks[i].options) {
            const QList<QAbstractButton *> buttons = m_tasks[i].options->buttons();
            for (int o = 0; o < buttons.size() && o < int(t.options.size()); ++o)
                buttons[o]->setText(m_bilingual
                                        ? QString::fromStdString(t.options[size_t(o)].ja)
                                              + QStringLiteral(" / ")
                                              + QString::fromStdString(t.options[size_t(o)].en)
                                        : text(t.options[size_t(o)]));
        }
    }
    showTaskResults();
    showStep();
}

void TrainingPanel::showStep()
{
    const training::Lesson *l = lesson();
    if (!l || l->steps.empty())
        return;
    const training::Step &s = l->steps[size_t(m_step)];
    if (m_bilingual) {
        m_text->setHtml(toHtml(s.text.ja));
        m_otherText->setHtml(toHtml(s.text.en));
    } else {
        m_text->setHtml(toHtml(s.text.in(m_language.toStdString())));
    }
    //: %1 is the step's number, %2 how many steps the lesson has
    m_stepLabel->setText(tr("Step %1 of %2").arg(m_step + 1).arg(stepCount()));
    m_prev->setEnabled(m_step > 0);
    m_next->setEnabled(m_step + 1 < stepCount());
    showDiagram(s);
}

void TrainingPanel::refreshViews()
{
    // A scenario load replaces the whole cluster (its watches end with 410 and would relist
    // later, from the event loop): list again now, so that the diagrams show it at once.
    m_watcher->setBackend(nullptr);
    m_watcher->setBackend(m_sandbox.get());
    m_watcher->flush();
}

void TrainingPanel::showDiagram(const training::Step &s)
{
    const ObjectKey key = parseKey(s.service);
    switch (s.diagram) {
    case training::Diagram::None:
        m_diagrams->setCurrentWidget(m_noDiagram);
        break;
    case training::Diagram::Topology:
        m_topology->setService(key);
        m_diagrams->setCurrentWidget(m_topology);
        break;
    case training::Diagram::TrafficPath: {
        if (!s.service.empty())
            m_traffic->setService(key);
        m_traffic->setClient(QString::fromStdString(s.from));
        m_traffic->setDestination(QString::fromStdString(s.to));
        trace::ProxyMode mode = trace::ProxyMode::Iptables;
        trace::parseProxyMode(s.mode.empty() ? std::string("iptables") : s.mode, mode);
        m_traffic->setMode(mode);
        m_traffic->trace();
        m_diagrams->setCurrentWidget(m_traffic);
        break;
    }
    case training::Diagram::Discovery:
        m_discovery->setService(key);
        m_diagrams->setCurrentWidget(m_discovery);
        break;
    case training::Diagram::Rules:
        m_rules->setService(key);
        m_rules->expandService();
        // The mode's page: the iptables tree (also for nftables, planned alike), the IPVS
        // table or the userspace proxy ports.
        if (s.mode == "ipvs")
            m_rules->tabs()->setCurrentWidget(m_rules->ipvsTable());
        else if (s.mode == "userspace")
            m_rules->tabs()->setCurrentWidget(m_rules->userspaceTable());
        else
            m_rules->tabs()->setCurrentWidget(m_rules->tree());
        m_diagrams->setCurrentWidget(m_rules);
        break;
    }
}

QWidget *TrainingPanel::currentDiagram() const
{
    return m_diagrams->currentWidget();
}

void TrainingPanel::buildTasks()
{
    for (TaskWidgets &t : m_tasks)
        delete t.box;
    m_tasks.clear();
    const training::Lesson *l = lesson();
    if (!l)
        return;
    for (size_t i = 0; i < l->tasks.size(); ++i) {
        const training::Task &task = l->tasks[i];
        TaskWidgets w;
        w.box = new QGroupBox;
        w.box->setObjectName(QStringLiteral("task-%1").arg(QString::fromStdString(task.id)));
        auto *v = new QVBoxLayout(w.box);
        w.text = new QLabel;
        w.text->setWordWrap(true);
        v->addWidget(w.text);
        if (task.isChoice()) {
            w.options = new QButtonGroup(w.box);
            for (size_t o = 0; o < task.options.size(); ++o) {
                auto *b = new QRadioButton;
                v->addWidget(b);
                w.options->addButton(b, int(o));
            }
        }
        w.status = new QLabel;
        w.status->setObjectName(QStringLiteral("taskStatus"));
        w.hint = new QLabel;
        w.hint->setObjectName(QStringLiteral("taskHint"));
        w.hint->setWordWrap(true);
        w.hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
        w.hint->hide();
        v->addWidget(w.status);
        v->addWidget(w.hint);
        m_tasksLayout->insertWidget(m_tasksLayout->count() - 1, w.box);
        m_tasks.push_back(std::move(w));
    }
}

QAbstractButton *TrainingPanel::optionButton(int task, int option) const
{
    if (task < 0 || task >= int(m_tasks.size()) || !m_tasks[size_t(task)].options)
        return nullptr;
    return m_tasks[size_t(task)].options->button(option);
}

void TrainingPanel::choose(int task, int option)
{
    if (task < 0 || task >= int(m_tasks.size()) || !m_tasks[size_t(task)].options)
        return;
    if (QAbstractButton *b = optionButton(task, option))
        b->click();
}

void TrainingPanel::check()
{
    const training::Lesson *l = lesson();
    if (!l)
        return;
    if (!m_editor)
        openExercise(); // its tab was closed: back as the lesson starts it
    const QString manifest = m_editor ? m_editor->text() : QString::fromStdString(l->start);
    const QByteArray utf8 = manifest.toUtf8();
    m_attempt = training::applyAttempt(
        *m_sandbox, *l, std::string_view(utf8.constData(), size_t(utf8.size())));
    for (size_t i = 0; i < m_tasks.size() && i < l->tasks.size(); ++i) {
        TaskWidgets &w = m_tasks[i];
        const int choice = w.options ? w.options->checkedId() : -1;
        w.result = training::checkTask(l->tasks[i], m_attempt, choice);
        w.checked = true;
    }
    refreshViews();
    showTaskResults();
    // The diagrams now show the student's objects.
    if (!l->steps.empty())
        showDiagram(l->steps[size_t(m_step)]);
    Q_EMIT checked(passedCount(), int(m_tasks.size()));
}

bool TrainingPanel::taskPassed(int task) const
{
    return task >= 0 && task < int(m_tasks.size()) && m_tasks[size_t(task)].checked
           && m_tasks[size_t(task)].result.passed;
}

int TrainingPanel::passedCount() const
{
    int n = 0;
    for (int i = 0; i < int(m_tasks.size()); ++i)
        n += taskPassed(i) ? 1 : 0;
    return n;
}

QString TrainingPanel::taskStatusText(int task) const
{
    return task >= 0 && task < int(m_tasks.size()) ? m_tasks[size_t(task)].status->text()
                                                   : QString();
}

QString TrainingPanel::taskHintText(int task) const
{
    return task >= 0 && task < int(m_tasks.size()) ? m_tasks[size_t(task)].hint->text() : QString();
}

bool TrainingPanel::isHintVisible(int task) const
{
    return task >= 0 && task < int(m_tasks.size()) && !m_tasks[size_t(task)].hint->isHidden();
}

QString TrainingPanel::failureText(const training::CheckFailure &f) const
{
    const QString field = QString::fromStdString(f.field);
    const QString expected = QString::fromStdString(f.expected);
    const QString actual = QString::fromStdString(f.actual);
    if (f.code == "manifest-unreadable")
        //: %1 is the YAML reader's message
        return tr("The manifest does not read: %1").arg(actual);
    if (f.code == "no-service")
        return expected.isEmpty() ? tr("The manifest has no Service.")
                                  : tr("The manifest has no Service named %1.").arg(expected);
    if (f.code == "service-refused")
        //: %1 is the apiserver's message
        return tr("The cluster refused the Service: %1").arg(actual);
    if (f.code == "selector-missing")
        //: %1 a label such as app=MyApp, %2 the selector as it is
        return tr("spec.selector does not contain %1 (it is: %2).").arg(expected, actual);
    if (f.code == "selector-present")
        return tr("The Service has a selector (%1); this task needs one without.").arg(actual);
    if (f.code == "port-missing")
        //: %1 the wanted port, e.g. "port 80 targetPort 9376"; %2 the Service's ports
        return tr("No port with %1 (ports: %2).").arg(expected, actual);
    if (f.code == "port-count")
        return tr("The Service has %1 ports; this task needs %2.").arg(actual, expected);
    if (f.code == "field-mismatch")
        //: %1 a field path such as spec.type; %2 its value; %3 the wanted value
        return tr("%1 is \"%2\"; expected \"%3\".").arg(field, actual, expected);
    if (f.code == "endpoints-empty")
        //: %1 is namespace/name of a service
        return tr("The Endpoints of %1 have no ready address.").arg(field);
    if (f.code == "endpoints-not-empty")
        return tr("The Endpoints of %1 still have %2 addresses.").arg(field, actual);
    if (f.code == "endpoints-count")
        return tr("The Endpoints of %1 have %2 addresses; expected %3.")
            .arg(field, actual, expected);
    if (f.code == "trace-error")
        //: %1 "client -> destination", %2 the tracer's message
        return tr("Cannot trace %1: %2").arg(field, actual);
    if (f.code == "unreachable")
        //: %1 "client -> destination", %2 why (English, from the tracer)
        return tr("%1 does not reach a pod: %2").arg(field, actual);
    if (f.code == "reachable")
        return tr("%1 still reaches a pod.").arg(field);
    if (f.code == "wrong-pod")
        //: %1 "client -> destination", %2 the pods reached, %3 the wanted pod
        return tr("%1 reaches %2, not only %3.").arg(field, actual, expected);
    if (f.code == "source-mismatch")
        //: %1 the address the pod sees, %2 the wanted one
        return tr("The pod sees the client as %1; expected %2.").arg(actual, expected);
    if (f.code == "no-answer")
        return tr("Choose an answer.");
    if (f.code == "wrong-answer")
        return tr("That is not the right answer.");
    if (f.code == "scenario")
        return tr("The lesson's scenario does not load: %1").arg(actual);
    return QString::fromStdString(f.message);
}

void TrainingPanel::showTaskResults()
{
    const training::Lesson *l = lesson();
    for (size_t i = 0; i < m_tasks.size(); ++i) {
        TaskWidgets &w = m_tasks[i];
        if (!w.checked) {
            w.status->setText(tr("Not checked yet"));
            w.status->setStyleSheet(QString());
            w.hint->hide();
            continue;
        }
        if (w.result.passed) {
            //: a task's check passed (after a check mark)
            w.status->setText(QStringLiteral("\u2714 ") + tr("Passed"));
            w.status->setStyleSheet(QStringLiteral("color: #1b7f3b; font-weight: bold"));
            w.hint->hide();
            continue;
        }
        //: a task's check failed (after a cross mark)
        w.status->setText(QStringLiteral("\u2718 ") + tr("Not yet"));
        w.status->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold"));
        QStringList lines;
        if (l && i < l->tasks.size()) {
            const training::Text &hint = l->tasks[i].hint;
            //: %1 is the lesson's hint
            lines << tr("Hint: %1")
                         .arg(m_bilingual ? QString::fromStdString(hint.ja) + QStringLiteral(" / ")
                                                + QString::fromStdString(hint.en)
                                          : text(hint));
        }
        for (const training::CheckFailure &f : w.result.failures)
            lines << QStringLiteral("\u2022 ") + failureText(f);
        w.hint->setText(lines.join(QLatin1Char('\n')));
        w.hint->show();
    }
    if (!m_tasks.empty())
        //: %1 tasks passed out of %2
        m_score->setText(tr("%1 of %2 tasks passed").arg(passedCount()).arg(m_tasks.size()));
    else
        m_score->setText(tr("This lesson has no tasks."));
    m_check->setEnabled(!m_tasks.empty());
}

void TrainingPanel::setLanguage(const QString &code)
{
    m_language = code == QStringLiteral("ja") ? code : QStringLiteral("en");
    showLessonTexts();
}

void TrainingPanel::setBilingual(bool on)
{
    m_bilingual = on;
    {
        const QSignalBlocker block(m_bilingualButton);
        m_bilingualButton->setChecked(on);
    }
    m_otherText->setVisible(on);
    showLessonTexts();
}

void TrainingPanel::setPresenterMode(bool on)
{
    if (on == m_presenter)
        return;
    m_presenter = on;
    {
        const QSignalBlocker block(m_presenterButton);
        m_presenterButton->setChecked(on);
    }
    m_zoom = on ? 1.8 : 1.0;
    m_list->setVisible(!on);
    // The audience reads the text and the tasks; the diagram keeps the middle.
    if (on) {
        m_savedSizes = m_split->sizes();
        m_split->setSizes({400, 330, 270});
    } else if (!m_savedSizes.isEmpty()) {
        m_split->setSizes(m_savedSizes);
    }
    setBilingual(on);
    applyFonts();
    if (on)
        m_text->setFocus();
    Q_EMIT presenterModeChanged(on);
}

void TrainingPanel::zoomIn()
{
    m_zoom = std::min(m_zoom * 1.25, 4.0);
    m_topology->graphicsView()->zoomBy(1.25);
    applyFonts();
}

void TrainingPanel::zoomOut()
{
    m_zoom = std::max(m_zoom / 1.25, 0.5);
    m_topology->graphicsView()->zoomBy(0.8);
    applyFonts();
}

void TrainingPanel::applyFonts()
{
    // The panel's font, inherited by every child that does not set its own.
    QFont f = font();
    f.setPointSizeF(m_basePointSize * m_zoom);
    setFont(f);
    QFont title = f;
    title.setBold(true);
    title.setPointSizeF(f.pointSizeF() * 1.3);
    m_title->setFont(title);
}

bool TrainingPanel::handleKey(QKeyEvent *e)
{
    const bool ctrl = e->modifiers() & Qt::ControlModifier;
    switch (e->key()) {
    case Qt::Key_PageDown:
    case Qt::Key_Right:
    case Qt::Key_Space:
        if (ctrl)
            return false;
        nextStep();
        return true;
    case Qt::Key_PageUp:
    case Qt::Key_Left:
    case Qt::Key_Backspace:
        if (ctrl)
            return false;
        previousStep();
        return true;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        if (!ctrl)
            return false;
        zoomIn();
        return true;
    case Qt::Key_Minus:
        if (!ctrl)
            return false;
        zoomOut();
        return true;
    case Qt::Key_Escape:
        if (!m_presenter)
            return false;
        setPresenterMode(false);
        return true;
    default:
        return false;
    }
}

void TrainingPanel::keyPressEvent(QKeyEvent *e)
{
    if (!handleKey(e))
        QWidget::keyPressEvent(e);
}

bool TrainingPanel::eventFilter(QObject *watched, QEvent *event)
{
    // In presenter mode the step text does not scroll with the navigation keys: they step.
    if (m_presenter && event->type() == QEvent::KeyPress
        && (watched == m_text || watched == m_otherText))
        return handleKey(static_cast<QKeyEvent *>(event));
    return QWidget::eventFilter(watched, event);
}

void TrainingPanel::changeEvent(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(e);
}

void TrainingPanel::retranslateUi()
{
    m_prev->setText(tr("Previous"));
    m_next->setText(tr("Next"));
    m_check->setText(tr("Check"));
    m_check->setToolTip(tr("Apply the exercise to the lesson's cluster and check every task"));
    //: opens the lesson's exercise manifest in the editor again
    m_exercise->setText(tr("Open exercise"));
    m_presenterButton->setText(tr("Presenter mode"));
    m_presenterButton->setToolTip(
        tr("Large fonts, both languages side by side; PageDown/PageUp or arrows step, Esc leaves"));
    // Each language named in itself, as the language menu does: not translated.
    const QString bothLanguages = QStringLiteral("日本語 | English");
    m_bilingualButton->setText(bothLanguages);
    m_bilingualButton->setToolTip(tr("Show the lesson in Japanese and English side by side"));
    m_zoomInButton->setText(tr("Zoom in"));
    m_zoomOutButton->setText(tr("Zoom out"));
    m_tasksLabel->setText(tr("Tasks"));
    //: shown where a lesson step's diagram would be, when the step has none
    m_noDiagram->setText(tr("This step has no diagram."));
    showLessonTexts();
}

} // namespace studio::views
