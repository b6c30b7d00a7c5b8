// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPlainTextEdit>

#include <vector>

namespace studio::views {

// A plain-text editor for YAML with line numbers and diagnostics drawn as wavy underlines
// at their line and column; hovering shows the message.
class CodeEditor : public QPlainTextEdit
{
    Q_OBJECT
public:
    struct Diagnostic
    {
        int line = 0;   // 1-based
        int column = 0; // 1-based; 0 = whole line
        bool warning = false;
        QString message;
    };

    explicit CodeEditor(QWidget *parent = nullptr);

    void setDiagnostics(std::vector<Diagnostic> diagnostics);
    // Moves the cursor to line/column (1-based) and shows it.
    void goTo(int line, int column);
    int lineNumberAreaWidth() const;

protected:
    void resizeEvent(QResizeEvent *e) override;
    bool event(QEvent *e) override;

private:
    friend class LineNumberArea;
    void paintLineNumbers(QPaintEvent *e);
    void updateLineNumberArea(const QRect &rect, int dy);
    void refreshSelections();

    QWidget *m_lineNumbers;
    std::vector<Diagnostic> m_diagnostics;
};

} // namespace studio::views
