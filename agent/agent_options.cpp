// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent_options.h"

#include "proxy/ipvs_plan.h"
#include "util/ip_address.h"

#include <QString>
#include <QSysInfo>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>

namespace studio::agent {

namespace {

Error usage(std::string message)
{
    return makeError("usage", std::move(message));
}

std::vector<std::string> splitComma(std::string_view s)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        size_t end = s.find(',', start);
        if (end == std::string_view::npos)
            end = s.size();
        std::string item(s.substr(start, end - start));
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty())
            out.push_back(std::move(item));
        start = end + 1;
    }
    return out;
}

Result<std::string> checkCidr(const std::string &flag, const std::string &value)
{
    if (!IpNetwork::parse(value) || value.find('/') == std::string::npos)
        return usage("invalid value \"" + value + "\" for " + flag
                     + ": not a CIDR (e.g. 10.244.0.0/16)");
    return value;
}

} // namespace

const char *backendChoiceName(IptablesBackendChoice c)
{
    switch (c) {
    case IptablesBackendChoice::Auto:
        return "auto";
    case IptablesBackendChoice::Legacy:
        return "legacy";
    case IptablesBackendChoice::Nft:
        return "nft";
    }
    return "auto";
}

Result<std::chrono::milliseconds> parseDuration(std::string_view text)
{
    const std::string original(text);
    auto bad = [&]() {
        return makeError("duration",
                         "invalid duration \"" + original + "\" (use e.g. 500ms, 1s, 30s, 1m30s)");
    };
    if (text.empty())
        return bad();
    if (text == "0")
        return std::chrono::milliseconds(0);
    double totalMs = 0;
    size_t i = 0;
    while (i < text.size()) {
        const size_t numStart = i;
        while (i < text.size() && (std::isdigit((unsigned char)text[i]) || text[i] == '.'))
            ++i;
        if (i == numStart)
            return bad();
        const std::string num(text.substr(numStart, i - numStart));
        if (std::count(num.begin(), num.end(), '.') > 1 || num == ".")
            return bad();
        const size_t unitStart = i;
        while (i < text.size() && std::isalpha((unsigned char)text[i]))
            ++i;
        const std::string_view unit = text.substr(unitStart, i - unitStart);
        double factor = 0;
        if (unit == "ms")
            factor = 1;
        else if (unit == "s")
            factor = 1000;
        else if (unit == "m")
            factor = 60'000;
        else if (unit == "h")
            factor = 3'600'000;
        else if (unit == "us" || unit == "µs")
            factor = 0.001;
        else if (unit == "ns")
            factor = 0.000001;
        else
            return bad();
        totalMs += std::stod(num) * factor;
    }
    if (totalMs > 1e12)
        return bad();
    return std::chrono::milliseconds(int64_t(std::llround(totalMs)));
}

Result<std::optional<BindAddress>> parseBindAddress(std::string_view text, int defaultPort)
{
    const std::string original(text);
    if (text.empty())
        return std::optional<BindAddress>();
    auto bad = [&](const std::string &why) {
        return makeError("bind-address", "invalid bind address \"" + original + "\": " + why);
    };
    BindAddress b;
    std::string_view portText;
    if (text.front() == '[') {
        const size_t close = text.find(']');
        if (close == std::string_view::npos)
            return bad("missing ]");
        b.host = std::string(text.substr(1, close - 1));
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':')
                return bad("expected :PORT after ]");
            portText = rest.substr(1);
        }
    } else {
        const size_t colon = text.rfind(':');
        if (colon != std::string_view::npos && text.find(':') == colon) {
            b.host = std::string(text.substr(0, colon));
            portText = text.substr(colon + 1);
        } else {
            b.host = std::string(text); // plain host (or a bare IPv6 address)
        }
    }
    if (b.host.empty())
        b.host = "0.0.0.0";
    if (!IpAddress::parse(b.host))
        return bad("not an IP address");
    if (portText.empty()) {
        b.port = defaultPort;
    } else {
        int port = 0;
        for (char c : portText) {
            if (!std::isdigit((unsigned char)c))
                return bad("port is not a number");
            port = port * 10 + (c - '0');
            if (port > 65535)
                return bad("port out of range");
        }
        b.port = port;
    }
    return std::optional<BindAddress>(b);
}

std::string versionText()
{
    return std::string("service-agent ") + STUDIO_AGENT_VERSION;
}

std::string usageText()
{
    return R"(Usage: service-agent (--kubeconfig FILE | --state-file FILE) [flags]
       service-agent --cleanup [--iptables-backend auto|legacy|nft]

A kube-proxy compatible node agent (iptables mode).

Flags:
  --kubeconfig FILE                 watch Services, Endpoints and this Node on this cluster
  --state-file FILE                 run from a YAML file of Services/Endpoints/Pods/Nodes
                                    (re-read when it changes)
  --hostname-override NAME          this node's name (default: the host name)
  --proxy-mode iptables|nftables|ipvs|userspace
                                    proxy mode (default iptables); ipvs falls back to
                                    iptables when the kernel has no IPVS; userspace
                                    proxies TCP through the agent itself
  --ipvs-scheduler rr|lc|dh|sh|sed|nq
                                    IPVS scheduler (default rr)
  --iptables-backend auto|legacy|nft
                                    auto: the backend holding the node's rules (default)
  --cluster-cidr CIDR               pod network; traffic from outside it is masqueraded
  --nodeport-addresses CIDR[,CIDR]  serve NodePorts only on these local addresses
  --masquerade-all                  masquerade all service traffic
  --iptables-masquerade-bit N       mark bit for masquerading (default 14)
  --iptables-sync-period DUR        full resync period (default 30s)
  --iptables-min-sync-period DUR    minimum time between syncs (default 1s)
  --healthz-bind-address HOST:PORT  /healthz (default 0.0.0.0:10256; empty disables)
  --metrics-bind-address HOST:PORT  /metrics (default 127.0.0.1:10249; empty disables)
  --cleanup                         remove every rule and chain the agent created, then exit
  --log-level LEVEL                 error, warning, info (default) or debug
  --version                         print the version and exit
  --help                            print this help and exit

Durations: 500ms, 1s, 30s, 1m, 1m30s.
)";
}

Result<ParsedCommandLine> parseCommandLine(const std::vector<std::string> &args)
{
    ParsedCommandLine out;
    AgentOptions &o = out.options;
    bool sawHostname = false;
    bool help = false, version = false;

    using Setter = std::function<Result<void>(const std::string &)>;
    const std::map<std::string, Setter> valued = {
        {"--kubeconfig",
         [&](const std::string &v) -> Result<void> {
             o.kubeconfig = v;
             return {};
         }},
        {"--state-file",
         [&](const std::string &v) -> Result<void> {
             o.stateFile = v;
             return {};
         }},
        {"--hostname-override",
         [&](const std::string &v) -> Result<void> {
             std::string lower = v;
             std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
                 return char(std::tolower(c));
             });
             lower.erase(0, lower.find_first_not_of(" \t"));
             lower.erase(lower.find_last_not_of(" \t") + 1);
             if (lower.empty())
                 return usage("--hostname-override must not be empty");
             o.nodeName = lower;
             sawHostname = true;
             return {};
         }},
        {"--proxy-mode",
         [&](const std::string &v) -> Result<void> {
             if (v == "iptables" || v.empty()) {
                 o.proxyMode = "iptables";
                 return {};
             }
             if (v == "nftables" || v == "ipvs" || v == "userspace") {
                 o.proxyMode = v;
                 return {};
             }
             if (v == "kernelspace")
                 return usage("--proxy-mode " + v
                              + " is not supported yet (iptables, nftables, ipvs or userspace)");
             return usage("invalid value \"" + v
                          + "\" for --proxy-mode (iptables, nftables, ipvs or userspace)");
         }},
        {"--ipvs-scheduler",
         [&](const std::string &v) -> Result<void> {
             if (!proxy::isIpvsScheduler(v))
                 return usage("invalid value \"" + v
                              + "\" for --ipvs-scheduler (rr, lc, dh, sh, sed or nq)");
             o.ipvsScheduler = v;
             return {};
         }},
        {"--iptables-backend",
         [&](const std::string &v) -> Result<void> {
             if (v == "auto")
                 o.iptablesBackend = IptablesBackendChoice::Auto;
             else if (v == "legacy")
                 o.iptablesBackend = IptablesBackendChoice::Legacy;
             else if (v == "nft")
                 o.iptablesBackend = IptablesBackendChoice::Nft;
             else
                 return usage("invalid value \"" + v
                              + "\" for --iptables-backend (auto, legacy or nft)");
             return {};
         }},
        {"--cluster-cidr",
         [&](const std::string &v) -> Result<void> {
             if (v.empty()) {
                 o.clusterCidr.clear();
                 return {};
             }
             auto c = checkCidr("--cluster-cidr", v);
             if (!c)
                 return c.error();
             o.clusterCidr = *c;
             return {};
         }},
        {"--nodeport-addresses",
         [&](const std::string &v) -> Result<void> {
             o.nodePortAddresses.clear();
             for (const std::string &cidr : splitComma(v)) {
                 auto c = checkCidr("--nodeport-addresses", cidr);
                 if (!c)
                     return c.error();
                 o.nodePortAddresses.push_back(*c);
             }
             return {};
         }},
        {"--iptables-masquerade-bit",
         [&](const std::string &v) -> Result<void> {
             if (v.empty() || v.size() > 2 || !std::all_of(v.begin(), v.end(), ::isdigit)
                 || std::stoi(v) > 31)
                 return usage("invalid value \"" + v + "\" for --iptables-masquerade-bit (0..31)");
             o.masqueradeBit = std::stoi(v);
             return {};
         }},
        {"--iptables-sync-period",
         [&](const std::string &v) -> Result<void> {
             auto d = parseDuration(v);
             if (!d)
                 return usage("--iptables-sync-period: " + d.error().message);
             if (d->count() <= 0)
                 return usage("--iptables-sync-period must be greater than 0");
             o.syncPeriod = *d;
             return {};
         }},
        {"--iptables-min-sync-period",
         [&](const std::string &v) -> Result<void> {
             auto d = parseDuration(v);
             if (!d)
                 return usage("--iptables-min-sync-period: " + d.error().message);
             o.minSyncPeriod = *d;
             return {};
         }},
        {"--healthz-bind-address",
         [&](const std::string &v) -> Result<void> {
             auto b = parseBindAddress(v, 10256);
             if (!b)
                 return usage("--healthz-bind-address: " + b.error().message);
             o.healthzBindAddress = *b;
             return {};
         }},
        {"--metrics-bind-address",
         [&](const std::string &v) -> Result<void> {
             auto b = parseBindAddress(v, 10249);
             if (!b)
                 return usage("--metrics-bind-address: " + b.error().message);
             o.metricsBindAddress = *b;
             return {};
         }},
        {"--log-level",
         [&](const std::string &v) -> Result<void> {
             if (!parseLogLevel(v, &o.logLevel))
                 return usage("invalid value \"" + v
                              + "\" for --log-level (error, warning, info or debug)");
             return {};
         }},
        {"--iptables-restore-command",
         [&](const std::string &v) -> Result<void> {
             o.restoreCommand = v;
             return {};
         }},
    };
    const std::map<std::string, bool *> switches = {
        {"--masquerade-all", &o.masqueradeAll},
        {"--cleanup", &o.cleanup},
        {"--help", &help},
        {"-h", &help},
        {"--version", &version},
    };

    for (size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        std::string name = arg;
        std::optional<std::string> value;
        if (arg.rfind("--", 0) == 0) {
            const size_t eq = arg.find('=');
            if (eq != std::string::npos) {
                name = arg.substr(0, eq);
                value = arg.substr(eq + 1);
            }
        }
        if (auto s = switches.find(name); s != switches.end()) {
            if (value) {
                if (*value == "true")
                    *s->second = true;
                else if (*value == "false")
                    *s->second = false;
                else
                    return usage("invalid value \"" + *value + "\" for " + name
                                 + " (true or false)");
            } else {
                *s->second = true;
            }
            continue;
        }
        auto v = valued.find(name);
        if (v == valued.end()) {
            if (arg.rfind("-", 0) == 0)
                return usage("unknown flag: " + name);
            return usage("unexpected argument: " + arg);
        }
        if (!value) {
            if (i + 1 >= args.size())
                return usage("flag needs an argument: " + name);
            value = args[++i];
        }
        if (auto r = v->second(*value); !r)
            return r.error();
    }

    if (help) {
        out.action = ParsedCommandLine::Action::Help;
        return out;
    }
    if (version) {
        out.action = ParsedCommandLine::Action::Version;
        return out;
    }
    if (!sawHostname) {
        std::string host = QSysInfo::machineHostName().toLower().toStdString();
        o.nodeName = host.empty() ? std::string("localhost") : host;
    }
    if (o.cleanup) {
        out.action = ParsedCommandLine::Action::Cleanup;
        return out;
    }
    if (!o.kubeconfig.empty() && !o.stateFile.empty())
        return usage("--kubeconfig and --state-file exclude each other");
    if (o.kubeconfig.empty() && o.stateFile.empty())
        return usage("one of --kubeconfig FILE or --state-file FILE is required");
    if (o.healthzBindAddress && o.metricsBindAddress
        && o.healthzBindAddress->port == o.metricsBindAddress->port
        && o.healthzBindAddress->port != 0
        && o.healthzBindAddress->host == o.metricsBindAddress->host)
        return usage("--healthz-bind-address and --metrics-bind-address are the same address");
    return out;
}

} // namespace studio::agent
