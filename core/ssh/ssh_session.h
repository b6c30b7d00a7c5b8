// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One SSH connection over libssh 0.10: ~/.ssh/config honoured, host key checked against a
// known_hosts file by our own parser (known_hosts.h), authentication by ssh-agent, key files
// (passphrase prompt) or password, remote commands with exit code/stdout/stderr, sudo for
// non-root users and SFTP uploads with progress. Every blocking call has a timeout.
//
// Threading: an SshSession is not thread-safe (libssh sessions are not). Use one session per
// thread; sessions on different threads are independent. Callbacks (prompts, progress) run
// on the calling thread, inside the call.
//
// Errors are studio::Error values; libssh return codes are converted here (sshErrorFrom).
// Codes: "ssh-bad-target", "ssh-config", "ssh-unreachable", "ssh-timeout", "ssh-protocol",
// "ssh-host-key-unknown" (not accepted), "ssh-host-key-changed", "ssh-host-key-revoked",
// "ssh-auth-denied", "ssh-key-unreadable", "ssh-channel", "ssh-sftp", "ssh-command-timeout",
// "local-file-unreadable", "remote-disk-full", "remote-permission-denied",
// "sudo-missing", "sudo-password-required", "sudo-denied", "known-hosts-*" (known_hosts.h).
// Messages never contain a password or passphrase.

#include "util/result.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace studio {

// user@host[:port], host may be an ~/.ssh/config alias or "[v6addr]".
struct SshTarget
{
    std::string user; // empty: from ssh config, else the local user
    std::string host;
    int port = 0; // 0: from ssh config, else 22

    std::string toString() const; // "user@host:port" as given
};
// Parses "user@host", "host:2222", "root@[fd00::1]:22"; code "ssh-bad-target".
Result<SshTarget> parseSshTarget(std::string_view text);

// What ~/.ssh/config makes of a target (libssh's parser, ssh_options_parse_config). Explicit
// user/port in the target win over the file, as on the ssh command line.
struct ResolvedTarget
{
    std::string host; // HostName after alias resolution
    int port = 22;
    std::string user;
};
Result<ResolvedTarget> resolveSshTarget(const SshTarget &target, const std::string &configFile);

// An unknown host's key, for the caller to show and, if the user trusts it, record.
struct UnknownHostKey
{
    std::string host; // the resolved host name
    int port = 22;
    std::string keyType;
    std::string fingerprint;    // "SHA256:..."
    std::string knownHostsLine; // the line to append to accept it
    std::string knownHostsFile;
};

struct SshOptions
{
    std::string knownHostsFile; // empty: ~/.ssh/known_hosts
    std::string configFile;     // empty: ~/.ssh/config; "none": no config file
    std::chrono::milliseconds connectTimeout{10'000};
    std::chrono::milliseconds commandTimeout{120'000}; // default for exec/upload
    // Unknown host: asked; true trusts the key for this connection (and records it when
    // recordAcceptedKeys). Unset: refused with "ssh-host-key-unknown".
    std::function<bool(const UnknownHostKey &)> confirmUnknownHost;
    bool recordAcceptedKeys = true;
    bool hashKnownHosts = false; // write new entries hashed (HashKnownHosts yes)
};

struct SshAuth
{
    bool useAgent = true; // SSH_AUTH_SOCK
    // Key files to try in order; empty: IdentityFile from the config, then ~/.ssh/id_*.
    std::vector<std::string> identityFiles;
    // Asked for an encrypted key's passphrase ("Enter passphrase for key '/path': ");
    // nullopt means cancel (the key is skipped).
    std::function<std::optional<std::string>(const std::string &prompt)> passphrase;
    // Password authentication: this password, or else the prompt (nullopt: do not try).
    std::optional<std::string> password;
    std::function<std::optional<std::string>(const std::string &prompt)> passwordPrompt;
    // sudo's password when needed; empty/unset: the login password (if any), then the prompt.
    std::function<std::optional<std::string>(const std::string &prompt)> sudoPasswordPrompt;
};

struct ExecResult
{
    int exitCode = -1; // -1: killed by a signal or no status
    std::string out;
    std::string err;
};

// (bytes sent, total bytes)
using TransferProgress = std::function<void(uint64_t, uint64_t)>;

// The stage and libssh code of a failure, mapped to an Error (pure: unit-tested).
enum class SshStage { Connect, HostKey, Auth, Channel, Exec, Sftp };
Error sshErrorFrom(SshStage stage,
                   int libsshCode,
                   std::string_view libsshMessage,
                   std::string_view context);
// An SFTP status (SSH_FX_*) as an Error naming the remote path.
Error sftpErrorFrom(int sftpStatus, std::string_view libsshMessage, std::string_view remotePath);

// Quotes `s` for a POSIX shell ('...' with ' as '\'').
std::string shellQuote(std::string_view s);

class SshSession
{
public:
    ~SshSession();
    SshSession(const SshSession &) = delete;
    SshSession &operator=(const SshSession &) = delete;

    // Connects, verifies the host key, authenticates. Blocks (up to the timeouts).
    static Result<std::unique_ptr<SshSession>>
    connect(const SshTarget &target, const SshOptions &options = {}, const SshAuth &auth = {});

    const ResolvedTarget &target() const { return m_target; }
    const std::string &hostKeyFingerprint() const { return m_fingerprint; }
    const std::string &authMethod() const
    {
        return m_authMethod;
    } // "agent", "publickey", "password"
    bool isRoot() const { return m_target.user == "root"; }

    // Runs `command` through the login shell; `input` goes to its stdin (then EOF). A command
    // still running after the timeout is abandoned ("ssh-command-timeout"). A non-zero exit
    // code is not an error: it is in the result.
    Result<ExecResult> exec(const std::string &command,
                            std::string_view input = {},
                            std::optional<std::chrono::milliseconds> timeout = {});
    // Runs `script` with /bin/sh as root: directly when logged in as root, else through
    // `sudo -S -p ''` (a password from SshAuth when sudo asks for one). Errors "sudo-missing",
    // "sudo-password-required" (no password given), "sudo-denied" (not allowed / wrong).
    Result<ExecResult> execAsRoot(const std::string &script,
                                  std::string_view input = {},
                                  std::optional<std::chrono::milliseconds> timeout = {});

    // SFTP: writes `localPath` to `remotePath` (created with `mode`, truncated), reporting
    // progress; the remote file is removed when the upload fails midway.
    Result<uint64_t> upload(const std::string &localPath,
                            const std::string &remotePath,
                            int mode = 0644,
                            const TransferProgress &progress = {});
    Result<uint64_t>
    uploadData(std::string_view data, const std::string &remotePath, int mode = 0644);

    uint64_t bytesUploaded() const { return m_bytesUploaded; } // SFTP payload since connect

private:
    struct Impl;
    explicit SshSession(std::unique_ptr<Impl> impl);
    Result<void> ensureSftp();
    Result<std::string> sudoPassword();
    // The one SFTP write loop of upload() and uploadData(): `next` fills up to n bytes and
    // returns how many (0 at the end). The remote file is removed on any failure.
    Result<uint64_t> writeRemote(const std::string &remotePath, int mode, uint64_t total,
                                 const std::function<Result<size_t>(char *, size_t)> &next,
                                 const TransferProgress &progress);

    std::unique_ptr<Impl> m_impl;
    ResolvedTarget m_target;
    std::string m_fingerprint;
    std::string m_authMethod;
    SshAuth m_auth;
    std::chrono::milliseconds m_commandTimeout{120'000};
    enum class SudoMode { Unknown, NoPassword, Password };
    SudoMode m_sudoMode = SudoMode::Unknown;
    std::optional<std::string> m_sudoPassword;
    uint64_t m_bytesUploaded = 0;
};

} // namespace studio
