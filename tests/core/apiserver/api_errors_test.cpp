// SPDX-License-Identifier: GPL-3.0-or-later
// Status answers of a v1.20 apiserver (bodies as it sends them) mapped to ApiError.
#include "apiserver/api_errors.h"

#include <gtest/gtest.h>

using namespace studio;

namespace {

RequestInfo createServices()
{
    RequestInfo i;
    i.verb = "create";
    i.resource = "services";
    i.namespace_ = "default";
    i.userName = "alice";
    i.auth = AuthMethod::Token;
    return i;
}

} // namespace

TEST(ApiErrors, InvalidWithSeveralCauses)
{
    // From POST /api/v1/namespaces/default/services?dryRun=All of a service named Bad_Name
    // with two unnamed ports, one of them 0.
    const char *body
        = R"J({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Service \"Bad_Name\" is invalid: [metadata.name: Invalid value: \"Bad_Name\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?'), spec.ports[0].name: Required value, spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\", spec.ports[1].nodePort: Duplicate value: 30080, spec.clusterIPs: Invalid value: []string{\"10.0.0.1\", \"x\"}: must be a valid IP, spec.ports[1].nodePort: Forbidden: may not be used when `type` is 'ClusterIP']","reason":"Invalid","details":{"name":"Bad_Name","kind":"Service","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: \"Bad_Name\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')","field":"metadata.name"},{"reason":"FieldValueRequired","message":"Required value","field":"spec.ports[0].name"},{"reason":"FieldValueInvalid","message":"Invalid value: 0: must be between 1 and 65535, inclusive","field":"spec.ports[1].port"},{"reason":"FieldValueNotSupported","message":"Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"","field":"spec.ports[0].protocol"},{"reason":"FieldValueDuplicate","message":"Duplicate value: 30080","field":"spec.ports[1].nodePort"},{"reason":"FieldValueInvalid","message":"Invalid value: []string{\"10.0.0.1\", \"x\"}: must be a valid IP","field":"spec.clusterIPs"},{"reason":"FieldValueForbidden","message":"Forbidden: may not be used when `type` is 'ClusterIP'","field":"spec.ports[1].nodePort"}]},"code":422})J";
    ApiError e = apiErrorFromResponse(422, body, createServices());
    EXPECT_EQ(e.status, 422);
    EXPECT_EQ(e.reason, "Invalid");
    EXPECT_EQ(e.message.rfind("Service \"Bad_Name\" is invalid: [metadata.name:", 0), 0u);
    ASSERT_EQ(e.causes.size(), 7u);
    const std::vector<std::pair<std::string, std::string>> want
        = {{"metadata.name", "FieldValueInvalid"},
           {"spec.ports[0].name", "FieldValueRequired"},
           {"spec.ports[1].port", "FieldValueInvalid"},
           {"spec.ports[0].protocol", "FieldValueNotSupported"},
           {"spec.ports[1].nodePort", "FieldValueDuplicate"},
           {"spec.clusterIPs", "FieldValueInvalid"},
           {"spec.ports[1].nodePort", "FieldValueForbidden"}};
    for (size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(e.causes[i].field, want[i].first);
        EXPECT_EQ(e.causes[i].type, want[i].second);
    }
    EXPECT_EQ(e.causes[0].valueKind, FieldError::ValueKind::String);
    EXPECT_EQ(e.causes[0].badValue, "Bad_Name");
    EXPECT_EQ(e.causes[2].valueKind, FieldError::ValueKind::Int);
    EXPECT_EQ(e.causes[2].badValue, "0");
    EXPECT_EQ(e.causes[2].detail, "must be between 1 and 65535, inclusive");
    EXPECT_EQ(e.causes[3].badValue, "HTTP");
    EXPECT_EQ(e.causes[3].detail, "supported values: \"SCTP\", \"TCP\", \"UDP\"");
    EXPECT_EQ(e.causes[4].badValue, "30080");
    EXPECT_EQ(e.causes[5].valueKind, FieldError::ValueKind::Other);
    EXPECT_EQ(e.causes[5].badValue, "[]string{\"10.0.0.1\", \"x\"}");
    EXPECT_EQ(e.causes[6].detail, "may not be used when `type` is 'ClusterIP'");
    // The model prints each cause back exactly as the apiserver did.
    EXPECT_EQ(
        e.causes[0].message().rfind("metadata.name: Invalid value: \"Bad_Name\": a DNS-1035", 0),
        0u);
    EXPECT_EQ(e.causes[1].message(), "spec.ports[0].name: Required value");
    EXPECT_EQ(e.causes[2].message(),
              "spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive");
    EXPECT_EQ(e.causes[3].message(),
              "spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", "
              "\"TCP\", \"UDP\"");
    EXPECT_EQ(e.causes[4].message(), "spec.ports[1].nodePort: Duplicate value: 30080");
    EXPECT_EQ(e.causes[5].message(),
              "spec.clusterIPs: Invalid value: []string{\"10.0.0.1\", \"x\"}: must be a valid IP");
    EXPECT_EQ(e.causes[6].message(),
              "spec.ports[1].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
}

TEST(ApiErrors, CauseValuesOfEveryShape)
{
    EXPECT_EQ(fieldErrorFromCause(
                  "FieldValueInvalid", "spec.publishNotReadyAddresses", "Invalid value: true: nope")
                  .valueKind,
              FieldError::ValueKind::Bool);
    FieldError n
        = fieldErrorFromCause("FieldValueInvalid", "x", "Invalid value: null: must be set");
    EXPECT_EQ(n.valueKind, FieldError::ValueKind::Null);
    EXPECT_EQ(n.message(), "x: Invalid value: null: must be set");
    FieldError q = fieldErrorFromCause(
        "FieldValueInvalid", "metadata.labels", "Invalid value: \"a:b \\\"c\\\"\": bad: really");
    EXPECT_EQ(q.badValue, "a:b \"c\"");
    EXPECT_EQ(q.detail, "bad: really");
    EXPECT_EQ(q.message(), "metadata.labels: Invalid value: \"a:b \\\"c\\\"\": bad: really");
    FieldError r
        = fieldErrorFromCause("FieldValueRequired", "spec.ports", "Required value: must give one");
    EXPECT_EQ(r.detail, "must give one");
    EXPECT_EQ(r.message(), "spec.ports: Required value: must give one");
    FieldError t = fieldErrorFromCause(
        "FieldValueTooLong", "metadata.name", "Too long: must have at most 63 bytes");
    EXPECT_EQ(t.message(), "metadata.name: Too long: must have at most 63 bytes");
    FieldError i = fieldErrorFromCause("InternalError", "", "Internal error: failed to allocate");
    EXPECT_EQ(i.detail, "failed to allocate");
    FieldError odd = fieldErrorFromCause("FieldValueInvalid", "f", "something else entirely");
    EXPECT_EQ(odd.detail, "something else entirely");
}

TEST(ApiErrors, ForbiddenKeepsTheServersWordsNamingUserAndVerb)
{
    const char *body
        = R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"services is forbidden: User \"studio-readonly\" cannot create resource \"services\" in API group \"\" in the namespace \"default\"","reason":"Forbidden","details":{"kind":"services"},"code":403})";
    ApiError e = apiErrorFromResponse(403, body, createServices());
    EXPECT_EQ(e.status, 403);
    EXPECT_EQ(e.reason, "Forbidden");
    EXPECT_EQ(e.message,
              "services is forbidden: User \"studio-readonly\" cannot create resource "
              "\"services\" in API group \"\" in the namespace \"default\"");
    EXPECT_EQ(e.toString().rfind("Error from server (Forbidden): services is forbidden", 0), 0u);
    // A 403 that does not say who: we add it.
    ApiError bare = apiErrorFromResponse(403, "forbidden\n", createServices());
    EXPECT_NE(bare.message.find("\"alice\""), std::string::npos) << bare.message;
    EXPECT_NE(bare.message.find("create services"), std::string::npos) << bare.message;
}

TEST(ApiErrors, UnauthorizedNamesUserAndVerbButNoSecret)
{
    const char *body
        = R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401})";
    ApiError e = apiErrorFromResponse(401, body, createServices(), {"the-token-value"});
    EXPECT_EQ(e.reason, "Unauthorized");
    EXPECT_EQ(e.message.rfind("Unauthorized: ", 0), 0u);
    EXPECT_NE(e.message.find("kubeconfig user \"alice\" (bearer token)"), std::string::npos)
        << e.message;
    EXPECT_NE(e.message.find("create services in namespace \"default\""), std::string::npos);
    // A server (or proxy) echoing the token back never gets it into our message.
    ApiError echoed = apiErrorFromResponse(
        400,
        R"({"kind":"Status","message":"bad header Bearer the-token-value","code":400})",
        createServices(),
        {"the-token-value"});
    EXPECT_EQ(echoed.message.find("the-token-value"), std::string::npos) << echoed.message;
    ApiError plain = apiErrorFromResponse(
        502, "upstream the-token-value failed", createServices(), {"the-token-value"});
    EXPECT_EQ(plain.message.find("the-token-value"), std::string::npos) << plain.message;
}

TEST(ApiErrors, ReasonsByCodeForNonStatusBodies)
{
    struct Case
    {
        int code;
        const char *reason;
    };
    for (const Case &c : {Case{404, "NotFound"},
                          Case{409, "Conflict"},
                          Case{410, "Expired"},
                          Case{422, "Invalid"},
                          Case{429, "TooManyRequests"},
                          Case{500, "InternalError"},
                          Case{503, "ServiceUnavailable"},
                          Case{504, "Timeout"},
                          Case{502, "InternalError"},
                          Case{418, "Unknown"}}) {
        ApiError e
            = apiErrorFromResponse(c.code, "<html>\n<body>oops</body></html>", createServices());
        EXPECT_EQ(e.status, c.code);
        EXPECT_EQ(e.reason, c.reason) << c.code;
        EXPECT_NE(e.message.find("HTTP " + std::to_string(c.code)), std::string::npos) << e.message;
        EXPECT_NE(e.message.find("<html>"), std::string::npos) << e.message;
    }
}

TEST(ApiErrors, NotFoundConflictAndGoneStatuses)
{
    ApiError nf = apiErrorFromResponse(
        404,
        R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"services \"web\" not found","reason":"NotFound","details":{"name":"web","kind":"services"},"code":404})",
        createServices());
    EXPECT_EQ(nf.message, apiNotFound(ResourceKind::Service, "web").message);
    EXPECT_EQ(nf.reason, "NotFound");
    ApiError cf = apiErrorFromResponse(
        409,
        R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be fulfilled on services \"web\": the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","details":{"name":"web","kind":"services"},"code":409})",
        createServices());
    EXPECT_EQ(cf.message, apiConflict(ResourceKind::Service, "web").message);
    EXPECT_EQ(cf.reason, "Conflict");
    ApiError gone = apiErrorFromResponse(
        410,
        R"J({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (4231)","reason":"Expired","code":410})J",
        createServices());
    EXPECT_EQ(gone.status, 410);
    EXPECT_EQ(gone.reason, "Expired");
}

TEST(ApiErrors, TransportErrors)
{
    ApiError u = apiUnreachable("dial tcp 127.0.0.1:1: connect: connection refused");
    EXPECT_EQ(u.status, 0);
    EXPECT_EQ(u.toString(),
              "Unable to connect to the server: dial tcp 127.0.0.1:1: connect: connection refused");
    EXPECT_FALSE(isTlsError(u));
    EXPECT_TRUE(isTlsError(apiUnreachable("x509: certificate signed by unknown authority")));
    EXPECT_EQ(apiClientTimeout("slow").reason, "Timeout");
}
