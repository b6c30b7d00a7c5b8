// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Scenario loading for the visualization tests and benchmarks: the sandbox with seed 1 and a
// fixed clock, so cluster IPs, node ports and timestamps are the same on every run.
#include "cluster/sandbox_backend.h"

#include <gtest/gtest.h>

#include <string>

namespace vistest {

inline void loadScenarioInto(studio::SandboxBackend &sandbox, const std::string &name)
{
    studio::SandboxOptions options;
    options.seed = 1;
    options.clock = [] { return std::string("2026-01-01T00:00:00Z"); };
    sandbox.reset(options);
    auto report = sandbox.loadScenarioFile(std::string(STUDIO_SOURCE_DIR) + "/resources/scenarios/" + name + ".yaml");
    ASSERT_TRUE(report.ok()) << report.error().message;
    ASSERT_TRUE(report->ok()) << name << ": " << report->problems.front().message;
}

inline studio::ClusterSnapshot loadScenario(const std::string &name)
{
    studio::SandboxBackend sandbox;
    loadScenarioInto(sandbox, name);
    return sandbox.snapshot();
}

} // namespace vistest
