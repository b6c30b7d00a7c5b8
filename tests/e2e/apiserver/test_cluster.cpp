// SPDX-License-Identifier: GPL-3.0-or-later
#include "test_cluster.h"

#include <QProcess>
#include <QProcessEnvironment>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#ifndef STUDIO_CLUSTER_SCRIPTS_DIR
#error "STUDIO_CLUSTER_SCRIPTS_DIR must name tests/cluster"
#endif

extern char **environ;

namespace studio::test {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string slurp(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Field 22 (start time) and field 3 (state) of /proc/PID/stat; false when gone.
bool procStat(pid_t pid, std::string &startTime, char &state)
{
    const std::string s = slurp("/proc/" + std::to_string(pid) + "/stat");
    const size_t close = s.rfind(')');
    if (s.empty() || close == std::string::npos)
        return false;
    std::istringstream rest(s.substr(close + 2));
    std::vector<std::string> f;
    std::string w;
    while (rest >> w)
        f.push_back(w);
    if (f.size() < 20)
        return false;
    state = f[0][0];   // field 3
    startTime = f[19]; // field 22
    return true;
}

bool alive(pid_t pid, const std::string &startTime)
{
    std::string st;
    char state = 0;
    if (!procStat(pid, st, state))
        return false;
    return st == startTime && state != 'Z' && state != 'X';
}

// "%q"-quoted shell words as start-cluster.sh writes them: plain, '...', or $'...'.
std::string shellUnquote(std::string v)
{
    if (v.size() >= 3 && v[0] == '$' && v[1] == '\'' && v.back() == '\'')
        v = v.substr(2, v.size() - 3);
    else if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'')
        return v.substr(1, v.size() - 2);
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '\\' && i + 1 < v.size())
            ++i;
        out += v[i];
    }
    return out;
}

std::vector<std::string> splitNul(const std::string &s)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (start < s.size()) {
        size_t end = s.find('\0', start);
        if (end == std::string::npos)
            end = s.size();
        out.push_back(s.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

// Runs a script, its stderr going to ours (progress), returns its stdout.
bool runScript(const std::string &script,
               const QStringList &args,
               const std::map<std::string, std::string> &env,
               std::chrono::seconds timeout,
               std::string &out,
               std::string &error)
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const auto &[k, v] : env)
        e.insert(QString::fromStdString(k), QString::fromStdString(v));
    p.setProcessEnvironment(e);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(QString::fromStdString(script), args);
    if (!p.waitForStarted(10'000)) {
        error = script + ": cannot start: " + p.errorString().toStdString();
        return false;
    }
    if (!p.waitForFinished(int(std::chrono::milliseconds(timeout).count()))) {
        p.terminate();
        p.waitForFinished(15'000);
        error = script + ": did not finish within " + std::to_string(timeout.count()) + " s";
        return false;
    }
    out = p.readAllStandardOutput().toStdString();
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        error = script + " failed with exit code " + std::to_string(p.exitCode())
                + " (its messages are above)";
        return false;
    }
    return true;
}

std::string lastLine(const std::string &s)
{
    std::string t = s;
    while (!t.empty() && (t.back() == '\n' || t.back() == '\r'))
        t.pop_back();
    const size_t nl = t.rfind('\n');
    return nl == std::string::npos ? t : t.substr(nl + 1);
}

} // namespace

std::string TestCluster::scriptsDir()
{
    return STUDIO_CLUSTER_SCRIPTS_DIR;
}

TestCluster::~TestCluster()
{
    stop(true);
}

std::string TestCluster::env(const std::string &key) const
{
    auto it = m_env.find(key);
    return it == m_env.end() ? std::string() : it->second;
}

bool TestCluster::spawnGuardian(std::string &error)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        error = std::string("pipe2: ") + std::strerror(errno);
        return false;
    }
    const std::string stop = scriptsDir() + "/stop-cluster.sh";
    // Blocks until our end of the pipe closes (we exited, however), then stops the cluster.
    const char *script = "while read -r _; do :; done; \"$0\" \"$1\"";
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
    std::vector<std::string> args = {"sh", "-c", script, stop, m_dir};
    std::vector<char *> argv;
    for (auto &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, "/bin/sh", &fa, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    ::close(fds[0]);
    if (rc != 0) {
        ::close(fds[1]);
        error = std::string("posix_spawn guardian: ") + std::strerror(rc);
        return false;
    }
    m_guardianPid = pid;
    m_guardianPipe = fds[1];
    return true;
}

bool TestCluster::readEnv(const std::string &file, std::string &error)
{
    std::ifstream in(file);
    if (!in) {
        error = "cannot read " + file;
        return false;
    }
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        const size_t eq = line.find('=');
        if (eq == std::string::npos)
            continue;
        m_env[line.substr(0, eq)] = shellUnquote(line.substr(eq + 1));
    }
    for (const char *k : {"APISERVER_URL", "CA_FILE", "ADMIN_KUBECONFIG", "APISERVER_PID"})
        if (env(k).empty()) {
            error = file + " has no " + k;
            return false;
        }
    return true;
}

bool TestCluster::start(const Options &options, std::string &error)
{
    const auto t0 = Clock::now();
    m_keepDir = options.keepDir;
    const char *tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/studio-apiserver-e2e.XXXXXX";
    if (!mkdtemp(templ.data())) {
        error = std::string("mkdtemp: ") + std::strerror(errno);
        return false;
    }
    m_dir = templ;
    // The guardian first: from now on nothing this run starts can outlive it.
    if (!spawnGuardian(error))
        return false;
    std::map<std::string, std::string> scriptEnv = options.env;
    if (!scriptEnv.count("KUBE_BIN_DIR") && !std::getenv("KUBE_BIN_DIR")) {
        std::string out;
        if (!runScript(
                scriptsDir() + "/build-kube.sh", {}, {}, std::chrono::seconds(3600), out, error))
            return false;
        scriptEnv["KUBE_BIN_DIR"] = lastLine(out);
    }
    std::string out;
    if (!runScript(scriptsDir() + "/start-cluster.sh",
                   {QString::fromStdString(m_dir)},
                   scriptEnv,
                   options.startTimeout,
                   out,
                   error))
        return false;
    if (!readEnv(m_dir + "/cluster.env", error))
        return false;
    m_apiserverPid = pid_t(std::stol(env("APISERVER_PID")));
    m_started = true;
    m_startSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return true;
}

bool TestCluster::stop(bool keepForDebugging)
{
    bool ok = true;
    if (!m_dir.empty() && fs::exists(m_dir)) {
        std::string out, error;
        ok = runScript(scriptsDir() + "/stop-cluster.sh",
                       {QString::fromStdString(m_dir)},
                       {},
                       std::chrono::seconds(120),
                       out,
                       error);
        if (!ok)
            std::fprintf(stderr, "test-cluster: %s\n", error.c_str());
    }
    if (m_restartedChild > 0) {
        waitpid(m_restartedChild, nullptr, 0); // stopped by stop-cluster.sh: reap it
        m_restartedChild = -1;
    }
    if (m_guardianPipe >= 0) {
        ::close(m_guardianPipe); // the guardian runs stop-cluster.sh once more (a no-op) and exits
        m_guardianPipe = -1;
    }
    if (m_guardianPid > 0) {
        waitpid(m_guardianPid, nullptr, 0);
        m_guardianPid = -1;
    }
    if (!m_dir.empty()) {
        if (keepForDebugging || m_keepDir || !ok) {
            std::fprintf(stderr, "test-cluster: logs kept in %s\n", m_dir.c_str());
        } else {
            std::error_code ec;
            fs::remove_all(m_dir, ec);
        }
        m_dir.clear();
    }
    m_started = false;
    return ok;
}

bool TestCluster::updatePidsFile(pid_t oldPid, pid_t newPid)
{
    const std::string path = m_dir + "/pids";
    std::ifstream in(path);
    std::string line, out;
    std::string st;
    char state = 0;
    procStat(newPid, st, state);
    bool replaced = false;
    while (std::getline(in, line)) {
        std::istringstream w(line);
        std::string name, pid;
        w >> name >> pid;
        if (name == "kube-apiserver" && pid == std::to_string(oldPid)) {
            out += "kube-apiserver " + std::to_string(newPid) + " " + st + "\n";
            replaced = true;
        } else if (!line.empty()) {
            out += line + "\n";
        }
    }
    if (!replaced)
        out += "kube-apiserver " + std::to_string(newPid) + " " + st + "\n";
    const std::string tmp = path + ".new";
    std::ofstream(tmp) << out;
    return std::rename(tmp.c_str(), path.c_str()) == 0;
}

bool TestCluster::stopApiserver(std::string &error, std::chrono::seconds grace)
{
    const pid_t pid = m_apiserverPid;
    std::string startTime;
    char state = 0;
    if (pid <= 0 || !procStat(pid, startTime, state)) {
        error = "kube-apiserver (pid " + std::to_string(pid) + ") is not running";
        return false;
    }
    const std::string proc = "/proc/" + std::to_string(pid);
    m_apiserverCmdline = slurp(proc + "/cmdline");
    m_apiserverEnviron = slurp(proc + "/environ");
    std::error_code ec;
    m_apiserverCwd = fs::read_symlink(proc + "/cwd", ec).string();
    // Only a process that is ours: its command line names our cluster directory.
    if (m_apiserverCmdline.find(m_dir + "/") == std::string::npos) {
        error = "pid " + std::to_string(pid) + " is not this cluster's kube-apiserver";
        return false;
    }
    ::kill(pid, SIGTERM);
    const auto deadline = Clock::now() + grace;
    while (alive(pid, startTime) && Clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (alive(pid, startTime)) {
        ::kill(pid, SIGKILL);
        for (int i = 0; i < 100 && alive(pid, startTime); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (pid == m_restartedChild) {
        waitpid(pid, nullptr, 0);
        m_restartedChild = -1;
    }
    if (alive(pid, startTime)) {
        error = "kube-apiserver (pid " + std::to_string(pid) + ") survived SIGKILL";
        return false;
    }
    return true;
}

double TestCluster::startApiserver(std::string &error)
{
    if (m_apiserverCmdline.empty()) {
        error = "stopApiserver() first: the command line is read from the running process";
        return -1;
    }
    const auto t0 = Clock::now();
    std::vector<std::string> args = splitNul(m_apiserverCmdline);
    std::vector<std::string> envs = splitNul(m_apiserverEnviron);
    std::vector<char *> argv, envp;
    for (auto &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto &e : envs)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    const std::string log
        = env("APISERVER_LOG").empty() ? m_dir + "/kube-apiserver.log" : env("APISERVER_LOG");
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    if (!m_apiserverCwd.empty())
        posix_spawn_file_actions_addchdir_np(&fa, m_apiserverCwd.c_str());
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv[0], &fa, &attr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        error = std::string("posix_spawn kube-apiserver: ") + std::strerror(rc);
        return -1;
    }
    const pid_t old = m_apiserverPid;
    m_apiserverPid = pid;
    m_restartedChild = pid;
    m_env["APISERVER_PID"] = std::to_string(pid);
    if (!updatePidsFile(old, pid)) {
        error = "cannot update " + m_dir + "/pids";
        return -1;
    }
    // Keep DIR/cluster.env true for anyone who sources it.
    {
        const std::string envFile = m_dir + "/cluster.env";
        std::ifstream in(envFile);
        std::string line, out;
        while (std::getline(in, line))
            out += (line.starts_with("APISERVER_PID=") ? "APISERVER_PID=" + std::to_string(pid)
                                                       : line)
                   + "\n";
        in.close();
        std::ofstream(envFile + ".new") << out;
        std::rename((envFile + ".new").c_str(), envFile.c_str());
    }
    if (!waitReady(std::chrono::seconds(120), error))
        return -1;
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

bool TestCluster::waitReady(std::chrono::seconds timeout, std::string &error)
{
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        int status = 0;
        if (waitpid(m_apiserverPid, &status, WNOHANG) == m_apiserverPid) {
            m_restartedChild = -1;
            error = "kube-apiserver exited during the restart; see " + env("APISERVER_LOG");
            return false;
        }
        QProcess curl;
        curl.start(QStringLiteral("curl"),
                   {QStringLiteral("-s"),
                    QStringLiteral("--max-time"),
                    QStringLiteral("2"),
                    QStringLiteral("--cacert"),
                    QString::fromStdString(env("CA_FILE")),
                    QStringLiteral("--cert"),
                    QString::fromStdString(env("ADMIN_CERT")),
                    QStringLiteral("--key"),
                    QString::fromStdString(env("ADMIN_KEY")),
                    QString::fromStdString(env("APISERVER_URL") + "/readyz")});
        curl.waitForFinished(5000);
        if (curl.readAllStandardOutput().trimmed() == "ok")
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    error = "kube-apiserver not ready within " + std::to_string(timeout.count()) + " s";
    return false;
}

} // namespace studio::test
