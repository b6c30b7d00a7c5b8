// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Plain value types for the Kubernetes objects the Service concept page talks about
// (core/v1 as of Kubernetes v1.20). No QObject, no I/O: copy them freely, any thread.
// Field names follow the API; an empty std::optional means "not set in the manifest", which
// matters for defaulting and for validation messages.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace studio {

using Labels = std::map<std::string, std::string>; // sorted, as the apiserver prints them

// A value that is a number or a name (targetPort).
struct IntOrString
{
    enum class Kind { Int, String };
    Kind kind = Kind::Int;
    int32_t intValue = 0;
    std::string strValue;

    static IntOrString fromInt(int32_t v) { return {Kind::Int, v, {}}; }
    static IntOrString fromString(std::string s) { return {Kind::String, 0, std::move(s)}; }
    bool isInt() const { return kind == Kind::Int; }
    bool isString() const { return kind == Kind::String; }
    std::string toString() const { return isInt() ? std::to_string(intValue) : strValue; }
    bool operator==(const IntOrString &) const = default;
};

struct ObjectMeta
{
    std::string name;
    std::string generateName;
    std::string namespace_; // "namespace" is a keyword
    Labels labels;
    Labels annotations;
    std::string resourceVersion;
    std::string uid;
    std::string creationTimestamp; // RFC 3339 as the API writes it
    std::string deletionTimestamp;
    bool operator==(const ObjectMeta &) const = default;
};

struct ObjectReference
{
    std::string kind;
    std::string namespace_;
    std::string name;
    std::string uid;
    std::string resourceVersion;
    bool operator==(const ObjectReference &) const = default;
};

// ---- Service -------------------------------------------------------------------------------

namespace protocol {
inline constexpr const char *TCP = "TCP";
inline constexpr const char *UDP = "UDP";
inline constexpr const char *SCTP = "SCTP";
} // namespace protocol

namespace service_type {
inline constexpr const char *ClusterIP = "ClusterIP";
inline constexpr const char *NodePort = "NodePort";
inline constexpr const char *LoadBalancer = "LoadBalancer";
inline constexpr const char *ExternalName = "ExternalName";
} // namespace service_type

struct ServicePort
{
    std::string name;
    std::string protocol; // empty = not set (defaults to TCP)
    std::optional<std::string> appProtocol;
    int32_t port = 0;
    std::optional<IntOrString> targetPort; // unset defaults to port
    int32_t nodePort = 0;                  // 0 = not set / allocate
    bool operator==(const ServicePort &) const = default;
};

struct ClientIPConfig
{
    std::optional<int32_t> timeoutSeconds;
    bool operator==(const ClientIPConfig &) const = default;
};

struct SessionAffinityConfig
{
    std::optional<ClientIPConfig> clientIP;
    bool operator==(const SessionAffinityConfig &) const = default;
};

struct PortStatus
{
    int32_t port = 0;
    std::string protocol;
    std::optional<std::string> error;
    bool operator==(const PortStatus &) const = default;
};

struct LoadBalancerIngress
{
    std::string ip;
    std::string hostname;
    std::vector<PortStatus> ports;
    bool operator==(const LoadBalancerIngress &) const = default;
};

struct ServiceSpec
{
    std::vector<ServicePort> ports;
    std::optional<Labels> selector; // unset = a service without a selector
    std::string clusterIP;          // "", "None" or an address
    std::vector<std::string> clusterIPs;
    std::string type; // empty = not set (defaults to ClusterIP)
    std::vector<std::string> externalIPs;
    std::string sessionAffinity; // "", "None", "ClientIP"
    std::optional<SessionAffinityConfig> sessionAffinityConfig;
    std::string loadBalancerIP;
    std::vector<std::string> loadBalancerSourceRanges;
    std::string externalName;
    std::string externalTrafficPolicy; // "", "Cluster", "Local"
    int32_t healthCheckNodePort = 0;
    bool publishNotReadyAddresses = false;
    std::vector<std::string> ipFamilies; // "IPv4", "IPv6"
    std::optional<std::string> ipFamilyPolicy; // SingleStack, PreferDualStack, RequireDualStack
    std::optional<std::vector<std::string>> topologyKeys;
    std::optional<bool> allocateLoadBalancerNodePorts;
    bool operator==(const ServiceSpec &) const = default;
};

struct ServiceStatus
{
    std::vector<LoadBalancerIngress> loadBalancerIngress;
    bool operator==(const ServiceStatus &) const = default;
};

struct Service
{
    std::string apiVersion = "v1";
    ObjectMeta metadata;
    ServiceSpec spec;
    ServiceStatus status;

    // Effective values after defaulting, for code that reads specs that were not defaulted.
    std::string effectiveType() const
    {
        return spec.type.empty() ? std::string(service_type::ClusterIP) : spec.type;
    }
    bool isHeadless() const { return spec.clusterIP == "None"; }
    bool operator==(const Service &) const = default;
};

// ---- Endpoints -----------------------------------------------------------------------------

struct EndpointAddress
{
    std::string ip;
    std::string hostname;
    std::optional<std::string> nodeName;
    std::optional<ObjectReference> targetRef;
    bool operator==(const EndpointAddress &) const = default;
};

struct EndpointPort
{
    std::string name;
    int32_t port = 0;
    std::string protocol; // empty = not set (defaults to TCP)
    std::optional<std::string> appProtocol;
    bool operator==(const EndpointPort &) const = default;
};

struct EndpointSubset
{
    std::vector<EndpointAddress> addresses;
    std::vector<EndpointAddress> notReadyAddresses;
    std::vector<EndpointPort> ports;
    bool operator==(const EndpointSubset &) const = default;
};

struct Endpoints
{
    std::string apiVersion = "v1";
    ObjectMeta metadata;
    std::vector<EndpointSubset> subsets;
    bool operator==(const Endpoints &) const = default;
};

// ---- Pod, Node, Namespace ------------------------------------------------------------------

struct ContainerPort
{
    std::string name;
    int32_t containerPort = 0;
    std::string protocol; // empty = TCP
    int32_t hostPort = 0;
    bool operator==(const ContainerPort &) const = default;
};

struct Container
{
    std::string name;
    std::string image;
    std::vector<ContainerPort> ports;
    bool operator==(const Container &) const = default;
};

struct PodCondition
{
    std::string type;   // Ready, ContainersReady, PodScheduled, Initialized
    std::string status; // True, False, Unknown
    bool operator==(const PodCondition &) const = default;
};

struct Pod
{
    std::string apiVersion = "v1";
    ObjectMeta metadata;
    // spec
    std::vector<Container> containers;
    std::string nodeName;
    std::string hostname;
    std::string subdomain;
    // status
    std::string phase; // Pending, Running, Succeeded, Failed, Unknown
    std::string podIP;
    std::vector<std::string> podIPs;
    std::string hostIP;
    std::vector<PodCondition> conditions;

    bool isReady() const
    {
        for (const auto &c : conditions)
            if (c.type == "Ready")
                return c.status == "True";
        return false;
    }
    bool operator==(const Pod &) const = default;
};

struct NodeAddress
{
    std::string type; // InternalIP, ExternalIP, Hostname, InternalDNS, ExternalDNS
    std::string address;
    bool operator==(const NodeAddress &) const = default;
};

// The Kubernetes Node object (KubeNode, to keep it apart from the manifest tree's Node).
struct KubeNode
{
    std::string apiVersion = "v1";
    ObjectMeta metadata;
    std::string podCIDR;
    std::vector<std::string> podCIDRs;
    std::vector<NodeAddress> addresses;
    bool operator==(const KubeNode &) const = default;
};

struct Namespace
{
    std::string apiVersion = "v1";
    ObjectMeta metadata;
    std::string phase; // Active, Terminating
    bool operator==(const Namespace &) const = default;
};

} // namespace studio
