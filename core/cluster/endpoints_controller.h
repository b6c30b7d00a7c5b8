// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The Endpoints that kube-controller-manager v1.20's endpoints controller writes for a
// Service (pkg/controller/endpoint/endpoints_controller.go, pkg/api/v1/endpoints):
//  - the pods of the service's namespace that its selector matches;
//  - a pod needs status.podIP; a terminating pod (deletionTimestamp) is left out unless the
//    service tolerates unready endpoints (publishNotReadyAddresses, or the deprecated
//    service.alpha.kubernetes.io/tolerate-unready-endpoints annotation, which wins when it
//    parses as a Go bool);
//  - ready pods (condition Ready=True) go to addresses, others to notReadyAddresses, all to
//    addresses when unready endpoints are tolerated. A pod in phase Succeeded or Failed is
//    left out of notReadyAddresses (v1.20 decides that by spec.restartPolicy, which the model
//    does not carry: we take Never, the policy under which both phases occur);
//  - address: ip = status.podIP (IPv6DualStack is off in v1.20), nodeName = spec.nodeName,
//    targetRef {Pod, namespace, name, uid, resourceVersion}, hostname = spec.hostname when
//    spec.subdomain is the service's name;
//  - per service port: a named targetPort is looked up in the pod's container ports (name
//    and protocol must match, else the pod is left out for that port); the endpoint port
//    has the service port's name, protocol and appProtocol;
//  - a headless service without ports gets the addresses with no ports;
//  - the subsets are repacked and sorted as endpoints.RepackSubsets does (so pods that
//    resolve a named port to different numbers land in separate subsets), including its
//    md5-of-spew ordering of subsets and ports, so the output is byte-identical;
//  - labels: the service's labels, plus service.kubernetes.io/headless="" for services
//    without a cluster IP.
// Services without a selector keep whatever Endpoints were written by hand. An empty
// selector is treated as no selector: the apiserver stores `selector: {}` as nil.
// Not done: the endpoints.kubernetes.io/last-change-trigger-time annotation (a wall-clock
// time) and v1.22+'s truncation at 1000 addresses. v1.20 also computes Endpoints for an
// ExternalName service that has a selector (stopped in v1.23); so do we.

#include "cluster/object_key.h"
#include "model/types.h"

#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace studio {

inline constexpr const char *kTolerateUnreadyEndpointsAnnotation
    = "service.alpha.kubernetes.io/tolerate-unready-endpoints";
inline constexpr const char *kHeadlessServiceLabel = "service.kubernetes.io/headless";

// The selector the endpoints controller acts on: nothing when the service has none (or an
// empty one).
const Labels *effectiveSelector(const Service &s);
// True when the controller writes this service's Endpoints.
bool endpointsControllerManages(const Service &s);
// publishNotReadyAddresses, overridden by the tolerate-unready annotation when it parses.
bool toleratesUnreadyEndpoints(const Service &s);

// podutil.FindPort: the port number a service port's targetPort means on this pod.
std::optional<int32_t> findPort(const Pod &pod, const ServicePort &port);

// endpoints.RepackSubsets (which ends with SortSubsets).
std::vector<EndpointSubset> repackSubsets(const std::vector<EndpointSubset> &subsets);
// endpoints.SortSubsets: addresses by IP then targetRef UID, ports and subsets by the md5 of
// their Go %#v rendering.
void sortSubsets(std::vector<EndpointSubset> &subsets);
// The subsets for `service` from `pods`. Pods of other namespaces or not matched by the
// selector are skipped, so any superset may be passed. Empty when the service has no
// selector (check endpointsControllerManages()).
std::vector<EndpointSubset> computeEndpointSubsets(const Service &service,
                                                   const std::vector<const Pod *> &pods);
// The whole object: name/namespace of the service, labels as above, subsets.
Endpoints computeEndpoints(const Service &service, const std::vector<const Pod *> &pods);

// The controller's state, kept incrementally: pods indexed by namespace and label
// (key=value -> pods), services by one selector entry each, so that a pod change only
// recomputes the services whose selector could match it. Holds shared, immutable objects
// (no copies). Not thread-safe; the owner serializes calls.
class EndpointsController
{
public:
    using PodPtr = std::shared_ptr<const Pod>;
    using ServicePtr = std::shared_ptr<const Service>;

    // Inputs, as an informer delivers them. Each returns the services to sync (sorted),
    // following the controller's event handlers: a pod update that changes nothing the
    // Endpoints show (labels, hostname/subdomain, readiness, deletion, IP, node, uid) syncs
    // nothing; a label change syncs the services it joins or leaves.
    std::vector<ObjectKey> setPod(PodPtr pod); // add or update
    std::vector<ObjectKey> removePod(const ObjectKey &pod);
    std::vector<ObjectKey> setService(ServicePtr service);
    std::vector<ObjectKey> removeService(const ObjectKey &service);

    struct SyncResult
    {
        enum class Action {
            Leave,  // not the controller's (no selector): keep what is there
            Write,  // create or update to `endpoints` (when different)
            Delete, // the service is gone: delete its Endpoints
        };
        Action action = Action::Leave;
        Endpoints endpoints; // for Write: name, namespace, labels, subsets
    };
    // syncService: what the controller would write now for this service.
    SyncResult sync(const ObjectKey &service) const;

    const Service *service(const ObjectKey &key) const;
    const Pod *pod(const ObjectKey &key) const;
    // The pods of the service's namespace its selector matches (any order).
    std::vector<const Pod *> selectedPods(const Service &service) const;
    // Services of the pod's namespace whose selector matches the labels (sorted by name).
    std::vector<ObjectKey> servicesSelecting(const std::string &namespace_,
                                             const Labels &labels) const;
    std::vector<ObjectKey> managedServices() const; // sorted
    size_t podCount() const { return m_podIds.size(); }
    size_t serviceCount() const { return m_services.size(); }

private:
    using PodId = uint32_t;
    struct ServiceEntry
    {
        ServicePtr service;
        std::string indexKey; // "ns\x1fkey=value" bucket it is filed under; empty if none
    };

    static std::string bucketKey(const std::string &ns, const std::string &k, const std::string &v);
    void indexPod(PodId id, const Pod &pod);
    void unindexPod(PodId id, const Pod &pod);
    void indexService(ServiceEntry &e);
    void unindexService(const ObjectKey &key, const ServiceEntry &e);
    // Services (namespace ns) whose selector matches `labels`.
    void collectServices(const std::string &ns, const Labels &labels,
                         std::unordered_set<ObjectKey, ObjectKeyHash> &out) const;

    std::unordered_map<ObjectKey, PodId, ObjectKeyHash> m_podIds;
    std::vector<PodPtr> m_podById;       // null for free ids
    std::vector<PodId> m_freeIds;
    std::unordered_map<std::string, std::unordered_set<PodId>> m_podsByLabel;
    std::unordered_map<ObjectKey, ServiceEntry, ObjectKeyHash> m_services;
    std::unordered_map<std::string, std::unordered_set<ObjectKey, ObjectKeyHash>> m_servicesByBucket;
};

} // namespace studio
