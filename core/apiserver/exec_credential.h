// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// client-go exec credential plugins (client.authentication.k8s.io v1beta1 and v1): run the
// configured command with its args and env plus KUBERNETES_EXEC_INFO, read an ExecCredential
// from its standard output, and cache it until status.expirationTimestamp.
//
// Error codes: "exec-not-found" (the binary is missing; the message carries installHint),
// "exec-failed" (it could not start, crashed or exited non-zero; the message carries the
// first lines of its stderr, scrubbed of secrets), "exec-timeout", "exec-bad-output" (not
// JSON, not an ExecCredential, the wrong apiVersion, no token and no certificate pair, a bad
// expirationTimestamp), "exec-interactive" (interactiveMode Always: we have no terminal).
// Messages never contain the plugin's standard output (it may hold a token).

#include "apiserver/kubeconfig.h"
#include "util/result.h"

#include <QObject>
#include <QProcess>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace studio {

struct ExecCredential
{
    std::string token;
    std::string clientCertificatePem;
    std::string clientKeyPem;
    // Unset: valid until the server rejects it (401).
    std::optional<std::chrono::system_clock::time_point> expiry;

    bool expired(std::chrono::system_clock::time_point now) const
    {
        return expiry && now >= *expiry;
    }
};

// What the plugin may learn about the cluster (spec.cluster, with provideClusterInfo).
struct ExecClusterInfo
{
    std::string server;
    std::string tlsServerName;
    bool insecureSkipTlsVerify = false;
    std::string caPem;
    std::string proxyUrl;
};

// The KUBERNETES_EXEC_INFO value for `config` (pure).
std::string execInfoJson(const ExecConfig &config, const ExecClusterInfo &cluster);

// Parses a plugin's standard output (pure). `command` is only used in messages.
Result<ExecCredential> parseExecCredential(std::string_view output, const ExecConfig &config);

// Parses an RFC 3339 timestamp ("2024-01-02T03:04:05Z", fractions and offsets allowed).
std::optional<std::chrono::system_clock::time_point> parseRfc3339(std::string_view text);

// Runs one plugin and caches its credential. Lives on the thread that creates it; callbacks
// run on that thread (from the event loop, never inside credential() itself).
class ExecCredentialProvider : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const Result<ExecCredential> &)>;
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    ExecCredentialProvider(ExecConfig config, ExecClusterInfo cluster, QObject *parent = nullptr);
    ~ExecCredentialProvider() override;

    // The cached credential while it is valid; otherwise runs the plugin once for all the
    // callers waiting at that time.
    void credential(Callback done);
    // Runs synchronously (blocks the calling thread up to the timeout): for command-line
    // tools and tests. Uses and fills the same cache.
    Result<ExecCredential> credentialBlocking();
    // Forgets the cached credential (after the server answered 401 with it).
    void invalidate();

    std::optional<ExecCredential> cached() const;
    int runCount() const { return m_runs; }
    void setTimeout(std::chrono::milliseconds t) { m_timeout = t; }
    void setClock(Clock clock) { m_clock = std::move(clock); }
    const ExecConfig &config() const { return m_config; }

private:
    bool validCache() const;
    // Program and arguments, or an "exec-not-found" error.
    Result<std::string> program() const;
    void setupProcess(QProcess &p, const std::string &programPath) const;
    Result<ExecCredential> finish(QProcess &p, bool timedOut);
    void deliver(const Result<ExecCredential> &r);

    ExecConfig m_config;
    ExecClusterInfo m_cluster;
    std::optional<ExecCredential> m_cache;
    std::vector<Callback> m_waiting;
    QProcess *m_process = nullptr; // the running plugin, owned (parent: this)
    int m_runs = 0;
    std::chrono::milliseconds m_timeout{60'000};
    Clock m_clock;
};

} // namespace studio
