// SPDX-License-Identifier: GPL-3.0-or-later
// reviewService(): advice that goes beyond the apiserver's verdicts. Every finding is a
// FieldError with Severity::Warning and a stable code in `type`; views translate by code.
#include "validation/cloud_annotations.h"
#include "validation/validation.h"

#include <algorithm>

namespace studio {

namespace {

constexpr const char *kSourceRangesAnnotation
    = "service.beta.kubernetes.io/load-balancer-source-ranges";
constexpr const char *kAwsPrefix = "service.beta.kubernetes.io/aws-load-balancer-";

std::string namespaceOf(const ObjectMeta &m)
{
    return m.namespace_.empty() ? std::string("default") : m.namespace_;
}

std::string annotationPath(const std::string &key)
{
    return "metadata.annotations[" + key + "]";
}

std::string selectorText(const Labels &selector)
{
    std::string s;
    for (const auto &[k, v] : selector) {
        if (!s.empty())
            s += ",";
        s += k + "=" + v;
    }
    return s;
}

bool matches(const Labels &selector, const Labels &labels)
{
    for (const auto &[k, v] : selector) {
        auto it = labels.find(k);
        if (it == labels.end() || it->second != v)
            return false;
    }
    return true;
}

void reviewSelector(FieldErrors &out,
                    const Service &s,
                    const std::vector<const Pod *> &inNamespace,
                    std::vector<const Pod *> &selected)
{
    const Labels &selector = *s.spec.selector;
    for (const Pod *p : inNamespace)
        if (matches(selector, p->metadata.labels))
            selected.push_back(p);
    if (!selected.empty())
        return;

    std::string detail = "no pod in namespace " + namespaceOf(s.metadata) + " matches the selector "
                         + selectorText(selector);
    // The nearest pod is the one that agrees on the most selector labels (first one wins).
    const Pod *nearest = nullptr;
    size_t best = 0;
    for (const Pod *p : inNamespace) {
        size_t agree = 0;
        for (const auto &[k, v] : selector) {
            auto it = p->metadata.labels.find(k);
            agree += it != p->metadata.labels.end() && it->second == v;
        }
        if (!nearest || agree > best) {
            nearest = p;
            best = agree;
        }
    }
    if (nearest) {
        std::string diffs;
        for (const auto &[k, v] : selector) {
            auto it = nearest->metadata.labels.find(k);
            if (it != nearest->metadata.labels.end() && it->second == v)
                continue;
            if (!diffs.empty())
                diffs += "; ";
            if (it == nearest->metadata.labels.end())
                diffs += "it has no label " + k;
            else
                diffs += "its label " + k + " is " + goQuote(it->second) + ", not " + goQuote(v);
        }
        detail += "; the nearest pod, " + nearest->metadata.name + ", differs: " + diffs;
    }
    out.push_back(FieldError::warning("selector-matches-nothing", "spec.selector", detail));
}

void reviewTargetPorts(FieldErrors &out, const Service &s, const std::vector<const Pod *> &selected)
{
    if (selected.empty())
        return;
    for (size_t i = 0; i < s.spec.ports.size(); ++i) {
        const auto &sp = s.spec.ports[i];
        if (!sp.targetPort || !sp.targetPort->isString() || sp.targetPort->strValue.empty())
            continue;
        const std::string &name = sp.targetPort->strValue;
        const std::string protocol = sp.protocol.empty() ? "TCP" : sp.protocol;
        // As the endpoints controller's FindPort: same name and protocol.
        bool exposed = false;
        std::string otherProtocol;
        for (const Pod *p : selected)
            for (const auto &c : p->containers)
                for (const auto &cp : c.ports) {
                    if (cp.name != name)
                        continue;
                    const std::string cpProtocol = cp.protocol.empty() ? "TCP" : cp.protocol;
                    if (cpProtocol == protocol)
                        exposed = true;
                    else
                        otherProtocol = cpProtocol;
                }
        if (exposed)
            continue;
        std::string detail = "none of the " + std::to_string(selected.size())
                             + " selected pods has a container port named " + goQuote(name)
                             + " with protocol " + protocol
                             + ", so the endpoints will have no address for this port";
        if (!otherProtocol.empty())
            detail += " (a port of that name exists with protocol " + otherProtocol + ")";
        out.push_back(FieldError::warning("target-port-name-not-exposed",
                                          "spec.ports[" + std::to_string(i) + "].targetPort",
                                          detail));
    }
}

bool isCloudLoadBalancerKey(const CloudAnnotation &a)
{
    return a.key != kSourceRangesAnnotation; // the apiserver itself rejects that one off-LB
}

void reviewAnnotations(FieldErrors &out, const Service &s)
{
    const bool isLb = s.effectiveType() == service_type::LoadBalancer;
    const auto &ann = s.metadata.annotations;
    for (const auto &[key, value] : ann) {
        const CloudAnnotation *a = findCloudAnnotation(key);
        if (!a) {
            if (key.starts_with(kAwsPrefix))
                out.push_back(FieldError::warning(
                    "annotation-unknown",
                    annotationPath(key),
                    "not an AWS load-balancer annotation this catalogue knows; check the "
                    "spelling"));
            continue;
        }
        if (!isLb && isCloudLoadBalancerKey(*a)) {
            out.push_back(FieldError::warning("annotation-not-used",
                                              annotationPath(key),
                                              "only used when `type` is 'LoadBalancer'"));
        }
        if (std::string why = checkCloudAnnotationValue(*a, value); !why.empty())
            out.push_back(FieldError::warning("annotation-value", annotationPath(key), why));
    }

    // AWS: the health-check timeout must be shorter than the interval.
    const std::string timeoutKey = std::string(kAwsPrefix) + "healthcheck-timeout";
    const std::string intervalKey = std::string(kAwsPrefix) + "healthcheck-interval";
    auto number = [&](const std::string &key, int def) -> std::optional<int> {
        auto it = ann.find(key);
        if (it == ann.end())
            return def;
        const CloudAnnotation *a = findCloudAnnotation(key);
        if (a && !checkCloudAnnotationValue(*a, it->second).empty())
            return std::nullopt; // already reported
        return std::stoi(it->second);
    };
    if (ann.count(timeoutKey) || ann.count(intervalKey)) {
        const auto timeout = number(timeoutKey, 5);
        const auto interval = number(intervalKey, 10);
        if (timeout && interval && *timeout >= *interval)
            out.push_back(FieldError::warning(
                "annotation-value",
                annotationPath(ann.count(timeoutKey) ? timeoutKey : intervalKey),
                "the health-check timeout (" + std::to_string(*timeout)
                    + " s) must be less than the health-check interval ("
                    + std::to_string(*interval) + " s)"));
    }

    // AWS NLB keeps the client address only up to the node unless traffic stays local.
    auto type = ann.find(std::string(kAwsPrefix) + "type");
    if (isLb && type != ann.end() && type->second == "nlb"
        && s.spec.externalTrafficPolicy != "Local")
        out.push_back(FieldError::warning(
            "nlb-client-ip-not-preserved",
            "spec.externalTrafficPolicy",
            "with an AWS Network Load Balancer and externalTrafficPolicy Cluster the client's IP "
            "address does not reach the pods; set it to Local (traffic may then be uneven)"));
}

void reviewDroppedFields(FieldErrors &out, const Service &s)
{
    auto dropped = [&](const std::string &field, const std::string &gate) {
        out.push_back(FieldError::warning("field-dropped",
                                          field,
                                          "dropped by a v1.20 apiserver: the " + gate
                                              + " feature gate is off by default"));
    };
    if (s.effectiveType() == service_type::ExternalName)
        return; // the apiserver forbids them there (errors, not advice)
    if (!s.spec.ipFamilies.empty())
        dropped("spec.ipFamilies", "IPv6DualStack");
    if (s.spec.ipFamilyPolicy)
        dropped("spec.ipFamilyPolicy", "IPv6DualStack");
    if (s.spec.clusterIPs.size() > 1)
        dropped("spec.clusterIPs[1]", "IPv6DualStack");
    if (s.spec.topologyKeys && !s.spec.topologyKeys->empty())
        dropped("spec.topologyKeys", "ServiceTopology");
    if (s.spec.allocateLoadBalancerNodePorts)
        dropped("spec.allocateLoadBalancerNodePorts", "ServiceLBNodePortControl");
}

} // namespace

FieldErrors reviewService(const Service &s, const std::vector<Pod> &pods)
{
    FieldErrors out;
    const std::string type = s.effectiveType();

    if (s.spec.selector && !s.spec.selector->empty()) {
        if (type == service_type::ExternalName) {
            out.push_back(FieldError::warning(
                "selector-not-used",
                "spec.selector",
                "an ExternalName service is answered by a DNS CNAME; its selector is ignored"));
        } else if (!pods.empty()) {
            // No pods at all means "not known", not "none exist".
            std::vector<const Pod *> inNamespace;
            for (const auto &p : pods)
                if (namespaceOf(p.metadata) == namespaceOf(s.metadata))
                    inNamespace.push_back(&p);
            std::vector<const Pod *> selected;
            reviewSelector(out, s, inNamespace, selected);
            reviewTargetPorts(out, s, selected);
        }
    }

    if (!s.spec.loadBalancerIP.empty() && type != service_type::LoadBalancer)
        out.push_back(FieldError::warning(
            "load-balancer-ip-not-used",
            "spec.loadBalancerIP",
            "only used when `type` is 'LoadBalancer'; the apiserver accepts and ignores it"));

    reviewAnnotations(out, s);
    reviewDroppedFields(out, s);
    return out;
}

} // namespace studio
