// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// service-agent's command line, with kube-proxy's flag names where the meaning is the same.
// Both "--flag value" and "--flag=value" are accepted (as pflag does). Pure: no I/O except
// the host name default.

#include "logger.h"
#include "util/result.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace studio::agent {

enum class IptablesBackendChoice { Auto, Legacy, Nft };

struct BindAddress
{
    std::string host; // "0.0.0.0", "127.0.0.1", "::"
    int port = 0;
    bool operator==(const BindAddress &) const = default;
};

struct AgentOptions
{
    std::string kubeconfig;
    std::string stateFile;
    std::string nodeName; // --hostname-override, else the host name (lower case)
    std::string proxyMode = "iptables"; // iptables, nftables, ipvs
    std::string ipvsScheduler = "rr";
    IptablesBackendChoice iptablesBackend = IptablesBackendChoice::Auto;
    std::string clusterCidr;
    std::vector<std::string> nodePortAddresses;
    bool masqueradeAll = false;
    int masqueradeBit = 14;
    std::chrono::milliseconds syncPeriod{30'000};
    std::chrono::milliseconds minSyncPeriod{1'000};
    std::optional<BindAddress> healthzBindAddress = BindAddress{"0.0.0.0", 10256};
    std::optional<BindAddress> metricsBindAddress = BindAddress{"127.0.0.1", 10249};
    bool cleanup = false;
    LogLevel logLevel = LogLevel::Info;
    // Hidden, for tests: run restores through this program instead of the backend's
    // iptables-restore (it gets the same arguments and the payload on stdin).
    std::string restoreCommand;
};

struct ParsedCommandLine
{
    enum class Action { Run, Cleanup, Help, Version };
    Action action = Action::Run;
    AgentOptions options;
};

// args without the program name. Errors (code "usage") carry a one-line message naming the
// flag; the caller prints it with the usage hint and exits 2.
Result<ParsedCommandLine> parseCommandLine(const std::vector<std::string> &args);

// Go-style durations: "500ms", "1s", "30s", "1m", "1m30s", "1.5s", "2h", "0".
Result<std::chrono::milliseconds> parseDuration(std::string_view text);
// "HOST:PORT", "[::]:PORT", or "HOST" alone (then defaultPort); empty: disabled (nullopt).
Result<std::optional<BindAddress>> parseBindAddress(std::string_view text, int defaultPort);

std::string usageText();
std::string versionText();
const char *backendChoiceName(IptablesBackendChoice c);

} // namespace studio::agent
