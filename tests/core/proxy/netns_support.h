// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// For the planner tests that load their output into the real kernel: a command runner and a
// network namespace this test creates and deletes (the host's is never touched).

#include <cstdio>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace studio::proxy::testing {

// Runs `cmd` through the shell; its stdout goes to *out when given. Returns the exit code.
inline int run(const std::string &cmd, std::string *out = nullptr)
{
    FILE *p = popen(cmd.c_str(), "r");
    if (!p)
        return -1;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        if (out)
            out->append(buf, n);
    const int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline bool haveTools(const std::string &tools)
{
    return geteuid() == 0 && run("for t in " + tools + "; do command -v $t >/dev/null || exit 1; done") == 0;
}

// A network namespace named after the test process, deleted on destruction.
class Netns
{
public:
    explicit Netns(const std::string &prefix)
    {
        static int count = 0;
        m_name = prefix + std::to_string(getpid()) + "-" + std::to_string(count++);
        m_ok = run("ip netns add " + m_name + " 2>&1") == 0;
    }
    ~Netns()
    {
        if (m_ok)
            run("ip netns delete " + m_name + " 2>&1");
    }
    Netns(const Netns &) = delete;
    Netns &operator=(const Netns &) = delete;
    bool ok() const { return m_ok; }
    const std::string &name() const { return m_name; }
    std::string exec(const std::string &cmd) const { return "ip netns exec " + m_name + " " + cmd; }

private:
    std::string m_name;
    bool m_ok = false;
};

} // namespace studio::proxy::testing
