// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/ssh_session.h"

#include "ssh/known_hosts.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/sftp.h>

#include <QByteArray>
#include <QDir>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <pwd.h>
#include <unistd.h>

namespace studio {

namespace {

using Clock = std::chrono::steady_clock;

void initLibssh()
{
    static std::once_flag once;
    std::call_once(once, [] { ssh_init(); });
}

std::string homeDir()
{
    if (const char *h = std::getenv("HOME"); h && *h)
        return h;
    if (const passwd *pw = getpwuid(getuid()))
        return pw->pw_dir;
    return "/";
}

std::string localUser()
{
    if (const passwd *pw = getpwuid(getuid()))
        return pw->pw_name;
    return "root";
}

bool contains(std::string_view hay, std::string_view needle)
{
    return hay.find(needle) != std::string_view::npos;
}

// Host key algorithms with those the host is known by first (as OpenSSH orders them), so
// that a host recorded with an ECDSA key is not reported "changed" for offering Ed25519.
std::string hostKeyPreference(const std::vector<std::string> &knownTypes)
{
    static const std::vector<std::string> defaults = {"ssh-ed25519",
                                                      "ecdsa-sha2-nistp521",
                                                      "ecdsa-sha2-nistp384",
                                                      "ecdsa-sha2-nistp256",
                                                      "rsa-sha2-512",
                                                      "rsa-sha2-256"};
    std::vector<std::string> out;
    auto add = [&](const std::string &a) {
        if (std::find(out.begin(), out.end(), a) == out.end())
            out.push_back(a);
    };
    for (const std::string &t : knownTypes) {
        if (t == "ssh-rsa") {
            add("rsa-sha2-512");
            add("rsa-sha2-256");
        } else if (std::find(defaults.begin(), defaults.end(), t) != defaults.end()) {
            add(t);
        }
    }
    for (const std::string &d : defaults)
        add(d);
    std::string s;
    for (const std::string &a : out)
        s += (s.empty() ? "" : ",") + a;
    return s;
}

// The passphrase prompt, reachable from libssh's C callback through its userdata.
struct PromptData
{
    std::function<std::optional<std::string>(const std::string &)> passphrase;
};

int passphraseCallback(const char *prompt, char *buf, size_t len, int, int, void *userdata)
{
    auto *data = static_cast<PromptData *>(userdata);
    if (!data || !data->passphrase || len == 0)
        return -1;
    std::optional<std::string> p = data->passphrase(prompt ? prompt : "Passphrase: ");
    if (!p || p->size() >= len)
        return -1;
    std::memcpy(buf, p->c_str(), p->size() + 1);
    return 0;
}

} // namespace

std::string SshTarget::toString() const
{
    std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    std::string s = user.empty() ? h : user + "@" + h;
    if (port)
        s += ":" + std::to_string(port);
    return s;
}

Result<SshTarget> parseSshTarget(std::string_view text)
{
    SshTarget t;
    auto bad = [&](const std::string &why) {
        return makeError("ssh-bad-target", "invalid target \"" + std::string(text) + "\": " + why);
    };
    std::string_view rest = text;
    if (size_t at = rest.rfind('@'); at != std::string_view::npos) {
        t.user = std::string(rest.substr(0, at));
        rest = rest.substr(at + 1);
        if (t.user.empty())
            return bad("empty user");
    }
    std::string_view portText;
    if (!rest.empty() && rest.front() == '[') {
        size_t close = rest.find(']');
        if (close == std::string_view::npos)
            return bad("missing ']'");
        t.host = std::string(rest.substr(1, close - 1));
        std::string_view after = rest.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':')
                return bad("expected ':' after ']'");
            portText = after.substr(1);
            if (portText.empty())
                return bad("empty port");
        }
    } else {
        size_t colon = rest.find(':');
        if (colon != std::string_view::npos
            && rest.find(':', colon + 1) != std::string_view::npos) {
            t.host = std::string(rest); // a bare IPv6 address
        } else if (colon != std::string_view::npos) {
            t.host = std::string(rest.substr(0, colon));
            portText = rest.substr(colon + 1);
            if (portText.empty())
                return bad("empty port");
        } else {
            t.host = std::string(rest);
        }
    }
    if (t.host.empty())
        return bad("empty host");
    for (char c : t.host)
        if (c == ' ' || c == '\t' || c == '/' || c == '\\' || c == '\'' || c == '"')
            return bad("invalid character in host");
    if (!portText.empty()) {
        int p = 0;
        for (char c : portText) {
            if (c < '0' || c > '9' || p > 65535)
                return bad("port must be a number from 1 to 65535");
            p = p * 10 + (c - '0');
        }
        if (p < 1 || p > 65535)
            return bad("port must be a number from 1 to 65535");
        t.port = p;
    }
    return t;
}

std::string shellQuote(std::string_view s)
{
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    out += "'";
    return out;
}

Error sshErrorFrom(SshStage stage,
                   int libsshCode,
                   std::string_view libsshMessage,
                   std::string_view context)
{
    std::string msg(context);
    if (!libsshMessage.empty())
        msg += ": " + std::string(libsshMessage);
    const bool timeout = contains(libsshMessage, "imeout") || contains(libsshMessage, "timed out");
    const bool gone = contains(libsshMessage, "Socket error")
                      || contains(libsshMessage, "disconnect")
                      || contains(libsshMessage, "Connection refused")
                      || contains(libsshMessage, "Connection reset");
    switch (stage) {
    case SshStage::Connect:
        if (timeout)
            return makeError("ssh-timeout", msg);
        if (contains(libsshMessage, "kex") || contains(libsshMessage, "no match for method")
            || contains(libsshMessage, "Protocol"))
            return makeError("ssh-protocol", msg);
        return makeError("ssh-unreachable", msg);
    case SshStage::HostKey:
        return makeError("ssh-protocol", msg);
    case SshStage::Auth:
        if (libsshCode == SSH_AUTH_DENIED || libsshCode == SSH_AUTH_PARTIAL)
            return makeError("ssh-auth-denied", msg);
        if (timeout)
            return makeError("ssh-timeout", msg);
        if (gone)
            return makeError("ssh-unreachable", msg);
        return makeError("ssh-protocol", msg);
    case SshStage::Channel:
    case SshStage::Exec:
        if (timeout)
            return makeError("ssh-command-timeout", msg);
        if (gone)
            return makeError("ssh-unreachable", msg);
        return makeError("ssh-channel", msg);
    case SshStage::Sftp:
        if (timeout)
            return makeError("ssh-timeout", msg);
        return makeError("ssh-sftp", msg);
    }
    return makeError("ssh-protocol", msg);
}

Error sftpErrorFrom(int sftpStatus, std::string_view libsshMessage, std::string_view remotePath)
{
    std::string where = "sftp " + std::string(remotePath);
    switch (sftpStatus) {
    case SSH_FX_PERMISSION_DENIED:
    case SSH_FX_WRITE_PROTECT:
        return makeError("remote-permission-denied", where + ": permission denied");
    case SSH_FX_NO_SUCH_FILE:
    case SSH_FX_NO_SUCH_PATH:
        return makeError("ssh-sftp", where + ": no such file or directory");
    case SSH_FX_FAILURE:
        // SFTP v3 has no "no space" status: OpenSSH's sftp-server answers ENOSPC as FAILURE.
        return makeError("ssh-sftp", where + ": failure (is the disk full?)");
    case SSH_FX_NO_CONNECTION:
    case SSH_FX_CONNECTION_LOST:
        return makeError("ssh-unreachable", where + ": connection lost");
    default:
        break;
    }
    std::string msg = where;
    if (!libsshMessage.empty())
        msg += ": " + std::string(libsshMessage);
    else
        msg += ": sftp status " + std::to_string(sftpStatus);
    return makeError("ssh-sftp", msg);
}

Result<ResolvedTarget> resolveSshTarget(const SshTarget &target, const std::string &configFile)
{
    initLibssh();
    ssh_session s = ssh_new();
    if (!s)
        return makeError("ssh-config", "out of memory");
    struct Guard
    {
        ssh_session s;
        ~Guard() { ssh_free(s); }
    } guard{s};
    if (ssh_options_set(s, SSH_OPTIONS_HOST, target.host.c_str()) != SSH_OK)
        return makeError("ssh-bad-target", "invalid host \"" + target.host + "\"");
    std::string file = configFile.empty() ? homeDir() + "/.ssh/config" : configFile;
    if (file != "none") {
        if (::access(file.c_str(), R_OK) == 0
            && ssh_options_parse_config(s, file.c_str()) != SSH_OK)
            return makeError("ssh-config", "cannot parse " + file + ": " + ssh_get_error(s));
    }
    bool noProcess = false;
    ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &noProcess);
    ResolvedTarget r;
    char *v = nullptr;
    if (ssh_options_get(s, SSH_OPTIONS_HOST, &v) == SSH_OK && v) {
        r.host = v;
        ssh_string_free_char(v);
    } else {
        r.host = target.host;
    }
    unsigned int port = 0;
    r.port = target.port ? target.port
                         : (ssh_options_get_port(s, &port) == SSH_OK && port ? int(port) : 22);
    v = nullptr;
    if (!target.user.empty()) {
        r.user = target.user;
    } else if (ssh_options_get(s, SSH_OPTIONS_USER, &v) == SSH_OK && v) {
        r.user = v;
        ssh_string_free_char(v);
    } else {
        r.user = localUser();
    }
    return r;
}

struct SshSession::Impl
{
    ssh_session session = nullptr;
    sftp_session sftp = nullptr;
    ssh_callbacks_struct callbacks{};
    PromptData prompt;

    ~Impl()
    {
        if (sftp)
            sftp_free(sftp);
        if (session) {
            ssh_disconnect(session);
            ssh_free(session);
        }
    }
    std::string error() const { return session ? ssh_get_error(session) : std::string(); }
};

SshSession::SshSession(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{}

SshSession::~SshSession() = default;

Result<std::unique_ptr<SshSession>>
SshSession::connect(const SshTarget &target, const SshOptions &options, const SshAuth &auth)
{
    initLibssh();
    auto resolved = resolveSshTarget(target, options.configFile);
    if (!resolved)
        return resolved.error();
    const ResolvedTarget rt = resolved.value();
    const std::string where = rt.user + "@" + knownHostsName(rt.host, rt.port);

    auto impl = std::make_unique<Impl>();
    impl->session = ssh_new();
    if (!impl->session)
        return makeError("ssh-protocol", "out of memory");
    ssh_session s = impl->session;

    // Our explicit values after the config so that they win, as on the ssh command line; then
    // stop libssh from parsing the config again at connect.
    ssh_options_set(s, SSH_OPTIONS_HOST, target.host.c_str());
    const std::string configFile
        = options.configFile.empty() ? homeDir() + "/.ssh/config" : options.configFile;
    if (configFile != "none" && ::access(configFile.c_str(), R_OK) == 0)
        ssh_options_parse_config(s, configFile.c_str());
    bool noProcess = false;
    ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &noProcess);
    ssh_options_set(s, SSH_OPTIONS_HOST, rt.host.c_str());
    ssh_options_set(s, SSH_OPTIONS_USER, rt.user.c_str());
    unsigned int port = unsigned(rt.port);
    ssh_options_set(s, SSH_OPTIONS_PORT, &port);
    long secs = std::max<long>(1, long((options.connectTimeout.count() + 999) / 1000));
    ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &secs);

    const std::string knownFile
        = options.knownHostsFile.empty() ? homeDir() + "/.ssh/known_hosts" : options.knownHostsFile;
    auto known = loadKnownHosts(knownFile);
    if (!known)
        return known.error();
    {
        // Only our check decides; libssh's own known_hosts files are pointed away.
        ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, "/dev/null");
        ssh_options_set(s, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
        HostKeyCheck pre = checkHostKey(known.value(), rt.host, rt.port, "", "");
        std::string pref = hostKeyPreference(pre.knownTypes);
        ssh_options_set(s, SSH_OPTIONS_HOSTKEYS, pref.c_str());
    }

    impl->prompt.passphrase = auth.passphrase;
    ssh_callbacks_init(&impl->callbacks);
    impl->callbacks.userdata = &impl->prompt;
    impl->callbacks.auth_function = passphraseCallback;
    ssh_set_callbacks(s, &impl->callbacks);

    if (int rc = ssh_connect(s); rc != SSH_OK)
        return sshErrorFrom(SshStage::Connect, rc, impl->error(), "connecting to " + where);

    // ---- host key ----
    ssh_key key = nullptr;
    if (ssh_get_server_publickey(s, &key) != SSH_OK || !key)
        return sshErrorFrom(
            SshStage::HostKey, SSH_ERROR, impl->error(), "no host key from " + where);
    std::string keyType
        = ssh_key_type_to_char(ssh_key_type(key)) ? ssh_key_type_to_char(ssh_key_type(key)) : "";
    char *b64 = nullptr;
    int rc = ssh_pki_export_pubkey_base64(key, &b64);
    ssh_key_free(key);
    if (rc != SSH_OK || !b64)
        return makeError("ssh-protocol", "cannot read the host key of " + where);
    QByteArray blob = QByteArray::fromBase64(QByteArray(b64));
    ssh_string_free_char(b64);
    const std::string keyBlob = blob.toStdString();
    const std::string fingerprint = sha256Fingerprint(keyBlob);

    HostKeyCheck check = checkHostKey(known.value(), rt.host, rt.port, keyType, keyBlob);
    const std::string lineRef = knownFile + ":" + std::to_string(check.line);
    switch (check.verdict) {
    case HostKeyCheck::Verdict::Known:
        break;
    case HostKeyCheck::Verdict::Revoked:
        return makeError("ssh-host-key-revoked",
                         "the " + keyType + " host key of " + knownHostsName(rt.host, rt.port)
                             + " (" + fingerprint + ") is marked @revoked in " + lineRef);
    case HostKeyCheck::Verdict::Changed:
    case HostKeyCheck::Verdict::OtherType:
        return makeError("ssh-host-key-changed",
                         "REMOTE HOST IDENTIFICATION HAS CHANGED for "
                             + knownHostsName(rt.host, rt.port) + ": it offers the " + keyType
                             + " key " + fingerprint + " but " + lineRef
                             + " records a different key; someone could be impersonating the"
                               " host. Refusing to connect (remove that line if the change is"
                               " expected)");
    case HostKeyCheck::Verdict::Unknown: {
        UnknownHostKey u;
        u.host = rt.host;
        u.port = rt.port;
        u.keyType = keyType;
        u.fingerprint = fingerprint;
        u.knownHostsFile = knownFile;
        u.knownHostsLine
            = formatKnownHostsLine(rt.host, rt.port, keyType, keyBlob, options.hashKnownHosts);
        if (!options.confirmUnknownHost || !options.confirmUnknownHost(u))
            return makeError("ssh-host-key-unknown",
                             "the authenticity of host " + knownHostsName(rt.host, rt.port)
                                 + " can't be established: " + keyType + " key fingerprint is "
                                 + fingerprint + " (not in " + knownFile + ")");
        if (options.recordAcceptedKeys) {
            if (auto w = appendKnownHostsLine(knownFile, u.knownHostsLine); !w)
                return w.error();
        }
        break;
    }
    }

    // ---- authentication ----
    std::string method;
    int authRc = ssh_userauth_none(s, nullptr);
    if (authRc == SSH_AUTH_SUCCESS)
        method = "none";
    const int methods = authRc == SSH_AUTH_SUCCESS ? 0 : ssh_userauth_list(s, nullptr);
    std::string lastMessage;
    if (method.empty() && (methods & SSH_AUTH_METHOD_PUBLICKEY)) {
        if (auth.useAgent && std::getenv("SSH_AUTH_SOCK")) {
            authRc = ssh_userauth_agent(s, nullptr);
            if (authRc == SSH_AUTH_SUCCESS)
                method = "agent";
            else if (authRc == SSH_AUTH_ERROR)
                return sshErrorFrom(
                    SshStage::Auth, authRc, impl->error(), "authenticating to " + where);
        }
        if (method.empty() && auth.identityFiles.empty()) {
            // IdentityFile from the config, then ~/.ssh/id_*; passphrases via the callback.
            authRc = ssh_userauth_publickey_auto(s, nullptr, nullptr);
            if (authRc == SSH_AUTH_SUCCESS)
                method = "publickey";
            else if (authRc == SSH_AUTH_ERROR)
                return sshErrorFrom(
                    SshStage::Auth, authRc, impl->error(), "authenticating to " + where);
        }
        for (const std::string &file : auth.identityFiles) {
            if (!method.empty())
                break;
            ssh_key priv = nullptr;
            int irc = ssh_pki_import_privkey_file(
                file.c_str(), nullptr, passphraseCallback, &impl->prompt, &priv);
            if (irc != SSH_OK || !priv) {
                if (::access(file.c_str(), R_OK) != 0)
                    return makeError("ssh-key-unreadable",
                                     "cannot read key file " + file + ": " + std::strerror(errno));
                lastMessage = "key " + file + " could not be loaded (wrong passphrase?)";
                continue;
            }
            authRc = ssh_userauth_publickey(s, nullptr, priv);
            ssh_key_free(priv);
            if (authRc == SSH_AUTH_SUCCESS)
                method = "publickey";
            else if (authRc == SSH_AUTH_ERROR)
                return sshErrorFrom(
                    SshStage::Auth, authRc, impl->error(), "authenticating to " + where);
        }
    }
    if (method.empty() && (methods & SSH_AUTH_METHOD_PASSWORD)) {
        std::optional<std::string> pw = auth.password;
        if (!pw && auth.passwordPrompt)
            pw = auth.passwordPrompt(where + "'s password: ");
        if (pw) {
            authRc = ssh_userauth_password(s, nullptr, pw->c_str());
            if (authRc == SSH_AUTH_SUCCESS)
                method = "password";
            else if (authRc == SSH_AUTH_ERROR)
                return sshErrorFrom(
                    SshStage::Auth, authRc, impl->error(), "authenticating to " + where);
        }
    }
    if (method.empty()) {
        std::string offered;
        if (methods & SSH_AUTH_METHOD_PUBLICKEY)
            offered += "publickey,";
        if (methods & SSH_AUTH_METHOD_PASSWORD)
            offered += "password,";
        if (methods & SSH_AUTH_METHOD_INTERACTIVE)
            offered += "keyboard-interactive,";
        if (!offered.empty())
            offered.pop_back();
        return makeError("ssh-auth-denied",
                         "permission denied for " + where + " (server accepts: "
                             + (offered.empty() ? "nothing we can offer" : offered) + ")"
                             + (lastMessage.empty() ? "" : "; " + lastMessage));
    }

    std::unique_ptr<SshSession> out(new SshSession(std::move(impl)));
    out->m_target = rt;
    out->m_fingerprint = fingerprint;
    out->m_authMethod = method;
    out->m_auth = auth;
    out->m_commandTimeout = options.commandTimeout;
    long csecs = std::max<long>(1, long((options.commandTimeout.count() + 999) / 1000));
    ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &csecs); // for blocking SFTP and close
    return out;
}

Result<ExecResult> SshSession::exec(const std::string &command,
                                    std::string_view input,
                                    std::optional<std::chrono::milliseconds> timeout)
{
    ssh_session s = m_impl->session;
    const auto deadline = Clock::now() + timeout.value_or(m_commandTimeout);
    ssh_channel ch = ssh_channel_new(s);
    if (!ch)
        return sshErrorFrom(SshStage::Channel, SSH_ERROR, m_impl->error(), "opening a channel");
    struct ChannelGuard
    {
        ssh_channel ch;
        ~ChannelGuard()
        {
            if (ssh_channel_is_open(ch))
                ssh_channel_close(ch);
            ssh_channel_free(ch);
        }
    } guard{ch};
    if (ssh_channel_open_session(ch) != SSH_OK)
        return sshErrorFrom(
            SshStage::Channel, SSH_ERROR, m_impl->error(), "opening a session channel");
    if (ssh_channel_request_exec(ch, command.c_str()) != SSH_OK)
        return sshErrorFrom(
            SshStage::Exec, SSH_ERROR, m_impl->error(), "starting a remote command");
    size_t written = 0;
    while (written < input.size()) {
        uint32_t chunk = uint32_t(std::min<size_t>(input.size() - written, 32 * 1024));
        int n = ssh_channel_write(ch, input.data() + written, chunk);
        if (n <= 0)
            return sshErrorFrom(
                SshStage::Exec, SSH_ERROR, m_impl->error(), "writing to a remote command");
        written += size_t(n);
    }
    ssh_channel_send_eof(ch);

    ExecResult r;
    char buf[16 * 1024];
    for (;;) {
        int n0 = ssh_channel_read_nonblocking(ch, buf, sizeof buf, 0);
        if (n0 > 0)
            r.out.append(buf, size_t(n0));
        int n1 = ssh_channel_read_nonblocking(ch, buf, sizeof buf, 1);
        if (n1 > 0)
            r.err.append(buf, size_t(n1));
        if (n0 == SSH_ERROR || n1 == SSH_ERROR)
            return sshErrorFrom(
                SshStage::Exec, SSH_ERROR, m_impl->error(), "reading a remote command's output");
        if (n0 > 0 || n1 > 0)
            continue;
        if (ssh_channel_is_eof(ch) || ssh_channel_is_closed(ch))
            break;
        if (Clock::now() > deadline)
            return makeError("ssh-command-timeout",
                             "the remote command did not finish within "
                                 + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                      timeout.value_or(m_commandTimeout))
                                                      .count())
                                 + " s");
        if (ssh_channel_poll_timeout(ch, 100, 0) == SSH_ERROR)
            return sshErrorFrom(
                SshStage::Exec, SSH_ERROR, m_impl->error(), "waiting for a remote command");
    }
    r.exitCode = ssh_channel_get_exit_status(ch);
    return r;
}

Result<std::string> SshSession::sudoPassword()
{
    if (m_sudoPassword)
        return *m_sudoPassword;
    std::optional<std::string> pw;
    if (m_auth.sudoPasswordPrompt)
        pw = m_auth.sudoPasswordPrompt("[sudo] password for " + m_target.user + "@" + m_target.host
                                       + ": ");
    if (!pw)
        pw = m_auth.password;
    if (!pw)
        return makeError("sudo-password-required",
                         "sudo on " + m_target.host + " needs the password of " + m_target.user);
    m_sudoPassword = pw;
    return *pw;
}

Result<ExecResult> SshSession::execAsRoot(const std::string &script,
                                          std::string_view input,
                                          std::optional<std::chrono::milliseconds> timeout)
{
    const std::string sh = "/bin/sh -c " + shellQuote(script);
    if (isRoot())
        return exec(sh, input, timeout);
    if (m_sudoMode == SudoMode::Unknown) {
        auto probe = exec("sudo -n true", {}, std::chrono::seconds(30));
        if (!probe)
            return probe.error();
        const ExecResult &p = probe.value();
        if (p.exitCode == 0) {
            m_sudoMode = SudoMode::NoPassword;
        } else if (p.exitCode == 127 || contains(p.err, "not found")) {
            return makeError("sudo-missing",
                             m_target.user + "@" + m_target.host
                                 + " is not root and sudo is not installed");
        } else if (contains(p.err, "password is required")) {
            auto pw = sudoPassword();
            if (!pw)
                return pw.error();
            auto check = exec("sudo -k -S -p '' -v", pw.value() + "\n", std::chrono::seconds(30));
            if (!check)
                return check.error();
            if (check->exitCode != 0) {
                m_sudoPassword.reset();
                return makeError("sudo-denied",
                                 "sudo refused " + m_target.user + " on " + m_target.host
                                     + " (wrong password or not"
                                       " allowed)");
            }
            m_sudoMode = SudoMode::Password;
        } else {
            std::string why = p.err;
            while (!why.empty() && (why.back() == '\n' || why.back() == '\r'))
                why.pop_back();
            return makeError("sudo-denied",
                             m_target.user + " may not use sudo on " + m_target.host
                                 + (why.empty() ? "" : ": " + why));
        }
    }
    if (m_sudoMode == SudoMode::NoPassword)
        return exec("sudo -n -- " + sh, input, timeout);
    // -k: always ask, so that the password line is consumed by sudo, never by the script.
    std::string in = *m_sudoPassword + "\n";
    in.append(input);
    return exec("sudo -k -S -p '' -- " + sh, in, timeout);
}

Result<void> SshSession::ensureSftp()
{
    if (m_impl->sftp)
        return {};
    sftp_session sftp = sftp_new(m_impl->session);
    if (!sftp)
        return sshErrorFrom(SshStage::Sftp, SSH_ERROR, m_impl->error(), "starting SFTP");
    if (sftp_init(sftp) != SSH_OK) {
        Error e = sshErrorFrom(SshStage::Sftp,
                               SSH_ERROR,
                               m_impl->error(),
                               "starting SFTP (is the sftp subsystem enabled?)");
        sftp_free(sftp);
        return e;
    }
    m_impl->sftp = sftp;
    return {};
}

Result<uint64_t> SshSession::upload(const std::string &localPath,
                                    const std::string &remotePath,
                                    int mode,
                                    const TransferProgress &progress)
{
    FILE *in = std::fopen(localPath.c_str(), "rb");
    if (!in)
        return makeError("local-file-unreadable",
                         "cannot read " + localPath + ": " + std::strerror(errno));
    struct FileGuard
    {
        FILE *f;
        ~FileGuard() { std::fclose(f); }
    } fguard{in};
    std::fseek(in, 0, SEEK_END);
    const uint64_t total = uint64_t(std::max<long>(0, std::ftell(in)));
    std::fseek(in, 0, SEEK_SET);
    return writeRemote(remotePath, mode, total,
                       [&](char *buf, size_t n) -> Result<size_t> {
                           const size_t got = std::fread(buf, 1, n, in);
                           if (got == 0 && std::ferror(in))
                               return makeError("local-file-unreadable", "cannot read " + localPath);
                           return got;
                       },
                       progress);
}

Result<uint64_t>
SshSession::uploadData(std::string_view data, const std::string &remotePath, int mode)
{
    size_t at = 0;
    return writeRemote(remotePath, mode, data.size(),
                       [&](char *buf, size_t n) -> Result<size_t> {
                           const size_t k = std::min(n, data.size() - at);
                           std::memcpy(buf, data.data() + at, k);
                           at += k;
                           return k;
                       },
                       {});
}

Result<uint64_t> SshSession::writeRemote(const std::string &remotePath, int mode, uint64_t total,
                                         const std::function<Result<size_t>(char *, size_t)> &next,
                                         const TransferProgress &progress)
{
    if (auto r = ensureSftp(); !r)
        return r.error();
    sftp_file f
        = sftp_open(m_impl->sftp, remotePath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode_t(mode));
    if (!f)
        return sftpErrorFrom(sftp_get_error(m_impl->sftp), m_impl->error(), remotePath);
    const auto fail = [&](Error e, bool open) -> Error {
        if (open)
            sftp_close(f);
        sftp_unlink(m_impl->sftp, remotePath.c_str());
        return e;
    };
    uint64_t sent = 0;
    std::vector<char> buf(32 * 1024); // OpenSSH's sftp-server takes up to 256 KiB per write
    if (progress)
        progress(0, total);
    for (;;) {
        const Result<size_t> got = next(buf.data(), buf.size());
        if (!got)
            return fail(got.error(), true);
        const size_t n = *got;
        if (n == 0)
            break;
        for (size_t off = 0; off < n;) {
            const ssize_t w = sftp_write(f, buf.data() + off, n - off);
            if (w <= 0)
                return fail(sftpErrorFrom(sftp_get_error(m_impl->sftp), m_impl->error(), remotePath), true);
            off += size_t(w);
            sent += uint64_t(w);
            m_bytesUploaded += uint64_t(w);
        }
        if (progress)
            progress(sent, total);
    }
    if (sftp_close(f) != SSH_OK)
        return fail(sftpErrorFrom(sftp_get_error(m_impl->sftp), m_impl->error(), remotePath), false);
    return sent;
}

} // namespace studio
