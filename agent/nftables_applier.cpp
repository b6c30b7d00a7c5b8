// SPDX-License-Identifier: GPL-3.0-or-later
#include "nftables_applier.h"

#include <nftables/libnftables.h>

#include <algorithm>
#include <chrono>

namespace studio::agent {

NftablesApplier::NftablesApplier()
{
    renewContext();
}

NftablesApplier::~NftablesApplier()
{
    if (m_ctx)
        nft_ctx_free(m_ctx);
}

void NftablesApplier::renewContext()
{
    if (m_ctx)
        nft_ctx_free(m_ctx);
    m_ctx = nft_ctx_new(NFT_CTX_DEFAULT);
    if (m_ctx) {
        nft_ctx_buffer_output(m_ctx);
        nft_ctx_buffer_error(m_ctx);
    }
}

std::string NftablesApplier::run(const std::string &script, bool check)
{
    if (!m_ctx)
        return "libnftables: cannot create a context";
    nft_ctx_set_dry_run(m_ctx, check);
    const int rc = nft_run_cmd_from_buffer(m_ctx, script.c_str());
    nft_ctx_set_dry_run(m_ctx, false);
    std::string err = nft_ctx_get_error_buffer(m_ctx) ? nft_ctx_get_error_buffer(m_ctx) : "";
    (void)nft_ctx_get_output_buffer(m_ctx); // drained: the next call starts empty
    if (rc == 0)
        return {};
    while (!err.empty() && (err.back() == '\n' || err.back() == ' '))
        err.pop_back();
    return err.empty() ? std::string("nft transaction failed") : err;
}

Result<void> NftablesApplier::probe()
{
    const std::string err = run("list tables");
    if (!err.empty())
        return Error{"nftables-unavailable", "nftables: " + err, {}, 0, 0};
    return {};
}

ApplyResult NftablesApplier::apply(proxy::NftablesPlan plan, bool full)
{
    const bool whole = full || !m_applied;
    ApplyResult r = send(whole, [&] {
        return whole ? proxy::renderNftables(plan) : proxy::renderNftablesUpdate(*m_applied, plan);
    });
    if (r.ok)
        m_applied = std::move(plan);
    return r;
}

ApplyResult NftablesApplier::applyChanges(const std::vector<proxy::ServicePortInfo> &ports,
                                          const std::set<std::string> &services,
                                          const proxy::ProxyConfig &config)
{
    // The applied plan changes in place; a failed transaction drops it (the next sync is full).
    return send(false, [&] { return proxy::replanNftables(*m_applied, ports, services, config); });
}

ApplyResult NftablesApplier::send(bool whole, const std::function<std::string()> &render)
{
    ApplyResult r;
    r.full = whole;
    const auto t0 = std::chrono::steady_clock::now();
    m_lastPayload = render();
    const auto t1 = std::chrono::steady_clock::now();
    r.payloadBytes = m_lastPayload.size();
    r.payloadLines = size_t(std::count(m_lastPayload.begin(), m_lastPayload.end(), '\n'));
    r.renderTime = std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0);
    r.ok = true;
    if (m_lastPayload.empty())
        return r;
    const std::string err = run(m_lastPayload);
    // A context that parsed a whole table keeps all of it as its cache, and the next small
    // transaction paid ~0.5 s at 10,000 services to drop and refetch it: start afresh.
    if (whole)
        renewContext();
    r.restoreTime = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t1);
    if (!err.empty()) {
        // nft names the failing line ("<cmdline>:12:3-9: Error: ..."): keep the first lines.
        r.ok = false;
        r.error = err.substr(0, err.find('\n'));
        r.excerpt = err;
        m_applied.reset(); // the kernel kept the previous table; the next sync is full
    }
    return r;
}

Result<void> NftablesApplier::cleanup(const std::string &family, const std::string &table)
{
    // "add" first so that deleting a table that is not there is not an error.
    const std::string err = run("add table " + family + " " + table + "\ndelete table " + family + " " + table + "\n");
    if (!err.empty())
        return Error{"nftables-cleanup", "nftables: " + err, {}, 0, 0};
    m_applied.reset();
    return {};
}

} // namespace studio::agent
