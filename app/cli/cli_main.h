// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

namespace studio::app {

// True when the first argument names a headless subcommand (validate, plan, trace, ...) or
// asks for --help / --version.
bool isCliCommand(const std::vector<std::string> &args);
// Runs it under a QCoreApplication: no display is needed. Returns the exit code.
int runCli(int argc, char **argv, const std::vector<std::string> &args);

} // namespace studio::app
