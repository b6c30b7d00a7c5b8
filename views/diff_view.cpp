// SPDX-License-Identifier: GPL-3.0-or-later
#include "diff_view.h"

#include "line_diff.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBlock>
#include <QVBoxLayout>

namespace studio::views {

namespace {

QPlainTextEdit *makePane(QWidget *parent)
{
    auto *p = new QPlainTextEdit(parent);
    p->setReadOnly(true);
    p->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    p->setFont(mono);
    return p;
}

void fill(QPlainTextEdit *pane, const QStringList &lines, const std::vector<int> &marks,
          const QColor &color)
{
    pane->setPlainText(lines.join(QLatin1Char('\n')));
    QList<QTextEdit::ExtraSelection> sels;
    for (int i = 0; i < int(marks.size()); ++i) {
        if (!marks[size_t(i)])
            continue;
        QTextEdit::ExtraSelection sel;
        sel.cursor = QTextCursor(pane->document()->findBlockByNumber(i));
        sel.format.setBackground(marks[size_t(i)] == 1 ? color : QColor(235, 235, 235));
        sel.format.setProperty(QTextFormat::FullWidthSelection, true);
        sels << sel;
    }
    pane->setExtraSelections(sels);
}

} // namespace

DiffView::DiffView(QWidget *parent)
    : QWidget(parent)
    , m_leftTitle(new QLabel(this))
    , m_rightTitle(new QLabel(this))
    , m_left(makePane(this))
    , m_right(makePane(this))
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_leftTitle, 0, 0);
    grid->addWidget(m_rightTitle, 0, 1);
    grid->addWidget(m_left, 1, 0);
    grid->addWidget(m_right, 1, 1);
    m_left->setObjectName(QStringLiteral("diffLeft"));
    m_right->setObjectName(QStringLiteral("diffRight"));
    connect(m_left->verticalScrollBar(), &QScrollBar::valueChanged, m_right->verticalScrollBar(),
            &QScrollBar::setValue);
    connect(m_right->verticalScrollBar(), &QScrollBar::valueChanged, m_left->verticalScrollBar(),
            &QScrollBar::setValue);
}

void DiffView::setTitles(const QString &left, const QString &right)
{
    m_leftTitle->setText(left);
    m_rightTitle->setText(right);
}

void DiffView::setTexts(const QString &left, const QString &right)
{
    const QStringList a = left.isEmpty() ? QStringList() : left.split(QLatin1Char('\n'));
    const QStringList b = right.isEmpty() ? QStringList() : right.split(QLatin1Char('\n'));
    QStringList la, lb;
    std::vector<int> ma, mb; // 0 same, 1 changed, 2 filler
    m_changed = 0;
    const auto ops = diffLines(a, b);
    // Aligned rows: a run of deletions faces the run of insertions that follows it.
    size_t i = 0;
    while (i < ops.size()) {
        if (ops[i].kind == LineDiffOp::Kind::Equal) {
            la << a[ops[i].aLine];
            lb << b[ops[i].bLine];
            ma.push_back(0);
            mb.push_back(0);
            ++i;
            continue;
        }
        QStringList del, ins;
        while (i < ops.size() && ops[i].kind != LineDiffOp::Kind::Equal) {
            if (ops[i].kind == LineDiffOp::Kind::Delete)
                del << a[ops[i].aLine];
            else
                ins << b[ops[i].bLine];
            ++i;
        }
        m_changed += int(qMax(del.size(), ins.size()));
        for (int k = 0; k < qMax(del.size(), ins.size()); ++k) {
            la << (k < del.size() ? del[k] : QString());
            ma.push_back(k < del.size() ? 1 : 2);
            lb << (k < ins.size() ? ins[k] : QString());
            mb.push_back(k < ins.size() ? 1 : 2);
        }
    }
    fill(m_left, la, ma, QColor(255, 215, 215));
    fill(m_right, lb, mb, QColor(210, 245, 210));
}

DiffDialog::DiffDialog(QWidget *parent)
    : QDialog(parent)
    , m_summary(new QLabel(this))
    , m_view(new DiffView(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("diffDialog"));
    auto *layout = new QVBoxLayout(this);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_buttons);
    m_apply = m_buttons->addButton(QString(), QDialogButtonBox::AcceptRole);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(1000, 640);
}

void DiffDialog::setDiff(const QString &objectLabel, const QString &liveYaml,
                         const QString &resultYaml, bool exists)
{
    setWindowTitle(tr("Apply %1").arg(objectLabel));
    m_view->setTitles(exists ? tr("Live object") : tr("Live object (does not exist yet)"),
                      tr("After apply (server dry run)"));
    m_view->setTexts(liveYaml, resultYaml);
    if (exists)
        m_summary->setText(m_view->changedLines() == 0
                               ? tr("The server accepted the object (dry run). Replacing %1 "
                                    "changes nothing.").arg(objectLabel)
                               : tr("The server accepted the object (dry run). Replacing %1 "
                                    "changes %n line(s).", nullptr, m_view->changedLines())
                                     .arg(objectLabel));
    else
        m_summary->setText(tr("The server accepted the object (dry run). %1 does not exist yet "
                              "and will be created.").arg(objectLabel));
    m_apply->setText(exists ? tr("&Replace") : tr("&Create"));
}

} // namespace studio::views
