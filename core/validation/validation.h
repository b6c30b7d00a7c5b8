// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/field_error.h"
#include "model/types.h"
#include "util/ip_address.h"

#include <functional>
#include <vector>

namespace studio {

// The apiserver flags that change validation verdicts.
struct ValidationSettings
{
    IpNetwork serviceClusterIpRange = *IpNetwork::parse("10.96.0.0/12");
    int nodePortMin = 30000; // --service-node-port-range
    int nodePortMax = 32767;

    // dryRun=All: the v1.20 REST storage then skips the ClusterIP allocation (no range check
    // for spec.clusterIP) and only checks requested node ports against those already in use,
    // not against the node-port range.
    bool dryRun = false;

    // What the cluster already holds, for "provided IP/port is already allocated". Unset means
    // "nothing allocated". Called on the validating thread; must not block.
    std::function<bool(const IpAddress &)> clusterIpInUse;
    std::function<bool(int)> nodePortInUse;
};

// Defaulting as the v1.20 apiserver applies it on create (SetDefaults_Service, _ServicePort,
// _Endpoints): protocol TCP, targetPort = port, type ClusterIP, sessionAffinity None with a
// 10800 s timeout for ClientIP, externalTrafficPolicy Cluster for NodePort/LoadBalancer...
void defaultService(Service &s);
void defaultEndpoints(Endpoints &e);
void defaultNamespace(Namespace &n); // status.phase Active (SetDefaults_NamespaceStatus)

// What the v1.20 service strategy does before validating a create (PrepareForCreate with the
// default feature gates): status cleared, clusterIPs = [clusterIP] when only clusterIP is set,
// and the fields of disabled alpha features dropped (ipFamilies, ipFamilyPolicy, a second
// clusterIPs entry -- IPv6DualStack; topologyKeys -- ServiceTopology;
// allocateLoadBalancerNodePorts -- ServiceLBNodePortControl; status ingress ports).
// validateService() applies it to its own copy; call it to see what would be stored.
void prepareServiceForCreate(Service &s);

// ValidateService / ValidateEndpoints (create) of kube-apiserver v1.20 for the fields the
// model has, plus the range checks its REST storage does (ClusterIP inside the service
// range, nodePort inside the node-port range). Call after defaultService() to get the
// apiserver's verdicts. Pure, any thread. Paths like "spec.ports[1].name".
//
// Like the apiserver, a Service create fails at the first stage that finds problems and
// reports only that stage's errors: (1) ValidateServiceCreate + ValidateConditionalService,
// (2) ClusterIP allocation (spec.clusterIPs), (3) node ports (spec.ports[i].nodePort),
// (4) health-check node port (an InternalError, field spec.healthCheckNodePort),
// (5) ValidateServiceExternalTrafficFieldsCombination. An empty metadata.namespace is taken
// as the request's namespace (as the apiserver fills it in), not reported as missing.
FieldErrors validateService(const Service &s, const ValidationSettings &settings = {});
FieldErrors validateEndpoints(const Endpoints &e);
FieldErrors validateNamespace(const Namespace &n);

// Advice beyond the apiserver (Severity::Warning, the code in FieldError::type):
//   selector-matches-nothing      no pod of the service's namespace in `pods` matches (names
//                                 the nearest pod and the labels that differ); skipped when
//                                 `pods` is empty (nothing known)
//   target-port-name-not-exposed  a named targetPort no selected pod has (name + protocol)
//   selector-not-used             a selector on an ExternalName service
//   load-balancer-ip-not-used     loadBalancerIP on a non-LoadBalancer service
//   annotation-value              a cloud LB annotation outside its documented values
//                                 (cloud_annotations.h), or healthcheck timeout >= interval
//   annotation-not-used           a cloud LB annotation on a non-LoadBalancer service
//   annotation-unknown            an aws-load-balancer-* key the catalogue does not know
//   nlb-client-ip-not-preserved   AWS NLB with externalTrafficPolicy Cluster
//   field-dropped                 a field a default v1.20 apiserver drops (alpha gate off)
// Works on defaulted or raw services. Pure, any thread.
FieldErrors reviewService(const Service &s, const std::vector<Pod> &pods);

} // namespace studio
