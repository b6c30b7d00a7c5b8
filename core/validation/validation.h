// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/field_error.h"
#include "model/types.h"
#include "util/ip_address.h"

#include <vector>

namespace studio {

// The apiserver flags that change validation verdicts.
struct ValidationSettings
{
    IpNetwork serviceClusterIpRange = *IpNetwork::parse("10.96.0.0/12");
    int nodePortMin = 30000; // --service-node-port-range
    int nodePortMax = 32767;
};

// Defaulting as the v1.20 apiserver applies it on create (SetDefaults_Service, _ServicePort,
// _Endpoints): protocol TCP, targetPort = port, type ClusterIP, sessionAffinity None with a
// 10800 s timeout for ClientIP, externalTrafficPolicy Cluster for NodePort/LoadBalancer...
void defaultService(Service &s);
void defaultEndpoints(Endpoints &e);

// ValidateService / ValidateEndpoints (create) of kube-apiserver v1.20 for the fields the
// model has, plus the range checks its REST storage does (ClusterIP inside the service
// range, nodePort inside the node-port range). Call after defaultService() to get the
// apiserver's verdicts. Pure, any thread. Paths like "spec.ports[1].name".
FieldErrors validateService(const Service &s, const ValidationSettings &settings = {});
FieldErrors validateEndpoints(const Endpoints &e);
FieldErrors validateNamespace(const Namespace &n);

// Advice beyond the apiserver (Severity::Warning): a selector no pod in `pods` matches, a
// named targetPort no selected pod exposes, loadBalancerIP on a non-LoadBalancer service,
// cloud load-balancer annotations with values outside their documented ranges.
FieldErrors reviewService(const Service &s, const std::vector<Pod> &pods);

} // namespace studio
