// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/ip_address.h"

#include <gtest/gtest.h>

using namespace studio;

TEST(IpAddress, ParsesLikeGo)
{
    EXPECT_TRUE(IpAddress::parse("10.0.0.11"));
    EXPECT_TRUE(IpAddress::parse("::1"));
    EXPECT_TRUE(IpAddress::parse("2001:db8::1"));
    EXPECT_TRUE(IpAddress::parse("::ffff:1.2.3.4")->isV4());
    for (const char *bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ",
                            "a.b.c.d", "1.2.3.4/32", ":::", "1..2.3"})
        EXPECT_FALSE(IpAddress::parse(bad)) << bad;
}

TEST(IpAddress, SpecialRanges)
{
    EXPECT_TRUE(IpAddress::parse("127.0.0.1")->isLoopback());
    EXPECT_TRUE(IpAddress::parse("127.255.0.9")->isLoopback());
    EXPECT_TRUE(IpAddress::parse("::1")->isLoopback());
    EXPECT_TRUE(IpAddress::parse("169.254.169.254")->isLinkLocalUnicast());
    EXPECT_TRUE(IpAddress::parse("fe80::1")->isLinkLocalUnicast());
    EXPECT_TRUE(IpAddress::parse("224.0.0.251")->isLinkLocalMulticast());
    EXPECT_FALSE(IpAddress::parse("224.0.1.1")->isLinkLocalMulticast());
    EXPECT_TRUE(IpAddress::parse("0.0.0.0")->isUnspecified());
    EXPECT_FALSE(IpAddress::parse("1.2.3.4")->isLoopback());
}

TEST(IpNetwork, ContainsIndexAndSize)
{
    auto n = IpNetwork::parse("10.96.0.0/12");
    ASSERT_TRUE(n);
    EXPECT_EQ(n->size(), 1u << 20);
    EXPECT_TRUE(n->contains(*IpAddress::parse("10.96.0.1")));
    EXPECT_TRUE(n->contains(*IpAddress::parse("10.111.255.255")));
    EXPECT_FALSE(n->contains(*IpAddress::parse("10.112.0.0")));
    EXPECT_FALSE(n->contains(*IpAddress::parse("10.0.0.11")));
    EXPECT_EQ(n->indexOf(*IpAddress::parse("10.96.1.2")), 258);
    EXPECT_EQ(n->at(258).toString(), "10.96.1.2");
    EXPECT_EQ(IpNetwork::parse("10.96.5.7/12")->toString(), "10.96.0.0/12");
    auto v6 = IpNetwork::parse("fd00:10:96::/112");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->size(), 65536u);
    EXPECT_EQ(v6->at(1).toString(), "fd00:10:96::1");
    EXPECT_FALSE(v6->contains(*IpAddress::parse("10.96.0.1")));
    for (const char *bad : {"10.0.0.0", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/08", "x/8"})
        EXPECT_FALSE(IpNetwork::parse(bad)) << bad;
}
