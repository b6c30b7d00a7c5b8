// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest/yaml_reader.h"

#include "manifest/yaml_events.h"

#include <yaml.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <limits>
#include <memory>
#include <unordered_map>

namespace studio {

namespace {

// Thrown inside the event handler to stop the parser; caught in parseYaml, never escapes.
struct StopParsing
{
    Error error;
};

Mark toMark(const yaml_mark_t &m)
{
    return {int(m.line) + 1, int(m.column) + 1};
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
    std::string_view digits = body.substr(skip);
    std::string cleaned;
    if (digits.find('_') != std::string_view::npos) {
        for (char ch : digits)
            if (ch != '_')
                cleaned += ch;
        digits = cleaned;
    }
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

// Resolves an untagged plain scalar the way go-yaml v2 does. On the hot path of every
// manifest: no allocation but the string itself, few comparisons.
Node resolvePlain(std::string v, Mark m)
{
    const size_t n = v.size();
    if (n == 0)
        return Node::null(m);
    const char c = v[0];
    if (n <= 5) {
        static constexpr std::string_view kNull[] = {"~", "null", "Null", "NULL"};
        static constexpr std::string_view kTrue[] = {"y", "Y", "yes", "Yes", "YES", "on", "On",
                                                     "ON", "true", "True", "TRUE"};
        static constexpr std::string_view kFalse[] = {"n", "N", "no", "No", "NO", "off", "Off",
                                                      "OFF", "false", "False", "FALSE"};
        const std::string_view sv(v);
        for (auto k : kNull)
            if (sv == k)
                return Node::null(m);
        for (auto k : kTrue)
            if (sv == k)
                return Node::boolean(true, m);
        for (auto k : kFalse)
            if (sv == k)
                return Node::boolean(false, m);
    }
    if (isDec(c) || c == '-' || c == '+' || c == '.') {
        int64_t i = 0;
        if (parseIntText(v, i))
            return Node::integer(i, m, std::move(v)); // keeps the spelling (0x50, 1_000)
        double d = 0;
        if (parseFloatText(v, d))
            return Node::floating(d, std::move(v), m);
    }
    return Node::string(std::move(v), m);
}

// Builds the tree from libyaml's events. libyaml is the reference YAML 1.1 parser and the one
// go-yaml v2 (which Kubernetes decodes manifests with) was ported from, so what it accepts
// and refuses is what kubectl and the apiserver accept and refuse. (yaml-cpp, measured on
// the 10,000-service benchmark, parsed at 2-4 MB/s, 80 % of it in its regex scanner.)
class TreeBuilder final : public detail::YamlEventSink
{
public:
    explicit TreeBuilder(const ReadLimits &limits) : m_limits(limits) {}

    std::vector<SourceDocument> documents;

    void documentStart(Mark m) override
    {
        if (documents.size() >= m_limits.maxDocuments)
            fail("too-many-nodes",
                 "file has more than " + std::to_string(m_limits.maxDocuments) + " documents", m);
        m_docStart = m;
        m_stack.clear();
        m_root = Node();
        m_anchors.clear();
    }

    void documentEnd() override
    {
        SourceDocument d;
        d.root = std::move(m_root);
        d.index = int(documents.size());
        d.start = m_docStart;
        documents.push_back(std::move(d));
    }

    void alias(Mark m, const char *name) override
    {
        auto it = m_anchors.find(name ? name : "");
        if (it == m_anchors.end())
            fail("yaml-syntax",
                 std::string("unknown anchor '") + (name ? name : "") + "' referenced", m);
        m_aliasNodes += it->second.count;
        if (m_aliasNodes > m_limits.maxAliasNodes)
            fail("alias-bomb",
                 "aliases expand to more than " + std::to_string(m_limits.maxAliasNodes)
                     + " nodes (an alias bomb?)",
                 m);
        Node copy = it->second.node;
        copy.setMark(m);
        add(std::move(copy), nullptr, it->second.count);
    }

    // plain: the scalar was written without quotes (and is not a block scalar).
    void scalar(Mark m, std::string value, bool plain, std::string_view tag,
                const char *anchor) override
    {
        Node n;
        if (tag.empty() || tag == "!") {
            if (plain && tag.empty()) {
                n = resolvePlain(std::move(value), m);
            } else {
                n = Node::string(std::move(value), m);
                n.setQuoted(true);
            }
        } else if (tag == "tag:yaml.org,2002:str") {
            n = Node::string(std::move(value), m);
            n.setQuoted(true);
        } else if (tag == "tag:yaml.org,2002:int") {
            int64_t i = 0;
            if (!parseIntText(value, i))
                fail("bad-tag", "cannot decode !!int `" + value + "`", m);
            n = Node::integer(i, m, value);
        } else if (tag == "tag:yaml.org,2002:float") {
            double d = 0;
            if (!parseFloatText(value, d)) {
                int64_t i = 0;
                if (!parseIntText(value, i))
                    fail("bad-tag", "cannot decode !!float `" + value + "`", m);
                d = double(i);
            }
            n = Node::floating(d, value, m);
        } else if (tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null") {
            n = resolvePlain(value, m);
            const bool wantBool = tag == "tag:yaml.org,2002:bool";
            if ((wantBool && !n.isBool()) || (!wantBool && !n.isNull()))
                fail("bad-tag", "cannot decode !!" + std::string(tag.substr(18)) + " `" + value + "`",
                     m);
        } else {
            fail("bad-tag", "unsupported YAML tag " + std::string(tag), m);
        }
        add(std::move(n), anchor, 1);
    }

    void collectionStart(Mark m, bool isMap, std::string_view tag, const char *anchor) override
    {
        const char *allowed = isMap ? "tag:yaml.org,2002:map" : "tag:yaml.org,2002:seq";
        if (!tag.empty() && tag != "!" && tag != allowed)
            fail("bad-tag", "unsupported YAML tag " + std::string(tag), m);
        push(isMap ? Node::map(m) : Node::sequence(m), anchor);
    }

    void collectionEnd() override { pop(); }

private:
    struct Frame
    {
        Node node;
        std::string anchor;
        size_t count = 1; // nodes in this subtree so far
        bool expectKey = true;
        std::string key;
        Mark keyMark;
        // An index of keys once a map grows large (thousands of labels): keeps the
        // duplicate-key check linear.
        std::unique_ptr<std::unordered_map<std::string, int>> keyLines;
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

    void countNodes(size_t n, Mark m)
    {
        m_nodes += n;
        if (m_nodes > m_limits.maxNodes)
            fail("too-many-nodes",
                 "document has more than " + std::to_string(m_limits.maxNodes) + " nodes", m);
    }

    void push(Node n, const char *anchor)
    {
        if (int(m_stack.size()) >= m_limits.maxDepth)
            fail("too-deep",
                 "nesting is deeper than " + std::to_string(m_limits.maxDepth) + " levels",
                 n.mark());
        countNodes(1, n.mark());
        Frame f;
        f.node = std::move(n);
        if (anchor)
            f.anchor = anchor;
        m_stack.push_back(std::move(f));
    }

    void pop()
    {
        Frame f = std::move(m_stack.back());
        m_stack.pop_back();
        place(std::move(f.node), f.anchor.empty() ? nullptr : f.anchor.c_str(), f.count);
    }

    void add(Node n, const char *anchor, size_t count)
    {
        countNodes(count, n.mark());
        place(std::move(n), anchor, count);
    }

    void place(Node n, const char *anchor, size_t count)
    {
        if (anchor && *anchor)
            m_anchors[anchor] = Anchored{n, count};
        if (m_stack.empty()) {
            m_root = std::move(n);
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
                fail("bad-key", "a mapping key must be a string, not an " + n.typeName(),
                     n.mark());
            parent.key = n.isNull() ? std::string("null") : n.takeText();
            parent.keyMark = n.mark();
            // Merge keys (<<) are YAML 1.1 sugar that the JSON form of an object cannot keep.
            if (parent.key == "<<" && !n.quoted())
                fail("bad-key", "YAML merge keys (<<) are not supported in manifests", n.mark());
            checkDuplicate(parent);
            parent.expectKey = false;
        } else {
            parent.node.entries().push_back(
                Node::Entry{std::move(parent.key), parent.keyMark, std::move(n)});
            parent.key.clear();
            parent.expectKey = true;
        }
    }

    void checkDuplicate(Frame &f)
    {
        const auto &entries = f.node.entries();
        int previousLine = -1;
        if (f.keyLines) {
            auto it = f.keyLines->find(f.key);
            if (it != f.keyLines->end())
                previousLine = it->second;
        } else {
            for (const auto &e : entries)
                if (e.key == f.key) {
                    previousLine = e.keyMark.line;
                    break;
                }
            if (entries.size() >= 32) {
                f.keyLines = std::make_unique<std::unordered_map<std::string, int>>();
                for (const auto &e : entries)
                    f.keyLines->emplace(e.key, e.keyMark.line);
            }
        }
        if (previousLine >= 0)
            fail("duplicate-key",
                 "mapping key \"" + f.key + "\" already defined at line "
                     + std::to_string(previousLine),
                 f.keyMark);
        if (f.keyLines)
            f.keyLines->emplace(f.key, f.keyMark.line);
    }

    const ReadLimits &m_limits;
    std::vector<Frame> m_stack;
    std::unordered_map<std::string, Anchored> m_anchors;
    Node m_root;
    Mark m_docStart;
    size_t m_nodes = 0;
    size_t m_aliasNodes = 0;
};

// RAII for libyaml's C objects.
struct LibYamlParser
{
    yaml_parser_t parser;
    explicit LibYamlParser(std::string_view text)
    {
        yaml_parser_initialize(&parser);
        yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char *>(text.data()),
                                     text.size());
    }
    ~LibYamlParser() { yaml_parser_delete(&parser); }
    LibYamlParser(const LibYamlParser &) = delete;
    LibYamlParser &operator=(const LibYamlParser &) = delete;
};

struct LibYamlEvent
{
    yaml_event_t e{};
    bool owned = false;
    LibYamlEvent() = default;
    LibYamlEvent(const LibYamlEvent &) = delete;
    LibYamlEvent &operator=(const LibYamlEvent &) = delete;
    ~LibYamlEvent()
    {
        if (owned)
            yaml_event_delete(&e);
    }
};

Error parserError(const yaml_parser_t &p)
{
    // libyaml's words, as go-yaml (and so kubectl) prints them: "did not find expected key".
    std::string msg = p.problem ? p.problem : "invalid YAML";
    if (p.context)
        msg = std::string(p.context) + ": " + msg;
    if (p.error == YAML_READER_ERROR)
        return makeError("yaml-syntax",
                         msg + " (at byte " + std::to_string(p.problem_offset) + ")");
    return makeError("yaml-syntax", msg, int(p.problem_mark.line) + 1,
                     int(p.problem_mark.column) + 1);
}

} // namespace

Result<std::vector<SourceDocument>> parseYaml(std::string_view text, const ReadLimits &limits)
{
    if (text.size() > limits.maxBytes)
        return makeError("file-too-large",
                         "input is " + std::to_string(text.size() / (1024 * 1024))
                             + " MiB, more than the limit of "
                             + std::to_string(limits.maxBytes / (1024 * 1024)) + " MiB");
    // A NUL byte is never valid YAML text: say where it is.
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
    if (limits.allowFastPath) {
        TreeBuilder fast(limits);
        try {
            if (detail::parseFastBlockYaml(text, fast))
                return std::move(fast.documents);
        } catch (const StopParsing &) {
            // A duplicate key or a limit: libyaml below gives the verdict, so that both paths
            // always agree on which error comes first.
        } catch (const std::bad_alloc &) {
        }
    }
    LibYamlParser yaml(text);
    TreeBuilder builder(limits);
    try {
        for (;;) {
            LibYamlEvent ev;
            if (!yaml_parser_parse(&yaml.parser, &ev.e))
                return parserError(yaml.parser);
            ev.owned = true;
            const yaml_event_t &e = ev.e;
            auto str = [](const yaml_char_t *c) { return reinterpret_cast<const char *>(c); };
            switch (e.type) {
            case YAML_STREAM_END_EVENT: return std::move(builder.documents);
            case YAML_DOCUMENT_START_EVENT: builder.documentStart(toMark(e.start_mark)); break;
            case YAML_DOCUMENT_END_EVENT: builder.documentEnd(); break;
            case YAML_ALIAS_EVENT:
                builder.alias(toMark(e.start_mark), str(e.data.alias.anchor));
                break;
            case YAML_SCALAR_EVENT: {
                const auto &sc = e.data.scalar;
                builder.scalar(toMark(e.start_mark), std::string(str(sc.value), sc.length),
                               sc.style == YAML_PLAIN_SCALAR_STYLE,
                               sc.tag ? std::string_view(str(sc.tag)) : std::string_view(),
                               str(sc.anchor));
                break;
            }
            case YAML_SEQUENCE_START_EVENT:
                builder.collectionStart(toMark(e.start_mark), false,
                                        e.data.sequence_start.tag
                                            ? std::string_view(str(e.data.sequence_start.tag))
                                            : std::string_view(),
                                        str(e.data.sequence_start.anchor));
                break;
            case YAML_MAPPING_START_EVENT:
                builder.collectionStart(toMark(e.start_mark), true,
                                        e.data.mapping_start.tag
                                            ? std::string_view(str(e.data.mapping_start.tag))
                                            : std::string_view(),
                                        str(e.data.mapping_start.anchor));
                break;
            case YAML_SEQUENCE_END_EVENT:
            case YAML_MAPPING_END_EVENT: builder.collectionEnd(); break;
            default: break;
            }
        }
    } catch (const StopParsing &stop) {
        return stop.error;
    } catch (const std::bad_alloc &) {
        return makeError("too-many-nodes", "out of memory while reading the document");
    }
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
