// SPDX-License-Identifier: GPL-3.0-or-later
#include "cluster/sandbox_backend.h"

#include "manifest/manifest.h"
#include "validation/name_rules.h"

#include <QDateTime>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>

namespace studio {

namespace {

constexpr bool resourceIsNamespacedKind(ResourceKind k)
{
    return k != ResourceKind::Node && k != ResourceKind::Namespace;
}

template<typename T>
struct KindOf;
template<>
struct KindOf<Service>
{
    static constexpr ResourceKind value = ResourceKind::Service;
};
template<>
struct KindOf<Endpoints>
{
    static constexpr ResourceKind value = ResourceKind::Endpoints;
};
template<>
struct KindOf<Pod>
{
    static constexpr ResourceKind value = ResourceKind::Pod;
};
template<>
struct KindOf<KubeNode>
{
    static constexpr ResourceKind value = ResourceKind::Node;
};
template<>
struct KindOf<Namespace>
{
    static constexpr ResourceKind value = ResourceKind::Namespace;
};

template<typename T>
const ClusterSnapshot::Map<T> &mapOf(const ClusterSnapshot &s)
{
    if constexpr (std::is_same_v<T, Service>)
        return s.serviceMap();
    else if constexpr (std::is_same_v<T, Endpoints>)
        return s.endpointsMap();
    else if constexpr (std::is_same_v<T, Pod>)
        return s.podMap();
    else if constexpr (std::is_same_v<T, KubeNode>)
        return s.nodeMap();
    else
        return s.namespaceMap();
}

template<typename T>
std::shared_ptr<const T> findPtr(const ClusterSnapshot &s, const ObjectKey &key)
{
    const auto &m = mapOf<T>(s);
    const auto it = m.find(key);
    return it == m.end() ? nullptr : it->second;
}

template<typename T>
ObjectKey keyOf(const T &o)
{
    return {resourceIsNamespaced(KindOf<T>::value) ? o.metadata.namespace_ : std::string(),
            o.metadata.name};
}

template<typename F>
auto visitKind(ResourceKind kind, F &&f)
{
    switch (kind) {
    case ResourceKind::Service: return f(Service{});
    case ResourceKind::Endpoints: return f(Endpoints{});
    case ResourceKind::Pod: return f(Pod{});
    case ResourceKind::Node: return f(KubeNode{});
    case ResourceKind::Namespace: break;
    }
    return f(Namespace{});
}

bool needsNodePort(const Service &s)
{
    return s.spec.type == service_type::NodePort || s.spec.type == service_type::LoadBalancer;
}

bool needsHealthCheck(const Service &s)
{
    return s.spec.type == service_type::LoadBalancer && s.spec.externalTrafficPolicy == "Local";
}

bool isHeadless(const Service &s)
{
    return !s.spec.clusterIPs.empty() ? s.spec.clusterIPs.front() == "None"
                                      : s.spec.clusterIP == "None";
}

// The protobuf storage drops empty maps: `selector: {}` reads back as no selector.
void normalizeStored(Service &s)
{
    if (s.spec.selector && s.spec.selector->empty())
        s.spec.selector.reset();
}

// Go's %#v of a nil []string, for "primary clusterIP can not be unset".
FieldError invalidStringList(std::string field, const std::vector<std::string> &v,
                             std::string detail)
{
    if (!v.empty())
        return FieldError::invalidList(std::move(field), v, std::move(detail));
    FieldError e = FieldError::invalidList(std::move(field), v, std::move(detail));
    e.badValue = "[]string(nil)";
    return e;
}

bool sameStrings(const std::vector<std::string> &a, const std::vector<std::string> &b)
{
    return a == b;
}

// strategy.NormalizeClusterIPs for an update.
void normalizeClusterIpsForUpdate(const Service &old, Service &s)
{
    if (!old.spec.clusterIPs.empty() && s.spec.clusterIPs.empty()
        && old.spec.clusterIP == s.spec.clusterIP)
        s.spec.clusterIPs = old.spec.clusterIPs; // an old client that only knows clusterIP
    if (old.spec.clusterIP != s.spec.clusterIP) {
        if (!old.spec.clusterIP.empty() && s.spec.clusterIP.empty()) {
            if (sameStrings(old.spec.clusterIPs, s.spec.clusterIPs))
                s.spec.clusterIPs.clear();
        } else if (sameStrings(old.spec.clusterIPs, s.spec.clusterIPs)) {
            s.spec.clusterIPs = {s.spec.clusterIP};
        }
    }
}

// strategy.dropTypeDependentFields: wipe what the new type does not use, when the user left
// it as it was.
void dropTypeDependentFields(const Service &old, Service &s)
{
    const bool oldNeedsIp = old.spec.type != service_type::ExternalName;
    const bool newNeedsIp = s.spec.type != service_type::ExternalName;
    if (oldNeedsIp && !newNeedsIp) {
        if (old.spec.clusterIP == s.spec.clusterIP && sameStrings(old.spec.clusterIPs, s.spec.clusterIPs)) {
            s.spec.clusterIP.clear();
            s.spec.clusterIPs.clear();
        }
        if (old.spec.ipFamilies == s.spec.ipFamilies)
            s.spec.ipFamilies.clear();
        if (old.spec.ipFamilyPolicy == s.spec.ipFamilyPolicy)
            s.spec.ipFamilyPolicy.reset();
    }
    if (needsNodePort(old) && !needsNodePort(s)) {
        // sameNodePorts: no net-new node port.
        std::set<int32_t> oldPorts;
        for (const auto &p : old.spec.ports)
            if (p.nodePort)
                oldPorts.insert(p.nodePort);
        bool same = true;
        for (const auto &p : s.spec.ports)
            if (p.nodePort && !oldPorts.count(p.nodePort))
                same = false;
        if (same)
            for (auto &p : s.spec.ports)
                p.nodePort = 0;
    }
    if (needsHealthCheck(old) && !needsHealthCheck(s)
        && old.spec.healthCheckNodePort == s.spec.healthCheckNodePort)
        s.spec.healthCheckNodePort = 0;
}

// validation.validateUpgradeDowngradeClusterIPs (single stack).
FieldErrors validateClusterIpsUpdate(const Service &old, const Service &s)
{
    FieldErrors errs;
    if (s.spec.type == service_type::ExternalName || old.spec.type == service_type::ExternalName)
        return errs;
    if (isHeadless(old) && isHeadless(s))
        return errs;
    const auto &o = old.spec.clusterIPs;
    const auto &n = s.spec.clusterIPs;
    if (o.size() == n.size()) {
        for (size_t i = 0; i < o.size(); ++i)
            if (o[i] != n[i])
                errs.push_back(invalidStringList("spec.clusterIPs[" + std::to_string(i) + "]", n,
                                                 "may not change once set"));
    } else if (o.size() > n.size()) {
        if (n.empty())
            errs.push_back(invalidStringList("spec.clusterIPs[0]", n,
                                             "primary clusterIP can not be unset"));
        if (!o.empty() && !n.empty() && n[0] != o[0])
            errs.push_back(invalidStringList("spec.clusterIPs[0]", n, "may not change once set"));
    } else if (!o.empty() && n[0] != o[0]) {
        errs.push_back(invalidStringList("spec.clusterIPs[0]", n, "may not change once set"));
    }
    return errs;
}

ApiError invalidOrInternal(const std::string &name, FieldErrors errs)
{
    for (const auto &e : errs)
        if (e.type == field_error_type::Internal)
            return apiInternal(e.detail);
    return apiInvalid(ResourceKind::Service, name, std::move(errs));
}

// portallocator.PortAllocationOperation: allocations that are undone unless committed; on a
// dry run only checks, and hands out placeholders (the highest so far + 1, from 32769).
class NodePortOperation
{
public:
    NodePortOperation(NodePortAllocator &a, bool dryRun) : m_a(a), m_dryRun(dryRun) {}
    ~NodePortOperation()
    {
        if (!m_committed)
            rollback();
    }

    Result<void, AllocationError> allocate(int port)
    {
        if (m_dryRun) {
            if (m_a.has(port) || std::count(m_allocated.begin(), m_allocated.end(), port))
                return AllocationError{AllocationError::Code::Allocated,
                                       "provided port is already allocated"};
            m_allocated.push_back(port);
            return {};
        }
        auto r = m_a.allocate(port);
        if (r.ok())
            m_allocated.push_back(port);
        return r;
    }
    Result<int, AllocationError> allocateNext()
    {
        if (m_dryRun) {
            int last = m_allocated.empty() ? 32768 : *std::max_element(m_allocated.begin(), m_allocated.end());
            m_allocated.push_back(last + 1);
            return last + 1;
        }
        auto r = m_a.allocateNext();
        if (r.ok())
            m_allocated.push_back(*r);
        return r;
    }
    void releaseDeferred(int port) { m_release.push_back(port); }
    void commit()
    {
        m_committed = true;
        if (m_dryRun)
            return;
        for (int p : m_release)
            m_a.release(p);
    }

private:
    void rollback()
    {
        if (!m_dryRun)
            for (int p : m_allocated)
                m_a.release(p);
        m_allocated.clear();
    }
    NodePortAllocator &m_a;
    bool m_dryRun;
    bool m_committed = false;
    std::vector<int> m_allocated;
    std::vector<int> m_release;
};

// rest.go initNodePorts: ports that share a number share a node port.
std::optional<ApiError> initNodePorts(Service &s, NodePortOperation &op)
{
    std::map<int32_t, int32_t> byPort;
    auto &ports = s.spec.ports;
    for (size_t i = 0; i < ports.size(); ++i) {
        auto &sp = ports[i];
        const std::string field = "spec.ports[" + std::to_string(i) + "].nodePort";
        const int32_t allocated = byPort.count(sp.port) ? byPort[sp.port] : 0;
        if (allocated == 0) {
            int32_t requested = 0;
            for (const auto &other : ports)
                if (other.port == sp.port && other.nodePort != 0) {
                    requested = other.nodePort;
                    break;
                }
            if (requested != 0) {
                if (auto r = op.allocate(requested); !r.ok())
                    return apiInvalid(ResourceKind::Service, s.metadata.name,
                                      {FieldError::invalidInt(field, requested, r.error().message)});
                sp.nodePort = requested;
            } else {
                auto r = op.allocateNext();
                if (!r.ok())
                    return apiInternal("failed to allocate a nodePort: " + r.error().message);
                sp.nodePort = *r;
            }
            byPort[sp.port] = sp.nodePort;
        } else if (sp.nodePort != allocated) {
            if (sp.nodePort == 0) {
                sp.nodePort = allocated;
            } else if (auto r = op.allocate(sp.nodePort); !r.ok()) {
                return apiInvalid(ResourceKind::Service, s.metadata.name,
                                  {FieldError::invalidInt(field, sp.nodePort, r.error().message)});
            }
        }
    }
    return std::nullopt;
}

// rest.go updateNodePorts: keep the old ones, reserve new requests, allocate for unset ones
// (no sharing on update), release what is no longer used.
std::optional<ApiError> updateNodePorts(const Service &old, Service &s, NodePortOperation &op)
{
    const std::vector<int> oldPorts = [&] {
        std::vector<int> v;
        for (const auto &p : old.spec.ports)
            if (p.nodePort)
                v.push_back(p.nodePort);
        return v;
    }();
    std::set<int> reserved;
    for (size_t i = 0; i < s.spec.ports.size(); ++i) {
        auto &sp = s.spec.ports[i];
        if (sp.nodePort != 0) {
            if (!std::count(oldPorts.begin(), oldPorts.end(), sp.nodePort)
                && !reserved.count(sp.nodePort)) {
                if (auto r = op.allocate(sp.nodePort); !r.ok())
                    return apiInvalid(ResourceKind::Service, s.metadata.name,
                                      {FieldError::invalidInt("spec.ports[" + std::to_string(i)
                                                                  + "].nodePort",
                                                              sp.nodePort, r.error().message)});
                reserved.insert(sp.nodePort);
            }
        } else {
            auto r = op.allocateNext();
            if (!r.ok())
                return apiInternal("failed to allocate a nodePort: " + r.error().message);
            sp.nodePort = *r;
        }
    }
    for (int p : oldPorts) {
        bool kept = false;
        for (const auto &sp : s.spec.ports)
            kept = kept || sp.nodePort == p;
        if (!kept)
            op.releaseDeferred(p);
    }
    return std::nullopt;
}

std::optional<ApiError> allocateHealthCheckNodePort(Service &s, NodePortOperation &op)
{
    const int32_t hc = s.spec.healthCheckNodePort;
    if (hc != 0) {
        if (auto r = op.allocate(hc); !r.ok())
            return apiInternal("failed to allocate requested HealthCheck NodePort "
                               + std::to_string(hc) + ": " + r.error().message);
        return std::nullopt;
    }
    auto r = op.allocateNext();
    if (!r.ok())
        return apiInternal("failed to allocate a HealthCheck NodePort 0: " + r.error().message);
    s.spec.healthCheckNodePort = *r;
    return std::nullopt;
}

std::string wallClock()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
}

std::string lowerCopy(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

} // namespace

// ---- watches --------------------------------------------------------------------------------

struct SandboxBackend::WatchState
{
    ResourceKind kind;
    std::string namespace_;
    WatchCallback onEvent;
    bool active = true;
};

class SandboxBackend::WatchHandleImpl : public WatchHandle
{
public:
    explicit WatchHandleImpl(std::weak_ptr<WatchState> s) : m_state(std::move(s)) {}
    ~WatchHandleImpl() override { stop(); }
    void stop() override
    {
        if (auto s = m_state.lock())
            s->active = false;
    }

private:
    std::weak_ptr<WatchState> m_state;
};

namespace {

KubeObject toObject(ResourceKind kind, const std::shared_ptr<const void> &p)
{
    switch (kind) {
    case ResourceKind::Service: return *std::static_pointer_cast<const Service>(p);
    case ResourceKind::Endpoints: return *std::static_pointer_cast<const Endpoints>(p);
    case ResourceKind::Pod: return *std::static_pointer_cast<const Pod>(p);
    case ResourceKind::Node: return *std::static_pointer_cast<const KubeNode>(p);
    case ResourceKind::Namespace: return *std::static_pointer_cast<const Namespace>(p);
    }
    return {};
}

} // namespace

// ---- construction ---------------------------------------------------------------------------

SandboxBackend::SandboxBackend(QObject *parent) : SandboxBackend(SandboxOptions{}, parent) {}

SandboxBackend::SandboxBackend(SandboxOptions options, QObject *parent)
    : ClusterBackend(parent)
{
    reset(std::move(options));
}

SandboxBackend::~SandboxBackend() = default;

void SandboxBackend::reset(SandboxOptions options) { resetWith(std::move(options), {}); }

void SandboxBackend::resetWith(SandboxOptions options, std::string bootstrapTime)
{
    // Watches of the old cluster end: their clients must list again.
    for (const auto &w : m_watches) {
        if (!w->active)
            continue;
        WatchEvent ev;
        ev.type = WatchEvent::Type::Error;
        ev.error = apiGone("the sandbox cluster was replaced");
        w->active = false;
        w->onEvent(ev);
    }
    m_watches.clear();
    m_options = std::move(options);
    m_state = ClusterSnapshot(m_options.settings);
    m_rng.seed(m_options.seed);
    const auto &st = m_options.settings;
    m_clusterIps = std::make_unique<ClusterIpAllocator>(st.serviceClusterIpRange, m_rng());
    m_nodePorts = std::make_unique<NodePortAllocator>(st.nodePortMin,
                                                      st.nodePortMax - st.nodePortMin + 1, m_rng());
    m_ipRepair = ClusterIpRepair();
    m_portRepair = NodePortRepair();
    m_controller = EndpointsController();
    m_history.clear();
    m_pendingEvents.clear();
    m_pendingSyncs.clear();
    m_compactedRv = m_rv; // resourceVersions keep increasing across resets
    m_batchDepth = 0;
    m_bootstrapTime = std::move(bootstrapTime);
    bootstrap();
    m_bootstrapTime.clear();
    m_pendingEvents.clear();
    Q_EMIT changed();
}

void SandboxBackend::bootstrap()
{
    for (const char *ns : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
        Namespace n;
        n.metadata.name = ns;
        (void)createTyped(std::move(n), false);
    }
    // What the apiserver's bootstrap controller maintains.
    Service k;
    k.metadata.namespace_ = "default";
    k.metadata.name = "kubernetes";
    k.metadata.labels = {{"component", "apiserver"}, {"provider", "kubernetes"}};
    ServicePort https;
    https.name = "https";
    https.protocol = protocol::TCP;
    https.port = 443;
    https.targetPort = IntOrString::fromInt(6443);
    k.spec.ports = {https};
    k.spec.clusterIP = m_clusterIps->firstAddress().toString();
    (void)createTyped(std::move(k), false);
    Endpoints e;
    e.metadata.namespace_ = "default";
    e.metadata.name = "kubernetes";
    e.metadata.labels = {{"endpointslice.kubernetes.io/skip-mirror", "true"}};
    EndpointSubset ss;
    ss.addresses = {{m_options.advertiseAddress, "", std::nullopt, std::nullopt}};
    ss.ports = {{"https", 6443, protocol::TCP, std::nullopt}};
    e.subsets = {ss};
    (void)createTyped(std::move(e), false);
}

std::string SandboxBackend::now() const
{
    if (!m_bootstrapTime.empty())
        return m_bootstrapTime;
    return m_options.clock ? m_options.clock() : wallClock();
}

std::string SandboxBackend::newUid()
{
    // A version 4 UUID from the seeded generator.
    const uint64_t a = m_rng(), b = m_rng();
    char buf[40];
    snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", unsigned(a >> 32),
             unsigned((a >> 16) & 0xffff), unsigned(a & 0xfff),
             unsigned(0x8000 | ((b >> 48) & 0x3fff)), (unsigned long long)(b & 0xffffffffffffull));
    return buf;
}

std::optional<ApiError> SandboxBackend::checkNamespace(const std::string &ns) const
{
    if (!m_state.namespace_(ns))
        return apiNotFound(ResourceKind::Namespace, ns);
    return std::nullopt;
}

ValidationSettings SandboxBackend::validationSettings(bool dryRun, const Service *exclude) const
{
    ValidationSettings vs;
    vs.serviceClusterIpRange = m_options.settings.serviceClusterIpRange;
    vs.nodePortMin = m_options.settings.nodePortMin;
    vs.nodePortMax = m_options.settings.nodePortMax;
    vs.dryRun = dryRun;
    // On an update the service's own addresses and ports are not "in use" by another.
    std::vector<std::string> ownIps = exclude ? serviceClusterIps(*exclude) : std::vector<std::string>{};
    std::vector<int> ownPorts = exclude ? serviceNodePorts(*exclude) : std::vector<int>{};
    const ClusterIpAllocator *ips = m_clusterIps.get();
    const NodePortAllocator *ports = m_nodePorts.get();
    vs.clusterIpInUse = [ips, ownIps](const IpAddress &ip) {
        return ips->has(ip) && std::find(ownIps.begin(), ownIps.end(), ip.toString()) == ownIps.end();
    };
    vs.nodePortInUse = [ports, ownPorts](int p) {
        return ports->has(p) && std::find(ownPorts.begin(), ownPorts.end(), p) == ownPorts.end();
    };
    return vs;
}

// ---- services: the REST storage's part ------------------------------------------------------

ApiResult<Service> SandboxBackend::admitServiceCreate(Service s, bool dryRun)
{
    defaultService(s);         // at decoding
    prepareServiceForCreate(s); // strategy.PrepareForCreate
    FieldErrors errs = validateService(s, validationSettings(dryRun, nullptr));
    errs.erase(std::remove_if(errs.begin(), errs.end(), [](const FieldError &e) { return e.isWarning(); }),
               errs.end());
    if (!errs.empty())
        return invalidOrInternal(s.metadata.name, std::move(errs));

    std::optional<IpAddress> allocatedIp;
    auto releaseIp = [&] {
        if (allocatedIp)
            m_clusterIps->release(*allocatedIp);
    };
    if (!dryRun && s.spec.type != service_type::ExternalName && !isHeadless(s)) {
        if (s.spec.clusterIP.empty()) {
            auto r = m_clusterIps->allocateNext();
            if (!r.ok())
                return apiInternal("failed to allocate a serviceIP: " + r.error().message);
            allocatedIp = *r;
            s.spec.clusterIP = r->toString();
            s.spec.clusterIPs = {s.spec.clusterIP};
        } else {
            const auto ip = IpAddress::parse(s.spec.clusterIP);
            auto r = ip ? m_clusterIps->allocate(*ip)
                        : Result<void, AllocationError>(AllocationError{AllocationError::Code::NotInRange, "invalid IP"});
            if (!r.ok())
                return apiInvalid(ResourceKind::Service, s.metadata.name,
                                  {FieldError::invalidList("spec.clusterIPs", s.spec.clusterIPs,
                                                           "failed to allocated ip:" + s.spec.clusterIP
                                                               + " with error:" + r.error().message)});
            allocatedIp = *ip;
        }
    }
    NodePortOperation op(*m_nodePorts, dryRun);
    if (needsNodePort(s)) {
        if (auto e = initNodePorts(s, op)) {
            releaseIp();
            return *e;
        }
    }
    if (needsHealthCheck(s)) {
        if (auto e = allocateHealthCheckNodePort(s, op)) {
            releaseIp();
            return *e;
        }
    }
    op.commit();
    normalizeStored(s);
    return s;
}

ApiResult<Service> SandboxBackend::validateServiceUpdate(Service s, const Service &old,
                                                         bool dryRun) const
{
    defaultService(s);
    // strategy.PrepareForUpdate
    normalizeClusterIpsForUpdate(old, s);
    dropTypeDependentFields(old, s);
    // rest.go externalTrafficPolicyUpdate (before the combination check)
    if (needsNodePort(old) && !needsNodePort(s))
        s.spec.externalTrafficPolicy.clear();
    ServiceStatus status = old.status;
    prepareServiceForCreate(s); // drops the disabled alpha fields, as on create
    s.status = std::move(status);
    if (s.spec.type != service_type::LoadBalancer)
        s.status = {}; // rest.go: a non-LoadBalancer has no load-balancer status

    FieldErrors errs = validateClusterIpsUpdate(old, s);
    if (s.metadata.uid != old.metadata.uid && !s.metadata.uid.empty())
        errs.push_back(FieldError::invalid("metadata.uid", s.metadata.uid, "field is immutable"));
    FieldErrors more = validateService(s, validationSettings(dryRun, &old));
    for (auto &e : more)
        if (!e.isWarning())
            errs.push_back(std::move(e));
    if (!errs.empty())
        return invalidOrInternal(s.metadata.name, std::move(errs));
    s.metadata.uid = old.metadata.uid;
    return s;
}

ApiResult<Service> SandboxBackend::allocateServiceUpdate(Service s, const Service &old, bool dryRun)
{
    std::optional<IpAddress> allocatedIp;
    std::vector<std::string> releaseIps;
    // handleClusterIPsForUpdatedService (IPv6DualStack off)
    if (!dryRun) {
        if (old.spec.type == service_type::ExternalName && s.spec.type != service_type::ExternalName
            && !isHeadless(s)) {
            if (s.spec.clusterIP.empty()) {
                auto r = m_clusterIps->allocateNext();
                if (!r.ok())
                    return apiInternal("failed to allocate a serviceIP: " + r.error().message);
                allocatedIp = *r;
                s.spec.clusterIP = r->toString();
                s.spec.clusterIPs = {s.spec.clusterIP};
            } else if (const auto ip = IpAddress::parse(s.spec.clusterIP)) {
                if (auto r = m_clusterIps->allocate(*ip); !r.ok())
                    return apiInvalid(ResourceKind::Service, s.metadata.name,
                                      {FieldError::invalidList("spec.clusterIPs", s.spec.clusterIPs,
                                                               "failed to allocated ip:"
                                                                   + s.spec.clusterIP + " with error:"
                                                                   + r.error().message)});
                allocatedIp = *ip;
            }
        } else if (old.spec.type != service_type::ExternalName
                   && s.spec.type == service_type::ExternalName) {
            releaseIps = serviceClusterIps(old);
        }
    }
    auto undoIp = [&] {
        if (allocatedIp)
            m_clusterIps->release(*allocatedIp);
    };
    NodePortOperation op(*m_nodePorts, dryRun);
    if (needsNodePort(old) && !needsNodePort(s))
        for (const auto &p : old.spec.ports)
            if (p.nodePort)
                op.releaseDeferred(p.nodePort);
    if (needsNodePort(s)) {
        if (auto e = updateNodePorts(old, s, op)) {
            undoIp();
            return *e;
        }
    }
    // healthCheckNodePortUpdate
    const bool needed = needsHealthCheck(old), needs = needsHealthCheck(s);
    if (!needed && needs) {
        if (auto e = allocateHealthCheckNodePort(s, op)) {
            undoIp();
            return *e;
        }
    } else if (needed && !needs) {
        op.releaseDeferred(old.spec.healthCheckNodePort);
        s.spec.healthCheckNodePort = 0;
    } else if (needed && needs && old.spec.healthCheckNodePort != s.spec.healthCheckNodePort) {
        undoIp();
        return apiInvalid(ResourceKind::Service, s.metadata.name,
                          {FieldError::invalidInt("spec.healthCheckNodePort",
                                                  s.spec.healthCheckNodePort,
                                                  "cannot change healthCheckNodePort on "
                                                  "loadBalancer service with externalTraffic=Local "
                                                  "during update")});
    }
    op.commit();
    for (const auto &text : releaseIps)
        if (const auto ip = IpAddress::parse(text))
            m_clusterIps->release(*ip);
    normalizeStored(s);
    return s;
}

void SandboxBackend::releaseServiceAllocations(const Service &s)
{
    for (const auto &text : serviceClusterIps(s))
        if (const auto ip = IpAddress::parse(text))
            m_clusterIps->release(*ip);
    for (int p : serviceNodePorts(s))
        m_nodePorts->release(p);
}

// ---- generic create / replace / delete ------------------------------------------------------

template<typename T>
ApiResult<KubeObject> SandboxBackend::createTyped(T obj, bool dryRun, bool keepStatus)
{
    constexpr ResourceKind kind = KindOf<T>::value;
    auto &meta = obj.metadata;
    if constexpr (resourceIsNamespacedKind(kind)) {
        if (meta.namespace_.empty())
            meta.namespace_ = "default";
    } else {
        meta.namespace_.clear();
    }
    if (meta.name.empty() && !meta.generateName.empty()) {
        // names.SimpleNameGenerator: five characters from a consonant-and-digit alphabet.
        static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
        meta.name = meta.generateName;
        for (int i = 0; i < 5; ++i)
            meta.name += alphabet[m_rng() % (sizeof alphabet - 1)];
    }
    if constexpr (resourceIsNamespacedKind(kind)) {
        if (auto e = checkNamespace(meta.namespace_))
            return *e; // NamespaceLifecycle admission, before anything else
    }
    // FillObjectMetaSystemFields
    if (!keepStatus || meta.creationTimestamp.empty())
        meta.creationTimestamp = now();
    meta.uid = newUid();
    meta.resourceVersion.clear();

    if constexpr (std::is_same_v<T, Service>) {
        ServiceStatus status = keepStatus ? obj.status : ServiceStatus{};
        auto r = admitServiceCreate(std::move(obj), dryRun);
        if (!r.ok())
            return r.error();
        obj = std::move(r).value();
        if (keepStatus)
            obj.status = std::move(status); // as a cloud controller would report it
    } else if constexpr (std::is_same_v<T, Endpoints>) {
        defaultEndpoints(obj);
        if (FieldErrors errs = validateEndpoints(obj); !errs.empty())
            return apiInvalid(kind, meta.name, std::move(errs));
    } else if constexpr (std::is_same_v<T, Namespace>) {
        defaultNamespace(obj);
        if (FieldErrors errs = validateNamespace(obj); !errs.empty())
            return apiInvalid(kind, meta.name, std::move(errs));
    } else {
        // Pods and nodes are simulated; only their names are checked.
        FieldErrors errs;
        if (meta.name.empty())
            errs.push_back(FieldError::required("metadata.name", "name or generateName is required"));
        for (const auto &m : name_rules::isDns1123Subdomain(meta.name))
            if (!meta.name.empty())
                errs.push_back(FieldError::invalid("metadata.name", meta.name, m));
        if (!errs.empty())
            return apiInvalid(kind, meta.name, std::move(errs));
    }

    const ObjectKey key = keyOf(obj);
    if (findPtr<T>(m_state, key)) {
        if constexpr (std::is_same_v<T, Service>) {
            if (!dryRun)
                releaseServiceAllocations(obj); // what this request allocated
        }
        return apiAlreadyExists(kind, meta.name);
    }
    if (dryRun)
        return KubeObject(std::move(obj));

    meta.resourceVersion = nextRv();
    auto ptr = std::make_shared<const T>(obj);
    store(ptr, WatchEvent::Type::Added);
    if constexpr (std::is_same_v<T, Service>)
        syncServices(m_controller.setService(ptr));
    else if constexpr (std::is_same_v<T, Pod>)
        syncServices(m_controller.setPod(ptr));
    finishCall();
    return KubeObject(std::move(obj));
}

template<typename T>
ApiResult<KubeObject> SandboxBackend::replaceTyped(T obj, bool dryRun, bool keepStatus)
{
    constexpr ResourceKind kind = KindOf<T>::value;
    auto &meta = obj.metadata;
    if constexpr (resourceIsNamespacedKind(kind)) {
        if (meta.namespace_.empty())
            meta.namespace_ = "default";
    } else {
        meta.namespace_.clear();
    }
    const ObjectKey key = keyOf(obj);
    const auto old = findPtr<T>(m_state, key);
    if (!old)
        return apiNotFound(kind, meta.name);
    const std::string requestedRv = meta.resourceVersion;
    meta.creationTimestamp = old->metadata.creationTimestamp;

    if constexpr (std::is_same_v<T, Service>) {
        const ServiceStatus status = obj.status;
        auto v = validateServiceUpdate(std::move(obj), *old, dryRun);
        if (!v.ok())
            return v.error();
        obj = std::move(v).value();
        if (!requestedRv.empty() && requestedRv != old->metadata.resourceVersion)
            return apiConflict(kind, meta.name);
        auto a = allocateServiceUpdate(std::move(obj), *old, dryRun);
        if (!a.ok())
            return a.error();
        obj = std::move(a).value();
        if (keepStatus)
            obj.status = status;
    } else {
        if (!meta.uid.empty() && meta.uid != old->metadata.uid)
            return apiInvalid(kind, meta.name,
                              {FieldError::invalid("metadata.uid", meta.uid, "field is immutable")});
        if constexpr (std::is_same_v<T, Endpoints>) {
            defaultEndpoints(obj);
            if (FieldErrors errs = validateEndpoints(obj); !errs.empty())
                return apiInvalid(kind, meta.name, std::move(errs));
        } else if constexpr (std::is_same_v<T, Namespace>) {
            defaultNamespace(obj);
            if (FieldErrors errs = validateNamespace(obj); !errs.empty())
                return apiInvalid(kind, meta.name, std::move(errs));
        }
        if (!requestedRv.empty() && requestedRv != old->metadata.resourceVersion)
            return apiConflict(kind, meta.name);
    }
    meta.uid = old->metadata.uid;
    meta.resourceVersion = old->metadata.resourceVersion;
    if (dryRun || obj == *old)
        return KubeObject(std::move(obj)); // an update that changes nothing writes nothing

    meta.resourceVersion = nextRv();
    auto ptr = std::make_shared<const T>(obj);
    store(ptr, WatchEvent::Type::Modified);
    if constexpr (std::is_same_v<T, Service>)
        syncServices(m_controller.setService(ptr));
    else if constexpr (std::is_same_v<T, Pod>)
        syncServices(m_controller.setPod(ptr));
    finishCall();
    return KubeObject(std::move(obj));
}

template<typename T>
ApiResult<bool> SandboxBackend::removeTyped(const ObjectKey &key)
{
    constexpr ResourceKind kind = KindOf<T>::value;
    const auto old = findPtr<T>(m_state, key);
    if (!old)
        return apiNotFound(kind, key.name);
    if constexpr (std::is_same_v<T, Namespace>) {
        if (key.name == "default" || key.name == "kube-system" || key.name == "kube-public") {
            ApiError e;
            e.status = 403;
            e.reason = "Forbidden";
            e.message = "namespaces " + goQuote(key.name)
                        + " is forbidden: this namespace may not be deleted";
            return e;
        }
        // The namespace controller empties it first.
        beginBatch();
        for (const Service *s : m_state.services(key.name))
            (void)removeTyped<Service>({key.name, s->metadata.name});
        for (const Pod *p : m_state.pods(key.name))
            (void)removeTyped<Pod>({key.name, p->metadata.name});
        for (const Endpoints *e : m_state.endpointsList(key.name))
            (void)removeTyped<Endpoints>({key.name, e->metadata.name});
        endBatch();
    }
    erase<T>(key);
    if constexpr (std::is_same_v<T, Service>) {
        releaseServiceAllocations(*old);
        if (findPtr<Endpoints>(m_state, key))
            erase<Endpoints>(key); // rest.go deletes the Endpoints with the service
        syncServices(m_controller.removeService(key));
    } else if constexpr (std::is_same_v<T, Pod>) {
        syncServices(m_controller.removePod(key));
    } else if constexpr (std::is_same_v<T, Endpoints>) {
        syncServices({key}); // onEndpointsDelete: the controller writes them again
    }
    finishCall();
    return true;
}

// ---- storage, history, controller -----------------------------------------------------------

template<typename T>
void SandboxBackend::store(std::shared_ptr<const T> obj, WatchEvent::Type type)
{
    const ObjectKey key = keyOf(*obj);
    const uint64_t rv = m_rv;
    m_state.add(obj);
    record({rv, KindOf<T>::value, type, key, std::move(obj)});
}

template<typename T>
void SandboxBackend::erase(const ObjectKey &key)
{
    auto old = findPtr<T>(m_state, key);
    if (!old)
        return;
    m_state.remove(KindOf<T>::value, key);
    // The Deleted event carries the object at the resourceVersion of the deletion.
    auto last = std::make_shared<T>(*old);
    last->metadata.resourceVersion = nextRv();
    record({m_rv, KindOf<T>::value, WatchEvent::Type::Deleted, key, std::move(last)});
}

void SandboxBackend::record(HistoryEntry e)
{
    m_history.push_back(e);
    while (m_history.size() > std::max<size_t>(m_options.historyLimit, 1)) {
        m_compactedRv = m_history.front().rv;
        m_history.pop_front();
    }
    m_dirty = true;
    if (!m_watches.empty())
        m_pendingEvents.push_back(std::move(e));
}

void SandboxBackend::syncServices(const std::vector<ObjectKey> &keys)
{
    if (m_batchDepth > 0) {
        m_pendingSyncs.insert(keys.begin(), keys.end());
        return;
    }
    for (const auto &k : keys)
        syncService(k);
}

bool SandboxBackend::syncService(const ObjectKey &key)
{
    const auto r = m_controller.sync(key);
    using A = EndpointsController::SyncResult::Action;
    if (r.action == A::Leave)
        return false;
    const auto current = findPtr<Endpoints>(m_state, key);
    if (r.action == A::Delete) {
        if (!current)
            return false;
        erase<Endpoints>(key);
        return true;
    }
    const Service *svc = m_controller.service(key);
    if (current) {
        // The v1.20 comparison: subsets, and labels without the headless label.
        Labels compare = current->metadata.labels;
        compare.erase(kHeadlessServiceLabel);
        if (current->subsets == r.endpoints.subsets && svc && compare == svc->metadata.labels)
            return false;
        auto next = std::make_shared<Endpoints>(*current);
        next->subsets = r.endpoints.subsets;
        next->metadata.labels = r.endpoints.metadata.labels;
        next->metadata.resourceVersion = nextRv();
        store(std::shared_ptr<const Endpoints>(std::move(next)), WatchEvent::Type::Modified);
        return true;
    }
    auto fresh = std::make_shared<Endpoints>(r.endpoints);
    fresh->metadata.uid = newUid();
    fresh->metadata.creationTimestamp = now();
    fresh->metadata.resourceVersion = nextRv();
    store(std::shared_ptr<const Endpoints>(std::move(fresh)), WatchEvent::Type::Added);
    return true;
}

void SandboxBackend::deliver(const HistoryEntry &e)
{
    std::optional<KubeObject> obj;
    const auto watches = m_watches; // a callback may add or stop watches
    for (const auto &w : watches) {
        if (!w->active || w->kind != e.kind)
            continue;
        if (!w->namespace_.empty() && w->namespace_ != e.key.namespace_)
            continue;
        if (!obj)
            obj = toObject(e.kind, e.object);
        WatchEvent ev;
        ev.type = e.type;
        ev.object = *obj;
        ev.resourceVersion = std::to_string(e.rv);
        w->onEvent(ev);
    }
}

void SandboxBackend::finishCall()
{
    if (m_batchDepth > 0 || m_delivering)
        return;
    m_delivering = true;
    while (!m_pendingEvents.empty()) {
        std::vector<HistoryEntry> batch;
        batch.swap(m_pendingEvents);
        for (const auto &e : batch)
            deliver(e);
    }
    m_watches.erase(std::remove_if(m_watches.begin(), m_watches.end(),
                                   [](const auto &w) { return !w->active; }),
                    m_watches.end());
    m_delivering = false;
    if (m_dirty) {
        m_dirty = false;
        Q_EMIT changed();
    }
}

void SandboxBackend::beginBatch() { ++m_batchDepth; }

void SandboxBackend::endBatch()
{
    if (m_batchDepth == 0 || --m_batchDepth > 0)
        return;
    const std::set<ObjectKey> keys = std::move(m_pendingSyncs);
    m_pendingSyncs.clear();
    for (const auto &k : keys)
        syncService(k);
    finishCall();
}

size_t SandboxBackend::resyncAllEndpoints()
{
    size_t changedCount = 0;
    for (const auto &k : m_controller.managedServices())
        changedCount += syncService(k) ? 1 : 0;
    finishCall();
    return changedCount;
}

RepairReport SandboxBackend::repairClusterIps()
{
    return m_ipRepair.runOnce(*m_clusterIps, m_state.services());
}

RepairReport SandboxBackend::repairNodePorts()
{
    return m_portRepair.runOnce(*m_nodePorts, m_state.services());
}

ClusterSnapshot SandboxBackend::snapshot() const
{
    ClusterSnapshot s = m_state;
    s.setResourceVersion(resourceVersion());
    return s;
}

// ---- the public operations ------------------------------------------------------------------

ApiResult<ObjectList> SandboxBackend::listNow(ResourceKind kind, const std::string &ns) const
{
    ObjectList out;
    out.resourceVersion = resourceVersion();
    visitKind(kind, [&](auto tag) {
        using T = decltype(tag);
        const auto &m = mapOf<T>(m_state);
        for (const auto &[k, v] : m)
            if (ns.empty() || !resourceIsNamespaced(kind) || k.namespace_ == ns)
                out.items.emplace_back(*v);
        return 0;
    });
    return out;
}

ApiResult<KubeObject> SandboxBackend::getNow(ResourceKind kind, const std::string &ns,
                                             const std::string &name) const
{
    const ObjectKey key{resourceIsNamespaced(kind) ? (ns.empty() ? "default" : ns) : "", name};
    return visitKind(kind, [&](auto tag) -> ApiResult<KubeObject> {
        using T = decltype(tag);
        if (auto p = findPtr<T>(m_state, key))
            return KubeObject(*p);
        return apiNotFound(kind, name);
    });
}

ApiResult<KubeObject> SandboxBackend::createNow(const KubeObject &object, bool dryRun)
{
    return std::visit(
        [&](const auto &v) -> ApiResult<KubeObject> {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>)
                return apiBadRequest("Object 'Kind' is missing");
            else
                return createTyped<T>(v, dryRun);
        },
        object);
}

ApiResult<KubeObject> SandboxBackend::replaceNow(const KubeObject &object, bool dryRun)
{
    return std::visit(
        [&](const auto &v) -> ApiResult<KubeObject> {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>)
                return apiBadRequest("Object 'Kind' is missing");
            else
                return replaceTyped<T>(v, dryRun);
        },
        object);
}

ApiResult<KubeObject> SandboxBackend::applyNow(const KubeObject &object, bool dryRun)
{
    return std::visit(
        [&](const auto &v) -> ApiResult<KubeObject> {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return apiBadRequest("Object 'Kind' is missing");
            } else {
                T obj = v;
                if constexpr (resourceIsNamespacedKind(KindOf<T>::value)) {
                    if (obj.metadata.namespace_.empty())
                        obj.metadata.namespace_ = "default";
                }
                const auto old = findPtr<T>(m_state, keyOf(obj));
                if (!old)
                    return createTyped<T>(std::move(obj), dryRun);
                if constexpr (std::is_same_v<T, Service>) {
                    // What a merge patch keeps: the fields the server filled in, when the
                    // manifest does not set them.
                    if (obj.spec.clusterIP.empty() && obj.spec.clusterIPs.empty()) {
                        obj.spec.clusterIP = old->spec.clusterIP;
                        obj.spec.clusterIPs = old->spec.clusterIPs;
                    }
                    for (auto &p : obj.spec.ports)
                        if (p.nodePort == 0)
                            for (const auto &op : old->spec.ports)
                                if (op.port == p.port && op.protocol == (p.protocol.empty() ? "TCP" : p.protocol)
                                    && op.nodePort)
                                    p.nodePort = op.nodePort;
                    if (obj.spec.healthCheckNodePort == 0 && obj.spec.type == old->spec.type
                        && obj.spec.externalTrafficPolicy == old->spec.externalTrafficPolicy)
                        obj.spec.healthCheckNodePort = old->spec.healthCheckNodePort;
                    obj.status = old->status;
                } else if constexpr (std::is_same_v<T, Pod>) {
                    if (obj.podIP.empty() && obj.phase.empty() && obj.conditions.empty()) {
                        obj.podIP = old->podIP;
                        obj.podIPs = old->podIPs;
                        obj.hostIP = old->hostIP;
                        obj.phase = old->phase;
                        obj.conditions = old->conditions;
                    }
                }
                return replaceTyped<T>(std::move(obj), dryRun);
            }
        },
        object);
}

ApiResult<bool> SandboxBackend::removeNow(ResourceKind kind, const std::string &ns,
                                          const std::string &name)
{
    const ObjectKey key{resourceIsNamespaced(kind) ? (ns.empty() ? "default" : ns) : "", name};
    return visitKind(kind, [&](auto tag) -> ApiResult<bool> {
        using T = decltype(tag);
        return removeTyped<T>(key);
    });
}

void SandboxBackend::list(ResourceKind kind, const std::string &ns, Callback<ObjectList> done)
{
    auto r = listNow(kind, ns);
    if (done)
        done(std::move(r));
}

void SandboxBackend::get(ResourceKind kind, const std::string &ns, const std::string &name,
                         Callback<KubeObject> done)
{
    auto r = getNow(kind, ns, name);
    if (done)
        done(std::move(r));
}

void SandboxBackend::apply(const KubeObject &object, bool dryRun, Callback<KubeObject> done)
{
    auto r = applyNow(object, dryRun);
    if (done)
        done(std::move(r));
}

void SandboxBackend::create(const KubeObject &object, bool dryRun, Callback<KubeObject> done)
{
    auto r = createNow(object, dryRun);
    if (done)
        done(std::move(r));
}

void SandboxBackend::replace(const KubeObject &object, bool dryRun, Callback<KubeObject> done)
{
    auto r = replaceNow(object, dryRun);
    if (done)
        done(std::move(r));
}

void SandboxBackend::remove(ResourceKind kind, const std::string &ns, const std::string &name,
                            Callback<bool> done)
{
    auto r = removeNow(kind, ns, name);
    if (done)
        done(std::move(r));
}

std::unique_ptr<WatchHandle> SandboxBackend::watch(ResourceKind kind, const std::string &ns,
                                                   const std::string &resourceVersion,
                                                   WatchCallback onEvent)
{
    auto st = std::make_shared<WatchState>();
    st->kind = kind;
    st->namespace_ = resourceIsNamespaced(kind) ? ns : std::string();
    st->onEvent = std::move(onEvent);
    auto handle = std::make_unique<WatchHandleImpl>(st);
    auto send = [&](WatchEvent::Type type, KubeObject obj, uint64_t rv) {
        WatchEvent ev;
        ev.type = type;
        ev.object = std::move(obj);
        ev.resourceVersion = std::to_string(rv);
        st->onEvent(ev);
    };

    if (resourceVersion.empty() || resourceVersion == "0") {
        // The current state as Added events, then what follows.
        auto list = listNow(kind, st->namespace_);
        for (auto &o : list->items) {
            const ObjectMeta *m = objectMeta(o);
            uint64_t rv = 0;
            if (m)
                std::from_chars(m->resourceVersion.data(),
                                m->resourceVersion.data() + m->resourceVersion.size(), rv);
            send(WatchEvent::Type::Added, std::move(o), rv);
            if (!st->active)
                return handle;
        }
    } else {
        uint64_t from = 0;
        const auto [p, ec] = std::from_chars(resourceVersion.data(),
                                             resourceVersion.data() + resourceVersion.size(), from);
        if (ec != std::errc() || p != resourceVersion.data() + resourceVersion.size()) {
            WatchEvent ev;
            ev.type = WatchEvent::Type::Error;
            ev.error = apiBadRequest("invalid resource version " + goQuote(resourceVersion));
            st->onEvent(ev);
            return handle;
        }
        if (from < m_compactedRv) {
            WatchEvent ev;
            ev.type = WatchEvent::Type::Error;
            ev.error = apiGone("too old resource version: " + resourceVersion + " ("
                               + std::to_string(m_compactedRv + 1) + ")");
            st->onEvent(ev);
            return handle;
        }
        for (const auto &e : m_history) {
            if (e.rv <= from || e.kind != kind)
                continue;
            if (!st->namespace_.empty() && st->namespace_ != e.key.namespace_)
                continue;
            send(e.type, toObject(e.kind, e.object), e.rv);
            if (!st->active)
                return handle;
        }
    }
    m_watches.push_back(st);
    return handle;
}

// ---- scenarios ------------------------------------------------------------------------------

Result<ClusterSettings> parseScenarioHeader(std::string_view text, std::string *title)
{
    ClusterSettings s;
    size_t pos = 0;
    int lineNo = 0;
    while (pos < text.size()) {
        const size_t end = std::min(text.find('\n', pos), text.size());
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++lineNo;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.remove_suffix(1);
        if (line.empty())
            continue;
        if (line.front() != '#')
            break; // the header ends at the first line that is not a comment
        line.remove_prefix(1);
        while (!line.empty() && line.front() == ' ')
            line.remove_prefix(1);
        if (line.empty() || line.front() != '@')
            continue;
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            return makeError("scenario-header", "expected \"# @key: value\"", lineNo, 1);
        const std::string key(line.substr(1, colon - 1));
        std::string_view v = line.substr(colon + 1);
        while (!v.empty() && v.front() == ' ')
            v.remove_prefix(1);
        const std::string value(v);
        if (key == "title") {
            if (title)
                *title = value;
        } else if (key == "service-cluster-ip-range") {
            const auto n = IpNetwork::parse(value);
            if (!n)
                return makeError("scenario-header", "invalid CIDR " + goQuote(value), lineNo, 1);
            s.serviceClusterIpRange = *n;
        } else if (key == "service-node-port-range") {
            const size_t dash = value.find('-');
            int lo = 0, hi = 0;
            const bool ok = dash != std::string::npos
                            && std::from_chars(value.data(), value.data() + dash, lo).ec == std::errc()
                            && std::from_chars(value.data() + dash + 1, value.data() + value.size(), hi).ec
                                   == std::errc()
                            && lo > 0 && lo <= hi && hi <= 65535;
            if (!ok)
                return makeError("scenario-header", "invalid port range " + goQuote(value), lineNo, 1);
            s.nodePortMin = lo;
            s.nodePortMax = hi;
        } else if (key == "cluster-domain") {
            if (value.empty())
                return makeError("scenario-header", "empty cluster domain", lineNo, 1);
            s.clusterDomain = lowerCopy(value);
        } else if (key == "cluster-cidr") {
            if (!IpNetwork::parse(value))
                return makeError("scenario-header", "invalid CIDR " + goQuote(value), lineNo, 1);
            s.clusterCidr = value;
        } else {
            return makeError("scenario-header", "unknown scenario setting " + goQuote(key), lineNo, 1);
        }
    }
    return s;
}

Result<ScenarioReport> SandboxBackend::loadScenarioFile(const std::string &path)
{
    auto text = readFileLimited(path, ReadLimits{}.maxBytes);
    if (!text)
        return text.error();
    return loadScenarioText(*text, path);
}

Result<ScenarioReport> SandboxBackend::loadScenarioText(std::string_view text,
                                                        const std::string &fileName)
{
    ScenarioReport report;
    auto settings = parseScenarioHeader(text, &report.title);
    if (!settings) {
        Error e = settings.error();
        e.file = fileName;
        return e;
    }
    auto file = loadManifestText(text, fileName);
    if (!file)
        return file.error();
    report.settings = *settings;
    SandboxOptions o = m_options;
    o.settings = *settings;
    // The apiserver's own objects are older than anything the file dates (RFC 3339 UTC
    // strings compare in time order), so that environment-variable ordering stays true.
    std::string oldest;
    for (const auto &mo : file->objects)
        if (const ObjectMeta *m = objectMeta(mo.object); m && !m->creationTimestamp.empty())
            if (oldest.empty() || m->creationTimestamp < oldest)
                oldest = m->creationTimestamp;
    resetWith(std::move(o), oldest);

    auto problem = [&](const ManifestObject &mo, std::string message) {
        report.problems.push_back({fileName, mo.tree.mark().line, mo.kind, mo.name, std::move(message)});
    };
    beginBatch();
    // Namespaces and nodes first, services before the objects that refer to them.
    for (const char *kind : {"Namespace", "Node", "Service", "Endpoints", "Pod"}) {
        for (const auto &mo : file->objects) {
            if (mo.kind != kind)
                continue;
            if (!mo.errors.empty()) {
                problem(mo, mo.errors.front().message());
                continue;
            }
            auto r = std::visit(
                [&](const auto &v) -> ApiResult<KubeObject> {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<T, std::monostate>)
                        return apiBadRequest("not an object");
                    else
                        return createTyped<T>(v, false, true);
                },
                mo.object);
            if (r.ok()) {
                ++report.loaded;
            } else if (mo.kind == "Namespace" && r.error().reason == "AlreadyExists") {
                ++report.loaded; // a bootstrap namespace, declared again
            } else {
                problem(mo, r.error().toString());
            }
        }
    }
    for (const auto &mo : file->objects)
        if (!isKnownKind(mo.kind))
            problem(mo, mo.errors.empty() ? "unknown kind " + goQuote(mo.kind)
                                          : mo.errors.front().message());
    endBatch();
    return report;
}

} // namespace studio
