// SPDX-License-Identifier: GPL-3.0-or-later
#include "cluster/cluster_snapshot.h"

#include "cluster/endpoints_controller.h" // effectiveSelector
#include "cluster/label_selector.h"

#include <algorithm>

namespace studio {

namespace {

template<typename T>
ObjectKey keyOf(const T &o)
{
    return {o.metadata.namespace_, o.metadata.name};
}

} // namespace

void ClusterSnapshot::add(Ptr<Service> s)
{
    if (s)
        m_services[keyOf(*s)] = std::move(s);
}

void ClusterSnapshot::add(Ptr<Endpoints> e)
{
    if (e)
        m_endpoints[keyOf(*e)] = std::move(e);
}

void ClusterSnapshot::add(Ptr<Pod> p)
{
    if (p)
        m_pods[keyOf(*p)] = std::move(p);
}

void ClusterSnapshot::add(Ptr<KubeNode> n)
{
    if (n)
        m_nodes[{"", n->metadata.name}] = std::move(n);
}

void ClusterSnapshot::add(Ptr<Namespace> n)
{
    if (n)
        m_namespaces[{"", n->metadata.name}] = std::move(n);
}

void ClusterSnapshot::add(const KubeObject &object)
{
    std::visit(
        [this](const auto &v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (!std::is_same_v<T, std::monostate>)
                add(std::make_shared<const T>(v));
        },
        object);
}

bool ClusterSnapshot::remove(ResourceKind kind, const ObjectKey &key)
{
    switch (kind) {
    case ResourceKind::Service: return m_services.erase(key) > 0;
    case ResourceKind::Endpoints: return m_endpoints.erase(key) > 0;
    case ResourceKind::Pod: return m_pods.erase(key) > 0;
    case ResourceKind::Node: return m_nodes.erase({"", key.name}) > 0;
    case ResourceKind::Namespace: return m_namespaces.erase({"", key.name}) > 0;
    }
    return false;
}

ClusterSnapshot ClusterSnapshot::fromObjects(const std::vector<KubeObject> &objects,
                                             ClusterSettings settings)
{
    ClusterSnapshot s(std::move(settings));
    for (const auto &o : objects)
        s.add(o);
    return s;
}

template<typename T>
std::vector<const T *> ClusterSnapshot::listIn(const Map<T> &m, const std::string &ns)
{
    std::vector<const T *> out;
    if (ns.empty()) {
        out.reserve(m.size());
        for (const auto &[k, v] : m)
            out.push_back(v.get());
        return out;
    }
    for (auto it = m.lower_bound({ns, ""}); it != m.end() && it->first.namespace_ == ns; ++it)
        out.push_back(it->second.get());
    return out;
}

template<typename T>
const T *ClusterSnapshot::find(const Map<T> &m, const std::string &ns, const std::string &name)
{
    const auto it = m.find({ns, name});
    return it == m.end() ? nullptr : it->second.get();
}

std::vector<const Service *> ClusterSnapshot::services(const std::string &ns) const
{
    return listIn(m_services, ns);
}

std::vector<const Endpoints *> ClusterSnapshot::endpointsList(const std::string &ns) const
{
    return listIn(m_endpoints, ns);
}

std::vector<const Pod *> ClusterSnapshot::pods(const std::string &ns) const
{
    return listIn(m_pods, ns);
}

std::vector<const KubeNode *> ClusterSnapshot::nodes() const { return listIn(m_nodes, {}); }

std::vector<const Namespace *> ClusterSnapshot::namespaces() const
{
    return listIn(m_namespaces, {});
}

const Service *ClusterSnapshot::service(const std::string &ns, const std::string &name) const
{
    return find(m_services, ns, name);
}

const Endpoints *ClusterSnapshot::endpoints(const std::string &ns, const std::string &name) const
{
    return find(m_endpoints, ns, name);
}

const Pod *ClusterSnapshot::pod(const std::string &ns, const std::string &name) const
{
    return find(m_pods, ns, name);
}

const KubeNode *ClusterSnapshot::node(const std::string &name) const
{
    return find(m_nodes, "", name);
}

const Namespace *ClusterSnapshot::namespace_(const std::string &name) const
{
    return find(m_namespaces, "", name);
}

std::vector<const Pod *> ClusterSnapshot::podsSelectedBy(const Service &service) const
{
    std::vector<const Pod *> out;
    const Labels *selector = effectiveSelector(service);
    if (!selector)
        return out;
    for (const Pod *p : pods(service.metadata.namespace_))
        if (selectorMatches(*selector, p->metadata.labels))
            out.push_back(p);
    return out;
}

std::vector<const Pod *> ClusterSnapshot::podsOnNode(const std::string &nodeName) const
{
    std::vector<const Pod *> out;
    for (const auto &[k, p] : m_pods)
        if (p->nodeName == nodeName)
            out.push_back(p.get());
    return out;
}

const Service *ClusterSnapshot::serviceByClusterIp(const std::string &ip) const
{
    for (const auto &[k, s] : m_services) {
        if (s->spec.clusterIP == ip)
            return s.get();
        if (std::find(s->spec.clusterIPs.begin(), s->spec.clusterIPs.end(), ip)
            != s->spec.clusterIPs.end())
            return s.get();
    }
    return nullptr;
}

size_t ClusterSnapshot::objectCount() const
{
    return m_services.size() + m_endpoints.size() + m_pods.size() + m_nodes.size()
           + m_namespaces.size();
}

} // namespace studio
