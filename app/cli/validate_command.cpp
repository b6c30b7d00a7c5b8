// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/validate_command.h"

#include "cli/cli_support.h"

#include "check/manifest_check.h"
#include "manifest/manifest.h"
#include "manifest/writer.h"
#include "validation/validation.h"

#include <cstdio>
#include <iostream>

namespace studio::app {

namespace {

struct Finding
{
    std::string file;
    int document = 0;
    std::string kind;
    std::string name;
    FieldError error;
};

Node findingJson(const Finding &f)
{
    Node n = Node::map();
    n.set("file", Node::string(f.file));
    n.set("document", Node::integer(f.document));
    n.set("kind", Node::string(f.kind));
    n.set("name", Node::string(f.name));
    n.set("field", Node::string(f.error.field));
    n.set("type", Node::string(f.error.type));
    // detail: the apiserver's field.Error detail (its explanation); message: the whole cause
    // message as the Status carries it.
    const std::string message = [&] {
        std::string m = f.error.message();
        const std::string prefix = f.error.field + ": ";
        if (!f.error.field.empty() && m.rfind(prefix, 0) == 0)
            m.erase(0, prefix.size());
        return m;
    }();
    n.set("detail", Node::string(f.error.detail.empty() ? f.error.typeText() : f.error.detail));
    n.set("message", Node::string(message));
    n.set("line", Node::integer(f.error.line));
    n.set("column", Node::integer(f.error.column));
    if (f.error.isWarning())
        n.set("severity", Node::string("warning"));
    return n;
}

std::string location(const std::string &file, int line, int column)
{
    std::string s = file;
    if (line > 0)
        s += ":" + std::to_string(line);
    if (line > 0 && column > 0)
        s += ":" + std::to_string(column);
    return s;
}

} // namespace

int runValidate(const std::vector<std::string> &args)
{
    std::string output = "text";
    bool showWarnings = false;
    ValidationSettings settings;
    std::vector<std::string> files;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        std::string value;
        if (takeOption(args, i, "--output", value) || takeOption(args, i, "-o", value)) {
            if (value != "text" && value != "json") {
                std::cerr << "validate: --output must be text or json, not \"" << value << "\"\n";
                return 2;
            }
            output = value;
        } else if (takeOption(args, i, "--service-cluster-ip-range", value)) {
            auto net = IpNetwork::parse(value);
            if (!net) {
                std::cerr << "validate: --service-cluster-ip-range: \"" << value
                          << "\" is not a CIDR (e.g. 10.96.0.0/12)\n";
                return 2;
            }
            settings.serviceClusterIpRange = *net;
        } else if (takeOption(args, i, "--service-node-port-range", value)) {
            int lo = 0, hi = 0;
            if (!parsePortRange(value, lo, hi)) {
                std::cerr << "validate: --service-node-port-range: \"" << value
                          << "\" is not a range like 30000-32767\n";
                return 2;
            }
            settings.nodePortMin = lo;
            settings.nodePortMax = hi;
        } else if (a == "--warnings") {
            showWarnings = true;
        } else if (a == "-h" || a == "--help") {
            std::cout << "Usage: service-studio validate [--output text|json] [--warnings]\n"
                         "         [--service-cluster-ip-range CIDR] "
                         "[--service-node-port-range A-B] FILE...\n"
                         "Validates Service, Endpoints and Namespace manifests as "
                         "kube-apiserver v1.20 does.\n"
                         "Exit status: 0 valid, 1 invalid, 2 unreadable.\n";
            return 0;
        } else if (a.size() > 1 && a[0] == '-' ) {
            std::cerr << "validate: unknown option " << a << "\n";
            return 2;
        } else {
            files.push_back(a);
        }
    }
    if (files.empty()) {
        std::cerr << "validate: no files given (try --help)\n";
        return 2;
    }

    LoadedManifests loaded = loadManifests(files);
    std::vector<Finding> findings;
    bool invalid = false;
    std::string text;

    for (const Error &e : loaded.unreadable) {
        Finding f;
        f.file = e.file;
        f.error.type = e.code == "yaml-syntax" || e.code == "duplicate-key" ? "YAMLSyntaxError"
                                                                             : "FileUnreadable";
        f.error.detail = e.message;
        f.error.line = e.line;
        f.error.column = e.column;
        findings.push_back(f);
        text += e.toString() + "\n";
    }

    const std::vector<Pod> pods = podsOf(loaded.files);
    int validCount = 0, invalidCount = 0;
    for (const auto &mf : loaded.files) {
        for (const ObjectVerdict &v : checkManifest(mf, settings, pods)) {
            const ManifestObject &o = *v.object;
            const std::string kind = o.kind.empty() ? std::string("object") : o.kind;
            const std::string &name = o.name;
            if (v.valid()) {
                ++validCount;
                text += lowerCaseKind(kind) + "/" + (name.empty() ? std::string("<unnamed>") : name)
                        + " is valid (" + location(mf.path, o.tree.mark().line, 0) + ")\n";
            } else {
                ++invalidCount;
                invalid = true;
                // kubectl's form: one cause inline, several as a bulleted list.
                const std::string head = "The " + kind + " \"" + name + "\" is invalid: ";
                if (v.errors.size() == 1) {
                    const FieldError &e = v.errors[0];
                    text += location(mf.path, e.line, e.column) + ": " + head + e.message()
                            + "\n";
                } else {
                    text += head + "\n";
                    for (const auto &e : v.errors)
                        text += "* " + location(mf.path, e.line, e.column) + ": " + e.message()
                                + "\n";
                }
            }
            for (const auto &e : v.errors)
                findings.push_back({mf.path, o.document, o.kind, o.name, e});
            for (const auto &w : v.warnings) {
                text += location(mf.path, w.line, w.column) + ": warning: " + kind + " \"" + name
                        + "\": " + w.message() + "\n";
                if (showWarnings)
                    findings.push_back({mf.path, o.document, o.kind, o.name, w});
            }
        }
    }

    if (output == "json") {
        Node arr = Node::sequence();
        for (const auto &f : findings)
            arr.append(findingJson(f));
        std::cout << writeJson(arr, 2);
    } else {
        std::cout << text;
        if (validCount + invalidCount > 1 || !loaded.unreadable.empty())
            std::cout << validCount << " valid, " << invalidCount << " invalid, "
                      << loaded.unreadable.size() << " unreadable\n";
    }
    std::cout.flush();
    if (!loaded.unreadable.empty())
        return 2;
    return invalid ? 1 : 0;
}

} // namespace studio::app
