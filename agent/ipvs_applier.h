// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Pushes the IPVS part of an IpvsPlan into the kernel (the iptables part goes through the
// IptablesApplier): the service addresses on the dummy interface kube-ipvs0 (rtnetlink), and
// the virtual and real servers (IPVS generic netlink). Each apply reads the kernel's IPVS
// table once (IpvsNetlink::dump), diffs it against the plan (diffIpvs, pure) and sends only
// the differences. Like kube-proxy, the agent owns every virtual server of the node's network
// namespace and every address on kube-ipvs0.
//
// Graceful termination: a real server that left the plan first gets weight 0 (no new
// connections) and is deleted by a later sync once its ActiveConn + InActConn reach 0.
// IPVS has no transactions: a failed request leaves the earlier ones applied; the next sync
// diffs against the kernel again, so it converges.
//
// Threading: the agent's thread.

#include "iptables_applier.h" // ApplyResult
#include "ipvs_netlink.h"
#include "proxy/ipvs_plan.h"
#include "util/result.h"

#include <memory>
#include <string>
#include <vector>

struct nl_sock;

namespace studio::agent {

inline constexpr const char *kIpvsDummyInterface = "kube-ipvs0";

struct IpvsOp
{
    enum class Kind { AddService, EditService, DeleteService, AddDest, EditDest, DeleteDest };
    Kind kind = Kind::AddService;
    IpvsService service;
    IpvsDest dest; // the *Dest kinds
    std::string describe() const; // "add TCP 10.96.0.10:53 -> 10.244.1.5:53 weight 1"
};

struct IpvsDiff
{
    std::vector<IpvsOp> ops;
    size_t draining = 0; // real servers kept at weight 0 with connections left
};

// The kernel form of a planned virtual server / real server (masquerading, persistence).
IpvsService kernelService(const proxy::IpvsVirtualServer &v);
IpvsDest kernelDest(const proxy::IpvsRealServer &r);

// What to send so the kernel's table becomes the plan (pure). Order: deletions of virtual
// servers, then per virtual server its edit/add and its real servers.
IpvsDiff diffIpvs(const proxy::IpvsPlan &plan, const std::vector<IpvsServiceState> &kernel);

// The dummy interface holding the service addresses, over rtnetlink (libnl-route).
class DummyInterface
{
public:
    explicit DummyInterface(std::string name = kIpvsDummyInterface);
    ~DummyInterface();
    DummyInterface(const DummyInterface &) = delete;
    DummyInterface &operator=(const DummyInterface &) = delete;

    // Creates the interface when missing (it stays down, like kube-proxy's: the kernel adds
    // the local routes of its addresses anyway).
    Result<void> ensure();
    // Makes its IPv4 /32 addresses exactly `addresses`; returns how many were added+removed.
    Result<size_t> syncAddresses(const std::vector<std::string> &addresses);
    // The addresses it holds now (sorted).
    Result<std::vector<std::string>> addresses();
    // Deletes the interface (--cleanup); succeeds when there is none.
    Result<void> remove();

private:
    Result<void> connect();
    std::string m_name;
    nl_sock *m_sock = nullptr;
    int m_ifindex = 0;
};

class IpvsApplier
{
public:
    explicit IpvsApplier(std::unique_ptr<IpvsNetlink> netlink);

    // kube-ipvs0, and net.ipv4.vs.conntrack=1 (the iptables masquerade rules need conntrack
    // entries for IPVS connections, as kube-proxy sets it).
    Result<void> prepare();
    ApplyResult apply(const proxy::IpvsPlan &plan);

    IpvsNetlink &netlink() { return *m_netlink; }
    DummyInterface &dummy() { return m_dummy; }

private:
    std::unique_ptr<IpvsNetlink> m_netlink;
    DummyInterface m_dummy;
};

} // namespace studio::agent
