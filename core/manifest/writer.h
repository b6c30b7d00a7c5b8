// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "manifest/node.h"

#include <string>
#include <vector>

namespace studio {

// Block-style YAML as kubectl writes it (2-space indent, sequences not indented under their
// key, strings quoted only where a plain scalar would read back as something else).
// Tombstones are skipped. Pure function, any thread.
std::string writeYaml(const Node &root);
// Several documents separated by "---".
std::string writeYamlDocuments(const std::vector<Node> &roots);
// JSON with 4-space indentation, keys in the tree's order. indent < 0: compact.
std::string writeJson(const Node &root, int indent = 4);

} // namespace studio
