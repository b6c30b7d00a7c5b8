// SPDX-License-Identifier: GPL-3.0-or-later
#include "test_support.h"

using namespace studio;
using namespace studio::test;

namespace {

Pod pod(std::string name,
        Labels labels,
        std::vector<ContainerPort> ports = {},
        std::string ns = "default")
{
    Pod p;
    p.metadata.name = std::move(name);
    p.metadata.namespace_ = std::move(ns);
    p.metadata.labels = std::move(labels);
    p.containers = {Container{"app", "img", std::move(ports)}};
    return p;
}

std::vector<std::string> codes(const FieldErrors &errs)
{
    std::vector<std::string> out;
    for (const auto &e : errs) {
        EXPECT_TRUE(e.isWarning()) << e.message();
        out.push_back(e.type + " " + e.field);
    }
    return out;
}

using Codes = std::vector<std::string>;

TEST(ReviewService, SelectorMatchingAPodIsQuiet)
{
    EXPECT_TRUE(reviewService(myService(), {pod("web-1", {{"app", "MyApp"}})}).empty());
}

TEST(ReviewService, NoPodsKnownMeansNoSelectorAdvice)
{
    EXPECT_TRUE(reviewService(myService(), {}).empty());
}

TEST(ReviewService, SelectorMatchingNothingNamesTheNearestPodAndTheLabel)
{
    Service s = myService();
    s.spec.selector = Labels{{"app", "MyApp"}, {"tier", "web"}};
    const auto errs
        = reviewService(s,
                        {pod("db-0", {{"app", "db"}}),
                         pod("web-1", {{"app", "myapp"}, {"tier", "web"}}),
                         pod("other-ns", {{"app", "MyApp"}, {"tier", "web"}}, {}, "prod")});
    ASSERT_EQ(codes(errs), Codes{"selector-matches-nothing spec.selector"});
    EXPECT_EQ(errs[0].detail,
              "no pod in namespace default matches the selector app=MyApp,tier=web; the nearest "
              "pod, web-1, differs: its label app is \"myapp\", not \"MyApp\"");
}

TEST(ReviewService, SelectorMissingLabel)
{
    const auto errs = reviewService(myService(), {pod("web-1", {{"role", "web"}})});
    ASSERT_EQ(errs.size(), 1u);
    EXPECT_NE(errs[0].detail.find("it has no label app"), std::string::npos) << errs[0].detail;
}

TEST(ReviewService, NamedTargetPortNoSelectedPodExposes)
{
    Service s = myService();
    s.spec.ports = {port(80, IntOrString::fromString("http"), "http"),
                    port(53, IntOrString::fromString("dns"), "dns", "UDP"),
                    port(9000, IntOrString::fromString("metrics"), "metrics")};
    const auto errs = reviewService(
        s,
        {pod("web-1",
             {{"app", "MyApp"}},
             {ContainerPort{"http", 8080, "", 0}, ContainerPort{"dns", 53, "TCP", 0}}),
         pod("unselected", {{"app", "other"}}, {ContainerPort{"metrics", 9000, "", 0}})});
    ASSERT_EQ(codes(errs),
              (Codes{"target-port-name-not-exposed spec.ports[1].targetPort",
                     "target-port-name-not-exposed spec.ports[2].targetPort"}));
    EXPECT_NE(errs[0].detail.find("exists with protocol TCP"), std::string::npos) << errs[0].detail;
}

TEST(ReviewService, LoadBalancerIpOnlyForLoadBalancers)
{
    Service s = myService();
    s.spec.loadBalancerIP = "78.11.24.19";
    EXPECT_EQ(codes(reviewService(s, {})), Codes{"load-balancer-ip-not-used spec.loadBalancerIP"});
    s.spec.type = "LoadBalancer";
    EXPECT_TRUE(reviewService(s, {}).empty());
}

TEST(ReviewService, CloudAnnotationsOutsideTheirRanges)
{
    Service s = myService();
    s.spec.type = "LoadBalancer";
    const std::string aws = "service.beta.kubernetes.io/aws-load-balancer-";
    s.metadata.annotations = {
        {aws + "access-log-emit-interval", "15"},
        {aws + "healthcheck-healthy-threshold", ""}, // as the concept page's example has it
        {aws + "healthcheck-unhealthy-threshold", "3"},
        {aws + "healthcheck-interval", "20"},
        {aws + "healthcheck-timeout", "5"},
        {aws + "connection-idle-timeout", "4000"},
        {aws + "backend-protocol", "HTTP"},
        {aws + "proxy-protocol", "true"},
        {aws + "ssl-cert", "my-cert"},
        {"cloud.google.com/load-balancer-type", "Internal"},
        {"service.beta.kubernetes.io/azure-load-balancer-internal", "yes"},
    };
    const auto errs = reviewService(s, {});
    auto path = [&](const std::string &key) {
        return "annotation-value metadata.annotations[" + key + "]";
    };
    EXPECT_EQ(codes(errs),
              (Codes{path(aws + "access-log-emit-interval"),
                     path(aws + "backend-protocol"),
                     path(aws + "connection-idle-timeout"),
                     path(aws + "healthcheck-healthy-threshold"),
                     path(aws + "proxy-protocol"),
                     path(aws + "ssl-cert"),
                     path("service.beta.kubernetes.io/azure-load-balancer-internal")}));
    EXPECT_EQ(errs[0].detail,
              "\"15\" is not either 5 or 60 as AWS documents for "
              "service.beta.kubernetes.io/aws-load-balancer-access-log-emit-interval");
}

TEST(ReviewService, HealthCheckTimeoutMustBeBelowInterval)
{
    Service s = myService();
    s.spec.type = "LoadBalancer";
    const std::string aws = "service.beta.kubernetes.io/aws-load-balancer-";
    s.metadata.annotations = {{aws + "healthcheck-timeout", "30"}}; // interval defaults to 10
    EXPECT_EQ(codes(reviewService(s, {})),
              Codes{"annotation-value metadata.annotations[" + aws + "healthcheck-timeout]"});
    s.metadata.annotations[aws + "healthcheck-interval"] = "60";
    EXPECT_TRUE(reviewService(s, {}).empty());
}

TEST(ReviewService, CloudAnnotationOnClusterIpIsNotUsed)
{
    Service s = myService();
    s.metadata.annotations
        = {{"service.beta.kubernetes.io/aws-load-balancer-internal", "0.0.0.0/0"}};
    EXPECT_EQ(codes(reviewService(s, {})),
              Codes{"annotation-not-used metadata.annotations[service.beta.kubernetes.io/"
                    "aws-load-balancer-internal]"});
}

TEST(ReviewService, MisspelledAwsAnnotation)
{
    Service s = myService();
    s.spec.type = "LoadBalancer";
    s.metadata.annotations = {{"service.beta.kubernetes.io/aws-load-balancer-ssl-port", "443"}};
    EXPECT_EQ(codes(reviewService(s, {})),
              Codes{"annotation-unknown metadata.annotations[service.beta.kubernetes.io/"
                    "aws-load-balancer-ssl-port]"});
}

TEST(ReviewService, NlbWithClusterTrafficPolicyLosesClientIp)
{
    Service s = myService();
    s.spec.type = "LoadBalancer";
    s.metadata.annotations = {{"service.beta.kubernetes.io/aws-load-balancer-type", "nlb"}};
    defaultService(s);
    EXPECT_EQ(codes(reviewService(s, {})),
              Codes{"nlb-client-ip-not-preserved spec.externalTrafficPolicy"});
    s.spec.externalTrafficPolicy = "Local";
    EXPECT_TRUE(reviewService(s, {}).empty());
}

TEST(ReviewService, FieldsDroppedByDefaultFeatureGates)
{
    Service s = myService();
    s.spec.ipFamilies = {"IPv4"};
    s.spec.ipFamilyPolicy = "SingleStack";
    s.spec.topologyKeys = std::vector<std::string>{"*"};
    EXPECT_EQ(codes(reviewService(s, {})),
              (Codes{"field-dropped spec.ipFamilies",
                     "field-dropped spec.ipFamilyPolicy",
                     "field-dropped spec.topologyKeys"}));
}

TEST(ReviewService, ExternalNameSelectorIsIgnored)
{
    Service s = myService();
    s.spec.type = "ExternalName";
    s.spec.externalName = "my.database.example.com";
    EXPECT_EQ(codes(reviewService(s, {pod("x", {})})), Codes{"selector-not-used spec.selector"});
}

} // namespace
