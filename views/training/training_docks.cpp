// SPDX-License-Identifier: GPL-3.0-or-later
#include "training/training_docks.h"

#include "language_manager.h"
#include "main_window.h"
#include "training/training_panel.h"

#include <QAction>
#include <QDockWidget>
#include <QEvent>
#include <QMenu>
#include <QMenuBar>

namespace studio::views {

namespace {
QString &lessonDirectoryOption()
{
    static QString dir;
    return dir;
}
} // namespace

void TrainingDocks::setLessonDirectory(const QString &directory)
{
    lessonDirectoryOption() = directory;
}

QString TrainingDocks::lessonDirectory()
{
    return lessonDirectoryOption();
}

TrainingDocks::TrainingDocks(MainWindow *window, LanguageManager *languages)
    : QObject(window)
    , m_window(window)
{
    setObjectName(QStringLiteral("trainingDocks"));
    m_panel = new TrainingPanel;
    m_panel->setEditorOpener([window](const QString &text, const QString &title) {
        return window->newDocument(text, title);
    });
    m_dock = new QDockWidget(window);
    m_dock->setObjectName(QStringLiteral("trainingDock")); // saveState() key
    m_dock->setWidget(m_panel);
    window->addDockWidget(Qt::LeftDockWidgetArea, m_dock);
    m_dock->hide();
    // Shown by a restored window layout, or from the dock's toggle: read the lessons then.
    connect(m_dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && !m_loaded) {
            m_loaded = true;
            m_panel->loadLessons(lessonDirectory());
        }
    });

    m_menu = new QMenu(window);
    m_show = m_menu->addAction(QString(), this, &TrainingDocks::showTraining);
    m_presenter = m_menu->addAction(QString());
    m_presenter->setCheckable(true);
    m_presenter->setShortcut(QKeySequence(Qt::Key_F11));
    connect(m_presenter, &QAction::toggled, this, &TrainingDocks::setPresenterMode);
    connect(m_panel, &TrainingPanel::presenterModeChanged, m_presenter, &QAction::setChecked);
    m_menu->addSeparator();
    m_next = m_menu->addAction(QString(), m_panel, &TrainingPanel::nextStep);
    m_previous = m_menu->addAction(QString(), m_panel, &TrainingPanel::previousStep);
    m_menu->addSeparator();
    m_reload = m_menu->addAction(QString(), this, [this] {
        m_panel->loadLessons(lessonDirectory());
        m_loaded = true;
    });
    // Before Help, the last menu.
    const QList<QAction *> menus = window->menuBar()->actions();
    window->menuBar()->insertMenu(menus.isEmpty() ? nullptr : menus.last(), m_menu);

    if (languages) {
        m_panel->setLanguage(languages->language());
        connect(languages, &LanguageManager::languageChanged, m_panel, &TrainingPanel::setLanguage);
    }
    m_panel->installEventFilter(this); // LanguageChange
    retranslateUi();
}

TrainingDocks::~TrainingDocks() = default;

void TrainingDocks::showTraining()
{
    if (!m_loaded) {
        m_loaded = true;
        m_panel->loadLessons(lessonDirectory());
    }
    m_dock->show();
    m_dock->raise();
}

void TrainingDocks::setPresenterMode(bool on)
{
    if (on)
        showTraining();
    m_panel->setPresenterMode(on);
    // Presenter mode: the lesson fills the screen, on its own.
    m_dock->setFloating(on);
    if (on)
        m_dock->showMaximized();
}

bool TrainingDocks::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_panel && event->type() == QEvent::LanguageChange)
        retranslateUi();
    return QObject::eventFilter(watched, event);
}

void TrainingDocks::retranslateUi()
{
    //: the menu of training mode (lessons)
    m_menu->setTitle(tr("&Training"));
    m_dock->setWindowTitle(tr("Training"));
    m_show->setText(tr("&Lessons"));
    m_presenter->setText(tr("&Presenter Mode"));
    m_next->setText(tr("&Next Step"));
    m_previous->setText(tr("P&revious Step"));
    m_reload->setText(tr("&Reload Lesson Files"));
}

} // namespace studio::views
