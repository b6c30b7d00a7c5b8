// SPDX-License-Identifier: GPL-3.0-or-later
#include "cluster/ip_allocator.h"

#include <gtest/gtest.h>

#include <set>

using namespace studio;

namespace {

IpAddress ip(const char *s) { return *IpAddress::parse(s); }
IpNetwork net(const char *s) { return *IpNetwork::parse(s); }

struct RangeCase
{
    const char *cidr;
    uint64_t size;
    const char *first;
    const char *lastAllocatable;
    const char *beyond; // first address not handed out after the last
};

void PrintTo(const RangeCase &c, std::ostream *os) { *os << c.cidr; }

class ClusterIpRange : public ::testing::TestWithParam<RangeCase>
{};

TEST_P(ClusterIpRange, NetworkAndBroadcastAreNotAllocatable)
{
    const auto &c = GetParam();
    ClusterIpAllocator a(net(c.cidr), 1);
    EXPECT_EQ(a.size(), c.size);
    EXPECT_EQ(a.firstAddress().toString(), c.first);
    EXPECT_FALSE(a.contains(net(c.cidr).address()));
    EXPECT_TRUE(a.contains(ip(c.first)));
    EXPECT_TRUE(a.contains(ip(c.lastAllocatable)));
    EXPECT_FALSE(a.contains(ip(c.beyond)));
}

INSTANTIATE_TEST_SUITE_P(
    Table,
    ClusterIpRange,
    ::testing::Values(RangeCase{"10.96.0.0/12", 1048574, "10.96.0.1", "10.111.255.254",
                                "10.111.255.255"},
                      RangeCase{"10.0.0.0/24", 254, "10.0.0.1", "10.0.0.254", "10.0.0.255"},
                      RangeCase{"192.168.1.0/30", 2, "192.168.1.1", "192.168.1.2", "192.168.1.3"},
                      // IPv6: no broadcast address, but the bitmap stops at 65536 addresses.
                      RangeCase{"fd00::/112", 65535, "fd00::1", "fd00::ffff", "fd00::1:0"},
                      RangeCase{"fd00::/64", 65535, "fd00::1", "fd00::ffff", "fd00::1:0"}));

TEST(ClusterIpAllocator, RequestedIpHonouredThenRefused)
{
    ClusterIpAllocator a(net("10.96.0.0/12"), 7);
    EXPECT_TRUE(a.allocate(ip("10.96.0.10")).ok());
    EXPECT_TRUE(a.has(ip("10.96.0.10")));
    auto again = a.allocate(ip("10.96.0.10"));
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, AllocationError::Code::Allocated);
    EXPECT_EQ(again.error().message, "provided IP is already allocated");
    EXPECT_EQ(a.used(), 1u);
}

struct OutOfRangeCase
{
    const char *address;
};

void PrintTo(const OutOfRangeCase &c, std::ostream *os) { *os << c.address; }

class ClusterIpOutOfRange : public ::testing::TestWithParam<OutOfRangeCase>
{};

TEST_P(ClusterIpOutOfRange, Refused)
{
    ClusterIpAllocator a(net("10.96.0.0/12"), 7);
    auto r = a.allocate(ip(GetParam().address));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, AllocationError::Code::NotInRange);
    EXPECT_EQ(r.error().message, "provided IP is not in the valid range. The range of valid IPs "
                                 "is 10.96.0.0/12");
}

INSTANTIATE_TEST_SUITE_P(Table,
                         ClusterIpOutOfRange,
                         ::testing::Values(OutOfRangeCase{"10.0.0.11"},
                                           OutOfRangeCase{"10.96.0.0"},      // network
                                           OutOfRangeCase{"10.111.255.255"}, // broadcast
                                           OutOfRangeCase{"10.112.0.1"},
                                           OutOfRangeCase{"fd00::1"}));

TEST(ClusterIpAllocator, RandomAllocationIsSeedable)
{
    ClusterIpAllocator a(net("10.96.0.0/12"), 42);
    ClusterIpAllocator b(net("10.96.0.0/12"), 42);
    ClusterIpAllocator c(net("10.96.0.0/12"), 43);
    std::vector<std::string> sa, sb, sc;
    for (int i = 0; i < 20; ++i) {
        sa.push_back(a.allocateNext()->toString());
        sb.push_back(b.allocateNext()->toString());
        sc.push_back(c.allocateNext()->toString());
    }
    EXPECT_EQ(sa, sb);
    EXPECT_NE(sa, sc);
    // Random, not sequential: 20 draws from a million addresses are not 20 neighbours.
    EXPECT_NE(sa[1], ip(sa[0].c_str()).offset(1).toString());
    EXPECT_EQ(std::set<std::string>(sa.begin(), sa.end()).size(), 20u);
}

TEST(ClusterIpAllocator, ExhaustionAndRelease)
{
    ClusterIpAllocator a(net("10.0.0.0/29"), 3); // 6 usable: .1 .. .6
    std::set<std::string> got;
    for (int i = 0; i < 6; ++i) {
        auto r = a.allocateNext();
        ASSERT_TRUE(r.ok());
        EXPECT_TRUE(a.contains(*r));
        got.insert(r->toString());
    }
    EXPECT_EQ(got.size(), 6u);
    EXPECT_EQ(a.free(), 0u);
    auto full = a.allocateNext();
    ASSERT_FALSE(full.ok());
    EXPECT_EQ(full.error().code, AllocationError::Code::Full);
    EXPECT_EQ(full.error().message, "range is full");
    a.release(ip("10.0.0.4"));
    a.release(ip("10.0.0.4")); // twice: no-op
    a.release(ip("10.9.9.9")); // out of range: no-op
    EXPECT_EQ(a.free(), 1u);
    auto next = a.allocateNext();
    ASSERT_TRUE(next.ok());
    EXPECT_EQ(next->toString(), "10.0.0.4");
}

TEST(NodePortAllocator, RangeAndMessages)
{
    NodePortAllocator a(30000, 2768, 5);
    EXPECT_EQ(a.rangeText(), "30000-32767");
    EXPECT_TRUE(a.allocate(30000).ok());
    EXPECT_TRUE(a.allocate(32767).ok());
    auto dup = a.allocate(30000);
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().message, "provided port is already allocated");
    for (int bad : {29999, 32768, 80}) {
        auto r = a.allocate(bad);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.error().code, AllocationError::Code::NotInRange);
        EXPECT_EQ(r.error().message, "provided port is not in the valid range. The range of "
                                     "valid ports is 30000-32767");
    }
}

TEST(NodePortAllocator, Exhaustion)
{
    NodePortAllocator a(30000, 3, 9);
    std::set<int> got;
    for (int i = 0; i < 3; ++i)
        got.insert(*a.allocateNext());
    EXPECT_EQ(got, (std::set<int>{30000, 30001, 30002}));
    EXPECT_FALSE(a.allocateNext().ok());
    a.release(30001);
    EXPECT_EQ(*a.allocateNext(), 30001);
}

Service service(const char *ns, const char *name, const char *clusterIp)
{
    Service s;
    s.metadata.namespace_ = ns;
    s.metadata.name = name;
    s.spec.clusterIP = clusterIp;
    s.spec.clusterIPs = {clusterIp};
    return s;
}

TEST(ClusterIpRepair, FindsMissingDuplicateOutOfRangeAndLeaks)
{
    ClusterIpAllocator stored(net("10.96.0.0/12"), 1);
    ASSERT_TRUE(stored.allocate(ip("10.96.0.1")).ok());  // kubernetes: fine
    ASSERT_TRUE(stored.allocate(ip("10.96.0.99")).ok()); // leaked: no service has it
    const Service k = service("default", "kubernetes", "10.96.0.1");
    const Service a = service("default", "a", "10.96.0.20"); // in use, not recorded
    const Service b = service("prod", "b", "10.96.0.20");    // same address again
    const Service c = service("prod", "c", "10.0.0.11");     // outside the range
    const Service d = service("prod", "d", "not-an-ip");
    Service headless = service("prod", "h", "None");
    headless.spec.clusterIPs = {"None"};
    ClusterIpRepair repair;
    const auto report = repair.runOnce(stored, {&k, &a, &b, &c, &d, &headless});
    ASSERT_FALSE(report.aborted);

    std::vector<std::string> messages;
    for (const auto &f : report.findings)
        messages.push_back(f.reason + " " + f.namespace_ + "/" + f.name + ": " + f.message);
    const std::vector<std::string> want{
        "ClusterIPNotAllocated default/a: Cluster IP [IPv4]:10.96.0.20 is not allocated; "
        "repairing",
        "ClusterIPAlreadyAllocated prod/b: Cluster IP [IPv4]:10.96.0.20 was assigned to multiple "
        "services; please recreate service",
        "ClusterIPOutOfRange prod/c: Cluster IP [IPv4]:10.0.0.11 is not within the service CIDR "
        "10.96.0.0/12; please recreate service",
        "ClusterIPNotValid prod/d: Cluster IP not-an-ip is not a valid IP; please recreate "
        "service",
        " /: the cluster IP 10.96.0.99 may have leaked: flagging for later clean up",
    };
    EXPECT_EQ(messages, want);
    EXPECT_TRUE(stored.has(ip("10.96.0.20")));
    EXPECT_TRUE(stored.has(ip("10.96.0.99"))); // kept until the third pass

    const auto second = repair.runOnce(stored, {&k, &a});
    EXPECT_TRUE(second.clean()); // still in its grace passes
    EXPECT_TRUE(stored.has(ip("10.96.0.99")));
    const auto third = repair.runOnce(stored, {&k, &a});
    ASSERT_EQ(third.findings.size(), 1u);
    EXPECT_EQ(third.findings[0].kind, RepairFinding::Kind::LeakReleased);
    EXPECT_EQ(third.findings[0].message,
              "the cluster IP 10.96.0.99 appears to have leaked: cleaning up");
    EXPECT_FALSE(stored.has(ip("10.96.0.99")));
    EXPECT_TRUE(repair.runOnce(stored, {&k, &a}).clean());
}

TEST(ClusterIpRepair, LeakForgivenWhenAServiceClaimsIt)
{
    ClusterIpAllocator stored(net("10.96.0.0/12"), 1);
    ASSERT_TRUE(stored.allocate(ip("10.96.0.50")).ok());
    ClusterIpRepair repair;
    EXPECT_EQ(repair.runOnce(stored, {}).findings.size(), 1u); // suspected
    const Service late = service("default", "late", "10.96.0.50");
    EXPECT_TRUE(repair.runOnce(stored, {&late}).clean());
    EXPECT_TRUE(repair.runOnce(stored, {&late}).clean());
    EXPECT_TRUE(repair.runOnce(stored, {&late}).clean());
    EXPECT_TRUE(stored.has(ip("10.96.0.50")));
}

TEST(NodePortRepair, FindsProblems)
{
    NodePortAllocator stored(30000, 2768, 1);
    ASSERT_TRUE(stored.allocate(30500).ok()); // leaked
    Service a = service("default", "a", "10.96.0.2");
    a.spec.type = service_type::NodePort;
    a.spec.ports = {{"tcp", "TCP", {}, 53, {}, 30053}, {"udp", "UDP", {}, 53, {}, 30053}};
    Service b = a;
    b.metadata.name = "b";
    b.spec.ports = {{"", "TCP", {}, 80, {}, 30053}, {"", "TCP", {}, 81, {}, 40000}};
    NodePortRepair repair;
    const auto report = repair.runOnce(stored, {&a, &b});
    std::vector<std::string> messages;
    for (const auto &f : report.findings)
        messages.push_back(f.message);
    // a's TCP and UDP ports share one node port: counted once, not a double allocation.
    const std::vector<std::string> want{
        "Port 30053 is not allocated; repairing",
        "Port 30053 was assigned to multiple services; please recreate service",
        "Port 40000 is not within the port range 30000-32767; please recreate service",
        "the node port 30500 may have leaked: flagging for later clean up",
    };
    EXPECT_EQ(messages, want);
    EXPECT_TRUE(stored.has(30053));
}

TEST(ServiceHoldings, ClusterIpsAndNodePorts)
{
    Service s = service("default", "s", "10.96.0.5");
    s.spec.type = service_type::LoadBalancer;
    s.spec.externalTrafficPolicy = "Local";
    s.spec.healthCheckNodePort = 31000;
    s.spec.ports = {{"a", "TCP", {}, 80, {}, 30080}, {"b", "UDP", {}, 80, {}, 30080}};
    EXPECT_EQ(serviceNodePorts(s), (std::vector<int>{30080, 31000}));
    EXPECT_EQ(serviceClusterIps(s), (std::vector<std::string>{"10.96.0.5"}));
    s.spec.clusterIPs.clear();
    EXPECT_EQ(serviceClusterIps(s), (std::vector<std::string>{"10.96.0.5"}));
    s.spec.clusterIP = "None";
    EXPECT_TRUE(serviceClusterIps(s).empty());
    Service e;
    e.spec.type = service_type::ExternalName;
    e.spec.clusterIP = "10.96.0.9";
    EXPECT_TRUE(serviceClusterIps(e).empty());
}

} // namespace
