// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Which iptables the node uses: legacy (x_tables) or nft (nf_tables), chosen like
// kube-proxy's iptables-wrapper: the backend that holds the node's existing rules wins
// (first a kubelet/kube-proxy hint chain, then the larger number of rule lines), nft when
// neither has any (Debian 12's default). The agent then runs only that backend's
// *-save / *-restore binaries; it never mixes the two.

#include "agent_options.h"
#include "process_runner.h"
#include "util/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace studio::agent {

enum class IptablesBackend { Legacy, Nft };
const char *backendName(IptablesBackend b); // "legacy" / "nft"

struct IptablesTools
{
    IptablesBackend backend = IptablesBackend::Nft;
    std::string save;    // iptables-legacy-save / iptables-nft-save
    std::string restore; // iptables-legacy-restore / iptables-nft-restore
    // --noflush so that chains and rules we do not own survive; --wait so that we queue
    // behind other writers of the xtables lock instead of failing.
    std::vector<std::string> restoreArgs() const { return {"--noflush", "--wait=5"}; }
};
IptablesTools toolsFor(IptablesBackend backend);

// Rule lines ("-A ...") in an iptables-save text; hint chains as kube-proxy's wrapper looks
// for them (KUBE-IPTABLES-HINT, KUBE-KUBELET-CANARY).
int countRuleLines(std::string_view saveText);
bool hasHintChain(std::string_view saveText);

struct BackendDecision
{
    IptablesBackend backend = IptablesBackend::Nft;
    int legacyRules = 0;
    int nftRules = 0;
    std::string reason; // for the log: "legacy holds 42 rule lines, nft 0"
};
// The pure decision over the two save outputs (empty text: that backend has nothing).
BackendDecision chooseBackend(std::string_view legacySave, std::string_view nftSave);

// Runs both *-save binaries (all tables they have) and decides. A backend whose save fails
// counts as empty; when both fail, an Error.
Result<BackendDecision> detectBackend(ProcessRunner &runner);

// --iptables-backend: legacy/nft as given, auto detected.
Result<BackendDecision> resolveBackend(IptablesBackendChoice choice, ProcessRunner &runner);

} // namespace studio::agent
