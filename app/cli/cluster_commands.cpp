// SPDX-License-Identifier: GPL-3.0-or-later
// The cluster-state subcommands: the files are loaded into a sandbox cluster (the same
// defaulting, validation, allocation and controllers as the app's), then read back.
#include "cli/cluster_commands.h"

#include "cli/cli_support.h"

#include "cluster/sandbox_backend.h"
#include "discovery/dns_records.h"
#include "discovery/service_env.h"
#include "manifest/writer.h"

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
};

// Parses the options shared by the commands; returns false (after printing why) on misuse.
bool parseCommon(const char *command, const std::vector<std::string> &args, Common &c,
                 bool wantNamespace)
{
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
    if (!parseCommon("endpoints", args, c, false))
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
    if (!parseCommon("env", args, c, true))
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
    if (!parseCommon("dns", args, c, false))
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

} // namespace studio::app
