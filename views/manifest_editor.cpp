// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest_editor.h"

#include "code_editor.h"
#include "yaml_highlighter.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace studio::views {

ManifestEditor::ManifestEditor(QWidget *parent)
    : QWidget(parent)
    , m_editor(new CodeEditor(this))
    , m_highlighter(new YamlHighlighter(m_editor->document()))
    , m_problemView(new QTreeView(this))
    , m_problems(new ProblemListModel(this))
    , m_summary(new QLabel(this))
    , m_debounce(new QTimer(this))
{
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_editor);
    auto *bottom = new QWidget(split);
    auto *bl = new QVBoxLayout(bottom);
    bl->setContentsMargins(0, 0, 0, 0);
    bl->addWidget(m_summary);
    bl->addWidget(m_problemView);
    split->addWidget(bottom);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    m_problemView->setModel(m_problems);
    m_problemView->setRootIsDecorated(false);
    m_problemView->setAlternatingRowColors(true);
    m_problemView->header()->setStretchLastSection(true);
    for (int c = 0; c < ProblemListModel::MessageColumn; ++c)
        m_problemView->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_problemView->setObjectName(QStringLiteral("problemView"));
    connect(m_problemView, &QTreeView::activated, this, [this](const QModelIndex &idx) {
        m_editor->goTo(idx.data(ProblemListModel::LineRole).toInt(),
                       idx.data(ProblemListModel::ColumnRole).toInt());
    });

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);
    connect(m_debounce, &QTimer::timeout, this, &ManifestEditor::startValidation);
    connect(m_editor, &QPlainTextEdit::textChanged, this, &ManifestEditor::scheduleValidation);
    connect(m_editor->document(), &QTextDocument::modificationChanged, this,
            &ManifestEditor::modificationChanged);
    connect(&m_watcher, &QFutureWatcher<CheckOutcome>::finished, this, [this] {
        applyOutcome(m_watcher.result());
        if (m_pending) {
            m_pending = false;
            startValidation();
        }
    });
    retranslateUi();
}

ManifestEditor::~ManifestEditor()
{
    m_watcher.waitForFinished();
}

void ManifestEditor::setText(const QString &text, const QString &fileName)
{
    m_fileName = fileName;
    m_editor->setPlainText(text);
    m_editor->document()->setModified(false);
}

QString ManifestEditor::text() const
{
    return m_editor->toPlainText();
}

bool ManifestEditor::isModified() const
{
    return m_editor->document()->isModified();
}

void ManifestEditor::setModified(bool m)
{
    m_editor->document()->setModified(m);
}

void ManifestEditor::setValidationSettings(const ValidationSettings &s)
{
    m_settings = s;
    scheduleValidation();
}

void ManifestEditor::scheduleValidation()
{
    m_debounce->start();
}

ManifestEditor::CheckOutcome ManifestEditor::check(const std::string &text,
                                                   const std::string &fileName,
                                                   const ValidationSettings &settings)
{
    CheckOutcome out;
    auto file = loadManifestText(text, fileName);
    if (!file) {
        out.parseError = file.error();
        FieldError e;
        e.type = "YAMLSyntaxError";
        e.detail = file.error().message;
        e.line = file.error().line;
        e.column = file.error().column;
        out.problems.push_back({e, QString()});
        return out;
    }
    out.parsed = true;
    const std::vector<Pod> pods = podsOf({*file});
    for (const ObjectVerdict &v : checkManifest(*file, settings, pods)) {
        const QString label = QString::fromStdString(v.object->kind) + QLatin1Char('/')
                              + QString::fromStdString(v.object->name);
        for (const auto &e : v.errors)
            out.problems.push_back({e, label});
        for (const auto &w : v.warnings)
            out.problems.push_back({w, label});
    }
    return out;
}

void ManifestEditor::startValidation()
{
    if (m_watcher.isRunning()) {
        m_pending = true; // validate the newest text once the running check ends
        return;
    }
    m_watcher.setFuture(QtConcurrent::run(&ManifestEditor::check, text().toStdString(),
                                          m_fileName.toStdString(), m_settings));
}

void ManifestEditor::validateNow()
{
    m_debounce->stop();
    m_watcher.waitForFinished();
    m_pending = false;
    applyOutcome(check(text().toStdString(), m_fileName.toStdString(), m_settings));
}

void ManifestEditor::setExtraProblems(std::vector<Problem> problems)
{
    if (problems.empty() && m_extra.empty())
        return;
    m_extra = std::move(problems);
    const CheckOutcome last = m_last;
    applyOutcome(last);
}

void ManifestEditor::applyOutcome(const CheckOutcome &outcome)
{
    m_last = outcome;
    CheckOutcome o = outcome;
    o.problems.insert(o.problems.end(), m_extra.begin(), m_extra.end());
    std::vector<CodeEditor::Diagnostic> diags;
    for (const auto &p : o.problems) {
        CodeEditor::Diagnostic d;
        d.line = p.error.line;
        d.column = p.error.column;
        d.warning = p.error.isWarning();
        const QString field = QString::fromStdString(p.error.field);
        d.message = (field.isEmpty() ? QString() : field + QStringLiteral(": "))
                    + ProblemListModel::localizedMessage(p.error);
        diags.push_back(std::move(d));
    }
    m_editor->setDiagnostics(std::move(diags));
    m_problems->setProblems(o.problems);
    retranslateUi();
    Q_EMIT problemsChanged(m_problems->errorCount(), m_problems->warningCount());
}

void ManifestEditor::retranslateUi()
{
    const int e = m_problems->errorCount();
    const int w = m_problems->warningCount();
    if (e == 0 && w == 0)
        m_summary->setText(tr("No problems found."));
    else
        m_summary->setText(//: "3 errors, 1 warning": joins the two counts
                           tr("%1, %2").arg(tr("%n error(s)", nullptr, e),
                                            tr("%n warning(s)", nullptr, w)));
}

void ManifestEditor::changeEvent(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange) {
        retranslateUi();
        // Messages in the list and the tooltips are rebuilt in the new language.
        if (!m_watcher.isRunning())
            validateNow();
    }
    QWidget::changeEvent(e);
}

} // namespace studio::views
