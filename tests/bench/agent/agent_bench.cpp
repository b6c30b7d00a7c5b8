// SPDX-License-Identifier: GPL-3.0-or-later
// service-agent at scale, inside network namespaces this program creates and removes:
// N services x E endpoints (selectorless Services + Endpoints, written as a --state-file).
// For each case it prints
//  - the agent's first (full) sync: plan time, restore time, payload size (from its log),
//  - one endpoint change end to end (state file renamed -> "sync done: partial" logged),
//    with that sync's own plan/restore split and payload size,
//  - the agent's peak RSS (VmHWM),
//  - and for comparison the bare iptables-restore of the same payloads (rendered in-process
//    by the same planner): a full load into a fresh namespace and the one-service partial
//    payload into the loaded one.
// Timings are printed, never asserted. 10,000 services run on legacy only (nft needs ~10 min).
#include "netns_support.h"

#include "cluster/sandbox_backend.h"
#include "proxy/iptables_plan.h"
#include "proxy/service_ports.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

using namespace studio;
using namespace studio::agent::test;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

std::string ip(int base2, int k)
{
    return "10." + std::to_string(base2 + k / 62500) + "." + std::to_string((k / 250) % 250) + "."
           + std::to_string(k % 250 + 1);
}

std::string stateYaml(int services, int endpoints, int changed)
{
    std::string out;
    out.reserve(size_t(services) * (600 + 60 * size_t(endpoints)));
    out += "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench\n---\n";
    for (int i = 0; i < services; ++i) {
        const std::string name = "svc-" + std::to_string(i);
        out += "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name
               + "\n  namespace: bench\nspec:\n  clusterIP: " + ip(96, i + 10)
               + "\n  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n---\n";
        out += "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: " + name
               + "\n  namespace: bench\nsubsets:\n- addresses:\n";
        for (int e = 0; e < endpoints; ++e) {
            int k = i * endpoints + e;
            if (i == changed && e == 0)
                k = services * endpoints + 1; // the one endpoint that moves
            out += "  - ip: " + ip(128, k) + "\n    nodeName: node-2\n";
        }
        out += "  ports:\n  - name: http\n    port: 8080\n---\n";
    }
    return out;
}

bool writeFile(const std::string &path, const std::string &text)
{
    const std::string tmp = path + ".tmp";
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(text.data(), std::streamsize(text.size()));
    f.close();
    return std::rename(tmp.c_str(), path.c_str()) == 0;
}

// The figures of the last "sync done: KIND" line of a log.
struct SyncLine
{
    double plan = -1, restore = -1, total = -1;
    long lines = -1, bytes = -1;
};
SyncLine lastSync(const std::string &log, const std::string &kind)
{
    SyncLine s;
    const size_t p = log.rfind("sync done: " + kind);
    if (p == std::string::npos)
        return s;
    const std::string line = log.substr(p, log.find('\n', p) - p);
    std::smatch m;
    if (std::regex_search(line, m, std::regex("payload (\\d+) lines (\\d+) bytes")))
        s.lines = std::stol(m[1]), s.bytes = std::stol(m[2]);
    if (std::regex_search(line, m, std::regex("plan ([0-9.]+) ms")))
        s.plan = std::stod(m[1]);
    if (std::regex_search(line, m, std::regex("restore ([0-9.]+) ms")))
        s.restore = std::stod(m[1]);
    if (std::regex_search(line, m, std::regex("total ([0-9.]+) ms")))
        s.total = std::stod(m[1]);
    return s;
}

double vmHwmMb(qint64 pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::atof(line.c_str() + 6) / 1024.0;
    return -1;
}

// Seconds of one `iptables-B-restore --noflush` of `payload` inside `ns`.
double bareRestoreMs(const Netns &ns, const std::string &backend, const std::string &payload)
{
    const auto t0 = Clock::now();
    const CommandResult r
        = ns.exec("iptables-" + backend + "-restore --noflush", 1'800'000, payload);
    const double ms = msSince(t0);
    if (r.exitCode != 0)
        std::printf("    (bare restore failed: %s)\n", r.err.substr(0, 200).c_str());
    return ms;
}

void runCase(int services, int endpoints, const std::string &backend)
{
    std::printf(
        "\n== %d services x %d endpoints, %s backend ==\n", services, endpoints, backend.c_str());
    std::fflush(stdout);
    QTemporaryDir dir;
    const std::string state = dir.filePath("state.yaml").toStdString();
    const int changed = services / 2;
    const std::string before = stateYaml(services, endpoints, -1);
    const std::string after = stateYaml(services, endpoints, changed);
    writeFile(state, before);
    std::printf("  state file: %.1f MB\n", double(before.size()) / 1e6);

    // In-process: the same plan the agent makes, rendered full and partial.
    SandboxOptions so;
    so.seed = 1;
    SandboxBackend sandbox(so);
    auto t0 = Clock::now();
    auto loaded = sandbox.loadScenarioText(before, state);
    const double loadMs = msSince(t0);
    if (!loaded || !loaded->ok()) {
        std::printf("  state did not load: %s\n",
                    loaded ? (loaded->problems.front().kind + " " + loaded->problems.front().name
                              + ": " + loaded->problems.front().message)
                                 .c_str()
                           : loaded.error().message.c_str());
        return;
    }
    proxy::ProxyConfig config;
    config.nodeName = "node-1";
    config.clusterCidr = "10.244.0.0/16";
    config.localAddresses = {"127.0.0.1"};
    t0 = Clock::now();
    const auto ports = proxy::buildServicePorts(sandbox.snapshot(), config);
    const proxy::IptablesPlan plan = proxy::planIptables(ports, config);
    const double planMs = msSince(t0);
    t0 = Clock::now();
    const std::string full = proxy::renderRestore(plan, proxy::RestoreScope{});
    const double renderMs = msSince(t0);
    std::printf("  in-process: sandbox load %.0f ms, plan %.0f ms, render %.0f ms, %zu rules, "
                "payload %.1f MB\n",
                loadMs,
                planMs,
                renderMs,
                plan.ruleCount(),
                double(full.size()) / 1e6);

    // The agent.
    Netns ns;
    if (!ns.ok()) {
        std::printf("  cannot create a namespace\n");
        return;
    }
    const auto start = Clock::now();
    AgentProcess agent(ns,
                       {"--state-file",
                        state,
                        "--hostname-override",
                        "node-1",
                        "--cluster-cidr",
                        "10.244.0.0/16",
                        "--iptables-backend",
                        backend,
                        "--iptables-min-sync-period",
                        "100ms",
                        "--iptables-sync-period",
                        "1h",
                        "--healthz-bind-address",
                        "",
                        "--metrics-bind-address",
                        ""});
    if (!agent.waitFor("sync done: full", 1, 1'800'000)) {
        std::printf("  no first sync:\n%s\n", agent.log().c_str());
        return;
    }
    const double firstMs = msSince(start);
    const SyncLine first = lastSync(agent.log(), "full");
    std::printf("  agent full sync: plan %.0f ms, restore %.0f ms, sync total %.0f ms (%.1f%% "
                "planning), payload %ld lines %.1f MB;"
                " start to rules %.0f ms\n",
                first.plan,
                first.restore,
                first.total,
                100.0 * first.plan / first.total,
                first.lines,
                double(first.bytes) / 1e6,
                firstMs);

    // One endpoint change, end to end.
    t0 = Clock::now();
    writeFile(state, after);
    if (!agent.waitFor("sync done: partial", 1, 1'800'000)) {
        std::printf(
            "  no partial sync:\n%s\n",
            agent.log().substr(agent.log().size() > 3000 ? agent.log().size() - 3000 : 0).c_str());
        return;
    }
    const double changeMs = msSince(t0);
    const SyncLine partial = lastSync(agent.log(), "partial");
    std::printf("  one endpoint change: file renamed -> rules in the kernel %.0f ms (state-file "
                "reload included);"
                " sync: plan %.0f ms, restore %.0f ms, total %.0f ms, payload %ld lines %.1f KB\n",
                changeMs,
                partial.plan,
                partial.restore,
                partial.total,
                partial.lines,
                double(partial.bytes) / 1e3);
    std::printf("  agent peak RSS (VmHWM): %.0f MB\n", vmHwmMb(agent.pid()));
    agent.stop();

    // Bare restores of the same payloads, for the targets' ratios.
    proxy::RestoreScope scope;
    scope.full = false;
    scope.changedServices = {"bench/svc-" + std::to_string(changed)};
    scope.existingChains = proxy::chainNames(plan);
    const std::string onePayload = proxy::renderRestore(plan, scope);
    const double bareOne = bareRestoreMs(ns, backend, onePayload);
    Netns fresh;
    const double bareFull = bareRestoreMs(fresh, backend, full);
    std::printf("  bare iptables-%s-restore --noflush: full %.0f ms (agent sync / bare = %.2f), "
                "one service (%zu bytes) %.0f ms"
                " (agent change / bare = %.2f)\n",
                backend.c_str(),
                bareFull,
                first.total / bareFull,
                onePayload.size(),
                bareOne,
                changeMs / bareOne);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (!canUseNetns()) {
        std::printf("agent_bench: needs root and `ip netns`; skipped\n");
        return 0;
    }
    removeStaleNamespaces();
    std::vector<int> sizes = {1000, 10000};
    if (argc > 1) {
        sizes.clear();
        std::stringstream ss(argv[1]);
        std::string item;
        while (std::getline(ss, item, ','))
            sizes.push_back(std::stoi(item));
    }
    const int endpoints = argc > 2 ? std::stoi(argv[2]) : 5;
    for (int n : sizes) {
        runCase(n, endpoints, "legacy");
        if (n <= 1000)
            runCase(n, endpoints, "nft");
    }
    return 0;
}
