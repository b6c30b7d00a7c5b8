// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// kube-proxy's change tracking (pkg/proxy/service.go, endpoints.go): every watch event only
// records a {previous, current} pair per object; previous is the state at the last sync.
// When a pair collapses (previous == current in everything the proxy reads) it is dropped,
// so flapping objects and metadata-only updates (resourceVersion, leader-election
// annotations) cause no sync. pending() says which services changed since the last sync.
//
// ClusterState is the agent's view of the cluster (Services, Endpoints, its own Node) that
// the sources write into; each write goes through the tracker.
//
// Threading: one thread (the agent's event loop).

#include "cluster/cluster_snapshot.h"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace studio::agent {

using SteadyClock = std::chrono::steady_clock;

struct PendingChanges
{
    std::set<std::string> services; // "namespace/name": its Service or Endpoints changed
    bool nodeChanged = false;
    // When the oldest of these changes was seen (event -> rules latency).
    std::optional<SteadyClock::time_point> firstChange;
    bool any() const { return nodeChanged || !services.empty(); }
};

// Whether two versions are the same to the proxy (spec, status, labels; not metadata noise).
bool proxyEquivalent(const Service *a, const Service *b);
bool proxyEquivalent(const Endpoints *a, const Endpoints *b);
bool proxyEquivalent(const KubeNode *a, const KubeNode *b);

class ChangeTracker
{
public:
    using Now = std::function<SteadyClock::time_point()>;
    ChangeTracker();
    explicit ChangeTracker(Now now)
        : m_now(std::move(now))
    {}

    template<typename T>
    using Ptr = std::shared_ptr<const T>;

    // previous/current: nullptr when absent (created / deleted).
    void serviceChanged(const ObjectKey &key, Ptr<Service> previous, Ptr<Service> current);
    void endpointsChanged(const ObjectKey &key, Ptr<Endpoints> previous, Ptr<Endpoints> current);
    void nodeChanged(Ptr<KubeNode> previous, Ptr<KubeNode> current);

    PendingChanges pending() const;
    // pending(), and forgets it (the sync that consumes it has started).
    PendingChanges take();
    bool empty() const { return m_services.empty() && m_endpoints.empty() && !m_node; }

private:
    template<typename T>
    struct Change
    {
        Ptr<T> previous;
        Ptr<T> current;
        SteadyClock::time_point since;
    };
    template<typename T>
    void record(std::map<ObjectKey, Change<T>> &map,
                const ObjectKey &key,
                Ptr<T> previous,
                Ptr<T> current);

    Now m_now;
    std::map<ObjectKey, Change<Service>> m_services;
    std::map<ObjectKey, Change<Endpoints>> m_endpoints;
    std::optional<Change<KubeNode>> m_node;
};

// The cluster as the agent knows it. Keeps Services, Endpoints and only the Node named
// `nodeName`; every change is reported to the tracker with the previous version.
class ClusterState
{
public:
    ClusterState(ChangeTracker &tracker, std::string nodeName)
        : m_tracker(tracker)
        , m_nodeName(std::move(nodeName))
    {}

    void upsert(const KubeObject &object);
    void remove(const KubeObject &object);
    // Replaces every object of `kind` by `objects` (a fresh list): deletes what is gone.
    void replaceKind(ResourceKind kind, const std::vector<KubeObject> &objects);
    // Replaces everything by the Services, Endpoints and own Node of `snapshot`.
    void replaceAll(const ClusterSnapshot &snapshot);

    const ClusterSnapshot &snapshot() const { return m_snapshot; }
    const std::string &nodeName() const { return m_nodeName; }

private:
    void put(std::shared_ptr<const Service> s);
    void put(std::shared_ptr<const Endpoints> e);
    void put(std::shared_ptr<const KubeNode> n);
    void drop(ResourceKind kind, const ObjectKey &key);

    ChangeTracker &m_tracker;
    std::string m_nodeName;
    ClusterSnapshot m_snapshot;
};

} // namespace studio::agent
