// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/field_error.h"

#include <QAbstractTableModel>
#include <QString>

#include <vector>

namespace studio::views {

// One row of the problems list: a finding located in a document.
struct Problem
{
    FieldError error;
    QString objectLabel; // "Service/web"
};

// Table model over the problems of the current document (severity, location, field,
// message). Views never own the data; replace it with setProblems().
class ProblemListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { SeverityColumn, LocationColumn, ObjectColumn, FieldColumn, MessageColumn,
                  ColumnCount };
    enum Role { LineRole = Qt::UserRole + 1, ColumnRole };

    explicit ProblemListModel(QObject *parent = nullptr);

    void setProblems(std::vector<Problem> problems);
    const std::vector<Problem> &problems() const { return m_problems; }
    int errorCount() const;
    int warningCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

    // The message in the user's language: the apiserver's category is translated, the
    // field path and the apiserver's own detail text stay as the apiserver writes them.
    static QString localizedMessage(const FieldError &e);

private:
    std::vector<Problem> m_problems;
};

} // namespace studio::views
