// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh_test_nodes.h"

#include <arpa/inet.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace studio::e2e {

int sh(const std::string &command, std::string *out)
{
    FILE *p = popen(command.c_str(), "r");
    if (!p)
        return -1;
    std::string o;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        o.append(buf, n);
    int st = pclose(p);
    if (out)
        *out = o;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

std::string readFile(const std::string &path)
{
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

bool writeFile(const std::string &path, const std::string &data, int mode)
{
    {
        std::ofstream f(path, std::ios::binary | std::ios::trunc);
        if (!f)
            return false;
        f << data;
        if (!f)
            return false;
    }
    return ::chmod(path.c_str(), mode_t(mode)) == 0;
}

namespace {

std::string q(const std::string &s)
{
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

bool fail(std::string *error, const std::string &what)
{
    if (error)
        *error = what;
    return false;
}

bool waitForPort(const std::string &addr, int port, int ms)
{
    for (int waited = 0; waited < ms; waited += 50) {
        int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(uint16_t(port));
        ::inet_pton(AF_INET, addr.c_str(), &sa.sin_addr);
        bool ok = ::connect(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa) == 0;
        ::close(fd);
        if (ok)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

} // namespace

TestNodes::TestNodes()
{
    const char *w = std::getenv("SSH_E2E_WORKDIR");
    const char *p = std::getenv("SSH_E2E_NS_PREFIX");
    m_prefix = p && *p ? p : "sse2e" + std::to_string(getpid()) + "-";
    if (w && *w) {
        m_work = w;
    } else {
        char tmpl[] = "/tmp/ssh-e2e.XXXXXX";
        m_work = ::mkdtemp(tmpl) ? tmpl : "/tmp/ssh-e2e";
        m_ownWork = true;
    }
}

TestNodes::~TestNodes()
{
    stopAll();
    if (m_ownWork)
        sh("rm -rf " + q(m_work));
}

bool TestNodes::available(std::string *why)
{
    if (::geteuid() != 0)
        return fail(why, "needs root (network namespaces)");
    if (!std::getenv("SSH_E2E_NS_PREFIX"))
        return fail(why, "run through run_in_netns.sh (inside the test client namespace)");
    if (::access("/usr/sbin/sshd", X_OK) != 0)
        return fail(why, "/usr/sbin/sshd is not installed (openssh-server)");
    return true;
}

bool TestNodes::start(int count, std::string *error)
{
    const std::string client = m_work + "/client";
    if (sh("mkdir -p " + q(client) + " && cd " + q(client)
           + " && ssh-keygen -q -t ed25519 -N '' -f id_ed25519 && ssh-keygen -q -t ed25519 -N '' "
             "-f wrong_ed25519"
             " && ssh-keygen -q -t ed25519 -N secret -f enc_ed25519")
        != 0)
        return fail(error, "ssh-keygen failed for the client keys");
    std::string hash;
    if (sh("openssl passwd -6 " + q(password()), &hash) != 0 || hash.size() < 10)
        return fail(error, "openssl passwd failed");
    while (!hash.empty() && hash.back() == '\n')
        hash.pop_back();
    // The host's shadow with only root's password replaced: bind-mounted for sshd alone.
    std::string shadow = readFile("/etc/shadow"), patched;
    std::istringstream in(shadow);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("root:", 0) == 0) {
            size_t second = line.find(':', 5);
            line = "root:" + hash + (second == std::string::npos ? "::::::" : line.substr(second));
        }
        patched += line + "\n";
    }
    // A non-root login user for the sudo tests, visible to sshd alone like the shadow file.
    patched += std::string(nonRootUser()) + ":" + hash + ":20000:0:99999:7:::\n";
    if (!writeFile(client + "/shadow", patched, 0640))
        return fail(error, "cannot write the test shadow file");
    if (!writeFile(client + "/passwd",
                   readFile("/etc/passwd") + nonRootUser() + ":x:4242:65534::/tmp:/bin/sh\n",
                   0644))
        return fail(error, "cannot write the test passwd file");
    // A stand-in for sudo (Debian's sudo is not installed here) that speaks its protocol:
    // -n fails with "a password is required" unless <node dir>/sudo-nopasswd exists; -S reads
    // the password line from stdin (byte by byte, leaving the rest to the command); -v only
    // validates. It does not change the user.
    const std::string fakeSudo = R"SH(#!/bin/sh
nonint=no; fromstdin=no; validate=no
while [ $# -gt 0 ]; do
  case "$1" in
    -n) nonint=yes ;; -S) fromstdin=yes ;; -v) validate=yes ;; -k) ;;
    -p) shift ;; --) shift; break ;; -*) ;; *) break ;;
  esac
  shift
done
if [ ! -f "$SUDO_FLAG_DIR/sudo-nopasswd" ]; then
  if [ "$nonint" = yes ]; then echo "sudo: a password is required" >&2; exit 1; fi
  [ "$fromstdin" = yes ] || { echo "sudo: a terminal is required" >&2; exit 1; }
  IFS= read -r pw || pw=
  if [ "$pw" != "e2e-pass" ]; then echo "Sorry, try again." >&2; echo "sudo: 1 incorrect password attempt" >&2; exit 1; fi
fi
[ "$validate" = yes ] && exit 0
echo "fake-sudo ran: $*" >> "$SUDO_FLAG_DIR/sudo.log"
exec "$@"
)SH";
    if (!writeFile(client + "/sudo", fakeSudo, 0755))
        return fail(error, "cannot write the sudo stand-in");
    ::chmod(m_work.c_str(), 0711); // the non-root user reads authorized_keys below it
    const std::string authorized
        = readFile(client + "/id_ed25519.pub") + readFile(client + "/enc_ed25519.pub");

    for (int i = 1; i <= count; ++i) {
        TestNode n;
        n.index = i;
        n.ns = m_prefix + "n" + std::to_string(i);
        n.addr = "10.199." + std::to_string(i) + ".2";
        n.dir = m_work + "/node" + std::to_string(i);
        n.hostKeyPub = n.dir + "/ssh_host_ed25519_key.pub";
        // The namespace and its veth to the client namespace exist already (run_in_netns.sh).
        if (sh("ip netns list | grep -q '^" + n.ns + "\\b'") != 0)
            return fail(error,
                        "namespace " + n.ns + " missing: give run_in_netns.sh --nodes "
                            + std::to_string(count) + " or more");
        if (sh("mkdir -p " + q(n.dir) + " && ssh-keygen -q -t ed25519 -N '' -f "
               + q(n.dir + "/ssh_host_ed25519_key"))
            != 0)
            return fail(error, "ssh-keygen failed for " + n.ns);
        if (!writeFile(n.dir + "/authorized_keys", authorized, 0644))
            return fail(error, "cannot write authorized_keys");
        const std::string config = "Port 22\n"
                                   "ListenAddress "
                                   + n.addr
                                   + "\n"
                                     "HostKey "
                                   + n.dir
                                   + "/ssh_host_ed25519_key\n"
                                     "PidFile "
                                   + n.dir
                                   + "/sshd.pid\n"
                                     "AuthorizedKeysFile "
                                   + n.dir
                                   + "/authorized_keys\n"
                                     "PermitRootLogin yes\n"
                                     "PubkeyAuthentication yes\n"
                                     "PasswordAuthentication yes\n"
                                     "KbdInteractiveAuthentication no\n"
                                     "UsePAM no\n"
                                     "StrictModes no\n"
                                     "MaxStartups 100\n"
                                     "MaxSessions 100\n"
                                     "Subsystem sftp internal-sftp\n"
                                     "SetEnv SUDO_FLAG_DIR="
                                   + n.dir
                                   + "\n"
                                     "LogLevel VERBOSE\n";
        if (!writeFile(n.dir + "/sshd_config", config, 0600))
            return fail(error, "cannot write sshd_config");
        m_nodes.push_back(n);
        if (!startSshd(m_nodes.back(), error))
            return false;
    }
    return true;
}

bool TestNodes::startSshd(TestNode &n, std::string *error)
{
    const std::string shadow = m_work + "/client/shadow";
    // exec all the way down: the pid we fork is sshd's.
    const std::string client = m_work + "/client";
    const std::string inner
        = "mount -t tmpfs -o mode=0755 tmpfs /run && mkdir -p /run/sshd && mount --bind "
          + q(shadow) + " /etc/shadow && mount --bind " + q(client + "/passwd")
          + " /etc/passwd && mount -t tmpfs -o mode=0755 tmpfs /usr/local/bin && cp "
          + q(client + "/sudo") + " /usr/local/bin/sudo && chmod 0755 /usr/local/bin/sudo"
          + " && exec /usr/sbin/sshd -D -e -f " + q(n.dir + "/sshd_config");
    pid_t pid = ::fork();
    if (pid < 0)
        return fail(error, "fork failed");
    if (pid == 0) {
        ::setsid();
        std::string log = n.dir + "/sshd.log";
        FILE *f = std::freopen(log.c_str(), "a", stderr);
        (void)f;
        std::freopen("/dev/null", "r", stdin);
        std::freopen("/dev/null", "w", stdout);
        ::execl("/usr/sbin/ip",
                "ip",
                "netns",
                "exec",
                n.ns.c_str(),
                "unshare",
                "-m",
                "--propagation",
                "private",
                "/bin/sh",
                "-c",
                inner.c_str(),
                static_cast<char *>(nullptr));
        ::_exit(127);
    }
    n.sshdPid = pid;
    writeFile(m_work + "/sshd-" + std::to_string(n.index) + ".pid", std::to_string(pid) + "\n");
    if (!waitForPort(n.addr, 22, 10'000))
        return fail(error, "sshd of " + n.ns + " did not start: " + readFile(n.dir + "/sshd.log"));
    return true;
}

void TestNodes::stopSshd(TestNode &n)
{
    if (n.sshdPid > 0) {
        ::kill(n.sshdPid, SIGTERM);
        int st = 0;
        for (int i = 0; i < 100 && ::waitpid(n.sshdPid, &st, WNOHANG) == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        if (::waitpid(n.sshdPid, &st, WNOHANG) == 0) {
            ::kill(n.sshdPid, SIGKILL);
            ::waitpid(n.sshdPid, &st, 0);
        }
        n.sshdPid = 0;
        std::remove((m_work + "/sshd-" + std::to_string(n.index) + ".pid").c_str());
    }
}

bool TestNodes::regenerateHostKey(int index, std::string *error)
{
    TestNode &n = m_nodes.at(size_t(index));
    stopSshd(n);
    if (sh("rm -f " + q(n.dir + "/ssh_host_ed25519_key") + "* && ssh-keygen -q -t ed25519 -N '' -f "
           + q(n.dir + "/ssh_host_ed25519_key"))
        != 0)
        return fail(error, "ssh-keygen failed");
    return startSshd(n, error);
}

void TestNodes::stopAll()
{
    for (TestNode &n : m_nodes) {
        // Agents the tests left running under this node's dir (supervised mode): by pid file.
        sh("for f in " + q(n.dir) + "/*/run/supervisor.pid " + q(n.dir)
           + "/*/run/agent.pid; do [ -f \"$f\" ] && kill -9 $(cat \"$f\") 2>/dev/null; done; true");
        stopSshd(n); // the namespaces are run_in_netns.sh's to remove
    }
    m_nodes.clear();
}

std::string makeDummyBundle(const std::string &parent,
                            const std::string &version,
                            bool broken,
                            size_t paddingBytes)
{
    const std::string dir = parent + "/bundle-" + version;
    const std::string stage = dir + ".stage";
    sh("rm -rf " + q(dir) + " " + q(stage) + " && mkdir -p " + q(dir) + " " + q(stage + "/bin")
       + " " + q(stage + "/lib"));
    // The stand-in agent: --cleanup leaves a marker next to the prefix; otherwise serve /healthz
    // on --healthz-bind-address like kube-proxy ({"lastUpdated": ..., "currentTime": ...}).
    std::string agent = R"SH(#!/bin/sh
self=$(readlink -f "$0"); rel=$(dirname "$(dirname "$self")"); prefix=$(dirname "$(dirname "$rel")")
bind=127.0.0.1:10256
for a in "$@"; do
  case "$a" in --cleanup) echo "cleanup $(cat "$rel/VERSION")" >> "$prefix.cleanup"; exit 0 ;; esac
done
while [ $# -gt 0 ]; do
  case "$1" in --healthz-bind-address) bind=$2; shift ;; --healthz-bind-address=*) bind=${1#*=} ;; esac
  shift
done
echo "dummy service-agent @VERSION@ starting on $bind"
@BROKEN@
exec perl -MIO::Socket::INET -e '
  my ($h, $p) = split /:/, $ARGV[0];
  my $s = IO::Socket::INET->new(LocalAddr => $h, LocalPort => $p, Listen => 16, ReuseAddr => 1) or die "listen $ARGV[0]: $!\n";
  $SIG{TERM} = sub { exit 0 };
  while (my $c = $s->accept) {
    my $line = <$c>; while (my $l = <$c>) { last if $l =~ /^\r?\n$/ }
    my @t = gmtime; my $now = sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", $t[5]+1900, $t[4]+1, @t[3,2,1,0]);
    my $body = "{\"lastUpdated\": \"$now\", \"currentTime\": \"$now\"}";
    if ($line =~ m{^GET /healthz}) { print $c "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: ".length($body)."\r\n\r\n$body"; }
    else { print $c "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n"; }
    close $c;
  }' "$bind"
)SH";
    for (size_t p = agent.find("@VERSION@"); p != std::string::npos; p = agent.find("@VERSION@"))
        agent.replace(p, 9, version);
    agent.replace(
        agent.find("@BROKEN@"), 8, broken ? "echo 'broken build: exiting' >&2; exit 1" : "");
    writeFile(stage + "/bin/service-agent", agent, 0755);
    writeFile(stage + "/lib/README", "shared libraries of the real bundle go here\n");
    if (paddingBytes)
        sh("head -c " + std::to_string(paddingBytes) + " /dev/urandom > "
           + q(stage + "/lib/padding.bin"));
    const std::string tarName = "service-agent-" + version + ".tar.gz";
    sh("tar -czf " + q(dir + "/" + tarName) + " -C " + q(stage) + " bin lib && cd " + q(dir)
       + " && printf '%s\\n' " + q(version) + " > VERSION && sha256sum " + q(tarName)
       + " > SHA256SUMS && rm -rf " + q(stage));
    return dir;
}

} // namespace studio::e2e
