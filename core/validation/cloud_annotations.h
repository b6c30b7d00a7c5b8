// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The cloud load-balancer annotations of the Service concept page (Type LoadBalancer:
// internal load balancers, AWS SSL / PROXY protocol / access logs / connection draining /
// other ELB annotations / NLB), as one data table with what each provider documents as
// allowed. reviewService() checks values against it; the GUI's annotation picker lists it.
// Static data, any thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace studio {

enum class CloudProvider { Kubernetes, GCP, AWS, Azure, OpenStack };
std::string_view cloudProviderName(CloudProvider p); // "GCP", "AWS", ...

struct CloudAnnotation
{
    enum class Kind {
        Enum,             // exactly one of allowedValues
        Bool,             // "true" or "false" (the provider compares strings)
        GoBool,           // Go's strconv.ParseBool: 1 t T TRUE true True 0 f F FALSE false False
        IntRange,         // a decimal integer in [min, max]
        IntSet,           // a decimal integer among allowedValues
        NonEmpty,         // any non-empty text
        Free,             // any text
        CidrList,         // comma-separated CIDRs, e.g. 10.0.0.0/8,192.168.0.0/16
        PortList,         // comma-separated port numbers or port names, or "*"
        KeyValueList,     // comma-separated key=value pairs
        CertificateArn,   // arn:aws:acm:...:certificate/... or
                          // arn:aws:iam::...:server-certificate/...
        S3BucketName,     // 3-63 of [a-z0-9.-], starting and ending with a letter or digit
        SecurityGroupList // comma-separated sg-xxxxxxxx ids
    };

    std::string_view key;
    CloudProvider provider;
    Kind kind;
    std::vector<std::string_view> allowedValues; // Enum, IntSet; otherwise typical values
    int64_t min = 0;                             // IntRange
    int64_t max = 0;
    std::string_view example;     // a valid value, for the picker
    std::string_view description; // English; marked for lupdate with context "CloudAnnotation"
};

// All entries, grouped by provider in the order of the concept page.
const std::vector<CloudAnnotation> &cloudAnnotations();
// The entry for a key, or nullptr.
const CloudAnnotation *findCloudAnnotation(std::string_view key);
// Why `value` is outside what the provider documents (English), or empty when it fits.
std::string checkCloudAnnotationValue(const CloudAnnotation &a, std::string_view value);
// "one of \"nlb\"", "an integer between 2 and 10", ... for messages and tooltips.
std::string describeAllowedValues(const CloudAnnotation &a);

} // namespace studio
