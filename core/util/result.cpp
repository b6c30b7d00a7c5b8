// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/result.h"

namespace studio {

std::string Error::location() const
{
    std::string s = file;
    if (line > 0) {
        if (!s.empty())
            s += ':';
        s += std::to_string(line);
        if (column > 0)
            s += ':' + std::to_string(column);
    }
    return s;
}

std::string Error::toString() const
{
    const std::string loc = location();
    return loc.empty() ? message : loc + ": " + message;
}

} // namespace studio
