// SPDX-License-Identifier: GPL-3.0-or-later
// Runs every manifest of cases/ through decoding, defaulting and validation and compares
// with the verdicts in its header (see cases/README.md): the same files are replayed against
// a real v1.20 apiserver, so a disagreement there means a bug here or a wrong header.
#include "manifest/manifest.h"
#include "test_support.h"

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace studio;
using namespace studio::test;

namespace {

struct Verdict
{
    std::string label; // "dry-run", "create", "create@10.0.0.0/16"
    ValidationSettings settings;
    std::vector<Expected> expected;
    std::vector<std::string> messages; // only for "create"
    bool seen = false;
};

struct CaseFile
{
    std::string path;
    std::string text;
    std::vector<Verdict> verdicts;
};

void PrintTo(const CaseFile &c, std::ostream *os)
{
    *os << std::filesystem::path(c.path).filename().string();
}

std::vector<CaseFile> loadCases()
{
    std::vector<CaseFile> out;
    std::vector<std::filesystem::path> files;
    for (const auto &e : std::filesystem::directory_iterator(STUDIO_VALIDATION_CASES_DIR))
        if (e.path().extension() == ".yaml")
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto &f : files) {
        CaseFile c;
        c.path = f.string();
        std::ifstream in(f);
        std::stringstream ss;
        ss << in.rdbuf();
        c.text = ss.str();
        out.push_back(std::move(c));
    }
    return out;
}

Verdict &verdictFor(CaseFile &c, const std::string &label)
{
    for (auto &v : c.verdicts)
        if (v.label == label)
            return v;
    Verdict v;
    v.label = label;
    if (label == "dry-run")
        v.settings.dryRun = true;
    else if (label.starts_with("create@"))
        v.settings.serviceClusterIpRange = *IpNetwork::parse(label.substr(7));
    c.verdicts.push_back(std::move(v));
    return c.verdicts.back();
}

// Parses the "# expect-...:" and "# message-create:" lines; returns an error text or "".
std::string parseHeader(CaseFile &c)
{
    std::istringstream lines(c.text);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.starts_with("# "))
            continue;
        const size_t colon = line.find(": ");
        if (colon == std::string::npos)
            continue;
        const std::string key = line.substr(2, colon - 2);
        const std::string rest = line.substr(colon + 2);
        if (key.starts_with("expect-")) {
            Verdict &v = verdictFor(c, key.substr(7));
            if (rest == "valid") {
                v.seen = true;
                continue;
            }
            std::istringstream words(rest);
            Expected e;
            if (!(words >> e.field >> e.type))
                return "bad line: " + line;
            v.seen = true;
            v.expected.push_back(e);
        } else if (key == "message-create") {
            verdictFor(c, "create").messages.push_back(rest);
        }
    }
    for (const char *required : {"dry-run", "create"})
        if (!verdictFor(c, required).seen)
            return std::string("no expect-") + required + " line";
    return {};
}

class Cases : public ::testing::TestWithParam<CaseFile>
{
};

TEST_P(Cases, AgreeWithTheirVerdicts)
{
    CaseFile c = GetParam();
    const std::string headerError = parseHeader(c);
    ASSERT_EQ(headerError, "");

    auto file = loadManifestText(c.text, c.path);
    ASSERT_TRUE(file.ok()) << file.error().toString();
    ASSERT_EQ(file->objects.size(), 1u);
    const ManifestObject &obj = file->objects[0];
    ASSERT_TRUE(obj.errors.empty()) << describe(obj.errors);

    for (const Verdict &v : c.verdicts) {
        FieldErrors errs;
        if (const Service *svc = obj.as<Service>()) {
            Service s = *svc;
            defaultService(s);
            errs = validateService(s, v.settings);
        } else if (const Endpoints *ep = obj.as<Endpoints>()) {
            Endpoints e = *ep;
            defaultEndpoints(e);
            errs = validateEndpoints(e);
        } else {
            FAIL() << "not a Service or Endpoints: " << obj.kind;
        }
        // "-" in a header: the apiserver answers without a field (a 500 InternalError); ours
        // keeps the field for the editors, so only the type is compared.
        std::vector<Expected> expected = v.expected;
        for (size_t i = 0; i < expected.size() && i < errs.size(); ++i)
            if (expected[i].field == "-")
                expected[i].field = errs[i].field;
        EXPECT_TRUE(sameErrors(errs, expected)) << v.label;
        if (!v.messages.empty()) {
            std::vector<std::string> got;
            for (const auto &e : errs)
                got.push_back(e.type == field_error_type::Internal
                                  ? "Internal error occurred: " + e.detail // the Status message
                                  : e.message());
            EXPECT_EQ(got, v.messages) << v.label;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Files, Cases, ::testing::ValuesIn(loadCases()), [](const auto &paramInfo) {
    std::string n = std::filesystem::path(paramInfo.param.path).stem().string();
    for (char &ch : n)
        if (!std::isalnum(static_cast<unsigned char>(ch)))
            ch = '_';
    return "f" + n;
});

TEST(Cases, ThereAreEnough)
{
    EXPECT_GE(loadCases().size(), 30u);
}

} // namespace
