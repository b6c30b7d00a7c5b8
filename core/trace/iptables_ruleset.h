// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The iptables state of one node as the kernel holds it: tables of chains (built-in ones
// included) of parsed rules. Built from a plan, from `iptables-save` text, or by applying an
// `iptables-restore --noflush` payload the way iptables-restore does: each table is checked
// whole at COMMIT (unknown chains, jumps to chains that don't exist, deleting a chain that is
// still referenced) and only then replaces the table, so a bad payload changes nothing.
// That makes it the fake with teeth the agent's and planner's tests run against, and the
// reader of what a node really holds for the rules view. Pure values; any thread.

#include "proxy/iptables_plan.h"
#include "util/result.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace studio::trace {

struct RulesetChain
{
    std::string policy; // "ACCEPT"/"DROP" for built-in chains, empty for user chains
    std::vector<proxy::IptablesRule> rules;
    bool operator==(const RulesetChain &) const = default;
};

class IptablesRuleset
{
public:
    using Table = std::map<std::string, RulesetChain>;

    // The empty tables of a fresh network namespace (nat and filter with their built-ins).
    IptablesRuleset();

    // What a clean node holds after the agent's first sync of `plan` (probabilities in the
    // kernel's canonical form, see proxy::canonicalProbability).
    static IptablesRuleset fromPlan(const proxy::IptablesPlan &plan);
    // Parses `iptables-save` output (any tables; rules we can't parse are an error).
    static Result<IptablesRuleset> fromSave(std::string_view text);

    // iptables-restore semantics: with `noflush`, tables named in the payload keep chains
    // the payload doesn't declare; a declared chain is created or flushed. Errors name the
    // payload line ("line 12: ...") and leave *this unchanged.
    Result<void> applyRestore(std::string_view payload, bool noflush = true);

    const std::map<std::string, Table> &tables() const { return m_tables; }
    const RulesetChain *chain(std::string_view table, std::string_view chain) const;
    bool hasChain(std::string_view table, std::string_view chain) const;
    // Chains whose name starts with `prefix`, per table.
    std::vector<std::string> chainsWithPrefix(std::string_view table, std::string_view prefix) const;
    size_t ruleCount() const;

    bool operator==(const IptablesRuleset &) const = default;

private:
    std::map<std::string, Table> m_tables;
};

} // namespace studio::trace
