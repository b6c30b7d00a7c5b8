// SPDX-License-Identifier: GPL-3.0-or-later
// Defaulting and create-validation of Services, Endpoints and Namespaces as kube-apiserver
// v1.20 does them with its default feature gates. The rules, their order and their English
// details follow pkg/apis/core/v1/defaults.go, pkg/apis/core/validation/validation.go,
// pkg/registry/core/service/{strategy.go,storage/rest.go} and the ip/port allocators; the
// code is our own.
#include "validation/validation.h"

#include "validation/name_rules.h"

#include <algorithm>
#include <set>

namespace studio {

namespace {

using name_rules::Messages;
using NameFn = Messages (*)(std::string_view);

constexpr int kKubeletPort = 10250;
constexpr int32_t kDefaultClientIpAffinitySeconds = 10800;
constexpr int32_t kMaxClientIpAffinitySeconds = 86400;
constexpr int kMaxServiceTopologyKeys = 16;
constexpr int64_t kTotalAnnotationSizeLimit = 256 * 1024;
constexpr const char *kSourceRangesAnnotation
    = "service.beta.kubernetes.io/load-balancer-source-ranges";
// names.SimpleNameGenerator: base cut to 63-5 characters, then 5 random characters from
// "bcdfghjklmnpqrstvwxz2456789". Any of them validates alike; use a fixed one.
constexpr size_t kMaxGeneratedNameBase = 58;
constexpr const char *kGeneratedSuffix = "xxxxx";

std::string idx(const std::string &path, size_t i)
{
    return path + "[" + std::to_string(i) + "]";
}

void addInvalid(FieldErrors &errs,
                const std::string &path,
                const std::string &value,
                const Messages &msgs)
{
    for (const auto &m : msgs)
        errs.push_back(FieldError::invalid(path, value, m));
}

std::string toLower(std::string_view s)
{
    std::string r(s);
    for (char &c : r)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return r;
}

// Go's strings.TrimSpace for the ASCII whitespace that can occur in annotations.
std::string_view trimSpace(std::string_view s)
{
    const char *ws = " \t\n\r\v\f";
    const size_t b = s.find_first_not_of(ws);
    if (b == std::string_view::npos)
        return {};
    const size_t e = s.find_last_not_of(ws);
    return s.substr(b, e - b + 1);
}

// ---- Go value renderings used by the apiserver's "%#v" / "%v" ------------------------------

std::string goIntOrString(const std::optional<IntOrString> &v)
{
    const IntOrString x = v.value_or(IntOrString{});
    return "intstr.IntOrString{Type:" + std::string(x.isInt() ? "0" : "1")
           + ", IntVal:" + std::to_string(x.isInt() ? x.intValue : 0)
           + ", StrVal:" + goQuote(x.isInt() ? std::string() : x.strValue) + "}";
}

// %#v of an internal core.ServicePort. A set appProtocol prints as a pointer address in Go,
// which no client can predict; we print a stable placeholder.
std::string goServicePort(const ServicePort &p)
{
    return "core.ServicePort{Name:" + goQuote(p.name) + ", Protocol:" + goQuote(p.protocol)
           + ", AppProtocol:" + (p.appProtocol ? "(*string)(0xc000000000)" : "(*string)(nil)")
           + ", Port:" + std::to_string(p.port) + ", TargetPort:" + goIntOrString(p.targetPort)
           + ", NodePort:" + std::to_string(p.nodePort) + "}";
}

std::string goServicePortList(const std::vector<ServicePort> &ports)
{
    std::string s = "[]core.ServicePort{";
    for (size_t i = 0; i < ports.size(); ++i) {
        if (i)
            s += ", ";
        s += goServicePort(ports[i]);
    }
    return s + "}";
}

FieldError withOther(FieldError e, std::string goValue)
{
    e.valueKind = FieldError::ValueKind::Other;
    e.badValue = std::move(goValue);
    return e;
}

// fmt.Sprintf("%v", []string{...})
std::string goPlainList(const std::vector<std::string> &v)
{
    std::string s = "[";
    for (size_t i = 0; i < v.size(); ++i) {
        if (i)
            s += " ";
        s += v[i];
    }
    return s + "]";
}

// ---- ObjectMeta -----------------------------------------------------------------------------

void validateLabels(FieldErrors &errs, const Labels &labels, const std::string &path)
{
    // Go iterates a map in random order; ours is sorted, which is at least stable.
    for (const auto &[k, v] : labels) {
        addInvalid(errs, path, k, name_rules::isQualifiedName(k));
        addInvalid(errs, path, v, name_rules::isValidLabelValue(v));
    }
}

void validateAnnotations(FieldErrors &errs, const Labels &annotations, const std::string &path)
{
    int64_t total = 0;
    for (const auto &[k, v] : annotations) {
        addInvalid(errs, path, k, name_rules::isQualifiedName(toLower(k)));
        total += int64_t(k.size()) + int64_t(v.size());
    }
    if (total > kTotalAnnotationSizeLimit)
        errs.push_back(FieldError::tooLong(path, "", int(kTotalAnnotationSizeLimit)));
}

// ValidateObjectMeta on create, after BeforeCreate has generated the name. The namespace of a
// namespaced object comes from the request when the manifest has none, and cluster-scoped
// objects have it cleared, so neither "Required" nor "not allowed on this type" is reachable.
void validateObjectMeta(FieldErrors &errs, const ObjectMeta &m, bool namespaced, NameFn nameFn)
{
    if (!m.generateName.empty())
        addInvalid(errs,
                   "metadata.generateName",
                   m.generateName,
                   nameFn(name_rules::maskTrailingDash(m.generateName)));
    std::string name = m.name;
    if (name.empty() && !m.generateName.empty())
        name = m.generateName.substr(0, kMaxGeneratedNameBase) + kGeneratedSuffix;
    if (name.empty())
        errs.push_back(FieldError::required("metadata.name", "name or generateName is required"));
    else
        addInvalid(errs, "metadata.name", name, nameFn(name));
    if (namespaced && !m.namespace_.empty())
        addInvalid(
            errs, "metadata.namespace", m.namespace_, name_rules::isDns1123Label(m.namespace_));
    validateLabels(errs, m.labels, "metadata.labels");
    validateAnnotations(errs, m.annotations, "metadata.annotations");
}

// validateNonSpecialIP: endpoints and external IPs may not be unspecified, loopback or
// link-local (those mean something on every node).
void validateNonSpecialIp(FieldErrors &errs, const std::string &ipText, const std::string &path)
{
    const auto ip = IpAddress::parse(ipText);
    if (!ip) {
        errs.push_back(FieldError::invalid(path, ipText, "must be a valid IP address"));
        return;
    }
    if (ip->isUnspecified())
        errs.push_back(FieldError::invalid(path, ipText, "may not be unspecified (0.0.0.0)"));
    if (ip->isLoopback())
        errs.push_back(
            FieldError::invalid(path, ipText, "may not be in the loopback range (127.0.0.0/8)"));
    if (ip->isLinkLocalUnicast())
        errs.push_back(FieldError::invalid(
            path, ipText, "may not be in the link-local range (169.254.0.0/16)"));
    if (ip->isLinkLocalMulticast())
        errs.push_back(FieldError::invalid(
            path, ipText, "may not be in the link-local multicast range (224.0.0.0/24)"));
}

const std::vector<std::string> kProtocols = {"SCTP", "TCP", "UDP"}; // sorted, as sets.List()
const std::vector<std::string> kServiceTypes
    = {"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"};
const std::vector<std::string> kSessionAffinities = {"ClientIP", "None"};
const std::vector<std::string> kIpFamilies = {"IPv4", "IPv6"};
const std::vector<std::string> kIpFamilyPolicies
    = {"PreferDualStack", "RequireDualStack", "SingleStack"};

void validateProtocol(FieldErrors &errs, const std::string &protocol, const std::string &path)
{
    if (protocol.empty())
        errs.push_back(FieldError::required(path));
    else if (std::find(kProtocols.begin(), kProtocols.end(), protocol) == kProtocols.end())
        errs.push_back(FieldError::notSupported(path, protocol, kProtocols));
}

void validateAppProtocol(FieldErrors &errs,
                         const std::optional<std::string> &appProtocol,
                         const std::string &path)
{
    if (appProtocol)
        addInvalid(errs, path, *appProtocol, name_rules::isQualifiedName(*appProtocol));
}

// ---- Service --------------------------------------------------------------------------------

bool isHeadless(const Service &s)
{
    return s.spec.clusterIPs.size() == 1 && s.spec.clusterIPs[0] == "None";
}

bool needsHealthCheck(const Service &s)
{
    return s.spec.type == service_type::LoadBalancer && s.spec.externalTrafficPolicy == "Local";
}

void validateServicePort(FieldErrors &errs,
                         const ServicePort &sp,
                         bool requireName,
                         std::set<std::string> &allNames,
                         const std::string &path)
{
    if (requireName && sp.name.empty()) {
        errs.push_back(FieldError::required(path + ".name"));
    } else if (!sp.name.empty()) {
        // Service port names are DNS-1123 labels in v1.20 (IANA_SVC_NAME is for targetPort).
        addInvalid(errs, path + ".name", sp.name, name_rules::isDns1123Label(sp.name));
        if (!allNames.insert(sp.name).second)
            errs.push_back(FieldError::duplicate(path + ".name", sp.name));
    }
    for (const auto &m : name_rules::isValidPortNum(sp.port))
        errs.push_back(FieldError::invalidInt(path + ".port", sp.port, m));
    validateProtocol(errs, sp.protocol, path + ".protocol");

    // ValidatePortNumOrName; an unset targetPort is the zero IntOrString (the number 0).
    const IntOrString target = sp.targetPort.value_or(IntOrString{});
    if (target.isInt()) {
        for (const auto &m : name_rules::isValidPortNum(target.intValue))
            errs.push_back(FieldError::invalidInt(path + ".targetPort", target.intValue, m));
    } else {
        addInvalid(errs,
                   path + ".targetPort",
                   target.strValue,
                   name_rules::isValidPortName(target.strValue));
    }
    validateAppProtocol(errs, sp.appProtocol, path + ".appProtocol");
}

void validateClientIpAffinityConfig(FieldErrors &errs,
                                    const std::optional<SessionAffinityConfig> &config)
{
    const std::string path = "spec.sessionAffinityConfig";
    const std::string when = "when session affinity type is ClientIP";
    if (!config) {
        errs.push_back(FieldError::required(path, when));
        return;
    }
    if (!config->clientIP) {
        errs.push_back(FieldError::required(path + ".clientIP", when));
        return;
    }
    if (!config->clientIP->timeoutSeconds) {
        errs.push_back(FieldError::required(path + ".clientIP.timeoutSeconds", when));
        return;
    }
    const int32_t t = *config->clientIP->timeoutSeconds;
    if (t <= 0 || t > kMaxClientIpAffinitySeconds)
        errs.push_back(FieldError::invalidInt(path + ".clientIP.timeoutSeconds",
                                              t,
                                              "must be greater than 0 and less than "
                                                  + std::to_string(kMaxClientIpAffinitySeconds)));
}

void validateClusterIpsRelatedFields(FieldErrors &errs, const Service &s)
{
    if (s.spec.type == service_type::ExternalName)
        return; // validated (all must be unset) by the type switch
    const std::string ipsPath = "spec.clusterIPs";
    const std::string familiesPath = "spec.ipFamilies";
    const auto &ips = s.spec.clusterIPs;

    if (!s.spec.clusterIP.empty()) {
        if (ips.empty())
            errs.push_back(FieldError::required(ipsPath));
        else if (ips[0] != s.spec.clusterIP)
            errs.push_back(
                FieldError::invalidList(ipsPath, ips, "element [0] must match clusterIP"));
    } else if (!ips.empty()) {
        errs.push_back(
            FieldError::invalidList(ipsPath, ips, "must be empty when clusterIP is empty"));
    }

    std::set<std::string> seen;
    for (size_t i = 0; i < s.spec.ipFamilies.size(); ++i) {
        const auto &f = s.spec.ipFamilies[i];
        if (std::find(kIpFamilies.begin(), kIpFamilies.end(), f) == kIpFamilies.end())
            errs.push_back(FieldError::notSupported(idx(familiesPath, i), f, kIpFamilies));
        if (!seen.insert(f).second)
            errs.push_back(FieldError::duplicate(idx(familiesPath, i), f));
    }
    if (s.spec.ipFamilyPolicy
        && std::find(kIpFamilyPolicies.begin(), kIpFamilyPolicies.end(), *s.spec.ipFamilyPolicy)
               == kIpFamilyPolicies.end())
        errs.push_back(FieldError::notSupported(
            "spec.ipFamilyPolicy", *s.spec.ipFamilyPolicy, kIpFamilyPolicies));

    bool hasInvalidIps = false;
    for (size_t i = 0; i < ips.size(); ++i) {
        if (i == 0 && ips[i] == "None") {
            if (ips.size() > 1) {
                hasInvalidIps = true;
                errs.push_back(FieldError::invalidList(
                    ipsPath, ips, "'None' must be the first and only value"));
            }
            continue;
        }
        const auto msgs = name_rules::isValidIp(ips[i]);
        hasInvalidIps = hasInvalidIps || !msgs.empty();
        addInvalid(errs, idx(ipsPath, i), ips[i], msgs);
    }
    if (ips.size() > 2)
        errs.push_back(FieldError::invalidList(ipsPath, ips, "may only hold up to 2 values"));
    if (hasInvalidIps)
        return;

    if (ips.size() > 1) {
        bool v4 = false, v6 = false;
        for (const auto &t : ips) {
            const auto ip = IpAddress::parse(t);
            (ip && ip->isV6() ? v6 : v4) = true;
        }
        if (!(v4 && v6))
            errs.push_back(FieldError::invalidList(
                ipsPath, ips, "may specify no more than one IP for each IP family"));
    }

    if (!isHeadless(s) && !ips.empty() && !s.spec.ipFamilies.empty()) {
        for (size_t i = 0; i < ips.size() && i < s.spec.ipFamilies.size(); ++i) {
            const auto ip = IpAddress::parse(ips[i]);
            const bool isV6 = ip && ip->isV6();
            const auto &f = s.spec.ipFamilies[i];
            if (f == "IPv4" && isV6)
                errs.push_back(
                    FieldError::invalid(idx(ipsPath, i),
                                        ips[i],
                                        "expected an IPv4 value as indicated by `ipFamilies["
                                            + std::to_string(i) + "]`"));
            if (f == "IPv6" && !isV6)
                errs.push_back(
                    FieldError::invalid(idx(ipsPath, i),
                                        ips[i],
                                        "expected an IPv6 value as indicated by `ipFamilies["
                                            + std::to_string(i) + "]`"));
        }
    }
}

bool parseCidrList(const std::vector<std::string> &specs)
{
    for (const auto &spec : specs)
        if (!IpNetwork::parse(trimSpace(spec)))
            return false;
    return true;
}

std::vector<std::string> splitComma(std::string_view s)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        const size_t c = s.find(',', start);
        out.emplace_back(s.substr(start, c == std::string_view::npos ? c : c - start));
        if (c == std::string_view::npos)
            return out;
        start = c + 1;
    }
}

// ValidateService (= ValidateServiceCreate) followed by ValidateConditionalService.
FieldErrors validateServiceSpecAndMeta(const Service &s)
{
    FieldErrors errs;
    const auto &spec = s.spec;
    validateObjectMeta(errs, s.metadata, true, &name_rules::isDns1035Label);

    if (spec.ports.empty() && !isHeadless(s) && spec.type != service_type::ExternalName)
        errs.push_back(FieldError::required("spec.ports"));

    if (spec.type == service_type::LoadBalancer) {
        for (size_t i = 0; i < spec.ports.size(); ++i)
            if (spec.ports[i].port == kKubeletPort)
                errs.push_back(FieldError::invalidInt(
                    idx("spec.ports", i),
                    kKubeletPort,
                    "may not expose port 10250 externally since it is used by kubelet"));
        if (isHeadless(s))
            errs.push_back(
                FieldError::invalid("spec.clusterIPs[0]",
                                    spec.clusterIPs[0],
                                    "may not be set to 'None' for LoadBalancer services"));
    } else if (spec.type == service_type::NodePort) {
        if (isHeadless(s))
            errs.push_back(FieldError::invalid("spec.clusterIPs[0]",
                                               spec.clusterIPs[0],
                                               "may not be set to 'None' for NodePort services"));
    } else if (spec.type == service_type::ExternalName) {
        if (!spec.clusterIPs.empty())
            errs.push_back(FieldError::forbidden("spec.clusterIPs",
                                                 "may not be set for ExternalName services"));
        if (!spec.ipFamilies.empty())
            errs.push_back(FieldError::forbidden("spec.ipFamilies",
                                                 "may not be set for ExternalName services"));
        if (spec.ipFamilyPolicy)
            errs.push_back(FieldError::forbidden("spec.ipFamilyPolicy",
                                                 "may not be set for ExternalName services"));
        // A CNAME may end in a dot to say it is fully qualified.
        std::string cname = spec.externalName;
        if (!cname.empty() && cname.back() == '.')
            cname.pop_back();
        if (!cname.empty())
            addInvalid(errs, "spec.externalName", cname, name_rules::isDns1123Subdomain(cname));
        else
            errs.push_back(FieldError::required("spec.externalName"));
    }

    std::set<std::string> portNames;
    for (size_t i = 0; i < spec.ports.size(); ++i)
        validateServicePort(
            errs, spec.ports[i], spec.ports.size() > 1, portNames, idx("spec.ports", i));

    if (spec.selector)
        validateLabels(errs, *spec.selector, "spec.selector");

    if (spec.sessionAffinity.empty())
        errs.push_back(FieldError::required("spec.sessionAffinity"));
    else if (std::find(kSessionAffinities.begin(), kSessionAffinities.end(), spec.sessionAffinity)
             == kSessionAffinities.end())
        errs.push_back(FieldError::notSupported(
            "spec.sessionAffinity", spec.sessionAffinity, kSessionAffinities));

    if (spec.sessionAffinity == "ClientIP")
        validateClientIpAffinityConfig(errs, spec.sessionAffinityConfig);
    else if (spec.sessionAffinity == "None" && spec.sessionAffinityConfig)
        errs.push_back(FieldError::forbidden("spec.sessionAffinityConfig",
                                             "must not be set when session affinity is None"));

    validateClusterIpsRelatedFields(errs, s);

    for (size_t i = 0; i < spec.externalIPs.size(); ++i) {
        const auto &ip = spec.externalIPs[i];
        const auto msgs = name_rules::isValidIp(ip);
        if (!msgs.empty())
            addInvalid(errs, idx("spec.externalIPs", i), ip, msgs);
        else
            validateNonSpecialIp(errs, ip, idx("spec.externalIPs", i));
    }

    if (spec.type.empty())
        errs.push_back(FieldError::required("spec.type"));
    else if (std::find(kServiceTypes.begin(), kServiceTypes.end(), spec.type)
             == kServiceTypes.end())
        errs.push_back(FieldError::notSupported("spec.type", spec.type, kServiceTypes));

    if (spec.type == service_type::ClusterIP) {
        for (size_t i = 0; i < spec.ports.size(); ++i)
            if (spec.ports[i].nodePort != 0)
                errs.push_back(FieldError::forbidden(idx("spec.ports", i) + ".nodePort",
                                                     "may not be used when `type` is 'ClusterIP'"));
    }

    // Duplicate node ports, by (protocol, nodePort).
    std::set<std::pair<std::string, int32_t>> nodePorts;
    for (size_t i = 0; i < spec.ports.size(); ++i) {
        const auto &p = spec.ports[i];
        if (p.nodePort == 0)
            continue;
        if (!nodePorts.insert({p.protocol, p.nodePort}).second)
            errs.push_back(
                FieldError::duplicateInt(idx("spec.ports", i) + ".nodePort", p.nodePort));
    }

    // Duplicate ports, by (protocol, port); the apiserver prints the key as a Go struct.
    std::set<std::pair<std::string, int32_t>> ports;
    for (size_t i = 0; i < spec.ports.size(); ++i) {
        const auto &p = spec.ports[i];
        if (!ports.insert({p.protocol, p.port}).second) {
            ServicePort key;
            key.protocol = p.protocol;
            key.port = p.port;
            errs.push_back(
                withOther(FieldError::duplicate(idx("spec.ports", i), {}), goServicePort(key)));
        }
    }

    // Only reachable with the ServiceTopology gate on (prepareServiceForCreate drops them).
    if (spec.topologyKeys && !spec.topologyKeys->empty()) {
        const auto &keys = *spec.topologyKeys;
        const std::string topoPath = "spec.topologyKeys";
        if (spec.externalTrafficPolicy == "Local")
            errs.push_back(FieldError::forbidden(
                topoPath, "may not be specified when `externalTrafficPolicy=Local`"));
        if (keys.size() > size_t(kMaxServiceTopologyKeys)) {
            FieldError e = FieldError::invalidInt(
                topoPath,
                int64_t(keys.size()),
                "must have at most " + std::to_string(kMaxServiceTopologyKeys) + " items");
            e.type = field_error_type::TooMany;
            errs.push_back(e);
        }
        std::set<std::string> seen;
        for (size_t i = 0; i < keys.size(); ++i) {
            if (!seen.insert(keys[i]).second)
                errs.push_back(FieldError::duplicate(idx(topoPath, i), keys[i]));
            if (keys[i] == "*" && i != keys.size() - 1)
                errs.push_back(FieldError::invalid(
                    idx(topoPath, i), keys[i], "\"*\" must be the last value specified"));
            if (keys[i] != "*")
                for (const auto &m : name_rules::isQualifiedName(keys[i]))
                    errs.push_back(FieldError::invalidList(idx(topoPath, i), keys, m));
        }
    }

    // Source ranges: the field wins over the annotation. The odd "LoadBalancerSourceRanges"
    // path and the trailing space of the detail are the apiserver's.
    const auto annIt = s.metadata.annotations.find(kSourceRangesAnnotation);
    if (!spec.loadBalancerSourceRanges.empty() || annIt != s.metadata.annotations.end()) {
        std::string path;
        std::string val;
        bool parsed;
        if (!spec.loadBalancerSourceRanges.empty()) {
            path = "spec.LoadBalancerSourceRanges";
            val = goPlainList(spec.loadBalancerSourceRanges);
            parsed = parseCidrList(spec.loadBalancerSourceRanges);
        } else {
            path = std::string("metadata.annotations[") + kSourceRangesAnnotation + "]";
            val = annIt->second;
            std::string_view trimmed = trimSpace(val);
            if (trimmed.empty())
                trimmed = "0.0.0.0/0";
            parsed = parseCidrList(splitComma(trimmed));
        }
        if (spec.type != service_type::LoadBalancer)
            errs.push_back(
                FieldError::forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
        if (!parsed)
            errs.push_back(FieldError::invalid(
                path,
                val,
                "must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 "));
    }

    if (spec.allocateLoadBalancerNodePorts && spec.type != service_type::LoadBalancer)
        errs.push_back(FieldError::forbidden("spec.allocateLoadBalancerNodePorts",
                                             "may only be used when `type` is 'LoadBalancer'"));

    // validateServiceExternalTrafficFieldsValue
    if (!spec.externalTrafficPolicy.empty() && spec.externalTrafficPolicy != "Cluster"
        && spec.externalTrafficPolicy != "Local")
        errs.push_back(
            FieldError::invalid("spec.externalTrafficPolicy",
                                spec.externalTrafficPolicy,
                                "ExternalTrafficPolicy must be empty, Cluster or Local"));
    if (spec.healthCheckNodePort < 0)
        errs.push_back(FieldError::invalidInt("spec.healthCheckNodePort",
                                              spec.healthCheckNodePort,
                                              "HealthCheckNodePort must be not less than 0"));

    // ValidateConditionalService: MixedProtocolLBService is off in v1.20.
    if (spec.type == service_type::LoadBalancer) {
        std::set<std::string> protocols;
        for (const auto &p : spec.ports)
            protocols.insert(p.protocol);
        if (protocols.size() > 1)
            errs.push_back(withOther(FieldError::invalid("spec.ports",
                                                         {},
                                                         "may not contain more than 1 protocol "
                                                         "when type is 'LoadBalancer'"),
                                     goServicePortList(spec.ports)));
    }
    return errs;
}

FieldErrors allocateClusterIp(const Service &s, const ValidationSettings &settings)
{
    // The v1.20 storage skips allocation on dry runs, for ExternalName and headless services;
    // with IPv6DualStack off it allocates spec.clusterIP from the primary range only.
    if (settings.dryRun || s.spec.type == service_type::ExternalName || isHeadless(s)
        || s.spec.clusterIP.empty())
        return {};
    const auto ip = IpAddress::parse(s.spec.clusterIP);
    if (!ip)
        return {}; // reported by validation already
    std::string why;
    if (!serviceRangeOffset(settings.serviceClusterIpRange, *ip))
        why = "provided IP is not in the valid range. The range of valid IPs is "
              + settings.serviceClusterIpRange.toString();
    else if (settings.clusterIpInUse && settings.clusterIpInUse(*ip))
        why = "provided IP is already allocated";
    if (why.empty())
        return {};
    return {FieldError::invalidList("spec.clusterIPs",
                                    s.spec.clusterIPs,
                                    "failed to allocated ip:" + s.spec.clusterIP
                                        + " with error:" + why)};
}

// portallocator.PortAllocationOperation: a dry run only checks for ports in use.
class NodePortOperation
{
public:
    explicit NodePortOperation(const ValidationSettings &s)
        : m_s(s)
    {}
    std::string allocate(int port)
    {
        const bool inRange = port >= m_s.nodePortMin && port <= m_s.nodePortMax;
        if (!m_s.dryRun && !inRange)
            return "provided port is not in the valid range. The range of valid ports is "
                   + std::to_string(m_s.nodePortMin) + "-" + std::to_string(m_s.nodePortMax);
        if ((inRange && m_s.nodePortInUse && m_s.nodePortInUse(port))
            || std::find(m_allocated.begin(), m_allocated.end(), port) != m_allocated.end())
            return "provided port is already allocated";
        m_allocated.push_back(port);
        return {};
    }

private:
    const ValidationSettings &m_s;
    std::vector<int> m_allocated;
};

// initNodePorts: ports that share a port number share a node port; the first requested
// nodePort among them is the one reserved (and blamed on the current index).
FieldErrors allocateNodePorts(const Service &s, NodePortOperation &op)
{
    const auto &ports = s.spec.ports;
    std::vector<std::pair<int32_t, int32_t>> byPort; // port -> node port (0 = allocated next)
    auto known = [&](int32_t port) -> const int32_t * {
        for (const auto &e : byPort)
            if (e.first == port)
                return &e.second;
        return nullptr;
    };
    for (size_t i = 0; i < ports.size(); ++i) {
        const auto &sp = ports[i];
        const int32_t *allocated = known(sp.port);
        if (!allocated) {
            int32_t requested = 0;
            for (const auto &other : ports)
                if (other.port == sp.port && other.nodePort != 0) {
                    requested = other.nodePort;
                    break;
                }
            if (requested != 0) {
                const std::string err = op.allocate(requested);
                if (!err.empty())
                    return {
                        FieldError::invalidInt(idx("spec.ports", i) + ".nodePort", requested, err)};
            }
            // requested == 0: AllocateNext; which port it picks cannot be known here, and
            // "-1" marks "some allocated port" so that later equal ports reuse it.
            byPort.push_back({sp.port, requested != 0 ? requested : -1});
        } else if (sp.nodePort != *allocated && sp.nodePort != 0) {
            const std::string err = op.allocate(sp.nodePort);
            if (!err.empty())
                return {
                    FieldError::invalidInt(idx("spec.ports", i) + ".nodePort", sp.nodePort, err)};
        }
    }
    return {};
}

FieldErrors validateExternalTrafficCombination(const Service &s)
{
    FieldErrors errs;
    if (s.spec.type != service_type::LoadBalancer && s.spec.type != service_type::NodePort
        && !s.spec.externalTrafficPolicy.empty())
        errs.push_back(FieldError::invalid("spec.externalTrafficPolicy",
                                           s.spec.externalTrafficPolicy,
                                           "ExternalTrafficPolicy can only be set on NodePort and "
                                           "LoadBalancer service"));
    if (!needsHealthCheck(s) && s.spec.healthCheckNodePort != 0)
        errs.push_back(FieldError::invalidInt("spec.healthCheckNodePort",
                                              s.spec.healthCheckNodePort,
                                              "HealthCheckNodePort can only be set on LoadBalancer "
                                              "service with ExternalTrafficPolicy=Local"));
    return errs;
}

} // namespace

// ---- defaulting -------------------------------------------------------------------------------

void defaultService(Service &s)
{
    auto &spec = s.spec;
    if (spec.sessionAffinity.empty())
        spec.sessionAffinity = "None";
    if (spec.sessionAffinity == "None")
        spec.sessionAffinityConfig.reset(); // silently, so "must not be set" is never seen
    if (spec.sessionAffinity == "ClientIP") {
        if (!spec.sessionAffinityConfig || !spec.sessionAffinityConfig->clientIP
            || !spec.sessionAffinityConfig->clientIP->timeoutSeconds)
            spec.sessionAffinityConfig
                = SessionAffinityConfig{ClientIPConfig{kDefaultClientIpAffinitySeconds}};
    }
    if (spec.type.empty())
        spec.type = service_type::ClusterIP;
    for (auto &p : spec.ports) {
        if (p.protocol.empty())
            p.protocol = protocol::TCP;
        if (!p.targetPort || *p.targetPort == IntOrString::fromInt(0)
            || *p.targetPort == IntOrString::fromString(""))
            p.targetPort = IntOrString::fromInt(p.port);
    }
    if ((spec.type == service_type::NodePort || spec.type == service_type::LoadBalancer)
        && spec.externalTrafficPolicy.empty())
        spec.externalTrafficPolicy = "Cluster";
    // IPv6DualStack and ServiceLBNodePortControl are off in v1.20: no ipFamilyPolicy or
    // allocateLoadBalancerNodePorts defaults.
}

void defaultEndpoints(Endpoints &e)
{
    for (auto &ss : e.subsets)
        for (auto &p : ss.ports)
            if (p.protocol.empty())
                p.protocol = protocol::TCP;
}

void defaultNamespace(Namespace &n)
{
    if (n.phase.empty())
        n.phase = "Active";
}

void prepareServiceForCreate(Service &s)
{
    s.status = {};
    if (!s.spec.clusterIP.empty() && s.spec.clusterIPs.empty())
        s.spec.clusterIPs = {s.spec.clusterIP};
    s.spec.ipFamilies.clear();
    s.spec.ipFamilyPolicy.reset();
    if (s.spec.clusterIPs.size() > 1)
        s.spec.clusterIPs.resize(1);
    s.spec.topologyKeys.reset();
    s.spec.allocateLoadBalancerNodePorts.reset();
}

// ---- validation -----------------------------------------------------------------------------

FieldErrors validateService(const Service &input, const ValidationSettings &settings)
{
    Service s = input;
    prepareServiceForCreate(s);

    if (auto errs = validateServiceSpecAndMeta(s); !errs.empty())
        return errs;
    // (tryDefaultValidateServiceClusterIPFields does nothing with IPv6DualStack off.)
    if (auto errs = allocateClusterIp(s, settings); !errs.empty())
        return errs;

    NodePortOperation op(settings);
    if (s.spec.type == service_type::NodePort || s.spec.type == service_type::LoadBalancer) {
        if (auto errs = allocateNodePorts(s, op); !errs.empty())
            return errs;
    }
    if (needsHealthCheck(s) && s.spec.healthCheckNodePort != 0) {
        const std::string err = op.allocate(s.spec.healthCheckNodePort);
        if (!err.empty()) {
            // A 500 with no causes in the apiserver; we keep the field for the editors.
            FieldError e = FieldError::invalidInt(
                "spec.healthCheckNodePort",
                s.spec.healthCheckNodePort,
                "failed to allocate requested HealthCheck NodePort "
                    + std::to_string(s.spec.healthCheckNodePort) + ": " + err);
            e.type = field_error_type::Internal;
            return {e};
        }
    }
    return validateExternalTrafficCombination(s);
}

FieldErrors validateEndpoints(const Endpoints &e)
{
    FieldErrors errs;
    validateObjectMeta(errs, e.metadata, true, &name_rules::isDns1123Subdomain);
    for (size_t i = 0; i < e.subsets.size(); ++i) {
        const auto &ss = e.subsets[i];
        const std::string path = idx("subsets", i);
        if (ss.addresses.empty() && ss.notReadyAddresses.empty())
            errs.push_back(
                FieldError::required(path, "must specify `addresses` or `notReadyAddresses`"));
        auto address = [&](const EndpointAddress &a, const std::string &p) {
            addInvalid(errs, p + ".ip", a.ip, name_rules::isValidIp(a.ip));
            if (!a.hostname.empty())
                addInvalid(
                    errs, p + ".hostname", a.hostname, name_rules::isDns1123Label(a.hostname));
            if (a.nodeName)
                addInvalid(errs,
                           p + ".nodeName",
                           *a.nodeName,
                           name_rules::isDns1123Subdomain(*a.nodeName));
            validateNonSpecialIp(errs, a.ip, p + ".ip");
        };
        for (size_t j = 0; j < ss.addresses.size(); ++j)
            address(ss.addresses[j], idx(path + ".addresses", j));
        for (size_t j = 0; j < ss.notReadyAddresses.size(); ++j)
            address(ss.notReadyAddresses[j], idx(path + ".notReadyAddresses", j));
        for (size_t j = 0; j < ss.ports.size(); ++j) {
            const auto &p = ss.ports[j];
            const std::string pp = idx(path + ".ports", j);
            if (ss.ports.size() > 1 && p.name.empty())
                errs.push_back(FieldError::required(pp + ".name"));
            else if (!p.name.empty())
                addInvalid(errs, pp + ".name", p.name, name_rules::isDns1123Label(p.name));
            for (const auto &m : name_rules::isValidPortNum(p.port))
                errs.push_back(FieldError::invalidInt(pp + ".port", p.port, m));
            validateProtocol(errs, p.protocol, pp + ".protocol");
            validateAppProtocol(errs, p.appProtocol, pp + ".appProtocol");
        }
    }
    return errs;
}

FieldErrors validateNamespace(const Namespace &n)
{
    FieldErrors errs;
    validateObjectMeta(errs, n.metadata, false, &name_rules::isDns1123Label);
    return errs;
}

} // namespace studio
