// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The apiserver's ClusterIP and NodePort allocators (pkg/registry/core/service/ipallocator,
// portallocator, v1.20) and their repair controllers:
//  - a bitmap over the range with the random scan strategy (a random start, then the first
//    free offset after it, wrapping);
//  - the ClusterIP range skips the network address and, for IPv4, the broadcast address
//    (so 10.96.0.0/12 hands out 10.96.0.1 .. 10.111.255.254; offset 0, the first address,
//    is what the `kubernetes` service gets); an IPv6 range is capped at 65536 addresses;
//  - errors with upstream's messages ("provided IP is already allocated", ...).
// Plain values, not thread-safe: one owner (the sandbox) serializes calls.

#include "model/types.h"
#include "util/ip_address.h"
#include "util/result.h"

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace studio {

struct AllocationError
{
    enum class Code {
        Full,       // "range is full"
        Allocated,  // "provided IP is already allocated" / "provided port is already allocated"
        NotInRange, // "provided IP is not in the valid range. The range of valid IPs is <cidr>"
    };
    Code code = Code::Full;
    std::string message;
};

// allocator.AllocationBitmap with randomScanStrategy. Offsets are 0..size()-1.
class AllocationBitmap
{
public:
    AllocationBitmap(uint64_t size, uint64_t seed);

    uint64_t size() const { return m_size; }
    uint64_t used() const { return m_used; }
    uint64_t free() const { return m_size - m_used; }
    bool has(uint64_t offset) const;
    // false when taken (or out of range).
    bool allocate(uint64_t offset);
    // A random free offset, or nothing when full.
    std::optional<uint64_t> allocateNext();
    void release(uint64_t offset);
    // The allocated offsets in increasing order.
    std::vector<uint64_t> allocated() const;
    // Takes over the allocations of `other` (same size), keeping this RNG.
    void assignAllocations(const AllocationBitmap &other);

private:
    uint64_t m_size = 0;
    uint64_t m_used = 0;
    std::vector<uint64_t> m_words;
    std::mt19937_64 m_rng;
};

// ipallocator.Range over --service-cluster-ip-range.
class ClusterIpAllocator
{
public:
    // seed: the RNG of the random scan (tests pass a fixed one).
    explicit ClusterIpAllocator(const IpNetwork &cidr, uint64_t seed = std::random_device{}());

    const IpNetwork &cidr() const { return m_cidr; }
    uint64_t size() const { return m_bits.size(); } // addresses it can hand out
    uint64_t used() const { return m_bits.used(); }
    uint64_t free() const { return m_bits.free(); }
    // The first allocatable address (base + 1, "10.96.0.1"): the `kubernetes` service's.
    IpAddress firstAddress() const { return m_cidr.at(1); }
    // Inside the allocatable part of the range (not the network or broadcast address).
    bool contains(const IpAddress &ip) const;
    bool has(const IpAddress &ip) const;

    Result<IpAddress, AllocationError> allocateNext();
    Result<void, AllocationError> allocate(const IpAddress &ip);
    // No-op for addresses not allocated or outside the range (as upstream).
    void release(const IpAddress &ip);
    std::vector<IpAddress> allocated() const;
    void assignAllocations(const ClusterIpAllocator &other) { m_bits.assignAllocations(other.m_bits); }

private:
    std::optional<uint64_t> offsetOf(const IpAddress &ip) const;
    AllocationError notInRange() const;

    IpNetwork m_cidr;
    AllocationBitmap m_bits;
};

// portallocator.PortAllocator over --service-node-port-range.
class NodePortAllocator
{
public:
    NodePortAllocator(int base = 30000, int size = 2768, uint64_t seed = std::random_device{}());

    int base() const { return m_base; }
    int last() const { return m_base + int(m_bits.size()) - 1; }
    std::string rangeText() const; // "30000-32767", as PortRange.String()
    uint64_t size() const { return m_bits.size(); }
    uint64_t used() const { return m_bits.used(); }
    uint64_t free() const { return m_bits.free(); }
    bool contains(int port) const { return port >= m_base && port <= last(); }
    bool has(int port) const;

    Result<int, AllocationError> allocateNext();
    Result<void, AllocationError> allocate(int port);
    void release(int port);
    std::vector<int> allocated() const;
    void assignAllocations(const NodePortAllocator &other) { m_bits.assignAllocations(other.m_bits); }

private:
    int m_base;
    AllocationBitmap m_bits;
};

// The ports a Service holds on the node-port allocator: spec.ports[*].nodePort (ports that
// share a number share one node port, counted once) and spec.healthCheckNodePort.
std::vector<int> serviceNodePorts(const Service &s);
// The addresses a Service holds on the ClusterIP allocator: spec.clusterIPs (or
// spec.clusterIP when clusterIPs is empty); none for headless and ExternalName services.
std::vector<std::string> serviceClusterIps(const Service &s);

// One thing a repair pass found, with the Event the apiserver records for it.
struct RepairFinding
{
    enum class Kind {
        NotValid,         // ClusterIPNotValid: not an address, or a family not configured
        NotAllocated,     // ClusterIPNotAllocated / PortNotAllocated: in use, now recorded
        AlreadyAllocated, // ClusterIPAlreadyAllocated / PortAlreadyAllocated: double use
        OutOfRange,       // ClusterIPOutOfRange / PortOutOfRange
        Full,             // ServiceCIDRFull / PortRangeFull: the pass stopped
        LeakSuspected,    // allocated, used by no service: kept for now
        LeakReleased,     // leaked for numRepairsBeforeLeakCleanup passes: released
    };
    Kind kind = Kind::NotAllocated;
    std::string reason;     // the Event reason, "ClusterIPNotAllocated"; empty for leaks (logs)
    std::string namespace_; // the service, when there is one
    std::string name;
    std::string value;   // the address or port
    std::string message; // the Event (or log) message, upstream's wording
};

struct RepairReport
{
    std::vector<RepairFinding> findings;
    bool aborted = false; // the range filled up; nothing was written back
    bool clean() const { return findings.empty(); }
};

// repair.go: rebuilds the allocation from the services, reports differences, and writes the
// rebuilt state into the allocator. An address allocated but used by no service is released
// only on the third pass that finds it (numRepairsBeforeLeakCleanup), as upstream, so that a
// create in flight is not robbed of its address.
class ClusterIpRepair
{
public:
    static constexpr int kRepairsBeforeLeakCleanup = 3;
    RepairReport runOnce(ClusterIpAllocator &stored, const std::vector<const Service *> &services);

private:
    std::map<std::string, int> m_leaks;
};

class NodePortRepair
{
public:
    static constexpr int kRepairsBeforeLeakCleanup = 3;
    RepairReport runOnce(NodePortAllocator &stored, const std::vector<const Service *> &services);

private:
    std::map<int, int> m_leaks;
};

} // namespace studio
