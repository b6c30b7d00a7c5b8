// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "service_editor.h" // newDocument() returns one

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
class QToolBar;

namespace studio {
class ClusterBackend;
}

namespace studio::views {

class AutosaveManager;
class ClusterSwitcher;
class LanguageManager;
class ManifestEditor;
class NotificationArea;
class ServiceEditor;
class ServiceListModel;

// The main window: the cluster switcher and namespace selector (toolbar), the live service
// list of the chosen cluster (dock), documents in tabs (ServiceEditor: form + YAML, apply),
// the notification area under the documents (errors without stacks of modal dialogs), menus
// and the language switch. Settings persist in QSettings: window layout, recent files, the
// last context and namespace, the language. Unsaved edits are autosaved and offered back
// after a crash.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(LanguageManager *languages, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a file in a new tab; shows the reason in the notification area when it cannot.
    bool openFile(const QString &path);
    ServiceEditor *newDocument(const QString &text = {}, const QString &title = {});
    ServiceEditor *currentDocument() const;
    ManifestEditor *currentEditor() const;
    QTabWidget *documents() const { return m_tabs; }
    // The default cluster (the sandbox; not owned, must outlive the window). Creates the
    // cluster switcher around it, with the kubeconfig's contexts, and returns to the last
    // context and namespace used.
    void setClusterBackend(ClusterBackend *backend);
    ClusterBackend *clusterBackend() const { return m_backend; }
    ServiceListModel *services() const { return m_services; }
    ClusterSwitcher *clusterSwitcher() const { return m_switcher; }
    NotificationArea *notifications() const { return m_notes; }
    AutosaveManager *autosave() const { return m_autosave; }
    class TrainingDocks *training() const { return m_training; }
    // Offers the documents a crashed session left (a notification with Recover / Discard).
    void offerRecovery();
    // Opens the recoverable documents in tabs (modified, under their old names).
    int recoverDocuments();

    void newServiceDialog();
    void openExample(const QString &path, const QString &title);

protected:
    void changeEvent(QEvent *e) override;
    void closeEvent(QCloseEvent *e) override;

private:
    void createActions();
    void retranslateUi();
    void openDialog();
    bool save(ServiceEditor *ed, bool askName);
    bool closeTab(int index);
    void updateRecentMenu();
    void updateExamplesMenu();
    void addRecent(const QString &path);
    void updateTitle();
    void showProblemsSummary(int errors, int warnings);
    void onBackendChanged(ClusterBackend *backend, const QString &context);

    void openServiceYaml(const QModelIndex &proxyIndex);

    LanguageManager *m_languages;
    ClusterBackend *m_backend = nullptr;
    ClusterSwitcher *m_switcher = nullptr;
    ServiceListModel *m_services;
    QSortFilterProxyModel *m_serviceProxy;
    QDockWidget *m_clusterDock;
    QTreeView *m_serviceView;
    QLineEdit *m_serviceFilter;
    QTabWidget *m_tabs;
    NotificationArea *m_notes;
    AutosaveManager *m_autosave;
    QLabel *m_problemsLabel;
    QToolBar *m_clusterBar;
    class VisualizationDocks *m_visualization = nullptr; // topology, traffic path, rules, discovery
    class TrainingDocks *m_training = nullptr;           // lessons and presenter mode
    class NodesPanel *m_nodes = nullptr; // the agent's nodes: deploy over SSH
    QMenu *m_fileMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_examplesMenu = nullptr;
    QMenu *m_editMenu = nullptr;
    QMenu *m_clusterMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_newAct = nullptr;
    QAction *m_newServiceAct = nullptr;
    QAction *m_openAct = nullptr;
    QAction *m_saveAct = nullptr;
    QAction *m_saveAsAct = nullptr;
    QAction *m_closeAct = nullptr;
    QAction *m_quitAct = nullptr;
    QAction *m_undoAct = nullptr;
    QAction *m_redoAct = nullptr;
    QAction *m_applyAct = nullptr;
    QAction *m_reloadContextsAct = nullptr;
    QAction *m_aboutAct = nullptr;
    QAction *m_langEn = nullptr;
    QAction *m_langJa = nullptr;
    QActionGroup *m_langGroup = nullptr;
    QMetaObject::Connection m_connectionNote;
};

} // namespace studio::views
