// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What iptables-save says is on the node, and what follows from it for the agent: the chains
// that exist (RestoreScope::existingChains), which of the plan's hook rules are present
// (compared as parsed rules, so iptables-save's canonical order and rewritten values match),
// which chains are the agent's, and the one restore payload that removes them (--cleanup).
// Pure: text in, values out.

#include "proxy/iptables_plan.h"
#include "util/result.h"

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace studio::agent {

struct SavedChain
{
    std::string name;
    bool builtin = false;           // has a policy (":INPUT ACCEPT [0:0]")
    std::vector<std::string> rules; // argument text after "-A NAME "
};

struct SavedTable
{
    std::string name;
    std::vector<SavedChain> chains; // in save order
    const SavedChain *chain(std::string_view name) const;
};

struct SavedRuleset
{
    std::vector<SavedTable> tables;
    const SavedTable *table(std::string_view name) const;
    size_t ruleCount() const;
};

// Parses iptables-save output (comments, "*table", ":chain policy [p:b]", "-A chain ...",
// "COMMIT"). Errors name the line.
Result<SavedRuleset> parseIptablesSave(std::string_view text);

// The chains the agent (kube-proxy's iptables mode) creates and --cleanup removes:
// KUBE-SERVICES, KUBE-EXTERNAL-SERVICES, KUBE-NODEPORTS, KUBE-POSTROUTING, KUBE-MARK-MASQ,
// KUBE-MARK-DROP, KUBE-FORWARD, KUBE-PROXY-FIREWALL and KUBE-SVC-*, KUBE-SEP-*, KUBE-FW-*,
// KUBE-XLB-*. Not the kubelet's (KUBE-KUBELET-CANARY, KUBE-FIREWALL, ...).
bool isAgentChain(std::string_view chain);

// Every chain per table (for RestoreScope::existingChains), for the given tables.
std::map<std::string, std::set<std::string>>
existingChains(const SavedRuleset &saved, const std::set<std::string> &tables = {"nat", "filter"});

// The hooks of `wanted` not present in `saved`. A saved rule matches when parseRule() of it
// equals the hook's rule; a saved rule parseRule() cannot read matches when it jumps to the
// same chain with the same comment (so an unknown normalisation never duplicates a hook).
std::vector<proxy::HookRule> missingHooks(const SavedRuleset &saved,
                                          const std::vector<proxy::HookRule> &wanted);

struct CleanupPlan
{
    std::string payload; // empty: nothing to remove
    int chains = 0;
    int hookRules = 0;
};
// One --noflush payload for all tables: flush every agent chain, delete the rules of other
// chains that jump into them (the hooks), delete the agent chains. Nothing else is touched.
CleanupPlan planCleanup(const SavedRuleset &saved);

// The 1-based line numbers an iptables-restore error output names ("line 3 failed",
// "Error occurred at line: 3", "line 3: CHAIN_DEL failed").
std::vector<int> failedLines(std::string_view restoreStderr);
// Those lines of the payload (with a line before each, for context), for the log.
std::string
payloadExcerpt(std::string_view payload, const std::vector<int> &lines, int context = 1);

} // namespace studio::agent
