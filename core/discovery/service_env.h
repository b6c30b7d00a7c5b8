// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The service environment variables the kubelet (v1.20, pkg/kubelet/envvars/envvars.go and
// kubelet_pods.go getServiceEnvVarMap) gives every container of a pod:
//   {SVC}_SERVICE_HOST=<clusterIP>        {SVC}_SERVICE_PORT=<first port>
//   {SVC}_SERVICE_PORT_{PORTNAME}=<port>  for each named port
//   {SVC}_PORT=tcp://<ip>:<first port>    Docker links, then per port:
//   {SVC}_PORT_{port}_{PROTO}=tcp://<ip>:<port>, ..._PROTO=tcp, ..._PORT=<port>, ..._ADDR=<ip>
// with the service name upper-cased and '-' turned into '_'. Only services with a cluster IP
// (not headless, not ExternalName) count: those of the pod's namespace (unless
// enableServiceLinks is false) and the master `kubernetes` service of the default namespace;
// a service of the pod's namespace that is also called `kubernetes` takes its place.
//
// Ordering in time: the kubelet reads the service list when it starts the pod's containers,
// so a service created after the pod is not in its environment (the seed's "ordering
// requirement"). ServiceEnvOptions::ordering says which services count.
//
// Ordering of the list: the kubelet collects the variables in a Go map, so the order a
// container sees is unspecified; we give envvars.FromServices' order (per service: host,
// port, named ports, link variables) over the services sorted by name.
// Pure functions, any thread.

#include "model/types.h"

#include <string>
#include <vector>

namespace studio {

class ClusterSnapshot;

struct EnvVar
{
    std::string name;
    std::string value;
    bool operator==(const EnvVar &) const = default;
};

enum class ServiceOrdering {
    // Only services whose creationTimestamp is not later than the pod's: what the kubelet
    // saw when it started the pod. An object without a timestamp counts as older (files).
    CreatedBeforePod,
    // Every service: what a pod started now would see.
    AllServices,
};

struct ServiceEnvOptions
{
    ServiceOrdering ordering = ServiceOrdering::CreatedBeforePod;
    bool enableServiceLinks = true; // pod.spec.enableServiceLinks (default true)
    std::string masterServiceNamespace = "default";
};

// makeEnvVariableName: "redis-master" -> "REDIS_MASTER".
std::string envVariableName(const std::string &serviceName);

// envvars.FromServices: the variables of `services`, in that order. Services without a
// cluster IP are skipped.
std::vector<EnvVar> envVarsFromServices(const std::vector<const Service *> &services);

// Which services a pod's environment is made from (sorted by name), per the rules above.
std::vector<const Service *> servicesForPodEnvironment(const Pod &pod,
                                                       const std::vector<const Service *> &all,
                                                       const ServiceEnvOptions &options = {});

// The service variables of a pod.
std::vector<EnvVar> podServiceEnvironment(const Pod &pod, const std::vector<const Service *> &all,
                                          const ServiceEnvOptions &options = {});
std::vector<EnvVar> podServiceEnvironment(const Pod &pod, const ClusterSnapshot &snapshot,
                                          const ServiceEnvOptions &options = {});
// What a pod of `namespace_` started now sees (ordering AllServices): the CLI's
// `env --namespace NS`.
std::vector<EnvVar> namespaceServiceEnvironment(const std::string &namespace_,
                                                const ClusterSnapshot &snapshot,
                                                bool enableServiceLinks = true);

// True when `service` existed when `pod` was started, judged by creationTimestamp (RFC 3339,
// second precision as the API writes it; the same second counts as earlier, as the kubelet
// starts containers after the pod object exists). Missing timestamps count as earlier.
bool serviceCreatedBeforePod(const Service &service, const Pod &pod);

} // namespace studio
