// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace studio {

// An IPv4 or IPv6 address as a value. Parsing follows Go's net.ParseIP as the apiserver
// uses it: dotted-quad IPv4 (no leading zeros beyond "0"), RFC 4291 IPv6, IPv4-mapped IPv6.
class IpAddress
{
public:
    IpAddress() = default;
    static std::optional<IpAddress> parse(std::string_view text);
    static IpAddress v4(uint32_t hostOrder);

    bool isV4() const { return m_v4; }
    bool isV6() const { return !m_v4; }
    // 16 bytes, network order; an IPv4 address is stored as ::ffff:a.b.c.d.
    const std::array<uint8_t, 16> &bytes() const { return m_bytes; }
    uint32_t v4Value() const; // host order, only for isV4()

    bool isUnspecified() const;
    bool isLoopback() const;
    bool isLinkLocalUnicast() const;   // 169.254.0.0/16, fe80::/10
    bool isLinkLocalMulticast() const; // 224.0.0.0/24, ff02::/16
    bool isMulticast() const;

    // Adds n (may be negative) to the address, wrapping within its family.
    IpAddress offset(int64_t n) const;
    std::string toString() const;

    auto operator<=>(const IpAddress &) const = default;

private:
    std::array<uint8_t, 16> m_bytes{};
    bool m_v4 = true;
};

// A CIDR prefix such as 10.96.0.0/12.
class IpNetwork
{
public:
    // Parses as Go's net.ParseCIDR: the address part may have host bits set (they are
    // masked, as Go does); returns nothing on syntax errors.
    static std::optional<IpNetwork> parse(std::string_view text);

    const IpAddress &address() const { return m_address; } // network address (masked)
    int prefixLength() const { return m_prefix; }
    bool isV4() const { return m_address.isV4(); }
    bool contains(const IpAddress &ip) const;
    // Number of addresses, saturated at 2^63.
    uint64_t size() const;
    IpAddress at(uint64_t index) const { return m_address.offset(int64_t(index)); }
    // Index of ip within the network, or -1.
    int64_t indexOf(const IpAddress &ip) const;
    std::string toString() const;

    bool operator==(const IpNetwork &) const = default;

private:
    IpAddress m_address;
    int m_prefix = 0;
};

// Kubernetes' ipallocator.Range over a --service-cluster-ip-range: the network address is never
// handed out, nor the IPv4 broadcast address; an IPv6 range is capped at 65536 addresses (the
// allocator's bitmap). The one definition the validator and the allocator share.
uint64_t serviceRangeSize(const IpNetwork &range);
// Offset of `ip` among the allocatable addresses (0 = network address + 1), or nothing.
std::optional<uint64_t> serviceRangeOffset(const IpNetwork &range, const IpAddress &ip);

} // namespace studio
