// SPDX-License-Identifier: GPL-3.0-or-later
#include "validation/cloud_annotations.h"

#include "model/field_error.h"
#include "util/ip_address.h"
#include "validation/name_rules.h"

#include <QtGlobal>

#include <charconv>

namespace studio {

namespace {

using K = CloudAnnotation::Kind;
using P = CloudProvider;

#define AWS_PREFIX "service.beta.kubernetes.io/aws-load-balancer-"

std::vector<CloudAnnotation> buildTable()
{
    // Ranges are those of the provider documentation quoted by the concept page (healthcheck
    // thresholds, intervals, timeouts) and of the AWS ELB API reference (draining, idle).
    return {
        {"service.beta.kubernetes.io/load-balancer-source-ranges",
         P::Kubernetes,
         K::CidrList,
         {"0.0.0.0/0"},
         0,
         0,
         "10.240.0.0/24,10.250.0.0/24",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Client address ranges allowed to reach the load balancer (older form "
                           "of spec.loadBalancerSourceRanges, which wins when both are set).")},
        {"cloud.google.com/load-balancer-type",
         P::GCP,
         K::Enum,
         {"Internal", "internal"},
         0,
         0,
         "Internal",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Creates an internal load balancer in the VPC instead of an external "
                           "one. Use \"internal\" (lower case) only for masters 1.7.0 to 1.7.3.")},
        {AWS_PREFIX "internal",
         P::AWS,
         K::NonEmpty,
         {"0.0.0.0/0", "true"},
         0,
         0,
         "0.0.0.0/0",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Creates an internal ELB reachable only from inside the VPC. The "
                           "concept page uses 0.0.0.0/0; any non-empty value turns it on.")},
        {"service.beta.kubernetes.io/azure-load-balancer-internal",
         P::Azure,
         K::Bool,
         {"true", "false"},
         0,
         0,
         "true",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Creates an internal Azure load balancer. Only the exact text \"true\" "
                           "enables it.")},
        {"service.beta.kubernetes.io/openstack-internal-load-balancer",
         P::OpenStack,
         K::Bool,
         {"true", "false"},
         0,
         0,
         "true",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Creates an internal OpenStack (Octavia/Neutron LBaaS) load balancer "
                           "without a floating IP.")},
        {AWS_PREFIX "ssl-cert",
         P::AWS,
         K::CertificateArn,
         {},
         0,
         0,
         "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "ARN of the certificate for HTTPS/SSL listeners: from AWS Certificate "
                           "Manager or a third-party certificate uploaded to IAM.")},
        {AWS_PREFIX "backend-protocol",
         P::AWS,
         K::Enum,
         {"http", "https", "ssl", "tcp"},
         0,
         0,
         "http",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Protocol the pods speak. http/https select layer 7 proxying (with "
                           "X-Forwarded-For), ssl/tcp layer 4 proxying.")},
        {AWS_PREFIX "ssl-ports",
         P::AWS,
         K::PortList,
         {"*"},
         0,
         0,
         "443,8443",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Service ports (numbers or names) that use the SSL certificate; the "
                           "others stay plain. \"*\" means all ports.")},
        {AWS_PREFIX "ssl-negotiation-policy",
         P::AWS,
         K::NonEmpty,
         {},
         0,
         0,
         "ELBSecurityPolicy-TLS-1-2-2017-01",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "A predefined AWS SSL policy for the HTTPS/SSL listeners (see aws elb "
                           "describe-load-balancer-policies).")},
        {AWS_PREFIX "proxy-protocol",
         P::AWS,
         K::Enum,
         {"*"},
         0,
         0,
         "*",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Enables the PROXY protocol on all ports proxied by the ELB; \"*\" is "
                           "the only supported value.")},
        {AWS_PREFIX "access-log-enabled",
         P::AWS,
         K::GoBool,
         {"true", "false"},
         0,
         0,
         "true",
         QT_TRANSLATE_NOOP("CloudAnnotation", "Whether ELB access logs are enabled.")},
        {AWS_PREFIX "access-log-emit-interval",
         P::AWS,
         K::IntSet,
         {"5", "60"},
         0,
         0,
         "60",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Interval in minutes for publishing the access logs: 5 or 60.")},
        {AWS_PREFIX "access-log-s3-bucket-name",
         P::AWS,
         K::S3BucketName,
         {},
         0,
         0,
         "my-bucket",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Name of the Amazon S3 bucket where the access logs are stored.")},
        {AWS_PREFIX "access-log-s3-bucket-prefix",
         P::AWS,
         K::Free,
         {},
         0,
         0,
         "my-bucket-prefix/prod",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Logical hierarchy (key prefix) inside the S3 bucket for the access "
                           "logs.")},
        {AWS_PREFIX "connection-draining-enabled",
         P::AWS,
         K::GoBool,
         {"true", "false"},
         0,
         0,
         "true",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Whether connection draining is enabled for the Classic ELB.")},
        {AWS_PREFIX "connection-draining-timeout",
         P::AWS,
         K::IntRange,
         {},
         1,
         3600,
         "60",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Maximum time, in seconds, to keep existing connections open before "
                           "deregistering the instances.")},
        {AWS_PREFIX "connection-idle-timeout",
         P::AWS,
         K::IntRange,
         {},
         1,
         3600,
         "60",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Time, in seconds, a connection may be idle (no data sent) before the "
                           "load balancer closes it.")},
        {AWS_PREFIX "cross-zone-load-balancing-enabled",
         P::AWS,
         K::GoBool,
         {"true", "false"},
         0,
         0,
         "true",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Whether cross-zone load balancing is enabled for the load balancer.")},
        {AWS_PREFIX "additional-resource-tags",
         P::AWS,
         K::KeyValueList,
         {},
         0,
         0,
         "environment=prod,owner=devops",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Comma-separated key=value pairs recorded as additional tags on the "
                           "ELB.")},
        {AWS_PREFIX "healthcheck-healthy-threshold",
         P::AWS,
         K::IntRange,
         {},
         2,
         10,
         "2",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Successive successful health checks before a backend is considered "
                           "healthy. Defaults to 2, must be between 2 and 10.")},
        {AWS_PREFIX "healthcheck-unhealthy-threshold",
         P::AWS,
         K::IntRange,
         {},
         2,
         10,
         "6",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Unsuccessful health checks before a backend is considered unhealthy. "
                           "Defaults to 6, must be between 2 and 10.")},
        {AWS_PREFIX "healthcheck-interval",
         P::AWS,
         K::IntRange,
         {},
         5,
         300,
         "10",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Approximate interval, in seconds, between health checks of one "
                           "instance. Defaults to 10, must be between 5 and 300.")},
        {AWS_PREFIX "healthcheck-timeout",
         P::AWS,
         K::IntRange,
         {},
         2,
         60,
         "5",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Time, in seconds, without a response that fails a health check. Must "
                           "be less than the healthcheck interval. Defaults to 5, must be "
                           "between 2 and 60.")},
        {AWS_PREFIX "extra-security-groups",
         P::AWS,
         K::SecurityGroupList,
         {},
         0,
         0,
         "sg-53fae93f,sg-42efd82e",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "Additional security groups to be added to the ELB.")},
        {AWS_PREFIX "type",
         P::AWS,
         K::Enum,
         {"nlb"},
         0,
         0,
         "nlb",
         QT_TRANSLATE_NOOP("CloudAnnotation",
                           "\"nlb\" creates a Network Load Balancer instead of a Classic ELB "
                           "(alpha since 1.9). An NLB passes the client IP to the node; set "
                           "externalTrafficPolicy: Local to keep it up to the pod.")},
    };
}

bool parseInt(std::string_view s, int64_t &out)
{
    if (s.empty())
        return false;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::string_view trim(std::string_view s)
{
    const char *ws = " \t\n\r\v\f";
    const size_t b = s.find_first_not_of(ws);
    if (b == std::string_view::npos)
        return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

std::vector<std::string_view> splitComma(std::string_view s)
{
    std::vector<std::string_view> out;
    size_t start = 0;
    while (true) {
        const size_t c = s.find(',', start);
        out.push_back(trim(s.substr(start, c == std::string_view::npos ? c : c - start)));
        if (c == std::string_view::npos)
            return out;
        start = c + 1;
    }
}

bool isDigits(std::string_view s, size_t n)
{
    if (s.size() != n)
        return false;
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return true;
}

// arn:PARTITION:acm:REGION:ACCOUNT:certificate/ID or
// arn:PARTITION:iam::ACCOUNT:server-certificate/NAME
bool isCertificateArn(std::string_view v)
{
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (int i = 0; i < 5; ++i) {
        const size_t c = v.find(':', start);
        if (c == std::string_view::npos)
            return false;
        parts.push_back(v.substr(start, c - start));
        start = c + 1;
    }
    const std::string_view resource = v.substr(start);
    if (parts[0] != "arn" || !parts[1].starts_with("aws") || !isDigits(parts[4], 12))
        return false;
    if (parts[2] == "acm")
        return !parts[3].empty() && resource.starts_with("certificate/")
               && resource.size() > std::string_view("certificate/").size();
    if (parts[2] == "iam")
        return parts[3].empty() && resource.starts_with("server-certificate/")
               && resource.size() > std::string_view("server-certificate/").size();
    return false;
}

bool isS3BucketName(std::string_view v)
{
    if (v.size() < 3 || v.size() > 63)
        return false;
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!alnum(v.front()) || !alnum(v.back()))
        return false;
    for (char c : v)
        if (!alnum(c) && c != '.' && c != '-')
            return false;
    return v.find("..") == std::string_view::npos;
}

std::string quote(std::string_view s)
{
    return goQuote(std::string(s));
}

} // namespace

std::string_view cloudProviderName(CloudProvider p)
{
    switch (p) {
    case P::Kubernetes:
        return "Kubernetes";
    case P::GCP:
        return "GCP";
    case P::AWS:
        return "AWS";
    case P::Azure:
        return "Azure";
    case P::OpenStack:
        return "OpenStack";
    }
    return {};
}

const std::vector<CloudAnnotation> &cloudAnnotations()
{
    static const std::vector<CloudAnnotation> table = buildTable();
    return table;
}

const CloudAnnotation *findCloudAnnotation(std::string_view key)
{
    for (const auto &a : cloudAnnotations())
        if (a.key == key)
            return &a;
    return nullptr;
}

std::string describeAllowedValues(const CloudAnnotation &a)
{
    auto list = [&] {
        std::string s;
        for (size_t i = 0; i < a.allowedValues.size(); ++i) {
            if (i)
                s += i + 1 == a.allowedValues.size() ? " or " : ", ";
            s += a.kind == K::IntSet ? std::string(a.allowedValues[i]) : quote(a.allowedValues[i]);
        }
        return s;
    };
    switch (a.kind) {
    case K::Enum:
        return a.allowedValues.size() == 1 ? "exactly " + list() : "one of " + list();
    case K::Bool:
        return "\"true\" or \"false\"";
    case K::GoBool:
        return "a boolean (\"true\" or \"false\")";
    case K::IntRange:
        return "an integer between " + std::to_string(a.min) + " and " + std::to_string(a.max);
    case K::IntSet:
        return "either " + list();
    case K::NonEmpty:
        return "a non-empty value";
    case K::Free:
        return "any text";
    case K::CidrList:
        return "a comma-separated list of CIDRs such as 10.0.0.0/24";
    case K::PortList:
        return "a comma-separated list of port numbers or names, or \"*\"";
    case K::KeyValueList:
        return "a comma-separated list of key=value pairs";
    case K::CertificateArn:
        return "the ARN of an ACM or IAM server certificate";
    case K::S3BucketName:
        return "an S3 bucket name (3 to 63 lower-case letters, digits, '.' or '-')";
    case K::SecurityGroupList:
        return "a comma-separated list of security group ids (sg-...)";
    }
    return {};
}

std::string checkCloudAnnotationValue(const CloudAnnotation &a, std::string_view value)
{
    bool ok = true;
    switch (a.kind) {
    case K::Enum:
        ok = false;
        for (auto v : a.allowedValues)
            ok = ok || v == value;
        break;
    case K::Bool:
        ok = value == "true" || value == "false";
        break;
    case K::GoBool:
        ok = value == "1" || value == "t" || value == "T" || value == "TRUE" || value == "true"
             || value == "True" || value == "0" || value == "f" || value == "F" || value == "FALSE"
             || value == "false" || value == "False";
        break;
    case K::IntRange: {
        int64_t n = 0;
        ok = parseInt(value, n) && n >= a.min && n <= a.max;
        break;
    }
    case K::IntSet: {
        int64_t n = 0;
        ok = false;
        if (parseInt(value, n))
            for (auto v : a.allowedValues)
                ok = ok || v == std::to_string(n);
        break;
    }
    case K::NonEmpty:
        ok = !trim(value).empty();
        break;
    case K::Free:
        break;
    case K::CidrList:
        // Like the apiserver: blank means 0.0.0.0/0.
        if (!trim(value).empty())
            for (auto item : splitComma(value))
                ok = ok && IpNetwork::parse(item).has_value();
        break;
    case K::PortList:
        if (trim(value) != "*") {
            for (auto item : splitComma(value)) {
                int64_t n = 0;
                if (parseInt(item, n))
                    ok = ok && name_rules::isValidPortNum(n).empty();
                else
                    ok = ok && !item.empty() && name_rules::isDns1123Label(item).empty();
            }
        }
        break;
    case K::KeyValueList:
        for (auto item : splitComma(value)) {
            const size_t eq = item.find('=');
            ok = ok && !item.empty() && eq != 0 && !trim(item.substr(0, eq)).empty();
        }
        break;
    case K::CertificateArn:
        ok = isCertificateArn(trim(value));
        break;
    case K::S3BucketName:
        ok = isS3BucketName(value);
        break;
    case K::SecurityGroupList:
        for (auto item : splitComma(value)) {
            bool hex = item.size() > 3 && item.starts_with("sg-");
            for (size_t i = 3; hex && i < item.size(); ++i)
                hex = (item[i] >= '0' && item[i] <= '9') || (item[i] >= 'a' && item[i] <= 'f');
            ok = ok && hex;
        }
        break;
    }
    if (ok)
        return {};
    return quote(value) + " is not " + describeAllowedValues(a) + " as "
           + std::string(cloudProviderName(a.provider)) + " documents for " + std::string(a.key);
}

} // namespace studio
