// SPDX-License-Identifier: GPL-3.0-or-later
#include "service_editor.h"

#include "apply_controller.h"
#include "code_editor.h"
#include "diff_view.h"
#include "endpoints_form.h"
#include "line_diff.h"
#include "manifest_editor.h"
#include "notification_area.h"
#include "service_form.h"

#include "cluster/cluster_backend.h"
#include "manifest/object_codec.h"
#include "manifest/writer.h"

#include <QComboBox>
#include <QEvent>
#include <QAbstractSpinBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QLabel>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTimer>
#include <QVBoxLayout>

namespace studio::views {

namespace {

using Sev = NotificationArea::Severity;

QScrollArea *scrolled(QWidget *w, QWidget *parent)
{
    auto *area = new QScrollArea(parent);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setWidget(w);
    return area;
}

bool isDocumentMarker(const QString &line)
{
    return line == QLatin1String("---") || line.startsWith(QLatin1String("--- "))
           || line == QLatin1String("...");
}

} // namespace

ServiceEditor::ServiceEditor(QWidget *parent)
    : QWidget(parent)
    , m_manifest(new ManifestEditor(this))
    , m_objects(new QComboBox(this))
    , m_objectsLabel(new QLabel(this))
    , m_formBanner(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_serviceForm(new ServiceForm)
    , m_endpointsForm(new EndpointsForm)
    , m_noForm(new QLabel(this))
    , m_split(new QSplitter(Qt::Horizontal, this))
    , m_sync(new QTimer(this))
    , m_apply(new ApplyController(this))
{
    setObjectName(QStringLiteral("serviceEditor"));
    auto *left = new QWidget(m_split);
    auto *ll = new QVBoxLayout(left);
    ll->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
    top->addWidget(m_objectsLabel);
    top->addWidget(m_objects, 1);
    ll->addLayout(top);
    m_formBanner->setWordWrap(true);
    m_formBanner->setStyleSheet(
        QStringLiteral("QLabel { background: #fff6e0; color: #7a5200; padding: 4px; }"));
    m_formBanner->setVisible(false);
    ll->addWidget(m_formBanner);
    m_serviceScroll = scrolled(m_serviceForm, m_stack);
    m_endpointsScroll = scrolled(m_endpointsForm, m_stack);
    m_noForm->setWordWrap(true);
    m_noForm->setAlignment(Qt::AlignCenter);
    m_stack->addWidget(m_serviceScroll);
    m_stack->addWidget(m_endpointsScroll);
    m_stack->addWidget(m_noForm);
    ll->addWidget(m_stack, 1);
    m_split->addWidget(left);
    m_split->addWidget(m_manifest);
    m_split->setStretchFactor(0, 1);
    m_split->setStretchFactor(1, 1);
    m_split->setSizes({520, 560});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_split);

    m_sync->setSingleShot(true);
    m_sync->setInterval(60); // "at once", but not on every key of a fast typist
    connect(m_sync, &QTimer::timeout, this, &ServiceEditor::syncFormNow);
    connect(m_manifest->editor(), &QPlainTextEdit::textChanged, this, &ServiceEditor::onTextChanged);
    connect(m_manifest, &ManifestEditor::problemsChanged, this, [this](int e, int w) {
        updateFormErrors();
        Q_EMIT problemsChanged(e, w);
    });
    connect(m_manifest, &ManifestEditor::modificationChanged, this,
            &ServiceEditor::modificationChanged);
    connect(m_serviceForm, &ServiceForm::edited, this, &ServiceEditor::formEdited);
    connect(m_endpointsForm, &EndpointsForm::edited, this, &ServiceEditor::formEdited);
    connect(m_objects, &QComboBox::activated, this, [this](int i) { setCurrentObject(i); });

    connect(m_apply, &ApplyController::stageChanged, this, [this](ApplyController::Stage s) {
        const QString label = ApplyController::label(m_apply->desired());
        QString text;
        switch (s) {
        case ApplyController::Stage::DryRun:
            text = tr("Checking %1 with a server dry run…").arg(label);
            break;
        case ApplyController::Stage::FetchingLive:
            text = tr("Reading the live %1…").arg(label);
            break;
        case ApplyController::Stage::Applying:
            text = tr("Applying %1…").arg(label);
            break;
        case ApplyController::Stage::Reloading:
            text = tr("Reloading %1 from the cluster…").arg(label);
            break;
        default:
            break;
        }
        if (!m_notes)
            return;
        if (text.isEmpty()) {
            m_notes->dismiss(m_busyNote);
            m_busyNote = 0;
        } else if (m_busyNote && !m_notes->text(m_busyNote).isEmpty()) {
            m_notes->update(m_busyNote, Sev::Busy, text);
        } else {
            m_busyNote = m_notes->post(Sev::Busy, text);
        }
    });
    connect(m_apply, &ApplyController::diffReady, this, &ServiceEditor::onDiffReady);
    connect(m_apply, &ApplyController::failed, this, &ServiceEditor::onApplyFailed);
    connect(m_apply, &ApplyController::applied, this, [this](const KubeObject &result, bool created) {
        const QString label = ApplyController::label(result);
        const ObjectMeta *rm = objectMeta(result);
        notify(int(Sev::Success),
               created ? tr("Created %1 (resourceVersion %2).")
                             .arg(label, QString::fromStdString(rm ? rm->resourceVersion : std::string()))
                       : tr("Replaced %1 (resourceVersion %2).")
                             .arg(label, QString::fromStdString(rm ? rm->resourceVersion : std::string())));
        // A document that names a resourceVersion follows the server's, so that the next
        // apply replaces this version (and a 409 means someone else changed it).
        syncFormNow();
        const ManifestObject *o = currentManifestObject();
        if (rm && o && o->object.index() != 0) {
            const ObjectMeta *dm = objectMeta(o->object);
            if (dm && !dm->resourceVersion.empty() && dm->resourceVersion != rm->resourceVersion) {
                KubeObject updated = o->object;
                objectMeta(updated)->resourceVersion = rm->resourceVersion;
                writeObject(updated, QStringLiteral("apply"));
            }
        }
        Q_EMIT appliedObject(result);
    });
    // A line edit or spin box has its own little undo stack; Ctrl+Z there must undo the
    // document (form and YAML together), not the last keystrokes of one field only.
    for (QWidget *form : {static_cast<QWidget *>(m_serviceForm), static_cast<QWidget *>(m_endpointsForm)})
        for (QWidget *w : form->findChildren<QWidget *>())
            if (qobject_cast<QLineEdit *>(w) || qobject_cast<QAbstractSpinBox *>(w))
                w->installEventFilter(this);
    retranslateUi();
    bindCurrent();
}

ServiceEditor::~ServiceEditor() = default;

bool ServiceEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        const bool isUndo = key->matches(QKeySequence::Undo);
        const bool isRedo = key->matches(QKeySequence::Redo);
        if (isUndo || isRedo) {
            // Claim the key (no window shortcut fires as well), then act on the press.
            event->accept();
            if (event->type() == QEvent::KeyPress)
                isUndo ? undo() : redo();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ServiceEditor::retranslateUi()
{
    //: Chooser of the object (document) of a multi-document file shown in the form
    m_objectsLabel->setText(tr("Object:"));
    m_noForm->setText(tr("There is no form for this object; edit it as YAML."));
    if (m_parsed || !m_formBanner->text().isEmpty())
        bindCurrent();
}

void ServiceEditor::changeEvent(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(e);
}

void ServiceEditor::setText(const QString &text, const QString &fileName)
{
    m_manifest->setText(text, fileName);
    syncFormNow();
}

QString ServiceEditor::text() const
{
    return m_manifest->text();
}

QString ServiceEditor::fileName() const
{
    return m_manifest->fileName();
}

void ServiceEditor::setFileName(const QString &f)
{
    m_manifest->setFileName(f);
}

bool ServiceEditor::isModified() const
{
    return m_manifest->isModified();
}

void ServiceEditor::setModified(bool m)
{
    m_manifest->setModified(m);
}

ProblemListModel *ServiceEditor::problems() const
{
    return m_manifest->problems();
}

CodeEditor *ServiceEditor::editor() const
{
    return m_manifest->editor();
}

void ServiceEditor::validateNow()
{
    syncFormNow();
    m_manifest->validateNow();
    updateFormErrors();
}

void ServiceEditor::undo()
{
    editor()->undo();
    syncFormNow();
}

void ServiceEditor::redo()
{
    editor()->redo();
    syncFormNow();
}

void ServiceEditor::onTextChanged()
{
    if (!m_serverProblems.empty()) {
        // The server's verdict was about the text as it was applied.
        m_serverProblems.clear();
        m_manifest->setExtraProblems({});
    }
    if (m_writingFromForm)
        return;
    m_sync->start();
}

bool ServiceEditor::reparse()
{
    auto file = loadManifestText(text().toStdString(), fileName().toStdString());
    m_parsed = file.ok();
    if (!file) {
        m_parseError = file.error();
        return false;
    }
    m_file = std::move(file).value();
    return true;
}

void ServiceEditor::syncFormNow()
{
    m_sync->stop();
    reparse();
    // The object chooser.
    const QSignalBlocker block(m_objects);
    if (m_parsed) {
        QStringList labels;
        for (const ManifestObject &o : m_file.objects)
            labels << QString::fromStdString(o.kind.empty() ? std::string("?") : o.kind)
                          + QLatin1Char('/')
                          + QString::fromStdString(o.name.empty() ? std::string("?") : o.name);
        bool same = labels.size() == m_objects->count();
        for (int i = 0; same && i < labels.size(); ++i)
            same = m_objects->itemText(i) == labels[i];
        if (!same) {
            m_objects->clear();
            m_objects->addItems(labels);
        }
        if (m_current >= int(m_file.objects.size()))
            m_current = 0;
        m_objects->setCurrentIndex(m_current);
    }
    m_objects->setVisible(m_objects->count() > 1);
    m_objectsLabel->setVisible(m_objects->count() > 1);
    bindCurrent();
}

int ServiceEditor::objectCount() const
{
    return m_parsed ? int(m_file.objects.size()) : 0;
}

void ServiceEditor::setCurrentObject(int index)
{
    if (index < 0 || index >= objectCount())
        return;
    m_current = index;
    m_objects->setCurrentIndex(index);
    bindCurrent();
    updateFormErrors();
    // Show the object in the YAML too.
    const ManifestObject &o = m_file.objects[size_t(index)];
    if (o.tree.mark().line > 0 && !editor()->hasFocus()) {
        const int line = o.tree.mark().line;
        QTextCursor c(editor()->document()->findBlockByNumber(line - 1));
        editor()->setTextCursor(c);
        editor()->centerCursor();
    }
}

const ManifestObject *ServiceEditor::currentManifestObject() const
{
    if (!m_parsed || m_current < 0 || m_current >= int(m_file.objects.size()))
        return nullptr;
    return &m_file.objects[size_t(m_current)];
}

bool ServiceEditor::formEnabled() const
{
    return m_stack->isEnabled() && m_stack->currentWidget() != m_noForm;
}

QString ServiceEditor::formMessage() const
{
    return m_formBanner->isVisibleTo(this) ? m_formBanner->text() : QString();
}

void ServiceEditor::bindCurrent()
{
    QString banner;
    bool enabled = true;
    if (!m_parsed) {
        banner = tr("The YAML cannot be read (line %1, column %2): %3. The form shows the last "
                    "readable state until it is fixed.")
                     .arg(m_parseError.line)
                     .arg(m_parseError.column)
                     .arg(QString::fromStdString(m_parseError.message));
        enabled = false;
    } else if (const ManifestObject *o = currentManifestObject()) {
        if (!o->errors.empty()) {
            const FieldError &e = o->errors.front();
            banner = tr("Fix this in the YAML first, the form cannot show it: %1")
                         .arg(QString::fromStdString(e.message()));
            enabled = false;
        } else if (!o->itemPath.empty()) {
            banner = tr("This object is an item of a List; edit it as YAML.");
            enabled = false;
        }
        if (const Service *s = o->as<Service>()) {
            m_stack->setCurrentWidget(m_serviceScroll);
            if (enabled)
                m_serviceForm->setService(*s);
        } else if (const Endpoints *e = o->as<Endpoints>()) {
            m_stack->setCurrentWidget(m_endpointsScroll);
            if (enabled)
                m_endpointsForm->setEndpoints(*e);
        } else {
            m_stack->setCurrentWidget(m_noForm);
        }
    } else {
        // An empty document: the form starts a new Service.
        m_stack->setCurrentWidget(m_noForm);
        m_noForm->setText(tr("The document is empty. Use File → New Service… or type YAML."));
    }
    m_formBanner->setText(banner);
    m_formBanner->setVisible(!banner.isEmpty());
    m_stack->setEnabled(enabled);
}

ServiceEditor::Segment ServiceEditor::segmentFor(const ManifestObject &o) const
{
    const QTextDocument *doc = editor()->document();
    Segment seg;
    const int line = qMax(1, o.tree.mark().line);
    int first = 1;
    int last = doc->blockCount();
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        const int n = b.blockNumber() + 1;
        if (!isDocumentMarker(b.text()))
            continue;
        if (n < line)
            first = n + 1;
        else if (n > line) {
            last = n - 1;
            break;
        }
    }
    seg.firstLine = first;
    seg.lastLine = last;
    const QTextBlock fb = doc->findBlockByNumber(first - 1);
    seg.start = fb.isValid() ? fb.position() : 0;
    const QTextBlock after = doc->findBlockByNumber(last); // the marker line, or invalid
    seg.end = after.isValid() ? after.position() : doc->characterCount() - 1;
    return seg;
}

void ServiceEditor::formEdited(const QString &key)
{
    const ManifestObject *o = currentManifestObject();
    if (!o)
        return;
    KubeObject obj;
    if (o->as<Service>())
        obj = m_serviceForm->service();
    else if (o->as<Endpoints>())
        obj = m_endpointsForm->endpoints();
    else
        return;
    writeObject(obj, key);
}

void ServiceEditor::writeObject(const KubeObject &object, const QString &key)
{
    const ManifestObject *o = currentManifestObject();
    if (!o || !o->itemPath.empty())
        return;
    const Segment seg = segmentFor(*o);
    const QString full = text();
    const QString oldSeg = full.mid(seg.start, seg.end - seg.start);
    const Node tree = encodeObject(object, &o->tree);
    // A JSON document stays JSON (it has no comments to keep).
    const bool json = oldSeg.trimmed().startsWith(QLatin1Char('{'));
    QString newSeg = QString::fromStdString(json ? writeJson(tree) + "\n" : writeYaml(tree));
    if (!oldSeg.endsWith(QLatin1Char('\n')) && newSeg.endsWith(QLatin1Char('\n')))
        newSeg.chop(1);
    if (!json)
        newSeg = keepComments(oldSeg, newSeg);
    if (newSeg == oldSeg)
        return;
    // Replace only what changed, so that the cursor, the view and the undo step stay small.
    int pre = 0;
    const int maxPre = int(qMin(oldSeg.size(), newSeg.size()));
    while (pre < maxPre && oldSeg[pre] == newSeg[pre])
        ++pre;
    int suf = 0;
    while (suf < oldSeg.size() - pre && suf < newSeg.size() - pre
           && oldSeg[oldSeg.size() - 1 - suf] == newSeg[newSeg.size() - 1 - suf])
        ++suf;
    QTextDocument *doc = editor()->document();
    QTextCursor c(doc);
    // Keystrokes in the same field within a moment are one undo step, as typing is.
    const bool join = key == m_lastFormKey && m_lastFormRevision == doc->revision()
                      && m_lastFormEdit.isValid() && m_lastFormEdit.elapsed() < 1500
                      && doc->isUndoAvailable();
    if (join)
        c.joinPreviousEditBlock();
    else
        c.beginEditBlock();
    c.setPosition(seg.start + pre);
    c.setPosition(seg.start + int(oldSeg.size()) - suf, QTextCursor::KeepAnchor);
    m_writingFromForm = true;
    c.insertText(newSeg.mid(pre, newSeg.size() - pre - suf));
    c.endEditBlock();
    m_writingFromForm = false;
    m_lastFormKey = key;
    m_lastFormRevision = doc->revision();
    m_lastFormEdit.start();
    reparse(); // new marks and trees for the next edit; the form already shows this state
}

void ServiceEditor::updateFormErrors()
{
    const ManifestObject *o = currentManifestObject();
    if (!o)
        return;
    const Segment seg = segmentFor(*o);
    const QString label = QString::fromStdString(o->kind) + QLatin1Char('/')
                          + QString::fromStdString(o->name);
    FieldErrors errors;
    const auto take = [&](const std::vector<Problem> &list) {
        for (const Problem &p : list) {
            const bool inside = p.error.line > 0 ? p.error.line >= seg.firstLine
                                                       && p.error.line <= seg.lastLine
                                                 : p.objectLabel.startsWith(label);
            if (inside && p.error.type != "YAMLSyntaxError")
                errors.push_back(p.error);
        }
    };
    take(m_manifest->problems()->problems());
    if (o->as<Service>())
        m_serviceForm->setFieldErrors(errors);
    else if (o->as<Endpoints>())
        m_endpointsForm->setFieldErrors(errors);
}

void ServiceEditor::setServerErrors(const FieldErrors &causes)
{
    syncFormNow();
    const ManifestObject *o = currentManifestObject();
    FieldErrors located = causes;
    for (FieldError &e : located) {
        e.line = 0;
        e.column = 0;
    }
    if (o)
        locateFields(located, o->tree);
    std::vector<Problem> problems;
    //: Object label of a problem the server (a 422 answer) reported, e.g. "Service/web (server)"
    const QString label = o ? tr("%1 (server)").arg(QString::fromStdString(o->kind + "/" + o->name))
                            : tr("(server)");
    for (const FieldError &e : located)
        problems.push_back({e, label});
    m_serverProblems = problems;
    m_manifest->setExtraProblems(std::move(problems));
    updateFormErrors();
}

void ServiceEditor::setClusterBackend(ClusterBackend *backend)
{
    m_apply->setBackend(backend);
}

void ServiceEditor::setNotificationArea(NotificationArea *area)
{
    m_notes = area;
}

void ServiceEditor::notify(int severity, const QString &text)
{
    if (m_notes)
        m_notes->post(Sev(severity), text);
}

void ServiceEditor::apply()
{
    syncFormNow();
    if (!m_apply->backend()) {
        notify(int(Sev::Error), tr("No cluster is connected: choose one in the cluster switcher."));
        return;
    }
    if (!m_parsed) {
        notify(int(Sev::Error), tr("The YAML cannot be read, so there is nothing to apply: %1")
                                    .arg(QString::fromStdString(m_parseError.toString())));
        return;
    }
    const ManifestObject *o = currentManifestObject();
    if (!o || o->object.index() == 0) {
        notify(int(Sev::Error), tr("Nothing to apply: the document holds no object of a kind "
                                   "Service Studio knows."));
        return;
    }
    if (!o->errors.empty()) {
        notify(int(Sev::Error), tr("Fix the YAML first: %1")
                                    .arg(QString::fromStdString(o->errors.front().message())));
        return;
    }
    KubeObject object = o->object;
    ObjectMeta *meta = objectMeta(object);
    if (meta && meta->namespace_.empty() && !m_defaultNamespace.isEmpty()
        && resourceIsNamespaced(*resourceKindOf(object)))
        meta->namespace_ = m_defaultNamespace.toStdString();
    m_apply->start(object);
}

DiffDialog *ServiceEditor::diffDialog() const
{
    return m_diff.data();
}

void ServiceEditor::reloadAndReapply()
{
    m_apply->reloadAndReapply();
}

void ServiceEditor::onDiffReady()
{
    if (!m_diff) {
        m_diff = new DiffDialog(this);
        connect(m_diff, &QDialog::accepted, this, [this] { m_apply->confirm(); });
        connect(m_diff, &QDialog::rejected, this, [this] {
            m_apply->cancel();
            notify(int(Sev::Info), tr("Apply cancelled; nothing was changed."));
        });
    }
    m_diff->setDiff(ApplyController::label(m_apply->desired()),
                    ApplyController::diffYaml(m_apply->live()),
                    ApplyController::diffYaml(m_apply->dryRunResult()), m_apply->liveExists());
    m_diff->open(); // window-modal, never blocks the event loop
}

void ServiceEditor::onApplyFailed()
{
    const ApiError &e = m_apply->lastError();
    const QString label = ApplyController::label(m_apply->desired());
    const QString message = QString::fromStdString(e.message);
    if (e.reason == "Invalid") {
        setServerErrors(e.causes);
        notify(int(Sev::Error),
               tr("The server refused %1: %n problem(s), marked in the form and the YAML.",
                  nullptr, int(e.causes.size()))
                   .arg(label)
                   + QLatin1Char('\n') + message);
        return;
    }
    if (e.reason == "Conflict") {
        if (!m_notes)
            return;
        QPointer<ServiceEditor> self(this);
        m_notes->post(Sev::Warning,
                      tr("%1 was changed in the cluster after it was read: %2").arg(label, message),
                      {{tr("Reload and Reapply"),
                        [self] {
                            if (self)
                                self->reloadAndReapply();
                        }}});
        return;
    }
    if (e.reason == "NoCluster") {
        notify(int(Sev::Error), tr("No cluster is connected: choose one in the cluster switcher."));
        return;
    }
    notify(int(Sev::Error), tr("Applying %1 failed: %2").arg(label, message));
}

} // namespace studio::views
