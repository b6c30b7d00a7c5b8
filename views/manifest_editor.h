// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "check/manifest_check.h"
#include "problem_list_model.h"

#include <QFutureWatcher>
#include <QWidget>

class QTimer;
class QTreeView;
class QLabel;
class QSplitter;

namespace studio::views {

class CodeEditor;
class YamlHighlighter;

// A YAML manifest document with live validation: the text, its problems (underlined in the
// text and listed below it, double-click jumps to the spot). Validation runs off the GUI
// thread after a short pause in typing, so large files never freeze the editor.
class ManifestEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ManifestEditor(QWidget *parent = nullptr);
    ~ManifestEditor() override;

    void setText(const QString &text, const QString &fileName);
    QString text() const;
    QString fileName() const { return m_fileName; }
    void setFileName(const QString &f) { m_fileName = f; }
    bool isModified() const;
    void setModified(bool m);
    void setValidationSettings(const ValidationSettings &s);

    ProblemListModel *problems() const { return m_problems; }
    CodeEditor *editor() const { return m_editor; }

    // Validates now and waits (for tests and for saving).
    void validateNow();
    // Problems from elsewhere (a server's 422 causes), shown with the validation's own until
    // replaced; located by the caller.
    void setExtraProblems(std::vector<Problem> problems);
    const std::vector<Problem> &extraProblems() const { return m_extra; }

Q_SIGNALS:
    void problemsChanged(int errors, int warnings);
    void modificationChanged(bool modified);

protected:
    void changeEvent(QEvent *e) override;

private:
    struct CheckOutcome
    {
        bool parsed = false;
        Error parseError;
        std::vector<Problem> problems;
    };
    static CheckOutcome check(const std::string &text, const std::string &fileName,
                              const ValidationSettings &settings);
    void scheduleValidation();
    void startValidation();
    void applyOutcome(const CheckOutcome &o);
    void retranslateUi();

    CodeEditor *m_editor;
    YamlHighlighter *m_highlighter;
    QTreeView *m_problemView;
    ProblemListModel *m_problems;
    QLabel *m_summary;
    QTimer *m_debounce;
    QFutureWatcher<CheckOutcome> m_watcher;
    bool m_pending = false;
    QString m_fileName;
    ValidationSettings m_settings;
    CheckOutcome m_last;
    std::vector<Problem> m_extra;
};

} // namespace studio::views
