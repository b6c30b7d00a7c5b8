// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The embedded cluster the app opens with: an in-process apiserver + endpoints controller
// with the v1.20 semantics the real ones have:
//  - defaulting (defaultService, defaultEndpoints, defaultNamespace), the service strategy's
//    PrepareForCreate/PrepareForUpdate, validation (validateService with the sandbox's
//    ValidationSettings), and the REST storage's ClusterIP / NodePort / healthCheckNodePort
//    allocation from ClusterIpAllocator / NodePortAllocator (random, seedable);
//  - errors as metav1.Status: 422 Invalid with causes, 409 AlreadyExists, 409 Conflict on a
//    stale resourceVersion, 404 NotFound (also for a missing namespace), 403 Forbidden for
//    deleting default/kube-system/kube-public, 500 InternalError for exhausted ranges;
//  - one increasing resourceVersion for all writes, uid, creationTimestamp;
//  - the namespaces default, kube-system, kube-public, kube-node-lease and the `kubernetes`
//    service (first address of the range, 443 -> 6443) with its Endpoints exist at start;
//  - watches from a resourceVersion (events replayed from a bounded history; older ones get
//    a 410 Expired error event, as after an etcd compaction);
//  - the endpoints controller runs after every change, synchronously, only for the services
//    a change concerns;
//  - dry runs validate and default as a real write but allocate and store nothing (v1.20:
//    no ClusterIP is allocated; unrequested node ports show placeholders from 32769 up).
// Pods are simulated: their status (podIP, phase, Ready) is what the writer says, as if a
// kubelet had reported it.
//
// Threading: create, use and destroy on one thread; every callback (results and watch
// events) runs on that thread before the call that caused it returns.

#include "cluster/cluster_backend.h"
#include "cluster/cluster_snapshot.h"
#include "cluster/endpoints_controller.h"
#include "cluster/ip_allocator.h"
#include "validation/validation.h"

#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace studio {

struct SandboxOptions
{
    ClusterSettings settings;
    // Seeds the allocators and uid generator; fixed values make runs repeatable.
    uint64_t seed = std::random_device{}();
    // "now" as RFC 3339 (UTC, seconds). Unset: the wall clock.
    std::function<std::string()> clock;
    // The apiserver's --advertise-address: the `kubernetes` service's endpoint.
    std::string advertiseAddress = "172.18.0.2";
    // Watch history kept for watches from an older resourceVersion.
    size_t historyLimit = 10000;
};

// What loading a scenario did: the objects stored and the ones refused (with where they are
// in the file).
struct ScenarioReport
{
    struct Problem
    {
        std::string file;
        int line = 0;
        std::string kind;
        std::string name;
        std::string message; // the apiserver's error, or the decoder's
    };
    std::string title;
    ClusterSettings settings;
    int loaded = 0;
    std::vector<Problem> problems;
    bool ok() const { return problems.empty(); }
};

// The header of a scenario file: leading comment lines "# @key: value" (see
// resources/scenarios/README.md). Unknown keys and bad values are errors (code
// "scenario-header").
Result<ClusterSettings> parseScenarioHeader(std::string_view text, std::string *title = nullptr);

class SandboxBackend : public ClusterBackend
{
    Q_OBJECT
public:
    explicit SandboxBackend(QObject *parent = nullptr);
    explicit SandboxBackend(SandboxOptions options, QObject *parent = nullptr);
    ~SandboxBackend() override;

    std::string displayName() const override { return "Sandbox"; }

    // ClusterBackend: each calls `done` before returning.
    void list(ResourceKind kind, const std::string &namespace_, Callback<ObjectList> done) override;
    void get(ResourceKind kind, const std::string &namespace_, const std::string &name,
             Callback<KubeObject> done) override;
    // apply: create when the object does not exist; otherwise replace it (conditionally when
    // it carries a resourceVersion), keeping what a `kubectl apply` merge patch keeps: the
    // fields the server filled in (clusterIP(s), nodePorts, healthCheckNodePort, a pod's
    // status) when the object leaves them unset, and the service's status.
    void apply(const KubeObject &object, bool dryRun, Callback<KubeObject> done) override;
    void create(const KubeObject &object, bool dryRun, Callback<KubeObject> done) override;
    void replace(const KubeObject &object, bool dryRun, Callback<KubeObject> done) override;
    void remove(ResourceKind kind, const std::string &namespace_, const std::string &name,
                Callback<bool> done) override;
    std::unique_ptr<WatchHandle> watch(ResourceKind kind, const std::string &namespace_,
                                       const std::string &resourceVersion,
                                       WatchCallback onEvent) override;

    // The same operations, returning their result.
    ApiResult<ObjectList> listNow(ResourceKind kind, const std::string &namespace_) const;
    ApiResult<KubeObject> getNow(ResourceKind kind, const std::string &namespace_,
                                 const std::string &name) const;
    ApiResult<KubeObject> createNow(const KubeObject &object, bool dryRun = false);
    ApiResult<KubeObject> replaceNow(const KubeObject &object, bool dryRun = false);
    ApiResult<KubeObject> applyNow(const KubeObject &object, bool dryRun = false);
    ApiResult<bool> removeNow(ResourceKind kind, const std::string &namespace_,
                              const std::string &name);

    // Everything at the current resourceVersion (a copy of pointers; cheap).
    ClusterSnapshot snapshot() const;
    const ClusterSettings &settings() const { return m_options.settings; }
    std::string resourceVersion() const { return std::to_string(m_rv); }

    // Replaces the whole cluster with a scenario file's: settings from its header, a fresh
    // bootstrap, then its objects (namespaces and nodes first). Objects keep the
    // creationTimestamp and the status (pod IP and readiness, load-balancer ingress) the
    // file gives, as if kubelets and a cloud controller had reported them. Running watches
    // end with a 410 event. An unreadable file is an Error; refused objects are listed in
    // the report and the rest is loaded.
    Result<ScenarioReport> loadScenarioFile(const std::string &path);
    Result<ScenarioReport> loadScenarioText(std::string_view text, const std::string &fileName);
    // Resets to an empty bootstrapped cluster with these options.
    void reset(SandboxOptions options);

    // Bulk writes (benchmarks, big scenarios): controller syncs are collected and run once
    // at endBatch(), as the controller's work queue coalesces them.
    void beginBatch();
    void endBatch();

    // Recomputes every service's Endpoints (a controller restart); returns how many changed.
    size_t resyncAllEndpoints();
    // The allocators' repair passes over the stored services.
    RepairReport repairClusterIps();
    RepairReport repairNodePorts();
    const ClusterIpAllocator &clusterIpAllocator() const { return *m_clusterIps; }
    const NodePortAllocator &nodePortAllocator() const { return *m_nodePorts; }
    // The controller's indexes (services selecting a pod, pods of a service).
    const EndpointsController &endpointsController() const { return m_controller; }

Q_SIGNALS:
    // After every successful write, also the controller's (once per API call).
    void changed();

private:
    struct WatchState;
    class WatchHandleImpl;
    struct HistoryEntry
    {
        uint64_t rv;
        ResourceKind kind;
        WatchEvent::Type type;
        ObjectKey key;
        std::shared_ptr<const void> object; // the T the kind says
    };

    void bootstrap();
    void resetWith(SandboxOptions options, std::string bootstrapTime);
    std::string now() const;
    std::string newUid();
    std::string nextRv() { return std::to_string(++m_rv); }

    template<typename T>
    ApiResult<KubeObject> createTyped(T obj, bool dryRun, bool keepStatus = false);
    template<typename T>
    ApiResult<KubeObject> replaceTyped(T obj, bool dryRun, bool keepStatus = false);
    template<typename T>
    ApiResult<bool> removeTyped(const ObjectKey &key);

    // The service REST storage: validation, then allocation (none on dry runs).
    ApiResult<Service> admitServiceCreate(Service s, bool dryRun);
    ApiResult<Service> validateServiceUpdate(Service s, const Service &old, bool dryRun) const;
    ApiResult<Service> allocateServiceUpdate(Service s, const Service &old, bool dryRun);
    void releaseServiceAllocations(const Service &s);
    ValidationSettings validationSettings(bool dryRun, const Service *exclude) const;

    template<typename T>
    void store(std::shared_ptr<const T> obj, WatchEvent::Type type);
    template<typename T>
    void erase(const ObjectKey &key);
    void record(HistoryEntry e);
    void deliver(const HistoryEntry &e);
    void syncServices(const std::vector<ObjectKey> &keys);
    bool syncService(const ObjectKey &key); // true when it wrote
    void finishCall();
    std::optional<ApiError> checkNamespace(const std::string &ns) const;

    SandboxOptions m_options;
    ClusterSnapshot m_state;
    uint64_t m_rv = 0;
    uint64_t m_compactedRv = 0; // events up to here are gone from the history
    std::unique_ptr<ClusterIpAllocator> m_clusterIps;
    std::unique_ptr<NodePortAllocator> m_nodePorts;
    ClusterIpRepair m_ipRepair;
    NodePortRepair m_portRepair;
    EndpointsController m_controller;
    std::mt19937_64 m_rng;
    std::deque<HistoryEntry> m_history;
    std::vector<std::shared_ptr<WatchState>> m_watches;
    std::vector<HistoryEntry> m_pendingEvents;
    int m_batchDepth = 0;
    std::set<ObjectKey> m_pendingSyncs;
    bool m_dirty = false;
    bool m_delivering = false;
    std::string m_bootstrapTime; // creationTimestamp of the bootstrap objects, when set
};

} // namespace studio
