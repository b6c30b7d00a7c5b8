// SPDX-License-Identifier: GPL-3.0-or-later
#include "trace/iptables_ruleset.h"

#include <algorithm>
#include <charconv>

namespace studio::trace {

namespace {

using proxy::IptablesRule;

const std::map<std::string, std::vector<std::string>> &builtins()
{
    static const std::map<std::string, std::vector<std::string>> k = {
        {"filter", {"INPUT", "FORWARD", "OUTPUT"}},
        {"nat", {"PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"}},
        {"mangle", {"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"}},
        {"raw", {"PREROUTING", "OUTPUT"}},
    };
    return k;
}

IptablesRuleset::Table freshTable(const std::string &name)
{
    IptablesRuleset::Table t;
    const auto it = builtins().find(name);
    if (it != builtins().end())
        for (const std::string &c : it->second)
            t[c] = RulesetChain{"ACCEPT", {}};
    return t;
}

bool isBuiltin(const std::string &table, const std::string &chain)
{
    const auto it = builtins().find(table);
    return it != builtins().end()
           && std::find(it->second.begin(), it->second.end(), chain) != it->second.end();
}

Error lineError(int line, const std::string &message)
{
    return Error{"iptables-restore", "line " + std::to_string(line) + ": " + message, {}, line, 0};
}

// Splits "-A CHAIN rest" into the chain and the rest.
bool splitCommand(std::string_view line, std::string &cmd, std::string &chain, std::string_view &rest)
{
    auto word = [&](std::string &out) {
        while (!line.empty() && line.front() == ' ')
            line.remove_prefix(1);
        const size_t sp = line.find(' ');
        out = std::string(line.substr(0, sp));
        line.remove_prefix(sp == std::string_view::npos ? line.size() : sp);
        return !out.empty();
    };
    if (!word(cmd))
        return false;
    word(chain);
    while (!line.empty() && line.front() == ' ')
        line.remove_prefix(1);
    rest = line;
    return true;
}

// A jump target that names a user chain (not a built-in target).
bool referencesChain(const IptablesRule &r)
{
    return r.target == IptablesRule::Target::Jump && !r.jumpChain.empty();
}

} // namespace

IptablesRuleset::IptablesRuleset()
{
    m_tables["filter"] = freshTable("filter");
    m_tables["nat"] = freshTable("nat");
}

IptablesRuleset IptablesRuleset::fromPlan(const proxy::IptablesPlan &plan)
{
    IptablesRuleset rs;
    for (const proxy::IptablesTable *t : {&plan.filter, &plan.nat}) {
        Table &table = rs.m_tables[t->name];
        for (const proxy::IptablesChain &c : t->chains) {
            RulesetChain chain{{}, c.rules};
            // As the kernel will hold them (and as applyRestore reads them).
            for (IptablesRule &r : chain.rules)
                if (!r.probability.empty())
                    r.probability = proxy::canonicalProbability(r.probability);
            table[c.name] = std::move(chain);
        }
    }
    for (const proxy::HookRule &h : plan.hooks)
        rs.m_tables[h.table][h.chain].rules.push_back(h.rule);
    return rs;
}

Result<IptablesRuleset> IptablesRuleset::fromSave(std::string_view text)
{
    IptablesRuleset rs;
    rs.m_tables.clear();
    // iptables-save output is a valid restore payload for empty tables.
    if (auto r = rs.applyRestore(text, false); !r)
        return r.error();
    for (const char *t : {"filter", "nat"})
        if (!rs.m_tables.count(t))
            rs.m_tables[t] = freshTable(t);
    return rs;
}

Result<void> IptablesRuleset::applyRestore(std::string_view payload, bool noflush)
{
    std::map<std::string, Table> committed = m_tables;
    std::string tableName;
    Table work;
    bool inTable = false;
    int lineNo = 0;
    size_t pos = 0;
    while (pos <= payload.size()) {
        size_t nl = payload.find('\n', pos);
        if (nl == std::string_view::npos)
            nl = payload.size();
        std::string_view line = payload.substr(pos, nl - pos);
        pos = nl + 1;
        ++lineNo;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.remove_suffix(1);
        if (line.empty() || line.front() == '#') {
            if (nl == payload.size())
                break;
            continue;
        }
        if (line.front() == '*') {
            if (inTable)
                return lineError(lineNo, "table " + std::string(line.substr(1)) + " starts before COMMIT of " + tableName);
            tableName = std::string(line.substr(1));
            if (!builtins().count(tableName))
                return lineError(lineNo, "unknown table \"" + tableName + "\"");
            inTable = true;
            const auto it = committed.find(tableName);
            work = (noflush && it != committed.end()) ? it->second : freshTable(tableName);
        } else if (!inTable) {
            return lineError(lineNo, "rule outside a table (missing *table line)");
        } else if (line == "COMMIT") {
            // The kernel's checks: every jump must reach an existing chain.
            for (const auto &[name, chain] : work)
                for (const IptablesRule &r : chain.rules)
                    if (referencesChain(r) && !work.count(r.jumpChain))
                        return lineError(lineNo, "chain " + name + " jumps to " + r.jumpChain
                                                     + ", which does not exist (COMMIT of table " + tableName + " failed)");
            committed[tableName] = std::move(work);
            work = {};
            inTable = false;
            m_tables = committed; // a table is committed at its COMMIT, as iptables-restore does
        } else if (line.front() == ':') {
            const std::string_view decl = line.substr(1);
            const size_t sp = decl.find(' ');
            const std::string name(decl.substr(0, sp));
            std::string policy = sp == std::string_view::npos ? std::string("-") : std::string(decl.substr(sp + 1));
            policy = policy.substr(0, policy.find(' '));
            if (name.empty() || name.size() > 28)
                return lineError(lineNo, "invalid chain name \"" + name + "\"");
            if (isBuiltin(tableName, name)) {
                if (policy != "ACCEPT" && policy != "DROP")
                    return lineError(lineNo, "bad policy \"" + policy + "\" for " + name);
                work[name].policy = policy;
                if (!noflush)
                    work[name].rules.clear();
            } else {
                if (policy != "-")
                    return lineError(lineNo, "user chain " + name + " cannot have a policy");
                work[name] = RulesetChain{{}, {}}; // created, or flushed
            }
        } else {
            std::string cmd, chain;
            std::string_view rest;
            if (!splitCommand(line, cmd, chain, rest))
                return lineError(lineNo, "cannot parse \"" + std::string(line) + "\"");
            if (cmd == "-A" || cmd == "-I" || cmd == "-D") {
                auto it = work.find(chain);
                if (it == work.end())
                    return lineError(lineNo, "chain " + chain + " does not exist");
                size_t at = 0;
                if (cmd == "-I") {
                    // Optional 1-based position.
                    const size_t sp = rest.find(' ');
                    const std::string_view first = rest.substr(0, sp);
                    int n = 0;
                    const auto r = std::from_chars(first.data(), first.data() + first.size(), n);
                    if (r.ec == std::errc() && r.ptr == first.data() + first.size()) {
                        if (n < 1 || size_t(n) > it->second.rules.size() + 1)
                            return lineError(lineNo, "index of insertion too big");
                        at = size_t(n - 1);
                        rest.remove_prefix(sp == std::string_view::npos ? rest.size() : sp + 1);
                    }
                }
                auto rule = proxy::parseRule(rest);
                if (!rule)
                    return lineError(lineNo, rule.error().message);
                auto &rules = it->second.rules;
                if (cmd == "-A")
                    rules.push_back(std::move(*rule));
                else if (cmd == "-I")
                    rules.insert(rules.begin() + long(at), std::move(*rule));
                else {
                    const auto f = std::find(rules.begin(), rules.end(), *rule);
                    if (f == rules.end())
                        return lineError(lineNo, "rule to delete not found in " + chain);
                    rules.erase(f);
                }
            } else if (cmd == "-N") {
                if (work.count(chain))
                    return lineError(lineNo, "chain " + chain + " already exists");
                work[chain] = RulesetChain{{}, {}};
            } else if (cmd == "-F") {
                if (chain.empty()) {
                    for (auto &[n, c] : work)
                        c.rules.clear();
                } else {
                    auto it = work.find(chain);
                    if (it == work.end())
                        return lineError(lineNo, "chain " + chain + " does not exist");
                    it->second.rules.clear();
                }
            } else if (cmd == "-X") {
                auto it = work.find(chain);
                if (it == work.end())
                    return lineError(lineNo, "chain " + chain + " does not exist");
                if (isBuiltin(tableName, chain))
                    return lineError(lineNo, "cannot delete built-in chain " + chain);
                if (!it->second.rules.empty())
                    return lineError(lineNo, "chain " + chain + " is not empty");
                for (const auto &[n, c] : work)
                    for (const IptablesRule &r : c.rules)
                        if (referencesChain(r) && r.jumpChain == chain)
                            return lineError(lineNo, "chain " + chain + " is still referenced by " + n);
                work.erase(it);
            } else {
                return lineError(lineNo, "unknown command \"" + cmd + "\"");
            }
        }
        if (nl == payload.size())
            break;
    }
    if (inTable)
        return lineError(lineNo, "COMMIT expected at the end of table " + tableName);
    m_tables = std::move(committed);
    return {};
}

const RulesetChain *IptablesRuleset::chain(std::string_view table, std::string_view chain) const
{
    const auto t = m_tables.find(std::string(table));
    if (t == m_tables.end())
        return nullptr;
    const auto c = t->second.find(std::string(chain));
    return c == t->second.end() ? nullptr : &c->second;
}

bool IptablesRuleset::hasChain(std::string_view table, std::string_view chain) const
{
    return this->chain(table, chain) != nullptr;
}

std::vector<std::string> IptablesRuleset::chainsWithPrefix(std::string_view table,
                                                           std::string_view prefix) const
{
    std::vector<std::string> out;
    const auto t = m_tables.find(std::string(table));
    if (t != m_tables.end())
        for (const auto &[name, c] : t->second)
            if (std::string_view(name).substr(0, prefix.size()) == prefix)
                out.push_back(name);
    return out;
}

size_t IptablesRuleset::ruleCount() const
{
    size_t n = 0;
    for (const auto &[tn, t] : m_tables)
        for (const auto &[cn, c] : t)
            n += c.rules.size();
    return n;
}

} // namespace studio::trace
