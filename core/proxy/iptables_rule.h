// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// One iptables rule as a value: the matches and the target the planners use (the subset of
// iptables that kube-proxy's rules need), rendered to and parsed from iptables-restore /
// iptables-save argument text. Parsing understands both our own order and the canonical
// order iptables-save prints, so rules read back from a node compare equal to planned ones.

#include "util/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace studio::proxy {

struct AddressMatch
{
    std::string cidr; // "10.0.0.1/32"; address without prefix means /32
    bool negated = false;
    bool operator==(const AddressMatch &) const = default;
};

struct IptablesRule
{
    enum class Target {
        Jump,       // -j CHAIN (a user chain)
        Return,     // -j RETURN
        Accept,     // -j ACCEPT
        Drop,       // -j DROP
        Reject,     // -j REJECT
        Dnat,       // -j DNAT --to-destination ip:port
        Masquerade, // -j MASQUERADE [--random-fully]
        Mark,       // -j MARK --or-mark V | --xor-mark V | --set-xmark V/M
        Redirect,   // -j REDIRECT --to-ports N (userspace mode)
    };
    enum class MarkOp { Or, Xor, SetXmark };
    enum class RecentOp { None, Check, Set };

    std::string comment; // -m comment --comment "..."
    std::string protocol; // "tcp", "udp", "sctp"; empty = any
    std::optional<AddressMatch> source;      // -s / ! -s
    std::optional<AddressMatch> destination; // -d / ! -d
    int destinationPort = 0;                 // --dport (needs protocol)
    std::string inInterface, outInterface;   // -i / -o (other programs' rules; "!" kept in front)
    std::optional<bool> srcTypeLocal;        // -m addrtype [!] --src-type LOCAL (value = !negated)
    std::optional<bool> dstTypeLocal;        // -m addrtype [!] --dst-type LOCAL
    std::string probability;                 // -m statistic --mode random --probability P
    RecentOp recent = RecentOp::None;        // -m recent --name N (--rcheck --seconds S --reap | --set)
    std::string recentName;
    int recentSeconds = 0;
    std::optional<uint32_t> markMatch; // -m mark [!] --mark V/V
    bool markMatchNegated = false;
    std::string ctstate; // -m conntrack --ctstate NEW | INVALID | RELATED,ESTABLISHED

    Target target = Target::Jump;
    std::string jumpChain;     // Jump
    std::string toDestination; // Dnat: "ip:port"
    bool randomFully = false;  // Masquerade
    MarkOp markOp = MarkOp::Or;
    uint32_t markValue = 0;
    uint32_t markMask = 0xffffffff; // SetXmark
    int toPort = 0;                  // Redirect

    // The argument text after "-A CHAIN " (kube-proxy's order), e.g.
    // -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.0.0.1/32 --dport 80 -j KUBE-SVC-...
    std::string render() const;
    bool operator==(const IptablesRule &) const = default;
};

// Parses the argument text of one rule (without "-A CHAIN"). Unknown matches or targets give
// an error naming the token; the tracer and the fake never guess.
Result<IptablesRule> parseRule(std::string_view args);

// The kernel keeps a statistic probability as a 31-bit fixed-point number and iptables-save
// prints it with 11 decimals: "0.3333333333" (kube-proxy's spelling) reads back as
// "0.33333333349". parseRule() stores this canonical form so saved and planned rules compare.
std::string canonicalProbability(std::string_view probability);

// Shell-like splitting of iptables-save/restore arguments ("..." quotes, \" escapes).
Result<std::vector<std::string>> splitArguments(std::string_view line);

} // namespace studio::proxy
