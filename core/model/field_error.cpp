// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/field_error.h"

#include <cstdio>

namespace studio {

namespace {
FieldError make(const char *type, std::string field, FieldError::ValueKind kind,
                std::string value, std::string detail)
{
    FieldError e;
    e.type = type;
    e.field = std::move(field);
    e.valueKind = kind;
    e.badValue = std::move(value);
    e.detail = std::move(detail);
    return e;
}
} // namespace

FieldError FieldError::invalid(std::string field, std::string value, std::string detail)
{
    return make(field_error_type::Invalid, std::move(field), ValueKind::String, std::move(value),
                std::move(detail));
}

FieldError FieldError::invalidInt(std::string field, int64_t value, std::string detail)
{
    return make(field_error_type::Invalid, std::move(field), ValueKind::Int,
                std::to_string(value), std::move(detail));
}

FieldError FieldError::invalidBool(std::string field, bool value, std::string detail)
{
    return make(field_error_type::Invalid, std::move(field), ValueKind::Bool,
                value ? "true" : "false", std::move(detail));
}

FieldError FieldError::invalidList(std::string field, const std::vector<std::string> &value,
                                   std::string detail)
{
    // Go prints a []string with %#v as []string{"a", "b"}.
    std::string v = "[]string{";
    for (size_t i = 0; i < value.size(); ++i) {
        if (i)
            v += ", ";
        v += goQuote(value[i]);
    }
    v += "}";
    return make(field_error_type::Invalid, std::move(field), ValueKind::Other, std::move(v),
                std::move(detail));
}

FieldError FieldError::required(std::string field, std::string detail)
{
    return make(field_error_type::Required, std::move(field), ValueKind::String, {},
                std::move(detail));
}

FieldError FieldError::forbidden(std::string field, std::string detail)
{
    return make(field_error_type::Forbidden, std::move(field), ValueKind::None, {},
                std::move(detail));
}

FieldError FieldError::notSupported(std::string field, std::string value,
                                    const std::vector<std::string> &supported)
{
    std::string detail;
    if (!supported.empty()) {
        detail = "supported values: ";
        for (size_t i = 0; i < supported.size(); ++i) {
            if (i)
                detail += ", ";
            detail += goQuote(supported[i]);
        }
    }
    return make(field_error_type::NotSupported, std::move(field), ValueKind::String,
                std::move(value), std::move(detail));
}

FieldError FieldError::duplicate(std::string field, std::string value)
{
    return make(field_error_type::Duplicate, std::move(field), ValueKind::String,
                std::move(value), {});
}

FieldError FieldError::duplicateInt(std::string field, int64_t value)
{
    return make(field_error_type::Duplicate, std::move(field), ValueKind::Int,
                std::to_string(value), {});
}

FieldError FieldError::tooLong(std::string field, std::string value, int maxLength)
{
    return make(field_error_type::TooLong, std::move(field), ValueKind::String, std::move(value),
                "must have at most " + std::to_string(maxLength) + " bytes");
}

FieldError FieldError::typeInvalid(std::string field, std::string detail)
{
    return make(field_error_type::TypeInvalid, std::move(field), ValueKind::None, {},
                std::move(detail));
}

FieldError FieldError::warning(std::string code, std::string field, std::string detail)
{
    FieldError e = make("", std::move(field), ValueKind::None, {}, std::move(detail));
    e.type = std::move(code);
    e.severity = Severity::Warning;
    return e;
}

std::string FieldError::typeText() const
{
    if (type == field_error_type::Invalid)
        return "Invalid value";
    if (type == field_error_type::Required)
        return "Required value";
    if (type == field_error_type::NotSupported)
        return "Unsupported value";
    if (type == field_error_type::Duplicate)
        return "Duplicate value";
    if (type == field_error_type::Forbidden)
        return "Forbidden";
    if (type == field_error_type::TooLong)
        return "Too long";
    if (type == field_error_type::TooMany)
        return "Too many";
    if (type == field_error_type::NotFound)
        return "Not found";
    if (type == field_error_type::Internal)
        return "Internal error";
    if (type == field_error_type::TypeInvalid)
        return "Invalid type";
    return "Warning";
}

std::string FieldError::message() const
{
    std::string s = field.empty() ? std::string() : field + ": ";
    const bool bodyOnly = type == field_error_type::Required || type == field_error_type::Forbidden
                          || type == field_error_type::TooLong || type == field_error_type::Internal
                          || type == field_error_type::TypeInvalid || isWarning();
    if (isWarning()) {
        s += detail;
        return s;
    }
    s += typeText();
    if (!bodyOnly) {
        s += ": ";
        switch (valueKind) {
        case ValueKind::String: s += goQuote(badValue); break;
        case ValueKind::None:
        case ValueKind::Null: s += "null"; break;
        default: s += badValue; break;
        }
    }
    if (!detail.empty())
        s += ": " + detail;
    return s;
}

std::string goQuote(const std::string &in)
{
    std::string out = "\"";
    for (unsigned char c : in) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
            if (c < 0x20 || c == 0x7f) {
                char buf[8];
                snprintf(buf, sizeof buf, "\\x%02x", c);
                out += buf;
            } else {
                out += char(c);
            }
        }
    }
    out += '"';
    return out;
}

} // namespace studio
