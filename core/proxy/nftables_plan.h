// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The nftables plan of one node: the agent's own table (`ip service-studio`) in a compact
// layout that stays fast at 10,000 services (see /work/shared/notes/iptables-backends.md):
//  - verdict maps from (destination, protocol, port) to one chain per service port
//    (service-ips, service-nodeports), and for refusals (no-endpoint-services,
//    no-endpoint-nodeports) and source ranges (firewall-ips);
//  - endpoint choice inside the service chain by one rule,
//    `dnat ip to numgen random mod N offset O map @endpoints-PROTO-B`: the service's N
//    endpoints are keys O..O+N-1 of one of 64 shared maps per protocol (B from a hash of the
//    chain name; one per protocol because nft types the map's port by protocol). An
//    endpoint replaced by another (a pod restarted) is then two map elements, with no rule
//    rewritten and no table re-validation in the kernel. No map or set per service: the
//    kernel scans every set of the table for each jump it checks, and walks a map's elements
//    for each chain bound to it, so per-service maps (or one map for all) made a
//    10,000-service load take minutes. ClientIP affinity needs one chain and one timeout set
//    per endpoint to record the client;
//  - hairpin traffic (a pod reaching itself through a service) masqueraded by one rule
//    after DNAT against one set of "endpoint . endpoint" pairs;
//  - masquerading by mark, as the iptables mode, so both modes give the same traffic results.
// Pure: no I/O, any thread. Rendered as `nft -f` text: a full load replaces the table in one
// transaction; an update touches only changed map elements and chains.

#include "proxy/service_ports.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace studio::proxy {

struct NftElement
{
    std::string key;   // "10.96.0.10 . tcp . 80"
    std::string value; // "goto service-..." (maps); empty for sets
    // The "namespace/name" whose port put it there (empty: the node's own). A key that
    // several services need (a shared endpoint address in the hairpin set) is held once per
    // service, and rendered once.
    std::string service;
    bool operator==(const NftElement &) const = default;
};

struct NftSet
{
    std::string name;
    std::string type;  // "ipv4_addr . inet_proto . inet_service : verdict"
    std::string flags; // "dynamic,timeout", "interval"
    int timeoutSeconds = 0;
    bool isMap = false;
    std::vector<NftElement> elements; // sorted by key, then service
    std::string service; // the one service a set belongs to (affinity sets); empty if shared
    bool operator==(const NftSet &) const = default;
};

struct NftChain
{
    std::string name;
    std::string base; // "type nat hook prerouting priority dstnat; policy accept;" or empty
    std::vector<std::string> rules;
    std::string service; // "namespace/name" for per-service chains
    // Where the chain picks its endpoint: keys slotOffset .. slotOffset+slotCount-1 of the
    // endpoint map slotMap (empty: none).
    std::string slotMap{};
    uint32_t slotOffset = 0;
    int slotCount = 0;
    bool operator==(const NftChain &) const = default;
};

struct NftablesPlan
{
    std::string family = "ip";
    std::string table = "service-studio";
    std::vector<NftSet> sets;     // maps and sets
    std::vector<NftChain> chains; // base and fixed chains first, then per service
    const NftChain *chain(std::string_view name) const;
    const NftSet *set(std::string_view name) const;
    size_t elementCount() const; // distinct keys over all sets
    // Per endpoint map: the first key no chain uses (where a re-plan allocates).
    std::map<std::string, uint32_t> nextSlot;
    bool operator==(const NftablesPlan &) const = default;
};

NftablesPlan planNftables(const std::vector<ServicePortInfo> &ports, const ProxyConfig &config);

// The service-port chain names (kube-proxy's nftables mode style: a hash then a readable
// "namespace/name/protocol/port").
std::string nftChainBase(const ServicePortInfo &port);

// Full load: creates the table if needed, deletes it, and declares it whole, in one
// transaction (`nft -f`), so a half-written table never exists.
std::string renderNftables(const NftablesPlan &plan);
// The smallest transaction that turns `previous` (what the kernel holds) into `plan`:
// added/removed map elements, new, rewritten and deleted chains and sets.
std::string renderNftablesUpdate(const NftablesPlan &previous, const NftablesPlan &plan);
// A sync that re-plans only what changed: `services` ("namespace/name") are the services
// whose Service or Endpoints changed and `ports` their current ports (buildServicePorts
// with the same names; none for a deleted service). Turns `plan` (what the kernel holds) in
// place into what planNftables would give for the whole new state, chain order aside, and
// returns the transaction that takes the kernel there; it touches only those services'
// chains, sets and elements, and its cost does not grow with the number of other services.
std::string replanNftables(NftablesPlan &plan, const std::vector<ServicePortInfo> &ports,
                           const std::set<std::string> &services, const ProxyConfig &config);
// Removes the table (--cleanup).
std::string renderNftablesCleanup(const NftablesPlan &plan);

} // namespace studio::proxy
