// SPDX-License-Identifier: GPL-3.0-or-later
#include "change_tracker.h"

#include "cluster/resource_kind.h"

namespace studio::agent {

namespace {
template<typename T>
bool bothNullOrOneNull(const T *a, const T *b, bool *result)
{
    if (!a || !b) {
        *result = (a == b);
        return true;
    }
    return false;
}
} // namespace

bool proxyEquivalent(const Service *a, const Service *b)
{
    bool r = false;
    if (bothNullOrOneNull(a, b, &r))
        return r;
    // Labels matter (service.kubernetes.io/service-proxy-name, headless); annotations and
    // resourceVersion do not.
    return a->spec == b->spec && a->status == b->status && a->metadata.labels == b->metadata.labels
           && a->metadata.name == b->metadata.name
           && a->metadata.namespace_ == b->metadata.namespace_;
}

namespace {
// An address as the proxy reads it: a targetRef's uid and resourceVersion change with every
// pod write (and with every reload of a state file) without changing the dataplane.
bool sameAddress(const EndpointAddress &a, const EndpointAddress &b)
{
    if (a.ip != b.ip || a.hostname != b.hostname || a.nodeName != b.nodeName
        || a.targetRef.has_value() != b.targetRef.has_value())
        return false;
    if (!a.targetRef)
        return true;
    return a.targetRef->kind == b.targetRef->kind
           && a.targetRef->namespace_ == b.targetRef->namespace_
           && a.targetRef->name == b.targetRef->name;
}

bool sameAddresses(const std::vector<EndpointAddress> &a, const std::vector<EndpointAddress> &b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!sameAddress(a[i], b[i]))
            return false;
    return true;
}
} // namespace

bool proxyEquivalent(const Endpoints *a, const Endpoints *b)
{
    bool r = false;
    if (bothNullOrOneNull(a, b, &r))
        return r;
    if (a->metadata.labels != b->metadata.labels || a->subsets.size() != b->subsets.size())
        return false;
    for (size_t i = 0; i < a->subsets.size(); ++i) {
        const EndpointSubset &x = a->subsets[i];
        const EndpointSubset &y = b->subsets[i];
        if (x.ports != y.ports || !sameAddresses(x.addresses, y.addresses)
            || !sameAddresses(x.notReadyAddresses, y.notReadyAddresses))
            return false;
    }
    return true;
}

bool proxyEquivalent(const KubeNode *a, const KubeNode *b)
{
    bool r = false;
    if (bothNullOrOneNull(a, b, &r))
        return r;
    return a->metadata.labels == b->metadata.labels && a->addresses == b->addresses
           && a->podCIDR == b->podCIDR && a->podCIDRs == b->podCIDRs;
}

ChangeTracker::ChangeTracker()
    : m_now([] { return SteadyClock::now(); })
{}

template<typename T>
void ChangeTracker::record(std::map<ObjectKey, Change<T>> &map,
                           const ObjectKey &key,
                           Ptr<T> previous,
                           Ptr<T> current)
{
    auto it = map.find(key);
    if (it == map.end()) {
        if (proxyEquivalent(previous.get(), current.get()))
            return;
        map.emplace(key, Change<T>{std::move(previous), std::move(current), m_now()});
        return;
    }
    // Keep the oldest previous (the state at the last sync); only current moves.
    it->second.current = std::move(current);
    if (proxyEquivalent(it->second.previous.get(), it->second.current.get()))
        map.erase(it);
}

void ChangeTracker::serviceChanged(const ObjectKey &key,
                                   Ptr<Service> previous,
                                   Ptr<Service> current)
{
    record(m_services, key, std::move(previous), std::move(current));
}

void ChangeTracker::endpointsChanged(const ObjectKey &key,
                                     Ptr<Endpoints> previous,
                                     Ptr<Endpoints> current)
{
    record(m_endpoints, key, std::move(previous), std::move(current));
}

void ChangeTracker::nodeChanged(Ptr<KubeNode> previous, Ptr<KubeNode> current)
{
    if (!m_node) {
        if (proxyEquivalent(previous.get(), current.get()))
            return;
        m_node = Change<KubeNode>{std::move(previous), std::move(current), m_now()};
        return;
    }
    m_node->current = std::move(current);
    if (proxyEquivalent(m_node->previous.get(), m_node->current.get()))
        m_node.reset();
}

PendingChanges ChangeTracker::pending() const
{
    PendingChanges p;
    auto note = [&](SteadyClock::time_point t) {
        if (!p.firstChange || t < *p.firstChange)
            p.firstChange = t;
    };
    for (const auto &[key, change] : m_services) {
        p.services.insert(key.namespace_ + "/" + key.name);
        note(change.since);
    }
    for (const auto &[key, change] : m_endpoints) {
        p.services.insert(key.namespace_ + "/" + key.name);
        note(change.since);
    }
    if (m_node) {
        p.nodeChanged = true;
        note(m_node->since);
    }
    return p;
}

PendingChanges ChangeTracker::take()
{
    PendingChanges p = pending();
    m_services.clear();
    m_endpoints.clear();
    m_node.reset();
    return p;
}

// ---- ClusterState -----------------------------------------------------------------------

void ClusterState::put(std::shared_ptr<const Service> s)
{
    const ObjectKey key{s->metadata.namespace_, s->metadata.name};
    auto it = m_snapshot.serviceMap().find(key);
    auto previous = it == m_snapshot.serviceMap().end() ? nullptr : it->second;
    m_snapshot.add(s);
    m_tracker.serviceChanged(key, std::move(previous), std::move(s));
}

void ClusterState::put(std::shared_ptr<const Endpoints> e)
{
    const ObjectKey key{e->metadata.namespace_, e->metadata.name};
    auto it = m_snapshot.endpointsMap().find(key);
    auto previous = it == m_snapshot.endpointsMap().end() ? nullptr : it->second;
    m_snapshot.add(e);
    m_tracker.endpointsChanged(key, std::move(previous), std::move(e));
}

void ClusterState::put(std::shared_ptr<const KubeNode> n)
{
    if (n->metadata.name != m_nodeName)
        return;
    const ObjectKey key{"", n->metadata.name};
    auto it = m_snapshot.nodeMap().find(key);
    auto previous = it == m_snapshot.nodeMap().end() ? nullptr : it->second;
    m_snapshot.add(n);
    m_tracker.nodeChanged(std::move(previous), std::move(n));
}

void ClusterState::drop(ResourceKind kind, const ObjectKey &key)
{
    switch (kind) {
    case ResourceKind::Service: {
        auto it = m_snapshot.serviceMap().find(key);
        if (it == m_snapshot.serviceMap().end())
            return;
        auto previous = it->second;
        m_snapshot.remove(kind, key);
        m_tracker.serviceChanged(key, std::move(previous), nullptr);
        return;
    }
    case ResourceKind::Endpoints: {
        auto it = m_snapshot.endpointsMap().find(key);
        if (it == m_snapshot.endpointsMap().end())
            return;
        auto previous = it->second;
        m_snapshot.remove(kind, key);
        m_tracker.endpointsChanged(key, std::move(previous), nullptr);
        return;
    }
    case ResourceKind::Node: {
        auto it = m_snapshot.nodeMap().find(key);
        if (it == m_snapshot.nodeMap().end())
            return;
        auto previous = it->second;
        m_snapshot.remove(kind, key);
        m_tracker.nodeChanged(std::move(previous), nullptr);
        return;
    }
    default:
        return;
    }
}

void ClusterState::upsert(const KubeObject &object)
{
    if (const auto *s = std::get_if<Service>(&object))
        put(std::make_shared<const Service>(*s));
    else if (const auto *e = std::get_if<Endpoints>(&object))
        put(std::make_shared<const Endpoints>(*e));
    else if (const auto *n = std::get_if<KubeNode>(&object))
        put(std::make_shared<const KubeNode>(*n));
}

void ClusterState::remove(const KubeObject &object)
{
    const auto kind = resourceKindOf(object);
    const ObjectMeta *meta = objectMeta(object);
    if (!kind || !meta)
        return;
    drop(*kind,
         ObjectKey{resourceIsNamespaced(*kind) ? meta->namespace_ : std::string(), meta->name});
}

void ClusterState::replaceKind(ResourceKind kind, const std::vector<KubeObject> &objects)
{
    std::set<ObjectKey> fresh;
    for (const KubeObject &o : objects) {
        if (const ObjectMeta *m = objectMeta(o)) {
            fresh.insert(
                ObjectKey{resourceIsNamespaced(kind) ? m->namespace_ : std::string(), m->name});
            upsert(o);
        }
    }
    std::vector<ObjectKey> gone;
    auto collect = [&](const auto &map) {
        for (const auto &[key, value] : map)
            if (!fresh.count(key))
                gone.push_back(key);
    };
    if (kind == ResourceKind::Service)
        collect(m_snapshot.serviceMap());
    else if (kind == ResourceKind::Endpoints)
        collect(m_snapshot.endpointsMap());
    else if (kind == ResourceKind::Node)
        collect(m_snapshot.nodeMap());
    for (const ObjectKey &k : gone)
        drop(kind, k);
}

void ClusterState::replaceAll(const ClusterSnapshot &snapshot)
{
    m_snapshot.setSettings(snapshot.settings());
    std::set<ObjectKey> services, endpoints, nodes;
    for (const auto &[key, s] : snapshot.serviceMap()) {
        services.insert(key);
        put(s);
    }
    for (const auto &[key, e] : snapshot.endpointsMap()) {
        endpoints.insert(key);
        put(e);
    }
    for (const auto &[key, n] : snapshot.nodeMap()) {
        if (n->metadata.name != m_nodeName)
            continue;
        nodes.insert(key);
        put(n);
    }
    std::vector<std::pair<ResourceKind, ObjectKey>> gone;
    for (const auto &[key, v] : m_snapshot.serviceMap())
        if (!services.count(key))
            gone.emplace_back(ResourceKind::Service, key);
    for (const auto &[key, v] : m_snapshot.endpointsMap())
        if (!endpoints.count(key))
            gone.emplace_back(ResourceKind::Endpoints, key);
    for (const auto &[key, v] : m_snapshot.nodeMap())
        if (!nodes.count(key))
            gone.emplace_back(ResourceKind::Node, key);
    for (const auto &[kind, key] : gone)
        drop(kind, key);
}

} // namespace studio::agent
