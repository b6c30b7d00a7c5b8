// SPDX-License-Identifier: GPL-3.0-or-later
#include "discovery/service_env.h"

#include "cluster/cluster_snapshot.h"

#include <QDateTime>

#include <algorithm>
#include <map>

namespace studio {

namespace {

// helper.IsServiceIPSet
bool hasClusterIp(const Service &s)
{
    return s.effectiveType() != service_type::ExternalName && !s.spec.clusterIP.empty()
           && s.spec.clusterIP != "None";
}

std::string upper(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return char(std::toupper(c)); });
    return s;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// net.JoinHostPort: IPv6 literals in brackets.
std::string joinHostPort(const std::string &host, int32_t port)
{
    if (host.find(':') != std::string::npos)
        return "[" + host + "]:" + std::to_string(port);
    return host + ":" + std::to_string(port);
}

std::optional<QDateTime> parseTimestamp(const std::string &s)
{
    if (s.empty())
        return std::nullopt;
    QDateTime t = QDateTime::fromString(QString::fromStdString(s), Qt::ISODateWithMs);
    if (!t.isValid())
        return std::nullopt;
    return t;
}

} // namespace

std::string envVariableName(const std::string &serviceName)
{
    std::string s = serviceName;
    std::replace(s.begin(), s.end(), '-', '_');
    return upper(std::move(s));
}

std::vector<EnvVar> envVarsFromServices(const std::vector<const Service *> &services)
{
    std::vector<EnvVar> out;
    for (const Service *svc : services) {
        if (!svc || !hasClusterIp(*svc) || svc->spec.ports.empty())
            continue;
        const std::string prefix = envVariableName(svc->metadata.name);
        const std::string &ip = svc->spec.clusterIP;
        out.push_back({prefix + "_SERVICE_HOST", ip});
        const std::string portVar = prefix + "_SERVICE_PORT";
        out.push_back({portVar, std::to_string(svc->spec.ports.front().port)});
        // All named ports (only the first may be unnamed, as validation ensures).
        for (const auto &sp : svc->spec.ports)
            if (!sp.name.empty())
                out.push_back({portVar + "_" + envVariableName(sp.name), std::to_string(sp.port)});
        // makeLinkVariables: Docker-compatible.
        for (size_t i = 0; i < svc->spec.ports.size(); ++i) {
            const auto &sp = svc->spec.ports[i];
            const std::string proto = sp.protocol.empty() ? std::string(protocol::TCP) : sp.protocol;
            const std::string url = lower(proto) + "://" + joinHostPort(ip, sp.port);
            if (i == 0)
                out.push_back({prefix + "_PORT", url}); // Docker special-cases the first port
            const std::string pp = prefix + "_PORT_" + std::to_string(sp.port) + "_" + upper(proto);
            out.push_back({pp, url});
            out.push_back({pp + "_PROTO", lower(proto)});
            out.push_back({pp + "_PORT", std::to_string(sp.port)});
            out.push_back({pp + "_ADDR", ip});
        }
    }
    return out;
}

bool serviceCreatedBeforePod(const Service &service, const Pod &pod)
{
    const auto s = parseTimestamp(service.metadata.creationTimestamp);
    const auto p = parseTimestamp(pod.metadata.creationTimestamp);
    if (!s || !p)
        return true;
    return *s <= *p;
}

std::vector<const Service *> servicesForPodEnvironment(const Pod &pod,
                                                       const std::vector<const Service *> &all,
                                                       const ServiceEnvOptions &options)
{
    // getServiceEnvVarMap: the master service only fills a free name, a service of the pod's
    // namespace overwrites; so a same-namespace `kubernetes` wins whatever the list order.
    std::map<std::string, const Service *> byName;
    for (const Service *svc : all) {
        if (!svc || !hasClusterIp(*svc))
            continue;
        if (options.ordering == ServiceOrdering::CreatedBeforePod
            && !serviceCreatedBeforePod(*svc, pod))
            continue;
        const std::string &name = svc->metadata.name;
        if (svc->metadata.namespace_ == options.masterServiceNamespace && name == "kubernetes") {
            byName.emplace(name, svc); // only when not there yet
        } else if (svc->metadata.namespace_ == pod.metadata.namespace_
                   && options.enableServiceLinks) {
            byName[name] = svc;
        }
    }
    std::vector<const Service *> out;
    out.reserve(byName.size());
    for (const auto &[name, svc] : byName)
        out.push_back(svc);
    return out;
}

std::vector<EnvVar> podServiceEnvironment(const Pod &pod, const std::vector<const Service *> &all,
                                          const ServiceEnvOptions &options)
{
    return envVarsFromServices(servicesForPodEnvironment(pod, all, options));
}

std::vector<EnvVar> podServiceEnvironment(const Pod &pod, const ClusterSnapshot &snapshot,
                                          const ServiceEnvOptions &options)
{
    // Only two namespaces matter: the pod's and the master service's.
    std::vector<const Service *> candidates = snapshot.services(pod.metadata.namespace_);
    if (pod.metadata.namespace_ != options.masterServiceNamespace)
        if (const Service *k = snapshot.service(options.masterServiceNamespace, "kubernetes"))
            candidates.push_back(k);
    return podServiceEnvironment(pod, candidates, options);
}

std::vector<EnvVar> namespaceServiceEnvironment(const std::string &namespace_,
                                                const ClusterSnapshot &snapshot,
                                                bool enableServiceLinks)
{
    Pod pod;
    pod.metadata.namespace_ = namespace_;
    ServiceEnvOptions o;
    o.ordering = ServiceOrdering::AllServices;
    o.enableServiceLinks = enableServiceLinks;
    return podServiceEnvironment(pod, snapshot, o);
}

} // namespace studio
