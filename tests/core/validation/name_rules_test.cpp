// SPDX-License-Identifier: GPL-3.0-or-later
#include "validation/name_rules.h"

#include <gtest/gtest.h>

using namespace studio::name_rules;

namespace {

// The exact apiserver texts (k8s.io/apimachinery/pkg/util/validation, v1.20), including the
// double space RegexError leaves after the first example.
const char *kDns1035
    = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
      "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
      "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const char *kDns1123Label
    = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
      "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
      "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const char *kDns1123Subdomain
    = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
      "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
      "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const char *kQualifiedNamePart
    = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
      "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used "
      "for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const char *kLabelValue
    = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
      "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
      "'my_value',  or '12345', regex used for validation is "
      "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

struct Row
{
    const char *rule;
    Messages (*fn)(std::string_view);
    std::string value;
    Messages expected;
};

class NameRules : public ::testing::TestWithParam<Row>
{
};

TEST_P(NameRules, GivesTheApiserverMessages)
{
    const Row &r = GetParam();
    EXPECT_EQ(r.fn(r.value), r.expected) << r.rule << "(\"" << r.value << "\")";
}

const std::string k64(64, 'a');
const std::string k16(16, 'a');

INSTANTIATE_TEST_SUITE_P(
    Table,
    NameRules,
    ::testing::Values(
        Row{"dns1035", &isDns1035Label, "my-service", {}},
        Row{"dns1035", &isDns1035Label, "abc-123", {}},
        Row{"dns1035", &isDns1035Label, "1abc", {kDns1035}},
        Row{"dns1035", &isDns1035Label, "My-Service", {kDns1035}},
        Row{"dns1035", &isDns1035Label, "my_service", {kDns1035}},
        Row{"dns1035", &isDns1035Label, "abc-", {kDns1035}},
        Row{"dns1035", &isDns1035Label, "", {kDns1035}},
        Row{"dns1035", &isDns1035Label, k64, {"must be no more than 63 characters"}},
        Row{"dns1123label", &isDns1123Label, "123-abc", {}},
        Row{"dns1123label", &isDns1123Label, "web", {}},
        Row{"dns1123label", &isDns1123Label, "123_abc", {kDns1123Label}},
        Row{"dns1123label", &isDns1123Label, "-web", {kDns1123Label}},
        Row{"dns1123label", &isDns1123Label, "a.b", {kDns1123Label}},
        Row{"dns1123subdomain", &isDns1123Subdomain, "my.database.example.com", {}},
        Row{"dns1123subdomain", &isDns1123Subdomain, "my..example", {kDns1123Subdomain}},
        Row{"dns1123subdomain", &isDns1123Subdomain, "My.Database", {kDns1123Subdomain}},
        // Only the total length is limited: the regex has no 63-character bound per label.
        Row{"dns1123subdomain",
            &isDns1123Subdomain,
            std::string(254, 'a'),
            {"must be no more than 253 characters"}},
        Row{"dns1123subdomain", &isDns1123Subdomain, std::string(70, 'a') + ".com", {}},
        Row{"qualifiedName", &isQualifiedName, "app", {}},
        Row{"qualifiedName", &isQualifiedName, "example.com/My_Name.1", {}},
        Row{"qualifiedName", &isQualifiedName, "-app", {kQualifiedNamePart}},
        Row{"qualifiedName", &isQualifiedName, "/app", {"prefix part must be non-empty"}},
        Row{"qualifiedName",
            &isQualifiedName,
            "example.com/",
            {"name part must be non-empty", kQualifiedNamePart}},
        Row{"qualifiedName",
            &isQualifiedName,
            "Example.com/app",
            {std::string("prefix part ") + kDns1123Subdomain}},
        Row{"qualifiedName",
            &isQualifiedName,
            "a/b/c",
            {"a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must "
             "start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
             "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') "
             "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"}},
        Row{"qualifiedName",
            &isQualifiedName,
            k64,
            {"name part must be no more than 63 characters"}},
        Row{"labelValue", &isValidLabelValue, "", {}},
        Row{"labelValue", &isValidLabelValue, "MyApp", {}},
        Row{"labelValue", &isValidLabelValue, "my app", {kLabelValue}},
        Row{"labelValue", &isValidLabelValue, k64, {"must be no more than 63 characters"}},
        Row{"portName", &isValidPortName, "http", {}},
        Row{"portName", &isValidPortName, "h2c-1", {}},
        Row{"portName",
            &isValidPortName,
            "HTTP",
            {"must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
             "must contain at least one letter or number (a-z, 0-9)"}},
        Row{"portName",
            &isValidPortName,
            "80",
            {"must contain at least one letter or number (a-z, 0-9)"}},
        Row{"portName", &isValidPortName, "a--b", {"must not contain consecutive hyphens"}},
        Row{"portName", &isValidPortName, "-ab", {"must not begin or end with a hyphen"}},
        Row{"portName", &isValidPortName, k16, {"must be no more than 15 characters"}},
        Row{"ip", &isValidIp, "1.2.3.4", {}},
        Row{"ip", &isValidIp, "2001:db8::ffff", {}},
        Row{"ip",
            &isValidIp,
            "1.2.3",
            {"must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"}}));

TEST(NameRules, PortNumbers)
{
    EXPECT_TRUE(isValidPortNum(1).empty());
    EXPECT_TRUE(isValidPortNum(65535).empty());
    EXPECT_EQ(isValidPortNum(0), Messages{"must be between 1 and 65535, inclusive"});
    EXPECT_EQ(isValidPortNum(65536), Messages{"must be between 1 and 65535, inclusive"});
}

TEST(NameRules, GenerateNameMasksTheTrailingDashLikeApimachinery)
{
    EXPECT_EQ(maskTrailingDash("my-svc-"), "my-sva"); // drops two characters, as upstream
    EXPECT_EQ(maskTrailingDash("my-svc"), "my-svc");
    EXPECT_TRUE(isDns1035Label(maskTrailingDash("my-svc-")).empty());
}

} // namespace
