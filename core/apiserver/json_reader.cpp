// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiserver/json_reader.h"

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <string>
#include <unordered_map>

namespace studio {

namespace {

class JsonParser
{
public:
    JsonParser(std::string_view text, const JsonReadOptions &limits)
        : m_p(text.data())
        , m_end(text.data() + text.size())
        , m_lineStart(text.data())
        , m_limits(limits)
    {}

    Result<Node> parseDocument()
    {
        skipSpace();
        Node root;
        if (!value(root, 0))
            return m_error;
        skipSpace();
        if (m_p != m_end) {
            fail("unexpected data after the JSON value");
            return m_error;
        }
        return root;
    }

private:
    Mark mark() const { return Mark{m_line, int(m_p - m_lineStart) + 1}; }

    bool fail(const std::string &what)
    {
        if (m_error.code.empty()) {
            const Mark m = mark();
            m_error = makeError("json-syntax", what, m.line, m.column);
        }
        return false;
    }

    void skipSpace()
    {
        while (m_p != m_end) {
            const char c = *m_p;
            if (c == ' ' || c == '\t' || c == '\r') {
                ++m_p;
            } else if (c == '\n') {
                ++m_p;
                ++m_line;
                m_lineStart = m_p;
            } else {
                break;
            }
        }
    }

    bool countNode()
    {
        if (++m_nodes > m_limits.maxNodes) {
            const Mark m = mark();
            m_error = makeError("too-many-nodes",
                                "more than " + std::to_string(m_limits.maxNodes) + " JSON values",
                                m.line,
                                m.column);
            return false;
        }
        return true;
    }

    bool value(Node &out, int depth, std::string_view key = {})
    {
        if (m_p == m_end)
            return fail("unexpected end of JSON input");
        if (!countNode())
            return false;
        const Mark m = mark();
        switch (*m_p) {
        case '{':
            return object(out, depth + 1, m, key);
        case '[':
            return array(out, depth + 1, m);
        case '"': {
            std::string s;
            if (!string(s))
                return false;
            out = Node::string(std::move(s), m);
            out.setQuoted(true);
            return true;
        }
        case 't':
            return literal("true", m) && (out = Node::boolean(true, m), true);
        case 'f':
            return literal("false", m) && (out = Node::boolean(false, m), true);
        case 'n':
            return literal("null", m) && (out = Node::null(m), true);
        default:
            return number(out, m);
        }
    }

    bool literal(std::string_view word, Mark)
    {
        if (size_t(m_end - m_p) < word.size() || std::string_view(m_p, word.size()) != word)
            return fail("invalid character '" + std::string(1, *m_p)
                        + "' looking for beginning of value");
        m_p += word.size();
        return true;
    }

    bool number(Node &out, Mark m)
    {
        const char *start = m_p;
        const char *p = m_p;
        bool isInt = true;
        if (p != m_end && *p == '-')
            ++p;
        if (p == m_end || !(*p >= '0' && *p <= '9'))
            return fail(p == m_end ? "unexpected end of JSON input"
                                   : "invalid character '" + std::string(1, *p)
                                         + "' looking for beginning of value");
        if (*p == '0') {
            ++p;
        } else {
            while (p != m_end && *p >= '0' && *p <= '9')
                ++p;
        }
        if (p != m_end && *p == '.') {
            isInt = false;
            ++p;
            if (p == m_end || !(*p >= '0' && *p <= '9')) {
                m_p = p;
                return fail("invalid character in numeric literal (after decimal point)");
            }
            while (p != m_end && *p >= '0' && *p <= '9')
                ++p;
        }
        if (p != m_end && (*p == 'e' || *p == 'E')) {
            isInt = false;
            ++p;
            if (p != m_end && (*p == '+' || *p == '-'))
                ++p;
            if (p == m_end || !(*p >= '0' && *p <= '9')) {
                m_p = p;
                return fail("invalid character in exponent of numeric literal");
            }
            while (p != m_end && *p >= '0' && *p <= '9')
                ++p;
        }
        std::string text(start, p);
        m_p = p;
        if (isInt) {
            int64_t v = 0;
            auto [ptr, ec] = std::from_chars(start, p, v);
            if (ec == std::errc() && ptr == p) {
                out = Node::integer(v, m, std::move(text));
                return true;
            }
            // Out of int64 range: keep it as a number, as Go would fail only when decoding
            // it into an integer field.
        }
        const double d = std::strtod(text.c_str(), nullptr);
        out = Node::floating(d, std::move(text), m);
        return true;
    }

    static int hexValue(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    bool hex4(unsigned &out)
    {
        if (m_end - m_p < 4)
            return fail("unexpected end of JSON input in \\u escape");
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hexValue(m_p[i]);
            if (h < 0)
                return fail("invalid character in \\u hexadecimal character escape");
            out = out * 16 + unsigned(h);
        }
        m_p += 4;
        return true;
    }

    static void appendUtf8(std::string &s, unsigned cp)
    {
        if (cp < 0x80) {
            s += char(cp);
        } else if (cp < 0x800) {
            s += char(0xC0 | (cp >> 6));
            s += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            s += char(0xE0 | (cp >> 12));
            s += char(0x80 | ((cp >> 6) & 0x3F));
            s += char(0x80 | (cp & 0x3F));
        } else {
            s += char(0xF0 | (cp >> 18));
            s += char(0x80 | ((cp >> 12) & 0x3F));
            s += char(0x80 | ((cp >> 6) & 0x3F));
            s += char(0x80 | (cp & 0x3F));
        }
    }

    // At the opening quote.
    bool string(std::string &out)
    {
        ++m_p;
        // Fast path: a run without escapes.
        const char *runStart = m_p;
        while (true) {
            while (m_p != m_end && *m_p != '"' && *m_p != '\\'
                   && static_cast<unsigned char>(*m_p) >= 0x20)
                ++m_p;
            out.append(runStart, m_p);
            if (m_p == m_end)
                return fail("unexpected end of JSON input in string literal");
            const char c = *m_p;
            if (c == '"') {
                ++m_p;
                return true;
            }
            if (c != '\\')
                return fail("invalid control character in string literal");
            ++m_p;
            if (m_p == m_end)
                return fail("unexpected end of JSON input in string escape code");
            const char e = *m_p++;
            switch (e) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                unsigned cp = 0;
                if (!hex4(cp))
                    return false;
                if (cp >= 0xD800 && cp < 0xDC00) {
                    // A high surrogate: a low one should follow; otherwise U+FFFD as Go does.
                    if (m_end - m_p >= 6 && m_p[0] == '\\' && m_p[1] == 'u') {
                        const char *save = m_p;
                        m_p += 2;
                        unsigned lo = 0;
                        if (!hex4(lo))
                            return false;
                        if (lo >= 0xDC00 && lo < 0xE000) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        } else {
                            m_p = save;
                            cp = 0xFFFD;
                        }
                    } else {
                        cp = 0xFFFD;
                    }
                } else if (cp >= 0xDC00 && cp < 0xE000) {
                    cp = 0xFFFD;
                }
                appendUtf8(out, cp);
                break;
            }
            default:
                --m_p;
                return fail("invalid character '" + std::string(1, e) + "' in string escape code");
            }
            runStart = m_p;
        }
    }

    bool depthOk(int depth)
    {
        if (depth > m_limits.maxDepth) {
            const Mark m = mark();
            m_error = makeError("too-deep",
                                "JSON nested deeper than " + std::to_string(m_limits.maxDepth)
                                    + " levels",
                                m.line,
                                m.column);
            return false;
        }
        return true;
    }

    bool object(Node &out, int depth, Mark m, std::string_view ownKey)
    {
        if (!depthOk(depth))
            return false;
        ++m_p; // {
        out = Node::map(m);
        if (m_entryStack.size() <= size_t(depth))
            m_entryStack.resize(size_t(depth) + 1);
        m_entryStack[size_t(depth)].clear();
        const bool inMetadata = m_limits.dropManagedFields && ownKey == "metadata";
        // Key index only for big maps: most Kubernetes maps have a handful of keys.
        std::unordered_map<std::string, size_t> index;
        skipSpace();
        if (m_p != m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        while (true) {
            skipSpace();
            if (m_p == m_end)
                return fail("unexpected end of JSON input");
            if (*m_p != '"')
                return fail("invalid character '" + std::string(1, *m_p)
                            + "' looking for beginning of object key string");
            const Mark km = mark();
            std::string key;
            if (!string(key))
                return false;
            skipSpace();
            if (m_p == m_end || *m_p != ':')
                return fail(m_p == m_end ? "unexpected end of JSON input"
                                         : "invalid character '" + std::string(1, *m_p)
                                               + "' after object key");
            ++m_p;
            skipSpace();
            if (inMetadata && key == "managedFields") {
                if (!skipValue(depth))
                    return false;
            } else {
                Node v;
                if (!value(v, depth, key))
                    return false;
                // Indexed anew: a nested value may have grown (moved) the stack.
                std::vector<Node::Entry> &es = m_entryStack[size_t(depth)];
                size_t existing = size_t(-1);
                if (es.size() < 32) {
                    for (size_t i = 0; i < es.size(); ++i)
                        if (es[i].key == key) {
                            existing = i;
                            break;
                        }
                } else {
                    if (index.empty())
                        for (size_t i = 0; i < es.size(); ++i)
                            index.emplace(es[i].key, i);
                    auto it = index.find(key);
                    if (it != index.end())
                        existing = it->second;
                }
                if (existing != size_t(-1)) {
                    es[existing].value = std::move(v);
                } else {
                    if (!index.empty())
                        index.emplace(key, es.size());
                    es.push_back(Node::Entry{std::move(key), km, std::move(v)});
                }
            }
            skipSpace();
            if (m_p == m_end)
                return fail("unexpected end of JSON input");
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == '}') {
                ++m_p;
                std::vector<Node::Entry> &es = m_entryStack[size_t(depth)];
                auto &target = out.entries();
                target.reserve(es.size());
                for (auto &e : es)
                    target.push_back(std::move(e));
                es.clear();
                return true;
            }
            return fail("invalid character '" + std::string(1, *m_p)
                        + "' after object key:value pair");
        }
    }

    // Scans one value without building it (checked as strictly as when it is built).
    bool skipValue(int depth)
    {
        if (m_p == m_end)
            return fail("unexpected end of JSON input");
        const char c = *m_p;
        if (c == '"') {
            std::string ignored;
            return string(ignored);
        }
        if (c == '{' || c == '[') {
            if (!depthOk(depth + 1))
                return false;
            const char close = c == '{' ? '}' : ']';
            ++m_p;
            skipSpace();
            if (m_p != m_end && *m_p == close) {
                ++m_p;
                return true;
            }
            while (true) {
                skipSpace();
                if (c == '{') {
                    if (m_p == m_end || *m_p != '"')
                        return fail("invalid character looking for beginning of object key string");
                    std::string ignored;
                    if (!string(ignored))
                        return false;
                    skipSpace();
                    if (m_p == m_end || *m_p != ':')
                        return fail("invalid character after object key");
                    ++m_p;
                    skipSpace();
                }
                if (!skipValue(depth + 1))
                    return false;
                skipSpace();
                if (m_p == m_end)
                    return fail("unexpected end of JSON input");
                if (*m_p == ',') {
                    ++m_p;
                    continue;
                }
                if (*m_p == close) {
                    ++m_p;
                    return true;
                }
                return fail("invalid character '" + std::string(1, *m_p) + "' in a JSON "
                            + (c == '{' ? "object" : "array"));
            }
        }
        Node scratch;
        return value(scratch, depth);
    }

    bool array(Node &out, int depth, Mark m)
    {
        if (!depthOk(depth))
            return false;
        ++m_p; // [
        out = Node::sequence(m);
        if (m_itemStack.size() <= size_t(depth))
            m_itemStack.resize(size_t(depth) + 1);
        m_itemStack[size_t(depth)].clear();
        skipSpace();
        if (m_p != m_end && *m_p == ']') {
            ++m_p;
            return true;
        }
        while (true) {
            skipSpace();
            Node v;
            if (!value(v, depth))
                return false;
            m_itemStack[size_t(depth)].push_back(std::move(v));
            skipSpace();
            if (m_p == m_end)
                return fail("unexpected end of JSON input");
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == ']') {
                ++m_p;
                std::vector<Node> &items = m_itemStack[size_t(depth)];
                out.items().reserve(items.size());
                for (auto &i : items)
                    out.items().push_back(std::move(i));
                items.clear();
                return true;
            }
            return fail("invalid character '" + std::string(1, *m_p) + "' after array element");
        }
    }

    const char *m_p;
    const char *m_end;
    const char *m_lineStart;
    int m_line = 1;
    size_t m_nodes = 0;
    const JsonReadOptions &m_limits;
    // Per nesting level, reused: entries and items are collected here and moved into an
    // exactly sized vector at the end (no regrowth, no slack).
    std::vector<std::vector<Node::Entry>> m_entryStack;
    std::vector<std::vector<Node>> m_itemStack;
    Error m_error;
};

} // namespace

Result<Node> parseJson(std::string_view text, const JsonReadOptions &limits)
{
    // A UTF-8 byte order mark is tolerated, as Kubernetes' decoders do.
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    JsonParser p(text, limits);
    return p.parseDocument();
}

} // namespace studio
