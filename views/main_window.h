// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

class QAction;
class QDockWidget;
class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;
class QActionGroup;
class QLabel;
class QMenu;
class QTabWidget;

namespace studio {
class ClusterBackend;
}

namespace studio::views {

class LanguageManager;
class ServiceListModel;
class ManifestEditor;

// The main window: documents in tabs (manifest editors with live validation), menus, and the
// language switch. Settings (geometry, recent files, language) persist in QSettings.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(LanguageManager *languages, QWidget *parent = nullptr);

    // Opens a file in a new tab; shows the reason in the status bar when it cannot.
    bool openFile(const QString &path);
    ManifestEditor *newDocument(const QString &text = {}, const QString &title = {});
    ManifestEditor *currentEditor() const;
    QTabWidget *documents() const { return m_tabs; }
    // Shows the services of `backend` (not owned; must outlive the window) in the cluster dock.
    void setClusterBackend(ClusterBackend *backend);
    ServiceListModel *services() const { return m_services; }

protected:
    void changeEvent(QEvent *e) override;
    void closeEvent(QCloseEvent *e) override;

private:
    void createActions();
    void retranslateUi();
    void openDialog();
    bool save(ManifestEditor *ed, bool askName);
    bool closeTab(int index);
    void updateRecentMenu();
    void updateTitle();
    void showProblemsSummary(int errors, int warnings);

    void openServiceYaml(const QModelIndex &proxyIndex);

    LanguageManager *m_languages;
    ClusterBackend *m_backend = nullptr;
    ServiceListModel *m_services;
    QSortFilterProxyModel *m_serviceProxy;
    QDockWidget *m_clusterDock;
    QTreeView *m_serviceView;
    QLineEdit *m_serviceFilter;
    QTabWidget *m_tabs;
    QLabel *m_problemsLabel;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_editMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_newAct = nullptr;
    QAction *m_openAct = nullptr;
    QAction *m_saveAct = nullptr;
    QAction *m_saveAsAct = nullptr;
    QAction *m_closeAct = nullptr;
    QAction *m_quitAct = nullptr;
    QAction *m_undoAct = nullptr;
    QAction *m_redoAct = nullptr;
    QAction *m_aboutAct = nullptr;
    QAction *m_langEn = nullptr;
    QAction *m_langJa = nullptr;
    QActionGroup *m_langGroup = nullptr;
};

} // namespace studio::views
