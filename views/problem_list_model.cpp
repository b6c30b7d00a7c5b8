// SPDX-License-Identifier: GPL-3.0-or-later
#include "problem_list_model.h"

#include <QApplication>
#include <QStyle>

namespace studio::views {

ProblemListModel::ProblemListModel(QObject *parent) : QAbstractTableModel(parent) {}

void ProblemListModel::setProblems(std::vector<Problem> problems)
{
    beginResetModel();
    m_problems = std::move(problems);
    endResetModel();
}

int ProblemListModel::errorCount() const
{
    int n = 0;
    for (const auto &p : m_problems)
        n += p.error.isWarning() ? 0 : 1;
    return n;
}

int ProblemListModel::warningCount() const
{
    return int(m_problems.size()) - errorCount();
}

int ProblemListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_problems.size());
}

int ProblemListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ProblemListModel::localizedMessage(const FieldError &e)
{
    QString type;
    if (e.isWarning())
        type = tr("Warning");
    else if (e.type == field_error_type::Invalid)
        type = tr("Invalid value");
    else if (e.type == field_error_type::Required)
        type = tr("Required value");
    else if (e.type == field_error_type::NotSupported)
        type = tr("Unsupported value");
    else if (e.type == field_error_type::Duplicate)
        type = tr("Duplicate value");
    else if (e.type == field_error_type::Forbidden)
        type = tr("Forbidden");
    else if (e.type == field_error_type::TooLong)
        type = tr("Too long");
    else if (e.type == field_error_type::TypeInvalid)
        type = tr("Wrong type");
    else if (e.type == "YAMLSyntaxError")
        type = tr("YAML error");
    else
        type = QString::fromStdString(e.typeText());
    QString s = type;
    if (!e.isWarning() && e.valueKind != FieldError::ValueKind::None
        && e.type != field_error_type::Required && e.type != field_error_type::Forbidden) {
        const QString value = e.valueKind == FieldError::ValueKind::String
                                  ? QString::fromStdString(goQuote(e.badValue))
                                  : QString::fromStdString(e.badValue);
        s += QStringLiteral(": ") + value;
    }
    if (!e.detail.empty())
        s += QStringLiteral(": ") + QString::fromStdString(e.detail);
    return s;
}

QVariant ProblemListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_problems.size()))
        return {};
    const Problem &p = m_problems[size_t(index.row())];
    if (role == LineRole)
        return p.error.line;
    if (role == ColumnRole)
        return p.error.column;
    if (role == Qt::DecorationRole && index.column() == SeverityColumn) {
        return QApplication::style()->standardIcon(p.error.isWarning()
                                                       ? QStyle::SP_MessageBoxWarning
                                                       : QStyle::SP_MessageBoxCritical);
    }
    if (role == Qt::ToolTipRole && index.column() == MessageColumn)
        return localizedMessage(p.error);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case SeverityColumn: return p.error.isWarning() ? tr("Warning") : tr("Error");
    case LocationColumn:
        return p.error.line > 0 ? tr("line %1, column %2").arg(p.error.line).arg(p.error.column)
                                : QString();
    case ObjectColumn: return p.objectLabel;
    case FieldColumn: return QString::fromStdString(p.error.field);
    case MessageColumn: return localizedMessage(p.error);
    default: return {};
    }
}

QVariant ProblemListModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn: return tr("Severity");
    case LocationColumn: return tr("Location");
    case ObjectColumn: return tr("Object");
    //: A Kubernetes field path such as spec.ports[0].name
    case FieldColumn: return tr("Field");
    case MessageColumn: return tr("Message");
    default: return {};
    }
}

} // namespace studio::views
