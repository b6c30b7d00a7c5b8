// SPDX-License-Identifier: GPL-3.0-or-later
#include "table_editor.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace studio::views {

namespace {

constexpr int kErrorRole = Qt::UserRole + 10;

// An editable combo box where the cell offers choices, a line edit elsewhere.
class ChoiceDelegate : public QStyledItemDelegate
{
public:
    ChoiceDelegate(const TableEditor::Choices *choices, QObject *parent)
        : QStyledItemDelegate(parent), m_choices(choices)
    {}
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override
    {
        const QStringList c = *m_choices ? (*m_choices)(index.row(), index.column()) : QStringList();
        if (c.isEmpty())
            return QStyledItemDelegate::createEditor(parent, option, index);
        auto *box = new QComboBox(parent);
        box->setEditable(true);
        box->addItems(c);
        return box;
    }
    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        if (auto *box = qobject_cast<QComboBox *>(editor)) {
            box->setCurrentText(index.data(Qt::EditRole).toString());
            return;
        }
        QStyledItemDelegate::setEditorData(editor, index);
    }
    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override
    {
        if (auto *box = qobject_cast<QComboBox *>(editor)) {
            model->setData(index, box->currentText(), Qt::EditRole);
            return;
        }
        QStyledItemDelegate::setModelData(editor, model, index);
    }

private:
    const TableEditor::Choices *m_choices;
};

} // namespace

TableEditor::TableEditor(int columns, QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, columns, this))
    , m_add(new QToolButton(this))
    , m_remove(new QToolButton(this))
    , m_buttons(new QWidget(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    auto *bl = new QVBoxLayout(m_buttons);
    bl->setContentsMargins(0, 0, 0, 0);
    bl->addWidget(m_add);
    bl->addWidget(m_remove);
    bl->addStretch(1);
    layout->addWidget(m_buttons);
    m_add->setText(QStringLiteral("+"));
    m_remove->setText(QString(QChar(0x2212)));
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed
                             | QAbstractItemView::SelectedClicked);
    m_table->setItemDelegate(new ChoiceDelegate(&m_choices, m_table));
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (!m_filling)
            Q_EMIT edited();
    });
    connect(m_add, &QToolButton::clicked, this, [this] {
        appendRow(QStringList());
        m_table->setCurrentCell(m_table->rowCount() - 1, 0);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, 0));
    });
    connect(m_remove, &QToolButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row < 0)
            return;
        m_table->removeRow(row);
        updateHeight();
        Q_EMIT edited();
    });
    retranslateUi();
    updateHeight();
}

void TableEditor::retranslateUi()
{
    m_add->setToolTip(tr("Add a row"));
    m_remove->setToolTip(tr("Remove the selected row"));
}

void TableEditor::changeEvent(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(e);
}

void TableEditor::updateHeight()
{
    // Tall enough for the rows (up to eight), so that a form shows its tables without
    // nested scrolling for the usual handful of ports or labels.
    const int rows = qBound(2, m_table->rowCount() + 1, 8);
    const int h = m_table->horizontalHeader()->sizeHint().height()
                  + rows * m_table->verticalHeader()->defaultSectionSize() + 4;
    m_table->setMinimumHeight(h);
    m_table->setMaximumHeight(h);
}

void TableEditor::setHeaders(const QStringList &headers)
{
    m_table->setHorizontalHeaderLabels(headers);
}

void TableEditor::setRows(const std::vector<QStringList> &rows)
{
    m_filling = true;
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < int(rows.size()); ++r)
        for (int c = 0; c < m_table->columnCount(); ++c) {
            const QString text = c < rows[size_t(r)].size() ? rows[size_t(r)][c] : QString();
            QTableWidgetItem *item = m_table->item(r, c);
            if (!item) {
                item = new QTableWidgetItem(text);
                m_table->setItem(r, c, item);
            } else if (item->text() != text) {
                item->setText(text);
            }
        }
    m_filling = false;
    updateHeight();
}

std::vector<QStringList> TableEditor::rows() const
{
    std::vector<QStringList> out;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        QStringList row;
        bool any = false;
        for (int c = 0; c < m_table->columnCount(); ++c) {
            const QTableWidgetItem *item = m_table->item(r, c);
            const QString t = item ? item->text().trimmed() : QString();
            any = any || !t.isEmpty();
            row << t;
        }
        if (any)
            out.push_back(row);
    }
    return out;
}

int TableEditor::rowCount() const
{
    return m_table->rowCount();
}

void TableEditor::setChoices(Choices choices)
{
    m_choices = std::move(choices);
}

void TableEditor::setColumnHidden(int column, bool hidden)
{
    m_table->setColumnHidden(column, hidden);
}

bool TableEditor::isColumnHidden(int column) const
{
    return m_table->isColumnHidden(column);
}

void TableEditor::setCellToolTip(int row, int column, const QString &tip)
{
    if (QTableWidgetItem *item = m_table->item(row, column)) {
        const bool f = m_filling;
        m_filling = true;
        item->setToolTip(tip);
        m_filling = f;
    }
}

void TableEditor::clearErrors()
{
    m_filling = true;
    for (int r = 0; r < m_table->rowCount(); ++r)
        for (int c = 0; c < m_table->columnCount(); ++c)
            if (QTableWidgetItem *item = m_table->item(r, c); item && item->data(kErrorRole).isValid()) {
                item->setData(kErrorRole, QVariant());
                item->setData(Qt::BackgroundRole, QVariant());
                item->setToolTip(QString());
            }
    m_filling = false;
    m_tableError.clear();
    m_table->setToolTip(QString());
    m_table->setStyleSheet(QString());
}

void TableEditor::setCellError(int row, int column, const QString &message)
{
    if (row < 0 || row >= m_table->rowCount() || column < 0 || column >= m_table->columnCount()) {
        setTableError(message);
        return;
    }
    m_filling = true;
    QTableWidgetItem *item = m_table->item(row, column);
    if (!item) {
        item = new QTableWidgetItem;
        m_table->setItem(row, column, item);
    }
    QString msg = item->data(kErrorRole).toString();
    msg = msg.isEmpty() ? message : msg + QLatin1Char('\n') + message;
    item->setData(kErrorRole, msg);
    item->setData(Qt::BackgroundRole, QColor(255, 220, 220));
    item->setToolTip(msg);
    m_filling = false;
}

void TableEditor::setTableError(const QString &message)
{
    m_tableError = m_tableError.isEmpty() ? message : m_tableError + QLatin1Char('\n') + message;
    m_table->setToolTip(m_tableError);
    m_table->setStyleSheet(QStringLiteral("QTableWidget { border: 1px solid #d22; }"));
}

QString TableEditor::cellError(int row, int column) const
{
    const QTableWidgetItem *item = m_table->item(row, column);
    return item ? item->data(kErrorRole).toString() : QString();
}

void TableEditor::appendRow(const QStringList &cells)
{
    m_filling = true;
    const int r = m_table->rowCount();
    m_table->insertRow(r);
    for (int c = 0; c < m_table->columnCount(); ++c)
        m_table->setItem(r, c, new QTableWidgetItem(c < cells.size() ? cells[c] : QString()));
    m_filling = false;
    updateHeight();
    if (!cells.isEmpty())
        Q_EMIT edited();
}

void TableEditor::setCell(int row, int column, const QString &text)
{
    QTableWidgetItem *item = m_table->item(row, column);
    if (!item) {
        m_filling = true;
        item = new QTableWidgetItem;
        m_table->setItem(row, column, item);
        m_filling = false;
    }
    item->setText(text); // itemChanged -> edited()
}

void TableEditor::addToolButton(QToolButton *button)
{
    auto *bl = static_cast<QVBoxLayout *>(m_buttons->layout());
    bl->insertWidget(bl->count() - 1, button);
}

} // namespace studio::views
