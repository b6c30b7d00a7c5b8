// SPDX-License-Identifier: GPL-3.0-or-later
#include "iptables_applier.h"

#include <algorithm>

namespace studio::agent {

namespace {
using Micros = std::chrono::microseconds;
Micros since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration_cast<Micros>(std::chrono::steady_clock::now() - t0);
}
} // namespace

IptablesApplier::IptablesApplier(IptablesTools tools,
                                 ProcessRunner &runner,
                                 std::string restoreCommand)
    : m_tools(std::move(tools))
    , m_runner(runner)
    , m_restoreCommand(std::move(restoreCommand))
{}

Result<SavedRuleset> IptablesApplier::save()
{
    const ProcessResult r = m_runner.run(m_tools.save, {}, {}, kRestoreTimeout);
    if (!r.ok())
        return makeError("iptables-save", r.describe(m_tools.save));
    return parseIptablesSave(r.out);
}

Result<void> IptablesApplier::rescan()
{
    auto saved = save();
    if (!saved)
        return saved.error();
    m_chains.clear();
    m_builtins = SavedRuleset();
    for (const SavedTable &t : saved->tables) {
        if (t.name != "nat" && t.name != "filter")
            continue;
        SavedTable builtins;
        builtins.name = t.name;
        auto &mine = m_chains[t.name];
        for (const SavedChain &c : t.chains) {
            if (c.builtin)
                builtins.chains.push_back(c);
            else if (isAgentChain(c.name))
                mine.insert(
                    c.name); // only ours: the planner deletes known chains it no longer plans
        }
        m_builtins.tables.push_back(std::move(builtins));
    }
    m_hooksInstalled.clear();
    m_needsRescan = false;
    return {};
}

ProcessResult IptablesApplier::restore(const std::string &payload)
{
    const std::string &program = m_restoreCommand.empty() ? m_tools.restore : m_restoreCommand;
    return m_runner.run(program, m_tools.restoreArgs(), payload, kRestoreTimeout);
}

ApplyResult IptablesApplier::apply(const proxy::IptablesPlan &plan,
                                   bool full,
                                   const std::set<std::string> &changedServices)
{
    ApplyResult result;
    result.full = full;
    if (m_needsRescan) {
        const auto t0 = std::chrono::steady_clock::now();
        auto scanned = rescan();
        result.scanTime = since(t0);
        if (!scanned) {
            result.error = scanned.error().message;
            return result;
        }
    }

    proxy::RestoreScope scope;
    scope.full = full;
    if (!full)
        scope.changedServices = changedServices;
    scope.existingChains = m_chains;
    for (const proxy::HookRule &h : missingHooks(m_builtins, plan.hooks))
        if (std::find(m_hooksInstalled.begin(), m_hooksInstalled.end(), h)
            == m_hooksInstalled.end())
            scope.missingHooks.push_back(h);

    auto t0 = std::chrono::steady_clock::now();
    // Local: a 10,000-service payload is 24 MB, not kept between syncs.
    const std::string payload = proxy::renderRestore(plan, scope);
    result.renderTime = since(t0);
    result.payloadBytes = payload.size();
    result.payloadLines = size_t(std::count(payload.begin(), payload.end(), '\n'));

    t0 = std::chrono::steady_clock::now();
    const ProcessResult r = restore(payload);
    result.restoreTime = since(t0);
    if (!r.ok()) {
        result.error = r.describe(m_restoreCommand.empty() ? m_tools.restore : m_restoreCommand);
        const auto lines = failedLines(r.err);
        if (!lines.empty())
            result.excerpt = payloadExcerpt(payload, lines);
        // filter may have committed before nat failed: read the truth before the next try.
        m_needsRescan = true;
        return result;
    }
    result.ok = true;
    result.hooksInserted = int(scope.missingHooks.size());
    for (proxy::HookRule &h : scope.missingHooks)
        m_hooksInstalled.push_back(std::move(h));
    m_chains = proxy::chainNames(plan);
    return result;
}

Result<CleanupPlan> IptablesApplier::cleanup()
{
    auto saved = save();
    if (!saved)
        return saved.error();
    SavedRuleset ours;
    for (const SavedTable &t : saved->tables)
        if (t.name == "nat" || t.name == "filter")
            ours.tables.push_back(t);
    CleanupPlan plan = planCleanup(ours);
    if (plan.payload.empty())
        return plan;
    const ProcessResult r = restore(plan.payload);
    if (!r.ok()) {
        std::string message
            = r.describe(m_restoreCommand.empty() ? m_tools.restore : m_restoreCommand);
        const auto lines = failedLines(r.err);
        if (!lines.empty())
            message += "\n" + payloadExcerpt(plan.payload, lines);
        return makeError("iptables-restore", message);
    }
    m_chains.clear();
    m_needsRescan = true;
    return plan;
}

} // namespace studio::agent
