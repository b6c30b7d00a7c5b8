// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include <functional>
#include <vector>

class QTableWidget;
class QToolButton;
class QLabel;

namespace studio::views {

// A small editable table of text rows (labels, selector, ports, external IPs) with add and
// remove buttons. Cells can offer choices (an editable combo box); problems mark a cell or
// the whole table, their message on hover. Emits edited() for every change the user makes,
// never for setRows().
class TableEditor : public QWidget
{
    Q_OBJECT
public:
    using Choices = std::function<QStringList(int row, int column)>;

    explicit TableEditor(int columns, QWidget *parent = nullptr);

    void setHeaders(const QStringList &headers);
    void setRows(const std::vector<QStringList> &rows);
    std::vector<QStringList> rows() const; // rows whose cells are all empty are left out
    int rowCount() const;
    // Choices offered when editing a cell (empty list: a plain line edit).
    void setChoices(Choices choices);
    void setColumnHidden(int column, bool hidden);
    bool isColumnHidden(int column) const;
    void setCellToolTip(int row, int column, const QString &tip);

    void clearErrors();
    void setCellError(int row, int column, const QString &message);
    void setTableError(const QString &message);
    QString cellError(int row, int column) const;
    QString tableError() const { return m_tableError; }

    // Adds a row with these cells (e.g. from a picker) and emits edited().
    void appendRow(const QStringList &cells);
    void setCell(int row, int column, const QString &text); // user edit: emits edited()
    QTableWidget *table() const { return m_table; }
    void addToolButton(QToolButton *button);
    QToolButton *addButton() const { return m_add; }
    QToolButton *removeButton() const { return m_remove; }

Q_SIGNALS:
    void edited();

protected:
    void changeEvent(QEvent *e) override;

private:
    void retranslateUi();
    void updateHeight();

    QTableWidget *m_table;
    QToolButton *m_add;
    QToolButton *m_remove;
    QWidget *m_buttons;
    Choices m_choices;
    QString m_tableError;
    bool m_filling = false;
};

} // namespace studio::views
