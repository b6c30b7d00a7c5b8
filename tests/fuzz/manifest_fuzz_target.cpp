// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target: parse + decode + validate + write + re-read. Built two ways: with libFuzzer
// (clang, -DSTUDIO_BUILD_FUZZ=ON) for fuzzing, and as a corpus replay test for every build.
#include "check/manifest_check.h"
#include "manifest/manifest.h"
#include "manifest/writer.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

[[noreturn]] void fail(const char *what, const std::string &detail)
{
    std::fprintf(stderr, "fuzz property violated: %s\n%s\n", what, detail.c_str());
    std::abort();
}

// Same content, same marks, same quoting: what the fast parser must give to equal libyaml.
bool sameTree(const studio::Node &a, const studio::Node &b, std::string &where)
{
    using studio::Node;
    if (a.type() != b.type() || a.mark().line != b.mark().line
        || a.mark().column != b.mark().column || a.quoted() != b.quoted()
        || (a.isScalar() && a.text() != b.text())) {
        where = "node at " + std::to_string(a.mark().line) + ":" + std::to_string(a.mark().column)
                + " vs " + std::to_string(b.mark().line) + ":" + std::to_string(b.mark().column)
                + " (" + a.typeName() + " '" + a.text() + "' vs " + b.typeName() + " '" + b.text()
                + "')";
        return false;
    }
    if (a.isSequence()) {
        if (a.items().size() != b.items().size()) {
            where = "sequence length at line " + std::to_string(a.mark().line);
            return false;
        }
        for (size_t i = 0; i < a.items().size(); ++i)
            if (!sameTree(a.items()[i], b.items()[i], where))
                return false;
    }
    if (a.isMap()) {
        if (a.entries().size() != b.entries().size()) {
            where = "map size at line " + std::to_string(a.mark().line);
            return false;
        }
        for (size_t i = 0; i < a.entries().size(); ++i) {
            const auto &x = a.entries()[i];
            const auto &y = b.entries()[i];
            if (x.key != y.key || x.keyMark.line != y.keyMark.line
                || x.keyMark.column != y.keyMark.column) {
                where = "key '" + x.key + "' vs '" + y.key + "' at line "
                        + std::to_string(x.keyMark.line);
                return false;
            }
            if (!sameTree(x.value, y.value, where))
                return false;
        }
    }
    return true;
}

// The fast block parser and libyaml must agree on everything: documents, trees, marks, and
// errors (code, line, column).
void checkParsersAgree(std::string_view text)
{
    using namespace studio;
    ReadLimits onlyLibYaml;
    onlyLibYaml.allowFastPath = false;
    auto fast = parseYaml(text);
    auto slow = parseYaml(text, onlyLibYaml);
    if (fast.ok() != slow.ok())
        fail("fast parser and libyaml disagree on success",
             std::string(text) + "\n-- " + (fast.ok() ? slow.error() : fast.error()).toString());
    if (!fast.ok()) {
        if (fast.error().code != slow.error().code || fast.error().line != slow.error().line
            || fast.error().column != slow.error().column)
            fail("fast parser and libyaml report different errors",
                 fast.error().toString() + " vs " + slow.error().toString());
        return;
    }
    if (fast->size() != slow->size())
        fail("document counts differ", std::string(text));
    for (size_t i = 0; i < fast->size(); ++i) {
        std::string where;
        if (!sameTree((*fast)[i].root, (*slow)[i].root, where))
            fail("fast parser and libyaml build different trees", where + "\n" + std::string(text));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace studio;
    // Keep single inputs small for speed; size limits are tested separately.
    if (size > 256 * 1024)
        return 0;
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    checkParsersAgree(text);
    auto file = loadManifestText(text, "fuzz.yaml");
    if (!file) {
        if (file.error().message.empty())
            fail("error without a message", std::string(text));
        return 0;
    }
    const ValidationSettings settings;
    const std::vector<Pod> pods = podsOf({*file});
    for (const ObjectVerdict &v : checkManifest(*file, settings, pods)) {
        for (const auto &e : v.errors)
            (void)e.message();
    }
    for (const ManifestObject &o : file->objects) {
        // The writer's output must read back as the same tree (YAML and JSON).
        const std::string y = writeYaml(o.tree);
        auto back = parseYaml(y);
        if (!back || back->size() != 1 || !((*back)[0].root == o.tree))
            fail("YAML written does not read back the same", y);
        const std::string j = writeJson(o.tree);
        auto backJ = parseYaml(j);
        if (!backJ || backJ->size() != 1)
            fail("JSON written does not read back", j);
        // Re-encoding an unchanged object changes nothing but what the model normalises.
        if (o.errors.empty() && o.object.index() != 0) {
            const Node merged = encodeObject(o.object, &o.tree);
            const ManifestObject again = decodeObject(merged);
            if (!(again.object == o.object))
                fail("round trip changed the object", writeYaml(merged));
        }
    }
    return 0;
}
