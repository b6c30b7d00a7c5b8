// SPDX-License-Identifier: GPL-3.0-or-later
#include "ipvs_applier.h"

#include "logger.h"

#include <arpa/inet.h>
#include <linux/ip_vs.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

namespace studio::agent {

namespace {

using Micros = std::chrono::microseconds;
Micros since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration_cast<Micros>(std::chrono::steady_clock::now() - t0);
}

std::string nlError(int err)
{
    return nl_geterror(err < 0 ? -err : err);
}

bool sameConfig(const IpvsService &a, const IpvsService &b)
{
    return a.scheduler == b.scheduler && a.flags == b.flags && a.timeout == b.timeout
           && a.netmask == b.netmask;
}

} // namespace

std::string IpvsOp::describe() const
{
    static const char *const names[] = {"add", "change", "delete", "add", "change", "delete"};
    std::string out = std::string(names[int(kind)]) + " " + service.key();
    switch (kind) {
    case Kind::AddService:
    case Kind::EditService:
        out += " " + service.scheduler;
        if (service.flags & IP_VS_SVC_F_PERSISTENT)
            out += " persistent " + std::to_string(service.timeout);
        break;
    case Kind::DeleteService:
        break;
    case Kind::AddDest:
    case Kind::EditDest:
        out += " -> " + dest.key() + " weight " + std::to_string(dest.weight);
        break;
    case Kind::DeleteDest:
        out += " -> " + dest.key();
        break;
    }
    return out;
}

IpvsService kernelService(const proxy::IpvsVirtualServer &v)
{
    IpvsService s;
    s.address = v.address;
    s.protocol = ipvsProtocolNumber(v.protocol);
    s.port = v.port;
    s.scheduler = v.scheduler;
    if (v.persistent) {
        s.flags = IP_VS_SVC_F_PERSISTENT;
        s.timeout = uint32_t(v.timeoutSeconds);
    }
    // IPv4: a mask; IPv6: a prefix length (the kernel's persistence granularity).
    s.netmask = v.address.find(':') == std::string::npos ? 0xffffffffu : 128u;
    return s;
}

IpvsDest kernelDest(const proxy::IpvsRealServer &r)
{
    IpvsDest d;
    d.address = r.address;
    d.port = r.port;
    d.forward = IP_VS_CONN_F_MASQ;
    d.weight = r.weight;
    return d;
}

IpvsDiff diffIpvs(const proxy::IpvsPlan &plan, const std::vector<IpvsServiceState> &kernel)
{
    IpvsDiff diff;
    std::map<std::string, const IpvsServiceState *> current;
    for (const IpvsServiceState &s : kernel)
        current.emplace(s.service.key(), &s);

    std::set<std::string> planned;
    std::vector<const proxy::IpvsVirtualServer *> wanted;
    for (const proxy::IpvsVirtualServer &v : plan.virtualServers) {
        if (ipvsProtocolNumber(v.protocol) == 0)
            continue; // the planner only emits TCP, UDP and SCTP
        if (planned.insert(kernelService(v).key()).second)
            wanted.push_back(&v);
    }
    for (const IpvsServiceState &s : kernel)
        if (!planned.count(s.service.key()))
            diff.ops.push_back({IpvsOp::Kind::DeleteService, s.service, {}});

    for (const proxy::IpvsVirtualServer *v : wanted) {
        const IpvsService want = kernelService(*v);
        const auto it = current.find(want.key());
        const IpvsServiceState *have = it == current.end() ? nullptr : it->second;
        if (!have)
            diff.ops.push_back({IpvsOp::Kind::AddService, want, {}});
        else if (!sameConfig(have->service, want))
            diff.ops.push_back({IpvsOp::Kind::EditService, want, {}});

        std::map<std::string, const IpvsDest *> haveDests;
        if (have)
            for (const IpvsDest &d : have->dests)
                haveDests.emplace(d.key(), &d);
        std::set<std::string> wantKeys;
        for (const proxy::IpvsRealServer &r : v->reals) {
            const IpvsDest d = kernelDest(r);
            if (!wantKeys.insert(d.key()).second)
                continue;
            const auto h = haveDests.find(d.key());
            if (h == haveDests.end())
                diff.ops.push_back({IpvsOp::Kind::AddDest, want, d});
            else if (h->second->weight != d.weight
                     || (h->second->forward & IP_VS_CONN_F_FWD_MASK) != d.forward)
                diff.ops.push_back({IpvsOp::Kind::EditDest, want, d}); // also: back from draining
        }
        for (const auto &[key, d] : haveDests) {
            if (wantKeys.count(key))
                continue;
            if (d->weight != 0) {
                IpvsDest drain = *d;
                drain.weight = 0;
                diff.ops.push_back({IpvsOp::Kind::EditDest, want, drain});
                ++diff.draining;
            } else if (d->activeConns + d->inactiveConns == 0) {
                diff.ops.push_back({IpvsOp::Kind::DeleteDest, want, *d});
            } else {
                ++diff.draining;
            }
        }
    }
    return diff;
}

// --- DummyInterface -------------------------------------------------------------------------

DummyInterface::DummyInterface(std::string name)
    : m_name(std::move(name))
{}

DummyInterface::~DummyInterface()
{
    if (m_sock)
        nl_socket_free(m_sock);
}

Result<void> DummyInterface::connect()
{
    if (m_sock)
        return {};
    m_sock = nl_socket_alloc();
    if (!m_sock)
        return makeError("rtnetlink", "cannot allocate a netlink socket");
    if (int err = nl_connect(m_sock, NETLINK_ROUTE); err < 0) {
        nl_socket_free(m_sock);
        m_sock = nullptr;
        return makeError("rtnetlink", "cannot open a route netlink socket: " + nlError(err));
    }
    return {};
}

Result<void> DummyInterface::ensure()
{
    if (auto ok = connect(); !ok)
        return ok;
    rtnl_link *link = nullptr;
    int err = rtnl_link_get_kernel(m_sock, 0, m_name.c_str(), &link);
    if (err == -NLE_OBJ_NOTFOUND || err == -NLE_NODEV) {
        rtnl_link *want = rtnl_link_alloc();
        rtnl_link_set_name(want, m_name.c_str());
        err = rtnl_link_set_type(want, "dummy");
        if (err >= 0)
            err = rtnl_link_add(m_sock, want, NLM_F_CREATE | NLM_F_EXCL);
        rtnl_link_put(want);
        if (err < 0 && err != -NLE_EXIST)
            return makeError("rtnetlink",
                             "cannot create the dummy interface " + m_name + ": " + nlError(err)
                                 + " (no dummy module?)");
        err = rtnl_link_get_kernel(m_sock, 0, m_name.c_str(), &link);
    }
    if (err < 0)
        return makeError("rtnetlink", "cannot read interface " + m_name + ": " + nlError(err));
    m_ifindex = rtnl_link_get_ifindex(link);
    rtnl_link_put(link);
    return {};
}

Result<std::vector<std::string>> DummyInterface::addresses()
{
    if (auto ok = connect(); !ok)
        return ok.error();
    nl_cache *cache = nullptr;
    if (int err = rtnl_addr_alloc_cache(m_sock, &cache); err < 0)
        return makeError("rtnetlink", "cannot list addresses: " + nlError(err));
    std::vector<std::string> out;
    for (nl_object *o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
        auto *a = reinterpret_cast<rtnl_addr *>(o);
        if (rtnl_addr_get_ifindex(a) != m_ifindex || rtnl_addr_get_family(a) != AF_INET)
            continue;
        nl_addr *local = rtnl_addr_get_local(a);
        char buf[INET_ADDRSTRLEN] = {};
        if (local && nl_addr_get_len(local) == 4
            && inet_ntop(AF_INET, nl_addr_get_binary_addr(local), buf, sizeof buf))
            out.push_back(buf);
    }
    nl_cache_free(cache);
    std::sort(out.begin(), out.end());
    return out;
}

Result<size_t> DummyInterface::syncAddresses(const std::vector<std::string> &wanted)
{
    if (!m_ifindex)
        if (auto ok = ensure(); !ok)
            return ok.error();
    auto have = addresses();
    if (!have)
        return have.error();
    std::set<std::string> want;
    for (const std::string &a : wanted)
        if (a.find(':') == std::string::npos) // IPv4 only (the planner's families)
            want.insert(a);
    const std::set<std::string> current(have->begin(), have->end());
    size_t changes = 0;
    auto change = [&](const std::string &text, bool add) -> Result<void> {
        nl_addr *local = nullptr;
        if (int err = nl_addr_parse(text.c_str(), AF_INET, &local); err < 0)
            return makeError("rtnetlink", "bad address " + text + ": " + nlError(err));
        rtnl_addr *addr = rtnl_addr_alloc();
        rtnl_addr_set_ifindex(addr, m_ifindex);
        rtnl_addr_set_family(addr, AF_INET);
        rtnl_addr_set_local(addr, local);
        rtnl_addr_set_prefixlen(addr, 32);
        const int err = add ? rtnl_addr_add(m_sock, addr, 0) : rtnl_addr_delete(m_sock, addr, 0);
        rtnl_addr_put(addr);
        nl_addr_put(local);
        if (err < 0 && !(add && err == -NLE_EXIST))
            return makeError("rtnetlink", std::string(add ? "cannot add " : "cannot remove ")
                                              + text + "/32 on " + m_name + ": " + nlError(err));
        ++changes;
        return {};
    };
    for (const std::string &a : current)
        if (!want.count(a))
            if (auto ok = change(a, false); !ok)
                return ok.error();
    for (const std::string &a : want)
        if (!current.count(a))
            if (auto ok = change(a, true); !ok)
                return ok.error();
    return changes;
}

Result<void> DummyInterface::remove()
{
    if (auto ok = connect(); !ok)
        return ok;
    rtnl_link *link = nullptr;
    int err = rtnl_link_get_kernel(m_sock, 0, m_name.c_str(), &link);
    if (err == -NLE_OBJ_NOTFOUND || err == -NLE_NODEV)
        return {};
    if (err < 0)
        return makeError("rtnetlink", "cannot read interface " + m_name + ": " + nlError(err));
    err = rtnl_link_delete(m_sock, link);
    rtnl_link_put(link);
    m_ifindex = 0;
    if (err < 0)
        return makeError("rtnetlink", "cannot delete " + m_name + ": " + nlError(err));
    return {};
}

// --- IpvsApplier ----------------------------------------------------------------------------

IpvsApplier::IpvsApplier(std::unique_ptr<IpvsNetlink> netlink)
    : m_netlink(std::move(netlink))
{}

Result<void> IpvsApplier::prepare()
{
    if (auto ok = m_dummy.ensure(); !ok)
        return ok;
    std::ofstream sysctl("/proc/sys/net/ipv4/vs/conntrack");
    if (!(sysctl << "1\n") || !sysctl.flush())
        logWarning("cannot set net.ipv4.vs.conntrack=1: masquerading of IPVS connections may "
                   "not work");
    return {};
}

ApplyResult IpvsApplier::apply(const proxy::IpvsPlan &plan)
{
    ApplyResult result;
    result.full = true;
    const size_t sentBefore = m_netlink->messagesSent();
    auto t0 = std::chrono::steady_clock::now();
    auto addressChanges = m_dummy.syncAddresses(plan.dummyAddresses);
    if (!addressChanges) {
        result.error = addressChanges.error().message;
        return result;
    }
    result.addressChanges = *addressChanges;
    result.addressTime = since(t0);

    t0 = std::chrono::steady_clock::now();
    auto kernel = m_netlink->dump();
    result.scanTime = since(t0);
    if (!kernel) {
        result.error = kernel.error().message;
        result.netlinkMessages = m_netlink->messagesSent() - sentBefore;
        return result;
    }
    t0 = std::chrono::steady_clock::now();
    const IpvsDiff diff = diffIpvs(plan, *kernel);
    result.renderTime = since(t0);
    result.ipvsDraining = diff.draining;

    t0 = std::chrono::steady_clock::now();
    for (const IpvsOp &op : diff.ops) {
        Result<void> ok;
        switch (op.kind) {
        case IpvsOp::Kind::AddService:
            ok = m_netlink->addService(op.service);
            break;
        case IpvsOp::Kind::EditService:
            ok = m_netlink->editService(op.service);
            break;
        case IpvsOp::Kind::DeleteService:
            ok = m_netlink->deleteService(op.service);
            break;
        case IpvsOp::Kind::AddDest:
            ok = m_netlink->addDest(op.service, op.dest);
            break;
        case IpvsOp::Kind::EditDest:
            ok = m_netlink->editDest(op.service, op.dest);
            break;
        case IpvsOp::Kind::DeleteDest:
            ok = m_netlink->deleteDest(op.service, op.dest);
            break;
        }
        if (!ok) {
            result.error = ok.error().message;
            result.excerpt = op.describe();
            break;
        }
        if (logEnabled(LogLevel::Debug))
            logDebug("ipvs: " + op.describe());
        ++result.ipvsChanges;
    }
    result.restoreTime = since(t0);
    result.netlinkMessages = m_netlink->messagesSent() - sentBefore;
    result.ok = result.error.empty();
    return result;
}

} // namespace studio::agent
