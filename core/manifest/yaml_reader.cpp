// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest/yaml_reader.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>

namespace studio {

namespace {

// Thrown inside the event handler to stop the parser; caught in parseYaml, never escapes.
struct StopParsing
{
    Error error;
};

Mark toMark(const YAML::Mark &m)
{
    if (m.is_null())
        return {};
    return {m.line + 1, m.column + 1};
}

bool allOf(std::string_view s, size_t from, bool (*pred)(char))
{
    if (from >= s.size())
        return false;
    for (size_t i = from; i < s.size(); ++i)
        if (s[i] != '_' && !pred(s[i]))
            return false;
    return true;
}

bool isDec(char c) { return c >= '0' && c <= '9'; }
bool isOct(char c) { return c >= '0' && c <= '7'; }
bool isBin(char c) { return c == '0' || c == '1'; }
bool isHex(char c) { return isDec(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool parseIntText(std::string_view s, int64_t &out)
{
    bool neg = false;
    size_t i = 0;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        i = 1;
    }
    std::string_view body = s.substr(i);
    int base = 10;
    size_t skip = 0;
    if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X')) {
        if (!allOf(body, 2, isHex))
            return false;
        base = 16;
        skip = 2;
    } else if (body.size() > 2 && body[0] == '0' && (body[1] == 'b' || body[1] == 'B')) {
        if (!allOf(body, 2, isBin))
            return false;
        base = 2;
        skip = 2;
    } else if (body.size() > 2 && body[0] == '0' && body[1] == 'o') {
        if (!allOf(body, 2, isOct))
            return false;
        base = 8;
        skip = 2;
    } else if (body.size() > 1 && body[0] == '0') {
        if (!allOf(body, 1, isOct))
            return false;
        base = 8;
        skip = 1;
    } else {
        if (body.empty() || body[0] == '_' || !allOf(body, 0, isDec))
            return false;
    }
    std::string digits;
    digits.reserve(body.size());
    for (size_t k = skip; k < body.size(); ++k)
        if (body[k] != '_')
            digits += body[k];
    if (digits.empty())
        return false;
    uint64_t v = 0;
    auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
    if (r.ec != std::errc() || r.ptr != digits.data() + digits.size())
        return false; // out of range: left as a float-or-string below
    if (neg) {
        if (v > uint64_t(std::numeric_limits<int64_t>::max()) + 1)
            return false;
        out = int64_t(0 - v);
    } else {
        if (v > uint64_t(std::numeric_limits<int64_t>::max()))
            return false;
        out = int64_t(v);
    }
    return true;
}

bool parseFloatText(std::string_view s, double &out)
{
    if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" || s == "+.INF") {
        out = std::numeric_limits<double>::infinity();
        return true;
    }
    if (s == "-.inf" || s == "-.Inf" || s == "-.INF") {
        out = -std::numeric_limits<double>::infinity();
        return true;
    }
    if (s == ".nan" || s == ".NaN" || s == ".NAN") {
        out = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    // [-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?
    size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+'))
        ++i;
    bool digits = false;
    while (i < s.size() && (isDec(s[i]) || (digits && s[i] == '_'))) {
        digits = true;
        ++i;
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && (isDec(s[i]) || s[i] == '_')) {
            digits = true;
            ++i;
        }
    }
    if (!digits)
        return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+'))
            ++i;
        bool exp = false;
        while (i < s.size() && isDec(s[i])) {
            exp = true;
            ++i;
        }
        if (!exp)
            return false;
    }
    if (i != s.size())
        return false;
    std::string clean;
    for (char c : s)
        if (c != '_')
            clean += c;
    char *end = nullptr;
    errno = 0;
    out = strtod(clean.c_str(), &end);
    return end && *end == '\0';
}

// Resolves an untagged plain scalar the way go-yaml v2 does.
Node resolvePlain(const std::string &v, Mark m)
{
    if (v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL")
        return Node::null(m);
    switch (v[0]) {
    case 'y': case 'Y': case 'n': case 'N': case 't': case 'T': case 'f': case 'F': case 'o':
    case 'O': {
        static const char *trues[] = {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
                                      "true", "True", "TRUE"};
        static const char *falses[] = {"n", "N", "no", "No", "NO", "off", "Off", "OFF",
                                       "false", "False", "FALSE"};
        for (const char *t : trues)
            if (v == t)
                return Node::boolean(true, m);
        for (const char *f : falses)
            if (v == f)
                return Node::boolean(false, m);
        return Node::string(v, m);
    }
    default:
        break;
    }
    const char c = v[0];
    if (isDec(c) || c == '-' || c == '+' || c == '.') {
        int64_t i = 0;
        if (parseIntText(v, i))
            return Node::integer(i, m, v); // keeps the spelling (0x50, 1_000) for the round trip
        double d = 0;
        if (parseFloatText(v, d))
            return Node::floating(d, v, m);
    }
    return Node::string(v, m);
}

class TreeBuilder final : public YAML::EventHandler
{
public:
    explicit TreeBuilder(const ReadLimits &limits) : m_limits(limits) {}

    std::vector<SourceDocument> documents;

    void OnDocumentStart(const YAML::Mark &mark) override
    {
        m_docStart = toMark(mark);
        m_stack.clear();
        m_keys.clear();
        m_root = Node();
        m_haveRoot = false;
        m_anchors.clear();
    }

    void OnDocumentEnd() override
    {
        SourceDocument d;
        d.root = std::move(m_root);
        d.index = int(documents.size());
        d.start = m_docStart;
        documents.push_back(std::move(d));
    }

    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        add(Node::null(toMark(mark)), anchor, 1);
    }

    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        auto it = m_anchors.find(anchor);
        if (it == m_anchors.end())
            fail("yaml-syntax", "unknown anchor", toMark(mark));
        m_aliasNodes += it->second.count;
        if (m_aliasNodes > m_limits.maxAliasNodes)
            fail("alias-bomb",
                 "aliases expand to more than " + std::to_string(m_limits.maxAliasNodes)
                     + " nodes (an alias bomb?)",
                 toMark(mark));
        Node copy = it->second.node;
        copy.setMark(toMark(mark));
        add(std::move(copy), 0, it->second.count);
    }

    void OnScalar(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                  const std::string &value) override
    {
        const Mark m = toMark(mark);
        Node n;
        if (tag == "?" || tag.empty()) {
            n = resolvePlain(value, m);
        } else if (tag == "!") {
            n = Node::string(value, m);
            n.setQuoted(true);
        } else if (tag == "tag:yaml.org,2002:str") {
            n = Node::string(value, m);
            n.setQuoted(true);
        } else if (tag == "tag:yaml.org,2002:int") {
            int64_t i = 0;
            if (!parseIntText(value, i))
                fail("bad-tag", "cannot decode !!int `" + value + "`", m);
            n = Node::integer(i, m);
        } else if (tag == "tag:yaml.org,2002:float") {
            double d = 0;
            if (!parseFloatText(value, d))
                fail("bad-tag", "cannot decode !!float `" + value + "`", m);
            n = Node::floating(d, value, m);
        } else if (tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null") {
            n = resolvePlain(value, m);
            const bool want = tag == "tag:yaml.org,2002:bool";
            if ((want && !n.isBool()) || (!want && !n.isNull()))
                fail("bad-tag", "cannot decode " + tag.substr(18) + " `" + value + "`", m);
        } else {
            fail("bad-tag", "unsupported YAML tag " + tag, m);
        }
        add(std::move(n), anchor, 1);
    }

    void OnSequenceStart(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override
    {
        checkCollectionTag(tag, "tag:yaml.org,2002:seq", mark);
        push(Node::sequence(toMark(mark)), anchor);
    }

    void OnSequenceEnd() override { pop(); }

    void OnMapStart(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override
    {
        checkCollectionTag(tag, "tag:yaml.org,2002:map", mark);
        push(Node::map(toMark(mark)), anchor);
    }

    void OnMapEnd() override { pop(); }

private:
    struct Frame
    {
        Node node;
        YAML::anchor_t anchor = 0;
        size_t count = 1; // nodes in this subtree so far
        bool expectKey = true;
        std::string key;
        Mark keyMark;
    };
    struct Anchored
    {
        Node node;
        size_t count;
    };

    [[noreturn]] void fail(const char *code, std::string message, Mark m)
    {
        throw StopParsing{makeError(code, std::move(message), m.line, m.column)};
    }

    void checkCollectionTag(const std::string &tag, const char *allowed, const YAML::Mark &mark)
    {
        if (!tag.empty() && tag != "?" && tag != "!" && tag != allowed)
            fail("bad-tag", "unsupported YAML tag " + tag, toMark(mark));
    }

    void countNodes(size_t n, Mark m)
    {
        m_nodes += n;
        if (m_nodes > m_limits.maxNodes)
            fail("too-many-nodes",
                 "document has more than " + std::to_string(m_limits.maxNodes) + " nodes", m);
    }

    void push(Node n, YAML::anchor_t anchor)
    {
        if (int(m_stack.size()) >= m_limits.maxDepth)
            fail("too-deep",
                 "nesting is deeper than " + std::to_string(m_limits.maxDepth) + " levels",
                 n.mark());
        countNodes(1, n.mark());
        Frame f;
        f.node = std::move(n);
        f.anchor = anchor;
        m_stack.push_back(std::move(f));
    }

    void pop()
    {
        Frame f = std::move(m_stack.back());
        m_stack.pop_back();
        if (f.node.isMap() && !f.expectKey)
            fail("yaml-syntax", "mapping key without a value", f.keyMark);
        place(std::move(f.node), f.anchor, f.count);
    }

    void add(Node n, YAML::anchor_t anchor, size_t count)
    {
        countNodes(count, n.mark());
        place(std::move(n), anchor, count);
    }

    void place(Node n, YAML::anchor_t anchor, size_t count)
    {
        if (anchor)
            m_anchors[anchor] = Anchored{n, count};
        if (m_stack.empty()) {
            m_root = std::move(n);
            m_haveRoot = true;
            return;
        }
        Frame &parent = m_stack.back();
        parent.count += count;
        if (parent.node.isSequence()) {
            parent.node.append(std::move(n));
            return;
        }
        if (parent.expectKey) {
            if (!n.isScalar())
                fail("bad-key", "a mapping key must be a string, not a " + n.typeName(),
                     n.mark());
            parent.key = n.isNull() ? std::string("null") : n.text();
            parent.keyMark = n.mark();
            // Merge keys (<<) are not part of what Kubernetes accepts in JSON form: refuse.
            if (parent.key == "<<" && !n.quoted())
                fail("bad-key", "YAML merge keys (<<) are not supported in manifests", n.mark());
            if (parent.node.findEntry(parent.key))
                fail("duplicate-key",
                     "mapping key \"" + parent.key + "\" already defined at line "
                         + std::to_string(parent.node.findEntry(parent.key)->keyMark.line),
                     n.mark());
            parent.expectKey = false;
        } else {
            parent.node.entries().push_back(
                Node::Entry{std::move(parent.key), parent.keyMark, std::move(n)});
            parent.key.clear();
            parent.expectKey = true;
        }
    }

    const ReadLimits &m_limits;
    std::vector<Frame> m_stack;
    std::vector<std::string> m_keys;
    std::map<YAML::anchor_t, Anchored> m_anchors;
    Node m_root;
    bool m_haveRoot = false;
    Mark m_docStart;
    size_t m_nodes = 0;
    size_t m_aliasNodes = 0;
};

} // namespace

Result<std::vector<SourceDocument>> parseYaml(std::string_view text, const ReadLimits &limits)
{
    if (text.size() > limits.maxBytes)
        return makeError("file-too-large",
                         "input is " + std::to_string(text.size() / (1024 * 1024))
                             + " MiB, more than the limit of "
                             + std::to_string(limits.maxBytes / (1024 * 1024)) + " MiB");
    // A NUL byte is never valid YAML text; yaml-cpp would stop silently at it.
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        int line = 1, col = 1;
        for (size_t i = 0; i < nul; ++i) {
            if (text[i] == '\n') {
                ++line;
                col = 1;
            } else {
                ++col;
            }
        }
        return makeError("yaml-syntax", "input contains a NUL byte (binary file?)", line, col);
    }
    std::istringstream in{std::string(text)};
    TreeBuilder builder(limits);
    try {
        YAML::Parser parser(in);
        while (parser.HandleNextDocument(builder)) {
        }
    } catch (const StopParsing &stop) {
        return stop.error;
    } catch (const YAML::Exception &e) {
        const Mark m = toMark(e.mark);
        return makeError("yaml-syntax", e.msg.empty() ? std::string("invalid YAML") : e.msg,
                         m.line, m.column);
    } catch (const std::exception &e) {
        return makeError("yaml-syntax", std::string("cannot parse: ") + e.what());
    }
    return std::move(builder.documents);
}

Result<std::string> readFileLimited(const std::string &path, size_t maxBytes)
{
    FILE *f = path == "-" ? stdin : fopen(path.c_str(), "rb");
    if (!f) {
        Error e = makeError("unreadable", std::string("cannot open: ") + strerror(errno));
        e.file = path;
        return e;
    }
    std::string data;
    char buf[1 << 16];
    size_t n;
    bool tooLarge = false;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (data.size() + n > maxBytes) {
            tooLarge = true;
            break;
        }
        data.append(buf, n);
    }
    const bool readError = ferror(f);
    if (f != stdin)
        fclose(f);
    if (tooLarge) {
        Error e = makeError("file-too-large",
                            "file is larger than the limit of "
                                + std::to_string(maxBytes / (1024 * 1024)) + " MiB");
        e.file = path;
        return e;
    }
    if (readError) {
        Error e = makeError("unreadable", "read error");
        e.file = path;
        return e;
    }
    return data;
}

Result<std::vector<SourceDocument>> readYamlFile(const std::string &path, const ReadLimits &limits)
{
    auto data = readFileLimited(path, limits.maxBytes);
    if (!data)
        return data.error();
    auto docs = parseYaml(*data, limits);
    if (!docs) {
        Error e = docs.error();
        e.file = path;
        return e;
    }
    return docs;
}

} // namespace studio

namespace studio {
bool plainScalarReadsAsString(std::string_view text)
{
    return resolvePlain(std::string(text), {}).isString();
}
} // namespace studio
