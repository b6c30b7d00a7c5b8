// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Pushes an NftablesPlan into the kernel through libnftables, in-process (no subprocess per
// sync): each sync is one nft transaction, so a failure changes nothing in the kernel. The
// first sync, the sync after a failure and periodic syncs load the whole table (which
// replaces the previous one atomically: adoption on restart without a traffic gap); the
// others send only the difference to the last applied plan.
//
// Threading: the agent's thread; apply() blocks while the kernel takes the transaction.

#include "iptables_applier.h" // ApplyResult
#include "proxy/nftables_plan.h"
#include "util/result.h"

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>

struct nft_ctx;

namespace studio::agent {

class NftablesApplier
{
public:
    NftablesApplier();
    ~NftablesApplier();
    NftablesApplier(const NftablesApplier &) = delete;
    NftablesApplier &operator=(const NftablesApplier &) = delete;

    // False (with the reason) when libnftables cannot talk to the kernel here.
    Result<void> probe();
    ApplyResult apply(proxy::NftablesPlan plan, bool full);
    // A partial sync that re-plans only `services` (their current `ports`) against the last
    // applied plan and sends the difference; its cost does not grow with the other services.
    // Needs an applied plan (hasApplied()); on failure the next sync is full.
    ApplyResult applyChanges(const std::vector<proxy::ServicePortInfo> &ports,
                             const std::set<std::string> &services, const proxy::ProxyConfig &config);
    bool hasApplied() const { return m_applied.has_value(); }
    // What the kernel holds, as far as the agent knows (null before the first sync).
    const proxy::NftablesPlan *applied() const { return m_applied ? &*m_applied : nullptr; }
    // Deletes the agent's table (nothing else); succeeds when there is none.
    Result<void> cleanup(const std::string &family = "ip", const std::string &table = "service-studio");

    const std::string &lastPayload() const { return m_lastPayload; }

private:
    // Runs one nft script; returns the error text (empty on success).
    std::string run(const std::string &script, bool check = false);
    void renewContext();
    // Renders one transaction, runs it and times both; a failure forgets the applied plan.
    ApplyResult send(bool whole, const std::function<std::string()> &render);

    nft_ctx *m_ctx = nullptr;
    std::optional<proxy::NftablesPlan> m_applied;
    std::string m_lastPayload;
};

} // namespace studio::agent
