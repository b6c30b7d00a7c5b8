// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest/node.h"

#include <cmath>

namespace studio {

namespace {
const std::vector<Node::Entry> &emptyEntries()
{
    static const std::vector<Node::Entry> e;
    return e;
}
} // namespace

Node Node::null(Mark m)
{
    Node n;
    n.m_mark = m;
    return n;
}

Node Node::boolean(bool b, Mark m)
{
    Node n;
    n.m_type = Type::Bool;
    n.m_int = b ? 1 : 0;
    n.m_text = b ? "true" : "false";
    n.m_mark = m;
    return n;
}

Node Node::integer(int64_t i, Mark m, std::string text)
{
    Node n;
    n.m_type = Type::Int;
    n.m_int = i;
    n.m_text = text.empty() ? std::to_string(i) : std::move(text);
    n.m_mark = m;
    return n;
}

Node Node::floating(double d, std::string text, Mark m)
{
    Node n;
    n.m_type = Type::Float;
    n.m_float = d;
    if (text.empty()) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", d);
        text = buf;
    }
    n.m_text = std::move(text);
    n.m_mark = m;
    return n;
}

Node Node::string(std::string s, Mark m)
{
    Node n;
    n.m_type = Type::String;
    n.m_text = std::move(s);
    n.m_mark = m;
    return n;
}

Node Node::sequence(Mark m)
{
    Node n;
    n.m_type = Type::Sequence;
    n.m_mark = m;
    return n;
}

Node Node::map(Mark m)
{
    Node n;
    n.m_type = Type::Map;
    n.m_entries = std::make_shared<std::vector<Entry>>();
    n.m_entries->reserve(4); // most maps of a manifest are small: one allocation, not three
    n.m_mark = m;
    return n;
}

Node Node::tombstone()
{
    Node n;
    n.m_tombstone = true;
    return n;
}

const std::vector<Node::Entry> &Node::entries() const
{
    return m_entries ? *m_entries : emptyEntries();
}

std::vector<Node::Entry> &Node::entries()
{
    if (!m_entries)
        m_entries = std::make_shared<std::vector<Entry>>();
    else if (m_entries.use_count() > 1) // copy on write: Node is a value type
        m_entries = std::make_shared<std::vector<Entry>>(*m_entries);
    return *m_entries;
}

const Node::Entry *Node::findEntry(std::string_view key) const
{
    if (!m_entries)
        return nullptr;
    for (const Entry &e : *m_entries)
        if (e.key == key)
            return &e;
    return nullptr;
}

const Node *Node::find(std::string_view key) const
{
    const Entry *e = findEntry(key);
    return e ? &e->value : nullptr;
}

Node *Node::find(std::string_view key)
{
    if (!m_entries)
        return nullptr;
    for (Entry &e : entries())
        if (e.key == key)
            return &e.value;
    return nullptr;
}

Node &Node::set(std::string_view key, Node value, Mark keyMark)
{
    if (m_type != Type::Map) {
        *this = map(m_mark);
    }
    for (Entry &e : entries()) {
        if (e.key == key) {
            e.value = std::move(value);
            return e.value;
        }
    }
    entries().push_back(Entry{std::string(key), keyMark, std::move(value)});
    return entries().back().value;
}

bool Node::remove(std::string_view key)
{
    if (!m_entries)
        return false;
    auto &es = entries();
    for (auto it = es.begin(); it != es.end(); ++it) {
        if (it->key == key) {
            es.erase(it);
            return true;
        }
    }
    return false;
}

size_t Node::size() const
{
    if (m_type == Type::Map)
        return entries().size();
    if (m_type == Type::Sequence)
        return m_items.size();
    return 0;
}

std::string Node::typeName() const
{
    switch (m_type) {
    case Type::Null: return "null";
    case Type::Bool: return "boolean";
    case Type::Int: return "integer";
    case Type::Float: return "number";
    case Type::String: return "string";
    case Type::Sequence: return "array";
    case Type::Map: return "object";
    }
    return "unknown";
}

bool Node::operator==(const Node &o) const
{
    if (m_type != o.m_type)
        return false;
    switch (m_type) {
    case Type::Null: return true;
    case Type::Bool:
    case Type::Int: return m_int == o.m_int;
    case Type::Float: return m_float == o.m_float || (std::isnan(m_float) && std::isnan(o.m_float));
    case Type::String: return m_text == o.m_text;
    case Type::Sequence: return m_items == o.m_items;
    case Type::Map: {
        const auto &a = entries();
        const auto &b = o.entries();
        if (a.size() != b.size())
            return false;
        for (size_t i = 0; i < a.size(); ++i)
            if (a[i].key != b[i].key || !(a[i].value == b[i].value))
                return false;
        return true;
    }
    }
    return false;
}

Node stripTombstones(const Node &n)
{
    if (n.isMap()) {
        Node out = Node::map(n.mark());
        for (const auto &e : n.entries())
            if (!e.value.isTombstone())
                out.entries().push_back({e.key, e.keyMark, stripTombstones(e.value)});
        return out;
    }
    if (n.isSequence()) {
        Node out = Node::sequence(n.mark());
        for (const Node &i : n.items())
            if (!i.isTombstone())
                out.append(stripTombstones(i));
        return out;
    }
    return n;
}

namespace {
// A value that says nothing the model's "unset" does not: null, "", 0, false, {}, [] (and maps
// of those). Removing it when the model says "unset" would change the file for no reason.
bool isVacuous(const Node &n)
{
    switch (n.type()) {
    case Node::Type::Null: return true;
    case Node::Type::String: return n.text().empty();
    case Node::Type::Int:
    case Node::Type::Bool: return n.intValue() == 0;
    case Node::Type::Float: return false;
    case Node::Type::Sequence: return n.items().empty();
    case Node::Type::Map:
        for (const auto &e : n.entries())
            if (!isVacuous(e.value))
                return false;
        return true;
    }
    return false;
}
} // namespace

Node mergeOwned(const Node &original, const Node &updated)
{
    if (updated.isTombstone())
        return Node::tombstone();
    if (original.type() != updated.type())
        return stripTombstones(updated);
    if (updated.ownedWhole() && updated.isMap()) {
        // Replaced whole (a removed label is gone), but in the file's order of keys.
        Node out = Node::map(original.mark());
        for (const auto &e : original.entries())
            if (const Node *u = updated.find(e.key); u && !u->isTombstone())
                out.entries().push_back({e.key, e.keyMark, mergeOwned(e.value, *u)});
        for (const auto &e : updated.entries())
            if (!e.value.isTombstone() && !original.findEntry(e.key))
                out.entries().push_back({e.key, e.keyMark, stripTombstones(e.value)});
        return out;
    }
    if (updated.ownedWhole())
        return original == updated ? original : stripTombstones(updated);
    if (updated.isMap()) {
        Node out = Node::map(original.mark());
        // The file's keys first, in its order; then keys the model adds.
        for (const auto &e : original.entries()) {
            const Node *u = updated.find(e.key);
            if (!u) {
                out.entries().push_back(e); // unknown to the model: keep as written
            } else if (!u->isTombstone()) {
                out.entries().push_back({e.key, e.keyMark, mergeOwned(e.value, *u)});
            } else if (isVacuous(e.value)) {
                out.entries().push_back(e); // "ports: []" stays as the user wrote it
            }
        }
        for (const auto &e : updated.entries()) {
            if (!e.value.isTombstone() && !original.findEntry(e.key))
                out.entries().push_back({e.key, e.keyMark, stripTombstones(e.value)});
        }
        return out;
    }
    if (updated.isSequence()) {
        Node out = Node::sequence(original.mark());
        const auto &a = original.items();
        const auto &b = updated.items();
        for (size_t i = 0; i < b.size(); ++i) {
            if (i < a.size())
                out.append(mergeOwned(a[i], b[i]));
            else
                out.append(stripTombstones(b[i]));
        }
        return out;
    }
    // Scalars: keep the file's spelling when the value did not change (0x50 stays 0x50).
    if (original == updated)
        return original;
    return updated;
}

} // namespace studio
