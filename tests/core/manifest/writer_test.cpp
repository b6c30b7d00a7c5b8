// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest/writer.h"
#include "manifest/yaml_reader.h"

#include <gtest/gtest.h>

using namespace studio;

TEST(Writer, KubectlStyleYaml)
{
    Node root = Node::map();
    root.set("apiVersion", Node::string("v1"));
    Node spec = Node::map();
    Node ports = Node::sequence();
    Node p = Node::map();
    p.set("port", Node::integer(80));
    p.set("targetPort", Node::string("http"));
    ports.append(p);
    spec.set("ports", ports);
    spec.set("selector", Node::map());
    root.set("spec", spec);
    EXPECT_EQ(writeYaml(root), "apiVersion: v1\n"
                               "spec:\n"
                               "  ports:\n"
                               "  - port: 80\n"
                               "    targetPort: http\n"
                               "  selector: {}\n");
}

TEST(Writer, QuotesWhatWouldChangeType)
{
    Node root = Node::map();
    for (const char *s : {"80", "yes", "null", "", "a: b", "#x", "- x", "tcp://1.2.3.4:80", "0x1F",
                          "x #y", "trailing "})
        root.set(s, Node::string(s));
    const std::string out = writeYaml(root);
    auto back = parseYaml(out);
    ASSERT_TRUE(back.ok()) << out;
    const Node &r = (*back)[0].root;
    ASSERT_EQ(r.entries().size(), root.entries().size());
    for (size_t i = 0; i < r.entries().size(); ++i) {
        EXPECT_EQ(r.entries()[i].key, root.entries()[i].key);
        EXPECT_TRUE(r.entries()[i].value.isString()) << r.entries()[i].key;
        EXPECT_EQ(r.entries()[i].value.text(), root.entries()[i].value.text());
    }
    EXPECT_NE(out.find("tcp://1.2.3.4:80: tcp://1.2.3.4:80"), std::string::npos) << out;
}

TEST(Writer, MultiLineStringsUseLiteralBlocks)
{
    Node root = Node::map();
    root.set("script", Node::string("line one\nline two\n"));
    root.set("ctrl", Node::string("a\x01z"));
    const std::string out = writeYaml(root);
    EXPECT_NE(out.find("script: |\n  line one\n  line two\n"), std::string::npos) << out;
    auto back = parseYaml(out);
    ASSERT_TRUE(back.ok()) << out;
    EXPECT_EQ((*back)[0].root.find("script")->text(), "line one\nline two\n");
    EXPECT_EQ((*back)[0].root.find("ctrl")->text(), "a\x01z");
}

TEST(Writer, JsonKeepsOrderAndEscapes)
{
    Node root = Node::map();
    root.set("z", Node::integer(1));
    root.set("a", Node::string("q\"\n日本"));
    Node list = Node::sequence();
    list.append(Node::boolean(true));
    list.append(Node::null());
    root.set("l", list);
    EXPECT_EQ(writeJson(root, -1), "{\"z\":1,\"a\":\"q\\\"\\n日本\",\"l\":[true,null]}");
    auto back = parseYaml(writeJson(root));
    ASSERT_TRUE(back.ok());
    EXPECT_TRUE((*back)[0].root == root);
}

TEST(Writer, NestedSequencesRoundTrip)
{
    auto in = parseYaml("a:\n- - 1\n  - 2\n- []\n- {}\n- x: 1\n  y:\n  - z\n");
    ASSERT_TRUE(in.ok());
    const std::string out = writeYaml((*in)[0].root);
    auto back = parseYaml(out);
    ASSERT_TRUE(back.ok()) << out;
    EXPECT_TRUE((*back)[0].root == (*in)[0].root) << out;
}

TEST(Writer, QuotesKeysThatLookLikeDocumentMarkers)
{
    // Found by the fuzzer: a key "... x" written at column 0 read back as a document end.
    auto in = parseYaml(" ... !  /mu?.: u?\n");
    ASSERT_TRUE(in.ok());
    const std::string out = writeYaml((*in)[0].root);
    auto back = parseYaml(out);
    ASSERT_TRUE(back.ok()) << out;
    EXPECT_TRUE((*back)[0].root == (*in)[0].root) << out;
}

TEST(Writer, QuotesTheMergeKey)
{
    // Found by the fuzzer: a quoted "<<" key written plain read back as a merge key.
    auto in = parseYaml("{\"<<\": 1}\n");
    ASSERT_TRUE(in.ok());
    const std::string out = writeYaml((*in)[0].root);
    auto back = parseYaml(out);
    ASSERT_TRUE(back.ok()) << out;
    EXPECT_TRUE((*back)[0].root == (*in)[0].root) << out;
}

TEST(Writer, EscapesC1ControlCharacters)
{
    // Found by the fuzzer: "\x94" reads as U+0094, which YAML forbids unescaped on output.
    auto in = parseYaml("a: \"52\\x9423\"\nb: \"\\uFFFE\"\n");
    ASSERT_TRUE(in.ok());
    const std::string out = writeYaml((*in)[0].root);
    EXPECT_NE(out.find("\\u0094"), std::string::npos) << out;
    auto back = parseYaml(out);
    ASSERT_TRUE(back.ok()) << out << back.error().toString();
    EXPECT_TRUE((*back)[0].root == (*in)[0].root) << out;
    auto json = parseYaml(writeJson((*in)[0].root));
    ASSERT_TRUE(json.ok());
    EXPECT_TRUE((*json)[0].root == (*in)[0].root);
}

TEST(Writer, EscapesUnicodeLineBreaks)
{
    // Found by the fuzzer: "\L" (U+2028) written raw broke a plain scalar in two.
    auto in = parseYaml("a: \"x\\Ly\\Pz\\N\\u00e9\"\n");
    ASSERT_TRUE(in.ok());
    const std::string out = writeYaml((*in)[0].root);
    EXPECT_NE(out.find("\\u2028"), std::string::npos) << out;
    EXPECT_NE(out.find("\\u0085"), std::string::npos) << out;
    auto back = parseYaml(out);
    ASSERT_TRUE(back.ok()) << out;
    EXPECT_TRUE((*back)[0].root == (*in)[0].root) << out;
}
