// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest/writer.h"

#include "manifest/yaml_reader.h"

#include <cmath>
#include <cstring>

namespace studio {

namespace {

// Characters that must be escaped on output: C1 controls (U+0080..U+009F, UTF-8 C2 80..9F,
// NEL U+0085 included: YAML 1.1 reads it as a line break), the line and paragraph separators
// U+2028/U+2029 (also line breaks to YAML 1.1), a BOM U+FEFF and the non-characters
// U+FFFE/U+FFFF. Returns the length of the UTF-8 sequence at i, or 0.
size_t nonPrintableAt(const std::string &s, size_t i)
{
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    if (b(i) == 0xc2 && i + 1 < s.size() && b(i + 1) >= 0x80 && b(i + 1) <= 0x9f)
        return 2;
    if (i + 2 < s.size()
        && ((b(i) == 0xe2 && b(i + 1) == 0x80 && (b(i + 2) == 0xa8 || b(i + 2) == 0xa9))
            || (b(i) == 0xef && b(i + 1) == 0xbb && b(i + 2) == 0xbf)
            || (b(i) == 0xef && b(i + 1) == 0xbf && (b(i + 2) == 0xbe || b(i + 2) == 0xbf))))
        return 3;
    return 0;
}

bool hasNonPrintable(const std::string &s)
{
    for (size_t i = 0; i < s.size(); ++i)
        if (nonPrintableAt(s, i))
            return true;
    return false;
}

bool needsQuotes(const std::string &s)
{
    if (s.empty())
        return true;
    if (!plainScalarReadsAsString(s) || hasNonPrintable(s))
        return true;
    const unsigned char first = s.front();
    if (std::strchr("-?:,[]{}#&*!|>'\"%@` \t", first))
        return true;
    if (s.back() == ' ' || s.back() == '\t' || s.back() == ':')
        return true;
    for (size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = s[i];
        if (c < 0x20 || c == 0x7f)
            return true;
        if (c == ':' && i + 1 < s.size() && (s[i + 1] == ' ' || s[i + 1] == '\t'))
            return true;
        if (c == '#' && i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t'))
            return true;
    }
    // Unquoted, "<<" is a YAML merge key, which the reader refuses.
    if (s == "<<")
        return true;
    // At the start of a line these are document markers (a key is written at column 0).
    if (s.rfind("---", 0) == 0 || s.rfind("...", 0) == 0)
        return true;
    return false;
}

void appendDoubleQuoted(std::string &out, const std::string &s, bool json)
{
    out += '"';
    for (size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (const size_t n = nonPrintableAt(s, i)) {
            const auto at = [&](size_t k) { return unsigned(static_cast<unsigned char>(s[k])); };
            const unsigned cp = n == 2 ? (c & 0x1fu) << 6 | (at(i + 1) & 0x3fu)
                                       : (c & 0x0fu) << 12 | (at(i + 1) & 0x3fu) << 6
                                             | (at(i + 2) & 0x3fu);
            char buf[8];
            snprintf(buf, sizeof buf, "\\u%04x", cp);
            out += buf;
            i += n - 1;
            continue;
        }
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20 || c == 0x7f) {
                char buf[8];
                snprintf(buf, sizeof buf, json ? "\\u%04x" : "\\x%02x", c);
                out += buf;
            } else {
                out += char(c);
            }
        }
    }
    out += '"';
}

// A literal block (|) reads back exactly when no line has leading-space trouble on the first
// line and there are no control characters other than newlines.
bool literalBlockOk(const std::string &s)
{
    if (s.find('\n') == std::string::npos || s.front() == ' ' || s.front() == '\n'
        || hasNonPrintable(s))
        return false;
    for (unsigned char c : s)
        if ((c < 0x20 && c != '\n') || c == 0x7f)
            return false;
    // Trailing spaces before a newline survive a literal block; a final run of several
    // newlines needs "|+": keep it simple and quote those.
    if (s.size() >= 2 && s[s.size() - 1] == '\n' && s[s.size() - 2] == '\n')
        return false;
    return true;
}

void appendScalar(std::string &out, const Node &n, int indent)
{
    switch (n.type()) {
    case Node::Type::Null: out += "null"; return;
    case Node::Type::Bool: out += n.boolValue() ? "true" : "false"; return;
    case Node::Type::Int:
    case Node::Type::Float: out += n.text(); return;
    case Node::Type::String: {
        const std::string &s = n.text();
        if (literalBlockOk(s)) {
            out += s.back() == '\n' ? "|" : "|-";
            size_t start = 0;
            const std::string pad(size_t(indent + 2), ' ');
            while (start < s.size()) {
                size_t nl = s.find('\n', start);
                if (nl == std::string::npos)
                    nl = s.size();
                out += '\n';
                if (nl > start)
                    out += pad;
                out.append(s, start, nl - start);
                start = nl + 1;
            }
            return;
        }
        if (needsQuotes(s))
            appendDoubleQuoted(out, s, false);
        else
            out += s;
        return;
    }
    default: return;
    }
}

void appendKey(std::string &out, const std::string &key)
{
    if (needsQuotes(key))
        appendDoubleQuoted(out, key, false);
    else
        out += key;
}

bool isEmptyCollection(const Node &n)
{
    if (n.isMap()) {
        for (const auto &e : n.entries())
            if (!e.value.isTombstone())
                return false;
        return true;
    }
    if (n.isSequence())
        return n.items().empty();
    return false;
}

void writeNode(std::string &out, const Node &n, int indent);

void writeMapBody(std::string &out, const Node &n, int indent, bool firstInline)
{
    bool first = true;
    for (const auto &e : n.entries()) {
        if (e.value.isTombstone())
            continue;
        if (!(first && firstInline))
            out.append(size_t(indent), ' ');
        first = false;
        appendKey(out, e.key);
        out += ':';
        const Node &v = e.value;
        if (v.isMap() && !isEmptyCollection(v)) {
            out += '\n';
            writeMapBody(out, v, indent + 2, false);
        } else if (v.isSequence() && !isEmptyCollection(v)) {
            out += '\n';
            writeNode(out, v, indent);
        } else {
            out += ' ';
            writeNode(out, v, indent);
            out += '\n';
        }
    }
}

void writeNode(std::string &out, const Node &n, int indent)
{
    if (n.isMap()) {
        if (isEmptyCollection(n)) {
            out += "{}";
            return;
        }
        writeMapBody(out, n, indent, false);
        return;
    }
    if (n.isSequence()) {
        if (n.items().empty()) {
            out += "[]";
            return;
        }
        for (const Node &item : n.items()) {
            if (item.isTombstone())
                continue;
            out.append(size_t(indent), ' ');
            out += "- ";
            if (item.isMap() && !isEmptyCollection(item)) {
                writeMapBody(out, item, indent + 2, true);
            } else if (item.isSequence() && !isEmptyCollection(item)) {
                out += '\n';
                writeNode(out, item, indent + 2);
            } else {
                writeNode(out, item, indent);
                out += '\n';
            }
        }
        return;
    }
    appendScalar(out, n, indent);
}

void writeJsonNode(std::string &out, const Node &n, int indent, int level)
{
    auto newline = [&](int lvl) {
        if (indent < 0)
            return;
        out += '\n';
        out.append(size_t(indent * lvl), ' ');
    };
    switch (n.type()) {
    case Node::Type::Null: out += "null"; return;
    case Node::Type::Bool: out += n.boolValue() ? "true" : "false"; return;
    case Node::Type::Int: out += std::to_string(n.intValue()); return;
    case Node::Type::Float: {
        const double d = n.floatValue();
        if (!std::isfinite(d)) {
            out += "null";
            return;
        }
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", d);
        out += buf;
        return;
    }
    case Node::Type::String: appendDoubleQuoted(out, n.text(), true); return;
    case Node::Type::Sequence: {
        if (n.items().empty()) {
            out += "[]";
            return;
        }
        out += '[';
        bool first = true;
        for (const Node &i : n.items()) {
            if (i.isTombstone())
                continue;
            if (!first)
                out += ',';
            first = false;
            newline(level + 1);
            writeJsonNode(out, i, indent, level + 1);
        }
        newline(level);
        out += ']';
        return;
    }
    case Node::Type::Map: {
        if (isEmptyCollection(n)) {
            out += "{}";
            return;
        }
        out += '{';
        bool first = true;
        for (const auto &e : n.entries()) {
            if (e.value.isTombstone())
                continue;
            if (!first)
                out += ',';
            first = false;
            newline(level + 1);
            appendDoubleQuoted(out, e.key, true);
            out += indent < 0 ? ":" : ": ";
            writeJsonNode(out, e.value, indent, level + 1);
        }
        newline(level);
        out += '}';
        return;
    }
    }
}

} // namespace

std::string writeYaml(const Node &root)
{
    std::string out;
    if (root.isMap() || root.isSequence()) {
        if (isEmptyCollection(root)) {
            out = root.isMap() ? "{}\n" : "[]\n";
        } else {
            writeNode(out, root, 0);
        }
    } else {
        appendScalar(out, root, 0);
        out += '\n';
    }
    return out;
}

std::string writeYamlDocuments(const std::vector<Node> &roots)
{
    std::string out;
    for (size_t i = 0; i < roots.size(); ++i) {
        if (i > 0)
            out += "---\n";
        out += writeYaml(roots[i]);
    }
    return out;
}

std::string writeJson(const Node &root, int indent)
{
    std::string out;
    writeJsonNode(out, root, indent, 0);
    if (indent >= 0)
        out += '\n';
    return out;
}

} // namespace studio
