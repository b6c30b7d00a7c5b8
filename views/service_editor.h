// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "manifest/manifest.h"
#include "problem_list_model.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QScrollArea;
class QSplitter;
class QStackedWidget;
class QTimer;

namespace studio {
class ClusterBackend;
}

namespace studio::views {

class ApplyController;
class CodeEditor;
class DiffDialog;
class EndpointsForm;
class ManifestEditor;
class NotificationArea;
class ServiceForm;

// One open manifest document with two synchronised faces: the form (ServiceForm or
// EndpointsForm for the chosen object of the file) and the YAML (ManifestEditor, live
// validation). The YAML text is the one source of truth and its undo stack the one history:
// a form edit re-encodes the object into its tree (encodeObject merges, so unknown fields
// and key order survive; full-line comments are kept) and replaces only the changed part
// of the text, as one undo step (keystrokes in one field within a moment are merged). Undo
// and redo therefore work across both faces, and a YAML edit refreshes the form.
//
// Apply runs ApplyController against the window's cluster: server dry run, a side-by-side
// diff, create or replace; a 422's causes mark their fields in the form and the YAML, a 409
// offers reload-and-reapply (in the notification area).
class ServiceEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ServiceEditor(QWidget *parent = nullptr);
    ~ServiceEditor() override;

    void setText(const QString &text, const QString &fileName);
    QString text() const;
    QString fileName() const;
    void setFileName(const QString &f);
    bool isModified() const;
    void setModified(bool m);
    // Validates and refreshes the form now (tests, saving).
    void validateNow();
    // Re-reads the YAML into the form now (normally a moment after typing stops).
    void syncFormNow();

    ProblemListModel *problems() const;
    ManifestEditor *manifest() const { return m_manifest; }
    CodeEditor *editor() const;
    ServiceForm *serviceForm() const { return m_serviceForm; }
    EndpointsForm *endpointsForm() const { return m_endpointsForm; }
    // Whether the form face is usable (the YAML reads and the object decodes).
    bool formEnabled() const;
    QString formMessage() const;

    int objectCount() const;
    int currentObject() const { return m_current; }
    void setCurrentObject(int index);
    const ManifestObject *currentManifestObject() const;

    void undo();
    void redo();

    void setClusterBackend(ClusterBackend *backend);
    // Where an object without metadata.namespace goes (the namespace selector, like
    // kubectl's -n); empty: the cluster's default.
    void setDefaultNamespace(const QString &ns) { m_defaultNamespace = ns; }
    void setNotificationArea(NotificationArea *area);
    ApplyController *applyController() const { return m_apply; }
    DiffDialog *diffDialog() const;
    // Apply the current object to the cluster (dry run, diff, create/replace).
    void apply();
    void reloadAndReapply();
    // A server's verdict on the current object (422 causes): located in its YAML, shown in
    // the problems, the text and the form until the next edit.
    void setServerErrors(const FieldErrors &causes);

Q_SIGNALS:
    void problemsChanged(int errors, int warnings);
    void modificationChanged(bool modified);
    void appliedObject(const KubeObject &result);

protected:
    void changeEvent(QEvent *e) override;
    // Undo and redo keys in the form's fields go to the one shared history.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Segment
    {
        int start = 0; // character positions in the text
        int end = 0;
        int firstLine = 1; // 1-based, inclusive
        int lastLine = 1;
    };
    void retranslateUi();
    void onTextChanged();
    bool reparse();
    void bindCurrent();
    void formEdited(const QString &key);
    void writeObject(const KubeObject &object, const QString &key);
    void updateFormErrors();
    Segment segmentFor(const ManifestObject &o) const;
    void notify(int severity, const QString &text);
    void onApplyFailed();
    void onDiffReady();

    ManifestEditor *m_manifest;
    QComboBox *m_objects;
    QLabel *m_objectsLabel;
    QLabel *m_formBanner;
    QStackedWidget *m_stack;
    QScrollArea *m_serviceScroll;
    QScrollArea *m_endpointsScroll;
    ServiceForm *m_serviceForm;
    EndpointsForm *m_endpointsForm;
    QLabel *m_noForm;
    QSplitter *m_split;
    QTimer *m_sync;
    ApplyController *m_apply;
    QPointer<DiffDialog> m_diff;
    QPointer<NotificationArea> m_notes;
    int m_busyNote = 0;

    ManifestFile m_file;
    bool m_parsed = false;
    Error m_parseError;
    int m_current = 0;
    bool m_writingFromForm = false;
    QString m_lastFormKey;
    int m_lastFormRevision = -1;
    QElapsedTimer m_lastFormEdit;
    std::vector<Problem> m_serverProblems;
    QString m_defaultNamespace;
};

} // namespace studio::views
