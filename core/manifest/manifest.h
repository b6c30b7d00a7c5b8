// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "manifest/node.h"
#include "manifest/yaml_reader.h"
#include "model/field_error.h"
#include "model/types.h"
#include "util/result.h"

#include <string>
#include <variant>
#include <vector>

namespace studio {

using KubeObject = std::variant<std::monostate, Service, Endpoints, Pod, KubeNode, Namespace>;

// One object of a manifest file: its tree (everything the file said), the typed value the
// model decoded from it, and what decoding found. Items of a `kind: List` are objects of
// their own, with itemPath "items[3]".
struct ManifestObject
{
    std::string file;
    int document = 0;     // 0-based document index in the file
    std::string itemPath; // "" or "items[N]" inside a List
    std::string apiVersion;
    std::string kind;
    std::string name;
    std::string namespace_;
    Node tree;
    KubeObject object;    // monostate when the kind is unknown or decoding failed badly
    FieldErrors errors;   // decode errors (types, unknown kind); line/column filled
    FieldErrors warnings; // unknown fields

    template<typename T>
    const T *as() const { return std::get_if<T>(&object); }
    template<typename T>
    T *as() { return std::get_if<T>(&object); }
    // "prefix" for field paths inside a List item ("items[2].") so that a path from
    // validation can be located in the document tree.
    std::string fieldPrefix() const { return itemPath.empty() ? std::string() : itemPath + "."; }
};

// All objects of one file. A file that cannot be read or parsed gives an Error (no objects);
// an object with a problem of its own (wrong types, unknown kind) is still returned, with its
// errors, so that the others can be checked.
struct ManifestFile
{
    std::string path;
    int documentCount = 0; // documents in the file, empty ones included
    std::vector<ManifestObject> objects;
};

Result<ManifestFile> loadManifestText(std::string_view text, const std::string &fileName,
                                      const ReadLimits &limits = {});
Result<ManifestFile> loadManifestFile(const std::string &path, const ReadLimits &limits = {});

// Decodes one object tree (the kind is read from it). Used by loadManifest* and by the editor.
ManifestObject decodeObject(Node tree);

// Encodes the typed object back into a tree: merged into `original` when given (the round
// trip that keeps unknown fields and key order), otherwise fresh.
Node encodeObject(const KubeObject &object, const Node *original = nullptr);

// Kinds the model knows.
bool isKnownKind(const std::string &kind);

} // namespace studio
