// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QDialogButtonBox;
class QPushButton;

namespace studio::views {

// Two YAML texts side by side, lines aligned, removed lines red on the left, added lines
// green on the right; both panes scroll together.
class DiffView : public QWidget
{
    Q_OBJECT
public:
    explicit DiffView(QWidget *parent = nullptr);

    void setTexts(const QString &left, const QString &right);
    void setTitles(const QString &left, const QString &right);
    int changedLines() const { return m_changed; }
    QPlainTextEdit *leftPane() const { return m_left; }
    QPlainTextEdit *rightPane() const { return m_right; }

private:
    QLabel *m_leftTitle;
    QLabel *m_rightTitle;
    QPlainTextEdit *m_left;
    QPlainTextEdit *m_right;
    int m_changed = 0;
};

// The confirmation step of Apply: the live object against what the server's dry run says
// the object will be, and a Create or Replace button.
class DiffDialog : public QDialog
{
    Q_OBJECT
public:
    explicit DiffDialog(QWidget *parent = nullptr);

    // exists: the object is in the cluster (Replace), otherwise Create.
    void setDiff(const QString &objectLabel, const QString &liveYaml, const QString &resultYaml,
                 bool exists);
    DiffView *view() const { return m_view; }
    QPushButton *applyButton() const { return m_apply; }

private:
    QLabel *m_summary;
    DiffView *m_view;
    QDialogButtonBox *m_buttons;
    QPushButton *m_apply;
};

} // namespace studio::views
