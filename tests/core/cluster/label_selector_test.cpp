// SPDX-License-Identifier: GPL-3.0-or-later
#include "cluster/label_selector.h"

#include <gtest/gtest.h>

using namespace studio;

namespace {

struct MatchCase
{
    const char *selector;
    Labels labels;
    bool matches;
};

void PrintTo(const MatchCase &c, std::ostream *os) { *os << '"' << c.selector << '"'; }

class ParsedSelectorMatch : public ::testing::TestWithParam<MatchCase>
{};

TEST_P(ParsedSelectorMatch, Matches)
{
    const auto &c = GetParam();
    auto sel = LabelSelector::parse(c.selector);
    ASSERT_TRUE(sel.ok()) << c.selector << ": " << sel.error().message;
    EXPECT_EQ(sel->matches(c.labels), c.matches) << c.selector;
}

const Labels kWeb{{"app", "web"}, {"tier", "frontend"}, {"version", "3"}};

INSTANTIATE_TEST_SUITE_P(
    Table,
    ParsedSelectorMatch,
    ::testing::Values(MatchCase{"", kWeb, true},
                      MatchCase{"", {}, true},
                      MatchCase{"app=web", kWeb, true},
                      MatchCase{"app==web", kWeb, true},
                      MatchCase{"app=db", kWeb, false},
                      MatchCase{"app!=db", kWeb, true},
                      MatchCase{"app!=web", kWeb, false},
                      MatchCase{"env!=prod", kWeb, true}, // absent key satisfies !=
                      MatchCase{"app in (web,db)", kWeb, true},
                      MatchCase{"app in (db,cache)", kWeb, false},
                      MatchCase{"app notin (db,cache)", kWeb, true},
                      MatchCase{"env notin (prod)", kWeb, true},
                      MatchCase{"app notin (web)", kWeb, false},
                      MatchCase{"tier", kWeb, true},
                      MatchCase{"env", kWeb, false},
                      MatchCase{"!env", kWeb, true},
                      MatchCase{"!app", kWeb, false},
                      MatchCase{"version>2", kWeb, true},
                      MatchCase{"version<3", kWeb, false},
                      MatchCase{"app>2", kWeb, false}, // not an integer
                      MatchCase{"app=web,tier!=backend,version in (3,4),!env", kWeb, true},
                      MatchCase{"app=web,tier=backend", kWeb, false},
                      MatchCase{"  app = web ,  tier in ( frontend ) ", kWeb, true},
                      MatchCase{"app=", {{"app", ""}}, true},
                      MatchCase{"app in (in,notin)", {{"app", "notin"}}, true}));

struct ParseErrorCase
{
    const char *selector;
    const char *message;
};

void PrintTo(const ParseErrorCase &c, std::ostream *os) { *os << '"' << c.selector << '"'; }

class ParsedSelectorError : public ::testing::TestWithParam<ParseErrorCase>
{};

TEST_P(ParsedSelectorError, Message)
{
    const auto &c = GetParam();
    auto sel = LabelSelector::parse(c.selector);
    ASSERT_FALSE(sel.ok()) << c.selector;
    EXPECT_EQ(sel.error().message, c.message);
}

INSTANTIATE_TEST_SUITE_P(
    Table,
    ParsedSelectorError,
    ::testing::Values(
        ParseErrorCase{"app in web", "unable to parse requirement: found 'web' expected: '('"},
        ParseErrorCase{"app in ()x", "found 'x', expected: ',' or 'end of string'"},
        ParseErrorCase{"app=web,", "found '', expected: identifier after ','"},
        ParseErrorCase{",app", "found ',', expected: !, identifier, or 'end of string'"},
        ParseErrorCase{"app notin", "unable to parse requirement: found '' expected: '('"},
        ParseErrorCase{"a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, "
                              "!=, gt, lt"},
        ParseErrorCase{"app>x", "unable to parse requirement: for 'Gt', 'Lt' operators, the value "
                                "must be an integer"},
        ParseErrorCase{"-app=x", "unable to parse requirement: invalid label key \"-app\": name part "
                                 "must consist of alphanumeric characters, '-', '_' or '.', and must "
                                 "start and end with an alphanumeric character (e.g. 'MyName',  or "
                                 "'my.name',  or '123-abc', regex used for validation is "
                                 "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"},
        ParseErrorCase{"app=-x", "unable to parse requirement: invalid label value: \"-x\": at key: "
                                 "\"app\": a valid label must be an empty string or consist of "
                                 "alphanumeric characters, '-', '_' or '.', and must start and end "
                                 "with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  "
                                 "or '12345', regex used for validation is "
                                 "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"}));

TEST(LabelSelector, StringFormSortsByKeyAndValues)
{
    auto sel = LabelSelector::parse("z=1,a in (y,x),!m,k");
    ASSERT_TRUE(sel.ok());
    EXPECT_EQ(sel->toString(), "a in (x,y),k,!m,z=1");
    auto again = LabelSelector::parse(sel->toString());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *sel);
}

TEST(LabelSelector, FromSetIsEqualityBased)
{
    const auto sel = LabelSelector::fromSet({{"app", "MyApp"}, {"tier", "backend"}});
    EXPECT_EQ(sel.toString(), "app=MyApp,tier=backend");
    EXPECT_TRUE(sel.matches({{"app", "MyApp"}, {"tier", "backend"}, {"x", "y"}}));
    EXPECT_FALSE(sel.matches({{"app", "MyApp"}}));
    EXPECT_TRUE(LabelSelector::fromSet({}).matches({}));
}

TEST(LabelSelector, NothingAndEverything)
{
    EXPECT_TRUE(LabelSelector::everything().matches({}));
    EXPECT_FALSE(LabelSelector::nothing().matches({{"a", "b"}}));
    auto m = LabelSelector::nothing().explain({});
    ASSERT_TRUE(m);
    EXPECT_EQ(m->reason, SelectorMismatch::Reason::SelectsNothing);
}

struct MetaCase
{
    MetaLabelSelector selector;
    Labels labels;
    bool matches;
};

void PrintTo(const MetaCase &c, std::ostream *os)
{
    *os << c.selector.matchLabels.size() << " labels, " << c.selector.matchExpressions.size()
        << " expressions";
}

class MetaSelectorMatch : public ::testing::TestWithParam<MetaCase>
{};

TEST_P(MetaSelectorMatch, Matches)
{
    const auto &c = GetParam();
    auto sel = labelSelectorAsSelector(&c.selector);
    ASSERT_TRUE(sel.ok()) << sel.error().message;
    EXPECT_EQ(sel->matches(c.labels), c.matches) << sel->toString();
}

INSTANTIATE_TEST_SUITE_P(
    Table,
    MetaSelectorMatch,
    ::testing::Values(
        MetaCase{{}, kWeb, true},
        MetaCase{{{{"app", "web"}}, {}}, kWeb, true},
        MetaCase{{{}, {{"tier", "In", {"frontend", "edge"}}}}, kWeb, true},
        MetaCase{{{}, {{"tier", "NotIn", {"frontend"}}}}, kWeb, false},
        MetaCase{{{}, {{"env", "Exists", {}}}}, kWeb, false},
        MetaCase{{{}, {{"env", "DoesNotExist", {}}}}, kWeb, true},
        MetaCase{{{{"app", "web"}}, {{"version", "In", {"1", "2"}}}}, kWeb, false}));

TEST(MetaLabelSelector, NilSelectsNothing)
{
    auto sel = labelSelectorAsSelector(nullptr);
    ASSERT_TRUE(sel.ok());
    EXPECT_TRUE(sel->isNothing());
}

TEST(MetaLabelSelector, BadOperator)
{
    MetaLabelSelector s{{}, {{"a", "Foo", {"x"}}}};
    auto sel = labelSelectorAsSelector(&s);
    ASSERT_FALSE(sel.ok());
    EXPECT_EQ(sel.error().message, "\"Foo\" is not a valid pod selector operator");
    const auto errs = validateLabelSelector(s, "spec.selector");
    ASSERT_EQ(errs.size(), 1u);
    EXPECT_EQ(errs[0].message(), "spec.selector.matchExpressions[0].operator: Invalid value: "
                                 "\"Foo\": not a valid selector operator");
}

TEST(MetaLabelSelector, ValuesRequiredOrForbidden)
{
    MetaLabelSelector s{{}, {{"a", "In", {}}, {"b", "Exists", {"x"}}}};
    auto sel = labelSelectorAsSelector(&s);
    ASSERT_FALSE(sel.ok());
    EXPECT_EQ(sel.error().message, "for 'in', 'notin' operators, values set can't be empty");
    const auto errs = validateLabelSelector(s, "spec.selector");
    ASSERT_EQ(errs.size(), 2u);
    EXPECT_EQ(errs[0].message(), "spec.selector.matchExpressions[0].values: Required value: must "
                                 "be specified when `operator` is 'In' or 'NotIn'");
    EXPECT_EQ(errs[1].message(), "spec.selector.matchExpressions[1].values: Forbidden: may not be "
                                 "specified when `operator` is 'Exists' or 'DoesNotExist'");
}

TEST(MetaLabelSelector, InvalidKeyAndValue)
{
    MetaLabelSelector s{{{"a/b/c", "ok"}, {"k", "bad value"}}, {}};
    const auto errs = validateLabelSelector(s, "spec.selector");
    ASSERT_EQ(errs.size(), 2u);
    EXPECT_EQ(errs[0].field, "spec.selector.matchLabels");
    EXPECT_EQ(errs[0].badValue, "a/b/c");
    EXPECT_EQ(errs[1].badValue, "bad value");
}

struct ExplainCase
{
    const char *selector;
    Labels labels;
    SelectorMismatch::Reason reason;
    const char *key;
    const char *message;
};

void PrintTo(const ExplainCase &c, std::ostream *os) { *os << '"' << c.selector << '"'; }

class Explain : public ::testing::TestWithParam<ExplainCase>
{};

TEST_P(Explain, FirstFailingRequirement)
{
    const auto &c = GetParam();
    auto sel = LabelSelector::parse(c.selector);
    ASSERT_TRUE(sel.ok());
    auto m = sel->explain(c.labels);
    ASSERT_TRUE(m.has_value()) << c.selector;
    EXPECT_EQ(m->reason, c.reason);
    EXPECT_EQ(m->requirement.key, c.key);
    EXPECT_EQ(m->message(), c.message);
}

using R = SelectorMismatch::Reason;
INSTANTIATE_TEST_SUITE_P(
    Table,
    Explain,
    ::testing::Values(
        ExplainCase{"app=MyApp", {{"app", "web"}}, R::ValueDiffers, "app",
                    "label \"app\" is \"web\", the selector wants \"MyApp\""},
        ExplainCase{"app=MyApp,tier=backend", {{"app", "MyApp"}}, R::LabelMissing, "tier",
                    "label \"tier\" is missing, the selector wants \"backend\""},
        ExplainCase{"tier in (a,b)", {{"tier", "c"}}, R::ValueDiffers, "tier",
                    "label \"tier\" is \"c\", the selector wants one of \"a\", \"b\""},
        ExplainCase{"env notin (prod)", {{"env", "prod"}}, R::ValueExcluded, "env",
                    "label \"env\" is \"prod\", which the selector excludes (env notin (prod))"},
        ExplainCase{"!canary", {{"canary", "true"}}, R::LabelPresent, "canary",
                    "label \"canary\" is present, the selector wants it absent"},
        ExplainCase{"gpu", {}, R::LabelMissing, "gpu", "label \"gpu\" is missing"},
        ExplainCase{"n>5", {{"n", "x"}}, R::NotAnInteger, "n",
                    "label \"n\" is \"x\", not an integer (n>5)"}));

TEST(Explain, MatchingLabelsHaveNoExplanation)
{
    auto sel = LabelSelector::parse("app=web");
    ASSERT_TRUE(sel.ok());
    EXPECT_FALSE(sel->explain(kWeb).has_value());
}

TEST(ServiceSelector, EqualityMapAndFirstDifference)
{
    const Labels selector{{"app", "MyApp"}, {"tier", "backend"}};
    EXPECT_TRUE(selectorMatches(selector, {{"app", "MyApp"}, {"tier", "backend"}, {"x", "1"}}));
    EXPECT_FALSE(selectorMatches(selector, {{"app", "MyApp"}}));
    EXPECT_TRUE(selectorMatches({}, {{"a", "b"}}));
    auto m = explainSelectorMismatch(selector, {{"app", "myapp"}, {"tier", "frontend"}});
    ASSERT_TRUE(m);
    EXPECT_EQ(m->requirement.key, "app"); // the first key, in key order
    EXPECT_EQ(m->reason, R::ValueDiffers);
    ASSERT_TRUE(m->actual);
    EXPECT_EQ(*m->actual, "myapp");
    EXPECT_FALSE(explainSelectorMismatch(selector, {{"app", "MyApp"}, {"tier", "backend"}}));
}

TEST(LabelSyntax, KeyAndValueChecks)
{
    EXPECT_EQ(labelKeyError("app"), "");
    EXPECT_EQ(labelKeyError("example.com/app"), "");
    EXPECT_EQ(labelKeyError(std::string(64, 'a')),
              "invalid label key \"" + std::string(64, 'a')
                  + "\": name part must be no more than 63 characters");
    EXPECT_NE(labelKeyError("Example.com/app"), "");
    EXPECT_EQ(labelValueError("k", ""), "");
    EXPECT_NE(labelValueError("k", "a b"), "");
}

} // namespace
