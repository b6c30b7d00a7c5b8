// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Turning what an apiserver answers (a metav1.Status, or anything else with an HTTP error
// code) and transport failures into ApiError values. Pure functions, any thread.

#include "apiserver/kubeconfig.h"
#include "cluster/cluster_backend.h"
#include "manifest/node.h"

#include <string>
#include <string_view>
#include <vector>

namespace studio {

// The request an answer belongs to, for messages: "create services in namespace default as
// user X (bearer token)".
struct RequestInfo
{
    std::string verb;     // Kubernetes verb: get, list, watch, create, update, patch, delete
    std::string resource; // plural ("services"), or a raw path for non-resource requests
    std::string namespace_;
    std::string name;
    std::string userName; // the kubeconfig user entry
    AuthMethod auth = AuthMethod::None;

    // "create services \"web\" in namespace \"default\""
    std::string describe() const;
};

// An error answer. `body` is parsed as a Status when it is one; otherwise the HTTP code
// decides the reason (401 Unauthorized, 403 Forbidden, 404 NotFound, 409 Conflict,
// 410 Expired, 422 Invalid, 429 TooManyRequests, 500 InternalError, 503 ServiceUnavailable,
// 504 Timeout). 401 and 403 messages name the user and the verb; every message is scrubbed
// of `secrets`.
ApiError apiErrorFromResponse(int httpStatus,
                              std::string_view body,
                              const RequestInfo &info,
                              const std::vector<std::string> &secrets = {});

// The error in a Status object (watch ERROR events carry one); httpStatus is used when the
// Status has no code.
ApiError apiErrorFromStatus(const Node &status,
                            int httpStatus,
                            const RequestInfo &info,
                            const std::vector<std::string> &secrets = {});

// One details.causes[] entry as a FieldError: its reason is the type, its field the path,
// and its message ("Invalid value: \"x\": detail") is split into the bad value and the detail
// so that FieldError::message() gives the apiserver's text back.
FieldError fieldErrorFromCause(const std::string &reason,
                               const std::string &field,
                               const std::string &message);

// Transport failures (no HTTP answer): reason "Unreachable", status 0. The message is what
// kubectl would print after "Unable to connect to the server: ".
ApiError apiUnreachable(std::string message);
// A request that got no answer in time: reason "Timeout", status 0.
ApiError apiClientTimeout(std::string message);
// TLS verification failures are Unreachable errors whose message starts with "x509:" or
// "tls:"; this tells them apart for the UI.
bool isTlsError(const ApiError &e);

} // namespace studio
