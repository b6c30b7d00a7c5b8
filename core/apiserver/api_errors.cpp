// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiserver/api_errors.h"

#include "apiserver/json_reader.h"

#include <cctype>

namespace studio {

namespace {

const char *reasonForCode(int code)
{
    switch (code) {
    case 400:
        return "BadRequest";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "NotFound";
    case 405:
        return "MethodNotAllowed";
    case 406:
        return "NotAcceptable";
    case 409:
        return "Conflict";
    case 410:
        return "Expired";
    case 413:
        return "RequestEntityTooLarge";
    case 415:
        return "UnsupportedMediaType";
    case 422:
        return "Invalid";
    case 429:
        return "TooManyRequests";
    case 500:
        return "InternalError";
    case 503:
        return "ServiceUnavailable";
    case 504:
        return "Timeout";
    default:
        return code >= 500 ? "InternalError" : "Unknown";
    }
}

std::string textAt(const Node &n, const char *key)
{
    const Node *v = n.find(key);
    return v && v->isString() ? v->text() : std::string();
}

// The Go value at the start of `s` as FieldError stores it; returns the length consumed.
size_t parseGoValue(std::string_view s, FieldError &e)
{
    if (s.empty())
        return 0;
    if (s[0] == '"') {
        std::string out;
        size_t i = 1;
        while (i < s.size() && s[i] != '"') {
            if (s[i] == '\\' && i + 1 < s.size()) {
                const char c = s[i + 1];
                switch (c) {
                case 'n':
                    out += '\n';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case '"':
                    out += '"';
                    break;
                case '\\':
                    out += '\\';
                    break;
                case 'x': {
                    auto hex = [](char h) {
                        return h >= '0' && h <= '9'   ? h - '0'
                               : h >= 'a' && h <= 'f' ? h - 'a' + 10
                               : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                      : -1;
                    };
                    if (i + 3 < s.size() && hex(s[i + 2]) >= 0 && hex(s[i + 3]) >= 0) {
                        out += char(hex(s[i + 2]) * 16 + hex(s[i + 3]));
                        i += 2;
                    }
                    break;
                }
                default:
                    out += c;
                    break;
                }
                i += 2;
            } else {
                out += s[i++];
            }
        }
        e.valueKind = FieldError::ValueKind::String;
        e.badValue = std::move(out);
        return i < s.size() ? i + 1 : i;
    }
    auto word = [&](std::string_view w) {
        return s.substr(0, w.size()) == w && (s.size() == w.size() || s[w.size()] == ':');
    };
    if (word("null")) {
        e.valueKind = FieldError::ValueKind::Null;
        e.badValue.clear();
        return 4;
    }
    if (word("true") || word("false")) {
        e.valueKind = FieldError::ValueKind::Bool;
        e.badValue = std::string(s.substr(0, s[0] == 't' ? 4 : 5));
        return e.badValue.size();
    }
    size_t i = 0;
    if (s[0] == '-' || std::isdigit(static_cast<unsigned char>(s[0]))) {
        i = 1;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
            ++i;
        if (i == s.size() || s.substr(i, 2) == ": ") {
            e.valueKind = FieldError::ValueKind::Int;
            e.badValue = std::string(s.substr(0, i));
            return i;
        }
    }
    // Composite Go values ([]string{"a", "b"}, map[string]string{...}): up to the matching
    // closing brace, skipping quoted text.
    i = 0;
    int depth = 0;
    bool inQuote = false;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (inQuote) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inQuote = false;
            continue;
        }
        if (c == '"') {
            inQuote = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0 && c == '}') {
                ++i;
                break;
            }
        } else if (depth == 0 && c == ':' && i + 1 < s.size() && s[i + 1] == ' ') {
            break;
        }
    }
    e.valueKind = FieldError::ValueKind::Other;
    e.badValue = std::string(s.substr(0, i));
    return i;
}

std::string redacted(std::string s, const std::vector<std::string> &secrets)
{
    return secrets.empty() ? s : redactSecrets(std::move(s), secrets);
}

std::string userPhrase(const RequestInfo &info)
{
    if (info.userName.empty())
        return "without a kubeconfig user (" + std::string(authMethodName(info.auth)) + ")";
    return "as kubeconfig user " + goQuote(info.userName) + " (" + authMethodName(info.auth) + ")";
}

} // namespace

std::string RequestInfo::describe() const
{
    std::string s = verb.empty() ? std::string("request") : verb;
    if (!resource.empty())
        s += " " + resource;
    if (!name.empty())
        s += " " + goQuote(name);
    if (!namespace_.empty())
        s += " in namespace " + goQuote(namespace_);
    return s;
}

FieldError
fieldErrorFromCause(const std::string &reason, const std::string &field, const std::string &message)
{
    FieldError e;
    e.type = reason;
    e.field = field;
    e.valueKind = FieldError::ValueKind::None;
    const std::string prefix = e.typeText();
    std::string_view rest(message);
    if (prefix == "Warning" || !rest.starts_with(prefix)) {
        e.detail = message;
        return e;
    }
    rest.remove_prefix(prefix.size());
    const bool bodyOnly
        = reason == field_error_type::Required || reason == field_error_type::Forbidden
          || reason == field_error_type::TooLong || reason == field_error_type::Internal
          || reason == field_error_type::TypeInvalid;
    if (reason == field_error_type::Required)
        e.valueKind = FieldError::ValueKind::String;
    if (!bodyOnly && rest.starts_with(": ")) {
        rest.remove_prefix(2);
        rest.remove_prefix(parseGoValue(rest, e));
    }
    if (rest.starts_with(": "))
        e.detail = std::string(rest.substr(2));
    else if (!rest.empty())
        e.detail = std::string(rest); // not the apiserver's shape: keep it all
    return e;
}

ApiError apiErrorFromStatus(const Node &status,
                            int httpStatus,
                            const RequestInfo &info,
                            const std::vector<std::string> &secrets)
{
    ApiError e;
    const Node *code = status.find("code");
    e.status = code && code->isInt() ? int(code->intValue()) : httpStatus;
    e.reason = textAt(status, "reason");
    if (e.reason.empty())
        e.reason = reasonForCode(e.status);
    e.message = redacted(textAt(status, "message"), secrets);
    if (const Node *details = status.find("details"); details && details->isMap()) {
        if (const Node *causes = details->find("causes"); causes && causes->isSequence()) {
            for (const Node &c : causes->items()) {
                if (!c.isMap())
                    continue;
                FieldError fe = fieldErrorFromCause(textAt(c, "reason"),
                                                    textAt(c, "field"),
                                                    redacted(textAt(c, "message"), secrets));
                e.causes.push_back(std::move(fe));
            }
        }
    }
    if (e.message.empty())
        e.message = "the server responded with HTTP " + std::to_string(e.status) + " (" + e.reason
                    + ") to " + info.describe();
    if (e.status == 401) {
        // The apiserver only says "Unauthorized": say who we tried to be and what for.
        e.message += ": the server did not accept the credentials " + userPhrase(info) + " to "
                     + info.describe();
    } else if (e.status == 403 && e.message.find("User \"") == std::string::npos) {
        e.message += " (" + userPhrase(info) + ", " + info.describe() + ")";
    }
    return e;
}

ApiError apiErrorFromResponse(int httpStatus,
                              std::string_view body,
                              const RequestInfo &info,
                              const std::vector<std::string> &secrets)
{
    if (!body.empty() && (body.front() == '{' || body.find('{') < 8)) {
        auto doc = parseJson(body);
        if (doc && doc->isMap() && textAt(*doc, "kind") == "Status")
            return apiErrorFromStatus(*doc, httpStatus, info, secrets);
    }
    Node empty = Node::map();
    ApiError e = apiErrorFromStatus(empty, httpStatus, info, secrets);
    // A non-Status body (a proxy's HTML page, plain text): its first line, short.
    std::string first(body.substr(0, body.find('\n')));
    if (first.size() > 200)
        first = first.substr(0, 200) + "...";
    bool printable = !first.empty();
    for (unsigned char c : first)
        if (c < 0x20 && c != '\t')
            printable = false;
    if (printable && e.status != 401)
        e.message += ": " + redacted(first, secrets);
    return e;
}

ApiError apiUnreachable(std::string message)
{
    ApiError e;
    e.status = 0;
    e.reason = "Unreachable";
    e.message = std::move(message);
    return e;
}

ApiError apiClientTimeout(std::string message)
{
    ApiError e;
    e.status = 0;
    e.reason = "Timeout";
    e.message = std::move(message);
    return e;
}

bool isTlsError(const ApiError &e)
{
    return e.reason == "Unreachable"
           && (e.message.starts_with("x509:") || e.message.starts_with("tls:"));
}

} // namespace studio
