// SPDX-License-Identifier: GPL-3.0-or-later
#include "process_runner.h"

#include <QProcess>
#include <QStringList>

namespace studio::agent {

std::string ProcessResult::describe(const std::string &program) const
{
    if (!started)
        return "could not start " + program + (err.empty() ? std::string() : ": " + err);
    if (timedOut)
        return program + " timed out after " + std::to_string(elapsed.count()) + " ms";
    std::string first = err.substr(0, err.find('\n'));
    return program + " exited with status " + std::to_string(exitCode)
           + (first.empty() ? std::string() : ": " + first);
}

ProcessResult SystemProcessRunner::run(const std::string &program,
                                       const std::vector<std::string> &args,
                                       const std::string &input,
                                       std::chrono::milliseconds timeout)
{
    ProcessResult r;
    const auto t0 = std::chrono::steady_clock::now();
    QProcess p;
    QStringList qargs;
    for (const std::string &a : args)
        qargs << QString::fromStdString(a);
    p.setProgram(QString::fromStdString(program));
    p.setArguments(qargs);
    p.start(QIODevice::ReadWrite);
    if (!p.waitForStarted(10'000)) {
        r.err = p.errorString().toStdString();
        return r;
    }
    r.started = true;
    if (!input.empty())
        p.write(input.data(), qint64(input.size()));
    p.closeWriteChannel(); // closes once everything is written
    // waitForFinished keeps writing stdin and draining stdout/stderr while it waits.
    if (!p.waitForFinished(int(std::min<int64_t>(timeout.count(), INT32_MAX)))) {
        r.timedOut = p.state() != QProcess::NotRunning;
        if (r.timedOut) {
            p.kill();
            p.waitForFinished(5'000);
        }
    }
    r.out = p.readAllStandardOutput().toStdString();
    r.err += p.readAllStandardError().toStdString();
    if (!r.timedOut)
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - t0);
    return r;
}

} // namespace studio::agent
