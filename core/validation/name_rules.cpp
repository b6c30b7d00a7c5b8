// SPDX-License-Identifier: GPL-3.0-or-later
#include "validation/name_rules.h"

#include "util/ip_address.h"

#include <initializer_list>

namespace studio::name_rules {

namespace {

// Hand-written matchers instead of std::regex: these run for every field of every object
// the GUI shows, and std::regex is slow and allocates.
bool isLowerAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool isLower(char c)
{
    return c >= 'a' && c <= 'z';
}
bool isAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool matchesDns1123Label(std::string_view v)
{
    if (v.empty() || !isLowerAlnum(v.front()) || !isLowerAlnum(v.back()))
        return false;
    for (char c : v)
        if (!isLowerAlnum(c) && c != '-')
            return false;
    return true;
}

// label(\.label)*
bool matchesDns1123Subdomain(std::string_view v)
{
    if (v.empty())
        return false;
    size_t start = 0;
    while (true) {
        const size_t dot = v.find('.', start);
        const std::string_view part
            = v.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (!matchesDns1123Label(part))
            return false;
        if (dot == std::string_view::npos)
            return true;
        start = dot + 1;
    }
}

// [a-z]([-a-z0-9]*[a-z0-9])?
bool matchesDns1035Label(std::string_view v)
{
    return !v.empty() && isLower(v.front()) && matchesDns1123Label(v);
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool matchesQualifiedNamePart(std::string_view v)
{
    if (v.empty() || !isAlnum(v.front()) || !isAlnum(v.back()))
        return false;
    for (char c : v)
        if (!isAlnum(c) && c != '-' && c != '_' && c != '.')
            return false;
    return true;
}

// RegexError of apimachinery: "msg (e.g. 'a' or 'b', regex used for validation is 'fmt')".
// The examples are joined with " or " after a "', " each, which gives the apiserver's
// double space in "'my-name',  or 'abc-123'" -- keep it, clients compare these strings.
std::string
regexError(std::string msg, std::string_view fmt, std::initializer_list<std::string_view> examples)
{
    if (examples.size() == 0)
        return msg + " (regex used for validation is '" + std::string(fmt) + "')";
    msg += " (e.g. ";
    bool first = true;
    for (std::string_view e : examples) {
        if (!first)
            msg += " or ";
        first = false;
        msg += "'";
        msg += e;
        msg += "', ";
    }
    msg += "regex used for validation is '";
    msg += fmt;
    msg += "')";
    return msg;
}

constexpr std::string_view kDns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kDns1123SubdomainFmt
    = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr std::string_view kDns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kQualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr std::string_view kLabelValueFmt = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
constexpr const char *kQualifiedNameErrMsg
    = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
      "alphanumeric character";

} // namespace

std::string inclusiveRangeError(int64_t lo, int64_t hi)
{
    return "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", inclusive";
}

std::string maxLenError(int length)
{
    return "must be no more than " + std::to_string(length) + " characters";
}

std::string maskTrailingDash(std::string_view name)
{
    // Same as apimachinery: it drops the last *two* characters before appending 'a'.
    // (A lone "-" would panic there; we leave it alone so that it is reported.)
    if (name.size() >= 2 && name.back() == '-')
        return std::string(name.substr(0, name.size() - 2)) + "a";
    return std::string(name);
}

Messages isDns1123Label(std::string_view value)
{
    Messages errs;
    if (value.size() > 63)
        errs.push_back(maxLenError(63));
    if (!matchesDns1123Label(value))
        errs.push_back(regexError("a lowercase RFC 1123 label must consist of lower case "
                                  "alphanumeric characters or '-', and must start and end with an "
                                  "alphanumeric character",
                                  kDns1123LabelFmt,
                                  {"my-name", "123-abc"}));
    return errs;
}

Messages isDns1123Subdomain(std::string_view value)
{
    Messages errs;
    if (value.size() > 253)
        errs.push_back(maxLenError(253));
    if (!matchesDns1123Subdomain(value))
        errs.push_back(regexError("a lowercase RFC 1123 subdomain must consist of lower case "
                                  "alphanumeric characters, '-' or '.', and must start and end "
                                  "with an alphanumeric character",
                                  kDns1123SubdomainFmt,
                                  {"example.com"}));
    return errs;
}

Messages isDns1035Label(std::string_view value)
{
    Messages errs;
    if (value.size() > 63)
        errs.push_back(maxLenError(63));
    if (!matchesDns1035Label(value))
        errs.push_back(regexError("a DNS-1035 label must consist of lower case alphanumeric "
                                  "characters or '-', start with an alphabetic character, and end "
                                  "with an alphanumeric character",
                                  kDns1035LabelFmt,
                                  {"my-name", "abc-123"}));
    return errs;
}

Messages isQualifiedName(std::string_view value)
{
    Messages errs;
    std::string_view name;
    const size_t slash = value.find('/');
    if (slash == std::string_view::npos) {
        name = value;
    } else if (value.find('/', slash + 1) == std::string_view::npos) {
        const std::string_view prefix = value.substr(0, slash);
        name = value.substr(slash + 1);
        if (prefix.empty()) {
            errs.push_back("prefix part must be non-empty");
        } else {
            for (auto &m : isDns1123Subdomain(prefix))
                errs.push_back("prefix part " + m);
        }
    } else {
        errs.push_back(
            "a qualified name "
            + regexError(kQualifiedNameErrMsg, kQualifiedNameFmt, {"MyName", "my.name", "123-abc"})
            + " with an optional DNS subdomain prefix and '/' (e.g. "
              "'example.com/MyName')");
        return errs;
    }
    if (name.empty())
        errs.push_back("name part must be non-empty");
    else if (name.size() > 63)
        errs.push_back("name part " + maxLenError(63));
    if (!matchesQualifiedNamePart(name))
        errs.push_back("name part "
                       + regexError(kQualifiedNameErrMsg,
                                    kQualifiedNameFmt,
                                    {"MyName", "my.name", "123-abc"}));
    return errs;
}

Messages isValidLabelValue(std::string_view value)
{
    Messages errs;
    if (value.size() > 63)
        errs.push_back(maxLenError(63));
    if (!value.empty() && !matchesQualifiedNamePart(value))
        errs.push_back(regexError("a valid label must be an empty string or consist of "
                                  "alphanumeric characters, '-', '_' or '.', and must start and "
                                  "end with an alphanumeric character",
                                  kLabelValueFmt,
                                  {"MyValue", "my_value", "12345"}));
    return errs;
}

Messages isValidPortName(std::string_view port)
{
    Messages errs;
    if (port.size() > 15)
        errs.push_back(maxLenError(15));
    bool charset = !port.empty();
    bool hasLetter = false;
    for (char c : port) {
        if (!isLowerAlnum(c) && c != '-')
            charset = false;
        if (isLower(c))
            hasLetter = true;
    }
    if (!charset)
        errs.push_back("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    // The apiserver checks for a letter ([a-z]) although its message says "letter or number".
    if (!hasLetter)
        errs.push_back("must contain at least one letter or number (a-z, 0-9)");
    if (port.find("--") != std::string_view::npos)
        errs.push_back("must not contain consecutive hyphens");
    if (!port.empty() && (port.front() == '-' || port.back() == '-'))
        errs.push_back("must not begin or end with a hyphen");
    return errs;
}

Messages isValidPortNum(int64_t port)
{
    if (port >= 1 && port <= 65535)
        return {};
    return {inclusiveRangeError(1, 65535)};
}

Messages isValidIp(std::string_view value)
{
    if (IpAddress::parse(value))
        return {};
    return {"must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"};
}

} // namespace studio::name_rules
