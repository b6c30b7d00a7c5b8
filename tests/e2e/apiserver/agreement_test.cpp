// SPDX-License-Identifier: GPL-3.0-or-later
// "Agreement": every manifest of tests/core/validation/cases/ is sent as it is (its YAML as
// JSON, unknown fields and all) to the real kube-apiserver with ?dryRun=All; the field paths
// and cause types it answers must be those of our own decode + default + validateService
// (or validateEndpoints) with ValidationSettings::dryRun, in the same order. The header of
// each file is checked against the server as well, so a wrong header is named as such.
//
// Skipped: files whose header says "allocation-dependent" (their verdict depends on what the
// cluster has allocated, which this shared cluster does not control). A dry run still checks
// requested node ports against those in use: the other tests delete every NodePort service
// they create. (Parameterized suites run after all plain tests.)
#include "e2e_support.h"

#include "manifest/manifest.h"
#include "manifest/writer.h"
#include "validation/validation.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#ifndef STUDIO_VALIDATION_CASES_DIR
#error "STUDIO_VALIDATION_CASES_DIR must name tests/core/validation/cases"
#endif

using namespace studio;
using namespace studio::test;

namespace {

struct Cause
{
    std::string field;
    std::string type;
    bool operator==(const Cause &o) const
    {
        // "-": an answer without a field (the REST storage's 500 InternalError).
        return type == o.type && (field == o.field || field == "-" || o.field == "-");
    }
};

std::string show(const std::vector<Cause> &v)
{
    if (v.empty())
        return "(valid)";
    std::string s;
    for (const auto &c : v)
        s += "\n      " + c.field + " " + c.type;
    return s;
}

struct CaseFile
{
    std::string path;
    std::string text;
    std::vector<Cause> expectDryRun;
    bool dryRunSeen = false;
    bool allocationDependent = false;
    std::vector<std::string> namespaces;
};

void PrintTo(const CaseFile &c, std::ostream *os)
{
    *os << std::filesystem::path(c.path).filename().string();
}

std::vector<CaseFile> loadCases()
{
    std::vector<std::filesystem::path> files;
    for (const auto &e : std::filesystem::directory_iterator(STUDIO_VALIDATION_CASES_DIR))
        if (e.path().extension() == ".yaml")
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<CaseFile> out;
    for (const auto &f : files) {
        CaseFile c;
        c.path = f.string();
        std::ifstream in(f);
        std::stringstream ss;
        ss << in.rdbuf();
        c.text = ss.str();
        std::istringstream lines(c.text);
        std::string line;
        while (std::getline(lines, line)) {
            if (!line.starts_with("#"))
                continue;
            if (line.find("allocation-dependent") != std::string::npos)
                c.allocationDependent = true;
            if (line.starts_with("# expect-dry-run: ")) {
                c.dryRunSeen = true;
                const std::string rest = line.substr(18);
                if (rest == "valid")
                    continue;
                std::istringstream w(rest);
                Cause cause;
                w >> cause.field >> cause.type;
                c.expectDryRun.push_back(cause);
            } else if (line.starts_with("# requires-namespace: ")) {
                c.namespaces.push_back(line.substr(22));
            }
        }
        out.push_back(std::move(c));
    }
    return out;
}

class Agreement : public ::testing::TestWithParam<CaseFile>
{
protected:
    static void SetUpTestSuite()
    {
        if (!cluster().running())
            return;
        s_admin = adminBackend().release();
    }
    static void TearDownTestSuite()
    {
        delete s_admin;
        s_admin = nullptr;
    }
    static ApiServerBackend *s_admin;
    static std::set<std::string> s_namespaces;
};

ApiServerBackend *Agreement::s_admin = nullptr;
std::set<std::string> Agreement::s_namespaces = {"default"};

TEST_P(Agreement, DryRunAnswerMatchesOurValidation)
{
    const CaseFile &c = GetParam();
    if (c.allocationDependent)
        GTEST_SKIP() << "marked allocation-dependent";
    ASSERT_NE(s_admin, nullptr);
    ASSERT_TRUE(c.dryRunSeen) << "no expect-dry-run line";

    auto file = loadManifestText(c.text, c.path);
    ASSERT_TRUE(file.ok()) << file.error().toString();
    ASSERT_EQ(file->objects.size(), 1u);
    const ManifestObject &obj = file->objects[0];
    ASSERT_TRUE(obj.errors.empty());

    const std::string ns = obj.namespace_.empty() ? "default" : obj.namespace_;
    std::vector<std::string> needed = c.namespaces;
    needed.push_back(ns);
    for (const auto &n : needed) {
        if (s_namespaces.insert(n).second) {
            ASSERT_TRUE(createNamespace(*s_admin, n, false));
        }
    }

    // Ours.
    std::vector<Cause> ours;
    ResourceRef ref;
    if (const Service *svc = obj.as<Service>()) {
        Service s = *svc;
        defaultService(s);
        ValidationSettings settings;
        settings.dryRun = true;
        for (const auto &e : validateService(s, settings))
            if (!e.isWarning())
                ours.push_back({e.field, e.type});
        ref = ResourceRef::of(ResourceKind::Service);
    } else if (const Endpoints *ep = obj.as<Endpoints>()) {
        Endpoints e = *ep;
        defaultEndpoints(e);
        for (const auto &fe : validateEndpoints(e))
            if (!fe.isWarning())
                ours.push_back({fe.field, fe.type});
        ref = ResourceRef::of(ResourceKind::Endpoints);
    } else {
        FAIL() << "not a Service or Endpoints: " << obj.kind;
    }

    // The apiserver's: the file's own tree, not our re-encoding of it.
    WriteOptions dry;
    dry.dryRun = true;
    auto answer
        = await<Node>([&](auto cb) { s_admin->client().create(ref, ns, obj.tree, dry, cb); });
    std::vector<Cause> theirs;
    if (!answer) {
        const ApiError &e = answer.error();
        if (e.status == 422) {
            for (const auto &fe : e.causes)
                theirs.push_back({fe.field, fe.type});
        } else if (e.status == 500 && e.reason == "InternalError") {
            theirs.push_back({"-", field_error_type::Internal});
        } else {
            FAIL() << "unexpected answer: " << e.toString();
        }
        ASSERT_FALSE(theirs.empty()) << "a 422 without causes: " << e.toString();
    }
    EXPECT_EQ(theirs, ours) << "kube-apiserver (dryRun=All) answered:" << show(theirs)
                            << "\n    validate" << (obj.as<Service>() ? "Service" : "Endpoints")
                            << " says:" << show(ours)
                            << (answer ? std::string()
                                       : "\n    server message: " + answer.error().message);
    EXPECT_EQ(theirs, c.expectDryRun) << "the file's expect-dry-run header disagrees with the "
                                         "real apiserver:"
                                      << show(theirs) << "\n    header:" << show(c.expectDryRun);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Agreement, ::testing::ValuesIn(loadCases()), [](const auto &paramInfo) {
        std::string n = std::filesystem::path(paramInfo.param.path).stem().string();
        for (char &ch : n)
            if (!std::isalnum(static_cast<unsigned char>(ch)))
                ch = '_';
        return "f" + n;
    });

TEST(AgreementCases, ThereAreEnough)
{
    EXPECT_GE(loadCases().size(), 30u);
}

} // namespace
