// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/ip_address.h"

#include <arpa/inet.h>

#include <algorithm>

#include <charconv>
#include <cstring>

namespace studio {

namespace {
// Go's ParseIP rejects IPv4 octets with leading zeros ("010.1.1.1") since Go 1.17; the
// v1.20 apiserver was built with older Go and accepted them as decimal. We follow the
// stricter rule, as inet_pton does.
bool parseV4(std::string_view s, uint8_t out[4])
{
    int part = 0;
    size_t i = 0;
    while (part < 4) {
        size_t start = i;
        unsigned v = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 4) {
            v = v * 10 + unsigned(s[i] - '0');
            ++i;
        }
        const size_t len = i - start;
        if (len == 0 || len > 3 || v > 255 || (len > 1 && s[start] == '0'))
            return false;
        out[part++] = uint8_t(v);
        if (part < 4) {
            if (i >= s.size() || s[i] != '.')
                return false;
            ++i;
        }
    }
    return i == s.size();
}
} // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text)
{
    IpAddress a;
    uint8_t v4[4];
    if (parseV4(text, v4)) {
        a.m_bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, v4[0], v4[1], v4[2], v4[3]};
        a.m_v4 = true;
        return a;
    }
    if (text.size() > 45 || text.find(':') == std::string_view::npos)
        return std::nullopt;
    char buf[64];
    memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    in6_addr addr6;
    if (inet_pton(AF_INET6, buf, &addr6) != 1)
        return std::nullopt;
    memcpy(a.m_bytes.data(), &addr6, 16);
    // Go treats ::ffff:a.b.c.d as an IPv4 address (To4() != nil).
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    a.m_v4 = memcmp(a.m_bytes.data(), mapped, 12) == 0;
    return a;
}

IpAddress IpAddress::v4(uint32_t h)
{
    IpAddress a;
    a.m_bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, uint8_t(h >> 24), uint8_t(h >> 16),
                 uint8_t(h >> 8), uint8_t(h)};
    a.m_v4 = true;
    return a;
}

uint32_t IpAddress::v4Value() const
{
    return uint32_t(m_bytes[12]) << 24 | uint32_t(m_bytes[13]) << 16 | uint32_t(m_bytes[14]) << 8
           | uint32_t(m_bytes[15]);
}

bool IpAddress::isUnspecified() const
{
    if (m_v4)
        return v4Value() == 0;
    for (uint8_t b : m_bytes)
        if (b)
            return false;
    return true;
}

bool IpAddress::isLoopback() const
{
    if (m_v4)
        return m_bytes[12] == 127;
    for (int i = 0; i < 15; ++i)
        if (m_bytes[size_t(i)])
            return false;
    return m_bytes[15] == 1;
}

bool IpAddress::isLinkLocalUnicast() const
{
    if (m_v4)
        return m_bytes[12] == 169 && m_bytes[13] == 254;
    return m_bytes[0] == 0xfe && (m_bytes[1] & 0xc0) == 0x80;
}

bool IpAddress::isLinkLocalMulticast() const
{
    if (m_v4)
        return m_bytes[12] == 224 && m_bytes[13] == 0 && m_bytes[14] == 0;
    return m_bytes[0] == 0xff && (m_bytes[1] & 0x0f) == 0x02;
}

bool IpAddress::isMulticast() const
{
    if (m_v4)
        return (m_bytes[12] & 0xf0) == 0xe0;
    return m_bytes[0] == 0xff;
}

IpAddress IpAddress::offset(int64_t n) const
{
    IpAddress r = *this;
    if (m_v4) {
        const uint32_t v = uint32_t(int64_t(v4Value()) + n);
        return v4(v);
    }
    // 128-bit add of a signed 64-bit value.
    uint64_t hi = 0, lo = 0;
    for (int i = 0; i < 8; ++i)
        hi = hi << 8 | m_bytes[size_t(i)];
    for (int i = 8; i < 16; ++i)
        lo = lo << 8 | m_bytes[size_t(i)];
    const uint64_t add = uint64_t(n);
    const uint64_t newLo = lo + add;
    if (n >= 0)
        hi += newLo < lo ? 1 : 0;
    else
        hi -= newLo > lo ? 1 : 0;
    lo = newLo;
    for (int i = 7; i >= 0; --i, hi >>= 8)
        r.m_bytes[size_t(i)] = uint8_t(hi);
    for (int i = 15; i >= 8; --i, lo >>= 8)
        r.m_bytes[size_t(i)] = uint8_t(lo);
    return r;
}

std::string IpAddress::toString() const
{
    char buf[INET6_ADDRSTRLEN];
    if (m_v4) {
        snprintf(buf, sizeof buf, "%u.%u.%u.%u", m_bytes[12], m_bytes[13], m_bytes[14],
                 m_bytes[15]);
        return buf;
    }
    inet_ntop(AF_INET6, m_bytes.data(), buf, sizeof buf);
    return buf;
}

std::optional<IpNetwork> IpNetwork::parse(std::string_view text)
{
    const size_t slash = text.find('/');
    if (slash == std::string_view::npos)
        return std::nullopt;
    auto addr = IpAddress::parse(text.substr(0, slash));
    if (!addr)
        return std::nullopt;
    const std::string_view len = text.substr(slash + 1);
    int prefix = -1;
    auto r = std::from_chars(len.data(), len.data() + len.size(), prefix);
    if (len.empty() || r.ec != std::errc() || r.ptr != len.data() + len.size()
        || (len.size() > 1 && len[0] == '0'))
        return std::nullopt;
    const bool v4 = addr->isV4() && text.substr(0, slash).find(':') == std::string_view::npos;
    const int maxLen = v4 ? 32 : 128;
    if (prefix < 0 || prefix > maxLen)
        return std::nullopt;
    IpNetwork n;
    // Mask host bits.
    std::array<uint8_t, 16> b = addr->bytes();
    const int bits = v4 ? prefix + 96 : prefix;
    for (int i = 0; i < 16; ++i) {
        const int keep = bits - i * 8;
        if (keep >= 8)
            continue;
        if (keep <= 0)
            b[size_t(i)] = 0;
        else
            b[size_t(i)] &= uint8_t(0xff << (8 - keep));
    }
    IpAddress masked = *addr;
    if (v4) {
        masked = IpAddress::v4(uint32_t(b[12]) << 24 | uint32_t(b[13]) << 16
                               | uint32_t(b[14]) << 8 | uint32_t(b[15]));
    } else {
        std::string s;
        char tmp[INET6_ADDRSTRLEN];
        inet_ntop(AF_INET6, b.data(), tmp, sizeof tmp);
        masked = *IpAddress::parse(tmp);
    }
    n.m_address = masked;
    n.m_prefix = prefix;
    return n;
}

bool IpNetwork::contains(const IpAddress &ip) const
{
    if (ip.isV4() != m_address.isV4())
        return false;
    const int bits = m_address.isV4() ? m_prefix + 96 : m_prefix;
    const auto &a = ip.bytes();
    const auto &b = m_address.bytes();
    for (int i = 0; i < 16; ++i) {
        const int keep = bits - i * 8;
        if (keep <= 0)
            break;
        const uint8_t mask = keep >= 8 ? 0xff : uint8_t(0xff << (8 - keep));
        if ((a[size_t(i)] & mask) != (b[size_t(i)] & mask))
            return false;
    }
    return true;
}

uint64_t IpNetwork::size() const
{
    const int hostBits = (m_address.isV4() ? 32 : 128) - m_prefix;
    if (hostBits >= 63)
        return uint64_t(1) << 63;
    return uint64_t(1) << hostBits;
}

int64_t IpNetwork::indexOf(const IpAddress &ip) const
{
    if (!contains(ip))
        return -1;
    const auto &a = ip.bytes();
    const auto &b = m_address.bytes();
    uint64_t diff = 0;
    for (int i = 8; i < 16; ++i)
        diff = diff << 8 | uint8_t(a[size_t(i)] - b[size_t(i)]);
    // Borrow-free because ip >= network address within the prefix.
    uint64_t av = 0, bv = 0;
    for (int i = 8; i < 16; ++i) {
        av = av << 8 | a[size_t(i)];
        bv = bv << 8 | b[size_t(i)];
    }
    diff = av - bv;
    if (diff > uint64_t(INT64_MAX))
        return -1;
    return int64_t(diff);
}

std::string IpNetwork::toString() const
{
    return m_address.toString() + "/" + std::to_string(m_prefix);
}

uint64_t serviceRangeSize(const IpNetwork &range)
{
    uint64_t max = range.size();
    if (range.isV4())
        max = max > 0 ? max - 1 : 0; // the broadcast address
    else
        max = std::min<uint64_t>(max, 65536);
    return max > 0 ? max - 1 : 0; // the network address
}

std::optional<uint64_t> serviceRangeOffset(const IpNetwork &range, const IpAddress &ip)
{
    if (ip.isV4() != range.isV4() || !range.contains(ip))
        return std::nullopt;
    const int64_t index = range.indexOf(ip);
    if (index < 1 || uint64_t(index - 1) >= serviceRangeSize(range))
        return std::nullopt;
    return uint64_t(index - 1);
}

} // namespace studio
