// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

namespace studio::app {

// `service-studio validate [--output text|json] [--warnings] [--service-cluster-ip-range CIDR]
//  [--service-node-port-range A-B] FILE...`
// Returns the exit code: 0 valid, 1 invalid, 2 unreadable (or bad usage). Writes to stdout,
// usage errors to stderr. Needs no display.
int runValidate(const std::vector<std::string> &args);

} // namespace studio::app
