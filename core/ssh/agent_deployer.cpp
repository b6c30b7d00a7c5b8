// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/agent_deployer.h"

#include "ssh/known_hosts.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

namespace studio {

namespace {

using Clock = std::chrono::steady_clock;

std::string trim(std::string s)
{
    while (!s.empty()
           && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
        s.pop_back();
    size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
        ++i;
    return s.substr(i);
}

std::string lastLines(const std::string &text, int n)
{
    size_t pos = text.size();
    int count = 0;
    while (pos > 0) {
        size_t nl = text.rfind('\n', pos - 1);
        if (nl == std::string::npos) {
            pos = 0;
            break;
        }
        if (nl + 1 < text.size() && ++count > n) {
            pos = nl + 1;
            break;
        }
        pos = nl;
    }
    return trim(text.substr(pos));
}

std::map<std::string, std::string> keyValues(const std::string &text)
{
    std::map<std::string, std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        size_t eq = line.find('=');
        if (eq != std::string::npos)
            out[line.substr(0, eq)] = trim(line.substr(eq + 1));
    }
    return out;
}

std::string replaceAll(std::string s, const std::string &from, const std::string &to)
{
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
        s.replace(p, from.size(), to);
    return s;
}

// "GET /healthz" answer: status code and body.
bool parseHttp(const std::string &answer, int &status, std::string &body)
{
    if (answer.rfind("HTTP/", 0) != 0)
        return false;
    size_t sp = answer.find(' ');
    if (sp == std::string::npos)
        return false;
    status = std::atoi(answer.c_str() + sp + 1);
    size_t end = answer.find("\r\n\r\n");
    size_t skip = 4;
    if (end == std::string::npos) {
        end = answer.find("\n\n");
        skip = 2;
    }
    body = end == std::string::npos ? std::string() : trim(answer.substr(end + skip));
    return true;
}

// kube-proxy's healthz body: {"lastUpdated": "...", "currentTime": "..."}
std::string jsonString(const std::string &body, const std::string &key)
{
    size_t k = body.find("\"" + key + "\"");
    if (k == std::string::npos)
        return {};
    size_t colon = body.find(':', k);
    size_t open = colon == std::string::npos ? colon : body.find('"', colon);
    size_t close = open == std::string::npos ? open : body.find('"', open + 1);
    if (close == std::string::npos)
        return {};
    return body.substr(open + 1, close - open - 1);
}

Error remoteFailure(const std::string &what, const ExecResult &r)
{
    std::string err = trim(r.err.empty() ? r.out : r.err);
    if (err.find("No space left") != std::string::npos)
        return makeError("remote-disk-full",
                         what + ": no space left on the node (" + lastLines(err, 3) + ")");
    return makeError("remote-command-failed",
                     what + " failed (exit " + std::to_string(r.exitCode) + ")"
                         + (err.empty() ? "" : ": " + lastLines(err, 5)));
}

} // namespace

const char *deployStageName(DeployStage stage)
{
    switch (stage) {
    case DeployStage::Connect:
        return "connect";
    case DeployStage::Check:
        return "check";
    case DeployStage::Upload:
        return "upload";
    case DeployStage::Verify:
        return "verify";
    case DeployStage::Install:
        return "install";
    case DeployStage::Start:
        return "start";
    case DeployStage::Health:
        return "health";
    case DeployStage::Rollback:
        return "rollback";
    case DeployStage::Remove:
        return "remove";
    case DeployStage::Done:
        return "done";
    }
    return "?";
}

Result<AgentBundle> loadAgentBundle(const std::string &dir)
{
    AgentBundle b;
    QDir d(QString::fromStdString(dir));
    if (!d.exists())
        return makeError("bundle-invalid", "agent bundle " + dir + " does not exist");
    b.dir = d.absolutePath().toStdString();
    auto readAll = [&](const char *name, std::string &out) {
        QFile f(d.filePath(QString::fromLatin1(name)));
        if (!f.open(QIODevice::ReadOnly))
            return false;
        out = f.readAll().toStdString();
        return true;
    };
    std::string version, sums;
    if (!readAll("VERSION", version) || trim(version).empty())
        return makeError("bundle-invalid", "agent bundle " + dir + " has no VERSION file");
    b.version = trim(version);
    for (char c : b.version)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'
              || c == '+'))
            return makeError("bundle-invalid",
                             "VERSION \"" + b.version
                                 + "\" has characters other than [A-Za-z0-9._+-]");
    if (!readAll("SHA256SUMS", sums))
        return makeError("bundle-invalid", "agent bundle " + dir + " has no SHA256SUMS file");
    std::istringstream in(sums);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream ls(line);
        std::string hex, name;
        ls >> hex >> name;
        if (!name.empty() && name.front() == '*') // binary-mode marker
            name.erase(0, 1);
        if (name.size() > 7 && name.compare(name.size() - 7, 7, ".tar.gz") == 0) {
            b.sha256 = hex;
            b.tarballName = name;
            break;
        }
    }
    if (b.tarballName.empty() || b.sha256.size() != 64
        || b.tarballName.find('/') != std::string::npos)
        return makeError("bundle-invalid", "SHA256SUMS of " + dir + " names no .tar.gz");
    std::transform(b.sha256.begin(), b.sha256.end(), b.sha256.begin(), [](unsigned char c) {
        return char(std::tolower(c));
    });
    QFile tar(d.filePath(QString::fromStdString(b.tarballName)));
    if (!tar.open(QIODevice::ReadOnly))
        return makeError("bundle-invalid", "cannot read " + tar.fileName().toStdString());
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&tar);
    b.size = uint64_t(tar.size());
    b.tarball = QFileInfo(tar).absoluteFilePath().toStdString();
    if (h.result().toHex().toStdString() != b.sha256)
        return makeError("bundle-checksum-mismatch",
                         b.tarballName + " does not match its SHA256SUMS entry (corrupt bundle)");
    return b;
}

std::string renderAgentKubeconfig(const AgentConnection &c)
{
    std::string out = "apiVersion: v1\nkind: Config\nclusters:\n- name: cluster\n  cluster:\n";
    out += "    server: \"" + c.server + "\"\n";
    if (!c.caPem.empty())
        out += "    certificate-authority-data: "
               + QByteArray::fromStdString(c.caPem).toBase64().toStdString() + "\n";
    if (c.insecureSkipTlsVerify)
        out += "    insecure-skip-tls-verify: true\n";
    out += "users:\n- name: service-agent\n  user:\n    token: \"" + c.token + "\"\n";
    out += "contexts:\n- name: service-agent\n  context:\n    cluster: cluster\n    user: "
           "service-agent\n";
    out += "current-context: service-agent\n";
    return out;
}

AgentDeployer::AgentDeployer(SshSession &session, DeployOptions options)
    : m_session(session)
    , m_options(std::move(options))
{
    while (m_options.prefix.size() > 1 && m_options.prefix.back() == '/')
        m_options.prefix.pop_back();
}

std::string AgentDeployer::q(const std::string &s) const
{
    return shellQuote(s);
}

std::string AgentDeployer::supervisorScript(const std::string &prefix)
{
    // Restarts the agent when it exits, until run/stop exists; TERM stops agent and loop.
    std::string s = R"SH(#!/bin/sh
# service-studio supervisor: keeps service-agent running (no systemd on this node).
P=@P@
echo $$ > "$P/run/supervisor.pid"
child=
trap 'touch "$P/run/stop"; [ -n "$child" ] && kill "$child" 2>/dev/null' TERM INT
while [ ! -f "$P/run/stop" ]; do
  # keep the log bounded: one rotation at 10 MB
  if [ -f "$P/log/agent.log" ] && [ "$(wc -c < "$P/log/agent.log")" -gt 10485760 ]; then
    mv -f "$P/log/agent.log" "$P/log/agent.log.1"
  fi
  "$P/etc/run-agent" >>"$P/log/agent.log" 2>&1 &
  child=$!
  echo "$child" > "$P/run/agent.pid"
  wait "$child"
  [ -f "$P/run/stop" ] && break
  echo "$(date -u +%FT%TZ) supervisor: service-agent exited, restarting in 1 s" >>"$P/log/agent.log"
  sleep 1
done
rm -f "$P/run/agent.pid" "$P/run/supervisor.pid"
)SH";
    return replaceAll(s, "@P@", shellQuote(prefix));
}

std::string AgentDeployer::systemdUnit(const DeployOptions &o)
{
    return "[Unit]\n"
           "Description=Service Studio node agent (service-agent)\n"
           "After=network-online.target\n"
           "Wants=network-online.target\n\n"
           "[Service]\n"
           "ExecStart="
           + o.prefix
           + "/etc/run-agent\n"
             "Restart=always\n"
             "RestartSec=2\n\n"
             "[Install]\n"
             "WantedBy=multi-user.target\n";
}

std::string AgentDeployer::runAgentScript(const std::string &hostname) const
{
    const std::string &P = m_options.prefix;
    std::string s = "#!/bin/sh\n# service-studio: how service-agent is started on this node.\n"
                    "SERVICE_STUDIO_PREFIX="
                    + q(P) + "\nexport SERVICE_STUDIO_PREFIX\nexec "
                    + q(P + "/current/bin/service-agent") + " --kubeconfig "
                    + q(P + "/etc/kubeconfig") + " --healthz-bind-address "
                    + q("127.0.0.1:" + std::to_string(m_options.healthzPort)) + " --proxy-mode "
                    + q(m_options.proxyMode);
    if (!hostname.empty())
        s += " --hostname-override " + q(hostname);
    for (const std::string &a : m_options.extraArgs)
        s += " " + q(a);
    return s + "\n";
}

std::string AgentDeployer::controlScript(const DeployOptions &o)
{
    std::string s = R"SH(
# service-studio agentctl: start|stop|status|health|portcheck|logs|cleanup|remove
P=@P@
UNIT=@UNIT@
PORT=@PORT@
mode() { cat "$P/etc/mode" 2>/dev/null || echo supervised; }
# A pid from our files is only ours when its command line names the prefix (pids get reused).
# The agent's command line may not (an interpreter), so run-agent exports a marker too.
ours() {
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 1
  tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF "$P/" && return 0
  tr '\0' '\n' < "/proc/$1/environ" 2>/dev/null | grep -qxF "SERVICE_STUDIO_PREFIX=$P"
}
http_get() {
  if command -v bash >/dev/null 2>&1; then
    timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/'"$PORT"' && printf "GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3 && cat <&3' 2>/dev/null
  elif command -v curl >/dev/null 2>&1; then
    curl -s -i --max-time 5 "http://127.0.0.1:$PORT/healthz"
  else
    return 2
  fi
}
port_open() {
  if command -v bash >/dev/null 2>&1; then
    timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/'"$PORT" 2>/dev/null
  else
    curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/" 2>/dev/null; [ $? -ne 7 ]
  fi
}
running() {
  if [ "$(mode)" = systemd ]; then systemctl is-active --quiet "$UNIT.service"; return; fi
  ours "$(cat "$P/run/agent.pid" 2>/dev/null)"
}
start() {
  [ -e "$P/current" ] || { echo "not installed" >&2; return 1; }
  if [ "$(mode)" = systemd ]; then
    cp "$P/etc/unit" "/etc/systemd/system/$UNIT.service" && systemctl daemon-reload &&
      systemctl enable --quiet "$UNIT.service" && systemctl restart "$UNIT.service"
    return
  fi
  ours "$(cat "$P/run/supervisor.pid" 2>/dev/null)" && return 0
  mkdir -p "$P/run" "$P/log"; rm -f "$P/run/stop" "$P/run/supervisor.pid"
  nohup setsid /bin/sh "$P/etc/supervise" </dev/null >/dev/null 2>&1 &
  i=0; while [ ! -s "$P/run/supervisor.pid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
  [ -s "$P/run/supervisor.pid" ]
}
stop() {
  if [ "$(mode)" = systemd ]; then
    systemctl stop "$UNIT.service" 2>/dev/null; return 0
  fi
  [ -d "$P/run" ] || return 0
  touch "$P/run/stop"
  sp=$(cat "$P/run/supervisor.pid" 2>/dev/null); ap=$(cat "$P/run/agent.pid" 2>/dev/null)
  ours "$sp" || sp=; ours "$ap" || ap=
  [ -n "$sp" ] && kill "$sp" 2>/dev/null
  [ -n "$ap" ] && kill "$ap" 2>/dev/null
  i=0
  while { { [ -n "$sp" ] && kill -0 "$sp" 2>/dev/null; } || { [ -n "$ap" ] && kill -0 "$ap" 2>/dev/null; }; } && [ $i -lt 100 ]; do
    sleep 0.1; i=$((i+1))
  done
  [ -n "$ap" ] && kill -9 "$ap" 2>/dev/null
  [ -n "$sp" ] && kill -9 "$sp" 2>/dev/null
  rm -f "$P/run/supervisor.pid" "$P/run/agent.pid"
  return 0
}
status() {
  echo "prefix=$P"
  if [ -e "$P/current" ]; then echo installed=yes; else echo installed=no; fi
  echo "mode=$(mode)"
  r=$(readlink "$P/current" 2>/dev/null); echo "release=${r##*/}"
  echo "version=$(cat "$P/current/VERSION" 2>/dev/null)"
  echo "proxy_mode=$(cat "$P/etc/proxy-mode" 2>/dev/null)"
  if running; then echo running=yes; else echo running=no; fi
}
logs() {
  if [ "$(mode)" = systemd ]; then journalctl -u "$UNIT.service" -n "$1" --no-pager 2>&1; return 0; fi
  tail -n "$1" "$P/log/agent.log" 2>/dev/null; return 0
}
unitfile_remove() {
  if [ -f "/etc/systemd/system/$UNIT.service" ] && command -v systemctl >/dev/null 2>&1; then
    systemctl disable --quiet "$UNIT.service" 2>/dev/null
    rm -f "/etc/systemd/system/$UNIT.service"; systemctl daemon-reload 2>/dev/null
  fi
  return 0
}
# Status, then (when running) the /healthz answer after a separator line.
report() {
  status
  if running; then echo "--- healthz"; http_get; fi
  return 0
}
# Polls /healthz on the node itself (one SSH round trip for the whole wait).
waithealthy() {
  end=$(( $(date +%s) + $1 ))
  while :; do
    out=$(http_get)
    case "$out" in "HTTP/"*" 200"*) printf '%s\n' "$out"; return 0 ;; esac
    if [ "$(date +%s)" -ge "$end" ]; then printf '%s\n' "$out"; return 1; fi
    sleep 0.3
  done
}
agentctl_main() {
  cmd=$1; shift
  case "$cmd" in
    startnew) if port_open; then echo port-in-use; return 5; fi; start ;;
    report) report ;;
    waithealthy) waithealthy "${1:-30}" ;;
    start) start ;; stop) stop ;; restart) stop; start ;;
    status) status ;; health) http_get ;;
    portcheck) if port_open; then echo open; else echo closed; fi ;;
    logs) logs "${1:-200}" ;;
    running) running ;;
    *) echo "usage: agentctl start|stop|restart|status|health|portcheck|logs [N]" >&2; return 2 ;;
  esac
}
)SH";
    s = replaceAll(s, "@P@", shellQuote(o.prefix));
    s = replaceAll(s, "@UNIT@", shellQuote(o.unitName));
    return replaceAll(s, "@PORT@", std::to_string(o.healthzPort));
}

Result<ExecResult> AgentDeployer::rootScript(const std::string &script, const std::string &what)
{
    auto r = m_session.execAsRoot(script);
    if (!r)
        return r.error();
    if (r->exitCode != 0)
        return remoteFailure(what, r.value());
    return r;
}

Result<ExecResult> AgentDeployer::control(const std::string &command, std::string_view input)
{
    return m_session.execAsRoot(controlScript(m_options) + "\nagentctl_main " + command + "\n",
                                input);
}

namespace {
AgentStatus parseReport(const std::string &out)
{
    const size_t sep = out.find("--- healthz\n");
    auto kv = keyValues(out.substr(0, sep));
    AgentStatus s;
    s.prefix = kv["prefix"];
    s.installed = kv["installed"] == "yes";
    s.mode = kv["mode"];
    s.release = kv["release"];
    s.version = kv["version"];
    s.proxyMode = kv["proxy_mode"];
    s.running = kv["running"] == "yes";
    int code = 0;
    std::string body;
    if (sep != std::string::npos && parseHttp(out.substr(sep + 12), code, body)) {
        s.healthy = code == 200;
        s.healthz = body;
        s.lastSync = jsonString(body, "lastUpdated");
    }
    return s;
}
} // namespace

Result<AgentStatus> AgentDeployer::status()
{
    auto r = control("report");
    if (!r)
        return r.error();
    return parseReport(r->out);
}

Result<void> AgentDeployer::restart()
{
    auto r = control("restart");
    if (!r)
        return r.error();
    if (r->exitCode != 0)
        return remoteFailure("restarting the agent", r.value());
    return {};
}

Result<std::string> AgentDeployer::logs(int lines)
{
    auto r = control("logs " + std::to_string(std::max(1, lines)));
    if (!r)
        return r.error();
    return r->out;
}

Result<AgentStatus> AgentDeployer::install(const AgentBundle &bundle,
                                           const DeployProgressFn &progress)
{
    auto report = [&](DeployStage st, int pct, std::string detail = {}) {
        if (progress)
            progress({st, pct, std::move(detail)});
    };
    const std::string &P = m_options.prefix;
    if (P.empty() || P.front() != '/' || P == "/")
        return makeError("bundle-invalid",
                         "the install prefix must be an absolute directory, not \"" + P + "\"");

    // ---- check the node ----
    report(DeployStage::Check, 2, "checking the node");
    std::string pre = R"SH(
if [ -d /run/systemd/system ]; then echo systemd=yes; else echo systemd=no; fi
if [ -e "$P" ]; then echo prefix_exists=yes; else echo prefix_exists=no; fi
r=$(readlink "$P/current" 2>/dev/null); echo "current=${r##*/}"
d="$P"; while [ ! -d "$d" ]; do d=$(dirname "$d"); done
echo "prefix_free_kb=$(df -Pk "$d" | awk 'NR==2 {print $4}')"
echo "tmp_free_kb=$(df -Pk "$T" | awk 'NR==2 {print $4}')"
echo "hostname=$(hostname)"
for t in tar gzip sha256sum; do command -v $t >/dev/null 2>&1 || echo "missing=$t"; done
)SH";
    pre = "P=" + q(P) + "\nT=" + q(m_options.remoteTmp) + "\n" + pre + controlScript(m_options)
          + "\nif agentctl_main running; then echo running=yes; else echo running=no; fi\n";
    auto checked = rootScript(pre, "checking the node");
    if (!checked)
        return checked.error();
    auto node = keyValues(checked->out);
    if (!node["missing"].empty())
        return makeError("remote-command-failed", "the node lacks " + node["missing"]);
    const bool systemd
        = m_options.serviceMode == ServiceMode::Systemd
          || (m_options.serviceMode == ServiceMode::Auto && node["systemd"] == "yes");
    const bool prefixExisted = node["prefix_exists"] == "yes";
    const std::string previous = node["current"];
    const bool previousRunning = node["running"] == "yes";
    const uint64_t needKb = bundle.size * 4 / 1024 + 1024; // tarball + extracted + slack
    if (std::stoull("0" + node["tmp_free_kb"]) < needKb / 2
        || std::stoull("0" + node["prefix_free_kb"]) < needKb)
        return makeError("remote-disk-full",
                         "not enough free space on " + m_session.target().host + " (need about "
                             + std::to_string(needKb / 1024) + " MB in " + m_options.remoteTmp
                             + " and " + P + ")");
    const std::string hostname
        = m_options.hostnameOverride.empty() ? node["hostname"] : m_options.hostnameOverride;
    const std::string release = bundle.version + "-" + bundle.sha256.substr(0, 12);

    // ---- upload (as the login user, into a private temp dir) ----
    auto tmpDir
        = m_session.exec("mktemp -d " + q(m_options.remoteTmp + "/service-studio.XXXXXXXX"));
    if (!tmpDir)
        return tmpDir.error();
    if (tmpDir->exitCode != 0)
        return remoteFailure("creating a temporary directory", tmpDir.value());
    const std::string T = trim(tmpDir->out);
    auto removeTmp = [&] { (void)m_session.execAsRoot("rm -rf " + q(T)); };

    report(DeployStage::Upload, 5, bundle.tarballName);
    auto up = m_session.upload(
        bundle.tarball, T + "/" + bundle.tarballName, 0600, [&](uint64_t done, uint64_t total) {
            report(DeployStage::Upload,
                   5 + int(total ? 55 * done / total : 55),
                   std::to_string(done) + "/" + std::to_string(total) + " bytes");
        });
    if (!up) {
        removeTmp();
        return up.error();
    }
    const std::string sums = bundle.sha256 + "  " + bundle.tarballName + "\n";
    std::vector<std::pair<std::string, std::string>> files = {
        {"SHA256SUMS", sums},
        {"VERSION", bundle.version + "\n"},
        {"run-agent", runAgentScript(hostname)},
        {"supervise", supervisorScript(P)},
        {"agentctl", "#!/bin/sh\n" + controlScript(m_options) + "\nagentctl_main \"$@\"\n"},
        {"unit", systemdUnit(m_options)},
        {"mode", systemd ? "systemd\n" : "supervised\n"},
        {"proxy-mode", m_options.proxyMode + "\n"},
    };
    if (m_options.connection)
        files.push_back({"kubeconfig", renderAgentKubeconfig(*m_options.connection)});
    for (const auto &[name, data] : files) {
        auto w = m_session.uploadData(data, T + "/" + name, 0600);
        if (!w) {
            removeTmp();
            return w.error();
        }
    }

    // ---- verify on the node (with the staging below: one round trip) ----
    report(DeployStage::Verify, 62, "sha256sum -c");
    // ---- stage the release (nothing running is touched yet) ----
    report(DeployStage::Install, 66, "unpacking " + release);
    const std::string vars = "P=" + q(P) + "\nT=" + q(T) + "\nR=" + q(release)
                             + "\nTAR=" + q(bundle.tarballName) + "\n";
    std::string stage = vars + R"SH(
if ! (cd "$T" && sha256sum -c SHA256SUMS) >"$T/sum.out" 2>&1; then cat "$T/sum.out" >&2; exit 4; fi
S="$P/releases/.staging"
mkdir -p "$P/releases" && rm -rf "$S" && mkdir "$S" || exit 1
if ! tar -xzf "$T/$TAR" -C "$S" 2>"$T/tar.err"; then cat "$T/tar.err" >&2; rm -rf "$S"; exit 1; fi
if [ ! -x "$S/bin/service-agent" ]; then echo "the bundle has no executable bin/service-agent" >&2; rm -rf "$S"; exit 1; fi
cp "$T/VERSION" "$S/VERSION" || exit 1
if [ -e "$P/releases/$R" ]; then rm -rf "$S"; echo release_existed=yes; else mv "$S" "$P/releases/$R"; echo release_existed=no; fi
)SH";
    auto staged = m_session.execAsRoot(stage);
    if (staged && staged->exitCode == 4) {
        removeTmp();
        return makeError("bundle-checksum-mismatch",
                         "the uploaded " + bundle.tarballName + " does not match its checksum on "
                             + m_session.target().host + ": " + trim(staged->err));
    }
    if (staged && staged->exitCode != 0)
        staged = remoteFailure("unpacking the bundle", staged.value());
    if (!staged) {
        // Nothing switched yet: remove what we created.
        (void)m_session.execAsRoot(prefixExisted ? "rm -rf " + q(P + "/releases/.staging")
                                                 : "rm -rf " + q(P));
        removeTmp();
        return staged.error();
    }
    const bool releaseExisted = keyValues(staged->out)["release_existed"] == "yes";

    // Rollback: back to exactly what was there (or nothing). Runs as root, best effort.
    auto rollback = [&](const Error &why) -> Result<AgentStatus> {
        report(DeployStage::Rollback,
               95,
               previous.empty() ? "removing the failed install" : "restoring " + previous);
        std::string rb
            = vars + "PREV=" + q(previous) + "\nREL_EXISTED=" + (releaseExisted ? "yes" : "no")
              + "\nPREFIX_EXISTED=" + (prefixExisted ? "yes" : "no") + "\nWAS_RUNNING="
              + (previousRunning ? "yes" : "no") + "\n" + controlScript(m_options) + R"SH(
agentctl_main stop
if [ -n "$PREV" ] && [ -d "$P/releases/$PREV" ]; then
  if [ -d "$P/etc.prev" ]; then rm -rf "$P/etc"; mv "$P/etc.prev" "$P/etc"; fi
  ln -sfn "releases/$PREV" "$P/current.tmp" && mv -T "$P/current.tmp" "$P/current"
  [ "$REL_EXISTED" = no ] && [ "$R" != "$PREV" ] && rm -rf "$P/releases/$R"
  if [ "$(mode)" = systemd ] && [ -f "$P/etc/unit" ]; then cp "$P/etc/unit" "/etc/systemd/system/$UNIT.service"; systemctl daemon-reload 2>/dev/null; fi
  if [ "$WAS_RUNNING" = yes ]; then agentctl_main start; fi
else
  unitfile_remove
  if [ "$PREFIX_EXISTED" = yes ]; then
    rm -rf "$P/releases" "$P/current" "$P/current.tmp" "$P/etc" "$P/etc.prev" "$P/run" "$P/log"
  else
    rm -rf "$P"
  fi
fi
rm -rf "$T"
)SH";
        auto r = m_session.execAsRoot(rb);
        Error e = why;
        if (!r || r->exitCode != 0)
            e.message += " (rollback incomplete: " + (r ? trim(r->err) : r.error().message) + ")";
        else
            e.message += previous.empty() ? " (the failed install was removed)"
                                          : " (rolled back to " + previous + ")";
        return e;
    };

    // ---- switch: stop the old agent, new configuration, new release ----
    report(DeployStage::Install, 72, "switching to " + release);
    std::string sw = vars + "HAVE_KUBECONFIG=" + (m_options.connection ? "yes" : "no") + "\n"
                     + controlScript(m_options) + R"SH(
fail() { echo "$*" >&2; exit 1; }
agentctl_main stop
mkdir -p "$P/etc" "$P/run" "$P/log" || fail "cannot create $P/etc"
rm -rf "$P/etc.prev"
if [ -e "$P/current" ]; then cp -a "$P/etc" "$P/etc.prev" || fail "cannot back up $P/etc"; fi
if [ "$HAVE_KUBECONFIG" = yes ]; then
  install -m 0600 "$T/kubeconfig" "$P/etc/kubeconfig.new" && mv -f "$P/etc/kubeconfig.new" "$P/etc/kubeconfig" ||
    fail "cannot write $P/etc/kubeconfig"
elif [ ! -f "$P/etc/kubeconfig" ]; then
  fail "no kubeconfig for the agent: give the apiserver connection for a first install"
fi
for f in run-agent supervise agentctl; do install -m 0755 "$T/$f" "$P/etc/$f" || fail "cannot write $P/etc/$f"; done
for f in unit mode proxy-mode; do install -m 0644 "$T/$f" "$P/etc/$f" || fail "cannot write $P/etc/$f"; done
chmod 0700 "$P/etc"
ln -sfn "releases/$R" "$P/current.tmp" && mv -T "$P/current.tmp" "$P/current" || fail "cannot switch $P/current"
)SH";
    auto switched = rootScript(sw, "installing " + release);
    if (!switched)
        return rollback(switched.error());

    // ---- start ----
    report(DeployStage::Start,
           78,
           systemd ? "systemd unit " + m_options.unitName : "supervised process");
    auto started = control("startnew");
    if (!started)
        return rollback(started.error());
    if (started->exitCode == 5)
        return rollback(makeError("port-in-use",
                                  "port 127.0.0.1:" + std::to_string(m_options.healthzPort) + " on "
                                      + m_session.target().host
                                      + " is already in use by another program"));
    if (started->exitCode != 0)
        return rollback(remoteFailure("starting the agent", started.value()));

    // ---- health (polled on the node) ----
    report(DeployStage::Health, 82, "waiting for /healthz");
    const auto waitSecs = std::max<long long>(1, (m_options.healthTimeout.count() + 999) / 1000);
    auto h = m_session.execAsRoot(controlScript(m_options) + "\nagentctl_main waithealthy "
                                      + std::to_string(waitSecs) + "\n",
                                  {},
                                  m_options.healthTimeout + std::chrono::seconds(30));
    if (!h)
        return rollback(h.error());
    if (h->exitCode != 0) {
        int code = 0;
        std::string body, lastAnswer;
        if (parseHttp(h->out, code, body))
            lastAnswer = "HTTP " + std::to_string(code) + (body.empty() ? "" : ": " + body);
        auto log = logs(10);
        std::string tail = log ? lastLines(log.value(), 10) : std::string();
        return rollback(
            makeError("agent-unhealthy",
                      "service-agent " + bundle.version + " on " + m_session.target().host
                          + " did not answer /healthz with 200 within " + std::to_string(waitSecs)
                          + " s (" + (lastAnswer.empty() ? "no answer" : lastAnswer) + ")"
                          + (tail.empty() ? "" : "; last log lines: " + tail)));
    }

    // ---- done: keep the previous release for a manual rollback, drop older ones ----
    std::string fin = vars + "PREV=" + q(previous) + R"SH(
for d in "$P"/releases/*; do
  n=${d##*/}
  [ "$n" = "$R" ] || [ "$n" = "$PREV" ] || [ "$n" = '*' ] || rm -rf "$d"
done
rm -rf "$T"
agentctl_main report
)SH";
    auto done = m_session.execAsRoot(controlScript(m_options) + fin);
    if (!done)
        return done.error();
    report(DeployStage::Done, 100, "healthy");
    return parseReport(done->out);
}

Result<void> AgentDeployer::uninstall(const DeployProgressFn &progress)
{
    auto report = [&](DeployStage st, int pct, std::string detail = {}) {
        if (progress)
            progress({st, pct, std::move(detail)});
    };
    report(DeployStage::Remove, 10, "stopping the agent");
    std::string script = controlScript(m_options) + R"SH(
if [ ! -e "$P" ]; then echo absent=yes; exit 0; fi
agentctl_main stop
if [ -x "$P/current/bin/service-agent" ]; then
  pm=$(cat "$P/etc/proxy-mode" 2>/dev/null)
  if ! "$P/current/bin/service-agent" --cleanup ${pm:+--proxy-mode "$pm"} >>"$P/log/agent.log" 2>&1; then
    echo "service-agent --cleanup failed:" >&2; tail -n 5 "$P/log/agent.log" >&2
    agentctl_main start
    exit 3
  fi
fi
unitfile_remove
rm -rf "$P/releases" "$P/current" "$P/current.tmp" "$P/etc" "$P/etc.prev" "$P/run" "$P/log"
rmdir "$P" 2>/dev/null || true
echo removed=yes
)SH";
    auto r = m_session.execAsRoot(script);
    if (!r)
        return r.error();
    if (r->exitCode == 3)
        return makeError("agent-cleanup-failed",
                         "on " + m_session.target().host + ": " + trim(r->err)
                             + " (nothing was removed; the agent was restarted)");
    if (r->exitCode != 0)
        return remoteFailure("removing the agent", r.value());
    report(DeployStage::Done,
           100,
           keyValues(r->out)["absent"] == "yes" ? "was not installed" : "removed");
    return {};
}

std::vector<HostDeployResult> deployToHosts(const ParallelDeployRequest &request,
                                            const HostProgressFn &progress)
{
    std::vector<HostDeployResult> results(request.targets.size());
    for (size_t i = 0; i < results.size(); ++i)
        results[i].target = request.targets[i];

    // Prompts and known_hosts writes are serialized: one question at a time, one writer.
    std::mutex promptMutex;
    SshOptions ssh = request.ssh;
    ssh.recordAcceptedKeys = false;
    if (request.ssh.confirmUnknownHost) {
        ssh.confirmUnknownHost = [&](const UnknownHostKey &key) {
            std::lock_guard lock(promptMutex);
            // Another worker may have recorded this host meanwhile (same host twice).
            if (!request.ssh.confirmUnknownHost(key))
                return false;
            if (request.ssh.recordAcceptedKeys)
                (void)appendKnownHostsLine(key.knownHostsFile, key.knownHostsLine);
            return true;
        };
    }
    SshAuth auth = request.auth;
    auto serialize
        = [&](auto fn) -> std::function<std::optional<std::string>(const std::string &)> {
        if (!fn)
            return {};
        return [&promptMutex, fn](const std::string &prompt) {
            std::lock_guard lock(promptMutex);
            return fn(prompt);
        };
    };
    auth.passphrase = serialize(request.auth.passphrase);
    auth.passwordPrompt = serialize(request.auth.passwordPrompt);
    auth.sudoPasswordPrompt = serialize(request.auth.sudoPasswordPrompt);

    std::atomic<size_t> next{0};
    auto worker = [&] {
        for (;;) {
            const size_t i = next.fetch_add(1);
            if (i >= results.size())
                return;
            HostDeployResult &out = results[i];
            if (request.cancel && request.cancel->load())
                continue; // stays "deploy-cancelled"
            const auto t0 = Clock::now();
            auto note = [&](const DeployProgress &p) {
                if (progress)
                    progress(i, out.target, p);
            };
            note({DeployStage::Connect, 0, out.target.toString()});
            auto session = SshSession::connect(out.target, ssh, auth);
            if (!session) {
                out.result = session.error();
            } else {
                const DeployOptions options = request.deployFor
                                                  ? request.deployFor(i, out.target)
                                                  : request.deploy;
                AgentDeployer d(*session.value(), options);
                switch (request.action) {
                case DeployAction::Install:
                    out.result
                        = request.bundle
                              ? d.install(*request.bundle, note)
                              : Result<AgentStatus>(makeError("bundle-invalid", "no bundle given"));
                    break;
                case DeployAction::Uninstall: {
                    auto r = d.uninstall(note);
                    if (r) {
                        AgentStatus s;
                        s.prefix = options.prefix; // this host's (deployFor)
                        out.result = s;
                    } else {
                        out.result = r.error();
                    }
                    break;
                }
                case DeployAction::Restart: {
                    auto r = d.restart();
                    out.result = r ? d.status() : Result<AgentStatus>(r.error());
                    break;
                }
                case DeployAction::Status:
                    out.result = d.status();
                    break;
                }
                out.bytesUploaded = session.value()->bytesUploaded();
            }
            out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
            if (!out.result)
                note({DeployStage::Done, 100, "failed: " + out.result.error().message});
        }
    };
    const size_t n = std::clamp<size_t>(
        size_t(std::max(1, request.parallel)), 1, std::max<size_t>(1, results.size()));
    std::vector<std::thread> threads;
    for (size_t t = 0; t < n; ++t)
        threads.emplace_back(worker);
    for (std::thread &t : threads)
        t.join();
    return results;
}

} // namespace studio
