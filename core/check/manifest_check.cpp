// SPDX-License-Identifier: GPL-3.0-or-later
#include "check/manifest_check.h"

#include "manifest/object_codec.h"

namespace studio {


std::vector<ObjectVerdict> checkManifest(const ManifestFile &file,
                                         const ValidationSettings &settings,
                                         const std::vector<Pod> &pods)
{
    std::vector<ObjectVerdict> out;
    out.reserve(file.objects.size());
    for (const ManifestObject &o : file.objects) {
        ObjectVerdict v;
        v.object = &o;
        v.errors = o.errors;
        v.warnings = o.warnings;
        if (v.errors.empty()) {
            if (const Service *s = o.as<Service>()) {
                Service d = *s;
                defaultService(d);
                for (auto &e : validateService(d, settings))
                    v.errors.push_back(std::move(e));
                for (auto &w : reviewService(d, pods))
                    v.warnings.push_back(std::move(w));
            } else if (const Endpoints *ep = o.as<Endpoints>()) {
                Endpoints d = *ep;
                defaultEndpoints(d);
                for (auto &e : validateEndpoints(d))
                    v.errors.push_back(std::move(e));
            } else if (const Namespace *ns = o.as<Namespace>()) {
                for (auto &e : validateNamespace(*ns))
                    v.errors.push_back(std::move(e));
            }
        }
        locateFields(v.errors, o.tree);
        locateFields(v.warnings, o.tree);
        out.push_back(std::move(v));
    }
    return out;
}

std::vector<Pod> podsOf(const std::vector<ManifestFile> &files)
{
    std::vector<Pod> pods;
    for (const auto &f : files)
        for (const auto &o : f.objects)
            if (const Pod *p = o.as<Pod>())
                pods.push_back(*p);
    return pods;
}

std::string lowerCaseKind(const std::string &kind)
{
    std::string s;
    s.reserve(kind.size());
    for (char c : kind)
        s += char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return s;
}

} // namespace studio
