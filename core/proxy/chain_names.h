// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The one chain-naming function (kube-proxy v1.20 pkg/proxy/iptables/proxier.go):
// prefix + the first 16 characters of base32(sha256(servicePortName + protocol [+ endpoint])),
// with the protocol in lower case. The GUI, the agent, the tracer and the tests use these, so
// chain names always agree with a real kube-proxy's on the same cluster.

#include <string>
#include <string_view>

namespace studio::proxy {

// base32 (RFC 4648 standard alphabet, padded) of sha256(text), first 16 characters.
std::string portProtoHash(std::string_view servicePortName, std::string_view lowerProtocol);

std::string serviceChainName(std::string_view servicePortName, std::string_view lowerProtocol);   // KUBE-SVC-
std::string firewallChainName(std::string_view servicePortName, std::string_view lowerProtocol);  // KUBE-FW-
std::string localChainName(std::string_view servicePortName, std::string_view lowerProtocol);     // KUBE-XLB-
// endpoint = "ip:port"
std::string endpointChainName(std::string_view servicePortName, std::string_view lowerProtocol,
                              std::string_view endpoint);                                          // KUBE-SEP-

// Fixed chains.
inline constexpr const char *kServicesChain = "KUBE-SERVICES";
inline constexpr const char *kExternalServicesChain = "KUBE-EXTERNAL-SERVICES";
inline constexpr const char *kNodePortsChain = "KUBE-NODEPORTS";
inline constexpr const char *kPostroutingChain = "KUBE-POSTROUTING";
inline constexpr const char *kMarkMasqChain = "KUBE-MARK-MASQ";
inline constexpr const char *kMarkDropChain = "KUBE-MARK-DROP";
inline constexpr const char *kForwardChain = "KUBE-FORWARD";
inline constexpr const char *kProxyFirewallChain = "KUBE-PROXY-FIREWALL";

} // namespace studio::proxy
