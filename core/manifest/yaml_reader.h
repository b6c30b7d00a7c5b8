// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "manifest/node.h"
#include "util/result.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace studio {

// Limits that keep hostile input (alias bombs, deep nesting, huge files) bounded in time and
// memory. The defaults are far above any real manifest.
struct ReadLimits
{
    size_t maxBytes = 64u * 1024 * 1024; // per file
    size_t maxNodes = 4'000'000;         // nodes in all documents of one file
    size_t maxAliasNodes = 100'000;      // nodes created by expanding aliases
    int maxDepth = 256;                  // nesting of maps and sequences
    size_t maxDocuments = 200'000;       // documents in one file
    // Block-style input first goes through a fast parser that reports exactly what libyaml
    // would; false sends everything to libyaml (the fuzz target compares the two).
    bool allowFastPath = true;
};

// One YAML (or JSON, its subset) document of a file, as a tree. root is Null for an empty
// document.
struct SourceDocument
{
    Node root;
    int index = 0; // 0-based position in the file
    Mark start;
};

// Parses YAML 1.1 as Kubernetes' decoder (go-yaml v2 via sigs.k8s.io/yaml) resolves it:
// yes/no/on/off are booleans, quoted scalars stay strings, duplicate keys are an error.
// Thread-safe (no shared state). On error: code "yaml-syntax", "duplicate-key",
// "too-deep", "too-many-nodes", "alias-bomb", "bad-key", "bad-tag", "file-too-large",
// with line and column.
Result<std::vector<SourceDocument>> parseYaml(std::string_view text,
                                              const ReadLimits &limits = {});

// Reads a file (or "-" for standard input) and parses it; the error carries the file name.
Result<std::vector<SourceDocument>> readYamlFile(const std::string &path,
                                                 const ReadLimits &limits = {});

// Reads a whole file with the size limit. code "unreadable" or "file-too-large".
Result<std::string> readFileLimited(const std::string &path, size_t maxBytes);

} // namespace studio

namespace studio {
// True when `text`, written as a plain (unquoted) YAML scalar, would read back as that same
// string (not as null, a boolean or a number). Used by the writer to decide on quoting.
bool plainScalarReadsAsString(std::string_view text);
} // namespace studio
