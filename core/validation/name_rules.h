// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The string checks of k8s.io/apimachinery/pkg/util/validation (v1.20) with their exact
// English messages. Each returns the list of problems (empty = valid), in the apiserver's
// order, so that callers can turn every message into one FieldError as the apiserver does.
// Pure functions, any thread. The editors use them for live checks of single fields.

#include <string>
#include <string_view>
#include <vector>

namespace studio::name_rules {

using Messages = std::vector<std::string>;

Messages isDns1123Label(std::string_view value);     // namespace names, port names, hostnames
Messages isDns1123Subdomain(std::string_view value); // endpoints/node names, externalName
Messages isDns1035Label(std::string_view value);     // service names
Messages isQualifiedName(std::string_view value);    // label and annotation keys, appProtocol
Messages isValidLabelValue(std::string_view value);
Messages isValidPortName(std::string_view value); // IANA_SVC_NAME (named targetPort)
Messages isValidPortNum(int64_t port);            // 1..65535
Messages isValidIp(std::string_view value);       // Go's net.ParseIP

// apimachinery's NameIsDNS* with prefix=true masks one trailing '-' (generateName).
std::string maskTrailingDash(std::string_view name);

std::string inclusiveRangeError(int64_t lo, int64_t hi);
std::string maxLenError(int length);

} // namespace studio::name_rules
