// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

#include <vector>

namespace studio::views {

// One step of a line diff from `a` to `b`.
struct LineDiffOp
{
    enum class Kind { Equal, Delete, Insert };
    Kind kind = Kind::Equal;
    int aLine = -1; // index into a (Equal, Delete)
    int bLine = -1; // index into b (Equal, Insert)
};

// A shortest line diff (common prefix and suffix trimmed, LCS in between). When the changed
// middle is too large for the quadratic table it degrades to "delete all, insert all" of the
// middle, which is still a correct (if longer) diff. Pure, any thread.
std::vector<LineDiffOp> diffLines(const QStringList &a, const QStringList &b);

// The text `rewritten` (a re-encoding of `original`) with the full-line comments of
// `original` kept where they were: writers do not keep comments, a user expects them to stay.
QString keepComments(const QString &original, const QString &rewritten);

} // namespace studio::views
