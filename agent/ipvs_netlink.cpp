// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipvs_netlink.h"

#include <arpa/inet.h>
#include <linux/ip_vs.h>
#include <netinet/in.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include <array>
#include <cstring>

namespace studio::agent {

namespace {

// The kernel's union nf_inet_addr: the attribute is always 16 bytes (ipvsadm sends the same).
using InetAddr = std::array<unsigned char, 16>;

bool toInet(const std::string &text, int &family, InetAddr &out)
{
    out.fill(0);
    if (inet_pton(AF_INET, text.c_str(), out.data()) == 1) {
        family = AF_INET;
        return true;
    }
    if (inet_pton(AF_INET6, text.c_str(), out.data()) == 1) {
        family = AF_INET6;
        return true;
    }
    return false;
}

std::string fromInet(int family, const void *data)
{
    char buf[INET6_ADDRSTRLEN] = {};
    if (!inet_ntop(family, data, buf, sizeof buf))
        return {};
    return buf;
}

std::string nlError(int err)
{
    return nl_geterror(err < 0 ? -err : err);
}

nla_policy makePolicy(uint16_t type, uint16_t minlen = 0, uint16_t maxlen = 0)
{
    nla_policy p{};
    p.type = type;
    p.minlen = minlen;
    p.maxlen = maxlen;
    return p;
}

struct Policies
{
    nla_policy cmd[IPVS_CMD_ATTR_MAX + 1] = {};
    nla_policy svc[IPVS_SVC_ATTR_MAX + 1] = {};
    nla_policy dest[IPVS_DEST_ATTR_MAX + 1] = {};
    Policies()
    {
        cmd[IPVS_CMD_ATTR_SERVICE] = makePolicy(NLA_NESTED);
        cmd[IPVS_CMD_ATTR_DEST] = makePolicy(NLA_NESTED);
        cmd[IPVS_CMD_ATTR_DAEMON] = makePolicy(NLA_NESTED);
        cmd[IPVS_CMD_ATTR_TIMEOUT_TCP] = makePolicy(NLA_U32);
        cmd[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN] = makePolicy(NLA_U32);
        cmd[IPVS_CMD_ATTR_TIMEOUT_UDP] = makePolicy(NLA_U32);

        svc[IPVS_SVC_ATTR_AF] = makePolicy(NLA_U16);
        svc[IPVS_SVC_ATTR_PROTOCOL] = makePolicy(NLA_U16);
        svc[IPVS_SVC_ATTR_ADDR] = makePolicy(NLA_UNSPEC, 4, sizeof(InetAddr));
        svc[IPVS_SVC_ATTR_PORT] = makePolicy(NLA_U16);
        svc[IPVS_SVC_ATTR_FWMARK] = makePolicy(NLA_U32);
        svc[IPVS_SVC_ATTR_SCHED_NAME] = makePolicy(NLA_STRING, 0, IP_VS_SCHEDNAME_MAXLEN);
        svc[IPVS_SVC_ATTR_FLAGS] = makePolicy(NLA_UNSPEC, sizeof(ip_vs_flags));
        svc[IPVS_SVC_ATTR_TIMEOUT] = makePolicy(NLA_U32);
        svc[IPVS_SVC_ATTR_NETMASK] = makePolicy(NLA_U32);
        svc[IPVS_SVC_ATTR_STATS] = makePolicy(NLA_NESTED);
        svc[IPVS_SVC_ATTR_PE_NAME] = makePolicy(NLA_STRING, 0, IP_VS_PENAME_MAXLEN);
        svc[IPVS_SVC_ATTR_STATS64] = makePolicy(NLA_NESTED);

        dest[IPVS_DEST_ATTR_ADDR] = makePolicy(NLA_UNSPEC, 4, sizeof(InetAddr));
        dest[IPVS_DEST_ATTR_PORT] = makePolicy(NLA_U16);
        dest[IPVS_DEST_ATTR_FWD_METHOD] = makePolicy(NLA_U32);
        dest[IPVS_DEST_ATTR_WEIGHT] = makePolicy(NLA_U32);
        dest[IPVS_DEST_ATTR_U_THRESH] = makePolicy(NLA_U32);
        dest[IPVS_DEST_ATTR_L_THRESH] = makePolicy(NLA_U32);
        dest[IPVS_DEST_ATTR_ACTIVE_CONNS] = makePolicy(NLA_U32);
        dest[IPVS_DEST_ATTR_INACT_CONNS] = makePolicy(NLA_U32);
        dest[IPVS_DEST_ATTR_PERSIST_CONNS] = makePolicy(NLA_U32);
        dest[IPVS_DEST_ATTR_STATS] = makePolicy(NLA_NESTED);
        dest[IPVS_DEST_ATTR_ADDR_FAMILY] = makePolicy(NLA_U16);
        dest[IPVS_DEST_ATTR_STATS64] = makePolicy(NLA_NESTED);
        dest[IPVS_DEST_ATTR_TUN_TYPE] = makePolicy(NLA_U8);
        dest[IPVS_DEST_ATTR_TUN_PORT] = makePolicy(NLA_U16);
        dest[IPVS_DEST_ATTR_TUN_FLAGS] = makePolicy(NLA_U16);
    }
};

const Policies &policies()
{
    static const Policies p;
    return p;
}

// Puts the nested service; the key always, the configuration when full.
bool putService(nl_msg *msg, const IpvsService &s, bool full, int family, const InetAddr &addr)
{
    nlattr *nest = nla_nest_start(msg, IPVS_CMD_ATTR_SERVICE);
    if (!nest)
        return false;
    if (nla_put_u16(msg, IPVS_SVC_ATTR_AF, uint16_t(family)) < 0
        || nla_put_u16(msg, IPVS_SVC_ATTR_PROTOCOL, uint16_t(s.protocol)) < 0
        || nla_put(msg, IPVS_SVC_ATTR_ADDR, int(addr.size()), addr.data()) < 0
        || nla_put_u16(msg, IPVS_SVC_ATTR_PORT, htons(uint16_t(s.port))) < 0)
        return false;
    if (full) {
        ip_vs_flags flags{};
        flags.flags = s.flags & ~uint32_t(IP_VS_SVC_F_HASHED);
        flags.mask = ~uint32_t(IP_VS_SVC_F_HASHED);
        if (nla_put_string(msg, IPVS_SVC_ATTR_SCHED_NAME, s.scheduler.c_str()) < 0
            || nla_put(msg, IPVS_SVC_ATTR_FLAGS, sizeof flags, &flags) < 0
            || nla_put_u32(msg, IPVS_SVC_ATTR_TIMEOUT, s.timeout) < 0
            || nla_put_u32(msg, IPVS_SVC_ATTR_NETMASK, s.netmask) < 0)
            return false;
    }
    nla_nest_end(msg, nest);
    return true;
}

bool putDest(nl_msg *msg, const IpvsDest &d, bool full, int family, const InetAddr &addr)
{
    nlattr *nest = nla_nest_start(msg, IPVS_CMD_ATTR_DEST);
    if (!nest)
        return false;
    if (nla_put(msg, IPVS_DEST_ATTR_ADDR, int(addr.size()), addr.data()) < 0
        || nla_put_u16(msg, IPVS_DEST_ATTR_PORT, htons(uint16_t(d.port))) < 0
        || nla_put_u16(msg, IPVS_DEST_ATTR_ADDR_FAMILY, uint16_t(family)) < 0)
        return false;
    if (full) {
        if (nla_put_u32(msg, IPVS_DEST_ATTR_FWD_METHOD, d.forward & IP_VS_CONN_F_FWD_MASK) < 0
            || nla_put_u32(msg, IPVS_DEST_ATTR_WEIGHT, uint32_t(d.weight)) < 0
            || nla_put_u32(msg, IPVS_DEST_ATTR_U_THRESH, d.upperThreshold) < 0
            || nla_put_u32(msg, IPVS_DEST_ATTR_L_THRESH, d.lowerThreshold) < 0)
            return false;
    }
    nla_nest_end(msg, nest);
    return true;
}

struct DumpContext
{
    int family = AF_INET;
    bool dests = false;
    std::vector<IpvsServiceState> *services = nullptr;
    std::vector<IpvsDest> *destList = nullptr;
    std::string error;
};

int onDumpMessage(nl_msg *msg, void *arg)
{
    auto *ctx = static_cast<DumpContext *>(arg);
    nlattr *attrs[IPVS_CMD_ATTR_MAX + 1] = {};
    const int err = genlmsg_parse(nlmsg_hdr(msg), 0, attrs, IPVS_CMD_ATTR_MAX,
                                  const_cast<nla_policy *>(ipvsCommandPolicy()));
    if (err < 0) {
        ctx->error = "malformed IPVS reply: " + nlError(err);
        return NL_STOP;
    }
    if (!ctx->dests) {
        if (!attrs[IPVS_CMD_ATTR_SERVICE])
            return NL_OK;
        auto s = parseIpvsService(attrs[IPVS_CMD_ATTR_SERVICE]);
        if (!s && s.error().code == "ipvs-fwmark")
            return NL_OK; // kube-proxy's virtual servers are address:port ones; leave these be
        if (!s) {
            ctx->error = s.error().message;
            return NL_STOP;
        }
        ctx->services->push_back({std::move(*s), {}});
        return NL_OK;
    }
    if (!attrs[IPVS_CMD_ATTR_DEST])
        return NL_OK;
    auto d = parseIpvsDest(attrs[IPVS_CMD_ATTR_DEST], ctx->family);
    if (!d) {
        ctx->error = d.error().message;
        return NL_STOP;
    }
    ctx->destList->push_back(std::move(*d));
    return NL_OK;
}

} // namespace

void NlMsgDeleter::operator()(nl_msg *m) const
{
    nlmsg_free(m);
}

std::string IpvsService::key() const
{
    return ipvsProtocolName(protocol) + " " + address + ":" + std::to_string(port);
}

int ipvsProtocolNumber(const std::string &name)
{
    if (name == "TCP")
        return IPPROTO_TCP;
    if (name == "UDP")
        return IPPROTO_UDP;
    if (name == "SCTP")
        return IPPROTO_SCTP;
    return 0;
}

std::string ipvsProtocolName(int number)
{
    switch (number) {
    case IPPROTO_TCP:
        return "TCP";
    case IPPROTO_UDP:
        return "UDP";
    case IPPROTO_SCTP:
        return "SCTP";
    default:
        return "proto" + std::to_string(number);
    }
}

const nla_policy *ipvsCommandPolicy()
{
    return policies().cmd;
}
const nla_policy *ipvsServicePolicy()
{
    return policies().svc;
}
const nla_policy *ipvsDestPolicy()
{
    return policies().dest;
}

Result<NlMsgPtr> buildIpvsMessage(int familyId, uint8_t cmd, const IpvsService *service,
                                  bool fullService, const IpvsDest *dest, bool fullDest,
                                  int nlFlags)
{
    NlMsgPtr msg(nlmsg_alloc());
    if (!msg)
        return makeError("ipvs-netlink", "out of memory for a netlink message");
    if (!genlmsg_put(msg.get(), NL_AUTO_PORT, NL_AUTO_SEQ, familyId, 0, nlFlags, cmd,
                     IPVS_GENL_VERSION))
        return makeError("ipvs-netlink", "cannot build the generic netlink header");
    int family = AF_INET;
    if (service) {
        InetAddr addr;
        if (!toInet(service->address, family, addr))
            return makeError("ipvs-address",
                             "virtual server address \"" + service->address + "\" is not an IP");
        if (!putService(msg.get(), *service, fullService, family, addr))
            return makeError("ipvs-netlink", "virtual server " + service->key()
                                                 + " does not fit in a netlink message");
    }
    if (dest) {
        InetAddr addr;
        int destFamily = AF_INET;
        if (!toInet(dest->address, destFamily, addr))
            return makeError("ipvs-address",
                             "real server address \"" + dest->address + "\" is not an IP");
        if (!putDest(msg.get(), *dest, fullDest, destFamily, addr))
            return makeError("ipvs-netlink",
                             "real server " + dest->key() + " does not fit in a netlink message");
    }
    return msg;
}

Result<IpvsService> parseIpvsService(nlattr *nested)
{
    nlattr *a[IPVS_SVC_ATTR_MAX + 1] = {};
    if (int err = nla_parse_nested(a, IPVS_SVC_ATTR_MAX, nested,
                                   const_cast<nla_policy *>(ipvsServicePolicy()));
        err < 0)
        return makeError("ipvs-parse", "malformed IPVS service attribute: " + nlError(err));
    if (a[IPVS_SVC_ATTR_FWMARK] && nla_get_u32(a[IPVS_SVC_ATTR_FWMARK]) != 0)
        return makeError("ipvs-fwmark", "IPVS firewall-mark service "
                                            + std::to_string(nla_get_u32(a[IPVS_SVC_ATTR_FWMARK]))
                                            + " (not the agent's)");
    for (int need : {IPVS_SVC_ATTR_AF, IPVS_SVC_ATTR_PROTOCOL, IPVS_SVC_ATTR_ADDR,
                     IPVS_SVC_ATTR_PORT})
        if (!a[need])
            return makeError("ipvs-parse",
                             "IPVS service without attribute " + std::to_string(need));
    IpvsService s;
    const int family = nla_get_u16(a[IPVS_SVC_ATTR_AF]);
    InetAddr addr{};
    std::memcpy(addr.data(), nla_data(a[IPVS_SVC_ATTR_ADDR]),
                std::min<size_t>(addr.size(), size_t(nla_len(a[IPVS_SVC_ATTR_ADDR]))));
    s.address = fromInet(family, addr.data());
    if (s.address.empty())
        return makeError("ipvs-parse", "IPVS service of address family " + std::to_string(family));
    s.protocol = nla_get_u16(a[IPVS_SVC_ATTR_PROTOCOL]);
    s.port = ntohs(nla_get_u16(a[IPVS_SVC_ATTR_PORT]));
    if (a[IPVS_SVC_ATTR_SCHED_NAME])
        s.scheduler = nla_get_string(a[IPVS_SVC_ATTR_SCHED_NAME]);
    if (a[IPVS_SVC_ATTR_FLAGS]) {
        ip_vs_flags f{};
        nla_memcpy(&f, a[IPVS_SVC_ATTR_FLAGS], sizeof f);
        s.flags = f.flags & ~uint32_t(IP_VS_SVC_F_HASHED);
    }
    if (a[IPVS_SVC_ATTR_TIMEOUT])
        s.timeout = nla_get_u32(a[IPVS_SVC_ATTR_TIMEOUT]);
    if (a[IPVS_SVC_ATTR_NETMASK])
        s.netmask = nla_get_u32(a[IPVS_SVC_ATTR_NETMASK]);
    return s;
}

Result<IpvsDest> parseIpvsDest(nlattr *nested, int family)
{
    nlattr *a[IPVS_DEST_ATTR_MAX + 1] = {};
    if (int err = nla_parse_nested(a, IPVS_DEST_ATTR_MAX, nested,
                                   const_cast<nla_policy *>(ipvsDestPolicy()));
        err < 0)
        return makeError("ipvs-parse", "malformed IPVS destination attribute: " + nlError(err));
    if (!a[IPVS_DEST_ATTR_ADDR] || !a[IPVS_DEST_ATTR_PORT])
        return makeError("ipvs-parse", "IPVS destination without address or port");
    if (a[IPVS_DEST_ATTR_ADDR_FAMILY])
        family = nla_get_u16(a[IPVS_DEST_ATTR_ADDR_FAMILY]);
    IpvsDest d;
    InetAddr addr{};
    std::memcpy(addr.data(), nla_data(a[IPVS_DEST_ATTR_ADDR]),
                std::min<size_t>(addr.size(), size_t(nla_len(a[IPVS_DEST_ATTR_ADDR]))));
    d.address = fromInet(family, addr.data());
    if (d.address.empty())
        return makeError("ipvs-parse",
                         "IPVS destination of address family " + std::to_string(family));
    d.port = ntohs(nla_get_u16(a[IPVS_DEST_ATTR_PORT]));
    auto u32 = [&](int type) { return a[type] ? nla_get_u32(a[type]) : 0u; };
    d.forward = u32(IPVS_DEST_ATTR_FWD_METHOD);
    d.weight = int(u32(IPVS_DEST_ATTR_WEIGHT));
    d.upperThreshold = u32(IPVS_DEST_ATTR_U_THRESH);
    d.lowerThreshold = u32(IPVS_DEST_ATTR_L_THRESH);
    d.activeConns = u32(IPVS_DEST_ATTR_ACTIVE_CONNS);
    d.inactiveConns = u32(IPVS_DEST_ATTR_INACT_CONNS);
    d.persistConns = u32(IPVS_DEST_ATTR_PERSIST_CONNS);
    return d;
}

IpvsNetlink::~IpvsNetlink()
{
    if (m_sock)
        nl_socket_free(m_sock);
}

Result<std::unique_ptr<IpvsNetlink>> IpvsNetlink::open()
{
    std::unique_ptr<IpvsNetlink> nl(new IpvsNetlink());
    nl->m_sock = nl_socket_alloc();
    if (!nl->m_sock)
        return makeError("ipvs-netlink", "cannot allocate a netlink socket");
    if (int err = genl_connect(nl->m_sock); err < 0)
        return makeError("ipvs-netlink", "cannot open a generic netlink socket: " + nlError(err));
    // Large dumps (10,000 virtual servers) arrive faster than we read them otherwise.
    nl_socket_set_buffer_size(nl->m_sock, 4 << 20, 4 << 20);
    const int family = genl_ctrl_resolve(nl->m_sock, IPVS_GENL_NAME);
    if (family < 0)
        return makeError("ipvs-missing",
                         std::string("the kernel has no IPVS generic netlink family (")
                             + nlError(family)
                             + "): the ip_vs module is not loaded and could not be loaded");
    nl->m_family = family;
    return nl;
}

Result<void> IpvsNetlink::request(uint8_t cmd, const IpvsService *s, bool fullService,
                                  const IpvsDest *d, bool fullDest, const char *what)
{
    auto msg = buildIpvsMessage(m_family, cmd, s, fullService, d, fullDest, NLM_F_ACK);
    if (!msg)
        return msg.error();
    ++m_sent;
    // nl_send_sync frees the message and waits for the kernel's acknowledgement.
    const int err = nl_send_sync(m_sock, msg->release());
    if (err < 0) {
        std::string target = s ? s->key() : std::string("IPVS table");
        if (d)
            target += " -> " + d->key();
        return makeError("ipvs-netlink", std::string(what) + " " + target + ": " + nlError(err));
    }
    return {};
}

Result<std::vector<IpvsServiceState>> IpvsNetlink::dump()
{
    std::vector<IpvsServiceState> services;
    nl_cb *cb = nl_cb_clone(nl_socket_get_cb(m_sock));
    if (!cb)
        return makeError("ipvs-netlink", "cannot allocate netlink callbacks");
    DumpContext ctx;
    ctx.services = &services;
    nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, onDumpMessage, &ctx);
    auto run = [&](const IpvsService *s) -> Result<void> {
        auto msg = buildIpvsMessage(m_family, s ? IPVS_CMD_GET_DEST : IPVS_CMD_GET_SERVICE, s,
                                    false, nullptr, false, NLM_F_DUMP);
        if (!msg)
            return msg.error();
        ++m_sent;
        int err = nl_send_auto(m_sock, msg->get());
        if (err >= 0)
            err = nl_recvmsgs(m_sock, cb);
        if (err < 0)
            return makeError("ipvs-netlink", std::string("IPVS dump of ")
                                                 + (s ? s->key() : "the virtual servers")
                                                 + " failed: " + nlError(err));
        if (!ctx.error.empty())
            return makeError("ipvs-parse", ctx.error);
        return {};
    };
    Result<void> ok = run(nullptr);
    ctx.dests = true;
    for (size_t i = 0; ok && i < services.size(); ++i) {
        ctx.destList = &services[i].dests;
        int family = AF_INET;
        InetAddr ignored;
        toInet(services[i].service.address, family, ignored);
        ctx.family = family;
        ok = run(&services[i].service);
    }
    nl_cb_put(cb);
    if (!ok)
        return ok.error();
    return services;
}

Result<void> IpvsNetlink::addService(const IpvsService &s)
{
    return request(IPVS_CMD_NEW_SERVICE, &s, true, nullptr, false, "adding virtual server");
}
Result<void> IpvsNetlink::editService(const IpvsService &s)
{
    return request(IPVS_CMD_SET_SERVICE, &s, true, nullptr, false, "changing virtual server");
}
Result<void> IpvsNetlink::deleteService(const IpvsService &s)
{
    return request(IPVS_CMD_DEL_SERVICE, &s, false, nullptr, false, "deleting virtual server");
}
Result<void> IpvsNetlink::addDest(const IpvsService &s, const IpvsDest &d)
{
    return request(IPVS_CMD_NEW_DEST, &s, false, &d, true, "adding real server to");
}
Result<void> IpvsNetlink::editDest(const IpvsService &s, const IpvsDest &d)
{
    return request(IPVS_CMD_SET_DEST, &s, false, &d, true, "changing real server of");
}
Result<void> IpvsNetlink::deleteDest(const IpvsService &s, const IpvsDest &d)
{
    return request(IPVS_CMD_DEL_DEST, &s, false, &d, false, "deleting real server of");
}
Result<void> IpvsNetlink::flush()
{
    return request(IPVS_CMD_FLUSH, nullptr, false, nullptr, false, "flushing");
}

} // namespace studio::agent
