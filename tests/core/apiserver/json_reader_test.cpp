// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiserver/json_reader.h"
#include "manifest/writer.h"
#include "manifest/yaml_reader.h"

#include <gtest/gtest.h>

using namespace studio;

TEST(JsonReader, BuildsTheSameTreeAsTheYamlReader)
{
    const std::string text = R"({"kind":"Service","apiVersion":"v1","metadata":{"name":"web",
 "labels":{"a":"1","b":"yes"}},"spec":{"ports":[{"port":80,"targetPort":"http"}],
 "publishNotReadyAddresses":false,"x":null,"f":1.5,"big":12345678901234}})";
    auto j = parseJson(text);
    ASSERT_TRUE(j.ok()) << j.error().toString();
    auto y = parseYaml(text);
    ASSERT_TRUE(y.ok()) << y.error().toString();
    EXPECT_TRUE(*j == y->front().root) << writeJson(*j) << "\n" << writeJson(y->front().root);
    // "yes" in JSON is a string, never YAML 1.1's boolean.
    EXPECT_TRUE(j->find("metadata")->find("labels")->find("b")->isString());
    EXPECT_EQ(j->find("spec")->find("big")->intValue(), 12345678901234);
    EXPECT_EQ(j->find("spec")->find("f")->type(), Node::Type::Float);
}

TEST(JsonReader, KeepsKeyOrderAndMarks)
{
    auto j = parseJson("{\n  \"z\": 1,\n  \"a\": [true, \"x\"]\n}");
    ASSERT_TRUE(j.ok());
    ASSERT_EQ(j->entries().size(), 2u);
    EXPECT_EQ(j->entries()[0].key, "z");
    EXPECT_EQ(j->entries()[1].key, "a");
    EXPECT_EQ(j->entries()[1].keyMark.line, 3);
    EXPECT_EQ(j->entries()[1].keyMark.column, 3);
    EXPECT_EQ(j->find("a")->items()[1].mark().line, 3);
}

TEST(JsonReader, DecodesEscapes)
{
    auto j = parseJson(R"(["a\"b\\c\/d\n\t", "\u00e9\u003c", "\ud83d\ude00", "\ud800x"])");
    ASSERT_TRUE(j.ok()) << j.error().toString();
    EXPECT_EQ(j->items()[0].text(), "a\"b\\c/d\n\t");
    EXPECT_EQ(j->items()[1].text(), "\xC3\xA9<");
    EXPECT_EQ(j->items()[2].text(), "\xF0\x9F\x98\x80");
    EXPECT_EQ(j->items()[3].text(), "\xEF\xBF\xBDx"); // a lone surrogate: U+FFFD, as Go
}

TEST(JsonReader, DuplicateKeysLastWins)
{
    auto j = parseJson(R"({"a":1,"b":2,"a":3})");
    ASSERT_TRUE(j.ok());
    EXPECT_EQ(j->size(), 2u);
    EXPECT_EQ(j->find("a")->intValue(), 3);
    std::string big = "{";
    for (int i = 0; i < 100; ++i)
        big += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    big += "\"k5\":500}";
    auto b = parseJson(big);
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b->size(), 100u);
    EXPECT_EQ(b->find("k5")->intValue(), 500);
}

TEST(JsonReader, ReportsErrorsWithPosition)
{
    struct Case
    {
        const char *text;
        int line;
        int column;
    };
    for (const Case &c : {Case{"{\"a\":}", 1, 6},
                          Case{"{\n \"a\" 1}", 2, 6},
                          Case{"[1,]", 1, 4},
                          Case{"\"abc", 1, 5},
                          Case{"{} x", 1, 4},
                          Case{"[01]", 1, 3},
                          Case{"[1.]", 1, 4},
                          Case{"\"a\tb\"", 1, 3},
                          Case{"", 1, 1},
                          Case{"nul", 1, 1}}) {
        auto j = parseJson(c.text);
        ASSERT_FALSE(j.ok()) << c.text;
        EXPECT_EQ(j.error().code, "json-syntax") << c.text;
        EXPECT_EQ(j.error().line, c.line) << c.text << ": " << j.error().toString();
        EXPECT_EQ(j.error().column, c.column) << c.text << ": " << j.error().toString();
    }
}

TEST(JsonReader, LimitsDepthAndSize)
{
    std::string deep(1000, '[');
    deep += std::string(1000, ']');
    auto j = parseJson(deep);
    ASSERT_FALSE(j.ok());
    EXPECT_EQ(j.error().code, "too-deep");
    JsonReadOptions small;
    small.maxNodes = 10;
    auto k = parseJson("[1,2,3,4,5,6,7,8,9,10,11]", small);
    ASSERT_FALSE(k.ok());
    EXPECT_EQ(k.error().code, "too-many-nodes");
}

TEST(JsonReader, DropsManagedFieldsOnlyInMetadata)
{
    const char *text
        = R"({"metadata":{"name":"a","managedFields":[{"manager":"x","fieldsV1":{"f:spec":{"k:{\"port\":80}":{}}}}],"uid":"u"},
"spec":{"managedFields":"kept: not in metadata"}})";
    JsonReadOptions o;
    o.dropManagedFields = true;
    auto j = parseJson(text, o);
    ASSERT_TRUE(j.ok()) << j.error().toString();
    const Node *m = j->find("metadata");
    EXPECT_EQ(m->find("managedFields"), nullptr);
    EXPECT_EQ(m->find("uid")->text(), "u");
    EXPECT_NE(j->find("spec")->find("managedFields"), nullptr);
    auto all = parseJson(text);
    ASSERT_TRUE(all.ok());
    EXPECT_NE(all->find("metadata")->find("managedFields"), nullptr);
    // What is skipped is still checked.
    auto bad = parseJson(R"({"metadata":{"managedFields":[{"a":tru}]}})", o);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, "json-syntax");
}
