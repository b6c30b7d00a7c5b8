// SPDX-License-Identifier: GPL-3.0-or-later
#include "validation/cloud_annotations.h"

#include <gtest/gtest.h>

#include <set>

using namespace studio;

namespace {

const std::string kAws = "service.beta.kubernetes.io/aws-load-balancer-";

TEST(CloudAnnotations, TableIsWellFormed)
{
    std::set<std::string_view> keys;
    for (const auto &a : cloudAnnotations()) {
        EXPECT_TRUE(keys.insert(a.key).second) << "duplicate " << a.key;
        EXPECT_FALSE(a.description.empty()) << a.key;
        EXPECT_FALSE(cloudProviderName(a.provider).empty());
        // Every example the picker offers must pass its own check.
        EXPECT_EQ(checkCloudAnnotationValue(a, a.example), "") << a.key;
        if (a.kind == CloudAnnotation::Kind::IntRange) {
            EXPECT_LT(a.min, a.max) << a.key;
        }
    }
    EXPECT_GE(cloudAnnotations().size(), 20u);
}

// The values the concept page shows are accepted (except its empty healthy-threshold).
struct Row
{
    std::string key;
    std::string value;
    bool ok;
};

class CloudAnnotationValues : public ::testing::TestWithParam<Row>
{
};

TEST_P(CloudAnnotationValues, Check)
{
    const Row &r = GetParam();
    const CloudAnnotation *a = findCloudAnnotation(r.key);
    ASSERT_NE(a, nullptr) << r.key;
    EXPECT_EQ(checkCloudAnnotationValue(*a, r.value).empty(), r.ok) << r.key << "=" << r.value;
}

INSTANTIATE_TEST_SUITE_P(
    Table,
    CloudAnnotationValues,
    ::testing::Values(
        Row{"cloud.google.com/load-balancer-type", "Internal", true},
        Row{"cloud.google.com/load-balancer-type", "internal", true},
        Row{"cloud.google.com/load-balancer-type", "External", false},
        Row{kAws + "internal", "0.0.0.0/0", true},
        Row{kAws + "internal", "", false},
        Row{"service.beta.kubernetes.io/azure-load-balancer-internal", "true", true},
        Row{"service.beta.kubernetes.io/azure-load-balancer-internal", "True", false},
        Row{"service.beta.kubernetes.io/openstack-internal-load-balancer", "true", true},
        Row{"service.beta.kubernetes.io/openstack-internal-load-balancer", "1", false},
        Row{kAws + "ssl-cert",
            "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012",
            true},
        Row{kAws + "ssl-cert", "arn:aws:iam::123456789012:server-certificate/my-cert", true},
        Row{kAws + "ssl-cert", "arn:aws:acm:us-east-1:1234:certificate/x", false},
        Row{kAws + "backend-protocol", "https", true},
        Row{kAws + "backend-protocol", "(https|http|ssl|tcp)", false},
        Row{kAws + "ssl-ports", "443,8443", true},
        Row{kAws + "ssl-ports", "*", true},
        Row{kAws + "ssl-ports", "https, 8443", true},
        Row{kAws + "ssl-ports", "443,,8443", false},
        Row{kAws + "ssl-ports", "70000", false},
        Row{kAws + "ssl-negotiation-policy", "ELBSecurityPolicy-TLS-1-2-2017-01", true},
        Row{kAws + "proxy-protocol", "*", true},
        Row{kAws + "proxy-protocol", "true", false},
        Row{kAws + "access-log-enabled", "true", true},
        Row{kAws + "access-log-enabled", "True", true}, // strconv.ParseBool
        Row{kAws + "access-log-enabled", "yes", false},
        Row{kAws + "access-log-emit-interval", "60", true},
        Row{kAws + "access-log-emit-interval", "5", true},
        Row{kAws + "access-log-emit-interval", "10", false},
        Row{kAws + "access-log-s3-bucket-name", "my-bucket", true},
        Row{kAws + "access-log-s3-bucket-name", "My_Bucket", false},
        Row{kAws + "access-log-s3-bucket-name", "ab", false},
        Row{kAws + "access-log-s3-bucket-prefix", "my-bucket-prefix/prod", true},
        Row{kAws + "connection-draining-enabled", "true", true},
        Row{kAws + "connection-draining-timeout", "60", true},
        Row{kAws + "connection-draining-timeout", "0", false},
        Row{kAws + "connection-draining-timeout", "60s", false},
        Row{kAws + "connection-idle-timeout", "60", true},
        Row{kAws + "connection-idle-timeout", "3600", true},
        Row{kAws + "connection-idle-timeout", "3601", false},
        Row{kAws + "cross-zone-load-balancing-enabled", "true", true},
        Row{kAws + "additional-resource-tags", "environment=prod,owner=devops", true},
        Row{kAws + "additional-resource-tags", "environment=prod,=devops", false},
        Row{kAws + "healthcheck-healthy-threshold", "", false},
        Row{kAws + "healthcheck-healthy-threshold", "2", true},
        Row{kAws + "healthcheck-healthy-threshold", "11", false},
        Row{kAws + "healthcheck-unhealthy-threshold", "3", true},
        Row{kAws + "healthcheck-unhealthy-threshold", "1", false},
        Row{kAws + "healthcheck-interval", "20", true},
        Row{kAws + "healthcheck-interval", "4", false},
        Row{kAws + "healthcheck-interval", "301", false},
        Row{kAws + "healthcheck-timeout", "5", true},
        Row{kAws + "healthcheck-timeout", "61", false},
        Row{kAws + "extra-security-groups", "sg-53fae93f,sg-42efd82e", true},
        Row{kAws + "extra-security-groups", "default", false},
        Row{kAws + "type", "nlb", true},
        Row{kAws + "type", "NLB", false},
        Row{"service.beta.kubernetes.io/load-balancer-source-ranges",
            "10.0.0.0/8, 192.168.0.0/16",
            true},
        Row{"service.beta.kubernetes.io/load-balancer-source-ranges", "10.0.0.1", false}));

TEST(CloudAnnotations, UnknownKey)
{
    EXPECT_EQ(findCloudAnnotation("example.com/x"), nullptr);
}

TEST(CloudAnnotations, DescribeAllowedValues)
{
    EXPECT_EQ(describeAllowedValues(*findCloudAnnotation(kAws + "healthcheck-interval")),
              "an integer between 5 and 300");
    EXPECT_EQ(describeAllowedValues(*findCloudAnnotation(kAws + "backend-protocol")),
              "one of \"http\", \"https\", \"ssl\" or \"tcp\"");
    EXPECT_EQ(describeAllowedValues(*findCloudAnnotation(kAws + "type")), "exactly \"nlb\"");
}

} // namespace
