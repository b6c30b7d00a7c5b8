// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/iptables_rule.h"

#include <gtest/gtest.h>

using namespace studio::proxy;

TEST(IptablesRule, RendersKubeProxyOrder)
{
    IptablesRule r;
    r.comment = "default/web:http cluster IP";
    r.protocol = "tcp";
    r.destination = AddressMatch{"10.96.0.10/32", false};
    r.destinationPort = 80;
    r.source = AddressMatch{"10.244.0.0/16", true};
    r.target = IptablesRule::Target::Jump;
    r.jumpChain = "KUBE-MARK-MASQ";
    EXPECT_EQ(r.render(), "-m comment --comment \"default/web:http cluster IP\" -m tcp -p tcp "
                          "-d 10.96.0.10/32 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ");
}

TEST(IptablesRule, RoundTripsEveryShape)
{
    const char *lines[] = {
        "-m comment --comment \"ns/a:p cluster IP\" -m tcp -p tcp -d 10.0.0.1/32 --dport 80 -j KUBE-SVC-AAAAAAAAAAAAAAAA",
        "-m comment --comment ns/a:p -m recent --name KUBE-SEP-X --rcheck --seconds 10800 --reap -j KUBE-SEP-X",
        "-m comment --comment ns/a:p -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-X",
        "-m comment --comment ns/a:p -m recent --name KUBE-SEP-X --set -m udp -p udp -j DNAT --to-destination 10.244.1.2:53",
        "-m mark ! --mark 0x4000/0x4000 -j RETURN",
        "-j MARK --xor-mark 0x4000",
        "-j MARK --or-mark 0x8000",
        "-m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully",
        "-m addrtype --dst-type LOCAL -m sctp -p sctp --dport 30001 -j REJECT",
        "-m addrtype ! --src-type LOCAL -j ACCEPT",
        "-m conntrack --ctstate RELATED,ESTABLISHED -s 10.244.0.0/16 -j ACCEPT",
        "-m tcp -p tcp -d 10.0.0.1/32 --dport 80 -j REDIRECT --to-ports 41234",
    };
    for (const char *line : lines) {
        auto r = parseRule(line);
        ASSERT_TRUE(r.ok()) << line << ": " << r.error().message;
        auto again = parseRule(r->render());
        ASSERT_TRUE(again.ok()) << r->render();
        EXPECT_EQ(*again, *r) << line << "\n -> " << r->render();
    }
}

// iptables-save prints matches in its own order and spells some values differently; a rule
// read back from a node must equal the planned one.
TEST(IptablesRule, ParsesIptablesSaveSpelling)
{
    auto planned = parseRule("-m comment --comment \"x y\" -m tcp -p tcp -d 10.0.0.1/32 --dport 80 "
                             "! -s 10.244.0.0/16 -j KUBE-MARK-MASQ");
    auto saved = parseRule("! -s 10.244.0.0/16 -d 10.0.0.1/32 -p tcp -m comment --comment \"x y\" "
                           "-m tcp --dport 80 -j KUBE-MARK-MASQ");
    ASSERT_TRUE(planned.ok() && saved.ok());
    EXPECT_EQ(*planned, *saved);

    EXPECT_EQ(*parseRule("-j MARK --xor-mark 0x4000"), *parseRule("-j MARK --set-xmark 0x4000/0x0"));
    auto orMark = parseRule("-j MARK --or-mark 0x4000");
    auto setX = parseRule("-j MARK --set-xmark 0x4000/0x4000");
    ASSERT_TRUE(orMark.ok() && setX.ok());
    EXPECT_EQ(*orMark, *setX);

    auto rej = parseRule("-d 10.0.0.1/32 -p tcp -m comment --comment \"a has no endpoints\" -m tcp "
                         "--dport 80 -j REJECT --reject-with icmp-port-unreachable");
    ASSERT_TRUE(rej.ok()) << rej.error().message;
    EXPECT_EQ(rej->target, IptablesRule::Target::Reject);

    auto recent = parseRule("-p tcp -m comment --comment ns/a -m recent --set --name KUBE-SEP-X "
                            "--mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 1.2.3.4:80");
    ASSERT_TRUE(recent.ok()) << recent.error().message;
    EXPECT_EQ(recent->recent, IptablesRule::RecentOp::Set);
    EXPECT_EQ(recent->recentName, "KUBE-SEP-X");

    auto bare = parseRule("-d 10.0.0.1 -j RETURN");
    ASSERT_TRUE(bare.ok());
    EXPECT_EQ(bare->destination->cidr, "10.0.0.1/32");
}

TEST(IptablesRule, ProbabilitiesInTheKernelsForm)
{
    EXPECT_EQ(canonicalProbability("0.3333333333"), "0.33333333349");
    EXPECT_EQ(canonicalProbability("0.5000000000"), "0.50000000000");
    EXPECT_EQ(canonicalProbability("0.33333333349"), "0.33333333349");
    EXPECT_EQ(canonicalProbability("0.2500000000"), "0.25000000000");
    auto planned = parseRule("-m statistic --mode random --probability 0.3333333333 -j X");
    auto saved = parseRule("-m statistic --mode random --probability 0.33333333349 -j X");
    ASSERT_TRUE(planned.ok() && saved.ok());
    EXPECT_EQ(*planned, *saved);
}

TEST(IptablesRule, RejectsWhatItCannotModel)
{
    EXPECT_FALSE(parseRule("-m owner --uid-owner 0 -j ACCEPT").ok());
    EXPECT_FALSE(parseRule("-m tcp -p tcp --dport 80").ok()); // no target
    EXPECT_FALSE(parseRule("-m comment --comment \"unterminated -j ACCEPT").ok());
    EXPECT_FALSE(parseRule("--dport 99999 -j ACCEPT").ok());
    EXPECT_FALSE(parseRule("-j SNAT --to-source 1.2.3.4").ok());
    auto e = parseRule("-m tcp -p tcp --frobnicate 3 -j ACCEPT");
    ASSERT_FALSE(e.ok());
    EXPECT_NE(e.error().message.find("--frobnicate"), std::string::npos);
}

TEST(IptablesRule, SplitsQuotedArguments)
{
    auto s = splitArguments(R"(-m comment --comment "a \"b\" c" -j X)");
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s->size(), 6u);
    EXPECT_EQ((*s)[3], "a \"b\" c");
}
