// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Walks a packet through a node's iptables rules as the kernel would for the first packet of
// a connection (conntrack state NEW): nat PREROUTING (or OUTPUT for a packet a process on the
// node sends), then filter INPUT / FORWARD / OUTPUT, then nat POSTROUTING. Where a rule
// matches at random (`-m statistic --mode random`) the walk branches, so the result is every
// possible outcome with its probability — the same numbers the traffic path view shows and
// the real-packet tests measure. Pure; any thread.

#include "trace/iptables_ruleset.h"

#include <set>
#include <string>
#include <vector>

namespace studio::trace {

struct Packet
{
    std::string source;      // client address
    std::string destination; // address the client connects to
    std::string protocol = "tcp";
    int port = 0;
    bool fromLocalProcess = false; // sent by a process on this node (nat OUTPUT)
};

struct NodeView
{
    std::vector<std::string> localAddresses; // for `-m addrtype --src/--dst-type LOCAL`
    // `-m recent` entries present for this client (names of endpoint chains it stuck to):
    // a fresh client has none.
    std::set<std::string> recentEntries;
};

struct TraceStep
{
    std::string table;
    std::string chain;
    int ruleIndex = -1; // -1: the chain's end (policy or return)
    std::string rule;   // the rule's text, as iptables-save would list it after "-A CHAIN"
};

struct TraceOutcome
{
    enum class Verdict { Delivered, Rejected, Dropped };
    Verdict verdict = Verdict::Delivered;
    std::string destination; // after DNAT ("ip:port"); the original when not translated
    bool translated = false; // DNAT happened
    bool masqueraded = false;
    double probability = 1.0;
    std::string endpointChain;  // the KUBE-SEP-* chain that translated it
    std::string recentSet;      // `-m recent --set` name recorded (session affinity)
    std::vector<TraceStep> steps;
};

// Outcomes with identical verdict, destination and masquerading are merged (probabilities
// summed, steps of the first kept), ordered by probability (highest first) then destination.
// A walk deeper than 64 jumps or 10,000 branches is cut and reported as Dropped with a step
// naming the loop (never reached with planner output).
std::vector<TraceOutcome> traceIptables(const IptablesRuleset &rules, const Packet &packet,
                                        const NodeView &node);

} // namespace studio::trace
