// SPDX-License-Identifier: GPL-3.0-or-later
// Prints the wall time of a parallel agent deploy to 3 and to 10 nodes (each a real sshd in its
// own network namespace, see tests/e2e/ssh/ssh_test_nodes.h) and the bytes uploaded per node.
// Usage (root): tests/e2e/ssh/run_in_netns.sh --nodes 10 deploy_bench [BUNDLE_DIR [PADDING_MB]]
// Without BUNDLE_DIR a stand-in bundle padded to PADDING_MB (default 8, about the size of the
// real bundle with its libraries) is used.
#include "ssh/agent_deployer.h"
#include "ssh_test_nodes.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>

using namespace studio;
using namespace studio::e2e;

int main(int argc, char **argv)
{
    std::string why;
    if (!TestNodes::available(&why)) {
        std::fprintf(stderr, "deploy_bench: %s\n", why.c_str());
        return 2;
    }
    TestNodes nodes;
    std::string error;
    if (!nodes.start(10, &error)) {
        std::fprintf(stderr, "deploy_bench: %s\n", error.c_str());
        return 1;
    }
    const size_t padding = (argc > 2 ? size_t(std::atoi(argv[2])) : 8) * 1024 * 1024;
    const std::string bundleDir = argc > 1 && *argv[1]
                                      ? std::string(argv[1])
                                      : makeDummyBundle(nodes.workDir(), "9.9.9", false, padding);
    auto bundle = loadAgentBundle(bundleDir);
    if (!bundle) {
        std::fprintf(stderr, "deploy_bench: %s\n", bundle.error().message.c_str());
        return 1;
    }
    std::printf("bundle %s: %s, %.2f MB\n",
                bundle->version.c_str(),
                bundle->tarballName.c_str(),
                double(bundle->size) / 1e6);

    {
        SshOptions o;
        o.knownHostsFile = nodes.workDir() + "/bench_known_hosts";
        o.configFile = "none";
        o.confirmUnknownHost = [](const UnknownHostKey &) { return true; };
        SshAuth a;
        a.useAgent = false;
        a.identityFiles = {nodes.clientKey()};
        const auto c0 = std::chrono::steady_clock::now();
        auto s = SshSession::connect({"root", nodes.nodes()[0].addr, 22}, o, a);
        const auto c1 = std::chrono::steady_clock::now();
        if (s) {
            for (int i = 0; i < 10; ++i)
                (void)(*s)->exec("true");
            const auto c2 = std::chrono::steady_clock::now();
            std::printf("connect + auth: %.1f ms; remote exec round trip: %.1f ms\n",
                        std::chrono::duration<double, std::milli>(c1 - c0).count(),
                        std::chrono::duration<double, std::milli>(c2 - c1).count() / 10);
        }
    }
    if (argc > 3)
        return 0;
    for (int count : {3, 10}) {
        ParallelDeployRequest req;
        for (int i = 0; i < count; ++i)
            req.targets.push_back({"root", nodes.nodes()[size_t(i)].addr, 22});
        req.ssh.knownHostsFile = nodes.workDir() + "/bench_known_hosts";
        req.ssh.configFile = "none";
        req.ssh.confirmUnknownHost = [](const UnknownHostKey &) { return true; };
        req.auth.useAgent = false;
        req.auth.identityFiles = {nodes.clientKey()};
        req.deployFor = [&](size_t i, const SshTarget &) {
            DeployOptions d;
            d.prefix = nodes.nodes()[i].dir + "/bench-opt";
            d.serviceMode = ServiceMode::Supervised;
            d.connection = AgentConnection{"https://10.199.0.1:6443", "bench-token", "", false};
            return d;
        };
        req.bundle = &bundle.value();
        req.parallel = count;
        std::mutex m;
        std::map<DeployStage, std::chrono::steady_clock::time_point> firstHostStages;
        const auto t0 = std::chrono::steady_clock::now();
        auto results
            = deployToHosts(req, [&](size_t i, const SshTarget &, const DeployProgress &p) {
                  if (i != 0)
                      return;
                  std::lock_guard lock(m);
                  firstHostStages.emplace(p.stage, std::chrono::steady_clock::now());
              });
        const double secs
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        int ok = 0;
        uint64_t bytes = 0;
        for (const HostDeployResult &r : results) {
            ok += r.result.ok() ? 1 : 0;
            bytes = std::max(bytes, r.bytesUploaded);
            if (!r.result)
                std::fprintf(stderr,
                             "  %s: %s\n",
                             r.target.toString().c_str(),
                             r.result.error().message.c_str());
        }
        std::printf("deploy to %2d nodes in parallel: %6.2f s (%d/%d healthy), %llu bytes uploaded "
                    "per node\n",
                    count,
                    secs,
                    ok,
                    count,
                    static_cast<unsigned long long>(bytes));
        std::printf("  first host, stage start times:");
        for (const auto &[stage, t] : firstHostStages)
            std::printf(
                " %s=%.2fs", deployStageName(stage), std::chrono::duration<double>(t - t0).count());
        std::printf("\n");
        req.action = DeployAction::Uninstall;
        const auto u0 = std::chrono::steady_clock::now();
        auto removed = deployToHosts(req);
        int gone = 0;
        for (const HostDeployResult &r : removed)
            gone += r.result.ok() ? 1 : 0;
        std::printf("uninstall from %2d nodes in parallel: %6.2f s (%d/%d)\n",
                    count,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - u0).count(),
                    gone,
                    count);
    }
    return 0;
}
