// SPDX-License-Identifier: GPL-3.0-or-later
#include "iptables_backend.h"

namespace studio::agent {

namespace {
template<typename F>
void forEachLine(std::string_view text, F f)
{
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        f(text.substr(start, end - start));
        start = end + 1;
    }
}
} // namespace

const char *backendName(IptablesBackend b)
{
    return b == IptablesBackend::Legacy ? "legacy" : "nft";
}

IptablesTools toolsFor(IptablesBackend backend)
{
    IptablesTools t;
    t.backend = backend;
    const std::string suffix = backend == IptablesBackend::Legacy ? "legacy" : "nft";
    t.save = "iptables-" + suffix + "-save";
    t.restore = "iptables-" + suffix + "-restore";
    return t;
}

int countRuleLines(std::string_view saveText)
{
    int n = 0;
    forEachLine(saveText, [&](std::string_view line) {
        if (line.size() > 1 && line[0] == '-')
            ++n;
    });
    return n;
}

bool hasHintChain(std::string_view saveText)
{
    bool found = false;
    forEachLine(saveText, [&](std::string_view line) {
        if (line.rfind(":KUBE-IPTABLES-HINT ", 0) == 0
            || line.rfind(":KUBE-KUBELET-CANARY ", 0) == 0)
            found = true;
    });
    return found;
}

BackendDecision chooseBackend(std::string_view legacySave, std::string_view nftSave)
{
    BackendDecision d;
    d.legacyRules = countRuleLines(legacySave);
    d.nftRules = countRuleLines(nftSave);
    const bool legacyHint = hasHintChain(legacySave);
    const bool nftHint = hasHintChain(nftSave);
    const std::string counts = "legacy holds " + std::to_string(d.legacyRules) + " rule lines, nft "
                               + std::to_string(d.nftRules);
    if (legacyHint != nftHint) {
        d.backend = legacyHint ? IptablesBackend::Legacy : IptablesBackend::Nft;
        d.reason = std::string("kubelet/kube-proxy hint chain found in ") + backendName(d.backend)
                   + " (" + counts + ")";
        return d;
    }
    if (d.legacyRules > d.nftRules) {
        d.backend = IptablesBackend::Legacy;
        d.reason = counts;
    } else if (d.nftRules > 0) {
        d.backend = IptablesBackend::Nft;
        d.reason = counts;
    } else {
        d.backend = IptablesBackend::Nft;
        d.reason = "no rules in either backend: nft, the system default";
    }
    return d;
}

Result<BackendDecision> detectBackend(ProcessRunner &runner)
{
    using namespace std::chrono_literals;
    const IptablesTools legacy = toolsFor(IptablesBackend::Legacy);
    const IptablesTools nft = toolsFor(IptablesBackend::Nft);
    const ProcessResult l = runner.run(legacy.save, {}, {}, 120s);
    const ProcessResult n = runner.run(nft.save, {}, {}, 600s);
    if (!l.ok() && !n.ok())
        return makeError("iptables-save",
                         "cannot read the node's rules: " + l.describe(legacy.save) + "; "
                             + n.describe(nft.save));
    return chooseBackend(l.ok() ? std::string_view(l.out) : std::string_view(),
                         n.ok() ? std::string_view(n.out) : std::string_view());
}

Result<BackendDecision> resolveBackend(IptablesBackendChoice choice, ProcessRunner &runner)
{
    if (choice == IptablesBackendChoice::Auto)
        return detectBackend(runner);
    BackendDecision d;
    d.backend
        = choice == IptablesBackendChoice::Legacy ? IptablesBackend::Legacy : IptablesBackend::Nft;
    d.reason = std::string("--iptables-backend ") + backendName(d.backend);
    return d;
}

} // namespace studio::agent
