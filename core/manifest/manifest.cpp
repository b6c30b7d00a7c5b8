// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest/manifest.h"

#include "manifest/object_codec.h"

namespace studio {

namespace {

std::string scalarAt(const Node &tree, const char *key)
{
    const Node *n = tree.find(key);
    return n && n->isString() ? n->text() : std::string();
}

std::string metaAt(const Node &tree, const char *key)
{
    const Node *m = tree.find("metadata");
    if (!m || !m->isMap())
        return {};
    return scalarAt(*m, key);
}

// apiVersion each kind is served at (core/v1 for all the model's kinds).
bool apiVersionOk(const std::string &v) { return v == "v1"; }

} // namespace

bool isKnownKind(const std::string &kind)
{
    return kind == "Service" || kind == "Endpoints" || kind == "Pod" || kind == "Node"
           || kind == "Namespace";
}

ManifestObject decodeObject(Node treeIn)
{
    ManifestObject o;
    o.tree = std::move(treeIn);
    const Node &tree = o.tree;
    if (!tree.isMap()) {
        FieldError e = FieldError::typeInvalid("", "expected an object, got " + tree.typeName());
        e.line = tree.mark().line;
        e.column = tree.mark().column;
        o.errors.push_back(std::move(e));
        return o;
    }
    o.apiVersion = scalarAt(tree, "apiVersion");
    o.kind = scalarAt(tree, "kind");
    o.name = metaAt(tree, "name");
    o.namespace_ = metaAt(tree, "namespace");
    if (o.kind.empty()) {
        o.errors.push_back(FieldError::required("kind", "Object 'Kind' is missing"));
    } else if (!isKnownKind(o.kind)) {
        o.errors.push_back(FieldError::notSupported(
            "kind", o.kind, {"Service", "Endpoints", "Pod", "Node", "Namespace", "List"}));
        o.errors.back().detail = "no kind \"" + o.kind + "\" is known to Service Studio ("
                                 + o.errors.back().detail + ")";
    }
    if (o.apiVersion.empty()) {
        o.errors.push_back(FieldError::required("apiVersion", "Object 'apiVersion' is missing"));
    } else if (isKnownKind(o.kind) && !apiVersionOk(o.apiVersion)) {
        o.errors.push_back(FieldError::notSupported("apiVersion", o.apiVersion, {"v1"}));
        o.errors.back().detail = "no matches for kind \"" + o.kind + "\" in version \""
                                 + o.apiVersion + "\"";
    }
    if (o.errors.empty()) {
        DecodeReport r;
        if (o.kind == "Service")
            o.object = decodeService(tree, r);
        else if (o.kind == "Endpoints")
            o.object = decodeEndpoints(tree, r);
        else if (o.kind == "Pod")
            o.object = decodePod(tree, r);
        else if (o.kind == "Node")
            o.object = decodeKubeNode(tree, r);
        else if (o.kind == "Namespace")
            o.object = decodeNamespace(tree, r);
        o.errors = std::move(r.errors);
        o.warnings = std::move(r.warnings);
    }
    locateFields(o.errors, tree);
    locateFields(o.warnings, tree);
    return o;
}

Node encodeObject(const KubeObject &object, const Node *original)
{
    Node fresh = std::visit(
        [](const auto &v) -> Node {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, Service>)
                return encodeService(v);
            else if constexpr (std::is_same_v<T, Endpoints>)
                return encodeEndpoints(v);
            else if constexpr (std::is_same_v<T, Pod>)
                return encodePod(v);
            else if constexpr (std::is_same_v<T, KubeNode>)
                return encodeKubeNode(v);
            else if constexpr (std::is_same_v<T, Namespace>)
                return encodeNamespace(v);
            else
                return Node();
        },
        object);
    if (original && original->isMap())
        return mergeOwned(*original, fresh);
    return stripTombstones(fresh);
}

Result<ManifestFile> loadManifestText(std::string_view text, const std::string &fileName,
                                      const ReadLimits &limits)
{
    auto docs = parseYaml(text, limits);
    if (!docs) {
        Error e = docs.error();
        e.file = fileName;
        return e;
    }
    ManifestFile f;
    f.path = fileName;
    f.documentCount = int(docs->size());
    for (SourceDocument &d : *docs) {
        if (d.root.isNull())
            continue; // an empty document, as kubectl skips it
        const Node *kind = d.root.isMap() ? d.root.find("kind") : nullptr;
        if (kind && kind->isString() && kind->text().size() >= 4
            && kind->text().compare(kind->text().size() - 4, 4, "List") == 0) {
            const Node *items = d.root.find("items");
            if (items && items->isSequence()) {
                for (size_t i = 0; i < items->items().size(); ++i) {
                    ManifestObject o = decodeObject(std::move(d.root.find("items")->items()[i]));
                    o.file = fileName;
                    o.document = d.index;
                    o.itemPath = "items[" + std::to_string(i) + "]";
                    f.objects.push_back(std::move(o));
                }
                continue;
            }
            if (!items || items->isNull())
                continue; // an empty List
            ManifestObject o;
            o.file = fileName;
            o.document = d.index;
            o.kind = kind->text();
            o.tree = d.root;
            FieldError e = FieldError::typeInvalid("items", "expected array, got "
                                                                + items->typeName());
            e.line = items->mark().line;
            e.column = items->mark().column;
            o.errors.push_back(std::move(e));
            f.objects.push_back(std::move(o));
            continue;
        }
        ManifestObject o = decodeObject(std::move(d.root));
        o.file = fileName;
        o.document = d.index;
        f.objects.push_back(std::move(o));
    }
    return f;
}

Result<ManifestFile> loadManifestFile(const std::string &path, const ReadLimits &limits)
{
    auto data = readFileLimited(path, limits.maxBytes);
    if (!data)
        return data.error();
    return loadManifestText(*data, path, limits);
}

} // namespace studio
