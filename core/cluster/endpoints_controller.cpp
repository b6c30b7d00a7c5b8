// SPDX-License-Identifier: GPL-3.0-or-later
#include "cluster/endpoints_controller.h"

#include "cluster/label_selector.h"

#include <QCryptographicHash>

#include <algorithm>
#include <map>
#include <tuple>

namespace studio {

namespace {

std::string effectiveProtocol(const std::string &p) { return p.empty() ? protocol::TCP : p; }

// strconv.ParseBool.
std::optional<bool> parseGoBool(const std::string &s)
{
    if (s == "1" || s == "t" || s == "T" || s == "TRUE" || s == "true" || s == "True")
        return true;
    if (s == "0" || s == "f" || s == "F" || s == "FALSE" || s == "false" || s == "False")
        return false;
    return std::nullopt;
}

bool isTerminal(const Pod &p) { return p.phase == "Succeeded" || p.phase == "Failed"; }

// ---- Go's %#v through go-spew (hashutil.DeepHashObject), for SortSubsets' order ----------
// Field order and type names are those of k8s.io/api/core/v1 in v1.20; strings unquoted,
// nil pointers and nil slices "<nil>" after their type.

std::string spewOptString(const std::optional<std::string> &s)
{
    return "(*string)" + (s ? *s : std::string("<nil>"));
}

std::string spewPortBody(const EndpointPort &p)
{
    return "{Name:(string)" + p.name + " Port:(int32)" + std::to_string(p.port)
           + " Protocol:(v1.Protocol)" + p.protocol + " AppProtocol:" + spewOptString(p.appProtocol)
           + "}";
}

std::string spewAddressBody(const EndpointAddress &a)
{
    std::string s = "{IP:(string)" + a.ip + " Hostname:(string)" + a.hostname
                    + " NodeName:" + spewOptString(a.nodeName) + " TargetRef:(*v1.ObjectReference)";
    if (a.targetRef) {
        const ObjectReference &r = *a.targetRef;
        s += "{Kind:(string)" + r.kind + " Namespace:(string)" + r.namespace_ + " Name:(string)"
             + r.name + " UID:(types.UID)" + r.uid + " APIVersion:(string) ResourceVersion:(string)"
             + r.resourceVersion + " FieldPath:(string)}";
    } else {
        s += "<nil>";
    }
    return s + "}";
}

template<typename T, typename F>
std::string spewSlice(const char *type, const std::vector<T> &items, F body)
{
    // RepackSubsets leaves empty lists nil.
    std::string s = std::string("([]") + type + ")";
    if (items.empty())
        return s + "<nil>";
    s += "[";
    for (size_t i = 0; i < items.size(); ++i) {
        if (i)
            s += " ";
        s += body(items[i]);
    }
    return s + "]";
}

std::string spewSubset(const EndpointSubset &ss)
{
    return "(v1.EndpointSubset){Addresses:"
           + spewSlice("v1.EndpointAddress", ss.addresses, spewAddressBody)
           + " NotReadyAddresses:"
           + spewSlice("v1.EndpointAddress", ss.notReadyAddresses, spewAddressBody)
           + " Ports:" + spewSlice("v1.EndpointPort", ss.ports, spewPortBody) + "}";
}

QByteArray md5(const std::string &s)
{
    return QCryptographicHash::hash(QByteArrayView(s.data(), qsizetype(s.size())),
                                    QCryptographicHash::Md5);
}

template<typename T, typename F>
void sortByHash(std::vector<T> &v, F render)
{
    if (v.size() < 2)
        return;
    std::vector<std::pair<QByteArray, T>> keyed;
    keyed.reserve(v.size());
    for (auto &x : v)
        keyed.emplace_back(md5(render(x)), std::move(x));
    // bytes.Compare of the digests: unsigned lexicographic, as QByteArray's operator<.
    std::sort(keyed.begin(), keyed.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    v.clear();
    for (auto &k : keyed)
        v.push_back(std::move(k.second));
}

// LessEndpointAddress: IP bytes, then targetRef UID (a missing targetRef first).
bool lessAddress(const EndpointAddress &a, const EndpointAddress &b)
{
    if (a.ip != b.ip)
        return a.ip < b.ip;
    if (!b.targetRef)
        return false;
    if (!a.targetRef)
        return true;
    return a.targetRef->uid < b.targetRef->uid;
}

// The fields of a pod the Endpoints show (podToEndpointAddress with resourceVersion cleared).
bool endpointAddressChanged(const Pod &a, const Pod &b)
{
    return a.podIP != b.podIP || a.nodeName != b.nodeName || a.metadata.uid != b.metadata.uid
           || a.metadata.name != b.metadata.name || a.metadata.namespace_ != b.metadata.namespace_;
}

// endpointutil.podEndpointsChanged: {podChanged, labelsChanged}.
std::pair<bool, bool> podEndpointsChanged(const Pod &oldPod, const Pod &newPod)
{
    const bool labelsChanged = oldPod.metadata.labels != newPod.metadata.labels
                               || oldPod.hostname != newPod.hostname
                               || oldPod.subdomain != newPod.subdomain;
    if (oldPod.metadata.deletionTimestamp != newPod.metadata.deletionTimestamp)
        return {true, labelsChanged};
    if (oldPod.isReady() != newPod.isReady())
        return {true, labelsChanged};
    return {endpointAddressChanged(oldPod, newPod), labelsChanged};
}

std::vector<ObjectKey> sortedKeys(const std::unordered_set<ObjectKey, ObjectKeyHash> &set)
{
    std::vector<ObjectKey> out(set.begin(), set.end());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

// ---- pure functions -------------------------------------------------------------------------

const Labels *effectiveSelector(const Service &s)
{
    if (!s.spec.selector || s.spec.selector->empty())
        return nullptr;
    return &*s.spec.selector;
}

bool endpointsControllerManages(const Service &s) { return effectiveSelector(s) != nullptr; }

bool toleratesUnreadyEndpoints(const Service &s)
{
    bool tolerate = s.spec.publishNotReadyAddresses;
    const auto it = s.metadata.annotations.find(kTolerateUnreadyEndpointsAnnotation);
    if (it != s.metadata.annotations.end()) {
        if (const auto b = parseGoBool(it->second))
            tolerate = *b;
    }
    return tolerate;
}

std::optional<int32_t> findPort(const Pod &pod, const ServicePort &port)
{
    const IntOrString target = port.targetPort.value_or(IntOrString::fromInt(port.port));
    if (target.isInt())
        return target.intValue;
    const std::string proto = effectiveProtocol(port.protocol);
    for (const auto &c : pod.containers)
        for (const auto &cp : c.ports)
            if (cp.name == target.strValue && effectiveProtocol(cp.protocol) == proto)
                return cp.containerPort;
    return std::nullopt;
}

void sortSubsets(std::vector<EndpointSubset> &subsets)
{
    for (auto &ss : subsets) {
        std::sort(ss.addresses.begin(), ss.addresses.end(), lessAddress);
        std::sort(ss.notReadyAddresses.begin(), ss.notReadyAddresses.end(), lessAddress);
        sortByHash(ss.ports, [](const EndpointPort &p) { return "(v1.EndpointPort)" + spewPortBody(p); });
    }
    sortByHash(subsets, spewSubset);
}

std::vector<EndpointSubset> repackSubsets(const std::vector<EndpointSubset> &subsets)
{
    // Unique addresses by IP + targetRef UID; the first occurrence is kept whole.
    std::vector<EndpointAddress> addrs;
    std::map<std::pair<std::string, std::string>, size_t> addrIndex;
    // A port, or the sentinel for subsets without ports (the bool).
    using PortKey = std::tuple<bool, std::string, int32_t, std::string, bool, std::string>;
    std::map<PortKey, EndpointPort> ports;
    std::map<PortKey, std::map<size_t, bool>> portToAddrReady;

    auto mapAddress = [&](const EndpointAddress &a, const PortKey &port, bool ready) {
        const auto key = std::make_pair(a.ip, a.targetRef ? a.targetRef->uid : std::string());
        auto [it, inserted] = addrIndex.emplace(key, addrs.size());
        if (inserted)
            addrs.push_back(a);
        auto &set = portToAddrReady[port];
        auto [rit, fresh] = set.emplace(it->second, ready);
        if (!fresh && rit->second) // not ready trumps ready
            rit->second = ready;
    };
    for (const auto &ss : subsets) {
        std::vector<PortKey> keys;
        if (ss.ports.empty()) {
            keys.push_back(PortKey{true, {}, -1, {}, false, {}});
        } else {
            for (const auto &p : ss.ports) {
                PortKey k{false, p.name, p.port, p.protocol, p.appProtocol.has_value(),
                          p.appProtocol.value_or("")};
                ports.emplace(k, p);
                keys.push_back(k);
            }
        }
        for (const auto &k : keys) {
            for (const auto &a : ss.addresses)
                mapAddress(a, k, true);
            for (const auto &a : ss.notReadyAddresses)
                mapAddress(a, k, false);
        }
    }

    // Group the ports by the set of (address, ready) they are offered on.
    std::map<std::vector<std::pair<size_t, bool>>, std::vector<EndpointPort>> groups;
    for (const auto &[port, set] : portToAddrReady) {
        std::vector<std::pair<size_t, bool>> key(set.begin(), set.end());
        auto &g = groups[key];
        if (!std::get<0>(port))
            g.push_back(ports.at(port));
    }
    std::vector<EndpointSubset> out;
    out.reserve(groups.size());
    for (const auto &[key, groupPorts] : groups) {
        EndpointSubset ss;
        for (const auto &[idx, ready] : key)
            (ready ? ss.addresses : ss.notReadyAddresses).push_back(addrs[idx]);
        ss.ports = groupPorts;
        out.push_back(std::move(ss));
    }
    sortSubsets(out);
    return out;
}

std::vector<EndpointSubset> computeEndpointSubsets(const Service &service,
                                                   const std::vector<const Pod *> &pods)
{
    const Labels *selector = effectiveSelector(service);
    if (!selector)
        return {};
    const bool tolerate = toleratesUnreadyEndpoints(service);
    const bool headless = service.spec.clusterIP == "None";
    std::vector<EndpointSubset> subsets;

    auto add = [&](const Pod &pod, const EndpointAddress &epa, const EndpointPort *epp) {
        EndpointSubset ss;
        if (epp)
            ss.ports.push_back(*epp);
        if (tolerate || pod.isReady())
            ss.addresses.push_back(epa);
        else if (!isTerminal(pod))
            ss.notReadyAddresses.push_back(epa);
        else
            return;
        subsets.push_back(std::move(ss));
    };

    for (const Pod *pod : pods) {
        if (!pod || pod->metadata.namespace_ != service.metadata.namespace_
            || !selectorMatches(*selector, pod->metadata.labels))
            continue;
        if (pod->podIP.empty())
            continue;
        if (!tolerate && !pod->metadata.deletionTimestamp.empty())
            continue;
        EndpointAddress epa;
        epa.ip = pod->podIP;
        epa.nodeName = pod->nodeName;
        epa.targetRef = ObjectReference{"Pod", pod->metadata.namespace_, pod->metadata.name,
                                        pod->metadata.uid, pod->metadata.resourceVersion};
        // endpointutil.ShouldSetHostname
        if (!pod->hostname.empty() && pod->subdomain == service.metadata.name
            && pod->metadata.namespace_ == service.metadata.namespace_)
            epa.hostname = pod->hostname;

        if (service.spec.ports.empty()) {
            if (headless)
                add(*pod, epa, nullptr);
            continue;
        }
        for (const auto &sp : service.spec.ports) {
            const auto num = findPort(*pod, sp);
            if (!num)
                continue;
            EndpointPort epp;
            epp.name = sp.name;
            epp.port = *num;
            epp.protocol = effectiveProtocol(sp.protocol);
            epp.appProtocol = sp.appProtocol;
            add(*pod, epa, &epp);
        }
    }
    return repackSubsets(subsets);
}

Endpoints computeEndpoints(const Service &service, const std::vector<const Pod *> &pods)
{
    Endpoints e;
    e.metadata.name = service.metadata.name;
    e.metadata.namespace_ = service.metadata.namespace_;
    e.metadata.labels = service.metadata.labels;
    // helper.IsServiceIPSet
    if (service.spec.clusterIP.empty() || service.spec.clusterIP == "None")
        e.metadata.labels[kHeadlessServiceLabel] = "";
    else
        e.metadata.labels.erase(kHeadlessServiceLabel);
    e.subsets = computeEndpointSubsets(service, pods);
    return e;
}

// ---- EndpointsController --------------------------------------------------------------------

std::string EndpointsController::bucketKey(const std::string &ns, const std::string &k,
                                           const std::string &v)
{
    std::string s;
    s.reserve(ns.size() + k.size() + v.size() + 2);
    s += ns;
    s += '\x1f';
    s += k;
    s += '\x1f';
    s += v;
    return s;
}

void EndpointsController::indexPod(PodId id, const Pod &pod)
{
    for (const auto &[k, v] : pod.metadata.labels)
        m_podsByLabel[bucketKey(pod.metadata.namespace_, k, v)].insert(id);
}

void EndpointsController::unindexPod(PodId id, const Pod &pod)
{
    for (const auto &[k, v] : pod.metadata.labels) {
        auto it = m_podsByLabel.find(bucketKey(pod.metadata.namespace_, k, v));
        if (it == m_podsByLabel.end())
            continue;
        it->second.erase(id);
        if (it->second.empty())
            m_podsByLabel.erase(it);
    }
}

void EndpointsController::indexService(ServiceEntry &e)
{
    e.indexKey.clear();
    const Labels *selector = effectiveSelector(*e.service);
    if (!selector)
        return;
    // File the service under its selector entry with the fewest pods right now: a pod can
    // only match if it carries that entry, and small buckets keep pod changes cheap.
    size_t best = SIZE_MAX;
    for (const auto &[k, v] : *selector) {
        std::string key = bucketKey(e.service->metadata.namespace_, k, v);
        const auto it = m_podsByLabel.find(key);
        const size_t n = it == m_podsByLabel.end() ? 0 : it->second.size();
        if (n < best) {
            best = n;
            e.indexKey = std::move(key);
        }
    }
    m_servicesByBucket[e.indexKey].insert(
        {e.service->metadata.namespace_, e.service->metadata.name});
}

void EndpointsController::unindexService(const ObjectKey &key, const ServiceEntry &e)
{
    if (e.indexKey.empty())
        return;
    auto it = m_servicesByBucket.find(e.indexKey);
    if (it == m_servicesByBucket.end())
        return;
    it->second.erase(key);
    if (it->second.empty())
        m_servicesByBucket.erase(it);
}

void EndpointsController::collectServices(const std::string &ns, const Labels &labels,
                                          std::unordered_set<ObjectKey, ObjectKeyHash> &out) const
{
    for (const auto &[k, v] : labels) {
        const auto it = m_servicesByBucket.find(bucketKey(ns, k, v));
        if (it == m_servicesByBucket.end())
            continue;
        for (const ObjectKey &sk : it->second) {
            const auto sit = m_services.find(sk);
            if (sit == m_services.end())
                continue;
            const Labels *selector = effectiveSelector(*sit->second.service);
            if (selector && selectorMatches(*selector, labels))
                out.insert(sk);
        }
    }
}

std::vector<ObjectKey> EndpointsController::setPod(PodPtr pod)
{
    if (!pod)
        return {};
    const ObjectKey key{pod->metadata.namespace_, pod->metadata.name};
    std::unordered_set<ObjectKey, ObjectKeyHash> services;
    const auto it = m_podIds.find(key);
    if (it == m_podIds.end()) {
        PodId id;
        if (!m_freeIds.empty()) {
            id = m_freeIds.back();
            m_freeIds.pop_back();
            m_podById[id] = pod;
        } else {
            id = PodId(m_podById.size());
            m_podById.push_back(pod);
        }
        m_podIds.emplace(key, id);
        indexPod(id, *pod);
        collectServices(key.namespace_, pod->metadata.labels, services); // addPod
        return sortedKeys(services);
    }
    const PodId id = it->second;
    const PodPtr old = m_podById[id];
    unindexPod(id, *old);
    m_podById[id] = pod;
    indexPod(id, *pod);

    // GetServicesToUpdateOnPodChange
    if (!old->metadata.resourceVersion.empty()
        && old->metadata.resourceVersion == pod->metadata.resourceVersion)
        return {}; // a resync
    const auto [podChanged, labelsChanged] = podEndpointsChanged(*old, *pod);
    if (!podChanged && !labelsChanged)
        return {};
    collectServices(key.namespace_, pod->metadata.labels, services);
    if (labelsChanged) {
        std::unordered_set<ObjectKey, ObjectKeyHash> oldServices;
        collectServices(key.namespace_, old->metadata.labels, oldServices);
        if (podChanged) {
            services.insert(oldServices.begin(), oldServices.end());
        } else {
            // Only the labels changed: the services the pod joined or left.
            std::unordered_set<ObjectKey, ObjectKeyHash> diff;
            for (const auto &s : services)
                if (!oldServices.count(s))
                    diff.insert(s);
            for (const auto &s : oldServices)
                if (!services.count(s))
                    diff.insert(s);
            services = std::move(diff);
        }
    }
    return sortedKeys(services);
}

std::vector<ObjectKey> EndpointsController::removePod(const ObjectKey &key)
{
    const auto it = m_podIds.find(key);
    if (it == m_podIds.end())
        return {};
    const PodId id = it->second;
    const PodPtr old = m_podById[id];
    unindexPod(id, *old);
    m_podById[id].reset();
    m_freeIds.push_back(id);
    m_podIds.erase(it);
    std::unordered_set<ObjectKey, ObjectKeyHash> services;
    collectServices(key.namespace_, old->metadata.labels, services);
    return sortedKeys(services);
}

std::vector<ObjectKey> EndpointsController::setService(ServicePtr service)
{
    if (!service)
        return {};
    const ObjectKey key{service->metadata.namespace_, service->metadata.name};
    auto it = m_services.find(key);
    if (it != m_services.end()) {
        unindexService(key, it->second);
        it->second.service = std::move(service);
    } else {
        it = m_services.emplace(key, ServiceEntry{std::move(service), {}}).first;
    }
    indexService(it->second);
    return {key};
}

std::vector<ObjectKey> EndpointsController::removeService(const ObjectKey &key)
{
    const auto it = m_services.find(key);
    if (it != m_services.end()) {
        unindexService(key, it->second);
        m_services.erase(it);
    }
    return {key};
}

const Service *EndpointsController::service(const ObjectKey &key) const
{
    const auto it = m_services.find(key);
    return it == m_services.end() ? nullptr : it->second.service.get();
}

const Pod *EndpointsController::pod(const ObjectKey &key) const
{
    const auto it = m_podIds.find(key);
    return it == m_podIds.end() ? nullptr : m_podById[it->second].get();
}

std::vector<const Pod *> EndpointsController::selectedPods(const Service &service) const
{
    const Labels *selector = effectiveSelector(service);
    if (!selector)
        return {};
    // The smallest bucket among the selector's entries holds every candidate.
    const std::unordered_set<PodId> *smallest = nullptr;
    for (const auto &[k, v] : *selector) {
        const auto it = m_podsByLabel.find(bucketKey(service.metadata.namespace_, k, v));
        if (it == m_podsByLabel.end())
            return {};
        if (!smallest || it->second.size() < smallest->size())
            smallest = &it->second;
    }
    std::vector<const Pod *> out;
    if (!smallest)
        return out;
    out.reserve(smallest->size());
    for (PodId id : *smallest) {
        const Pod *p = m_podById[id].get();
        if (p && selectorMatches(*selector, p->metadata.labels))
            out.push_back(p);
    }
    return out;
}

std::vector<ObjectKey> EndpointsController::servicesSelecting(const std::string &namespace_,
                                                              const Labels &labels) const
{
    std::unordered_set<ObjectKey, ObjectKeyHash> out;
    collectServices(namespace_, labels, out);
    return sortedKeys(out);
}

std::vector<ObjectKey> EndpointsController::managedServices() const
{
    std::vector<ObjectKey> out;
    for (const auto &[k, e] : m_services)
        if (endpointsControllerManages(*e.service))
            out.push_back(k);
    std::sort(out.begin(), out.end());
    return out;
}

EndpointsController::SyncResult EndpointsController::sync(const ObjectKey &key) const
{
    SyncResult r;
    const auto it = m_services.find(key);
    if (it == m_services.end()) {
        r.action = SyncResult::Action::Delete;
        r.endpoints.metadata.namespace_ = key.namespace_;
        r.endpoints.metadata.name = key.name;
        return r;
    }
    const Service &svc = *it->second.service;
    if (!endpointsControllerManages(svc))
        return r; // Leave
    r.action = SyncResult::Action::Write;
    r.endpoints = computeEndpoints(svc, selectedPods(svc));
    return r;
}

} // namespace studio
