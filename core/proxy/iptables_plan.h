// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The iptables plan of one node (kube-proxy v1.20 iptables mode, with 1.26's partial syncs):
// the complete desired content of the nat and filter chains the proxy owns, plus the jumps
// from the built-in chains. Pure: no I/O, any thread. The agent renders it to one
// `iptables-restore --noflush` payload per sync; the GUI's rules view and the tracer read it.
//
// Ownership (what --cleanup removes and nothing else): every chain in the plan's tables and
// the hook rules. Chains are declared in the payload only when written, so chains of other
// programs survive (--noflush).

#include "proxy/iptables_rule.h"
#include "proxy/service_ports.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace studio::proxy {

struct IptablesChain
{
    std::string name;
    std::vector<IptablesRule> rules;
    // The service ("namespace/name") whose chains these are; empty for the fixed chains that
    // are rewritten on every sync (KUBE-SERVICES, KUBE-NODEPORTS, ...).
    std::string service;
    bool operator==(const IptablesChain &) const = default;
};

struct IptablesTable
{
    std::string name; // "nat" or "filter"
    std::vector<IptablesChain> chains; // fixed chains first, then per service, in plan order
    const IptablesChain *chain(std::string_view chainName) const;
    bool operator==(const IptablesTable &) const = default;
};

// A rule in a built-in chain (PREROUTING, OUTPUT, POSTROUTING, INPUT, FORWARD) that jumps
// into ours. Inserted at the top when missing (kube-proxy's EnsureRule with Prepend).
struct HookRule
{
    std::string table;
    std::string chain;
    IptablesRule rule;
    bool operator==(const HookRule &) const = default;
};

struct IptablesPlan
{
    IptablesTable nat{"nat", {}};
    IptablesTable filter{"filter", {}};
    std::vector<HookRule> hooks;
    // healthCheckNodePort -> (service key, local endpoint count): proxy::healthChecks(ports).
    using HealthCheck = proxy::HealthCheck;
    std::map<int, HealthCheck> healthChecks;

    const IptablesTable *table(std::string_view tableName) const;
    size_t ruleCount() const;
    bool operator==(const IptablesPlan &) const = default;
};

IptablesPlan planIptables(const std::vector<ServicePortInfo> &ports, const ProxyConfig &config);

// What a restore payload covers.
struct RestoreScope
{
    // Full: every chain of the plan is declared (flushed) and rewritten.
    // Partial: the fixed chains, plus the chains of `changedServices` ("namespace/name").
    bool full = true;
    std::set<std::string> changedServices;
    // Chains that exist now (from the last successful sync or from iptables-save at start),
    // per table: those not in the plan are flushed and deleted (-X).
    std::map<std::string, std::set<std::string>> existingChains;
    // Hooks that are missing on the node and must be inserted ("-I CHAIN 1 ...").
    std::vector<HookRule> missingHooks;
};

// The iptables-restore payload ("*filter ... COMMIT *nat ... COMMIT"), for --noflush.
std::string renderRestore(const IptablesPlan &plan, const RestoreScope &scope);

// The chain names of the plan, per table (what the agent records after a successful sync).
std::map<std::string, std::set<std::string>> chainNames(const IptablesPlan &plan);

// The whole plan as an iptables-save-like listing (every chain and hook), for `plan` and
// the rules view.
std::string renderListing(const IptablesPlan &plan);

} // namespace studio::proxy
