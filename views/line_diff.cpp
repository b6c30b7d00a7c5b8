// SPDX-License-Identifier: GPL-3.0-or-later
#include "line_diff.h"

#include <algorithm>

namespace studio::views {

std::vector<LineDiffOp> diffLines(const QStringList &a, const QStringList &b)
{
    using K = LineDiffOp::Kind;
    std::vector<LineDiffOp> ops;
    const int n = int(a.size());
    const int m = int(b.size());
    int pre = 0;
    while (pre < n && pre < m && a[pre] == b[pre])
        ++pre;
    int suf = 0;
    while (suf < n - pre && suf < m - pre && a[n - 1 - suf] == b[m - 1 - suf])
        ++suf;
    for (int i = 0; i < pre; ++i)
        ops.push_back({K::Equal, i, i});
    const int an = n - pre - suf;
    const int bn = m - pre - suf;
    // 16M cells at most (a few thousand changed lines on each side).
    if (qint64(an + 1) * qint64(bn + 1) <= 16'000'000) {
        std::vector<int> lcs(size_t(an + 1) * size_t(bn + 1), 0);
        const auto at = [&](int i, int j) -> int & { return lcs[size_t(i) * size_t(bn + 1) + size_t(j)]; };
        for (int i = an - 1; i >= 0; --i)
            for (int j = bn - 1; j >= 0; --j)
                at(i, j) = a[pre + i] == b[pre + j] ? at(i + 1, j + 1) + 1
                                                    : std::max(at(i + 1, j), at(i, j + 1));
        int i = 0, j = 0;
        while (i < an || j < bn) {
            if (i < an && j < bn && a[pre + i] == b[pre + j]) {
                ops.push_back({K::Equal, pre + i, pre + j});
                ++i;
                ++j;
            } else if (i < an && (j == bn || at(i + 1, j) >= at(i, j + 1))) {
                // Deletions first: a changed line reads "old, then new", as in every diff.
                ops.push_back({K::Delete, pre + i, -1});
                ++i;
            } else {
                ops.push_back({K::Insert, -1, pre + j});
                ++j;
            }
        }
    } else {
        for (int i = 0; i < an; ++i)
            ops.push_back({K::Delete, pre + i, -1});
        for (int j = 0; j < bn; ++j)
            ops.push_back({K::Insert, -1, pre + j});
    }
    for (int k = 0; k < suf; ++k)
        ops.push_back({K::Equal, n - suf + k, m - suf + k});
    return ops;
}

QString keepComments(const QString &original, const QString &rewritten)
{
    const QStringList a = original.split(QLatin1Char('\n'));
    const QStringList b = rewritten.split(QLatin1Char('\n'));
    QStringList out;
    for (const LineDiffOp &op : diffLines(a, b)) {
        switch (op.kind) {
        case LineDiffOp::Kind::Equal:
            out << a[op.aLine];
            break;
        case LineDiffOp::Kind::Insert:
            out << b[op.bLine];
            break;
        case LineDiffOp::Kind::Delete:
            if (a[op.aLine].trimmed().startsWith(QLatin1Char('#')))
                out << a[op.aLine];
            break;
        }
    }
    return out.join(QLatin1Char('\n'));
}

} // namespace studio::views
