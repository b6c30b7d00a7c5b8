// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>

namespace studio::views {

// Line-based YAML highlighting: keys, strings, numbers and booleans, comments, document
// markers and list dashes.
class YamlHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit YamlHighlighter(QTextDocument *doc);

protected:
    void highlightBlock(const QString &text) override;

private:
    QRegularExpression m_key;
    QRegularExpression m_string;
    QRegularExpression m_number;
    QRegularExpression m_literal;
    QRegularExpression m_comment;
};

} // namespace studio::views
