// SPDX-License-Identifier: GPL-3.0-or-later
// The fast path of the YAML reader: block-style manifests as kubectl writes them, several
// times faster than libyaml. It must report exactly libyaml's events and marks (the fuzz
// target checks this on every input), and gives up -- returning false -- on anything it does
// not handle with certainty, so libyaml decides every doubtful case.
#include "manifest/yaml_events.h"

#include <array>
#include <cstring>

namespace studio::detail {

namespace {

struct Unsupported
{};

class FastParser
{
public:
    FastParser(std::string_view text, YamlEventSink &sink) : m_text(text), m_sink(sink) {}

    void run()
    {
        // libyaml counts columns in characters and has its own rules for tabs, CR and
        // control characters: leave all of those to it. (A table lookup per byte.)
        static const auto kRefused = [] {
            std::array<bool, 256> t{};
            for (int b = 0; b < 256; ++b)
                t[size_t(b)] = b >= 0x7f || (b < 0x20 && b != '\n');
            return t;
        }();
        bool refused = false;
        for (unsigned char c : m_text)
            refused |= kRefused[c];
        if (refused)
            throw Unsupported{};
        loadLine(0);
        bool explicitOpen = false; // a "---" whose document has no content yet
        Mark explicitMark;
        bool haveDocs = false;
        for (;;) {
            skipBlankLines();
            if (atEof()) {
                if (explicitOpen) {
                    m_sink.scalar(eofMark(), std::string(), true, {}, nullptr);
                    m_sink.documentEnd();
                }
                return;
            }
            const std::string_view line = lineText();
            if (m_indent == 0 && isDocumentStart(line)) {
                const Mark m = mark(0);
                if (explicitOpen) { // an empty document: null at the next token
                    m_sink.scalar(m, std::string(), true, {}, nullptr);
                    m_sink.documentEnd();
                }
                if (!restIsEmpty(3))
                    throw Unsupported{}; // content on the "---" line
                m_sink.documentStart(m);
                explicitOpen = true;
                explicitMark = m;
                haveDocs = true;
                nextLine();
                continue;
            }
            if (m_indent == 0 && (line[0] == '%' || startsWith(line, "...")))
                throw Unsupported{};
            if (!explicitOpen) {
                // An implicit document starts at its first token. A second implicit document
                // without "---" is an error libyaml reports.
                if (haveDocs)
                    throw Unsupported{};
                m_sink.documentStart(mark(m_indent));
                haveDocs = true;
            }
            explicitOpen = false;
            parseNode(-1);
            m_sink.documentEnd();
            skipBlankLines();
            if (!atEof() && !(m_indent == 0 && isDocumentStart(lineText())))
                throw Unsupported{};
        }
    }

private:
    // ---- lines ------------------------------------------------------------------------------
    void loadLine(size_t start)
    {
        m_lineStart = start;
        if (start >= m_text.size()) {
            m_lineEnd = start;
            m_indent = 0;
            return;
        }
        const void *nl = std::memchr(m_text.data() + start, '\n', m_text.size() - start);
        m_lineEnd = nl ? size_t(static_cast<const char *>(nl) - m_text.data()) : m_text.size();
        size_t i = start;
        while (i < m_lineEnd && m_text[i] == ' ')
            ++i;
        m_indent = int(i - start);
    }

    void nextLine()
    {
        ++m_line;
        loadLine(m_lineEnd + 1);
    }

    bool atEof() const { return m_lineStart >= m_text.size(); }

    std::string_view lineText() const
    {
        return m_text.substr(m_lineStart + size_t(m_indent), m_lineEnd - m_lineStart - size_t(m_indent));
    }

    // Blank lines and comment-only lines.
    void skipBlankLines()
    {
        while (!atEof()) {
            const std::string_view t = lineText();
            if (!t.empty() && t[0] != '#')
                return;
            nextLine();
        }
    }

    Mark mark(int column) const { return {m_line + 1, column + 1}; }

    Mark eofMark() const
    {
        // libyaml's STREAM-END: the position after the input, forced to a new line.
        int line = 0;
        for (char c : m_text)
            if (c == '\n')
                ++line;
        if (!m_text.empty() && m_text.back() != '\n')
            ++line;
        return {line + 1, 1};
    }

    char at(int column) const
    {
        const size_t p = m_lineStart + size_t(column);
        return p < m_lineEnd ? m_text[p] : '\n';
    }

    int lineLength() const { return int(m_lineEnd - m_lineStart); }

    static bool startsWith(std::string_view s, const char *p) { return s.rfind(p, 0) == 0; }

    bool isDocumentStart(std::string_view line) const
    {
        return startsWith(line, "---") && (line.size() == 3 || line[3] == ' ');
    }

    // Only spaces, then nothing or a comment, from column c to the end of the line.
    bool restIsEmpty(int c) const
    {
        while (at(c) == ' ')
            ++c;
        return at(c) == '\n' || (at(c) == '#' && at(c - 1) == ' ');
    }

    // Nothing but a comment (or nothing) from column c on.
    bool isLineEnd(int c) const { return at(c) == '\n' || (at(c) == '#' && at(c - 1) == ' '); }

    bool isSequenceEntry(int c) const { return at(c) == '-' && (at(c + 1) == ' ' || at(c + 1) == '\n'); }

    // ---- scalars ---------------------------------------------------------------------------
    struct Scalar
    {
        std::string value;
        bool plain = true;
        int start = 0; // column
        int end = 0;   // column after the scalar (after the closing quote)
    };

    // Reads a scalar at column c on the current line. asKey: stops at ": " / ":" EOL.
    // Returns false when the text at c is not a scalar the fast path handles.
    bool readScalar(int c, bool asKey, Scalar &out) const
    {
        out.start = c;
        const char first = at(c);
        if (first == '"')
            return readDoubleQuoted(c, out);
        if (first == '\'')
            return readSingleQuoted(c, out);
        if (std::strchr("?:,[]{}#&*!|>%@`", first) || first == '\n')
            return false;
        if (first == '-' && (at(c + 1) == ' ' || at(c + 1) == '\n'))
            return false;
        // The hot loop of the whole reader: pointer walk, no bounds checks per character.
        const char *base = m_text.data() + m_lineStart;
        const char *p = base + c;
        const char *end = m_text.data() + m_lineEnd;
        const char *lastNonSpace = p;
        for (; p < end; ++p) {
            const char ch = *p;
            if (ch == ':' && (p + 1 == end || p[1] == ' ')) {
                if (!asKey)
                    return false; // "a: b: c" or a value ending in ':' -- libyaml decides
                break;
            }
            if (ch == '#' && p[-1] == ' ')
                break;
            if (ch != ' ')
                lastNonSpace = p;
        }
        const int lastNonSpaceCol = int(lastNonSpace - base);
        out.end = lastNonSpaceCol + 1;
        out.value.assign(m_text.data() + m_lineStart + size_t(c), size_t(out.end - c));
        out.plain = true;
        if (asKey && at(out.end) != ':')
            return false; // "key :" or no colon at all
        return true;
    }

    bool readSingleQuoted(int c, Scalar &out) const
    {
        int i = c + 1;
        const int len = lineLength();
        out.value.clear();
        for (;;) {
            if (i >= len)
                return false; // multi-line
            const char ch = at(i);
            if (ch == '\'') {
                if (at(i + 1) == '\'') {
                    out.value += '\'';
                    i += 2;
                    continue;
                }
                break;
            }
            if (ch == ' ' && (i + 1 >= len))
                return false;
            out.value += ch;
            ++i;
        }
        out.end = i + 1;
        out.plain = false;
        return true;
    }

    static int hexValue(char ch)
    {
        if (ch >= '0' && ch <= '9')
            return ch - '0';
        if (ch >= 'a' && ch <= 'f')
            return ch - 'a' + 10;
        if (ch >= 'A' && ch <= 'F')
            return ch - 'A' + 10;
        return -1;
    }

    static void appendUtf8(std::string &s, uint32_t cp)
    {
        if (cp < 0x80) {
            s += char(cp);
        } else if (cp < 0x800) {
            s += char(0xc0 | (cp >> 6));
            s += char(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            s += char(0xe0 | (cp >> 12));
            s += char(0x80 | ((cp >> 6) & 0x3f));
            s += char(0x80 | (cp & 0x3f));
        } else {
            s += char(0xf0 | (cp >> 18));
            s += char(0x80 | ((cp >> 12) & 0x3f));
            s += char(0x80 | ((cp >> 6) & 0x3f));
            s += char(0x80 | (cp & 0x3f));
        }
    }

    bool readDoubleQuoted(int c, Scalar &out) const
    {
        int i = c + 1;
        const int len = lineLength();
        out.value.clear();
        for (;;) {
            if (i >= len)
                return false; // multi-line: libyaml folds it
            const char ch = at(i);
            if (ch == '"')
                break;
            if (ch != '\\') {
                out.value += ch;
                ++i;
                continue;
            }
            const char e = at(i + 1);
            i += 2;
            switch (e) {
            case '0': out.value += '\0'; break;
            case 'a': out.value += '\a'; break;
            case 'b': out.value += '\b'; break;
            case 't': out.value += '\t'; break;
            case 'n': out.value += '\n'; break;
            case 'v': out.value += '\v'; break;
            case 'f': out.value += '\f'; break;
            case 'r': out.value += '\r'; break;
            case 'e': out.value += '\x1b'; break;
            case ' ': out.value += ' '; break;
            case '"': out.value += '"'; break;
            case '/': out.value += '/'; break;
            case '\\': out.value += '\\'; break;
            case 'x':
            case 'u':
            case 'U': {
                const int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                uint32_t cp = 0;
                for (int k = 0; k < digits; ++k) {
                    const int h = hexValue(at(i + k));
                    if (h < 0)
                        return false;
                    cp = cp * 16 + uint32_t(h);
                }
                // Surrogates and values past Unicode are libyaml's errors to report.
                if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
                    return false;
                appendUtf8(out.value, cp);
                i += digits;
                break;
            }
            default: return false; // \N, \_, \L, \P, line continuation, invalid escapes
            }
        }
        out.end = i + 1;
        out.plain = false;
        return true;
    }

    // Reports a scalar or an empty flow collection that forms a value at column c, which must
    // end the line (but for a comment). Returns false if the value is not for the fast path.
    void parseInlineValue(int c)
    {
        const char first = at(c);
        if (first == '[' || first == '{') {
            const char close = first == '[' ? ']' : '}';
            int k = c + 1;
            while (at(k) == ' ')
                ++k;
            if (at(k) != close || !restIsEmpty(k + 1))
                throw Unsupported{}; // a flow collection with content
            m_sink.collectionStart(mark(c), first == '{', {}, nullptr);
            m_sink.collectionEnd();
            return;
        }
        Scalar s;
        if (!readScalar(c, false, s) || !restIsEmpty(s.end))
            throw Unsupported{};
        if (!s.plain && at(s.end) != ' ' && at(s.end) != '\n')
            throw Unsupported{};
        m_sink.scalar(mark(c), std::move(s.value), s.plain, {}, nullptr);
    }

    // After a scalar or inline value: the next content line may not be more indented than
    // `parentIndent` (it would continue a multi-line scalar or be an error).
    void finishValueLine(int parentIndent)
    {
        nextLine();
        skipBlankLines();
        if (!atEof() && m_indent > parentIndent)
            throw Unsupported{};
    }

    // ---- collections -----------------------------------------------------------------------

    // A node whose first token is on the current line at column m_indent; `parentIndent` is
    // the indentation of the collection that holds it.
    void parseNode(int parentIndent)
    {
        const int c = m_indent;
        if (c <= parentIndent)
            throw Unsupported{};
        if (isSequenceEntry(c)) {
            parseSequence(c);
            return;
        }
        Scalar key;
        if (readScalar(c, true, key)) {
            parseMapping(c, c);
            return;
        }
        // A lone scalar as the whole node (a root scalar, or a value on its own line).
        parseInlineValue(c);
        finishValueLine(parentIndent);
    }

    // A block mapping whose entries are at column `indent`; the first entry starts at column
    // `firstColumn` of the current line (== indent, or after "- " for a compact mapping).
    void parseMapping(int indent, int firstColumn)
    {
        m_sink.collectionStart(mark(firstColumn), true, {}, nullptr);
        int c = firstColumn;
        for (;;) {
            Scalar key;
            if (!readScalar(c, true, key) || key.value.size() > 1000)
                throw Unsupported{};
            if (!key.plain && at(key.end) != ':')
                throw Unsupported{};
            const int colon = key.end;
            if (at(colon) != ':' || (at(colon + 1) != ' ' && at(colon + 1) != '\n'))
                throw Unsupported{};
            m_sink.scalar(mark(c), std::move(key.value), key.plain, {}, nullptr);
            int v = colon + 1;
            while (at(v) == ' ')
                ++v;
            if (isLineEnd(v)) {
                // The value is on the following lines, or empty.
                const Mark emptyMark = mark(colon + 1);
                nextLine();
                skipBlankLines();
                if (!atEof() && m_indent > indent && !isDocumentMarkerLine()) {
                    parseNode(indent);
                } else if (!atEof() && m_indent == indent && isSequenceEntry(m_indent)) {
                    parseSequence(indent); // an indentless sequence: "key:\n- a"
                } else {
                    m_sink.scalar(emptyMark, std::string(), true, {}, nullptr);
                }
            } else {
                parseInlineValue(v);
                finishValueLine(indent);
            }
            // The current line is the next content line (or EOF).
            if (collectionEnds(indent) || isSequenceEntry(m_indent))
                break; // the rest of an indentless sequence's parent, or an error: see caller
            c = m_indent;
        }
        m_sink.collectionEnd();
    }

    // After an entry of the collection at `indent`: true when the current (next content) line
    // ends the collection; a line indented deeper than its entries is for libyaml.
    bool collectionEnds(int indent) const
    {
        if (atEof() || m_indent < indent || (m_indent == 0 && isDocumentMarkerLine()))
            return true;
        if (m_indent > indent)
            throw Unsupported{};
        return false;
    }

    bool isDocumentMarkerLine() const
    {
        const std::string_view t = lineText();
        return m_indent == 0 && (isDocumentStart(t) || startsWith(t, "...") || t[0] == '%');
    }

    // A block sequence whose "-" are at column `indent`.
    void parseSequence(int indent)
    {
        m_sink.collectionStart(mark(indent), false, {}, nullptr);
        for (;;) {
            const int dash = m_indent;
            int v = dash + 1;
            while (at(v) == ' ')
                ++v;
            if (isLineEnd(v)) {
                const Mark emptyMark = mark(dash + 1);
                nextLine();
                skipBlankLines();
                if (!atEof() && m_indent > indent && !isDocumentMarkerLine())
                    parseNode(indent);
                else
                    m_sink.scalar(emptyMark, std::string(), true, {}, nullptr);
            } else if (isSequenceEntry(v)) {
                throw Unsupported{}; // "- - a": compact nested sequences
            } else {
                Scalar key;
                if (readScalar(v, true, key)) {
                    parseMapping(v, v); // "- name: a" and its following keys at column v
                    if (!atEof() && m_indent > indent && !isDocumentMarkerLine())
                        throw Unsupported{};
                } else {
                    parseInlineValue(v);
                    finishValueLine(indent);
                }
            }
            if (collectionEnds(indent) || !isSequenceEntry(m_indent))
                break; // the parent mapping goes on (indentless) or it is an error
        }
        m_sink.collectionEnd();
    }

    std::string_view m_text;
    YamlEventSink &m_sink;
    size_t m_lineStart = 0;
    size_t m_lineEnd = 0;
    int m_line = 0;   // 0-based
    int m_indent = 0; // spaces before the first character of the current line
};

} // namespace

bool parseFastBlockYaml(std::string_view text, YamlEventSink &sink)
{
    try {
        FastParser(text, sink).run();
        return true;
    } catch (const Unsupported &) {
        return false;
    }
}

} // namespace studio::detail
