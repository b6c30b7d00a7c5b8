// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include "code_editor.h"
#include "language_manager.h"
#include "manifest_editor.h"
#include "service_list_model.h"

#include "cluster/cluster_backend.h"
#include "manifest/manifest.h"
#include "manifest/writer.h"

#include "manifest/yaml_reader.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

namespace studio::views {

namespace {
constexpr int kMaxRecent = 10;
}

MainWindow::MainWindow(LanguageManager *languages, QWidget *parent)
    : QMainWindow(parent)
    , m_languages(languages)
    , m_tabs(new QTabWidget(this))
    , m_problemsLabel(new QLabel(this))
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
    m_serviceView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    pl->addWidget(m_serviceFilter);
    pl->addWidget(m_serviceView);
    m_clusterDock->setWidget(panel);
    addDockWidget(Qt::BottomDockWidgetArea, m_clusterDock);
    connect(m_serviceFilter, &QLineEdit::textChanged, m_serviceProxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_serviceView, &QTreeView::activated, this, &MainWindow::openServiceYaml);
    connect(m_services, &ServiceListModel::loadFailed, this,
            [this](const QString &msg) { statusBar()->showMessage(msg, 10000); });

    setObjectName(QStringLiteral("mainWindow"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    setCentralWidget(m_tabs);
    statusBar()->addPermanentWidget(m_problemsLabel);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        updateTitle();
        if (auto *ed = currentEditor())
            showProblemsSummary(ed->problems()->errorCount(), ed->problems()->warningCount());
    });
    createActions();
    retranslateUi();
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (!settings.contains(QStringLiteral("window/geometry")))
        resize(1100, 760);
}

void MainWindow::createActions()
{
    m_newAct = new QAction(this);
    m_newAct->setShortcut(QKeySequence::New);
    connect(m_newAct, &QAction::triggered, this, [this] { newDocument(); });
    m_openAct = new QAction(this);
    m_openAct->setShortcut(QKeySequence::Open);
    connect(m_openAct, &QAction::triggered, this, &MainWindow::openDialog);
    m_saveAct = new QAction(this);
    m_saveAct->setShortcut(QKeySequence::Save);
    connect(m_saveAct, &QAction::triggered, this, [this] {
        if (auto *ed = currentEditor())
            save(ed, false);
    });
    m_saveAsAct = new QAction(this);
    m_saveAsAct->setShortcut(QKeySequence::SaveAs);
    connect(m_saveAsAct, &QAction::triggered, this, [this] {
        if (auto *ed = currentEditor())
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
        if (auto *ed = currentEditor())
            ed->editor()->undo();
    });
    m_redoAct = new QAction(this);
    m_redoAct->setShortcut(QKeySequence::Redo);
    connect(m_redoAct, &QAction::triggered, this, [this] {
        if (auto *ed = currentEditor())
            ed->editor()->redo();
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
    m_viewMenu = menuBar()->addMenu(QString());
    m_languageMenu = m_viewMenu->addMenu(QString());
    m_languageMenu->addAction(m_langEn);
    m_languageMenu->addAction(m_langJa);
    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_aboutAct);
    updateRecentMenu();
}

void MainWindow::setClusterBackend(ClusterBackend *backend)
{
    m_backend = backend;
    m_services->setBackend(backend);
    retranslateUi();
}

void MainWindow::openServiceYaml(const QModelIndex &proxyIndex)
{
    const Service *s = m_services->serviceAt(m_serviceProxy->mapToSource(proxyIndex).row());
    if (!s)
        return;
    const std::string yaml = writeYaml(encodeObject(*s));
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
    m_serviceFilter->setPlaceholderText(tr("Filter services"));
    m_fileMenu->setTitle(tr("&File"));
    m_recentMenu->setTitle(tr("Open &Recent"));
    m_editMenu->setTitle(tr("&Edit"));
    m_viewMenu->setTitle(tr("&View"));
    //: Menu that switches the user interface language
    m_languageMenu->setTitle(tr("&Language"));
    m_helpMenu->setTitle(tr("&Help"));
    m_newAct->setText(tr("&New Manifest"));
    m_openAct->setText(tr("&Open..."));
    m_saveAct->setText(tr("&Save"));
    m_saveAsAct->setText(tr("Save &As..."));
    m_closeAct->setText(tr("&Close"));
    m_quitAct->setText(tr("&Quit"));
    m_undoAct->setText(tr("&Undo"));
    m_redoAct->setText(tr("&Redo"));
    m_aboutAct->setText(tr("&About Service Studio"));
    m_langEn->setChecked(m_languages->language() == QLatin1String("en"));
    m_langJa->setChecked(m_languages->language() == QLatin1String("ja"));
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *ed = qobject_cast<ManifestEditor *>(m_tabs->widget(i));
        if (ed && ed->fileName().isEmpty())
            m_tabs->setTabText(i, tr("Untitled"));
    }
    updateRecentMenu();
    updateTitle();
    if (auto *ed = currentEditor())
        showProblemsSummary(ed->problems()->errorCount(), ed->problems()->warningCount());
}

void MainWindow::changeEvent(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(e);
}

ManifestEditor *MainWindow::currentEditor() const
{
    return qobject_cast<ManifestEditor *>(m_tabs->currentWidget());
}

ManifestEditor *MainWindow::newDocument(const QString &text, const QString &title)
{
    auto *ed = new ManifestEditor(m_tabs);
    ed->setText(text, QString());
    const int idx = m_tabs->addTab(ed, title.isEmpty() ? tr("Untitled") : title);
    m_tabs->setCurrentIndex(idx);
    connect(ed, &ManifestEditor::problemsChanged, this, [this, ed](int errors, int warnings) {
        if (ed == currentEditor())
            showProblemsSummary(errors, warnings);
    });
    connect(ed, &ManifestEditor::modificationChanged, this, [this, ed](bool modified) {
        const int i = m_tabs->indexOf(ed);
        QString name = ed->fileName().isEmpty() ? tr("Untitled")
                                                : QFileInfo(ed->fileName()).fileName();
        m_tabs->setTabText(i, modified ? name + QStringLiteral(" *") : name);
        updateTitle();
    });
    ed->validateNow();
    return ed;
}

bool MainWindow::openFile(const QString &path)
{
    const auto content = readFileLimited(path.toStdString(), ReadLimits{}.maxBytes);
    if (!content) {
        statusBar()->showMessage(tr("Cannot open %1: %2")
                                     .arg(path, QString::fromStdString(content.error().message)),
                                 10000);
        return false;
    }
    auto *ed = newDocument(QString(), QFileInfo(path).fileName());
    ed->setText(QString::fromUtf8(content->data(), qsizetype(content->size())), path);
    ed->validateNow();
    m_tabs->setTabToolTip(m_tabs->indexOf(ed), path);
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    const QString abs = QFileInfo(path).absoluteFilePath();
    recent.removeAll(abs);
    recent.prepend(abs);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
    updateRecentMenu();
    updateTitle();
    return true;
}

void MainWindow::openDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open Manifests"), QString(),
        tr("Kubernetes manifests (*.yaml *.yml *.json);;All files (*)"));
    for (const QString &f : files)
        openFile(f);
}

bool MainWindow::save(ManifestEditor *ed, bool askName)
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
        QMessageBox::warning(this, tr("Save Manifest"),
                             tr("Cannot save %1: %2").arg(path, out.errorString()));
        return false;
    }
    ed->setFileName(path);
    ed->setModified(false);
    m_tabs->setTabText(m_tabs->indexOf(ed), QFileInfo(path).fileName());
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    return true;
}

bool MainWindow::closeTab(int index)
{
    auto *ed = qobject_cast<ManifestEditor *>(m_tabs->widget(index));
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
    e->accept();
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

void MainWindow::updateTitle()
{
    const ManifestEditor *ed = currentEditor();
    const QString doc = !ed                       ? QString()
                        : ed->fileName().isEmpty() ? tr("Untitled")
                                                   : QFileInfo(ed->fileName()).fileName();
    setWindowTitle(doc.isEmpty() ? tr("Service Studio")
                                 : tr("%1 - Service Studio").arg(doc));
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
