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

#include <memory>
#include <optional>
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
    ApplyResult apply(const proxy::NftablesPlan &plan, bool full);
    // Deletes the agent's table (nothing else); succeeds when there is none.
    Result<void> cleanup(const std::string &family = "ip", const std::string &table = "service-studio");

    const std::string &lastPayload() const { return m_lastPayload; }

private:
    // Runs one nft script; returns the error text (empty on success).
    std::string run(const std::string &script, bool check = false);

    nft_ctx *m_ctx = nullptr;
    std::optional<proxy::NftablesPlan> m_applied;
    std::string m_lastPayload;
};

} // namespace studio::agent
