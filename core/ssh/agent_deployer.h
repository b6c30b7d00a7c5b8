// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Installs, upgrades, restarts, inspects and removes service-agent on a node over one
// SshSession, and does so on many nodes in parallel (one session per worker thread).
//
// The bundle (built by the project) is a directory with
//   service-agent-<version>.tar.gz  bin/service-agent (+ lib/, found through an rpath)
//   VERSION                         one line
//   SHA256SUMS                      "<hex>  <tarball name>" as sha256sum writes it
// Layout on the node under the prefix (default /opt/service-studio):
//   releases/<version>-<sha12>/  current -> releases/...  etc/ (kubeconfig 0600, run-agent,
//   supervise, agentctl, mode, unit)  etc.prev/ (the previous etc, for rollback)  run/  log/
// An install or upgrade that fails at any step (checksum, disk full, port in use, agent not
// healthy in time) is rolled back: the previous release and configuration are restored and
// restarted if they were running; a first install is removed completely.
//
// Threading: an AgentDeployer uses its SshSession only, on the calling thread (see
// ssh_session.h). deployToHosts() runs one session per worker thread.
//
// Errors (studio::Error), besides the SshSession codes: "bundle-invalid",
// "bundle-checksum-mismatch" (local or remote), "remote-disk-full", "remote-command-failed",
// "port-in-use", "agent-unhealthy" (message ends with the agent's last log lines),
// "agent-not-installed", "agent-cleanup-failed", "deploy-cancelled".

#include "ssh/ssh_session.h"
#include "util/result.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace studio {

struct AgentBundle
{
    std::string dir;
    std::string tarball; // absolute path of the .tar.gz
    std::string tarballName;
    std::string version;
    std::string sha256; // hex, lower case
    uint64_t size = 0;
};
// Reads and checks a bundle directory (the tarball's checksum is verified locally too).
Result<AgentBundle> loadAgentBundle(const std::string &dir);

// What the agent needs to reach the apiserver (see agent_identity.h for the token).
struct AgentConnection
{
    std::string server; // https://host:port
    std::string token;
    std::string caPem; // empty: the node's system CAs
    bool insecureSkipTlsVerify = false;
};
// A kubeconfig with one cluster, one token user and one context. It holds the token.
std::string renderAgentKubeconfig(const AgentConnection &connection);

enum class ServiceMode { Auto, Systemd, Supervised };

struct DeployOptions
{
    std::string prefix = "/opt/service-studio";
    // Auto: systemd when /run/systemd/system exists on the node, else a supervised process
    // (nohup + pid files + a restart loop). Tests force Supervised.
    ServiceMode serviceMode = ServiceMode::Auto;
    std::string unitName = "service-studio-agent";
    int healthzPort = 10256;
    std::string proxyMode = "iptables";
    std::string hostnameOverride; // empty: the node's hostname
    std::vector<std::string> extraArgs;
    // Required for a first install; for an upgrade, unset keeps the node's kubeconfig.
    std::optional<AgentConnection> connection;
    std::chrono::milliseconds healthTimeout{30'000};
    std::string remoteTmp = "/tmp";
};

enum class DeployStage {
    Connect,
    Check,
    Upload,
    Verify,
    Install,
    Start,
    Health,
    Rollback,
    Remove,
    Done
};
const char *deployStageName(DeployStage stage); // "connect", "upload", ...

struct DeployProgress
{
    DeployStage stage = DeployStage::Connect;
    int percent = 0; // of the whole operation
    std::string detail;
};
using DeployProgressFn = std::function<void(const DeployProgress &)>;

struct AgentStatus
{
    bool installed = false;
    std::string prefix;
    std::string version;
    std::string release; // releases/<this>
    std::string mode;    // "systemd" or "supervised"
    bool running = false;
    bool healthy = false;
    std::string proxyMode;
    std::string lastSync; // from /healthz (kube-proxy's lastUpdated), when it says
    std::string healthz;  // the /healthz body
    bool rolledBack = false;
};

class AgentDeployer
{
public:
    AgentDeployer(SshSession &session, DeployOptions options);

    // First install or in-place upgrade; rolls back on failure (see above).
    Result<AgentStatus> install(const AgentBundle &bundle, const DeployProgressFn &progress = {});
    Result<AgentStatus> status();
    Result<void> restart();
    Result<std::string> logs(int lines = 200);
    // Stops the agent, runs `service-agent --cleanup` (so that no rule remains), then removes
    // every file of the installation. A failing --cleanup stops here and restarts the agent.
    Result<void> uninstall(const DeployProgressFn &progress = {});

    // The node-side control script (POSIX sh, defines agentctl_main). Pure, for tests.
    static std::string controlScript(const DeployOptions &options);
    static std::string supervisorScript(const std::string &prefix);
    static std::string systemdUnit(const DeployOptions &options);
    std::string runAgentScript(const std::string &hostname) const;

private:
    Result<ExecResult> control(const std::string &command, std::string_view input = {});
    Result<ExecResult> rootScript(const std::string &script, const std::string &what);
    std::string q(const std::string &s) const;

    SshSession &m_session;
    DeployOptions m_options;
};

// ---- many nodes ----
enum class DeployAction { Install, Uninstall, Status, Restart };

struct ParallelDeployRequest
{
    std::vector<SshTarget> targets;
    SshOptions ssh; // confirmUnknownHost is serialized across workers
    SshAuth auth;   // prompts are serialized across workers
    DeployOptions deploy;
    // Per-host options (prefix, hostname, ...) when hosts differ; unset: `deploy` for all.
    std::function<DeployOptions(size_t index, const SshTarget &)> deployFor;
    DeployAction action = DeployAction::Install;
    const AgentBundle *bundle = nullptr; // Install
    int parallel = 4;
    const std::atomic<bool> *cancel = nullptr; // hosts not started yet are skipped
};

struct HostDeployResult
{
    SshTarget target;
    Result<AgentStatus> result = makeError("deploy-cancelled", "not started");
    uint64_t bytesUploaded = 0;
    std::chrono::milliseconds elapsed{0};
};

// Called from worker threads (concurrently for different hosts): must be thread-safe.
using HostProgressFn = std::function<void(size_t index, const SshTarget &, const DeployProgress &)>;

// Runs the action on every target, `parallel` at a time, each on its own thread with its own
// session. Blocks until all are done. Results are in the order of the targets.
std::vector<HostDeployResult> deployToHosts(const ParallelDeployRequest &request,
                                            const HostProgressFn &progress = {});

} // namespace studio
