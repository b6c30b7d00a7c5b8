// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include "autosave_manager.h"
#include "cluster_switcher.h"
#include "code_editor.h"
#include "language_manager.h"
#include "manifest_editor.h"
#include "new_service_dialog.h"
#include "nodes/node_table_model.h"
#include "nodes/nodes_panel.h"
#include "notification_area.h"
#include "service_editor.h"
#include "service_list_model.h"
#include "training/training_docks.h"
#include "visualization_docks.h"

#include "cluster/cluster_backend.h"
#include "manifest/manifest.h"
#include "manifest/writer.h"
#include "manifest/yaml_reader.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeView>
#include <QUuid>
#include <QVBoxLayout>

namespace studio::views {

namespace {
constexpr int kMaxRecent = 10;
using Sev = NotificationArea::Severity;
const char *const kIdProperty = "autosaveId";
} // namespace

MainWindow::MainWindow(LanguageManager *languages, QWidget *parent)
    : QMainWindow(parent)
    , m_languages(languages)
    , m_tabs(new QTabWidget(this))
    , m_notes(new NotificationArea(this))
    , m_autosave(new AutosaveManager(QString(), this))
    , m_problemsLabel(new QLabel(this))
    , m_clusterBar(new QToolBar(this))
{
    m_services = new ServiceListModel(this);
    m_serviceProxy = new QSortFilterProxyModel(this);
    m_serviceProxy->setSourceModel(m_services);
    m_serviceProxy->setFilterKeyColumn(-1); // any column
    m_serviceProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_serviceProxy->setSortRole(Qt::DisplayRole);
    m_clusterDock = new QDockWidget(this);
    m_clusterDock->setObjectName(QStringLiteral("clusterDock"));
    auto *panel = new QWidget(m_clusterDock);
    auto *pl = new QVBoxLayout(panel);
    pl->setContentsMargins(2, 2, 2, 2);
    m_serviceFilter = new QLineEdit(panel);
    m_serviceFilter->setClearButtonEnabled(true);
    m_serviceView = new QTreeView(panel);
    m_serviceView->setObjectName(QStringLiteral("serviceView"));
    m_serviceView->setModel(m_serviceProxy);
    m_serviceView->setRootIsDecorated(false);
    m_serviceView->setSortingEnabled(true);
    m_serviceView->sortByColumn(ServiceListModel::NameColumn, Qt::AscendingOrder);
    m_serviceView->setAlternatingRowColors(true);
    m_serviceView->setUniformRowHeights(true); // large lists stay fast
    m_serviceView->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_serviceView->header()->setDefaultSectionSize(120);
    pl->addWidget(m_serviceFilter);
    pl->addWidget(m_serviceView);
    m_clusterDock->setWidget(panel);
    addDockWidget(Qt::BottomDockWidgetArea, m_clusterDock);
    connect(m_serviceFilter, &QLineEdit::textChanged, m_serviceProxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_serviceView, &QTreeView::activated, this, &MainWindow::openServiceYaml);
    connect(m_services, &ServiceListModel::loadFailed, this,
            [this](const QString &msg) { m_notes->post(Sev::Error, msg); });

    setObjectName(QStringLiteral("mainWindow"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    auto *central = new QWidget(this);
    auto *cl = new QVBoxLayout(central);
    cl->setContentsMargins(0, 0, 0, 0);
    cl->setSpacing(0);
    cl->addWidget(m_tabs, 1);
    cl->addWidget(m_notes);
    setCentralWidget(central);
    m_clusterBar->setObjectName(QStringLiteral("clusterBar"));
    m_clusterBar->setMovable(false);
    addToolBar(Qt::TopToolBarArea, m_clusterBar);
    statusBar()->addPermanentWidget(m_problemsLabel);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        updateTitle();
        if (auto *ed = currentDocument())
            showProblemsSummary(ed->problems()->errorCount(), ed->problems()->warningCount());
    });
    m_autosave->setSource([this] {
        std::vector<AutosaveManager::Document> docs;
        for (int i = 0; i < m_tabs->count(); ++i)
            if (auto *ed = qobject_cast<ServiceEditor *>(m_tabs->widget(i)); ed && ed->isModified())
                docs.push_back({ed->property(kIdProperty).toString(), ed->fileName(),
                                m_tabs->tabText(i), ed->text()});
        return docs;
    });
    createActions();
    // The views that make selectors, endpoints, paths and rules visible, following the
    // selected service.
    m_visualization = new VisualizationDocks(this, nullptr);
    m_visualization->followSelection(m_serviceView->selectionModel());
    for (QAction *a : m_visualization->toggleViewActions())
        m_viewMenu->addAction(a);
    m_training = new TrainingDocks(this, m_languages); // lessons, presenter mode; its own menu
    // The nodes the agent runs on (deploy, upgrade, uninstall over SSH); hidden at first.
    m_nodes = new NodesPanel(this);
    m_nodes->model()->load(QStringLiteral("nodes"));
    addDockWidget(Qt::BottomDockWidgetArea, m_nodes);
    m_nodes->hide();
    m_viewMenu->addAction(m_nodes->toggleViewAction());
    retranslateUi();
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (!settings.contains(QStringLiteral("window/geometry"))) {
        resize(1380, 860);
        resizeDocks({m_clusterDock}, {200}, Qt::Vertical); // the documents get the room
    }
}

MainWindow::~MainWindow()
{
    // The list model, the views and the editors let go of the backends before the switcher goes.
    if (m_visualization)
        m_visualization->setBackend(nullptr);
    if (m_nodes)
        m_nodes->setBackend(nullptr);
    m_services->setBackend(nullptr);
}

void MainWindow::createActions()
{
    m_newAct = new QAction(this);
    m_newAct->setShortcut(QKeySequence::New);
    connect(m_newAct, &QAction::triggered, this, [this] { newDocument(); });
    m_newServiceAct = new QAction(this);
    m_newServiceAct->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    connect(m_newServiceAct, &QAction::triggered, this, &MainWindow::newServiceDialog);
    m_openAct = new QAction(this);
    m_openAct->setShortcut(QKeySequence::Open);
    connect(m_openAct, &QAction::triggered, this, &MainWindow::openDialog);
    m_saveAct = new QAction(this);
    m_saveAct->setShortcut(QKeySequence::Save);
    connect(m_saveAct, &QAction::triggered, this, [this] {
        if (auto *ed = currentDocument())
            save(ed, false);
    });
    m_saveAsAct = new QAction(this);
    m_saveAsAct->setShortcut(QKeySequence::SaveAs);
    connect(m_saveAsAct, &QAction::triggered, this, [this] {
        if (auto *ed = currentDocument())
            save(ed, true);
    });
    m_closeAct = new QAction(this);
    m_closeAct->setShortcut(QKeySequence::Close);
    connect(m_closeAct, &QAction::triggered, this, [this] {
        if (m_tabs->currentIndex() >= 0)
            closeTab(m_tabs->currentIndex());
    });
    m_quitAct = new QAction(this);
    m_quitAct->setShortcut(QKeySequence::Quit);
    connect(m_quitAct, &QAction::triggered, this, &QWidget::close);
    m_undoAct = new QAction(this);
    m_undoAct->setShortcut(QKeySequence::Undo);
    connect(m_undoAct, &QAction::triggered, this, [this] {
        if (auto *ed = currentDocument())
            ed->undo();
    });
    m_redoAct = new QAction(this);
    m_redoAct->setShortcut(QKeySequence::Redo);
    connect(m_redoAct, &QAction::triggered, this, [this] {
        if (auto *ed = currentDocument())
            ed->redo();
    });
    m_applyAct = new QAction(this);
    m_applyAct->setObjectName(QStringLiteral("applyAction"));
    m_applyAct->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    connect(m_applyAct, &QAction::triggered, this, [this] {
        if (auto *ed = currentDocument())
            ed->apply();
    });
    m_reloadContextsAct = new QAction(this);
    connect(m_reloadContextsAct, &QAction::triggered, this, [this] {
        if (m_switcher) {
            m_switcher->reloadContexts();
            m_switcher->refreshNamespaces();
        }
    });
    m_aboutAct = new QAction(this);
    connect(m_aboutAct, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Service Studio"),
                           tr("<h3>Service Studio %1</h3><p>Author, validate, visualize and run "
                              "Kubernetes Services.</p>")
                               .arg(QCoreApplication::applicationVersion()));
    });

    m_langGroup = new QActionGroup(this);
    m_langEn = new QAction(QStringLiteral("English"), m_langGroup);
    m_langJa = new QAction(QStringLiteral("日本語"), m_langGroup);
    for (QAction *a : {m_langEn, m_langJa})
        a->setCheckable(true);
    m_langEn->setData(QStringLiteral("en"));
    m_langJa->setData(QStringLiteral("ja"));
    connect(m_langGroup, &QActionGroup::triggered, this, [this](QAction *a) {
        const QString code = a->data().toString();
        if (m_languages->setLanguage(code))
            QSettings().setValue(QStringLiteral("language"), code);
    });

    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(m_newAct);
    m_fileMenu->addAction(m_newServiceAct);
    m_examplesMenu = m_fileMenu->addMenu(QString());
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_openAct);
    m_recentMenu = m_fileMenu->addMenu(QString());
    m_fileMenu->addAction(m_saveAct);
    m_fileMenu->addAction(m_saveAsAct);
    m_fileMenu->addAction(m_closeAct);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quitAct);
    m_editMenu = menuBar()->addMenu(QString());
    m_editMenu->addAction(m_undoAct);
    m_editMenu->addAction(m_redoAct);
    m_clusterMenu = menuBar()->addMenu(QString());
    m_clusterMenu->addAction(m_applyAct);
    m_clusterMenu->addAction(m_reloadContextsAct);
    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->addAction(m_clusterDock->toggleViewAction());
    m_languageMenu = m_viewMenu->addMenu(QString());
    m_languageMenu->addAction(m_langEn);
    m_languageMenu->addAction(m_langJa);
    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_aboutAct);
    updateRecentMenu();
    updateExamplesMenu();
}

void MainWindow::setClusterBackend(ClusterBackend *backend)
{
    if (!m_switcher) {
        m_switcher = new ClusterSwitcher(backend, m_clusterBar);
        m_clusterBar->addWidget(m_switcher);
        m_clusterBar->addAction(m_applyAct);
        connect(m_switcher, &ClusterSwitcher::backendChanged, this, &MainWindow::onBackendChanged);
        connect(m_switcher, &ClusterSwitcher::namespaceChanged, this, [this](const QString &ns) {
            m_services->setBackend(m_backend, ns.toStdString());
            for (int i = 0; i < m_tabs->count(); ++i)
                if (auto *ed = qobject_cast<ServiceEditor *>(m_tabs->widget(i)))
                    ed->setDefaultNamespace(ns);
            QSettings().setValue(QStringLiteral("cluster/namespace"), ns);
        });
        connect(m_switcher, &ClusterSwitcher::error, this,
                [this](const QString &m) { m_notes->post(Sev::Error, m); });
        connect(m_switcher, &ClusterSwitcher::warning, this,
                [this](const QString &m) { m_notes->post(Sev::Warning, m); });
        m_switcher->reloadContexts();
    }
    onBackendChanged(backend, QString());
    // Back to where the user was last time (a context that is gone stays on the sandbox).
    QSettings settings;
    const QString context = settings.value(QStringLiteral("cluster/context")).toString();
    if (!context.isEmpty() && m_switcher->contexts().contains(context))
        m_switcher->selectContext(context);
    const QString ns = settings.value(QStringLiteral("cluster/namespace")).toString();
    if (!ns.isEmpty())
        m_switcher->selectNamespace(ns);
    else
        m_switcher->refreshNamespaces();
}

void MainWindow::onBackendChanged(ClusterBackend *backend, const QString &context)
{
    m_backend = backend;
    m_services->setBackend(backend, m_switcher ? m_switcher->currentNamespace().toStdString()
                                               : std::string());
    if (m_visualization)
        m_visualization->setBackend(backend);
    if (m_nodes)
        m_nodes->setBackend(backend);
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto *ed = qobject_cast<ServiceEditor *>(m_tabs->widget(i)))
            ed->setClusterBackend(backend);
    disconnect(m_connectionNote);
    if (backend) {
        // A real apiserver can go away and come back: say so where errors go.
        m_connectionNote = connect(backend, &ClusterBackend::connectionChanged, this,
                [this, name = QString::fromStdString(backend->displayName())](bool connected,
                                                                               const QString &detail) {
                    if (connected)
                        m_notes->post(Sev::Success, tr("Connected to %1 again.").arg(name));
                    else
                        m_notes->post(Sev::Error, tr("Lost the connection to %1: %2").arg(name, detail));
                });
    }
    if (m_switcher && m_switcher->backend() == backend)
        QSettings().setValue(QStringLiteral("cluster/context"), context);
    retranslateUi();
}

void MainWindow::openServiceYaml(const QModelIndex &proxyIndex)
{
    const Service *s = m_services->serviceAt(m_serviceProxy->mapToSource(proxyIndex).row());
    if (!s)
        return;
    const std::string yaml = writeYaml(stripTombstones(encodeObject(*s)));
    newDocument(QString::fromStdString(yaml),
                QString::fromStdString(s->metadata.namespace_ + "/" + s->metadata.name));
}

void MainWindow::retranslateUi()
{
    //: The dock listing the services of the connected cluster; %1 is its name ("Sandbox")
    QString cluster = tr("no cluster");
    if (m_backend) {
        cluster = QString::fromStdString(m_backend->displayName());
        if (cluster == QLatin1String("Sandbox"))
            //: The built-in, in-process cluster the app opens on
            cluster = tr("Sandbox");
    }
    m_clusterDock->setWindowTitle(tr("Services — %1").arg(cluster));
    m_clusterDock->toggleViewAction()->setText(tr("&Services"));
    m_clusterBar->setWindowTitle(tr("Cluster"));
    m_serviceFilter->setPlaceholderText(tr("Filter services"));
    m_fileMenu->setTitle(tr("&File"));
    m_recentMenu->setTitle(tr("Open &Recent"));
    m_examplesMenu->setTitle(tr("New from &Example"));
    m_editMenu->setTitle(tr("&Edit"));
    m_clusterMenu->setTitle(tr("&Cluster"));
    m_viewMenu->setTitle(tr("&View"));
    //: Menu that switches the user interface language
    m_languageMenu->setTitle(tr("&Language"));
    m_helpMenu->setTitle(tr("&Help"));
    m_newAct->setText(tr("&New Manifest"));
    m_newServiceAct->setText(tr("New &Service..."));
    m_openAct->setText(tr("&Open..."));
    m_saveAct->setText(tr("&Save"));
    m_saveAsAct->setText(tr("Save &As..."));
    m_closeAct->setText(tr("&Close"));
    m_quitAct->setText(tr("&Quit"));
    m_undoAct->setText(tr("&Undo"));
    m_redoAct->setText(tr("&Redo"));
    m_applyAct->setText(tr("&Apply"));
    m_applyAct->setToolTip(tr("Apply the current object to the cluster: server dry run, diff, "
                              "then create or replace (Ctrl+Return)"));
    m_reloadContextsAct->setText(tr("&Reload kubeconfig"));
    m_aboutAct->setText(tr("&About Service Studio"));
    m_langEn->setChecked(m_languages->language() == QLatin1String("en"));
    m_langJa->setChecked(m_languages->language() == QLatin1String("ja"));
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *ed = qobject_cast<ServiceEditor *>(m_tabs->widget(i));
        if (ed && ed->fileName().isEmpty() && m_tabs->tabToolTip(i).isEmpty()
            && ed->property("untitled").toBool())
            m_tabs->setTabText(i, ed->isModified() ? tr("Untitled") + QStringLiteral(" *")
                                                   : tr("Untitled"));
    }
    updateRecentMenu();
    updateExamplesMenu();
    updateTitle();
    if (auto *ed = currentDocument())
        showProblemsSummary(ed->problems()->errorCount(), ed->problems()->warningCount());
}

void MainWindow::changeEvent(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(e);
}

ServiceEditor *MainWindow::currentDocument() const
{
    return qobject_cast<ServiceEditor *>(m_tabs->currentWidget());
}

ManifestEditor *MainWindow::currentEditor() const
{
    ServiceEditor *ed = currentDocument();
    return ed ? ed->manifest() : nullptr;
}

ServiceEditor *MainWindow::newDocument(const QString &text, const QString &title)
{
    auto *ed = new ServiceEditor(m_tabs);
    ed->setProperty(kIdProperty, QUuid::createUuid().toString(QUuid::WithoutBraces));
    ed->setProperty("untitled", title.isEmpty());
    ed->setProperty("title", title);
    ed->setClusterBackend(m_backend);
    ed->setNotificationArea(m_notes);
    if (m_switcher)
        ed->setDefaultNamespace(m_switcher->currentNamespace());
    ed->setText(text, QString());
    const int idx = m_tabs->addTab(ed, title.isEmpty() ? tr("Untitled") : title);
    m_tabs->setCurrentIndex(idx);
    connect(ed, &ServiceEditor::problemsChanged, this, [this, ed](int errors, int warnings) {
        if (ed == currentDocument())
            showProblemsSummary(errors, warnings);
    });
    connect(ed, &ServiceEditor::modificationChanged, this, [this, ed](bool modified) {
        const int i = m_tabs->indexOf(ed);
        const QString given = ed->property("title").toString();
        const QString name = !ed->fileName().isEmpty() ? QFileInfo(ed->fileName()).fileName()
                             : given.isEmpty()         ? tr("Untitled")
                                                       : given;
        m_tabs->setTabText(i, modified ? name + QStringLiteral(" *") : name);
        if (!modified)
            m_autosave->discard(ed->property(kIdProperty).toString());
        updateTitle();
    });
    ed->validateNow();
    return ed;
}

bool MainWindow::openFile(const QString &path)
{
    const auto content = readFileLimited(path.toStdString(), ReadLimits{}.maxBytes);
    if (!content) {
        m_notes->post(Sev::Error, tr("Cannot open %1: %2")
                                      .arg(path, QString::fromStdString(content.error().message)));
        return false;
    }
    auto *ed = newDocument(QString(), QFileInfo(path).fileName());
    ed->setProperty("untitled", false);
    ed->setText(QString::fromUtf8(content->data(), qsizetype(content->size())), path);
    ed->validateNow();
    m_tabs->setTabToolTip(m_tabs->indexOf(ed), path);
    addRecent(path);
    updateTitle();
    return true;
}

void MainWindow::addRecent(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    const QString abs = QFileInfo(path).absoluteFilePath();
    recent.removeAll(abs);
    recent.prepend(abs);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
    updateRecentMenu();
}

void MainWindow::openDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open Manifests"), QString(),
        tr("Kubernetes manifests (*.yaml *.yml *.json);;All files (*)"));
    for (const QString &f : files)
        openFile(f);
}

void MainWindow::newServiceDialog()
{
    auto *dlg = new NewServiceDialog(this);
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &QDialog::accepted, this, [this, dlg] {
        const CreateServiceOptions o = dlg->options();
        auto *ed = newDocument(dlg->yaml(), QString::fromStdString(o.name) + QStringLiteral(".yaml"));
        ed->setModified(true);
    });
    dlg->open();
}

void MainWindow::openExample(const QString &path, const QString &title)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        m_notes->post(Sev::Error, tr("Cannot open %1: %2").arg(path, f.errorString()));
        return;
    }
    auto *ed = newDocument(QString::fromUtf8(f.readAll()), title);
    ed->setModified(false);
}

bool MainWindow::save(ServiceEditor *ed, bool askName)
{
    QString path = ed->fileName();
    if (askName || path.isEmpty()) {
        path = QFileDialog::getSaveFileName(this, tr("Save Manifest"), path,
                                            tr("YAML files (*.yaml *.yml);;All files (*)"));
        if (path.isEmpty())
            return false;
    }
    // QSaveFile writes to a temporary file and renames it: a failed save loses nothing.
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(ed->text().toUtf8()) < 0 || !out.commit()) {
        m_notes->post(Sev::Error, tr("Cannot save %1: %2").arg(path, out.errorString()));
        return false;
    }
    ed->setFileName(path);
    ed->setProperty("untitled", false);
    ed->setModified(false);
    m_autosave->discard(ed->property(kIdProperty).toString());
    m_tabs->setTabText(m_tabs->indexOf(ed), QFileInfo(path).fileName());
    m_tabs->setTabToolTip(m_tabs->indexOf(ed), path);
    addRecent(path);
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    return true;
}

bool MainWindow::closeTab(int index)
{
    auto *ed = qobject_cast<ServiceEditor *>(m_tabs->widget(index));
    if (!ed)
        return true;
    if (ed->isModified()) {
        m_tabs->setCurrentIndex(index);
        const auto answer = QMessageBox::question(
            this, tr("Unsaved Changes"),
            tr("%1 has unsaved changes. Save them?").arg(m_tabs->tabText(index)),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        if (answer == QMessageBox::Cancel)
            return false;
        if (answer == QMessageBox::Save && !save(ed, false))
            return false;
    }
    m_autosave->discard(ed->property(kIdProperty).toString());
    m_tabs->removeTab(index);
    ed->deleteLater();
    return true;
}

void MainWindow::closeEvent(QCloseEvent *e)
{
    while (m_tabs->count() > 0) {
        if (!closeTab(0)) {
            e->ignore();
            return;
        }
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    if (m_nodes)
        m_nodes->model()->save(QStringLiteral("nodes"));
    e->accept();
}

void MainWindow::offerRecovery()
{
    const auto docs = m_autosave->recoverable();
    if (docs.empty())
        return;
    m_notes->post(Sev::Warning,
                  tr("%n document(s) with unsaved edits from a session that ended unexpectedly "
                     "can be recovered.",
                     nullptr, int(docs.size())),
                  {{tr("Recover"), [this] { recoverDocuments(); }},
                   {tr("Discard"), [this] { m_autosave->discardRecoverable(); }}});
}

int MainWindow::recoverDocuments()
{
    const auto docs = m_autosave->recoverable();
    for (const auto &d : docs) {
        const QString title = d.fileName.isEmpty() ? d.title : QFileInfo(d.fileName).fileName();
        auto *ed = newDocument(QString(), title.isEmpty() ? tr("Recovered") : title);
        ed->setText(d.text, d.fileName);
        ed->setModified(true); // not saved yet: it is what the user had typed
        ed->validateNow();
        m_tabs->setTabToolTip(m_tabs->indexOf(ed),
                              tr("Recovered from the autosave of %1")
                                  .arg(QLocale().toString(d.saved.toLocalTime(), QLocale::ShortFormat)));
    }
    m_autosave->discardRecoverable();
    m_autosave->saveNow(); // the recovered edits are this session's now
    if (!docs.empty())
        m_notes->post(Sev::Success, tr("Recovered %n document(s).", nullptr, int(docs.size())));
    return int(docs.size());
}

void MainWindow::updateRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString &f : recent) {
        QAction *a = m_recentMenu->addAction(f);
        connect(a, &QAction::triggered, this, [this, f] { openFile(f); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::updateExamplesMenu()
{
    if (!m_examplesMenu)
        return;
    m_examplesMenu->clear();
    for (const SeedExample &ex : seedExamples(QStringLiteral(":/scenarios"))) {
        QAction *a = m_examplesMenu->addAction(ex.title);
        const QString path = ex.path;
        const QString title = QFileInfo(path).fileName();
        connect(a, &QAction::triggered, this, [this, path, title] { openExample(path, title); });
    }
    m_examplesMenu->setEnabled(!m_examplesMenu->isEmpty());
}

void MainWindow::updateTitle()
{
    const ServiceEditor *ed = currentDocument();
    const QString doc = !ed ? QString() : m_tabs->tabText(m_tabs->currentIndex()).remove(QStringLiteral(" *"));
    setWindowTitle(doc.isEmpty() ? tr("Service Studio")
                                 : tr("%1 - Service Studio").arg(doc) + QStringLiteral("[*]"));
    setWindowModified(ed && ed->isModified());
}

void MainWindow::showProblemsSummary(int errors, int warnings)
{
    if (errors == 0 && warnings == 0)
        m_problemsLabel->setText(tr("Valid"));
    else
        m_problemsLabel->setText(//: "3 errors, 1 warning": joins the two counts
                                 tr("%1, %2").arg(tr("%n error(s)", nullptr, errors),
                                                  tr("%n warning(s)", nullptr, warnings)));
}

} // namespace studio::views
