// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The kernel's IPVS table over its generic-netlink family ("IPVS"), through libnl-genl-3 in
// process (no ipvsadm): resolve the family, dump every virtual server with its real servers,
// add/edit/delete virtual servers and real servers. Message building and parsing are free
// functions so the unit tests can check them with libnl's own parsers, without a kernel.
//
// Threading: one IpvsNetlink per thread (it owns one netlink socket).

#include "util/result.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct nl_msg;
struct nl_sock;
struct nlattr;
struct nla_policy;

namespace studio::agent {

// One virtual server as the kernel keys and configures it (IPv4 or IPv6 by address).
struct IpvsService
{
    std::string address; // "10.96.0.10"
    int protocol = 6;    // IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP
    int port = 0;
    std::string scheduler = "rr";
    uint32_t flags = 0;   // IP_VS_SVC_F_PERSISTENT, ...; the kernel's HASHED bit is dropped
    uint32_t timeout = 0; // persistence timeout, seconds
    uint32_t netmask = 0xffffffff;
    std::string key() const;
    bool sameKey(const IpvsService &o) const
    {
        return address == o.address && protocol == o.protocol && port == o.port;
    }
    bool operator==(const IpvsService &) const = default;
};

// One real server (destination) of a virtual server.
struct IpvsDest
{
    std::string address;
    int port = 0;
    uint32_t forward = 0; // IP_VS_CONN_F_MASQ (0) for masquerading
    int weight = 1;
    uint32_t upperThreshold = 0;
    uint32_t lowerThreshold = 0;
    // Read from the kernel only (ignored when sending).
    uint32_t activeConns = 0;
    uint32_t inactiveConns = 0;
    uint32_t persistConns = 0;
    std::string key() const { return address + ":" + std::to_string(port); }
};

struct IpvsServiceState
{
    IpvsService service;
    std::vector<IpvsDest> dests;
};

// "TCP" -> 6, "UDP" -> 17, "SCTP" -> 132; 0 when unknown. And back.
int ipvsProtocolNumber(const std::string &name);
std::string ipvsProtocolName(int number);

struct NlMsgDeleter
{
    void operator()(nl_msg *m) const;
};
using NlMsgPtr = std::unique_ptr<nl_msg, NlMsgDeleter>;

// One IPVS request: cmd is IPVS_CMD_*; service and dest (either may be null) become the
// nested IPVS_CMD_ATTR_SERVICE / IPVS_CMD_ATTR_DEST. fullService/fullDest: also the
// configuration attributes (scheduler, flags, timeout, netmask / forwarding, weight,
// thresholds) the kernel requires for NEW and SET; without them only the key. nlFlags:
// NLM_F_* (NLM_F_DUMP for dumps). Error: an address that is not IPv4 or IPv6.
Result<NlMsgPtr> buildIpvsMessage(int familyId, uint8_t cmd, const IpvsService *service,
                                  bool fullService, const IpvsDest *dest, bool fullDest,
                                  int nlFlags = 0);

// The libnl policies of the IPVS attributes (as the kernel's ip_vs_ctl.c declares them);
// arrays of IPVS_CMD_ATTR_MAX+1, IPVS_SVC_ATTR_MAX+1, IPVS_DEST_ATTR_MAX+1 entries.
const nla_policy *ipvsCommandPolicy();
const nla_policy *ipvsServicePolicy();
const nla_policy *ipvsDestPolicy();

// Parse a nested IPVS_CMD_ATTR_SERVICE / IPVS_CMD_ATTR_DEST with the policies above.
// Errors name the missing or malformed attribute.
Result<IpvsService> parseIpvsService(nlattr *nested);
Result<IpvsDest> parseIpvsDest(nlattr *nested, int family);

class IpvsNetlink
{
public:
    ~IpvsNetlink();
    IpvsNetlink(const IpvsNetlink &) = delete;
    IpvsNetlink &operator=(const IpvsNetlink &) = delete;

    // Connects and resolves the "IPVS" family. Error (code "ipvs-missing") when the family
    // is not there (no ip_vs module), with the reason; other codes for socket errors.
    static Result<std::unique_ptr<IpvsNetlink>> open();

    int familyId() const { return m_family; }

    // Every virtual server with its real servers: one service dump, then one destination
    // dump per virtual server (the kernel dumps destinations only per service).
    Result<std::vector<IpvsServiceState>> dump();

    Result<void> addService(const IpvsService &s);
    Result<void> editService(const IpvsService &s);
    Result<void> deleteService(const IpvsService &s);
    Result<void> addDest(const IpvsService &s, const IpvsDest &d);
    Result<void> editDest(const IpvsService &s, const IpvsDest &d);
    Result<void> deleteDest(const IpvsService &s, const IpvsDest &d);
    // Removes every virtual server (the agent's --cleanup).
    Result<void> flush();

    // Requests sent so far (each dump request counts one); replies are not counted.
    size_t messagesSent() const { return m_sent; }

private:
    IpvsNetlink() = default;
    Result<void> request(uint8_t cmd, const IpvsService *s, bool fullService, const IpvsDest *d,
                         bool fullDest, const char *what);

    nl_sock *m_sock = nullptr;
    int m_family = -1;
    size_t m_sent = 0;
};

} // namespace studio::agent
