// SPDX-License-Identifier: GPL-3.0-or-later
#include "trace/iptables_tracer.h"

#include "util/ip_address.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace studio::trace {

namespace {

using proxy::IptablesRule;
using Target = IptablesRule::Target;

constexpr int kMaxDepth = 64;
constexpr size_t kMaxBranches = 10000;

struct Branch
{
    double probability = 1.0;
    uint32_t mark = 0;
    std::string dnatIp;
    int dnatPort = 0;
    bool masqueraded = false;
    std::string endpointChain;
    std::string recentSet;
    std::vector<TraceStep> steps;
};

// Where a walk through one chain ends for one branch.
enum class Exit { Fallthrough, Accept, Drop, Reject, Nat };

struct Result_
{
    Branch branch;
    Exit exit;
};

bool inCidr(const std::string &address, const std::string &cidr)
{
    const auto ip = IpAddress::parse(address);
    const auto net = IpNetwork::parse(cidr.find('/') == std::string::npos ? cidr + "/32" : cidr);
    return ip && net && net->contains(*ip);
}

class Walker
{
public:
    Walker(const IptablesRuleset &rules, const Packet &packet, const NodeView &node)
        : m_rules(rules), m_packet(packet), m_node(node)
    {}

    std::vector<TraceOutcome> run()
    {
        std::vector<TraceOutcome> out;
        Branch start;
        // nat, first hook.
        for (Result_ &nat : walk("nat", m_packet.fromLocalProcess ? "OUTPUT" : "PREROUTING", start)) {
            const std::string dest = nat.branch.dnatIp.empty() ? m_packet.destination : nat.branch.dnatIp;
            const int port = nat.branch.dnatIp.empty() ? m_packet.port : nat.branch.dnatPort;
            const char *filterChain = m_packet.fromLocalProcess ? "OUTPUT"
                                      : isLocal(dest)           ? "INPUT"
                                                                : "FORWARD";
            for (Result_ &filter : walk("filter", filterChain, nat.branch, dest, port)) {
                if (filter.exit == Exit::Drop || filter.exit == Exit::Reject) {
                    out.push_back(outcome(filter.branch, filter.exit == Exit::Drop
                                                             ? TraceOutcome::Verdict::Dropped
                                                             : TraceOutcome::Verdict::Rejected));
                    continue;
                }
                if (std::string_view(filterChain) == "INPUT") {
                    out.push_back(outcome(filter.branch, TraceOutcome::Verdict::Delivered));
                    continue;
                }
                for (Result_ &post : walk("nat", "POSTROUTING", filter.branch, dest, port))
                    out.push_back(outcome(post.branch, TraceOutcome::Verdict::Delivered));
            }
        }
        return merge(std::move(out));
    }

private:
    bool isLocal(const std::string &address) const
    {
        if (inCidr(address, "127.0.0.0/8"))
            return true;
        return std::find(m_node.localAddresses.begin(), m_node.localAddresses.end(), address)
               != m_node.localAddresses.end();
    }

    TraceOutcome outcome(const Branch &b, TraceOutcome::Verdict v) const
    {
        TraceOutcome o;
        o.verdict = v;
        o.translated = !b.dnatIp.empty();
        o.destination = o.translated ? b.dnatIp + ":" + std::to_string(b.dnatPort)
                                     : m_packet.destination + ":" + std::to_string(m_packet.port);
        o.masqueraded = b.masqueraded;
        o.probability = b.probability;
        o.endpointChain = b.endpointChain;
        o.recentSet = b.recentSet;
        o.steps = b.steps;
        return o;
    }

    static std::vector<TraceOutcome> merge(std::vector<TraceOutcome> in)
    {
        std::vector<TraceOutcome> out;
        for (TraceOutcome &o : in) {
            auto it = std::find_if(out.begin(), out.end(), [&](const TraceOutcome &x) {
                return x.verdict == o.verdict && x.destination == o.destination
                       && x.masqueraded == o.masqueraded;
            });
            if (it == out.end())
                out.push_back(std::move(o));
            else
                it->probability += o.probability;
        }
        std::stable_sort(out.begin(), out.end(), [](const TraceOutcome &a, const TraceOutcome &b) {
            if (a.probability != b.probability)
                return a.probability > b.probability;
            return a.destination < b.destination;
        });
        return out;
    }

    // Does the rule's match part hold for the packet (ignoring the statistic match)?
    bool matches(const IptablesRule &r, const Branch &b, const std::string &dest, int port) const
    {
        if (!r.inInterface.empty() || !r.outInterface.empty())
            return false; // interfaces are not modelled: other programs' rules never match
        if (!r.protocol.empty() && r.protocol != m_packet.protocol)
            return false;
        if (r.destinationPort && r.destinationPort != port)
            return false;
        if (r.source && inCidr(m_packet.source, r.source->cidr) == r.source->negated)
            return false;
        if (r.destination && inCidr(dest, r.destination->cidr) == r.destination->negated)
            return false;
        if (r.srcTypeLocal && isLocal(m_packet.source) != *r.srcTypeLocal)
            return false;
        if (r.dstTypeLocal && isLocal(dest) != *r.dstTypeLocal)
            return false;
        if (r.markMatch && ((b.mark & *r.markMatch) == *r.markMatch) == r.markMatchNegated)
            return false;
        if (!r.ctstate.empty()) {
            // The first packet of a connection: NEW only.
            if (r.ctstate.find("NEW") == std::string::npos)
                return false;
        }
        if (r.recent == IptablesRule::RecentOp::Check && !m_node.recentEntries.count(r.recentName))
            return false;
        return true;
    }

    static double parseProbability(const std::string &p)
    {
        return std::strtod(p.c_str(), nullptr);
    }

    std::vector<Result_> walk(const std::string &table, const std::string &chain, const Branch &in)
    {
        return walk(table, chain, in, m_packet.destination, m_packet.port);
    }

    std::vector<Result_> walk(const std::string &table, const std::string &chain, const Branch &in,
                              const std::string &dest, int port, int depth = 0)
    {
        std::vector<Result_> done;
        const RulesetChain *c = m_rules.chain(table, chain);
        if (!c) {
            Branch b = in;
            b.steps.push_back({table, chain, -1, "(no such chain)"});
            done.push_back({b, Exit::Fallthrough});
            return done;
        }
        if (depth > kMaxDepth || m_branches > kMaxBranches) {
            Branch b = in;
            b.steps.push_back({table, chain, -1, "(walk cut: loop or too many branches)"});
            done.push_back({b, Exit::Drop});
            return done;
        }
        // Branches still walking this chain, each at its rule index.
        struct Live
        {
            Branch b;
            size_t index;
        };
        std::vector<Live> live{{in, 0}};
        while (!live.empty()) {
            Live cur = std::move(live.back());
            live.pop_back();
            bool ended = false;
            for (size_t i = cur.index; i < c->rules.size(); ++i) {
                const IptablesRule &r = c->rules[i];
                if (!matches(r, cur.b, dest, port))
                    continue;
                if (!r.probability.empty()) {
                    const double p = std::clamp(parseProbability(r.probability), 0.0, 1.0);
                    if (p < 1.0) {
                        // The branch where this rule does not match continues after it.
                        Branch miss = cur.b;
                        miss.probability *= 1.0 - p;
                        if (miss.probability > 1e-12) {
                            ++m_branches;
                            live.push_back({std::move(miss), i + 1});
                        }
                        cur.b.probability *= p;
                    }
                }
                cur.b.steps.push_back({table, chain, int(i), r.render()});
                if (r.recent == IptablesRule::RecentOp::Set)
                    cur.b.recentSet = r.recentName;
                switch (r.target) {
                case Target::Mark:
                    if (r.markOp == IptablesRule::MarkOp::Or)
                        cur.b.mark |= r.markValue;
                    else if (r.markOp == IptablesRule::MarkOp::Xor)
                        cur.b.mark ^= r.markValue;
                    else
                        cur.b.mark = (cur.b.mark & ~r.markMask) ^ r.markValue;
                    continue;
                case Target::Return:
                    done.push_back({cur.b, Exit::Fallthrough});
                    ended = true;
                    break;
                case Target::Accept:
                    done.push_back({cur.b, Exit::Accept});
                    ended = true;
                    break;
                case Target::Drop:
                    done.push_back({cur.b, Exit::Drop});
                    ended = true;
                    break;
                case Target::Reject:
                    done.push_back({cur.b, Exit::Reject});
                    ended = true;
                    break;
                case Target::Dnat: {
                    const auto colon = r.toDestination.rfind(':');
                    cur.b.dnatIp = r.toDestination.substr(0, colon);
                    cur.b.dnatPort = colon == std::string::npos ? port : std::atoi(r.toDestination.c_str() + colon + 1);
                    cur.b.endpointChain = chain;
                    done.push_back({cur.b, Exit::Nat});
                    ended = true;
                    break;
                }
                case Target::Redirect:
                    cur.b.dnatIp = "127.0.0.1";
                    cur.b.dnatPort = r.toPort;
                    done.push_back({cur.b, Exit::Nat});
                    ended = true;
                    break;
                case Target::Masquerade:
                    cur.b.masqueraded = true;
                    done.push_back({cur.b, Exit::Nat});
                    ended = true;
                    break;
                case Target::Jump: {
                    bool returned = false;
                    for (Result_ &sub : walk(table, r.jumpChain, cur.b, dest, port, depth + 1)) {
                        if (sub.exit == Exit::Fallthrough) {
                            // Returned: carry on after the jump. Only one such branch can be
                            // continued inline; others are queued.
                            if (!returned) {
                                returned = true;
                                cur.b = std::move(sub.branch);
                            } else {
                                live.push_back({std::move(sub.branch), i + 1});
                            }
                        } else {
                            done.push_back(std::move(sub));
                        }
                    }
                    if (!returned)
                        ended = true;
                    break;
                }
                }
                if (ended)
                    break;
            }
            if (!ended) {
                cur.b.steps.push_back({table, chain, -1, c->policy.empty() ? "(end of chain: return)"
                                                                           : "(policy " + c->policy + ")"});
                const bool builtin = !c->policy.empty();
                done.push_back({cur.b, builtin && c->policy == "DROP" ? Exit::Drop : Exit::Fallthrough});
            }
        }
        return done;
    }

    const IptablesRuleset &m_rules;
    const Packet &m_packet;
    const NodeView &m_node;
    size_t m_branches = 0;
};

} // namespace

std::vector<TraceOutcome> traceIptables(const IptablesRuleset &rules, const Packet &packet,
                                        const NodeView &node)
{
    return Walker(rules, packet, node).run();
}

} // namespace studio::trace
