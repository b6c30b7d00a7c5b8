// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest/object_codec.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <limits>

namespace studio {

namespace {

class Decoder
{
public:
    explicit Decoder(DecodeReport &r) : m_report(r) {}

    // Checks that `n` is a map (or null) and warns about keys outside `known`.
    bool object(const Node *n, const std::string &path,
                std::initializer_list<std::string_view> known)
    {
        if (!n || n->isNull())
            return false;
        if (!n->isMap()) {
            typeError(*n, path, "object");
            return false;
        }
        for (const auto &e : n->entries()) {
            bool found = false;
            for (std::string_view k : known)
                if (e.key == k) {
                    found = true;
                    break;
                }
            if (!found) {
                FieldError w = FieldError::warning(
                    "unknown-field", join(path, e.key),
                    "unknown field \"" + e.key + "\"" + (path.empty() ? "" : " in " + path));
                w.line = e.keyMark.line;
                w.column = e.keyMark.column;
                m_report.warnings.push_back(std::move(w));
            }
        }
        return true;
    }

    void str(const Node &parent, const char *key, const std::string &path, std::string &out)
    {
        const Node *n = parent.find(key);
        if (!n || n->isNull())
            return;
        if (!n->isString()) {
            typeError(*n, join(path, key), "string");
            return;
        }
        out = n->text();
    }

    void optStr(const Node &parent, const char *key, const std::string &path,
                std::optional<std::string> &out)
    {
        const Node *n = parent.find(key);
        if (!n || n->isNull())
            return;
        std::string v;
        str(parent, key, path, v);
        if (n->isString())
            out = v;
    }

    template<typename Int>
    bool integer(const Node &parent, const char *key, const std::string &path, Int &out)
    {
        const Node *n = parent.find(key);
        if (!n || n->isNull())
            return false;
        return intValue(*n, join(path, key), out);
    }

    template<typename Int>
    bool intValue(const Node &n, const std::string &path, Int &out)
    {
        if (!n.isInt()) {
            typeError(n, path, "integer");
            return false;
        }
        const int64_t v = n.intValue();
        if (v < int64_t(std::numeric_limits<Int>::min())
            || v > int64_t(std::numeric_limits<Int>::max())) {
            FieldError e = FieldError::typeInvalid(path, "number " + n.text()
                                                             + " overflows a 32-bit integer");
            at(e, n);
            m_report.errors.push_back(std::move(e));
            return false;
        }
        out = Int(v);
        return true;
    }

    void boolean(const Node &parent, const char *key, const std::string &path, bool &out)
    {
        const Node *n = parent.find(key);
        if (!n || n->isNull())
            return;
        if (!n->isBool()) {
            typeError(*n, join(path, key), "boolean");
            return;
        }
        out = n->boolValue();
    }

    void optBool(const Node &parent, const char *key, const std::string &path,
                 std::optional<bool> &out)
    {
        const Node *n = parent.find(key);
        if (!n || n->isNull())
            return;
        bool b = false;
        boolean(parent, key, path, b);
        if (n->isBool())
            out = b;
    }

    void stringMap(const Node &parent, const char *key, const std::string &path, Labels &out)
    {
        const Node *n = parent.find(key);
        if (!n || n->isNull())
            return;
        const std::string p = join(path, key);
        if (!n->isMap()) {
            typeError(*n, p, "object");
            return;
        }
        for (const auto &e : n->entries()) {
            if (e.value.isNull()) {
                out[e.key] = "";
                continue;
            }
            if (!e.value.isString()) {
                typeError(e.value, p + "." + e.key, "string");
                continue;
            }
            out[e.key] = e.value.text();
        }
    }

    void stringList(const Node &parent, const char *key, const std::string &path,
                    std::vector<std::string> &out)
    {
        const Node *n = parent.find(key);
        if (!n || n->isNull())
            return;
        const std::string p = join(path, key);
        if (!n->isSequence()) {
            typeError(*n, p, "array");
            return;
        }
        for (size_t i = 0; i < n->items().size(); ++i) {
            const Node &item = n->items()[i];
            if (!item.isString()) {
                typeError(item, index(p, i), "string");
                continue;
            }
            out.push_back(item.text());
        }
    }

    // Calls f(item, path) for each element of a list of objects.
    template<typename F>
    void list(const Node &parent, const char *key, const std::string &path, F &&f)
    {
        const Node *n = parent.find(key);
        if (!n || n->isNull())
            return;
        const std::string p = join(path, key);
        if (!n->isSequence()) {
            typeError(*n, p, "array");
            return;
        }
        for (size_t i = 0; i < n->items().size(); ++i)
            f(n->items()[i], index(p, i));
    }

    void typeError(const Node &n, const std::string &path, const char *expected)
    {
        std::string got = n.typeName();
        if (n.isScalar() && !n.isNull())
            got += " " + (n.isString() ? goQuote(n.text()) : n.text());
        FieldError e = FieldError::typeInvalid(path, std::string("expected ") + expected
                                                         + ", got " + got);
        at(e, n);
        m_report.errors.push_back(std::move(e));
    }

    static void at(FieldError &e, const Node &n)
    {
        e.line = n.mark().line;
        e.column = n.mark().column;
    }

    static std::string join(const std::string &path, const std::string &key)
    {
        return path.empty() ? key : path + "." + key;
    }
    static std::string index(const std::string &path, size_t i)
    {
        return path + "[" + std::to_string(i) + "]";
    }

private:
    DecodeReport &m_report;
};

void decodeMeta(Decoder &d, const Node &obj, ObjectMeta &m)
{
    const Node *meta = obj.find("metadata");
    if (!d.object(meta, "metadata",
                  {"name", "generateName", "namespace", "labels", "annotations",
                   "resourceVersion", "uid", "creationTimestamp", "deletionTimestamp",
                   "selfLink", "generation", "managedFields", "ownerReferences", "finalizers",
                   "deletionGracePeriodSeconds", "clusterName"}))
        return;
    d.str(*meta, "name", "metadata", m.name);
    d.str(*meta, "generateName", "metadata", m.generateName);
    d.str(*meta, "namespace", "metadata", m.namespace_);
    d.stringMap(*meta, "labels", "metadata", m.labels);
    d.stringMap(*meta, "annotations", "metadata", m.annotations);
    d.str(*meta, "resourceVersion", "metadata", m.resourceVersion);
    d.str(*meta, "uid", "metadata", m.uid);
    d.str(*meta, "creationTimestamp", "metadata", m.creationTimestamp);
    d.str(*meta, "deletionTimestamp", "metadata", m.deletionTimestamp);
}

void checkTop(Decoder &d, const Node &obj, std::initializer_list<std::string_view> known)
{
    d.object(&obj, "", known);
}

void decodeObjectReference(Decoder &d, const Node &n, const std::string &path,
                           ObjectReference &r)
{
    if (!d.object(&n, path,
                  {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion",
                   "fieldPath"}))
        return;
    d.str(n, "kind", path, r.kind);
    d.str(n, "namespace", path, r.namespace_);
    d.str(n, "name", path, r.name);
    d.str(n, "uid", path, r.uid);
    d.str(n, "resourceVersion", path, r.resourceVersion);
}

} // namespace

Service decodeService(const Node &obj, DecodeReport &report)
{
    Decoder d(report);
    Service s;
    checkTop(d, obj, {"apiVersion", "kind", "metadata", "spec", "status"});
    d.str(obj, "apiVersion", "", s.apiVersion);
    decodeMeta(d, obj, s.metadata);
    const Node *spec = obj.find("spec");
    if (d.object(spec, "spec",
                 {"ports", "selector", "clusterIP", "clusterIPs", "type", "externalIPs",
                  "sessionAffinity", "sessionAffinityConfig", "loadBalancerIP",
                  "loadBalancerSourceRanges", "externalName", "externalTrafficPolicy",
                  "healthCheckNodePort", "publishNotReadyAddresses", "ipFamilies",
                  "ipFamilyPolicy", "topologyKeys", "allocateLoadBalancerNodePorts"})) {
        ServiceSpec &sp = s.spec;
        d.list(*spec, "ports", "spec", [&](const Node &p, const std::string &path) {
            if (!d.object(&p, path,
                          {"name", "protocol", "appProtocol", "port", "targetPort",
                           "nodePort"})) {
                if (p.isNull())
                    sp.ports.push_back({});
                return;
            }
            ServicePort port;
            d.str(p, "name", path, port.name);
            d.str(p, "protocol", path, port.protocol);
            d.optStr(p, "appProtocol", path, port.appProtocol);
            d.integer(p, "port", path, port.port);
            if (const Node *tp = p.find("targetPort"); tp && !tp->isNull()) {
                if (tp->isString()) {
                    port.targetPort = IntOrString::fromString(tp->text());
                } else if (tp->isInt()) {
                    int32_t v = 0;
                    if (d.intValue(*tp, path + ".targetPort", v))
                        port.targetPort = IntOrString::fromInt(v);
                } else {
                    d.typeError(*tp, path + ".targetPort", "integer or string");
                }
            }
            d.integer(p, "nodePort", path, port.nodePort);
            sp.ports.push_back(std::move(port));
        });
        if (const Node *sel = spec->find("selector"); sel && !sel->isNull()) {
            Labels l;
            d.stringMap(*spec, "selector", "spec", l);
            sp.selector = std::move(l);
        }
        d.str(*spec, "clusterIP", "spec", sp.clusterIP);
        d.stringList(*spec, "clusterIPs", "spec", sp.clusterIPs);
        d.str(*spec, "type", "spec", sp.type);
        d.stringList(*spec, "externalIPs", "spec", sp.externalIPs);
        d.str(*spec, "sessionAffinity", "spec", sp.sessionAffinity);
        const Node *sac = spec->find("sessionAffinityConfig");
        if (d.object(sac, "spec.sessionAffinityConfig", {"clientIP"})) {
            SessionAffinityConfig cfg;
            const Node *cip = sac->find("clientIP");
            if (d.object(cip, "spec.sessionAffinityConfig.clientIP", {"timeoutSeconds"})) {
                ClientIPConfig c;
                int32_t t = 0;
                if (d.integer(*cip, "timeoutSeconds", "spec.sessionAffinityConfig.clientIP", t))
                    c.timeoutSeconds = t;
                cfg.clientIP = c;
            }
            sp.sessionAffinityConfig = cfg;
        }
        d.str(*spec, "loadBalancerIP", "spec", sp.loadBalancerIP);
        d.stringList(*spec, "loadBalancerSourceRanges", "spec", sp.loadBalancerSourceRanges);
        d.str(*spec, "externalName", "spec", sp.externalName);
        d.str(*spec, "externalTrafficPolicy", "spec", sp.externalTrafficPolicy);
        d.integer(*spec, "healthCheckNodePort", "spec", sp.healthCheckNodePort);
        d.boolean(*spec, "publishNotReadyAddresses", "spec", sp.publishNotReadyAddresses);
        d.stringList(*spec, "ipFamilies", "spec", sp.ipFamilies);
        d.optStr(*spec, "ipFamilyPolicy", "spec", sp.ipFamilyPolicy);
        if (const Node *tk = spec->find("topologyKeys"); tk && !tk->isNull()) {
            std::vector<std::string> keys;
            d.stringList(*spec, "topologyKeys", "spec", keys);
            sp.topologyKeys = std::move(keys);
        }
        d.optBool(*spec, "allocateLoadBalancerNodePorts", "spec",
                  sp.allocateLoadBalancerNodePorts);
    }
    const Node *status = obj.find("status");
    if (d.object(status, "status", {"loadBalancer", "conditions"})) {
        const Node *lb = status->find("loadBalancer");
        if (d.object(lb, "status.loadBalancer", {"ingress"})) {
            d.list(*lb, "ingress", "status.loadBalancer",
                   [&](const Node &i, const std::string &path) {
                       LoadBalancerIngress ing;
                       if (d.object(&i, path, {"ip", "hostname", "ports"})) {
                           d.str(i, "ip", path, ing.ip);
                           d.str(i, "hostname", path, ing.hostname);
                           d.list(i, "ports", path, [&](const Node &p, const std::string &pp) {
                               PortStatus ps;
                               if (d.object(&p, pp, {"port", "protocol", "error"})) {
                                   d.integer(p, "port", pp, ps.port);
                                   d.str(p, "protocol", pp, ps.protocol);
                                   d.optStr(p, "error", pp, ps.error);
                               }
                               ing.ports.push_back(ps);
                           });
                       }
                       s.status.loadBalancerIngress.push_back(std::move(ing));
                   });
        }
    }
    return s;
}

Endpoints decodeEndpoints(const Node &obj, DecodeReport &report)
{
    Decoder d(report);
    Endpoints ep;
    checkTop(d, obj, {"apiVersion", "kind", "metadata", "subsets"});
    d.str(obj, "apiVersion", "", ep.apiVersion);
    decodeMeta(d, obj, ep.metadata);
    d.list(obj, "subsets", "", [&](const Node &s, const std::string &path) {
        EndpointSubset sub;
        if (d.object(&s, path, {"addresses", "notReadyAddresses", "ports"})) {
            auto addresses = [&](const char *key, std::vector<EndpointAddress> &out) {
                d.list(s, key, path, [&](const Node &a, const std::string &ap) {
                    EndpointAddress addr;
                    if (d.object(&a, ap, {"ip", "hostname", "nodeName", "targetRef"})) {
                        d.str(a, "ip", ap, addr.ip);
                        d.str(a, "hostname", ap, addr.hostname);
                        d.optStr(a, "nodeName", ap, addr.nodeName);
                        if (const Node *tr = a.find("targetRef"); tr && !tr->isNull()) {
                            ObjectReference r;
                            decodeObjectReference(d, *tr, ap + ".targetRef", r);
                            addr.targetRef = r;
                        }
                    }
                    out.push_back(std::move(addr));
                });
            };
            addresses("addresses", sub.addresses);
            addresses("notReadyAddresses", sub.notReadyAddresses);
            d.list(s, "ports", path, [&](const Node &p, const std::string &pp) {
                EndpointPort port;
                if (d.object(&p, pp, {"name", "port", "protocol", "appProtocol"})) {
                    d.str(p, "name", pp, port.name);
                    d.integer(p, "port", pp, port.port);
                    d.str(p, "protocol", pp, port.protocol);
                    d.optStr(p, "appProtocol", pp, port.appProtocol);
                }
                sub.ports.push_back(std::move(port));
            });
        }
        ep.subsets.push_back(std::move(sub));
    });
    return ep;
}

Pod decodePod(const Node &obj, DecodeReport &report)
{
    Decoder d(report);
    Pod pod;
    checkTop(d, obj, {"apiVersion", "kind", "metadata", "spec", "status"});
    d.str(obj, "apiVersion", "", pod.apiVersion);
    decodeMeta(d, obj, pod.metadata);
    if (const Node *spec = obj.find("spec"); spec && spec->isMap()) {
        // A Pod spec has far more fields than a Service needs: no unknown-field warnings.
        d.list(*spec, "containers", "spec", [&](const Node &c, const std::string &cp) {
            Container cont;
            if (c.isMap()) {
                d.str(c, "name", cp, cont.name);
                d.str(c, "image", cp, cont.image);
                d.list(c, "ports", cp, [&](const Node &p, const std::string &pp) {
                    ContainerPort port;
                    if (d.object(&p, pp,
                                 {"name", "containerPort", "protocol", "hostPort", "hostIP"})) {
                        d.str(p, "name", pp, port.name);
                        d.integer(p, "containerPort", pp, port.containerPort);
                        d.str(p, "protocol", pp, port.protocol);
                        d.integer(p, "hostPort", pp, port.hostPort);
                    }
                    cont.ports.push_back(std::move(port));
                });
            } else {
                d.typeError(c, cp, "object");
            }
            pod.containers.push_back(std::move(cont));
        });
        d.str(*spec, "nodeName", "spec", pod.nodeName);
        d.str(*spec, "hostname", "spec", pod.hostname);
        d.str(*spec, "subdomain", "spec", pod.subdomain);
    } else if (spec && !spec->isNull()) {
        d.typeError(*spec, "spec", "object");
    }
    if (const Node *st = obj.find("status"); st && st->isMap()) {
        d.str(*st, "phase", "status", pod.phase);
        d.str(*st, "podIP", "status", pod.podIP);
        d.list(*st, "podIPs", "status", [&](const Node &p, const std::string &pp) {
            std::string ip;
            if (p.isMap())
                d.str(p, "ip", pp, ip);
            else
                d.typeError(p, pp, "object");
            pod.podIPs.push_back(ip);
        });
        d.str(*st, "hostIP", "status", pod.hostIP);
        d.list(*st, "conditions", "status", [&](const Node &c, const std::string &cp) {
            PodCondition cond;
            if (c.isMap()) {
                d.str(c, "type", cp, cond.type);
                d.str(c, "status", cp, cond.status);
            } else {
                d.typeError(c, cp, "object");
            }
            pod.conditions.push_back(cond);
        });
    }
    return pod;
}

KubeNode decodeKubeNode(const Node &obj, DecodeReport &report)
{
    Decoder d(report);
    KubeNode n;
    d.str(obj, "apiVersion", "", n.apiVersion);
    decodeMeta(d, obj, n.metadata);
    if (const Node *spec = obj.find("spec"); spec && spec->isMap()) {
        d.str(*spec, "podCIDR", "spec", n.podCIDR);
        d.stringList(*spec, "podCIDRs", "spec", n.podCIDRs);
    }
    if (const Node *st = obj.find("status"); st && st->isMap()) {
        d.list(*st, "addresses", "status", [&](const Node &a, const std::string &ap) {
            NodeAddress addr;
            if (d.object(&a, ap, {"type", "address"})) {
                d.str(a, "type", ap, addr.type);
                d.str(a, "address", ap, addr.address);
            }
            n.addresses.push_back(addr);
        });
    }
    return n;
}

Namespace decodeNamespace(const Node &obj, DecodeReport &report)
{
    Decoder d(report);
    Namespace ns;
    d.str(obj, "apiVersion", "", ns.apiVersion);
    decodeMeta(d, obj, ns.metadata);
    if (const Node *st = obj.find("status"); st && st->isMap())
        d.str(*st, "phase", "status", ns.phase);
    return ns;
}

// ---- encoding ------------------------------------------------------------------------------

namespace {

Node strOrTomb(const std::string &s)
{
    return s.empty() ? Node::tombstone() : Node::string(s);
}

Node intOrTomb(int64_t v)
{
    return v == 0 ? Node::tombstone() : Node::integer(v);
}

Node labelsNode(const Labels &l)
{
    if (l.empty())
        return Node::tombstone();
    Node m = Node::map();
    for (const auto &[k, v] : l)
        m.set(k, Node::string(v));
    m.setOwnedWhole(true);
    return m;
}

Node stringList(const std::vector<std::string> &v)
{
    if (v.empty())
        return Node::tombstone();
    Node s = Node::sequence();
    for (const auto &i : v)
        s.append(Node::string(i));
    s.setOwnedWhole(true);
    return s;
}

// A sequence of encode(item), or a tombstone for an empty list (the field is then unset).
template<typename T, typename F>
Node listOrTomb(const std::vector<T> &items, F &&encode)
{
    if (items.empty())
        return Node::tombstone();
    Node s = Node::sequence();
    for (const T &i : items)
        s.append(encode(i));
    return s;
}

// {k1: v1, k2: v2} of two string fields.
Node pairMap(const char *k1, const std::string &v1, const char *k2, const std::string &v2)
{
    Node m = Node::map();
    m.set(k1, Node::string(v1));
    m.set(k2, Node::string(v2));
    return m;
}

Node encodeMeta(const ObjectMeta &m)
{
    Node n = Node::map();
    n.set("name", strOrTomb(m.name));
    n.set("generateName", strOrTomb(m.generateName));
    n.set("namespace", strOrTomb(m.namespace_));
    n.set("labels", labelsNode(m.labels));
    n.set("annotations", labelsNode(m.annotations));
    n.set("resourceVersion", strOrTomb(m.resourceVersion));
    n.set("uid", strOrTomb(m.uid));
    n.set("creationTimestamp", strOrTomb(m.creationTimestamp));
    n.set("deletionTimestamp", strOrTomb(m.deletionTimestamp));
    return n;
}

Node encodeRef(const ObjectReference &r)
{
    Node n = Node::map();
    n.set("kind", strOrTomb(r.kind));
    n.set("namespace", strOrTomb(r.namespace_));
    n.set("name", strOrTomb(r.name));
    n.set("uid", strOrTomb(r.uid));
    n.set("resourceVersion", strOrTomb(r.resourceVersion));
    return n;
}

Node top(const std::string &apiVersion, const char *kind, const ObjectMeta &m)
{
    Node n = Node::map();
    n.set("apiVersion", Node::string(apiVersion.empty() ? std::string("v1") : apiVersion));
    n.set("kind", Node::string(kind));
    n.set("metadata", encodeMeta(m));
    return n;
}

} // namespace

Node encodeService(const Service &s)
{
    Node n = top(s.apiVersion, "Service", s.metadata);
    const ServiceSpec &sp = s.spec;
    Node spec = Node::map();
    if (sp.ports.empty()) {
        spec.set("ports", Node::tombstone());
    } else {
        Node ports = Node::sequence();
        for (const ServicePort &p : sp.ports) {
            Node pn = Node::map();
            pn.set("name", strOrTomb(p.name));
            pn.set("protocol", strOrTomb(p.protocol));
            pn.set("appProtocol", p.appProtocol ? Node::string(*p.appProtocol) : Node::tombstone());
            pn.set("port", Node::integer(p.port));
            if (p.targetPort)
                pn.set("targetPort", p.targetPort->isInt()
                                         ? Node::integer(p.targetPort->intValue)
                                         : Node::string(p.targetPort->strValue));
            else
                pn.set("targetPort", Node::tombstone());
            pn.set("nodePort", intOrTomb(p.nodePort));
            ports.append(std::move(pn));
        }
        spec.set("ports", std::move(ports));
    }
    if (sp.selector) {
        Node sel = Node::map();
        for (const auto &[k, v] : *sp.selector)
            sel.set(k, Node::string(v));
        sel.setOwnedWhole(true);
        spec.set("selector", std::move(sel));
    } else {
        spec.set("selector", Node::tombstone());
    }
    spec.set("clusterIP", strOrTomb(sp.clusterIP));
    spec.set("clusterIPs", stringList(sp.clusterIPs));
    spec.set("type", strOrTomb(sp.type));
    spec.set("externalIPs", stringList(sp.externalIPs));
    spec.set("sessionAffinity", strOrTomb(sp.sessionAffinity));
    if (sp.sessionAffinityConfig) {
        Node cfg = Node::map();
        if (sp.sessionAffinityConfig->clientIP) {
            Node cip = Node::map();
            const auto &t = sp.sessionAffinityConfig->clientIP->timeoutSeconds;
            cip.set("timeoutSeconds", t ? Node::integer(*t) : Node::tombstone());
            cfg.set("clientIP", std::move(cip));
        } else {
            cfg.set("clientIP", Node::tombstone());
        }
        spec.set("sessionAffinityConfig", std::move(cfg));
    } else {
        spec.set("sessionAffinityConfig", Node::tombstone());
    }
    spec.set("loadBalancerIP", strOrTomb(sp.loadBalancerIP));
    spec.set("loadBalancerSourceRanges", stringList(sp.loadBalancerSourceRanges));
    spec.set("externalName", strOrTomb(sp.externalName));
    spec.set("externalTrafficPolicy", strOrTomb(sp.externalTrafficPolicy));
    spec.set("healthCheckNodePort", intOrTomb(sp.healthCheckNodePort));
    spec.set("publishNotReadyAddresses",
             sp.publishNotReadyAddresses ? Node::boolean(true) : Node::tombstone());
    spec.set("ipFamilies", stringList(sp.ipFamilies));
    spec.set("ipFamilyPolicy",
             sp.ipFamilyPolicy ? Node::string(*sp.ipFamilyPolicy) : Node::tombstone());
    spec.set("topologyKeys", sp.topologyKeys ? [&] {
        Node l = stringList(*sp.topologyKeys);
        return l.isTombstone() ? Node::sequence() : l;
    }()
                                             : Node::tombstone());
    spec.set("allocateLoadBalancerNodePorts",
             sp.allocateLoadBalancerNodePorts ? Node::boolean(*sp.allocateLoadBalancerNodePorts)
                                              : Node::tombstone());
    n.set("spec", std::move(spec));
    if (s.status.loadBalancerIngress.empty()) {
        n.set("status", Node::tombstone());
    } else {
        Node ingress = Node::sequence();
        for (const auto &i : s.status.loadBalancerIngress) {
            Node in = Node::map();
            in.set("ip", strOrTomb(i.ip));
            in.set("hostname", strOrTomb(i.hostname));
            if (!i.ports.empty()) {
                Node ports = Node::sequence();
                for (const auto &p : i.ports) {
                    Node pn = Node::map();
                    pn.set("port", Node::integer(p.port));
                    pn.set("protocol", strOrTomb(p.protocol));
                    if (p.error)
                        pn.set("error", Node::string(*p.error));
                    ports.append(std::move(pn));
                }
                in.set("ports", std::move(ports));
            }
            ingress.append(std::move(in));
        }
        Node lb = Node::map();
        lb.set("ingress", std::move(ingress));
        Node status = Node::map();
        status.set("loadBalancer", std::move(lb));
        n.set("status", std::move(status));
    }
    return n;
}

namespace {
Node encodeAddresses(const std::vector<EndpointAddress> &list)
{
    if (list.empty())
        return Node::tombstone();
    Node s = Node::sequence();
    for (const auto &a : list) {
        Node an = Node::map();
        an.set("ip", Node::string(a.ip));
        an.set("hostname", strOrTomb(a.hostname));
        an.set("nodeName", a.nodeName ? Node::string(*a.nodeName) : Node::tombstone());
        an.set("targetRef", a.targetRef ? encodeRef(*a.targetRef) : Node::tombstone());
        s.append(std::move(an));
    }
    return s;
}
} // namespace

Node encodeEndpoints(const Endpoints &e)
{
    Node n = top(e.apiVersion, "Endpoints", e.metadata);
    if (e.subsets.empty()) {
        n.set("subsets", Node::tombstone());
        return n;
    }
    Node subsets = Node::sequence();
    for (const auto &s : e.subsets) {
        Node sn = Node::map();
        sn.set("addresses", encodeAddresses(s.addresses));
        sn.set("notReadyAddresses", encodeAddresses(s.notReadyAddresses));
        if (s.ports.empty()) {
            sn.set("ports", Node::tombstone());
        } else {
            Node ports = Node::sequence();
            for (const auto &p : s.ports) {
                Node pn = Node::map();
                pn.set("name", strOrTomb(p.name));
                pn.set("port", Node::integer(p.port));
                pn.set("protocol", strOrTomb(p.protocol));
                pn.set("appProtocol", p.appProtocol ? Node::string(*p.appProtocol)
                                                    : Node::tombstone());
                ports.append(std::move(pn));
            }
            sn.set("ports", std::move(ports));
        }
        subsets.append(std::move(sn));
    }
    n.set("subsets", std::move(subsets));
    return n;
}

Node encodePod(const Pod &p)
{
    Node n = top(p.apiVersion, "Pod", p.metadata);
    Node spec = Node::map();
    Node containers = Node::sequence();
    for (const auto &c : p.containers) {
        Node cn = Node::map();
        cn.set("name", strOrTomb(c.name));
        cn.set("image", strOrTomb(c.image));
        if (!c.ports.empty()) {
            Node ports = Node::sequence();
            for (const auto &cp : c.ports) {
                Node pn = Node::map();
                pn.set("name", strOrTomb(cp.name));
                pn.set("containerPort", Node::integer(cp.containerPort));
                pn.set("protocol", strOrTomb(cp.protocol));
                pn.set("hostPort", intOrTomb(cp.hostPort));
                ports.append(std::move(pn));
            }
            cn.set("ports", std::move(ports));
        } else {
            cn.set("ports", Node::tombstone());
        }
        containers.append(std::move(cn));
    }
    spec.set("containers", std::move(containers));
    spec.set("nodeName", strOrTomb(p.nodeName));
    spec.set("hostname", strOrTomb(p.hostname));
    spec.set("subdomain", strOrTomb(p.subdomain));
    n.set("spec", std::move(spec));
    Node status = Node::map();
    status.set("phase", strOrTomb(p.phase));
    status.set("podIP", strOrTomb(p.podIP));
    status.set("podIPs", listOrTomb(p.podIPs, [](const std::string &ip) {
                   Node m = Node::map();
                   m.set("ip", Node::string(ip));
                   return m;
               }));
    status.set("hostIP", strOrTomb(p.hostIP));
    status.set("conditions", listOrTomb(p.conditions, [](const PodCondition &c) {
                   return pairMap("type", c.type, "status", c.status);
               }));
    n.set("status", std::move(status));
    return n;
}

Node encodeKubeNode(const KubeNode &kn)
{
    Node n = top(kn.apiVersion, "Node", kn.metadata);
    Node spec = Node::map();
    spec.set("podCIDR", strOrTomb(kn.podCIDR));
    spec.set("podCIDRs", stringList(kn.podCIDRs));
    n.set("spec", std::move(spec));
    Node status = Node::map();
    status.set("addresses", listOrTomb(kn.addresses, [](const NodeAddress &a) {
                   return pairMap("type", a.type, "address", a.address);
               }));
    n.set("status", std::move(status));
    return n;
}

Node encodeNamespace(const Namespace &ns)
{
    Node n = top(ns.apiVersion, "Namespace", ns.metadata);
    if (!ns.phase.empty()) {
        Node st = Node::map();
        st.set("phase", Node::string(ns.phase));
        n.set("status", std::move(st));
    }
    return n;
}

void locateFields(FieldErrors &errors, const Node &object)
{
    for (FieldError &e : errors) {
        if (e.line == 0) {
            const Mark m = locateField(object, e.field);
            e.line = m.line;
            e.column = m.column;
        }
    }
}

Mark locateField(const Node &object, const std::string &path)
{
    const Node *cur = &object;
    Mark best = object.mark();
    size_t i = 0;
    while (i < path.size() && cur) {
        if (path[i] == '.') {
            ++i;
            continue;
        }
        if (path[i] == '[') {
            const size_t close = path.find(']', i);
            if (close == std::string::npos)
                break;
            const std::string idx = path.substr(i + 1, close - i - 1);
            i = close + 1;
            if (cur->isSequence()) {
                size_t k = 0;
                try {
                    k = std::stoul(idx);
                } catch (...) {
                    break;
                }
                if (k >= cur->items().size())
                    break;
                cur = &cur->items()[k];
                if (cur->mark().line)
                    best = cur->mark();
                continue;
            }
            // Map keys written as [key] (e.g. metadata.annotations[foo]).
            const Node::Entry *e = cur->isMap() ? cur->findEntry(idx) : nullptr;
            if (!e)
                break;
            best = e->keyMark.line ? e->keyMark : e->value.mark();
            cur = &e->value;
            continue;
        }
        size_t end = path.find_first_of(".[", i);
        if (end == std::string::npos)
            end = path.size();
        const std::string key = path.substr(i, end - i);
        i = end;
        const Node::Entry *e = cur->isMap() ? cur->findEntry(key) : nullptr;
        if (!e && cur->isMap()) {
            // The apiserver spells some paths unlike the JSON field
            // ("spec.LoadBalancerSourceRanges"): match those case-insensitively.
            for (const auto &cand : cur->entries())
                if (cand.key.size() == key.size()
                    && std::equal(key.begin(), key.end(), cand.key.begin(), [](char a, char b) {
                           return std::tolower(static_cast<unsigned char>(a))
                                  == std::tolower(static_cast<unsigned char>(b));
                       })) {
                    e = &cand;
                    break;
                }
        }
        if (!e) {
            // Label keys may contain dots ("app.kubernetes.io/name"): try the rest whole.
            if (cur->isMap()) {
                const std::string rest = path.substr(end - key.size());
                if (const Node::Entry *whole = cur->findEntry(rest)) {
                    best = whole->value.mark().line ? whole->value.mark() : whole->keyMark;
                    return best;
                }
            }
            break;
        }
        cur = &e->value;
        best = (cur->isScalar() && cur->mark().line) ? cur->mark()
               : e->keyMark.line                     ? e->keyMark
                                                     : cur->mark();
    }
    return best;
}

} // namespace studio
