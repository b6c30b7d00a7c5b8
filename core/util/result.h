// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace studio {

// A failure as a value: a stable machine-readable code, an English message for logs and the
// CLI (views/ translate by code), and where it happened when it came from a file.
struct Error
{
    std::string code;    // e.g. "yaml-syntax", "duplicate-key", "file-too-large"
    std::string message; // English, one line
    std::string file;
    int line = 0;   // 1-based; 0 = unknown
    int column = 0; // 1-based; 0 = unknown

    std::string location() const;
    std::string toString() const; // "file:line:col: message"
};

// Result<T>: a T or an Error, in the spirit of Qt Creator's Utils::Result. No exceptions.
template<typename T, typename E = Error>
class [[nodiscard]] Result
{
public:
    using ErrorType = E;
    Result(T value) : m_v(std::move(value)) {}
    Result(E error) : m_v(std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_v); }
    const T &value() const & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const E &error() const { return std::get<1>(m_v); }

private:
    std::variant<T, E> m_v;
};

template<typename E>
class [[nodiscard]] Result<void, E>
{
public:
    Result() = default;
    Result(E error) : m_error(std::move(error)), m_ok(false) {}
    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const E &error() const { return m_error; }

private:
    E m_error;
    bool m_ok = true;
};

inline Error makeError(std::string code, std::string message, int line = 0, int column = 0)
{
    Error e;
    e.code = std::move(code);
    e.message = std::move(message);
    e.line = line;
    e.column = column;
    return e;
}

} // namespace studio
