// SPDX-License-Identifier: GPL-3.0-or-later
// The cluster-state subcommands: the files are loaded into a sandbox cluster (the same
// defaulting, validation, allocation and controllers as the app's), then read back.
#include "cli/cluster_commands.h"

#include "cli/cli_support.h"

#include "cluster/sandbox_backend.h"
#include "discovery/dns_records.h"
#include "discovery/service_env.h"
#include "manifest/writer.h"
#include "proxy/iptables_plan.h"
#include "proxy/ipvs_plan.h"
#include "proxy/nftables_plan.h"
#include "proxy/userspace_plan.h"
#include "trace/path_tracer.h"

#include <iostream>
#include <set>

namespace studio::app {

namespace {

struct Common
{
    ClusterSettings settings;
    bool settingsGiven = false; // a flag set a range or the domain: scenario headers yield
    std::vector<std::string> files;
    std::string namespace_;
    std::string pod;
    bool help = false;
    // plan and trace
    std::string node;
    std::string mode = "iptables";
    std::string ipvsScheduler = "rr";
    std::string from, to, protocol = "TCP", viaNode, output = "text";
    std::string clusterCidr;
    bool clusterCidrGiven = false;
    bool masqueradeAll = false;
    std::vector<std::string> nodePortAddresses;
};

enum CommonOptions { NoExtras = 0, NamespaceOptions = 1, PlanOptions = 2, TraceOptions = 4 };

std::vector<std::string> splitComma(const std::string &v)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= v.size()) {
        const size_t comma = v.find(',', start);
        const std::string part = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!part.empty())
            out.push_back(part);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return out;
}

// Parses the options shared by the commands; returns false (after printing why) on misuse.
bool parseCommon(const char *command, const std::vector<std::string> &args, Common &c,
                 int extras)
{
    const bool wantNamespace = extras & NamespaceOptions;
    const bool wantProxy = extras & (PlanOptions | TraceOptions);
    for (size_t i = 0; i < args.size(); ++i) {
        std::string v;
        const std::string &a = args[i];
        if (takeOption(args, i, "--service-cluster-ip-range", v)) {
            auto net = IpNetwork::parse(v);
            if (!net) {
                std::cerr << command << ": --service-cluster-ip-range: \"" << v
                          << "\" is not a CIDR\n";
                return false;
            }
            c.settings.serviceClusterIpRange = *net;
            c.settingsGiven = true;
        } else if (takeOption(args, i, "--service-node-port-range", v)) {
            if (!parsePortRange(v, c.settings.nodePortMin, c.settings.nodePortMax)) {
                std::cerr << command << ": --service-node-port-range: \"" << v
                          << "\" is not a range like 30000-32767\n";
                return false;
            }
            c.settingsGiven = true;
        } else if (takeOption(args, i, "--cluster-domain", v)) {
            if (v.empty()) {
                std::cerr << command << ": --cluster-domain needs a value\n";
                return false;
            }
            c.settings.clusterDomain = v;
            c.settingsGiven = true;
        } else if (wantNamespace
                   && (takeOption(args, i, "--namespace", v) || takeOption(args, i, "-n", v))) {
            c.namespace_ = v;
        } else if (wantNamespace && takeOption(args, i, "--pod", v)) {
            c.pod = v;
        } else if ((extras & PlanOptions) && takeOption(args, i, "--node", v)) {
            c.node = v;
        } else if (wantProxy && takeOption(args, i, "--mode", v)) {
            c.mode = v;
        } else if ((extras & PlanOptions) && takeOption(args, i, "--ipvs-scheduler", v)) {
            if (!proxy::isIpvsScheduler(v)) {
                std::cerr << command << ": --ipvs-scheduler must be rr, lc, dh, sh, sed or nq\n";
                return false;
            }
            c.ipvsScheduler = v;
        } else if (wantProxy && takeOption(args, i, "--cluster-cidr", v)) {
            if (!v.empty() && !IpNetwork::parse(v)) {
                std::cerr << command << ": --cluster-cidr: \"" << v << "\" is not a CIDR\n";
                return false;
            }
            c.clusterCidr = v;
            c.clusterCidrGiven = true;
        } else if (wantProxy && a == "--masquerade-all") {
            c.masqueradeAll = true;
        } else if (wantProxy && takeOption(args, i, "--nodeport-addresses", v)) {
            for (const std::string &cidr : splitComma(v))
                if (!IpNetwork::parse(cidr)) {
                    std::cerr << command << ": --nodeport-addresses: \"" << cidr << "\" is not a CIDR\n";
                    return false;
                }
            c.nodePortAddresses = splitComma(v);
        } else if ((extras & TraceOptions) && takeOption(args, i, "--from", v)) {
            c.from = v;
        } else if ((extras & TraceOptions) && takeOption(args, i, "--to", v)) {
            c.to = v;
        } else if ((extras & TraceOptions) && takeOption(args, i, "--protocol", v)) {
            c.protocol = v;
        } else if ((extras & TraceOptions) && takeOption(args, i, "--via-node", v)) {
            c.viaNode = v;
        } else if ((extras & TraceOptions) && takeOption(args, i, "--output", v)) {
            if (v != "text" && v != "json") {
                std::cerr << command << ": --output must be text or json\n";
                return false;
            }
            c.output = v;
        } else if (a == "-h" || a == "--help") {
            c.help = true;
        } else if (a.size() > 1 && a[0] == '-') {
            std::cerr << command << ": unknown option " << a << "\n";
            return false;
        } else {
            c.files.push_back(a);
        }
    }
    if (!c.help && c.files.empty()) {
        std::cerr << command << ": no files given (try --help)\n";
        return false;
    }
    return true;
}

// Loads every object of the files into a fresh sandbox. Namespaces the objects use are
// created when the files do not declare them (as `kubectl create namespace` would have).
// Returns 0, or 2 when a file is unreadable; refused objects are reported on stderr.
int loadSandbox(const Common &c, SandboxBackend &sandbox)
{
    SandboxOptions options;
    options.settings = c.settings;
    // A scenario file's "# @key: value" header (resources/scenarios/README.md) sets the
    // cluster's ranges unless the command line does.
    if (!c.settingsGiven && !c.files.empty()) {
        if (auto text = readFileLimited(c.files.front(), 1 << 20)) {
            if (auto header = parseScenarioHeader(*text))
                options.settings = *header;
        }
    }
    options.seed = 1; // the same files give the same cluster IPs on every run
    options.clock = [] { return std::string("2026-01-01T00:00:00Z"); };
    sandbox.reset(options);

    LoadedManifests loaded = loadManifests(c.files);
    for (const Error &e : loaded.unreadable)
        std::cerr << e.toString() << "\n";
    if (!loaded.unreadable.empty())
        return 2;

    std::set<std::string> namespaces;
    for (const auto &f : loaded.files)
        for (const auto &o : f.objects)
            if (o.errors.empty() && o.kind != "Namespace" && o.kind != "Node")
                namespaces.insert(o.namespace_.empty() ? std::string("default") : o.namespace_);
    for (const auto &ns : namespaces) {
        if (sandbox.snapshot().namespace_(ns))
            continue;
        Namespace n;
        n.metadata.name = ns;
        (void)sandbox.createNow(n);
    }
    // Namespaces and nodes first, services before what refers to them, as a scenario loads.
    for (const char *kind : {"Namespace", "Node", "Service", "Endpoints", "Pod"}) {
        for (const auto &f : loaded.files) {
            for (const auto &o : f.objects) {
                if (o.kind != kind)
                    continue;
                if (!o.errors.empty()) {
                    std::cerr << f.path << ":" << o.tree.mark().line << ": " << o.kind << " \""
                              << o.name << "\" skipped: " << o.errors[0].message() << "\n";
                    continue;
                }
                auto r = sandbox.applyNow(o.object);
                if (!r && !(o.kind == "Namespace" && r.error().reason == "AlreadyExists"))
                    std::cerr << f.path << ":" << o.tree.mark().line << ": "
                              << r.error().toString() << "\n";
            }
        }
    }
    return 0;
}

// For plan and trace: one file is loaded as a scenario, so that the status it records (pod
// addresses and readiness, load-balancer ingress IPs written by a cloud controller) is kept,
// as the agent's --state-file does. Several files load as manifests (statuses of services
// are then dropped, as on a real create).
int loadClusterState(const Common &c, SandboxBackend &sandbox)
{
    if (c.files.size() != 1 || c.files.front() == "-")
        return loadSandbox(c, sandbox);
    SandboxOptions options;
    options.seed = 1;
    options.clock = [] { return std::string("2026-01-01T00:00:00Z"); };
    sandbox.reset(options);
    auto report = sandbox.loadScenarioFile(c.files.front());
    if (!report) {
        std::cerr << report.error().toString() << "\n";
        return 2;
    }
    for (const auto &p : report->problems)
        std::cerr << p.file << ":" << p.line << ": " << p.kind << " \"" << p.name << "\" skipped: " << p.message << "\n";
    return 0;
}

// Server-set fields that would make the output differ from run to run.
Node withoutServerFields(Node n)
{
    if (Node *meta = n.find("metadata"); meta && meta->isMap()) {
        for (const char *k : {"uid", "resourceVersion", "creationTimestamp", "selfLink"})
            meta->remove(k);
    }
    return n;
}

} // namespace

int runEndpoints(const std::vector<std::string> &args)
{
    Common c;
    if (!parseCommon("endpoints", args, c, NoExtras))
        return 2;
    if (c.help) {
        std::cout << "Usage: service-studio endpoints [--service-cluster-ip-range CIDR] FILE...\n"
                     "Prints, as YAML, the Endpoints of the services in the files: computed by\n"
                     "the endpoints controller for services with a selector, as written for\n"
                     "those without one. ExternalName services have none.\n";
        return 0;
    }
    SandboxBackend sandbox;
    if (int rc = loadSandbox(c, sandbox))
        return rc;
    const ClusterSnapshot snap = sandbox.snapshot();
    std::vector<Node> docs;
    for (const Service *s : snap.services()) {
        if (s->metadata.namespace_ == "default" && s->metadata.name == "kubernetes")
            continue; // the master service the sandbox starts with
        if (const Endpoints *e = snap.endpoints(s->metadata.namespace_, s->metadata.name))
            docs.push_back(withoutServerFields(encodeObject(*e)));
    }
    std::cout << writeYamlDocuments(docs);
    return 0;
}

int runEnv(const std::vector<std::string> &args)
{
    Common c;
    if (!parseCommon("env", args, c, NamespaceOptions))
        return 2;
    if (c.help) {
        std::cout << "Usage: service-studio env --namespace NS [--pod NAME] FILE...\n"
                     "Prints the service environment variables the kubelet gives a container:\n"
                     "of a pod started now in NS, or of the pod NAME (which sees only the\n"
                     "services created before it).\n";
        return 0;
    }
    if (c.namespace_.empty())
        c.namespace_ = "default";
    SandboxBackend sandbox;
    if (int rc = loadSandbox(c, sandbox))
        return rc;
    const ClusterSnapshot snap = sandbox.snapshot();
    std::vector<EnvVar> vars;
    if (!c.pod.empty()) {
        const Pod *p = snap.pod(c.namespace_, c.pod);
        if (!p) {
            std::cerr << "env: pods \"" << c.pod << "\" not found in namespace \""
                      << c.namespace_ << "\"\n";
            return 1;
        }
        vars = podServiceEnvironment(*p, snap);
    } else {
        vars = namespaceServiceEnvironment(c.namespace_, snap);
    }
    for (const EnvVar &v : vars)
        std::cout << v.name << "=" << v.value << "\n";
    return 0;
}

int runDns(const std::vector<std::string> &args)
{
    Common c;
    if (!parseCommon("dns", args, c, NoExtras))
        return 2;
    if (c.help) {
        std::cout << "Usage: service-studio dns [--cluster-domain DOMAIN] FILE...\n"
                     "Prints the DNS records the cluster DNS serves for the services in the\n"
                     "files (A, SRV, CNAME, PTR), in zone-file form.\n";
        return 0;
    }
    SandboxBackend sandbox;
    if (int rc = loadSandbox(c, sandbox))
        return rc;
    DnsSettings dns;
    dns.clusterDomain = c.settings.clusterDomain;
    for (const DnsRecord &r : clusterDnsRecords(sandbox.snapshot(), dns))
        std::cout << r.toString() << "\n";
    return 0;
}

int runPlan(const std::vector<std::string> &args)
{
    Common c;
    if (!parseCommon("plan", args, c, PlanOptions))
        return 2;
    if (c.help) {
        std::cout << "Usage: service-studio plan --node NAME [--mode iptables|nftables|ipvs|userspace]\n"
                     "                           [--ipvs-scheduler rr|lc|dh|sh|sed|nq] [--cluster-cidr CIDR]\n"
                     "                           [--masquerade-all] [--nodeport-addresses CIDR,...] FILE...\n"
                     "Prints what service-agent would program on node NAME for the cluster state in\n"
                     "the files: for iptables, the iptables-restore --noflush payload of its first\n"
                     "sync on a clean node (built-in chain jumps included); for nftables, the\n"
                     "`nft -f` text of its table; for ipvs, the virtual servers as `ipvsadm -Ln` lists\n"
                     "them, kube-ipvs0's addresses and the iptables rules IPVS mode needs; for\n"
                     "userspace, the proxy ports and their REDIRECT rules. The node's addresses\n"
                     "are those of its Node object; --cluster-cidr defaults to the scenario's.\n";
        return 0;
    }
    if (c.node.empty()) {
        std::cerr << "plan: --node NAME is required\n";
        return 2;
    }
    trace::ProxyMode mode;
    if (!trace::parseProxyMode(c.mode, mode)) {
        std::cerr << "plan: --mode must be iptables, ipvs, userspace or nftables\n";
        return 2;
    }
    SandboxBackend sandbox;
    if (int rc = loadClusterState(c, sandbox))
        return rc;
    const ClusterSnapshot snap = sandbox.snapshot();
    if (!snap.node(c.node)) {
        std::cerr << "plan: no node \"" << c.node << "\" in the files";
        std::string names;
        for (const KubeNode *n : snap.nodes())
            names += (names.empty() ? "" : ", ") + n->metadata.name;
        std::cerr << (names.empty() ? std::string(" (they declare no Node)") : " (nodes: " + names + ")") << "\n";
        return 1;
    }
    proxy::ProxyConfig config = proxy::proxyConfigForNode(snap, c.node);
    if (c.clusterCidrGiven)
        config.clusterCidr = c.clusterCidr;
    config.masqueradeAll = c.masqueradeAll;
    config.nodePortAddresses = c.nodePortAddresses;
    const auto ports = proxy::buildServicePorts(snap, config);
    if (mode == trace::ProxyMode::Nftables) {
        std::cout << proxy::renderNftables(proxy::planNftables(ports, config));
        return 0;
    }
    if (mode == trace::ProxyMode::Ipvs) {
        std::cout << proxy::renderIpvs(proxy::planIpvs(ports, config, c.ipvsScheduler));
        return 0;
    }
    if (mode == trace::ProxyMode::Userspace) {
        std::cout << proxy::renderUserspace(proxy::planUserspace(ports, config));
        return 0;
    }
    const auto plan = proxy::planIptables(ports, config);
    proxy::RestoreScope scope;
    scope.missingHooks = plan.hooks;
    std::cout << proxy::renderRestore(plan, scope);
    return 0;
}

int runTrace(const std::vector<std::string> &args)
{
    Common c;
    if (!parseCommon("trace", args, c, TraceOptions))
        return 2;
    if (c.help) {
        std::cout << "Usage: service-studio trace --from SRC --to DST [--mode iptables] [--protocol TCP|UDP|SCTP]\n"
                     "                            [--via-node NODE] [--output text|json] FILE...\n"
                     "Prints the path a connection takes, hop by hop, and why it fails when it does.\n"
                     "  SRC: pod/NAME[.NAMESPACE], node/NAME, or an address outside the cluster\n"
                     "  DST: NAME.NAMESPACE[:PORT] (a DNS name) or ADDRESS:PORT (a cluster IP, a node\n"
                     "       address with a node port, an external or load-balancer IP)\n"
                     "Exit status: 0 the connection reaches an endpoint, 1 it does not, 2 usage error.\n";
        return 0;
    }
    if (c.from.empty() || c.to.empty()) {
        std::cerr << "trace: --from and --to are required (try --help)\n";
        return 2;
    }
    trace::TraceRequest request;
    if (!trace::parseProxyMode(c.mode, request.mode)) {
        std::cerr << "trace: --mode must be iptables, ipvs, userspace or nftables\n";
        return 2;
    }
    request.from = c.from;
    request.to = c.to;
    request.protocol = c.protocol;
    request.viaNode = c.viaNode;
    request.configOverrides.clusterCidr = c.clusterCidrGiven ? c.clusterCidr : std::string();
    request.configOverrides.masqueradeAll = c.masqueradeAll;
    request.configOverrides.nodePortAddresses = c.nodePortAddresses;
    SandboxBackend sandbox;
    if (int rc = loadClusterState(c, sandbox))
        return rc;
    auto result = trace::tracePath(sandbox.snapshot(), request);
    if (!result) {
        std::cerr << "trace: " << result.error().message << "\n";
        return 2;
    }
    std::cout << (c.output == "json" ? trace::renderTraceJson(*result) : trace::renderTraceText(*result));
    return result->reachable ? 0 : 1;
}

} // namespace studio::app
