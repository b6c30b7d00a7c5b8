// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Runs a helper program (iptables-save, iptables-restore) with input on stdin and a bounded
// time; collects its output. An interface so that the applier's tests use a fake.
// Threading: any thread; run() blocks the caller until the program ends or times out (then
// it is killed).

#include <chrono>
#include <string>
#include <vector>

namespace studio::agent {

struct ProcessResult
{
    bool started = false;
    bool timedOut = false;
    int exitCode = -1;
    std::string out;
    std::string err;
    std::chrono::milliseconds elapsed{0};
    bool ok() const { return started && !timedOut && exitCode == 0; }
    // "exit status 1: <first stderr line>" / "timed out after 30s" / "could not start ..."
    std::string describe(const std::string &program) const;
};

class ProcessRunner
{
public:
    virtual ~ProcessRunner() = default;
    virtual ProcessResult run(const std::string &program,
                              const std::vector<std::string> &args,
                              const std::string &input,
                              std::chrono::milliseconds timeout)
        = 0;
};

class SystemProcessRunner : public ProcessRunner
{
public:
    ProcessResult run(const std::string &program,
                      const std::vector<std::string> &args,
                      const std::string &input,
                      std::chrono::milliseconds timeout) override;
};

} // namespace studio::agent
