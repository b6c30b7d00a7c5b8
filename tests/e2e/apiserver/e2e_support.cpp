// SPDX-License-Identifier: GPL-3.0-or-later
// The helpers of e2e_support.h that every end-to-end binary shares (apiserver, sandbox,
// agent, editor); each binary defines cluster() and main() itself.
#include "e2e_support.h"

#include <QFile>

#include <filesystem>
#include <fstream>

namespace studio::test {

bool createNamespace(ApiServerBackend &admin, const std::string &name, bool waitForServiceAccount)
{
    Namespace ns;
    ns.metadata.name = name;
    auto r = await<KubeObject>([&](auto cb) { admin.create(ns, false, cb); });
    if (!r && r.error().reason != "AlreadyExists") {
        ADD_FAILURE() << "create namespace " << name << ": " << r.error().toString();
        return false;
    }
    if (!waitForServiceAccount)
        return true;
    ApiClient &c = admin.client();
    ResourceRef sa{"", "v1", "serviceaccounts", true};
    const bool ok = waitFor(
        [&] {
            auto got = await<Node>([&](auto cb) { c.get(sa, name, "default", cb); }, 5000);
            if (!got)
                return false;
            const Node *secrets = got->find("secrets");
            return secrets && secrets->isSequence() && !secrets->items().empty();
        },
        90'000);
    if (!ok)
        ADD_FAILURE() << "the default ServiceAccount of " << name << " got no token in 90 s";
    return ok;
}

std::string writeTempFile(const std::string &name, const std::string &content, bool executable)
{
    const std::string dir = cluster().dir() + "/e2e-files";
    std::filesystem::create_directories(dir);
    const std::string path = dir + "/" + name;
    std::ofstream(path, std::ios::trunc) << content;
    QFile::setPermissions(QString::fromStdString(path),
                          executable ? (QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner)
                                     : (QFile::ReadOwner | QFile::WriteOwner));
    return path;
}

} // namespace studio::test
