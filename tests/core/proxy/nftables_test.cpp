// SPDX-License-Identifier: GPL-3.0-or-later
// The nftables planner: golden `nft -f` text for the seed scenarios, `nft -c` (check mode)
// on each, and — in a network namespace this test creates — a full load followed by an
// incremental update giving exactly what a full load of the new plan gives.
#include "cluster/sandbox_backend.h"
#include "proxy/nftables_plan.h"

#include "netns_support.h"
#include "proxy_test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace studio;
using namespace studio::proxy;
using namespace studio::proxy::testing;

namespace {

const char *kScenarioNames[] = {"default", "external-ips", "external-name", "headless", "image-processing-backend",
                                "load-balancer", "my-service-multi-port", "my-service-own-ip", "nodeport",
                                "redis-master-env", "service-without-selector"};

ClusterSnapshot scenario(const std::string &name)
{
    SandboxBackend sandbox;
    SandboxOptions options;
    options.seed = 1;
    options.clock = [] { return std::string("2026-01-01T00:00:00Z"); };
    sandbox.reset(options);
    EXPECT_TRUE(sandbox.loadScenarioFile(std::string(STUDIO_SCENARIOS_DIR) + "/" + name + ".yaml").ok());
    return sandbox.snapshot();
}

NftablesPlan planFor(const std::string &name)
{
    const auto snap = scenario(name);
    const auto config = proxyConfigForNode(snap, "node-1");
    return planNftables(buildServicePorts(snap, config), config);
}

// A namespace with nft loading and listing the agent's table.
struct NftNetns : Netns
{
    NftNetns() : Netns("ssnft") {}
    int nft(const std::string &text, std::string *out, bool check = false) const
    {
        const std::string file = "/tmp/" + name() + ".nft";
        std::ofstream(file) << text;
        const int rc = run(exec(std::string("nft ") + (check ? "-c " : "") + "-f " + file + " 2>&1"), out);
        std::remove(file.c_str());
        return rc;
    }
    std::string list() const
    {
        std::string out;
        run(exec("nft list table ip service-studio 2>&1"), &out);
        return out;
    }
};

bool canRunNft()
{
    return haveTools("nft ip");
}

std::string readAll(const std::filesystem::path &p)
{
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// `nft list table` with its blocks (sets, chains) in name order: the kernel lists chains in
// the order they were created.
std::string blocksSorted(std::string listing)
{
    // The table's closing brace ends the last block: take it off first.
    while (!listing.empty() && listing.back() == '\n')
        listing.pop_back();
    if (!listing.empty() && listing.back() == '}')
        listing.pop_back();
    while (!listing.empty() && listing.back() == '\n')
        listing.pop_back();
    std::vector<std::string> blocks;
    size_t at = 0;
    for (size_t next; (next = listing.find("\n\n", at)) != std::string::npos; at = next + 2)
        blocks.push_back(listing.substr(at, next - at));
    blocks.push_back(listing.substr(at));
    std::sort(blocks.begin(), blocks.end());
    std::string out;
    for (const std::string &b : blocks)
        out += b + "\n\n";
    return out;
}

// The endpoints a chain picks from: the values of its keys in its endpoint map.
std::vector<std::string> endpointsOf(const NftablesPlan &plan, const NftChain &c)
{
    std::vector<std::string> out;
    const NftSet *map = plan.set(c.slotMap);
    if (!map)
        return out;
    for (int k = 0; k < c.slotCount; ++k)
        for (const NftElement &e : map->elements)
            if (e.key == std::to_string(c.slotOffset + uint32_t(k))) {
                out.push_back(e.value);
                break;
            }
    return out;
}

} // namespace

TEST(NftablesPlanner, CompactLayout)
{
    auto cfg = nodeConfig();
    auto sp = port("default", "web", "http", "10.96.0.10", 80,
                   {ep("10.244.1.2", 8080), ep("10.244.2.3", 8080), ep("10.244.2.4", 8080)});
    sp.nodePort = 30080;
    const auto plan = planNftables({sp}, cfg);
    const NftChain *svc = plan.chain("service-" + nftChainBase(sp));
    ASSERT_NE(svc, nullptr);
    // One chain for the service, none per endpoint, no set or map of its own: one rule picks
    // keys offset..offset+n-1 of a shared endpoint map.
    ASSERT_EQ(svc->slotMap.rfind("endpoints-tcp-", 0), 0u) << svc->slotMap;
    EXPECT_EQ(svc->rules.back(), "meta l4proto tcp dnat ip to numgen random mod 3 map @" + svc->slotMap);
    EXPECT_EQ(endpointsOf(plan, *svc),
              (std::vector<std::string>{"10.244.1.2 . 8080", "10.244.2.3 . 8080", "10.244.2.4 . 8080"}));
    for (const NftChain &c : plan.chains) {
        if (c.service.empty())
            continue;
        for (const std::string &r : c.rules)
            EXPECT_EQ(r.find('{'), std::string::npos) << c.name << ": " << r;
    }
    // Many services: each has its n endpoints, in order, under its own keys (ranges in one
    // map never overlap), and the rule's modulus is its endpoint count.
    std::vector<ServicePortInfo> many;
    for (int i = 0; i < 300; ++i) {
        std::vector<ProxyEndpoint> eps;
        for (int e = 0; e < 1 + i % 7; ++e)
            eps.push_back(ep(("10.245." + std::to_string(i) + "." + std::to_string(e + 1)).c_str(), 80 + e));
        many.push_back(port("default", ("s" + std::to_string(i)).c_str(), "", ("10.97.0." + std::to_string(i % 250)).c_str(),
                            1000 + i, eps));
    }
    const auto big = planNftables(many, cfg);
    std::map<std::string, std::set<uint32_t>> used;
    for (const ServicePortInfo &sp2 : many) {
        const NftChain *c = big.chain("service-" + nftChainBase(sp2));
        ASSERT_NE(c, nullptr);
        std::vector<std::string> want;
        for (const ProxyEndpoint &e : sp2.endpoints)
            want.push_back(e.ip + " . " + std::to_string(e.port));
        EXPECT_EQ(endpointsOf(big, *c), want) << c->name;
        EXPECT_NE(c->rules.back().find("numgen random mod " + std::to_string(sp2.endpoints.size()) + " "), std::string::npos)
            << c->rules.back();
        for (int k = 0; k < c->slotCount; ++k)
            EXPECT_TRUE(used[c->slotMap].insert(c->slotOffset + uint32_t(k)).second) << c->name;
    }
    // Hairpin: one rule after DNAT, one "ip . ip" element per endpoint address.
    const NftSet *hairpin = plan.set("hairpin");
    ASSERT_NE(hairpin, nullptr);
    EXPECT_EQ(hairpin->elements.size(), 3u);
    EXPECT_EQ(hairpin->elements[0].key, "10.244.1.2 . 10.244.1.2");
    EXPECT_EQ(plan.chain("nat-postrouting")->rules.front(),
              "ct status dnat ip saddr . ip daddr @hairpin jump mark-for-masquerade");
    for (const NftChain &c : plan.chains)
        EXPECT_EQ(c.name.rfind("endpoint-", 0), std::string::npos) << c.name;
    const NftSet *ips = plan.set("service-ips");
    ASSERT_NE(ips, nullptr);
    ASSERT_EQ(ips->elements.size(), 1u);
    EXPECT_EQ(ips->elements[0].key, "10.96.0.10 . tcp . 80");
    EXPECT_EQ(plan.set("service-nodeports")->elements.size(), 1u);
}

TEST(NftablesPlanner, RefusalsSourceRangesAndAffinity)
{
    auto cfg = nodeConfig();
    auto empty = port("default", "empty", "", "10.96.0.20", 80, {});
    empty.nodePort = 30081;
    auto lb = port("default", "lb", "", "10.96.0.30", 443, {ep("10.244.1.2", 8443)});
    lb.loadBalancerIPs = {"146.148.47.155"};
    lb.loadBalancerSourceRanges = {"203.0.113.0/24"};
    auto sticky = port("default", "sticky", "", "10.96.0.40", 80, {ep("10.244.1.2", 80), ep("10.244.1.3", 80)});
    sticky.clientIpAffinity = true;
    sticky.stickySeconds = 600;
    const auto plan = planNftables({empty, lb, sticky}, cfg);
    EXPECT_EQ(plan.set("no-endpoint-services")->elements.size(), 1u);
    EXPECT_EQ(plan.set("no-endpoint-nodeports")->elements.size(), 1u);
    ASSERT_EQ(plan.set("firewall-ips")->elements.size(), 1u);
    const NftChain *fw = plan.chain("firewall-" + nftChainBase(lb));
    ASSERT_NE(fw, nullptr);
    EXPECT_EQ(fw->rules.front(), "ip saddr { 203.0.113.0/24 } return");
    int affinitySets = 0;
    for (const NftSet &s : plan.sets)
        if (s.name.rfind("affinity-", 0) == 0) {
            ++affinitySets;
            EXPECT_EQ(s.timeoutSeconds, 600);
        }
    EXPECT_EQ(affinitySets, 2);
}

class NftablesScenario : public ::testing::TestWithParam<const char *>
{};

TEST_P(NftablesScenario, GoldenAndAcceptedByNft)
{
    const std::string name = GetParam();
    const std::string text = renderNftables(planFor(name));
    const std::filesystem::path golden = std::filesystem::path(STUDIO_GOLDEN_DIR) / (name + ".nft");
    if (std::getenv("STUDIO_UPDATE_GOLDEN"))
        std::ofstream(golden, std::ios::binary) << text;
    else
        EXPECT_EQ(text, readAll(golden)) << "planner output for " << name << " changed:\n" << text;
    if (!canRunNft())
        GTEST_SKIP() << "nft check needs root, nft and ip";
    NftNetns ns;
    ASSERT_TRUE(ns.ok());
    std::string out;
    EXPECT_EQ(ns.nft(text, &out, true), 0) << out;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, NftablesScenario, ::testing::ValuesIn(kScenarioNames),
                         [](const ::testing::TestParamInfo<const char *> &param) {
                             std::string n = param.param;
                             for (char &c : n)
                                 if (c == '-')
                                     c = '_';
                             return n;
                         });

TEST(NftablesKernel, UpdateEqualsFullLoad)
{
    if (!canRunNft())
        GTEST_SKIP() << "needs root, nft and ip";
    auto cfg = nodeConfig();
    auto a = port("default", "a", "", "10.96.0.1", 80, {ep("10.244.1.2", 80), ep("10.244.1.3", 80)});
    auto b = port("default", "b", "", "10.96.0.2", 80, {ep("10.244.1.4", 80)});
    b.nodePort = 30002;
    auto c = port("default", "c", "", "10.96.0.3", 80, {ep("10.244.1.5", 80)});
    c.clientIpAffinity = true;
    auto d = port("default", "d", "", "10.96.0.4", 53, {}, "UDP");
    const auto v1 = planNftables({a, b, c, d}, cfg);

    // b gains an endpoint, c goes away, d gets one, e is new with a load balancer.
    b.endpoints.push_back(ep("10.244.1.6", 80));
    d.endpoints.push_back(ep("10.244.2.2", 53));
    auto e = port("default", "e", "", "10.96.0.5", 443, {ep("10.244.2.3", 8443, true)});
    e.loadBalancerIPs = {"146.148.47.155"};
    e.loadBalancerSourceRanges = {"203.0.113.0/24"};
    e.nodePort = 31443;
    e.localExternal = true;
    const auto v2 = planNftables({a, b, d, e}, cfg);

    NftNetns incremental, full;
    ASSERT_TRUE(incremental.ok() && full.ok());
    std::string out;
    ASSERT_EQ(incremental.nft(renderNftables(v1), &out), 0) << out;
    const std::string update = renderNftablesUpdate(v1, v2);
    ASSERT_EQ(incremental.nft(update, &out), 0) << out << "\n" << update;
    ASSERT_EQ(full.nft(renderNftables(v2), &out), 0) << out;
    EXPECT_EQ(blocksSorted(incremental.list()), blocksSorted(full.list())) << update;
    // Unchanged a is not in the update at all.
    EXPECT_EQ(update.find(nftChainBase(a)), std::string::npos) << update;
    EXPECT_EQ(renderNftablesUpdate(v2, v2), "");

    ASSERT_EQ(incremental.nft(renderNftablesCleanup(v2), &out), 0) << out;
    EXPECT_NE(incremental.list().find("No such file"), std::string::npos);
}

namespace {

// The plan with its service chains in name order (a re-plan appends what it re-planned) and
// endpoint map keys resolved (a re-plan keeps a service's keys, a full plan numbers afresh).
NftablesPlan canonical(NftablesPlan p)
{
    for (NftChain &c : p.chains) {
        if (c.slotMap.empty())
            continue;
        std::string eps;
        for (const std::string &e : endpointsOf(p, c))
            eps += (eps.empty() ? "" : ", ") + e;
        c.rules.back() = c.rules.back().substr(0, c.rules.back().find(" numgen")) + " { " + eps + " }";
        c.slotMap.clear();
        c.slotOffset = 0;
        c.slotCount = 0;
    }
    p.nextSlot.clear();
    p.sets.erase(std::remove_if(p.sets.begin(), p.sets.end(),
                                [](const NftSet &x) { return x.name.rfind("endpoints-", 0) == 0; }),
                 p.sets.end());
    std::stable_sort(p.chains.begin(), p.chains.end(), [](const NftChain &a, const NftChain &b) {
        return a.service.empty() != b.service.empty() ? a.service.empty()
                                                      : (!a.service.empty() && a.name < b.name);
    });
    return p;
}

std::vector<ServicePortInfo> portsOf(const std::vector<ServicePortInfo> &all, const std::set<std::string> &names)
{
    std::vector<ServicePortInfo> out;
    for (const ServicePortInfo &p : all)
        if (names.count(p.serviceKey()))
            out.push_back(p);
    return out;
}

// Services of every kind the planner knows, sharing endpoint addresses (hairpin keys held
// by several services).
std::vector<ServicePortInfo> replanScenario()
{
    auto a = port("default", "a", "http", "10.96.0.1", 80, {ep("10.244.1.2", 80), ep("10.244.1.3", 80)});
    auto a2 = port("default", "a", "metrics", "10.96.0.1", 9100, {ep("10.244.1.2", 9100)});
    auto b = port("default", "b", "", "10.96.0.2", 80, {ep("10.244.1.2", 8080)});
    b.nodePort = 30002;
    auto c = port("default", "c", "", "10.96.0.3", 80, {ep("10.244.1.5", 80), ep("10.244.1.6", 80)});
    c.clientIpAffinity = true;
    c.stickySeconds = 600;
    auto d = port("default", "d", "", "10.96.0.4", 53, {}, "UDP");
    d.nodePort = 30053;
    auto e = port("team", "e", "", "10.96.0.5", 443, {ep("10.244.2.3", 8443, true)});
    e.loadBalancerIPs = {"146.148.47.155"};
    e.loadBalancerSourceRanges = {"203.0.113.0/24"};
    e.nodePort = 31443;
    e.localExternal = true;
    auto f = port("team", "f", "", "10.96.0.6", 80, {ep("10.244.2.3", 80)});
    f.externalIPs = {"198.51.100.7"};
    return {a, a2, b, c, d, e, f};
}

} // namespace

// Re-planning only the changed services gives what a full plan of the new state gives, and
// its transaction names nothing of the services that did not change.
TEST(NftablesPlanner, ReplanEqualsFullPlan)
{
    const auto cfg = nodeConfig();
    auto ports = replanScenario();
    NftablesPlan plan = planNftables(ports, cfg);

    struct Step
    {
        const char *what;
        std::function<void(std::vector<ServicePortInfo> &)> change;
        std::set<std::string> services;
    };
    const std::vector<Step> steps = {
        {"b loses its only endpoint (shared hairpin key stays for a)",
         [](auto &p) { p[2].endpoints.clear(); }, {"default/b"}},
        {"a drops 10.244.1.2 from both ports (the hairpin key goes with it)",
         [](auto &p) {
             p[0].endpoints.erase(p[0].endpoints.begin());
             p[1].endpoints = {ep("10.244.1.9", 9100)};
         },
         {"default/a"}},
        {"c is deleted (its affinity sets and endpoint chains go)",
         [](auto &p) { p.erase(p.begin() + 3); }, {"default/c"}},
        {"d gets an endpoint and e a second range, together",
         [](auto &p) {
             p[3].endpoints = {ep("10.244.3.3", 53)};
             p[4].loadBalancerSourceRanges.push_back("192.0.2.0/24");
         },
         {"default/d", "team/e"}},
        {"g is new with affinity; f is untouched but listed (a no-op for it)",
         [](auto &p) {
             auto g = port("team", "g", "", "10.96.0.7", 80, {ep("10.244.2.3", 80), ep("10.244.4.4", 80)});
             g.clientIpAffinity = true;
             g.stickySeconds = 30;
             p.push_back(g);
         },
         {"team/g", "team/f"}},
    };
    for (const Step &step : steps) {
        step.change(ports);
        const std::string update = replanNftables(plan, portsOf(ports, step.services), step.services, cfg);
        EXPECT_EQ(canonical(plan), canonical(planNftables(ports, cfg))) << step.what;
        EXPECT_EQ(renderNftables(canonical(plan)), renderNftables(canonical(planNftables(ports, cfg)))) << step.what;
        for (const ServicePortInfo &p : ports) {
            if (step.services.count(p.serviceKey()))
                continue;
            EXPECT_EQ(update.find(nftChainBase(p)), std::string::npos) << step.what << "\n" << update;
        }
    }
    // Nothing changed: nothing to send.
    EXPECT_EQ(replanNftables(plan, portsOf(ports, {"team/f"}), {"team/f"}, cfg), "");
}

// The same steps in the kernel: each re-plan's transaction on the loaded table leaves what a
// full load of the new plan leaves.
TEST(NftablesKernel, ReplanUpdateEqualsFullLoad)
{
    if (!canRunNft())
        GTEST_SKIP() << "needs root, nft and ip";
    const auto cfg = nodeConfig();
    auto ports = replanScenario();
    NftablesPlan plan = planNftables(ports, cfg);
    NftNetns incremental, full;
    ASSERT_TRUE(incremental.ok() && full.ok());
    std::string out;
    ASSERT_EQ(incremental.nft(renderNftables(plan), &out), 0) << out;

    const std::vector<std::pair<std::function<void(std::vector<ServicePortInfo> &)>, std::set<std::string>>> steps = {
        {[](auto &p) { p[2].endpoints.clear(); }, {"default/b"}},
        {[](auto &p) { p[0].endpoints.erase(p[0].endpoints.begin()); p[1].endpoints = {ep("10.244.1.9", 9100)}; },
         {"default/a"}},
        {[](auto &p) { p.erase(p.begin() + 3); }, {"default/c"}},
        {[](auto &p) { p[3].endpoints = {ep("10.244.3.3", 53)}; p[4].loadBalancerSourceRanges.push_back("192.0.2.0/24"); },
         {"default/d", "team/e"}},
        // A pod replaced: same count, new address. Map elements only.
        {[](auto &p) { p[0].endpoints = {ep("10.244.1.7", 80)}; }, {"default/a"}},
    };
    int n = 0;
    for (const auto &[change, services] : steps) {
        change(ports);
        const std::string update = replanNftables(plan, portsOf(ports, services), services, cfg);
        ASSERT_EQ(incremental.nft(update, &out), 0) << "step " << n << ": " << out << "\n" << update;
        if (n == 4) {
            EXPECT_EQ(update.find("rule"), std::string::npos) << update;
            EXPECT_EQ(update.find("flush"), std::string::npos) << update;
            EXPECT_NE(update.find("add element ip service-studio endpoints-"), std::string::npos) << update;
        }
        // The kernel holds exactly the re-planned plan, which means what a full plan means.
        ASSERT_EQ(full.nft(renderNftables(plan), &out), 0) << out;
        EXPECT_EQ(blocksSorted(incremental.list()), blocksSorted(full.list())) << "step " << n << "\n" << update;
        EXPECT_EQ(canonical(plan), canonical(planNftables(ports, cfg))) << "step " << n;
        ++n;
    }
}
