// SPDX-License-Identifier: GPL-3.0-or-later
#include "code_editor.h"

#include <QHelpEvent>
#include <QPainter>
#include <QTextBlock>
#include <QToolTip>

namespace studio::views {

class LineNumberArea : public QWidget
{
public:
    explicit LineNumberArea(CodeEditor *editor) : QWidget(editor), m_editor(editor) {}
    QSize sizeHint() const override { return {m_editor->lineNumberAreaWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *e) override { m_editor->paintLineNumbers(e); }

private:
    CodeEditor *m_editor;
};

CodeEditor::CodeEditor(QWidget *parent) : QPlainTextEdit(parent), m_lineNumbers(new LineNumberArea(this))
{
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    setFont(mono);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabChangesFocus(false);
    connect(this, &QPlainTextEdit::blockCountChanged, this,
            [this] { setViewportMargins(lineNumberAreaWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, &CodeEditor::updateLineNumberArea);
    setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

int CodeEditor::lineNumberAreaWidth() const
{
    int digits = 1;
    for (int max = qMax(1, blockCount()); max >= 10; max /= 10)
        ++digits;
    return 8 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * qMax(3, digits);
}

void CodeEditor::resizeEvent(QResizeEvent *e)
{
    QPlainTextEdit::resizeEvent(e);
    const QRect cr = contentsRect();
    m_lineNumbers->setGeometry(QRect(cr.left(), cr.top(), lineNumberAreaWidth(), cr.height()));
}

void CodeEditor::updateLineNumberArea(const QRect &rect, int dy)
{
    if (dy)
        m_lineNumbers->scroll(0, dy);
    else
        m_lineNumbers->update(0, rect.y(), m_lineNumbers->width(), rect.height());
}

void CodeEditor::paintLineNumbers(QPaintEvent *e)
{
    QPainter p(m_lineNumbers);
    p.fillRect(e->rect(), palette().color(QPalette::AlternateBase));
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    int bottom = top + qRound(blockBoundingRect(block).height());
    while (block.isValid() && top <= e->rect().bottom()) {
        if (block.isVisible() && bottom >= e->rect().top()) {
            const int line = block.blockNumber() + 1;
            bool err = false, warn = false;
            for (const auto &d : m_diagnostics)
                if (d.line == line)
                    (d.warning ? warn : err) = true;
            p.setPen(err    ? QColor(200, 30, 30)
                     : warn ? QColor(190, 130, 0)
                            : palette().color(QPalette::PlaceholderText));
            p.drawText(0, top, m_lineNumbers->width() - 4, fontMetrics().height(),
                       Qt::AlignRight, QString::number(line));
        }
        block = block.next();
        top = bottom;
        bottom = top + qRound(blockBoundingRect(block).height());
    }
}

void CodeEditor::setDiagnostics(std::vector<Diagnostic> diagnostics)
{
    m_diagnostics = std::move(diagnostics);
    refreshSelections();
    m_lineNumbers->update();
}

void CodeEditor::refreshSelections()
{
    QList<QTextEdit::ExtraSelection> sels;
    for (const auto &d : m_diagnostics) {
        const QTextBlock block = document()->findBlockByNumber(d.line - 1);
        if (!block.isValid())
            continue;
        QTextEdit::ExtraSelection sel;
        QTextCursor c(block);
        const QString text = block.text();
        int start = d.column > 0 ? qMin(d.column - 1, int(text.size())) : 0;
        // Underline the token at the column: up to the next space, or the rest of the line.
        int end = start;
        while (end < text.size() && !text.at(end).isSpace() && text.at(end) != QLatin1Char(':'))
            ++end;
        if (end == start)
            end = text.size();
        if (end == start) { // empty line: mark one character's width
            c.movePosition(QTextCursor::EndOfBlock);
        }
        c.setPosition(block.position() + start);
        c.setPosition(block.position() + end, QTextCursor::KeepAnchor);
        sel.cursor = c;
        sel.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        sel.format.setUnderlineColor(d.warning ? QColor(220, 160, 0) : QColor(220, 30, 30));
        sel.format.setToolTip(d.message);
        sels.append(sel);
    }
    setExtraSelections(sels);
}

void CodeEditor::goTo(int line, int column)
{
    const QTextBlock block = document()->findBlockByNumber(qMax(0, line - 1));
    if (!block.isValid())
        return;
    QTextCursor c(block);
    c.setPosition(block.position() + qBound(0, column - 1, int(block.text().size())));
    setTextCursor(c);
    centerCursor();
    setFocus();
}

bool CodeEditor::event(QEvent *e)
{
    if (e->type() == QEvent::ToolTip) {
        auto *he = static_cast<QHelpEvent *>(e);
        const QPoint pos = viewport()->mapFromGlobal(he->globalPos());
        const QTextCursor c = cursorForPosition(pos);
        const int line = c.blockNumber() + 1;
        QStringList msgs;
        for (const auto &d : m_diagnostics)
            if (d.line == line)
                msgs << d.message;
        if (!msgs.isEmpty())
            QToolTip::showText(he->globalPos(), msgs.join(QLatin1Char('\n')), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QPlainTextEdit::event(e);
}

} // namespace studio::views
