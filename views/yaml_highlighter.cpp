// SPDX-License-Identifier: GPL-3.0-or-later
#include "yaml_highlighter.h"

namespace studio::views {

YamlHighlighter::YamlHighlighter(QTextDocument *doc)
    : QSyntaxHighlighter(doc)
    , m_key(QStringLiteral(R"(^(\s*-?\s*)([^\s:#'"][^:#]*|"[^"]*"|'[^']*')(?=:(\s|$)))"))
    , m_string(QStringLiteral(R"("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')"))
    , m_number(QStringLiteral(R"((?<=:\s|-\s)[-+]?(0x[0-9a-fA-F]+|\d+(\.\d+)?)\s*$)"))
    , m_literal(QStringLiteral(R"((?<=:\s|-\s)(true|false|null|~|yes|no|on|off)\s*$)"))
    , m_comment(QStringLiteral(R"((^|\s)#.*$)"))
{}

void YamlHighlighter::highlightBlock(const QString &text)
{
    if (text.startsWith(QLatin1String("---")) || text.startsWith(QLatin1String("..."))) {
        QTextCharFormat f;
        f.setForeground(QColor(120, 120, 120));
        f.setFontWeight(QFont::Bold);
        setFormat(0, int(text.size()), f);
        return;
    }
    QTextCharFormat key;
    key.setForeground(QColor(30, 80, 170));
    auto km = m_key.match(text);
    if (km.hasMatch())
        setFormat(int(km.capturedStart(2)), int(km.capturedLength(2)), key);

    QTextCharFormat str;
    str.setForeground(QColor(20, 130, 50));
    for (auto it = m_string.globalMatch(text); it.hasNext();) {
        auto m = it.next();
        if (km.hasMatch() && m.capturedStart() < km.capturedEnd(2))
            continue;
        setFormat(int(m.capturedStart()), int(m.capturedLength()), str);
    }
    QTextCharFormat num;
    num.setForeground(QColor(160, 60, 160));
    for (auto it = m_number.globalMatch(text); it.hasNext();) {
        auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), num);
    }
    for (auto it = m_literal.globalMatch(text); it.hasNext();) {
        auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), num);
    }
    QTextCharFormat comment;
    comment.setForeground(QColor(128, 128, 128));
    comment.setFontItalic(true);
    // A '#' inside a quoted string is not a comment.
    auto cm = m_comment.match(text);
    if (cm.hasMatch()) {
        const int start = int(cm.capturedStart());
        int quotes = 0;
        for (int i = 0; i < start; ++i)
            if (text.at(i) == QLatin1Char('"'))
                ++quotes;
        if (quotes % 2 == 0)
            setFormat(start, int(text.size()) - start, comment);
    }
}

} // namespace studio::views
