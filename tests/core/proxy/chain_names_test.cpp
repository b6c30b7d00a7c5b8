// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/chain_names.h"

#include <gtest/gtest.h>

using namespace studio::proxy;

// Names a real kube-proxy produces (its own unit tests' fixtures: ns1/svc1 port p80, endpoint
// 10.180.0.1:80), so operators' tools and scripts keep working against our chains.
TEST(ChainNames, MatchKubeProxy)
{
    EXPECT_EQ(serviceChainName("ns1/svc1:p80", "tcp"), "KUBE-SVC-XPGD46QRK7WJZT7O");
    EXPECT_EQ(endpointChainName("ns1/svc1:p80", "tcp", "10.180.0.1:80"), "KUBE-SEP-SXIVWICOYRO3J4NJ");
    EXPECT_EQ(firewallChainName("ns1/svc1:p80", "tcp"), "KUBE-FW-XPGD46QRK7WJZT7O");
    EXPECT_EQ(localChainName("ns1/svc1:p80", "tcp"), "KUBE-XLB-XPGD46QRK7WJZT7O");
}

TEST(ChainNames, ProtocolAndPortNameMatter)
{
    EXPECT_NE(serviceChainName("ns1/svc1:p80", "tcp"), serviceChainName("ns1/svc1:p80", "udp"));
    EXPECT_NE(serviceChainName("ns1/svc1:p80", "tcp"), serviceChainName("ns1/svc1", "tcp"));
    EXPECT_NE(endpointChainName("ns1/svc1:p80", "tcp", "10.180.0.1:80"),
              endpointChainName("ns1/svc1:p80", "tcp", "10.180.0.1:81"));
}

TEST(ChainNames, FitIptablesLimit)
{
    // iptables chain names are at most 28 characters.
    const std::string longName(253, 'a');
    EXPECT_LE(serviceChainName("ns/" + longName + ":" + std::string(15, 'p'), "sctp").size(), 28u);
    EXPECT_LE(endpointChainName("ns/x", "tcp", "255.255.255.255:65535").size(), 28u);
    EXPECT_LE(localChainName("ns/x", "tcp").size(), 28u);
}

TEST(ChainNames, HashIsBase32Prefix)
{
    const std::string h = portProtoHash("default/my-service", "tcp");
    ASSERT_EQ(h.size(), 16u);
    for (char c : h)
        EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7')) << h;
}
