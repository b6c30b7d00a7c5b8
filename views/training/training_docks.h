// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The one entry point the main window uses for training mode: the Training dock (a
// TrainingPanel) and the Training menu (show the lessons, presenter mode, step navigation,
// reload the lesson files). Lesson exercises open as documents of the window.

#include <QObject>

class QAction;
class QDockWidget;
class QMenu;

namespace studio::views {

class LanguageManager;
class MainWindow;
class TrainingPanel;

class TrainingDocks : public QObject
{
    Q_OBJECT
public:
    // Adds the dock (hidden until the Training menu opens it) and the menu's actions; owned
    // by `window`. `languages` (may be null) gives the language lessons are shown in.
    TrainingDocks(MainWindow *window, LanguageManager *languages);
    ~TrainingDocks() override;

    // The lesson directory: --lessons DIR, else STUDIO_LESSONS_DIR, the installed or the
    // source tree's (see training::lessonSearchPath). Read when the dock is first shown.
    static void setLessonDirectory(const QString &directory);
    static QString lessonDirectory();

    TrainingPanel *panel() const { return m_panel; }
    QDockWidget *dock() const { return m_dock; }
    QMenu *menu() const { return m_menu; }
    QAction *showAction() const { return m_show; }
    QAction *presenterAction() const { return m_presenter; }
    // Shows the dock, reading the lessons the first time.
    void showTraining();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslateUi();
    void setPresenterMode(bool on);

    MainWindow *m_window;
    TrainingPanel *m_panel;
    QDockWidget *m_dock;
    QMenu *m_menu;
    QAction *m_show;
    QAction *m_presenter;
    QAction *m_next;
    QAction *m_previous;
    QAction *m_reload;
    bool m_loaded = false;
};

} // namespace studio::views
