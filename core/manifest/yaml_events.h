// SPDX-License-Identifier: GPL-3.0-or-later
// Internal to core/manifest: the events a YAML parser reports, so that libyaml and the fast
// block-style parser build the same tree through the same code.
#pragma once

#include "manifest/node.h"

#include <string>
#include <string_view>

namespace studio::detail {

class YamlEventSink
{
public:
    virtual ~YamlEventSink() = default;
    virtual void documentStart(Mark m) = 0;
    virtual void documentEnd() = 0;
    // plain: written without quotes and not as a block scalar (so it is resolved by type).
    virtual void scalar(Mark m, std::string value, bool plain, std::string_view tag,
                        const char *anchor) = 0;
    virtual void collectionStart(Mark m, bool isMap, std::string_view tag,
                                 const char *anchor) = 0;
    virtual void collectionEnd() = 0;
    virtual void alias(Mark m, const char *name) = 0;
};

// Parses the block-style subset of YAML that kubectl writes and people usually type (block
// maps and sequences, plain and single-line quoted scalars, comments, "---", {} and []) and
// reports exactly the events and marks libyaml would. Returns false, having possibly
// reported some events, as soon as the input uses anything else (flow collections, block
// scalars, anchors, tags, multi-line scalars, tabs, non-ASCII, CR) or is malformed: the caller
// then discards what it got and parses with libyaml, which has the last word on errors.
bool parseFastBlockYaml(std::string_view text, YamlEventSink &sink);

} // namespace studio::detail
