// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace studio {

// Position of a node in its source text, 1-based. line == 0: not from a file.
struct Mark
{
    int line = 0;
    int column = 0;
};

// A generic, order-preserving document tree: what a manifest says, before and beside the
// typed model. It keeps every field (known to the model or not) and the order of map keys,
// so that a read - change - write round trip loses nothing. Plain value type.
class Node
{
public:
    enum class Type { Null, Bool, Int, Float, String, Sequence, Map };

    struct Entry;

    Node() = default;
    static Node null(Mark m = {});
    static Node boolean(bool b, Mark m = {});
    static Node integer(int64_t i, Mark m = {}, std::string text = {});
    static Node floating(double d, std::string text = {}, Mark m = {});
    static Node string(std::string s, Mark m = {});
    static Node sequence(Mark m = {});
    static Node map(Mark m = {});

    Type type() const { return m_type; }
    bool isNull() const { return m_type == Type::Null; }
    bool isScalar() const { return m_type != Type::Sequence && m_type != Type::Map; }
    bool isMap() const { return m_type == Type::Map; }
    bool isSequence() const { return m_type == Type::Sequence; }
    bool isString() const { return m_type == Type::String; }
    bool isInt() const { return m_type == Type::Int; }
    bool isBool() const { return m_type == Type::Bool; }

    const Mark &mark() const { return m_mark; }
    void setMark(Mark m) { m_mark = m; }

    // Scalars. text() is the scalar as written (numbers keep their spelling on output).
    const std::string &text() const { return m_text; }
    std::string takeText() { return std::move(m_text); } // for builders: leaves it empty
    bool boolValue() const { return m_int != 0; }
    int64_t intValue() const { return m_int; }
    double floatValue() const { return m_float; }
    // Set by the parser for a scalar that was quoted in the source: it stays a string.
    bool quoted() const { return m_quoted; }
    void setQuoted(bool q) { m_quoted = q; }

    // Sequences.
    const std::vector<Node> &items() const { return m_items; }
    std::vector<Node> &items() { return m_items; }
    void append(Node n) { m_items.push_back(std::move(n)); }

    // Maps, in document order.
    const std::vector<Entry> &entries() const;
    std::vector<Entry> &entries();
    const Node *find(std::string_view key) const;
    Node *find(std::string_view key);
    const Entry *findEntry(std::string_view key) const;
    // Sets key to value, keeping its position when present, appending otherwise.
    Node &set(std::string_view key, Node value, Mark keyMark = {});
    bool remove(std::string_view key);
    size_t size() const;

    // A human name of the type as the apiserver's decoder says it ("string", "integer", ...).
    std::string typeName() const;
    // Deep equality of content (marks and quoting ignored).
    bool operator==(const Node &other) const;

    // Marks a map or sequence that the model owns whole (labels, selector): a merge replaces
    // it instead of merging key by key. See mergeOwned().
    bool ownedWhole() const { return m_ownedWhole; }
    void setOwnedWhole(bool o) { m_ownedWhole = o; }
    // A tombstone: the model says "this known field is absent"; merge removes it.
    bool isTombstone() const { return m_tombstone; }
    static Node tombstone();

private:
    Type m_type = Type::Null;
    Mark m_mark;
    bool m_quoted = false;
    bool m_ownedWhole = false;
    bool m_tombstone = false;
    int64_t m_int = 0;
    double m_float = 0;
    std::string m_text;
    std::vector<Node> m_items;
    std::shared_ptr<std::vector<Entry>> m_entries; // shared_ptr only to allow the recursive type
};

struct Node::Entry
{
    std::string key;
    Mark keyMark;
    Node value;
};

// Merges what the model encoded (`updated`) into what the file said (`original`): keys the
// model set replace the file's, tombstones remove keys, keys the model does not know are
// kept in place, sequences merge element by element. The result keeps the file's key order.
Node mergeOwned(const Node &original, const Node &updated);
// Removes tombstones (for writing a freshly encoded object that has no original).
Node stripTombstones(const Node &n);

} // namespace studio
