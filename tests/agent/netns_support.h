// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Network namespaces for the agent's integration tests. Every namespace is named
// ss-agent-<pid>-<n>, created by the test and removed by its destructor (also when the test
// fails); namespaces left by a test process that died are removed at the next start. The
// host's own namespace is never touched: every command runs under `ip netns exec`.
// Processes are started and stopped by their PID only.

#include "support/event_loop_wait.h"

#include <QProcess>
#include <QStringList>

#include <csignal>
#include <string>
#include <unistd.h>
#include <vector>

namespace studio::agent::test {

struct CommandResult
{
    int exitCode = -1;
    std::string out;
    std::string err;
};

inline CommandResult runCommand(const QString &program,
                                const QStringList &args,
                                int timeoutMs = 60'000,
                                const std::string &input = {})
{
    CommandResult r;
    QProcess p;
    p.start(program, args);
    if (!p.waitForStarted(10'000))
        return r;
    if (!input.empty())
        p.write(input.data(), qint64(input.size()));
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput().toStdString();
    r.err = p.readAllStandardError().toStdString();
    return r;
}

inline bool canUseNetns()
{
    return ::geteuid() == 0 && runCommand("ip", {"netns", "list"}).exitCode == 0;
}

// Removes ss-agent-<pid>-* namespaces whose test process is gone.
inline void removeStaleNamespaces()
{
    const CommandResult list = runCommand("ip", {"netns", "list"});
    for (const QString &line : QString::fromStdString(list.out).split('\n', Qt::SkipEmptyParts)) {
        const QString name = line.section(' ', 0, 0);
        if (!name.startsWith("ss-agent-"))
            continue;
        const QStringList parts = name.split('-');
        bool ok = false;
        const int pid = parts.size() >= 4 ? parts[2].toInt(&ok) : 0;
        if (ok && pid > 0 && pid != ::getpid() && ::kill(pid, 0) != 0)
            runCommand("ip", {"netns", "del", name});
    }
}

class Netns
{
public:
    Netns()
    {
        static int counter = 0;
        m_name = "ss-agent-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
        m_ok = runCommand("ip", {"netns", "add", qname()}).exitCode == 0;
        if (m_ok)
            exec("ip link set lo up");
    }
    ~Netns()
    {
        if (m_ok)
            runCommand("ip", {"netns", "del", qname()});
    }
    Netns(const Netns &) = delete;
    Netns &operator=(const Netns &) = delete;

    bool ok() const { return m_ok; }
    const std::string &name() const { return m_name; }
    QString qname() const { return QString::fromStdString(m_name); }

    // A shell command inside the namespace.
    CommandResult
    exec(const std::string &command, int timeoutMs = 60'000, const std::string &input = {}) const
    {
        return runCommand("ip",
                          {"netns", "exec", qname(), "sh", "-c", QString::fromStdString(command)},
                          timeoutMs,
                          input);
    }

private:
    std::string m_name;
    bool m_ok = false;
};

// service-agent running inside a namespace (`ip netns exec` execs it: the PID is the
// agent's). Its stderr is collected for waiting on log lines.
class AgentProcess
{
public:
    AgentProcess(const Netns &ns, const std::vector<std::string> &args)
    {
        QStringList a{"netns", "exec", ns.qname(), STUDIO_AGENT_BINARY};
        for (const std::string &s : args)
            a << QString::fromStdString(s);
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        QObject::connect(&m_process, &QProcess::readyReadStandardError, [this]() {
            m_log += m_process.readAllStandardError().toStdString();
        });
        m_process.start("ip", a);
        m_process.waitForStarted(10'000);
    }
    ~AgentProcess() { stop(); }

    qint64 pid() const { return m_process.processId(); }
    bool running() const { return m_process.state() == QProcess::Running; }
    const std::string &log() const { return m_log; }

    size_t count(const std::string &text) const
    {
        size_t n = 0;
        for (size_t p = m_log.find(text); p != std::string::npos; p = m_log.find(text, p + 1))
            ++n;
        return n;
    }
    // Runs the event loop until `text` has appeared `times` times in the log.
    bool waitFor(const std::string &text, size_t times = 1, int timeoutMs = 30'000)
    {
        return studio::test::runEventLoopUntil([&] { return count(text) >= times || !running(); },
                                               timeoutMs)
               && count(text) >= times;
    }
    // SIGTERM to our PID; returns the exit code (-1 when it had to be killed).
    int stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return m_exitCode;
        m_process.terminate();
        if (!m_process.waitForFinished(15'000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
            m_exitCode = -1;
        } else {
            m_exitCode = m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
        }
        m_log += m_process.readAllStandardError().toStdString();
        return m_exitCode;
    }

private:
    QProcess m_process;
    std::string m_log;
    int m_exitCode = -1;
};

} // namespace studio::agent::test
