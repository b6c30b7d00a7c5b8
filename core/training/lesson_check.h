// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Checking a student's work on a lesson: the manifest they wrote is applied to a sandbox
// loaded with the lesson's scenario (through the same create path as the API: defaulting,
// validation, allocation, the endpoints controller), then each task's conditions are
// evaluated on the result. Pure apart from the sandbox it is given; GUI thread of that sandbox.

#include "cluster/sandbox_backend.h"
#include "manifest/manifest.h"
#include "training/lesson.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace studio::training {

// The student's manifest, applied to the lesson's cluster.
struct Attempt
{
    std::optional<ManifestFile> manifest; // unset when the text does not parse
    Error parseError;
    // Objects the sandbox refused: index in manifest->objects -> the apiserver's message.
    std::map<int, std::string> refused;
    // The stored objects (defaulted, allocated), by index in manifest->objects.
    std::map<int, KubeObject> stored;
    ClusterSnapshot cluster;
    std::string scenarioError; // the lesson's scenario could not be loaded
};

// Reloads `sandbox` with the lesson's scenario and applies every object of `manifestText`.
Attempt applyAttempt(SandboxBackend &sandbox, const Lesson &lesson, std::string_view manifestText);
// Loads just the scenario (what a lesson shows before the student writes anything).
Result<ScenarioReport> loadLessonScenario(SandboxBackend &sandbox, const Lesson &lesson);

// Why a check failed: a stable code (the views translate it) with arguments, plus English.
struct CheckFailure
{
    std::string code;  // "manifest-unreadable", "no-service", "service-refused",
                       // "selector-missing", "selector-present", "port-missing",
                       // "port-count", "field-mismatch", "endpoints-empty",
                       // "endpoints-not-empty", "endpoints-count", "trace-error",
                       // "unreachable", "reachable", "wrong-pod", "source-mismatch",
                       // "no-answer", "wrong-answer", "scenario"
    std::string field; // the field concerned, e.g. "spec.sessionAffinity"
    std::string expected;
    std::string actual;
    std::string message; // English
};

struct CheckResult
{
    bool passed = false;
    std::vector<CheckFailure> failures; // empty when passed
};

// `choice`: the option the student picked for a multiple-choice task (-1: none).
CheckResult checkTask(const Task &task, const Attempt &attempt, int choice = -1);

} // namespace studio::training
