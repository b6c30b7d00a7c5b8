// SPDX-License-Identifier: GPL-3.0-or-later
#include "cluster/ip_allocator.h"

#include <algorithm>
#include <bit>

namespace studio {

// ---- AllocationBitmap -----------------------------------------------------------------------

AllocationBitmap::AllocationBitmap(uint64_t size, uint64_t seed)
    : m_size(size)
    , m_words((size + 63) / 64, 0)
    , m_rng(seed)
{}

bool AllocationBitmap::has(uint64_t offset) const
{
    return offset < m_size && (m_words[offset / 64] >> (offset % 64)) & 1u;
}

bool AllocationBitmap::allocate(uint64_t offset)
{
    if (offset >= m_size || has(offset))
        return false;
    m_words[offset / 64] |= uint64_t(1) << (offset % 64);
    ++m_used;
    return true;
}

std::optional<uint64_t> AllocationBitmap::allocateNext()
{
    if (m_used >= m_size)
        return std::nullopt;
    // randomScanStrategy: start at a random offset, take the first free one after it
    // (wrapping). Scan word by word; a /12 has 16384 words.
    const uint64_t start = std::uniform_int_distribution<uint64_t>(0, m_size - 1)(m_rng);
    auto firstFreeFrom = [&](uint64_t from, uint64_t to) -> std::optional<uint64_t> {
        uint64_t i = from;
        while (i < to) {
            const uint64_t word = i / 64;
            const uint64_t bit = i % 64;
            uint64_t freeBits = ~m_words[word] >> bit;
            if (freeBits) {
                const uint64_t at = i + uint64_t(std::countr_zero(freeBits));
                if (at < to)
                    return at;
                return std::nullopt;
            }
            i = (word + 1) * 64;
        }
        return std::nullopt;
    };
    auto at = firstFreeFrom(start, m_size);
    if (!at)
        at = firstFreeFrom(0, start);
    if (!at)
        return std::nullopt; // cannot happen: m_used < m_size
    allocate(*at);
    return at;
}

void AllocationBitmap::release(uint64_t offset)
{
    if (!has(offset))
        return;
    m_words[offset / 64] &= ~(uint64_t(1) << (offset % 64));
    --m_used;
}

std::vector<uint64_t> AllocationBitmap::allocated() const
{
    std::vector<uint64_t> out;
    out.reserve(m_used);
    for (uint64_t w = 0; w < m_words.size(); ++w) {
        uint64_t bits = m_words[w];
        while (bits) {
            const int b = std::countr_zero(bits);
            out.push_back(w * 64 + uint64_t(b));
            bits &= bits - 1;
        }
    }
    return out;
}

void AllocationBitmap::assignAllocations(const AllocationBitmap &other)
{
    if (other.m_size != m_size)
        return;
    m_words = other.m_words;
    m_used = other.m_used;
}

// ---- ClusterIpAllocator ---------------------------------------------------------------------


ClusterIpAllocator::ClusterIpAllocator(const IpNetwork &cidr, uint64_t seed)
    : m_cidr(cidr)
    , m_bits(serviceRangeSize(cidr), seed)
{}

std::optional<uint64_t> ClusterIpAllocator::offsetOf(const IpAddress &ip) const
{
    return serviceRangeOffset(m_cidr, ip);
}

bool ClusterIpAllocator::contains(const IpAddress &ip) const { return offsetOf(ip).has_value(); }

bool ClusterIpAllocator::has(const IpAddress &ip) const
{
    const auto off = offsetOf(ip);
    return off && m_bits.has(*off);
}

AllocationError ClusterIpAllocator::notInRange() const
{
    return {AllocationError::Code::NotInRange,
            "provided IP is not in the valid range. The range of valid IPs is "
                + m_cidr.toString()};
}

Result<IpAddress, AllocationError> ClusterIpAllocator::allocateNext()
{
    const auto off = m_bits.allocateNext();
    if (!off)
        return AllocationError{AllocationError::Code::Full, "range is full"};
    return m_cidr.at(*off + 1);
}

Result<void, AllocationError> ClusterIpAllocator::allocate(const IpAddress &ip)
{
    const auto off = offsetOf(ip);
    if (!off)
        return notInRange();
    if (!m_bits.allocate(*off))
        return AllocationError{AllocationError::Code::Allocated, "provided IP is already allocated"};
    return {};
}

void ClusterIpAllocator::release(const IpAddress &ip)
{
    if (const auto off = offsetOf(ip))
        m_bits.release(*off);
}

std::vector<IpAddress> ClusterIpAllocator::allocated() const
{
    std::vector<IpAddress> out;
    for (uint64_t off : m_bits.allocated())
        out.push_back(m_cidr.at(off + 1));
    return out;
}

// ---- NodePortAllocator ----------------------------------------------------------------------

NodePortAllocator::NodePortAllocator(int base, int size, uint64_t seed)
    : m_base(base)
    , m_bits(uint64_t(std::max(size, 0)), seed)
{}

std::string NodePortAllocator::rangeText() const
{
    return std::to_string(m_base) + "-" + std::to_string(last());
}

bool NodePortAllocator::has(int port) const
{
    return contains(port) && m_bits.has(uint64_t(port - m_base));
}

Result<int, AllocationError> NodePortAllocator::allocateNext()
{
    const auto off = m_bits.allocateNext();
    if (!off)
        return AllocationError{AllocationError::Code::Full, "range is full"};
    return m_base + int(*off);
}

Result<void, AllocationError> NodePortAllocator::allocate(int port)
{
    if (!contains(port))
        return AllocationError{AllocationError::Code::NotInRange,
                               "provided port is not in the valid range. The range of valid "
                               "ports is "
                                   + rangeText()};
    if (!m_bits.allocate(uint64_t(port - m_base)))
        return AllocationError{AllocationError::Code::Allocated,
                               "provided port is already allocated"};
    return {};
}

void NodePortAllocator::release(int port)
{
    if (contains(port))
        m_bits.release(uint64_t(port - m_base));
}

std::vector<int> NodePortAllocator::allocated() const
{
    std::vector<int> out;
    for (uint64_t off : m_bits.allocated())
        out.push_back(m_base + int(off));
    return out;
}

// ---- what a service holds -------------------------------------------------------------------

std::vector<int> serviceNodePorts(const Service &s)
{
    std::vector<int> out;
    for (const auto &p : s.spec.ports)
        if (p.nodePort != 0 && std::find(out.begin(), out.end(), p.nodePort) == out.end())
            out.push_back(p.nodePort);
    if (s.spec.healthCheckNodePort != 0
        && std::find(out.begin(), out.end(), s.spec.healthCheckNodePort) == out.end())
        out.push_back(s.spec.healthCheckNodePort);
    return out;
}

std::vector<std::string> serviceClusterIps(const Service &s)
{
    // helper.IsServiceIPSet: not "", not "None".
    if (s.effectiveType() == service_type::ExternalName || s.spec.clusterIP.empty()
        || s.spec.clusterIP == "None")
        return {};
    if (!s.spec.clusterIPs.empty())
        return s.spec.clusterIPs;
    return {s.spec.clusterIP};
}

// ---- repair ---------------------------------------------------------------------------------

namespace {

RepairFinding finding(RepairFinding::Kind kind, std::string reason, const Service *svc,
                      std::string value, std::string message)
{
    RepairFinding f;
    f.kind = kind;
    f.reason = std::move(reason);
    if (svc) {
        f.namespace_ = svc->metadata.namespace_;
        f.name = svc->metadata.name;
    }
    f.value = std::move(value);
    f.message = std::move(message);
    return f;
}

} // namespace

RepairReport ClusterIpRepair::runOnce(ClusterIpAllocator &stored,
                                      const std::vector<const Service *> &services)
{
    RepairReport report;
    ClusterIpAllocator rebuilt(stored.cidr(), 0);
    ClusterIpAllocator leftover(stored.cidr(), 0); // what stored holds that no service claims
    leftover.assignAllocations(stored);
    const std::string family = stored.cidr().isV4() ? "IPv4" : "IPv6";
    using K = RepairFinding::Kind;

    for (const Service *svc : services) {
        for (const std::string &text : serviceClusterIps(*svc)) {
            const auto ip = IpAddress::parse(text);
            if (!ip) {
                report.findings.push_back(finding(
                    K::NotValid, "ClusterIPNotValid", svc, text,
                    "Cluster IP " + text + " is not a valid IP; please recreate service"));
                continue;
            }
            const std::string ipFamily = ip->isV4() ? "IPv4" : "IPv6";
            if (ipFamily != family) {
                report.findings.push_back(finding(
                    K::NotValid, "ClusterIPNotValid", svc, text,
                    "Cluster IP " + ip->toString() + "(" + ipFamily
                        + ") is of ip family that is no longer configured on cluster; please "
                          "recreate service"));
                continue;
            }
            const std::string tag = "Cluster IP [" + family + "]:" + ip->toString();
            const auto r = rebuilt.allocate(*ip);
            if (r.ok()) {
                if (leftover.has(*ip))
                    leftover.release(*ip); // so that what is left over shows the leaks
                else
                    report.findings.push_back(finding(K::NotAllocated, "ClusterIPNotAllocated",
                                                      svc, ip->toString(),
                                                      tag + " is not allocated; repairing"));
                m_leaks.erase(ip->toString());
                continue;
            }
            switch (r.error().code) {
            case AllocationError::Code::Allocated:
                report.findings.push_back(
                    finding(K::AlreadyAllocated, "ClusterIPAlreadyAllocated", svc, ip->toString(),
                            tag + " was assigned to multiple services; please recreate service"));
                break;
            case AllocationError::Code::NotInRange:
                report.findings.push_back(finding(K::OutOfRange, "ClusterIPOutOfRange", svc,
                                                  ip->toString(),
                                                  tag + " is not within the service CIDR "
                                                      + stored.cidr().toString()
                                                      + "; please recreate service"));
                break;
            case AllocationError::Code::Full:
                report.findings.push_back(finding(
                    K::Full, "ServiceCIDRFull", svc, ip->toString(),
                    "Service CIDR " + stored.cidr().toString()
                        + " is full; you must widen the CIDR in order to create new services for "
                        + tag));
                report.aborted = true;
                return report;
            }
        }
    }

    // checkLeaked: keep a leaked address for a few passes before giving it back.
    for (const IpAddress &ip : leftover.allocated()) {
        const std::string key = ip.toString();
        auto it = m_leaks.find(key);
        int count = 0;
        if (it == m_leaks.end()) {
            report.findings.push_back(
                finding(K::LeakSuspected, {}, nullptr, key,
                        "the cluster IP " + key + " may have leaked: flagging for later clean up"));
            count = kRepairsBeforeLeakCleanup - 1;
        } else {
            count = it->second;
        }
        if (count > 0) {
            m_leaks[key] = count - 1;
            (void)rebuilt.allocate(ip);
        } else {
            report.findings.push_back(
                finding(K::LeakReleased, {}, nullptr, key,
                        "the cluster IP " + key + " appears to have leaked: cleaning up"));
            m_leaks.erase(key);
        }
    }
    stored.assignAllocations(rebuilt);
    return report;
}

RepairReport NodePortRepair::runOnce(NodePortAllocator &stored,
                                     const std::vector<const Service *> &services)
{
    RepairReport report;
    NodePortAllocator rebuilt(stored.base(), int(stored.size()), 0);
    NodePortAllocator leftover(stored.base(), int(stored.size()), 0);
    leftover.assignAllocations(stored);
    using K = RepairFinding::Kind;

    for (const Service *svc : services) {
        for (int port : serviceNodePorts(*svc)) {
            const std::string p = std::to_string(port);
            const auto r = rebuilt.allocate(port);
            if (r.ok()) {
                if (leftover.has(port))
                    leftover.release(port);
                else
                    report.findings.push_back(finding(K::NotAllocated, "PortNotAllocated", svc, p,
                                                      "Port " + p
                                                          + " is not allocated; repairing"));
                m_leaks.erase(port);
                continue;
            }
            switch (r.error().code) {
            case AllocationError::Code::Allocated:
                report.findings.push_back(
                    finding(K::AlreadyAllocated, "PortAlreadyAllocated", svc, p,
                            "Port " + p
                                + " was assigned to multiple services; please recreate service"));
                break;
            case AllocationError::Code::NotInRange:
                report.findings.push_back(finding(K::OutOfRange, "PortOutOfRange", svc, p,
                                                  "Port " + p + " is not within the port range "
                                                      + stored.rangeText()
                                                      + "; please recreate service"));
                break;
            case AllocationError::Code::Full:
                report.findings.push_back(
                    finding(K::Full, "PortRangeFull", svc, p,
                            "Port range " + stored.rangeText()
                                + " is full; you must widen the port range in order to create "
                                  "new services"));
                report.aborted = true;
                return report;
            }
        }
    }

    for (int port : leftover.allocated()) {
        const std::string p = std::to_string(port);
        auto it = m_leaks.find(port);
        int count = 0;
        if (it == m_leaks.end()) {
            report.findings.push_back(
                finding(K::LeakSuspected, {}, nullptr, p,
                        "the node port " + p + " may have leaked: flagging for later clean up"));
            count = kRepairsBeforeLeakCleanup - 1;
        } else {
            count = it->second;
        }
        if (count > 0) {
            m_leaks[port] = count - 1;
            (void)rebuilt.allocate(port);
        } else {
            report.findings.push_back(finding(
                K::LeakReleased, {}, nullptr, p,
                "the node port " + p + " appears to have leaked: cleaning up"));
            m_leaks.erase(port);
        }
    }
    stored.assignAllocations(rebuilt);
    return report;
}

} // namespace studio
