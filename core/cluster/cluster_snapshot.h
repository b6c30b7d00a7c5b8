// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One consistent view of a cluster: every Service, Endpoints, Pod, Node and Namespace at one
// resourceVersion, with lookups. The input of the proxy planners, the tracer, discovery and
// the views. Objects are shared and immutable, so a copy is cheap (a map of pointers) and a
// snapshot may be handed to another thread.

#include "cluster/object_key.h"
#include "cluster/resource_kind.h"
#include "manifest/manifest.h" // KubeObject
#include "model/types.h"
#include "util/ip_address.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace studio {

// The cluster-wide settings the objects alone do not say (apiserver and kubelet flags).
struct ClusterSettings
{
    IpNetwork serviceClusterIpRange = *IpNetwork::parse("10.96.0.0/12"); // --service-cluster-ip-range
    int nodePortMin = 30000; // --service-node-port-range
    int nodePortMax = 32767;
    std::string clusterDomain = "cluster.local"; // kubelet --cluster-domain
    std::string clusterCidr = "10.244.0.0/16";   // kube-proxy --cluster-cidr (pod network)

    bool operator==(const ClusterSettings &) const = default;
};

class ClusterSnapshot
{
public:
    template<typename T>
    using Ptr = std::shared_ptr<const T>;
    template<typename T>
    using Map = std::map<ObjectKey, Ptr<T>>;

    ClusterSnapshot() = default;
    explicit ClusterSnapshot(ClusterSettings settings) : m_settings(std::move(settings)) {}

    // Building (the sandbox and file-based tools). An object with the key of one already
    // there replaces it. Cluster-scoped kinds (Node, Namespace) have an empty namespace.
    void add(Ptr<Service> s);
    void add(Ptr<Endpoints> e);
    void add(Ptr<Pod> p);
    void add(Ptr<KubeNode> n);
    void add(Ptr<Namespace> n);
    void add(const KubeObject &object); // copies; monostate is ignored
    bool remove(ResourceKind kind, const ObjectKey &key);
    void setResourceVersion(std::string rv) { m_resourceVersion = std::move(rv); }
    void setSettings(ClusterSettings s) { m_settings = std::move(s); }
    static ClusterSnapshot fromObjects(const std::vector<KubeObject> &objects,
                                       ClusterSettings settings = {});

    const ClusterSettings &settings() const { return m_settings; }
    const std::string &resourceVersion() const { return m_resourceVersion; }

    // Whole maps, ordered by namespace then name.
    const Map<Service> &serviceMap() const { return m_services; }
    const Map<Endpoints> &endpointsMap() const { return m_endpoints; }
    const Map<Pod> &podMap() const { return m_pods; }
    const Map<KubeNode> &nodeMap() const { return m_nodes; }
    const Map<Namespace> &namespaceMap() const { return m_namespaces; }

    // Lists, ordered by namespace then name; namespace_ empty: all namespaces.
    std::vector<const Service *> services(const std::string &namespace_ = {}) const;
    std::vector<const Endpoints *> endpointsList(const std::string &namespace_ = {}) const;
    std::vector<const Pod *> pods(const std::string &namespace_ = {}) const;
    std::vector<const KubeNode *> nodes() const;
    std::vector<const Namespace *> namespaces() const;

    // Lookups; nullptr when absent.
    const Service *service(const std::string &namespace_, const std::string &name) const;
    const Endpoints *endpoints(const std::string &namespace_, const std::string &name) const;
    const Pod *pod(const std::string &namespace_, const std::string &name) const;
    const KubeNode *node(const std::string &name) const;
    const Namespace *namespace_(const std::string &name) const;

    // The pods of the service's namespace its selector matches (none without a selector).
    std::vector<const Pod *> podsSelectedBy(const Service &service) const;
    // The pods scheduled on a node.
    std::vector<const Pod *> podsOnNode(const std::string &nodeName) const;
    // The service (if any) whose spec.clusterIP or spec.clusterIPs holds `ip`.
    const Service *serviceByClusterIp(const std::string &ip) const;

    size_t objectCount() const;

private:
    template<typename T>
    static std::vector<const T *> listIn(const Map<T> &m, const std::string &ns);
    template<typename T>
    static const T *find(const Map<T> &m, const std::string &ns, const std::string &name);

    ClusterSettings m_settings;
    std::string m_resourceVersion;
    Map<Service> m_services;
    Map<Endpoints> m_endpoints;
    Map<Pod> m_pods;
    Map<KubeNode> m_nodes;
    Map<Namespace> m_namespaces;
};

} // namespace studio
