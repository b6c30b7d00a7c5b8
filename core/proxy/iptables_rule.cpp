// SPDX-License-Identifier: GPL-3.0-or-later
#include "proxy/iptables_rule.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace studio::proxy {

namespace {

std::string quote(const std::string &s)
{
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

std::string hex(uint32_t v)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%x", v);
    return buf;
}

std::string withPrefix(const std::string &cidr)
{
    return cidr.find('/') == std::string::npos ? cidr + "/32" : cidr;
}

void appendAddress(std::string &out, const char *flag, const AddressMatch &m)
{
    out += m.negated ? " ! " : " ";
    out += flag;
    out += ' ';
    out += withPrefix(m.cidr);
}

Error parseError(const std::string &message)
{
    return Error{"iptables-parse", message, {}, 0, 0};
}

std::optional<uint32_t> parseNumber(const std::string &s)
{
    uint32_t v = 0;
    const char *b = s.data();
    const char *e = s.data() + s.size();
    std::from_chars_result r;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        r = std::from_chars(b + 2, e, v, 16);
    else
        r = std::from_chars(b, e, v, 10);
    if (r.ec != std::errc() || r.ptr != e)
        return std::nullopt;
    return v;
}

// "V" or "V/M".
bool parseMark(const std::string &s, uint32_t &value, uint32_t &mask, bool &hasMask)
{
    const auto slash = s.find('/');
    const auto v = parseNumber(s.substr(0, slash));
    if (!v)
        return false;
    value = *v;
    hasMask = slash != std::string::npos;
    if (hasMask) {
        const auto m = parseNumber(s.substr(slash + 1));
        if (!m)
            return false;
        mask = *m;
    }
    return true;
}

} // namespace

std::string canonicalProbability(std::string_view probability)
{
    const std::string text(probability);
    char *end = nullptr;
    const double p = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !(p >= 0.0 && p <= 1.0))
        return text;
    const double fixed = double(std::lround(p * 2147483648.0)) / 2147483648.0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.11f", fixed);
    return buf;
}

std::string IptablesRule::render() const
{
    std::string out;
    if (!comment.empty())
        out += " -m comment --comment " + quote(comment);
    if (srcTypeLocal)
        out += std::string(" -m addrtype") + (*srcTypeLocal ? "" : " !") + " --src-type LOCAL";
    if (dstTypeLocal)
        out += std::string(" -m addrtype") + (*dstTypeLocal ? "" : " !") + " --dst-type LOCAL";
    if (!inInterface.empty())
        out += (inInterface[0] == '!' ? " ! -i " + inInterface.substr(1) : " -i " + inInterface);
    if (!outInterface.empty())
        out += (outInterface[0] == '!' ? " ! -o " + outInterface.substr(1) : " -o " + outInterface);
    if (!protocol.empty() && recent != RecentOp::Set)
        out += " -m " + protocol + " -p " + protocol;
    if (destination)
        appendAddress(out, "-d", *destination);
    if (destinationPort > 0)
        out += " --dport " + std::to_string(destinationPort);
    if (source)
        appendAddress(out, "-s", *source);
    if (!ctstate.empty())
        out += " -m conntrack --ctstate " + ctstate;
    if (markMatch)
        out += std::string(" -m mark") + (markMatchNegated ? " !" : "") + " --mark " + hex(*markMatch)
               + "/" + hex(*markMatch);
    if (recent == RecentOp::Check)
        out += " -m recent --name " + recentName + " --rcheck --seconds "
               + std::to_string(recentSeconds) + " --reap";
    else if (recent == RecentOp::Set)
        out += " -m recent --name " + recentName + " --set";
    // kube-proxy writes the protocol after the recent --set match on the DNAT rule.
    if (!protocol.empty() && recent == RecentOp::Set)
        out += " -m " + protocol + " -p " + protocol;
    if (!probability.empty())
        out += " -m statistic --mode random --probability " + probability;
    switch (target) {
    case Target::Jump: out += " -j " + jumpChain; break;
    case Target::Return: out += " -j RETURN"; break;
    case Target::Accept: out += " -j ACCEPT"; break;
    case Target::Drop: out += " -j DROP"; break;
    case Target::Reject: out += " -j REJECT"; break;
    case Target::Dnat: out += " -j DNAT --to-destination " + toDestination; break;
    case Target::Masquerade: out += randomFully ? " -j MASQUERADE --random-fully" : " -j MASQUERADE"; break;
    case Target::Redirect: out += " -j REDIRECT --to-ports " + std::to_string(toPort); break;
    case Target::Mark:
        switch (markOp) {
        case MarkOp::Or: out += " -j MARK --or-mark " + hex(markValue); break;
        case MarkOp::Xor: out += " -j MARK --xor-mark " + hex(markValue); break;
        case MarkOp::SetXmark: out += " -j MARK --set-xmark " + hex(markValue) + "/" + hex(markMask); break;
        }
        break;
    }
    return out.empty() ? out : out.substr(1);
}

Result<std::vector<std::string>> splitArguments(std::string_view line)
{
    std::vector<std::string> out;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        if (i >= line.size())
            break;
        std::string token;
        bool any = false;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') {
            any = true;
            if (line[i] == '"') {
                ++i;
                bool closed = false;
                while (i < line.size()) {
                    if (line[i] == '\\' && i + 1 < line.size()) {
                        token += line[i + 1];
                        i += 2;
                    } else if (line[i] == '"') {
                        closed = true;
                        ++i;
                        break;
                    } else {
                        token += line[i++];
                    }
                }
                if (!closed)
                    return parseError("unterminated quote");
            } else {
                token += line[i++];
            }
        }
        if (any)
            out.push_back(std::move(token));
    }
    return out;
}

Result<IptablesRule> parseRule(std::string_view args)
{
    auto split = splitArguments(args);
    if (!split)
        return split.error();
    const std::vector<std::string> &t = *split;
    IptablesRule r;
    bool haveTarget = false;
    bool negate = false;
    auto need = [&](size_t &i) -> Result<std::string> {
        if (i + 1 >= t.size())
            return parseError("option " + t[i] + " needs a value");
        return t[++i];
    };
    for (size_t i = 0; i < t.size(); ++i) {
        const std::string &a = t[i];
        if (a == "!") {
            negate = true;
            continue;
        }
        const bool neg = negate;
        negate = false;
        if (a == "-m" || a == "--match") {
            auto v = need(i);
            if (!v)
                return v.error();
            static const char *known[] = {"comment", "tcp", "udp", "sctp", "addrtype",
                                          "statistic", "recent", "mark", "conntrack", "physdev"};
            bool ok = false;
            for (const char *k : known)
                ok = ok || *v == k;
            if (!ok)
                return parseError("unknown match module \"" + *v + "\"");
        } else if (a == "--comment") {
            auto v = need(i);
            if (!v)
                return v.error();
            r.comment = *v;
        } else if (a == "-p" || a == "--protocol") {
            auto v = need(i);
            if (!v)
                return v.error();
            r.protocol = *v;
        } else if (a == "-s" || a == "--source" || a == "-d" || a == "--destination") {
            auto v = need(i);
            if (!v)
                return v.error();
            AddressMatch m{withPrefix(*v), neg};
            if (a == "-s" || a == "--source")
                r.source = m;
            else
                r.destination = m;
        } else if (a == "-i" || a == "--in-interface" || a == "-o" || a == "--out-interface") {
            auto v = need(i);
            if (!v)
                return v.error();
            ((a == "-i" || a == "--in-interface") ? r.inInterface : r.outInterface) = (neg ? "!" : "") + *v;
        } else if (a == "--dport" || a == "--destination-port") {
            auto v = need(i);
            if (!v)
                return v.error();
            const auto n = parseNumber(*v);
            if (!n || *n == 0 || *n > 65535)
                return parseError("bad port \"" + *v + "\"");
            r.destinationPort = int(*n);
        } else if (a == "--src-type" || a == "--dst-type") {
            auto v = need(i);
            if (!v)
                return v.error();
            if (*v != "LOCAL")
                return parseError("unsupported address type \"" + *v + "\"");
            (a == "--src-type" ? r.srcTypeLocal : r.dstTypeLocal) = !neg;
        } else if (a == "--mode") {
            auto v = need(i);
            if (!v)
                return v.error();
            if (*v != "random")
                return parseError("unsupported statistic mode \"" + *v + "\"");
        } else if (a == "--probability") {
            auto v = need(i);
            if (!v)
                return v.error();
            r.probability = canonicalProbability(*v);
        } else if (a == "--name") {
            auto v = need(i);
            if (!v)
                return v.error();
            r.recentName = *v;
        } else if (a == "--rcheck") {
            r.recent = IptablesRule::RecentOp::Check;
        } else if (a == "--set" && !haveTarget) {
            r.recent = IptablesRule::RecentOp::Set;
        } else if (a == "--seconds") {
            auto v = need(i);
            if (!v)
                return v.error();
            const auto n = parseNumber(*v);
            if (!n)
                return parseError("bad --seconds \"" + *v + "\"");
            r.recentSeconds = int(*n);
        } else if (a == "--reap" || a == "--rsource") {
            // --rsource is the default and what iptables-save adds.
        } else if (a == "--mask") {
            if (!need(i))
                return parseError("--mask needs a value");
        } else if (a == "--mark") {
            auto v = need(i);
            if (!v)
                return v.error();
            uint32_t value = 0, mask = 0xffffffff;
            bool hasMask = false;
            if (!parseMark(*v, value, mask, hasMask))
                return parseError("bad mark \"" + *v + "\"");
            r.markMatch = value;
            r.markMatchNegated = neg;
        } else if (a == "--ctstate") {
            auto v = need(i);
            if (!v)
                return v.error();
            r.ctstate = *v;
        } else if (a == "-j" || a == "--jump") {
            auto v = need(i);
            if (!v)
                return v.error();
            haveTarget = true;
            const std::string &j = *v;
            using T = IptablesRule::Target;
            if (j == "RETURN")
                r.target = T::Return;
            else if (j == "ACCEPT")
                r.target = T::Accept;
            else if (j == "DROP")
                r.target = T::Drop;
            else if (j == "REJECT")
                r.target = T::Reject;
            else if (j == "DNAT")
                r.target = T::Dnat;
            else if (j == "MASQUERADE")
                r.target = T::Masquerade;
            else if (j == "MARK")
                r.target = T::Mark;
            else if (j == "REDIRECT")
                r.target = T::Redirect;
            else if (!j.empty() && (j[0] == '-' || j == "SNAT" || j == "LOG"))
                return parseError("unsupported target \"" + j + "\"");
            else {
                r.target = T::Jump;
                r.jumpChain = j;
            }
        } else if (a == "--to-destination") {
            auto v = need(i);
            if (!v)
                return v.error();
            r.toDestination = *v;
        } else if (a == "--random-fully") {
            r.randomFully = true;
        } else if (a == "--reject-with") {
            auto v = need(i);
            if (!v)
                return v.error();
            if (*v != "icmp-port-unreachable")
                return parseError("unsupported --reject-with \"" + *v + "\"");
        } else if (a == "--to-ports") {
            auto v = need(i);
            if (!v)
                return v.error();
            const auto n = parseNumber(*v);
            if (!n || *n == 0 || *n > 65535)
                return parseError("bad --to-ports \"" + *v + "\"");
            r.toPort = int(*n);
        } else if (a == "--or-mark" || a == "--xor-mark" || a == "--set-xmark") {
            auto v = need(i);
            if (!v)
                return v.error();
            uint32_t value = 0, mask = 0xffffffff;
            bool hasMask = false;
            if (!parseMark(*v, value, mask, hasMask))
                return parseError("bad mark \"" + *v + "\"");
            r.markValue = value;
            if (a == "--or-mark")
                r.markOp = IptablesRule::MarkOp::Or;
            else if (a == "--xor-mark")
                r.markOp = IptablesRule::MarkOp::Xor;
            else if (hasMask && mask == value)
                r.markOp = IptablesRule::MarkOp::Or; // iptables-save's spelling of --or-mark
            else if (hasMask && mask == 0)
                r.markOp = IptablesRule::MarkOp::Xor; // ... and of --xor-mark
            else {
                r.markOp = IptablesRule::MarkOp::SetXmark;
                r.markMask = hasMask ? mask : 0xffffffff;
            }
        } else {
            return parseError("unknown option \"" + a + "\"");
        }
    }
    if (!haveTarget)
        return parseError("rule has no target (-j)");
    return r;
}

} // namespace studio::proxy
