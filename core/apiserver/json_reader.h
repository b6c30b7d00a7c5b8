// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "manifest/node.h"
#include "util/result.h"

#include <cstddef>
#include <string_view>

namespace studio {

// A strict RFC 8259 JSON reader for what an apiserver sends (list pages, watch lines,
// Status bodies). It builds the same order-preserving Node tree as parseYaml (strings stay
// strings, integers are Int with their spelling kept, other numbers Float) with line/column
// marks, but is several times faster than going through libyaml, which matters for 10,000-object
// lists. Duplicate keys: the last one wins (as Go's encoding/json does).
//
// Pure function, any thread. On error: code "json-syntax" (with line and column),
// "too-deep" (nesting beyond maxDepth) or "too-many-nodes".
struct JsonLimits
{
    int maxDepth = 256;
    size_t maxNodes = 50'000'000;
};

Result<Node> parseJson(std::string_view text, const JsonLimits &limits = {});

} // namespace studio
