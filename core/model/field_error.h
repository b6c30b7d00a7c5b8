// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace studio {

// The apiserver's field.ErrorType, by its cause reason (what a 422 Status carries).
namespace field_error_type {
inline constexpr const char *Invalid = "FieldValueInvalid";
inline constexpr const char *Required = "FieldValueRequired";
inline constexpr const char *NotSupported = "FieldValueNotSupported";
inline constexpr const char *Duplicate = "FieldValueDuplicate";
inline constexpr const char *Forbidden = "FieldValueForbidden";
inline constexpr const char *TooLong = "FieldValueTooLong";
inline constexpr const char *TooMany = "FieldValueTooMany";
inline constexpr const char *NotFound = "FieldValueNotFound";
inline constexpr const char *Internal = "InternalError";
inline constexpr const char *TypeInvalid = "FieldValueTypeInvalid";
} // namespace field_error_type

// One finding about one field: what the apiserver's field.Error holds, plus where it is in
// the source file. Severity Warning is ours (reviewer advice), never the apiserver's.
struct FieldError
{
    enum class Severity { Error, Warning };
    enum class ValueKind { None, String, Int, Bool, Null, Other };

    Severity severity = Severity::Error;
    std::string type;  // one of field_error_type, or a warning code ("selector-matches-nothing")
    std::string field; // "spec.ports[1].name"
    ValueKind valueKind = ValueKind::None;
    std::string badValue; // textual form; for Int the decimal digits
    std::string detail;   // English
    int line = 0;
    int column = 0;

    static FieldError invalid(std::string field, std::string value, std::string detail);
    static FieldError invalidInt(std::string field, int64_t value, std::string detail);
    static FieldError invalidBool(std::string field, bool value, std::string detail);
    static FieldError invalidList(std::string field, const std::vector<std::string> &value,
                                  std::string detail);
    static FieldError required(std::string field, std::string detail = {});
    static FieldError forbidden(std::string field, std::string detail);
    static FieldError notSupported(std::string field, std::string value,
                                   const std::vector<std::string> &supported);
    static FieldError duplicate(std::string field, std::string value);
    static FieldError duplicateInt(std::string field, int64_t value);
    static FieldError tooLong(std::string field, std::string value, int maxLength);
    static FieldError typeInvalid(std::string field, std::string detail);
    static FieldError warning(std::string code, std::string field, std::string detail);

    // "Invalid value", "Required value", ... as the apiserver's ErrorType.String().
    std::string typeText() const;
    // The apiserver's field.Error.Error(): `spec.ports[0].name: Invalid value: "x": detail`.
    std::string message() const;
    bool isWarning() const { return severity == Severity::Warning; }
};

using FieldErrors = std::vector<FieldError>;

// Go's strconv.Quote-like rendering used in apiserver messages ("%q").
std::string goQuote(const std::string &s);

} // namespace studio
