// SPDX-License-Identifier: GPL-3.0-or-later
// deploy-agent: core/ssh's deployToHosts() from a terminal or a script. The text here is the
// CLI's (English, like the other subcommands' output); the GUI's Nodes panel translates.
#include "cli/deploy_command.h"

#include "cli/cli_support.h"

#include "apiserver/api_client.h"
#include "apiserver/kubeconfig.h"
#include "ssh/agent_deployer.h"
#include "ssh/agent_identity.h"
#include "ssh/ssh_session.h"

#include <QCoreApplication>
#include <QEventLoop>

#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <termios.h>
#include <unistd.h>

namespace studio::app {

namespace {

const char kUsage[]
    = "usage: service-studio deploy-agent [options] user@host[:port]...\n"
      "  --kubeconfig FILE        cluster the agents watch (default: KUBECONFIG, ~/.kube/config);\n"
      "                           its least-privilege identity is created there\n"
      "  --context NAME           kubeconfig context\n"
      "  --server URL             apiserver address as the nodes reach it (default: kubeconfig's)\n"
      "  --bundle DIR             agent bundle (tarball, VERSION, SHA256SUMS); default\n"
      "                           $STUDIO_AGENT_BUNDLE or the one installed with service-studio\n"
      "  --prefix DIR             install prefix on the nodes (default /opt/service-studio)\n"
      "  --parallel N             hosts at a time (default 4)\n"
      "  --known-hosts FILE       default ~/.ssh/known_hosts\n"
      "  --ssh-config FILE        default ~/.ssh/config ('none': no config)\n"
      "  --identity FILE          private key to log in with (repeatable)\n"
      "  --accept-new-host-keys   trust and record keys of hosts not yet known (a changed\n"
      "                           key is always refused)\n"
      "  --proxy-mode MODE        iptables (default), ipvs, nftables, userspace\n"
      "  --healthz-port PORT      agent health port on 127.0.0.1 (default 10256)\n"
      "  --service-mode MODE      auto (default: systemd when it runs), systemd, supervised\n"
      "  --status | --restart | --logs N | --uninstall\n"
      "                           instead of installing or upgrading\n";

std::mutex g_out; // progress lines from the worker threads, one at a time

bool haveTerminal()
{
    return ::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO);
}

std::optional<std::string> readLine(const std::string &prompt, bool echo)
{
    if (!haveTerminal())
        return std::nullopt;
    std::cerr << prompt << std::flush;
    termios old{};
    const bool hide = !echo && ::tcgetattr(STDIN_FILENO, &old) == 0;
    if (hide) {
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    const bool got = bool(std::getline(std::cin, line));
    if (hide) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        std::cerr << "\n";
    }
    if (!got)
        return std::nullopt;
    return line;
}

std::string defaultBundle()
{
    if (const char *e = std::getenv("STUDIO_AGENT_BUNDLE"); e && *e)
        return e;
    const std::string exeDir = QCoreApplication::applicationDirPath().toStdString();
    for (const std::string &c :
         {exeDir + "/../share/service-studio/agent-bundle", exeDir + "/../agent/bundle"}) {
        if (::access((c + "/VERSION").c_str(), R_OK) == 0)
            return c;
    }
    return {};
}

// The least-privilege identity's token, from the cluster of the kubeconfig.
Result<AgentConnection> clusterConnection(const std::string &kubeconfig,
                                          const std::string &context,
                                          const std::string &serverOverride)
{
    KubeconfigLoadOptions lo;
    lo.explicitPath = kubeconfig;
    auto kc = loadKubeconfig(lo);
    if (!kc)
        return kc.error();
    auto rest = kc->resolve(context);
    if (!rest)
        return rest.error();
    const RestConfig config = rest.value();
    auto client = ApiClient::fromConfig(config);
    if (!client)
        return client.error();
    std::optional<Result<AgentCredentials>> got;
    QEventLoop loop;
    ensureAgentIdentity(*client.value(), {}, [&](Result<AgentCredentials> r) {
        got = std::move(r);
        loop.quit();
    });
    if (!got)
        loop.exec();
    if (!got->ok())
        return got->error();
    AgentConnection c;
    c.server = serverOverride.empty() ? config.server : serverOverride;
    c.token = got->value().token;
    c.caPem = !got->value().caPem.empty() ? got->value().caPem : config.caPem;
    c.insecureSkipTlsVerify = config.insecureSkipTlsVerify;
    return c;
}

} // namespace

int runDeployAgent(const std::vector<std::string> &args)
{
    std::string kubeconfig, context, server, bundleDir, knownHosts, sshConfig, v;
    std::vector<std::string> identities, hosts;
    DeployOptions deploy;
    DeployAction action = DeployAction::Install;
    int parallel = 4, logLines = 0;
    bool acceptNew = false;
    auto usage = [](const std::string &why) {
        std::cerr << "deploy-agent: " << why << "\n" << kUsage;
        return 2;
    };
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string &a = args[i];
        if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        } else if (takeOption(args, i, "--kubeconfig", kubeconfig)) {
            if (kubeconfig.empty())
                return usage("--kubeconfig needs a file");
        } else if (takeOption(args, i, "--context", context)) {
        } else if (takeOption(args, i, "--server", server)) {
        } else if (takeOption(args, i, "--bundle", bundleDir)) {
        } else if (takeOption(args, i, "--prefix", deploy.prefix)) {
            if (deploy.prefix.empty() || deploy.prefix[0] != '/' || deploy.prefix == "/")
                return usage("--prefix must be an absolute directory other than /");
        } else if (takeOption(args, i, "--parallel", v)) {
            parallel = std::atoi(v.c_str());
            if (parallel < 1 || parallel > 256)
                return usage("--parallel must be from 1 to 256");
        } else if (takeOption(args, i, "--known-hosts", knownHosts)) {
        } else if (takeOption(args, i, "--ssh-config", sshConfig)) {
        } else if (takeOption(args, i, "--identity", v)) {
            identities.push_back(v);
        } else if (a == "--accept-new-host-keys") {
            acceptNew = true;
        } else if (takeOption(args, i, "--proxy-mode", deploy.proxyMode)) {
            if (deploy.proxyMode != "iptables" && deploy.proxyMode != "ipvs"
                && deploy.proxyMode != "nftables" && deploy.proxyMode != "userspace")
                return usage("--proxy-mode must be iptables, ipvs, nftables or userspace");
        } else if (takeOption(args, i, "--healthz-port", v)) {
            deploy.healthzPort = std::atoi(v.c_str());
            if (deploy.healthzPort < 1 || deploy.healthzPort > 65535)
                return usage("--healthz-port must be from 1 to 65535");
        } else if (takeOption(args, i, "--service-mode", v)) {
            if (v == "auto")
                deploy.serviceMode = ServiceMode::Auto;
            else if (v == "systemd")
                deploy.serviceMode = ServiceMode::Systemd;
            else if (v == "supervised")
                deploy.serviceMode = ServiceMode::Supervised;
            else
                return usage("--service-mode must be auto, systemd or supervised");
        } else if (a == "--uninstall") {
            action = DeployAction::Uninstall;
        } else if (a == "--status") {
            action = DeployAction::Status;
        } else if (a == "--restart") {
            action = DeployAction::Restart;
        } else if (takeOption(args, i, "--logs", v)) {
            logLines = std::max(1, std::atoi(v.c_str()));
            action = DeployAction::Status;
        } else if (!a.empty() && a[0] == '-') {
            return usage("unknown option " + a);
        } else {
            hosts.push_back(a);
        }
    }
    if (hosts.empty())
        return usage("no host given");

    ParallelDeployRequest req;
    for (const std::string &h : hosts) {
        auto t = parseSshTarget(h);
        if (!t)
            return usage(t.error().message);
        req.targets.push_back(t.value());
    }

    std::optional<AgentBundle> bundle;
    if (action == DeployAction::Install) {
        if (bundleDir.empty())
            bundleDir = defaultBundle();
        if (bundleDir.empty())
            return usage("no agent bundle: give --bundle DIR (or set STUDIO_AGENT_BUNDLE)");
        auto b = loadAgentBundle(bundleDir);
        if (!b) {
            std::cerr << "deploy-agent: " << b.error().message << "\n";
            return 2;
        }
        bundle = b.value();
        auto conn = clusterConnection(kubeconfig, context, server);
        if (conn) {
            deploy.connection = conn.value();
        } else if (conn.error().code == "kubeconfig-empty" && kubeconfig.empty()) {
            std::cout
                << "no kubeconfig: nodes keep the agent kubeconfig they have (upgrade only)\n";
        } else {
            std::cerr << "deploy-agent: cannot set up the agent's identity in the cluster: "
                      << conn.error().message << "\n";
            return 2;
        }
        std::cout << "deploying service-agent " << bundle->version << " (" << bundle->size
                  << " bytes) to " << req.targets.size() << " host(s), " << parallel
                  << " at a time\n";
    }

    req.ssh.knownHostsFile = knownHosts;
    req.ssh.configFile = sshConfig;
    req.ssh.confirmUnknownHost = [acceptNew](const UnknownHostKey &k) {
        std::lock_guard lock(g_out);
        if (acceptNew) {
            std::cout << "Warning: permanently added " << k.host << ":" << k.port << " ("
                      << k.keyType << " " << k.fingerprint << ") to " << k.knownHostsFile << "\n";
            return true;
        }
        std::cerr << "The authenticity of host '" << k.host << ":" << k.port
                  << "' can't be established.\n"
                  << k.keyType << " key fingerprint is " << k.fingerprint << ".\n";
        auto answer = readLine("Are you sure you want to continue connecting (yes/no)? ", true);
        return answer && *answer == "yes";
    };
    req.auth.identityFiles = identities;
    req.auth.passphrase = [](const std::string &prompt) { return readLine(prompt, false); };
    req.auth.passwordPrompt = [](const std::string &prompt) { return readLine(prompt, false); };
    req.auth.sudoPasswordPrompt = [](const std::string &prompt) { return readLine(prompt, false); };
    req.deploy = deploy;
    req.action = action;
    req.bundle = bundle ? &*bundle : nullptr;
    req.parallel = parallel;

    std::map<size_t, int> lastUploadDecile;
    auto results = deployToHosts(req, [&](size_t i, const SshTarget &t, const DeployProgress &p) {
        std::lock_guard lock(g_out);
        if (p.stage == DeployStage::Upload) { // every 10% only
            int decile = p.percent / 10;
            auto [it, fresh] = lastUploadDecile.emplace(i, decile);
            if (!fresh && it->second == decile)
                return;
            it->second = decile;
        }
        std::cout << "[" << t.toString() << "] " << deployStageName(p.stage) << " " << p.percent
                  << "%" << (p.detail.empty() ? "" : " " + p.detail) << "\n"
                  << std::flush;
    });

    int failed = 0;
    for (const HostDeployResult &r : results) {
        std::lock_guard lock(g_out);
        if (!r.result) {
            ++failed;
            std::cout << r.target.toString() << ": FAILED (" << r.result.error().code << ") "
                      << r.result.error().message << "\n";
            continue;
        }
        const AgentStatus &s = r.result.value();
        if (action == DeployAction::Uninstall) {
            std::cout << r.target.toString() << ": removed from " << s.prefix << "\n";
            continue;
        }
        std::cout << r.target.toString() << ": "
                  << (s.installed ? "service-agent " + s.version : "not installed");
        if (s.installed)
            std::cout << ", " << s.mode << ", " << (s.running ? "running" : "stopped") << ", "
                      << (s.healthy ? "healthy" : "not healthy") << ", proxy mode " << s.proxyMode
                      << (s.lastSync.empty() ? "" : ", last sync " + s.lastSync);
        std::cout << " (" << r.elapsed.count() << " ms, " << r.bytesUploaded
                  << " bytes uploaded)\n";
    }
    if (logLines > 0) {
        // Logs are read per host after the status, one session each (sequential: readable output).
        SshOptions o = req.ssh;
        for (const SshTarget &t : req.targets) {
            auto s = SshSession::connect(t, o, req.auth);
            if (!s) {
                std::cout << "--- " << t.toString() << ": " << s.error().message << "\n";
                ++failed;
                continue;
            }
            AgentDeployer d(*s.value(), deploy);
            auto l = d.logs(logLines);
            std::cout << "--- " << t.toString() << " (last " << logLines << " lines)\n"
                      << (l ? l.value() : l.error().message + "\n");
        }
    }
    return failed ? 1 : 0;
}

} // namespace studio::app
