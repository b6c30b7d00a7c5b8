// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <compare>
#include <functional>
#include <string>

namespace studio {

// namespace/name of an object (namespace empty for cluster-scoped kinds), ordered as the
// apiserver lists: by namespace, then name.
struct ObjectKey
{
    std::string namespace_;
    std::string name;

    std::string toString() const { return namespace_.empty() ? name : namespace_ + "/" + name; }
    auto operator<=>(const ObjectKey &) const = default;
    bool operator==(const ObjectKey &) const = default;
};

struct ObjectKeyHash
{
    size_t operator()(const ObjectKey &k) const noexcept
    {
        const size_t a = std::hash<std::string>()(k.namespace_);
        const size_t b = std::hash<std::string>()(k.name);
        return a ^ (b + 0x9e3779b97f4a7c15ull + (a << 6) + (a >> 2));
    }
};

} // namespace studio
