// SPDX-License-Identifier: GPL-3.0-or-later
// IPVS netlink messages built by the agent, parsed back with libnl's own parsers and the
// kernel's attribute policies; and the pure diff of a plan against a kernel table.
#include "ipvs_applier.h"
#include "ipvs_netlink.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/ip_vs.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <cstring>

using namespace studio::agent;

namespace {

constexpr int kFamily = 0x1d; // any generic netlink family id

struct Parsed
{
    nlattr *cmd[IPVS_CMD_ATTR_MAX + 1] = {};
    nlattr *svc[IPVS_SVC_ATTR_MAX + 1] = {};
    nlattr *dest[IPVS_DEST_ATTR_MAX + 1] = {};
    int genlCmd = -1;
    int version = -1;
    int nlFlags = 0;
};

// genlmsg_parse + nla_parse_nested, the way a receiver (the kernel, ipvsadm) reads it.
Parsed parse(nl_msg *msg)
{
    Parsed p;
    nlmsghdr *nlh = nlmsg_hdr(msg);
    p.nlFlags = nlh->nlmsg_flags;
    EXPECT_EQ(nlh->nlmsg_type, kFamily);
    genlmsghdr *g = genlmsg_hdr(nlh);
    p.genlCmd = g->cmd;
    p.version = g->version;
    EXPECT_EQ(genlmsg_parse(nlh, 0, p.cmd, IPVS_CMD_ATTR_MAX,
                            const_cast<nla_policy *>(ipvsCommandPolicy())),
              0);
    if (p.cmd[IPVS_CMD_ATTR_SERVICE]) {
        EXPECT_EQ(nla_parse_nested(p.svc, IPVS_SVC_ATTR_MAX, p.cmd[IPVS_CMD_ATTR_SERVICE],
                                   const_cast<nla_policy *>(ipvsServicePolicy())),
                  0);
    }
    if (p.cmd[IPVS_CMD_ATTR_DEST]) {
        EXPECT_EQ(nla_parse_nested(p.dest, IPVS_DEST_ATTR_MAX, p.cmd[IPVS_CMD_ATTR_DEST],
                                   const_cast<nla_policy *>(ipvsDestPolicy())),
                  0);
    }
    return p;
}

IpvsService service(const char *addr, int proto, int port, const char *sched = "rr")
{
    IpvsService s;
    s.address = addr;
    s.protocol = proto;
    s.port = port;
    s.scheduler = sched;
    return s;
}

} // namespace

TEST(IpvsNetlink, NewServiceCarriesKeyAndConfiguration)
{
    IpvsService s = service("10.96.0.10", IPPROTO_UDP, 53, "sh");
    s.flags = IP_VS_SVC_F_PERSISTENT;
    s.timeout = 10800;
    auto msg = buildIpvsMessage(kFamily, IPVS_CMD_NEW_SERVICE, &s, true, nullptr, false,
                                NLM_F_ACK);
    ASSERT_TRUE(msg) << msg.error().message;
    Parsed p = parse(msg->get());
    EXPECT_EQ(p.genlCmd, IPVS_CMD_NEW_SERVICE);
    EXPECT_EQ(p.version, IPVS_GENL_VERSION);
    EXPECT_TRUE(p.nlFlags & NLM_F_ACK);
    EXPECT_EQ(p.cmd[IPVS_CMD_ATTR_DEST], nullptr);
    ASSERT_NE(p.svc[IPVS_SVC_ATTR_AF], nullptr);
    EXPECT_EQ(nla_get_u16(p.svc[IPVS_SVC_ATTR_AF]), AF_INET);
    EXPECT_EQ(nla_get_u16(p.svc[IPVS_SVC_ATTR_PROTOCOL]), IPPROTO_UDP);
    // The kernel reads the port in network byte order and the address as nf_inet_addr.
    EXPECT_EQ(nla_get_u16(p.svc[IPVS_SVC_ATTR_PORT]), htons(53));
    ASSERT_EQ(nla_len(p.svc[IPVS_SVC_ATTR_ADDR]), 16);
    in_addr a{};
    inet_pton(AF_INET, "10.96.0.10", &a);
    EXPECT_EQ(std::memcmp(nla_data(p.svc[IPVS_SVC_ATTR_ADDR]), &a, 4), 0);
    EXPECT_STREQ(nla_get_string(p.svc[IPVS_SVC_ATTR_SCHED_NAME]), "sh");
    ip_vs_flags f{};
    ASSERT_EQ(nla_len(p.svc[IPVS_SVC_ATTR_FLAGS]), int(sizeof f));
    nla_memcpy(&f, p.svc[IPVS_SVC_ATTR_FLAGS], sizeof f);
    EXPECT_EQ(f.flags, uint32_t(IP_VS_SVC_F_PERSISTENT));
    EXPECT_EQ(f.mask & IP_VS_SVC_F_PERSISTENT, uint32_t(IP_VS_SVC_F_PERSISTENT));
    EXPECT_EQ(nla_get_u32(p.svc[IPVS_SVC_ATTR_TIMEOUT]), 10800u);
    EXPECT_EQ(nla_get_u32(p.svc[IPVS_SVC_ATTR_NETMASK]), 0xffffffffu);

    // And the agent's own parser (used on dump replies) reads back the same service.
    auto back = parseIpvsService(p.cmd[IPVS_CMD_ATTR_SERVICE]);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, s);
}

TEST(IpvsNetlink, DeleteServiceCarriesOnlyTheKey)
{
    const IpvsService s = service("192.168.1.7", IPPROTO_TCP, 30080);
    auto msg = buildIpvsMessage(kFamily, IPVS_CMD_DEL_SERVICE, &s, false, nullptr, false);
    ASSERT_TRUE(msg);
    Parsed p = parse(msg->get());
    EXPECT_EQ(p.genlCmd, IPVS_CMD_DEL_SERVICE);
    EXPECT_NE(p.svc[IPVS_SVC_ATTR_PORT], nullptr);
    EXPECT_EQ(p.svc[IPVS_SVC_ATTR_SCHED_NAME], nullptr);
    EXPECT_EQ(p.svc[IPVS_SVC_ATTR_FLAGS], nullptr);
    EXPECT_EQ(p.svc[IPVS_SVC_ATTR_TIMEOUT], nullptr);
}

TEST(IpvsNetlink, DestinationMessages)
{
    const IpvsService s = service("10.96.0.1", IPPROTO_TCP, 443);
    IpvsDest d;
    d.address = "10.244.2.9";
    d.port = 6443;
    d.weight = 0;
    auto msg = buildIpvsMessage(kFamily, IPVS_CMD_SET_DEST, &s, false, &d, true, NLM_F_ACK);
    ASSERT_TRUE(msg);
    Parsed p = parse(msg->get());
    EXPECT_EQ(p.genlCmd, IPVS_CMD_SET_DEST);
    EXPECT_EQ(nla_get_u16(p.svc[IPVS_SVC_ATTR_PORT]), htons(443));
    EXPECT_EQ(nla_get_u16(p.dest[IPVS_DEST_ATTR_PORT]), htons(6443));
    EXPECT_EQ(nla_get_u16(p.dest[IPVS_DEST_ATTR_ADDR_FAMILY]), AF_INET);
    EXPECT_EQ(nla_get_u32(p.dest[IPVS_DEST_ATTR_FWD_METHOD]), uint32_t(IP_VS_CONN_F_MASQ));
    EXPECT_EQ(nla_get_u32(p.dest[IPVS_DEST_ATTR_WEIGHT]), 0u);
    ASSERT_NE(p.dest[IPVS_DEST_ATTR_U_THRESH], nullptr); // the kernel requires them for SET
    ASSERT_NE(p.dest[IPVS_DEST_ATTR_L_THRESH], nullptr);
    auto back = parseIpvsDest(p.cmd[IPVS_CMD_ATTR_DEST], AF_INET);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->address, "10.244.2.9");
    EXPECT_EQ(back->port, 6443);
    EXPECT_EQ(back->weight, 0);

    auto del = buildIpvsMessage(kFamily, IPVS_CMD_DEL_DEST, &s, false, &d, false, NLM_F_ACK);
    ASSERT_TRUE(del);
    Parsed q = parse(del->get());
    EXPECT_NE(q.dest[IPVS_DEST_ATTR_ADDR], nullptr);
    EXPECT_EQ(q.dest[IPVS_DEST_ATTR_WEIGHT], nullptr);
}

TEST(IpvsNetlink, DumpRequests)
{
    auto all = buildIpvsMessage(kFamily, IPVS_CMD_GET_SERVICE, nullptr, false, nullptr, false,
                                NLM_F_DUMP);
    ASSERT_TRUE(all);
    Parsed p = parse(all->get());
    EXPECT_EQ(p.nlFlags & NLM_F_DUMP, NLM_F_DUMP);
    EXPECT_EQ(p.cmd[IPVS_CMD_ATTR_SERVICE], nullptr);
    const IpvsService s = service("10.96.0.1", IPPROTO_SCTP, 9);
    auto dests = buildIpvsMessage(kFamily, IPVS_CMD_GET_DEST, &s, false, nullptr, false,
                                  NLM_F_DUMP);
    ASSERT_TRUE(dests);
    Parsed q = parse(dests->get());
    EXPECT_EQ(q.genlCmd, IPVS_CMD_GET_DEST);
    EXPECT_EQ(nla_get_u16(q.svc[IPVS_SVC_ATTR_PROTOCOL]), IPPROTO_SCTP);
}

TEST(IpvsNetlink, Ipv6AndBadAddresses)
{
    IpvsService s = service("fd00::a", IPPROTO_TCP, 80);
    auto msg = buildIpvsMessage(kFamily, IPVS_CMD_NEW_SERVICE, &s, true, nullptr, false);
    ASSERT_TRUE(msg);
    Parsed p = parse(msg->get());
    EXPECT_EQ(nla_get_u16(p.svc[IPVS_SVC_ATTR_AF]), AF_INET6);
    auto back = parseIpvsService(p.cmd[IPVS_CMD_ATTR_SERVICE]);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->address, "fd00::a");

    s.address = "10.0.0.300";
    auto bad = buildIpvsMessage(kFamily, IPVS_CMD_NEW_SERVICE, &s, true, nullptr, false);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, "ipvs-address");
    EXPECT_NE(bad.error().message.find("10.0.0.300"), std::string::npos);
}

TEST(IpvsNetlink, ParserRejectsIncompleteService)
{
    // A fwmark service (no address/port) is not the agent's: its own code (the dump skips
    // it), no crash; a service without a port is malformed.
    NlMsgPtr msg(nlmsg_alloc());
    genlmsg_put(msg.get(), 0, 0, kFamily, 0, 0, IPVS_CMD_NEW_SERVICE, IPVS_GENL_VERSION);
    nlattr *nest = nla_nest_start(msg.get(), IPVS_CMD_ATTR_SERVICE);
    nla_put_u16(msg.get(), IPVS_SVC_ATTR_AF, AF_INET);
    nla_put_u32(msg.get(), IPVS_SVC_ATTR_FWMARK, 7);
    nla_nest_end(msg.get(), nest);
    Parsed p = parse(msg.get());
    auto s = parseIpvsService(p.cmd[IPVS_CMD_ATTR_SERVICE]);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, "ipvs-fwmark");

    NlMsgPtr bad(nlmsg_alloc());
    genlmsg_put(bad.get(), 0, 0, kFamily, 0, 0, IPVS_CMD_NEW_SERVICE, IPVS_GENL_VERSION);
    nest = nla_nest_start(bad.get(), IPVS_CMD_ATTR_SERVICE);
    nla_put_u16(bad.get(), IPVS_SVC_ATTR_AF, AF_INET);
    nla_put_u16(bad.get(), IPVS_SVC_ATTR_PROTOCOL, IPPROTO_TCP);
    nla_nest_end(bad.get(), nest);
    Parsed q = parse(bad.get());
    auto t = parseIpvsService(q.cmd[IPVS_CMD_ATTR_SERVICE]);
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, "ipvs-parse");
    EXPECT_NE(t.error().message.find("without attribute"), std::string::npos);
}

// --- diffIpvs ------------------------------------------------------------------------------

namespace {

studio::proxy::IpvsVirtualServer vs(const char *addr, int port,
                                    std::vector<studio::proxy::IpvsRealServer> reals,
                                    const char *sched = "rr")
{
    studio::proxy::IpvsVirtualServer v;
    v.address = addr;
    v.protocol = "TCP";
    v.port = port;
    v.scheduler = sched;
    v.reals = std::move(reals);
    return v;
}

IpvsServiceState have(const char *addr, int port, std::vector<IpvsDest> dests,
                      const char *sched = "rr")
{
    IpvsServiceState s;
    s.service = service(addr, IPPROTO_TCP, port, sched);
    s.dests = std::move(dests);
    return s;
}

IpvsDest dest(const char *addr, int port, int weight, uint32_t active = 0, uint32_t inactive = 0)
{
    IpvsDest d;
    d.address = addr;
    d.port = port;
    d.weight = weight;
    d.activeConns = active;
    d.inactiveConns = inactive;
    return d;
}

std::vector<std::string> described(const IpvsDiff &d)
{
    std::vector<std::string> out;
    for (const IpvsOp &op : d.ops)
        out.push_back(op.describe());
    return out;
}

} // namespace

TEST(IpvsDiff, EmptyKernelAddsEverything)
{
    studio::proxy::IpvsPlan plan;
    plan.virtualServers.push_back(vs("10.96.0.10", 80, {{"10.244.1.2", 8080, 1}, {"10.244.1.3", 8080, 1}}));
    auto d = diffIpvs(plan, {});
    EXPECT_EQ(described(d), (std::vector<std::string>{
                                "add TCP 10.96.0.10:80 rr",
                                "add TCP 10.96.0.10:80 -> 10.244.1.2:8080 weight 1",
                                "add TCP 10.96.0.10:80 -> 10.244.1.3:8080 weight 1"}));
}

TEST(IpvsDiff, InSyncSendsNothing)
{
    studio::proxy::IpvsPlan plan;
    plan.virtualServers.push_back(vs("10.96.0.10", 80, {{"10.244.1.2", 8080, 1}}));
    auto d = diffIpvs(plan, {have("10.96.0.10", 80, {dest("10.244.1.2", 8080, 1, 3, 4)})});
    EXPECT_TRUE(d.ops.empty());
}

TEST(IpvsDiff, SchedulerPersistenceAndStaleServices)
{
    studio::proxy::IpvsPlan plan;
    auto v = vs("10.96.0.10", 80, {{"10.244.1.2", 8080, 1}}, "lc");
    v.persistent = true;
    v.timeoutSeconds = 60;
    plan.virtualServers.push_back(v);
    auto d = diffIpvs(plan, {have("10.96.0.99", 81, {dest("10.1.1.1", 1, 1, 5)}),
                             have("10.96.0.10", 80, {dest("10.244.1.2", 8080, 1)})});
    EXPECT_EQ(described(d), (std::vector<std::string>{"delete TCP 10.96.0.99:81",
                                                      "change TCP 10.96.0.10:80 lc persistent 60"}));
}

TEST(IpvsDiff, GracefulRemoval)
{
    studio::proxy::IpvsPlan plan;
    plan.virtualServers.push_back(vs("10.96.0.10", 80, {{"10.244.1.2", 8080, 1}}));
    // Gone from the plan, still weighted: drain (weight 0), never delete at once.
    auto d1 = diffIpvs(plan, {have("10.96.0.10", 80, {dest("10.244.1.2", 8080, 1),
                                                      dest("10.244.1.3", 8080, 1, 2, 0)})});
    EXPECT_EQ(described(d1), (std::vector<std::string>{
                                 "change TCP 10.96.0.10:80 -> 10.244.1.3:8080 weight 0"}));
    EXPECT_EQ(d1.draining, 1u);
    // Weight 0 with connections left: keep.
    auto d2 = diffIpvs(plan, {have("10.96.0.10", 80, {dest("10.244.1.2", 8080, 1),
                                                      dest("10.244.1.3", 8080, 0, 0, 1)})});
    EXPECT_TRUE(d2.ops.empty());
    EXPECT_EQ(d2.draining, 1u);
    // Drained: delete.
    auto d3 = diffIpvs(plan, {have("10.96.0.10", 80, {dest("10.244.1.2", 8080, 1),
                                                      dest("10.244.1.3", 8080, 0)})});
    EXPECT_EQ(described(d3),
              (std::vector<std::string>{"delete TCP 10.96.0.10:80 -> 10.244.1.3:8080"}));
    EXPECT_EQ(d3.draining, 0u);
    // Back in the plan while draining: weight restored.
    auto d4 = diffIpvs(plan, {have("10.96.0.10", 80, {dest("10.244.1.2", 8080, 0, 1)})});
    EXPECT_EQ(described(d4), (std::vector<std::string>{
                                 "change TCP 10.96.0.10:80 -> 10.244.1.2:8080 weight 1"}));
}
