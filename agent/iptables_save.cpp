// SPDX-License-Identifier: GPL-3.0-or-later
#include "iptables_save.h"

#include "proxy/userspace_plan.h"

#include "proxy/chain_names.h"

#include <algorithm>
#include <cctype>

namespace studio::agent {

namespace {

std::vector<std::string_view> lines(std::string_view text)
{
    std::vector<std::string_view> out;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view l = text.substr(start, end - start);
        if (!l.empty() && l.back() == '\r')
            l.remove_suffix(1);
        out.push_back(l);
        start = end + 1;
    }
    return out;
}

SavedChain *findChain(SavedTable &t, std::string_view name)
{
    for (SavedChain &c : t.chains)
        if (c.name == name)
            return &c;
    return nullptr;
}

// The -j target of a rule's argument text, and its comment, without full parsing.
void targetAndComment(const std::string &args, std::string *target, std::string *comment)
{
    auto split = proxy::splitArguments(args);
    if (!split)
        return;
    const auto &t = *split;
    for (size_t i = 0; i + 1 < t.size(); ++i) {
        if (t[i] == "-j" || t[i] == "--jump")
            *target = t[i + 1];
        else if (t[i] == "--comment")
            *comment = t[i + 1];
    }
}

} // namespace

const SavedChain *SavedTable::chain(std::string_view chainName) const
{
    for (const SavedChain &c : chains)
        if (c.name == chainName)
            return &c;
    return nullptr;
}

const SavedTable *SavedRuleset::table(std::string_view tableName) const
{
    for (const SavedTable &t : tables)
        if (t.name == tableName)
            return &t;
    return nullptr;
}

size_t SavedRuleset::ruleCount() const
{
    size_t n = 0;
    for (const SavedTable &t : tables)
        for (const SavedChain &c : t.chains)
            n += c.rules.size();
    return n;
}

Result<SavedRuleset> parseIptablesSave(std::string_view text)
{
    SavedRuleset out;
    SavedTable *table = nullptr;
    int lineNo = 0;
    auto fail = [&](const std::string &why) {
        return makeError("iptables-save-parse",
                         "iptables-save output, line " + std::to_string(lineNo) + ": " + why,
                         lineNo);
    };
    for (std::string_view l : lines(text)) {
        ++lineNo;
        if (l.empty() || l.front() == '#')
            continue;
        if (l.front() == '*') {
            SavedTable t;
            t.name = std::string(l.substr(1));
            // The same table twice (two saves concatenated) continues the first.
            auto it = std::find_if(out.tables.begin(), out.tables.end(), [&](const SavedTable &x) {
                return x.name == t.name;
            });
            if (it == out.tables.end()) {
                out.tables.push_back(std::move(t));
                table = &out.tables.back();
            } else {
                table = &*it;
            }
            continue;
        }
        if (l == "COMMIT") {
            table = nullptr;
            continue;
        }
        if (!table)
            return fail("outside of a table");
        if (l.front() == ':') {
            const size_t sp = l.find(' ');
            SavedChain c;
            c.name = std::string(
                l.substr(1, sp == std::string_view::npos ? std::string_view::npos : sp - 1));
            const std::string_view policy
                = sp == std::string_view::npos ? std::string_view() : l.substr(sp + 1);
            c.builtin = !policy.empty() && policy.front() != '-';
            if (!findChain(*table, c.name))
                table->chains.push_back(std::move(c));
            continue;
        }
        if (l.rfind("-A ", 0) == 0) {
            const std::string_view rest = l.substr(3);
            const size_t sp = rest.find(' ');
            const std::string chain(rest.substr(0, sp));
            SavedChain *c = findChain(*table, chain);
            if (!c)
                return fail("rule for undeclared chain " + chain);
            c->rules.emplace_back(sp == std::string_view::npos ? std::string_view()
                                                               : rest.substr(sp + 1));
            continue;
        }
        return fail("unexpected line: " + std::string(l.substr(0, 80)));
    }
    return out;
}

bool isAgentChain(std::string_view chain)
{
    static constexpr std::string_view fixed[] = {proxy::kServicesChain,
                                                 proxy::kExternalServicesChain,
                                                 proxy::kNodePortsChain,
                                                 proxy::kPostroutingChain,
                                                 proxy::kMarkMasqChain,
                                                 proxy::kMarkDropChain,
                                                 proxy::kForwardChain,
                                                 proxy::kProxyFirewallChain,
                                                 // --proxy-mode userspace
                                                 proxy::kPortalsContainerChain,
                                                 proxy::kPortalsHostChain,
                                                 proxy::kNodePortContainerChain,
                                                 proxy::kNodePortHostChain};
    for (std::string_view f : fixed)
        if (chain == f)
            return true;
    static constexpr std::string_view prefixes[]
        = {"KUBE-SVC-", "KUBE-SEP-", "KUBE-FW-", "KUBE-XLB-"};
    for (std::string_view p : prefixes)
        if (chain.size() > p.size() && chain.substr(0, p.size()) == p)
            return true;
    return false;
}

std::map<std::string, std::set<std::string>> existingChains(const SavedRuleset &saved,
                                                            const std::set<std::string> &tables)
{
    std::map<std::string, std::set<std::string>> out;
    for (const SavedTable &t : saved.tables) {
        if (!tables.empty() && !tables.count(t.name))
            continue;
        auto &set = out[t.name];
        for (const SavedChain &c : t.chains)
            set.insert(c.name);
    }
    return out;
}

std::vector<proxy::HookRule> missingHooks(const SavedRuleset &saved,
                                          const std::vector<proxy::HookRule> &wanted)
{
    std::vector<proxy::HookRule> missing;
    for (const proxy::HookRule &hook : wanted) {
        bool present = false;
        const SavedTable *t = saved.table(hook.table);
        const SavedChain *c = t ? t->chain(hook.chain) : nullptr;
        if (c) {
            for (const std::string &args : c->rules) {
                auto parsed = proxy::parseRule(args);
                if (parsed) {
                    if (*parsed == hook.rule) {
                        present = true;
                        break;
                    }
                    continue;
                }
                std::string target, comment;
                targetAndComment(args, &target, &comment);
                if (hook.rule.target == proxy::IptablesRule::Target::Jump
                    && target == hook.rule.jumpChain && comment == hook.rule.comment) {
                    present = true;
                    break;
                }
            }
        }
        if (!present)
            missing.push_back(hook);
    }
    return missing;
}

CleanupPlan planCleanup(const SavedRuleset &saved)
{
    CleanupPlan plan;
    std::string payload;
    for (const SavedTable &t : saved.tables) {
        std::vector<const SavedChain *> ours;
        for (const SavedChain &c : t.chains)
            if (!c.builtin && isAgentChain(c.name))
                ours.push_back(&c);
        if (ours.empty())
            continue;
        std::string body = "*" + t.name + "\n";
        // Declaring a chain in a --noflush restore flushes it: afterwards no agent chain
        // references another, so all can be deleted.
        for (const SavedChain *c : ours)
            body += ":" + c->name + " - [0:0]\n";
        // Rules of other chains that jump into ours (the hooks in PREROUTING, OUTPUT, ...).
        for (const SavedChain &c : t.chains) {
            if (!c.builtin && isAgentChain(c.name))
                continue;
            for (const std::string &args : c.rules) {
                std::string target, comment;
                targetAndComment(args, &target, &comment);
                if (!target.empty() && isAgentChain(target)) {
                    body += "-D " + c.name + " " + args + "\n";
                    ++plan.hookRules;
                }
            }
        }
        for (const SavedChain *c : ours) {
            body += "-X " + c->name + "\n";
            ++plan.chains;
        }
        body += "COMMIT\n";
        payload += body;
    }
    plan.payload = std::move(payload);
    return plan;
}

std::vector<int> failedLines(std::string_view err)
{
    std::vector<int> out;
    size_t pos = 0;
    while ((pos = err.find("line", pos)) != std::string_view::npos) {
        size_t i = pos + 4;
        if (i < err.size() && err[i] == ':')
            ++i;
        while (i < err.size() && err[i] == ' ')
            ++i;
        int n = 0;
        size_t digits = 0;
        while (i < err.size() && std::isdigit((unsigned char)err[i]) && digits < 9) {
            n = n * 10 + (err[i] - '0');
            ++i;
            ++digits;
        }
        if (digits > 0 && std::find(out.begin(), out.end(), n) == out.end())
            out.push_back(n);
        pos += 4;
    }
    return out;
}

std::string payloadExcerpt(std::string_view payload, const std::vector<int> &wanted, int context)
{
    const auto all = lines(payload);
    std::set<int> show;
    for (int n : wanted)
        for (int k = n - context; k <= n; ++k)
            if (k >= 1 && k <= int(all.size()))
                show.insert(k);
    std::string out;
    for (int k : show) {
        out += "  " + std::to_string(k) + ": " + std::string(all[size_t(k - 1)].substr(0, 300));
        if (std::find(wanted.begin(), wanted.end(), k) != wanted.end())
            out += "   <-- failed";
        out += "\n";
    }
    return out;
}

} // namespace studio::agent
