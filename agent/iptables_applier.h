// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Pushes an IptablesPlan into the kernel: exactly one `iptables-restore --noflush` per sync,
// through the node's backend. What exists on the node is read once with iptables-save
// (the agent's chains, which hooks are in place) and then tracked from successful restores;
// it is read again after a failure (a restore is atomic per table, but filter may have
// committed before nat failed) and on periodic full syncs (someone may have flushed a
// built-in chain). A failed restore leaves the previous rules; the offending payload lines
// are returned for the log.
//
// Threading: the agent's thread; apply() blocks while the restore runs.

#include "iptables_backend.h"
#include "iptables_save.h"
#include "process_runner.h"
#include "proxy/iptables_plan.h"

#include <chrono>
#include <map>
#include <set>
#include <string>

namespace studio::agent {

struct ApplyResult
{
    bool ok = false;
    bool full = true;
    size_t payloadBytes = 0;
    size_t payloadLines = 0;
    int hooksInserted = 0;
    std::chrono::microseconds renderTime{0};
    std::chrono::microseconds restoreTime{0};
    std::chrono::microseconds scanTime{0}; // iptables-save, when it ran
    std::string error;                     // one line
    std::string excerpt;                   // the failed payload lines, when the restore named them
    // IPVS mode: requests sent to the kernel's IPVS family (dumps count one each), the
    // changes among them, the real servers still draining, kube-ipvs0 address changes.
    size_t netlinkMessages = 0;
    size_t ipvsChanges = 0;
    size_t ipvsDraining = 0;
    size_t addressChanges = 0;
    std::chrono::microseconds addressTime{0}; // kube-ipvs0's addresses (rtnetlink)
};

class IptablesApplier
{
public:
    // restoreCommand: the hidden test flag; empty uses tools.restore.
    IptablesApplier(IptablesTools tools, ProcessRunner &runner, std::string restoreCommand = {});

    // Reads the node's rules now (iptables-save of all tables; nat and filter are used).
    Result<void> rescan();
    void requestRescan() { m_needsRescan = true; }
    bool needsRescan() const { return m_needsRescan; }

    // Renders (full, or the fixed chains plus the changed services' chains) and restores.
    ApplyResult
    apply(const proxy::IptablesPlan &plan, bool full, const std::set<std::string> &changedServices);

    // Removes everything the agent created (see planCleanup) in one restore.
    // Returns the plan that was applied (payload empty: nothing to remove).
    Result<CleanupPlan> cleanup();

    const IptablesTools &tools() const { return m_tools; }
    // The agent's chains per table, as the node has them now.
    const std::map<std::string, std::set<std::string>> &knownChains() const { return m_chains; }

    static constexpr std::chrono::milliseconds kRestoreTimeout{600'000};

private:
    Result<SavedRuleset> save();
    ProcessResult restore(const std::string &payload);

    IptablesTools m_tools;
    ProcessRunner &m_runner;
    std::string m_restoreCommand;
    bool m_needsRescan = true;
    std::map<std::string, std::set<std::string>> m_chains; // agent chains only
    SavedRuleset m_builtins; // the built-in chains' rules at the last scan (hook detection)
    std::vector<proxy::HookRule> m_hooksInstalled; // inserted by us since the last scan
};

} // namespace studio::agent
