// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest/yaml_reader.h"

#include <gtest/gtest.h>

using namespace studio;

namespace {
Node parseOne(const std::string &text)
{
    auto r = parseYaml(text);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().toString());
    if (!r.ok() || r->empty())
        return Node();
    return (*r)[0].root;
}
} // namespace

struct ScalarCase
{
    const char *yaml;
    Node::Type type;
    const char *text;
};

class ScalarResolution : public ::testing::TestWithParam<ScalarCase>
{};

// go-yaml v2 (YAML 1.1) resolution, as Kubernetes' decoder sees values.
TEST_P(ScalarResolution, ResolvesLikeGoYamlV2)
{
    const ScalarCase &c = GetParam();
    Node root = parseOne(std::string("v: ") + c.yaml + "\n");
    const Node *v = root.find("v");
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(v->type(), c.type) << c.yaml;
    if (c.text) {
        EXPECT_EQ(v->text(), c.text);
    }
}

INSTANTIATE_TEST_SUITE_P(
    Yaml11, ScalarResolution,
    ::testing::Values(ScalarCase{"80", Node::Type::Int, "80"},
                      ScalarCase{"\"80\"", Node::Type::String, "80"},
                      ScalarCase{"'80'", Node::Type::String, "80"},
                      ScalarCase{"0x50", Node::Type::Int, "0x50"},
                      ScalarCase{"-3", Node::Type::Int, "-3"},
                      ScalarCase{"1_000", Node::Type::Int, "1_000"},
                      ScalarCase{"1.5", Node::Type::Float, "1.5"},
                      ScalarCase{"1e3", Node::Type::Float, "1e3"},
                      ScalarCase{".inf", Node::Type::Float, nullptr},
                      ScalarCase{"yes", Node::Type::Bool, "true"},
                      ScalarCase{"No", Node::Type::Bool, "false"},
                      ScalarCase{"on", Node::Type::Bool, "true"},
                      ScalarCase{"true", Node::Type::Bool, "true"},
                      ScalarCase{"~", Node::Type::Null, nullptr},
                      ScalarCase{"null", Node::Type::Null, nullptr},
                      ScalarCase{"", Node::Type::Null, nullptr},
                      ScalarCase{"10.0.0.1", Node::Type::String, "10.0.0.1"},
                      ScalarCase{"None", Node::Type::String, "None"},
                      ScalarCase{"TCP", Node::Type::String, "TCP"},
                      ScalarCase{"!!str 80", Node::Type::String, "80"},
                      ScalarCase{"!!int \"42\"", Node::Type::Int, "42"},
                      ScalarCase{"99999999999999999999", Node::Type::Float, nullptr}));

TEST(YamlReader, KeepsKeyOrderAndMarks)
{
    Node root = parseOne("zeta: 1\nalpha: 2\nmid:\n  b: x\n  a: y\n");
    ASSERT_TRUE(root.isMap());
    ASSERT_EQ(root.entries().size(), 3u);
    EXPECT_EQ(root.entries()[0].key, "zeta");
    EXPECT_EQ(root.entries()[1].key, "alpha");
    EXPECT_EQ(root.entries()[2].key, "mid");
    const Node *mid = root.find("mid");
    EXPECT_EQ(mid->entries()[0].key, "b");
    EXPECT_EQ(mid->find("a")->mark().line, 5);
    EXPECT_EQ(mid->find("a")->mark().column, 6);
    EXPECT_EQ(root.entries()[1].keyMark.line, 2);
    EXPECT_EQ(root.entries()[1].keyMark.column, 1);
}

TEST(YamlReader, MultiDocumentAndEmptyDocuments)
{
    auto r = parseYaml("a: 1\n---\n---\nb: 2\n...\n");
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->size(), 3u);
    EXPECT_TRUE((*r)[0].root.isMap());
    EXPECT_TRUE((*r)[1].root.isNull());
    EXPECT_EQ((*r)[2].root.find("b")->intValue(), 2);
    EXPECT_EQ((*r)[2].index, 2);
}

TEST(YamlReader, ReadsJson)
{
    Node root = parseOne(R"({"kind": "Service", "spec": {"ports": [{"port": 80}]}})");
    EXPECT_EQ(root.find("kind")->text(), "Service");
    EXPECT_EQ(root.find("spec")->find("ports")->items()[0].find("port")->intValue(), 80);
}

TEST(YamlReader, AliasesExpandWithinBudget)
{
    Node root = parseOne("base: &b {app: web}\ncopy: *b\n");
    EXPECT_EQ(root.find("copy")->find("app")->text(), "web");
}

struct BadCase
{
    const char *name;
    const char *yaml;
    const char *code;
    int line;
};

class BadYaml : public ::testing::TestWithParam<BadCase>
{};

TEST_P(BadYaml, GivesCodeAndLocation)
{
    const BadCase &c = GetParam();
    auto r = parseYaml(c.yaml);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error().code, c.code) << c.name << ": " << r.error().toString();
    if (c.line) {
        EXPECT_EQ(r.error().line, c.line) << c.name << ": " << r.error().toString();
    }
    EXPECT_FALSE(r.error().message.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Errors, BadYaml,
    ::testing::Values(
        BadCase{"duplicate key", "a: 1\nb: 2\na: 3\n", "duplicate-key", 3},
        BadCase{"nested duplicate", "spec:\n  ports: []\n  ports: []\n", "duplicate-key", 3},
        BadCase{"bad indentation", "a:\n  b: 1\n c: 2\n", "yaml-syntax", 0},
        BadCase{"unclosed flow", "a: [1, 2\n", "yaml-syntax", 0},
        BadCase{"map value in plain scalar", "a: b: c\n", "yaml-syntax", 1},
        BadCase{"tab indentation", "a:\n\tb: 1\n", "yaml-syntax", 0},
        BadCase{"complex key", "? [a, b]\n: 1\n", "bad-key", 1},
        BadCase{"merge key", "a: &x {b: 1}\nc:\n  <<: *x\n", "bad-key", 3},
        BadCase{"unknown tag", "a: !foo bar\n", "bad-tag", 1},
        BadCase{"bad int tag", "a: !!int abc\n", "bad-tag", 1},
        BadCase{"undefined alias", "a: *nothing\n", "yaml-syntax", 0}),
    [](const auto &p) {
        std::string n = p.param.name;
        for (char &c : n)
            if (!isalnum(static_cast<unsigned char>(c)))
                c = '_';
        return n;
    });

TEST(YamlReader, NulByteIsRefused)
{
    const std::string text("a: 1\nb: x\0y\n", 12);
    auto r = parseYaml(text);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "yaml-syntax");
    EXPECT_EQ(r.error().line, 2);
}

TEST(YamlReader, PlainScalarQuotingDecision)
{
    EXPECT_TRUE(plainScalarReadsAsString("web"));
    EXPECT_TRUE(plainScalarReadsAsString("10.0.0.1"));
    EXPECT_FALSE(plainScalarReadsAsString("80"));
    EXPECT_FALSE(plainScalarReadsAsString("yes"));
    EXPECT_FALSE(plainScalarReadsAsString("null"));
    EXPECT_FALSE(plainScalarReadsAsString(""));
}
