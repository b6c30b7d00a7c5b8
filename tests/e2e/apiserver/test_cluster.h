// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A real etcd + kube-apiserver + kube-controller-manager for tests and benchmarks, started
// with tests/cluster/build-kube.sh and start-cluster.sh in a fresh temporary directory and
// stopped with stop-cluster.sh (by PID, never by name).
//
// Cleanup is guaranteed even if the test binary crashes or is killed: before anything starts
// a small guardian process (its own session, so a Ctrl-C of the terminal does not kill it
// first) waits on a pipe whose write end only this process holds; when this process ends, for
// whatever reason, the pipe closes and the guardian runs stop-cluster.sh DIR.
//
// The apiserver alone can be stopped and started again with the very same command line,
// environment and port (read from /proc/PID/cmdline before it is stopped), and DIR/pids is
// updated so that stop-cluster.sh stops the new process.

#include <chrono>
#include <map>
#include <string>
#include <sys/types.h>

namespace studio::test {

class TestCluster
{
public:
    struct Options
    {
        // Environment for start-cluster.sh (STUDIO_KCM_CONTROLLERS, STUDIO_ETCD_QUOTA_BYTES...).
        std::map<std::string, std::string> env;
        bool keepDir = false; // keep the directory (logs) after a successful stop
        std::chrono::seconds startTimeout{600};
    };

    TestCluster() = default;
    TestCluster(const TestCluster &) = delete;
    TestCluster &operator=(const TestCluster &) = delete;
    ~TestCluster(); // stops whatever is still running

    // build-kube.sh (cold: ~9 min) + start-cluster.sh (~10-50 s). false with `error` set.
    bool start(const Options &options, std::string &error);
    // stop-cluster.sh DIR; removes DIR unless keepDir or `keepForDebugging`. Idempotent.
    bool stop(bool keepForDebugging = false);

    bool running() const { return m_started; }
    const std::string &dir() const { return m_dir; }
    // A variable of DIR/cluster.env ("" when missing).
    std::string env(const std::string &key) const;
    const std::map<std::string, std::string> &envAll() const { return m_env; }
    double startSeconds() const { return m_startSeconds; }

    // SIGTERM the apiserver, SIGKILL after `grace` (its graceful shutdown waits up to 60 s for
    // open watches to end), and wait until it is gone.
    bool stopApiserver(std::string &error, std::chrono::seconds grace = std::chrono::seconds(3));
    // Start it again as it was, wait for /readyz. Returns seconds until ready, < 0 on error.
    double startApiserver(std::string &error);
    pid_t apiserverPid() const { return m_apiserverPid; }

    static std::string scriptsDir();

private:
    bool spawnGuardian(std::string &error);
    bool readEnv(const std::string &file, std::string &error);
    bool updatePidsFile(pid_t oldPid, pid_t newPid);
    bool waitReady(std::chrono::seconds timeout, std::string &error);

    std::string m_dir;
    std::map<std::string, std::string> m_env;
    bool m_started = false;
    bool m_keepDir = false;
    int m_guardianPipe = -1;
    pid_t m_guardianPid = -1;
    pid_t m_apiserverPid = -1;
    pid_t m_restartedChild = -1;    // our child after a restart (reaped on stop)
    std::string m_apiserverCmdline; // NUL-separated, as in /proc
    std::string m_apiserverEnviron;
    std::string m_apiserverCwd;
    double m_startSeconds = 0;
};

} // namespace studio::test
