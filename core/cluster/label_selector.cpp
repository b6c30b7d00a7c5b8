// SPDX-License-Identifier: GPL-3.0-or-later
#include "cluster/label_selector.h"

#include "validation/name_rules.h"

#include <algorithm>
#include <charconv>

namespace studio {

namespace {

std::string join(const std::vector<std::string> &parts, const char *sep)
{
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i)
            out += sep;
        out += parts[i];
    }
    return out;
}

std::optional<int64_t> parseInt64(std::string_view s)
{
    // strconv.ParseInt(s, 10, 64): optional sign, decimal digits, no spaces.
    if (s.empty())
        return std::nullopt;
    std::string_view digits = s;
    if (digits.front() == '+')
        digits.remove_prefix(1);
    int64_t v = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc() || ptr != digits.data() + digits.size() || digits.empty())
        return std::nullopt;
    return v;
}

void normalizeValues(std::vector<std::string> &v)
{
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

// labels.NewRequirement's checks, with its messages.
std::string requirementError(const LabelRequirement &r)
{
    if (std::string e = labelKeyError(r.key); !e.empty())
        return e;
    switch (r.op) {
    case SelectorOperator::In:
    case SelectorOperator::NotIn:
        if (r.values.empty())
            return "for 'in', 'notin' operators, values set can't be empty";
        break;
    case SelectorOperator::Equals:
    case SelectorOperator::DoubleEquals:
    case SelectorOperator::NotEquals:
        if (r.values.size() != 1)
            return "exact-match compatibility requires one single value";
        break;
    case SelectorOperator::Exists:
    case SelectorOperator::DoesNotExist:
        if (!r.values.empty())
            return "values set must be empty for exists and does not exist";
        break;
    case SelectorOperator::GreaterThan:
    case SelectorOperator::LessThan:
        if (r.values.size() != 1)
            return "for 'Gt', 'Lt' operators, exactly one value is required";
        if (!parseInt64(r.values.front()))
            return "for 'Gt', 'Lt' operators, the value must be an integer";
        break;
    }
    for (const auto &v : r.values)
        if (std::string e = labelValueError(r.key, v); !e.empty())
            return e;
    return {};
}

// ---- labels.Parse: lexer and parser ---------------------------------------------------------

enum class Token {
    Error,
    EndOfString,
    ClosedPar,
    Comma,
    DoesNotExist, // "!"
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
};

bool isWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool isSpecialSymbol(char c)
{
    return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}

std::optional<Token> symbolToken(std::string_view s)
{
    if (s == ")")
        return Token::ClosedPar;
    if (s == ",")
        return Token::Comma;
    if (s == "!")
        return Token::DoesNotExist;
    if (s == "==")
        return Token::DoubleEquals;
    if (s == "=")
        return Token::Equals;
    if (s == ">")
        return Token::GreaterThan;
    if (s == "<")
        return Token::LessThan;
    if (s == "!=")
        return Token::NotEquals;
    if (s == "(")
        return Token::OpenPar;
    return std::nullopt;
}

struct Lexeme
{
    Token token;
    std::string literal;
};

std::vector<Lexeme> lex(std::string_view s)
{
    std::vector<Lexeme> out;
    size_t pos = 0;
    while (true) {
        while (pos < s.size() && isWhitespace(s[pos]))
            ++pos;
        if (pos >= s.size()) {
            out.push_back({Token::EndOfString, ""});
            return out;
        }
        const char c = s[pos];
        if (isSpecialSymbol(c)) {
            // The longest run of special characters that is still a known symbol.
            std::string buf;
            std::optional<Token> tok;
            while (pos < s.size() && isSpecialSymbol(s[pos])) {
                std::string next = buf + s[pos];
                if (auto t = symbolToken(next)) {
                    buf = std::move(next);
                    tok = t;
                    ++pos;
                } else {
                    break;
                }
            }
            if (!tok) {
                out.push_back({Token::Error, std::string(1, c)});
                return out;
            }
            out.push_back({*tok, buf});
            continue;
        }
        const size_t start = pos;
        while (pos < s.size() && !isWhitespace(s[pos]) && !isSpecialSymbol(s[pos]))
            ++pos;
        std::string word(s.substr(start, pos - start));
        Token t = Token::Identifier;
        if (word == "in")
            t = Token::In;
        else if (word == "notin")
            t = Token::NotIn;
        out.push_back({t, std::move(word)});
    }
}

class Parser
{
public:
    explicit Parser(std::vector<Lexeme> l) : m_l(std::move(l)) {}

    // Returns an error message, empty on success.
    std::string parse(std::vector<LabelRequirement> &out)
    {
        while (true) {
            const Lexeme &la = lookahead(true);
            switch (la.token) {
            case Token::Identifier:
            case Token::DoesNotExist: {
                LabelRequirement r;
                if (std::string e = parseRequirement(r); !e.empty())
                    return "unable to parse requirement: " + e;
                out.push_back(std::move(r));
                const Lexeme t = consume(true);
                if (t.token == Token::EndOfString)
                    return {};
                if (t.token == Token::Comma) {
                    const Lexeme &t2 = lookahead(true);
                    if (t2.token != Token::Identifier && t2.token != Token::DoesNotExist)
                        return "found '" + t2.literal + "', expected: identifier after ','";
                    break;
                }
                return "found '" + t.literal + "', expected: ',' or 'end of string'";
            }
            case Token::EndOfString: return {};
            default:
                return "found '" + la.literal + "', expected: !, identifier, or 'end of string'";
            }
        }
    }

private:
    // In a "values" context the keywords in/notin are plain identifiers.
    Lexeme adjust(Lexeme l, bool values) const
    {
        if (values && (l.token == Token::In || l.token == Token::NotIn))
            l.token = Token::Identifier;
        return l;
    }
    const Lexeme &lookahead(bool values)
    {
        m_la = adjust(m_l[std::min(m_pos, m_l.size() - 1)], values);
        return m_la;
    }
    Lexeme consume(bool values)
    {
        Lexeme l = adjust(m_l[std::min(m_pos, m_l.size() - 1)], values);
        if (m_pos < m_l.size() - 1)
            ++m_pos;
        return l;
    }

    std::string parseRequirement(LabelRequirement &r)
    {
        // parseKeyAndInferOperator
        std::optional<SelectorOperator> op;
        Lexeme t = consume(true);
        if (t.token == Token::DoesNotExist) {
            op = SelectorOperator::DoesNotExist;
            t = consume(true);
        }
        if (t.token != Token::Identifier)
            return "found '" + t.literal + "', expected: identifier";
        if (std::string e = labelKeyError(t.literal); !e.empty())
            return e;
        r.key = t.literal;
        const Token next = lookahead(true).token;
        if (next == Token::EndOfString || next == Token::Comma) {
            if (!op)
                op = SelectorOperator::Exists;
        }
        if (op) {
            r.op = *op;
            return requirementError(r);
        }
        // parseOperator
        const Lexeme o = consume(false);
        switch (o.token) {
        case Token::In: r.op = SelectorOperator::In; break;
        case Token::Equals: r.op = SelectorOperator::Equals; break;
        case Token::DoubleEquals: r.op = SelectorOperator::DoubleEquals; break;
        case Token::GreaterThan: r.op = SelectorOperator::GreaterThan; break;
        case Token::LessThan: r.op = SelectorOperator::LessThan; break;
        case Token::NotIn: r.op = SelectorOperator::NotIn; break;
        case Token::NotEquals: r.op = SelectorOperator::NotEquals; break;
        default: return "found '" + o.literal + "', expected: in, notin, =, ==, !=, gt, lt";
        }
        std::string e = (r.op == SelectorOperator::In || r.op == SelectorOperator::NotIn)
                            ? parseValues(r.values)
                            : parseExactValue(r.values);
        if (!e.empty())
            return e;
        normalizeValues(r.values);
        return requirementError(r);
    }

    std::string parseValues(std::vector<std::string> &values)
    {
        const Lexeme open = consume(true);
        if (open.token != Token::OpenPar)
            return "found '" + open.literal + "' expected: '('";
        const Lexeme la = lookahead(true);
        switch (la.token) {
        case Token::Identifier:
        case Token::Comma: {
            if (std::string e = parseIdentifiersList(values); !e.empty())
                return e;
            if (consume(true).token != Token::ClosedPar)
                return "found '" + la.literal + "', expected: ')'";
            return {};
        }
        case Token::ClosedPar:
            consume(true);
            values.push_back(""); // "()" is the empty value
            return {};
        default: return "found '" + la.literal + "', expected: ',', ')' or identifier";
        }
    }

    std::string parseIdentifiersList(std::vector<std::string> &values)
    {
        while (true) {
            const Lexeme t = consume(true);
            switch (t.token) {
            case Token::Identifier: {
                values.push_back(t.literal);
                const Lexeme &t2 = lookahead(true);
                if (t2.token == Token::Comma)
                    continue;
                if (t2.token == Token::ClosedPar)
                    return {};
                return "found '" + t2.literal + "', expected: ',' or ')'";
            }
            case Token::Comma: {
                if (values.empty())
                    values.push_back(""); // "(,"
                const Token t2 = lookahead(true).token;
                if (t2 == Token::ClosedPar) {
                    values.push_back(""); // ",)"
                    return {};
                }
                if (t2 == Token::Comma) {
                    consume(true);
                    values.push_back(""); // ",,"
                }
                break;
            }
            default: return "found '" + t.literal + "', expected: ',', or identifier";
            }
        }
    }

    std::string parseExactValue(std::vector<std::string> &values)
    {
        const Token la = lookahead(true).token;
        if (la == Token::EndOfString || la == Token::Comma) {
            values.push_back("");
            return {};
        }
        const Lexeme t = consume(true);
        if (t.token == Token::Identifier) {
            values.push_back(t.literal);
            return {};
        }
        return "found '" + t.literal + "', expected: identifier";
    }

    std::vector<Lexeme> m_l;
    size_t m_pos = 0;
    Lexeme m_la;
};

std::string quoteAll(const std::vector<std::string> &v)
{
    std::vector<std::string> q;
    q.reserve(v.size());
    for (const auto &s : v)
        q.push_back(goQuote(s));
    return join(q, ", ");
}

std::optional<SelectorMismatch> explainRequirement(const LabelRequirement &r, const Labels &labels)
{
    if (r.matches(labels))
        return std::nullopt;
    SelectorMismatch m;
    m.requirement = r;
    const auto it = labels.find(r.key);
    if (it != labels.end())
        m.actual = it->second;
    switch (r.op) {
    case SelectorOperator::Equals:
    case SelectorOperator::DoubleEquals:
    case SelectorOperator::In:
        m.reason = m.actual ? SelectorMismatch::Reason::ValueDiffers
                            : SelectorMismatch::Reason::LabelMissing;
        break;
    case SelectorOperator::NotEquals:
    case SelectorOperator::NotIn: m.reason = SelectorMismatch::Reason::ValueExcluded; break;
    case SelectorOperator::Exists: m.reason = SelectorMismatch::Reason::LabelMissing; break;
    case SelectorOperator::DoesNotExist: m.reason = SelectorMismatch::Reason::LabelPresent; break;
    case SelectorOperator::GreaterThan:
    case SelectorOperator::LessThan:
        if (!m.actual)
            m.reason = SelectorMismatch::Reason::LabelMissing;
        else if (!parseInt64(*m.actual))
            m.reason = SelectorMismatch::Reason::NotAnInteger;
        else
            m.reason = SelectorMismatch::Reason::OutOfBound;
        break;
    }
    return m;
}

} // namespace

// ---- LabelRequirement -----------------------------------------------------------------------

bool LabelRequirement::matches(const Labels &labels) const
{
    const auto it = labels.find(key);
    const bool has = it != labels.end();
    auto inValues = [&](const std::string &v) {
        return std::binary_search(values.begin(), values.end(), v);
    };
    switch (op) {
    case SelectorOperator::In:
    case SelectorOperator::Equals:
    case SelectorOperator::DoubleEquals: return has && inValues(it->second);
    case SelectorOperator::NotIn:
    case SelectorOperator::NotEquals: return !has || !inValues(it->second);
    case SelectorOperator::Exists: return has;
    case SelectorOperator::DoesNotExist: return !has;
    case SelectorOperator::GreaterThan:
    case SelectorOperator::LessThan: {
        if (!has || values.size() != 1)
            return false;
        const auto lv = parseInt64(it->second);
        const auto rv = parseInt64(values.front());
        if (!lv || !rv)
            return false;
        return op == SelectorOperator::GreaterThan ? *lv > *rv : *lv < *rv;
    }
    }
    return false;
}

std::string LabelRequirement::toString() const
{
    switch (op) {
    case SelectorOperator::DoesNotExist: return "!" + key;
    case SelectorOperator::Exists: return key;
    case SelectorOperator::In: return key + " in (" + join(values, ",") + ")";
    case SelectorOperator::NotIn: return key + " notin (" + join(values, ",") + ")";
    case SelectorOperator::Equals: return key + "=" + join(values, ",");
    case SelectorOperator::DoubleEquals: return key + "==" + join(values, ",");
    case SelectorOperator::NotEquals: return key + "!=" + join(values, ",");
    case SelectorOperator::GreaterThan: return key + ">" + join(values, ",");
    case SelectorOperator::LessThan: return key + "<" + join(values, ",");
    }
    return key;
}

std::string SelectorMismatch::message() const
{
    const std::string k = goQuote(requirement.key);
    const std::string wanted = quoteAll(requirement.values);
    switch (reason) {
    case Reason::SelectsNothing: return "the selector is unset and selects nothing";
    case Reason::LabelMissing:
        if (requirement.values.empty())
            return "label " + k + " is missing";
        return "label " + k + " is missing, the selector wants " + wanted;
    case Reason::ValueDiffers:
        return "label " + k + " is " + goQuote(actual.value_or("")) + ", the selector wants "
               + (requirement.values.size() > 1 ? "one of " : "") + wanted;
    case Reason::ValueExcluded:
        return "label " + k + " is " + goQuote(actual.value_or("")) + ", which the selector excludes ("
               + requirement.toString() + ")";
    case Reason::LabelPresent: return "label " + k + " is present, the selector wants it absent";
    case Reason::NotAnInteger:
        return "label " + k + " is " + goQuote(actual.value_or("")) + ", not an integer ("
               + requirement.toString() + ")";
    case Reason::OutOfBound:
        return "label " + k + " is " + goQuote(actual.value_or("")) + ", the selector wants "
               + requirement.toString();
    }
    return {};
}

// ---- LabelSelector --------------------------------------------------------------------------

LabelSelector LabelSelector::fromSet(const Labels &set)
{
    LabelSelector s(false);
    s.m_requirements.reserve(set.size());
    for (const auto &[k, v] : set) // a std::map: already in key order
        s.m_requirements.push_back({k, SelectorOperator::Equals, {v}});
    return s;
}

Result<LabelSelector> LabelSelector::parse(std::string_view text)
{
    std::vector<Lexeme> lexemes = lex(text);
    if (!lexemes.empty() && lexemes.back().token == Token::Error)
        return makeError("selector-syntax",
                         "unable to parse requirement: error expected: keyword found '"
                             + lexemes.back().literal + "'");
    std::vector<LabelRequirement> reqs;
    Parser p(std::move(lexemes));
    if (std::string e = p.parse(reqs); !e.empty())
        return makeError("selector-syntax", e);
    LabelSelector s(false);
    std::stable_sort(reqs.begin(), reqs.end(),
                     [](const auto &a, const auto &b) { return a.key < b.key; });
    s.m_requirements = std::move(reqs);
    return s;
}

Result<LabelSelector> LabelSelector::fromRequirements(std::vector<LabelRequirement> requirements)
{
    for (auto &r : requirements) {
        normalizeValues(r.values);
        if (std::string e = requirementError(r); !e.empty())
            return makeError("selector-invalid", e);
    }
    std::stable_sort(requirements.begin(), requirements.end(),
                     [](const auto &a, const auto &b) { return a.key < b.key; });
    LabelSelector s(false);
    s.m_requirements = std::move(requirements);
    return s;
}

bool LabelSelector::matches(const Labels &labels) const
{
    if (m_nothing)
        return false;
    for (const auto &r : m_requirements)
        if (!r.matches(labels))
            return false;
    return true;
}

std::string LabelSelector::toString() const
{
    if (m_nothing)
        return "<nothing>";
    std::vector<std::string> parts;
    parts.reserve(m_requirements.size());
    for (const auto &r : m_requirements)
        parts.push_back(r.toString());
    return join(parts, ",");
}

std::optional<SelectorMismatch> LabelSelector::explain(const Labels &labels) const
{
    if (m_nothing) {
        SelectorMismatch m;
        m.reason = SelectorMismatch::Reason::SelectsNothing;
        return m;
    }
    for (const auto &r : m_requirements)
        if (auto m = explainRequirement(r, labels))
            return m;
    return std::nullopt;
}

// ---- metav1.LabelSelector -------------------------------------------------------------------

Result<LabelSelector> labelSelectorAsSelector(const MetaLabelSelector *selector)
{
    if (!selector)
        return LabelSelector::nothing();
    if (selector->matchLabels.empty() && selector->matchExpressions.empty())
        return LabelSelector::everything();
    std::vector<LabelRequirement> reqs;
    for (const auto &[k, v] : selector->matchLabels)
        reqs.push_back({k, SelectorOperator::Equals, {v}});
    for (const auto &expr : selector->matchExpressions) {
        LabelRequirement r;
        r.key = expr.key;
        r.values = expr.values;
        if (expr.op == "In")
            r.op = SelectorOperator::In;
        else if (expr.op == "NotIn")
            r.op = SelectorOperator::NotIn;
        else if (expr.op == "Exists")
            r.op = SelectorOperator::Exists;
        else if (expr.op == "DoesNotExist")
            r.op = SelectorOperator::DoesNotExist;
        else
            return makeError("selector-invalid",
                             goQuote(expr.op) + " is not a valid pod selector operator");
        reqs.push_back(std::move(r));
    }
    return LabelSelector::fromRequirements(std::move(reqs));
}

FieldErrors validateLabelSelector(const MetaLabelSelector &selector, const std::string &path)
{
    FieldErrors errs;
    // ValidateLabels(matchLabels): key then value messages, one error each.
    for (const auto &[k, v] : selector.matchLabels) {
        for (const auto &m : name_rules::isQualifiedName(k))
            errs.push_back(FieldError::invalid(path + ".matchLabels", k, m));
        for (const auto &m : name_rules::isValidLabelValue(v))
            errs.push_back(FieldError::invalid(path + ".matchLabels", v, m));
    }
    for (size_t i = 0; i < selector.matchExpressions.size(); ++i) {
        const auto &e = selector.matchExpressions[i];
        const std::string p = path + ".matchExpressions[" + std::to_string(i) + "]";
        if (e.op == "In" || e.op == "NotIn") {
            if (e.values.empty())
                errs.push_back(FieldError::required(
                    p + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
        } else if (e.op == "Exists" || e.op == "DoesNotExist") {
            if (!e.values.empty())
                errs.push_back(FieldError::forbidden(
                    p + ".values", "may not be specified when `operator` is 'Exists' or "
                                   "'DoesNotExist'"));
        } else {
            errs.push_back(
                FieldError::invalid(p + ".operator", e.op, "not a valid selector operator"));
        }
        for (const auto &m : name_rules::isQualifiedName(e.key))
            errs.push_back(FieldError::invalid(p + ".key", e.key, m));
    }
    return errs;
}

bool selectorMatches(const Labels &selector, const Labels &labels)
{
    for (const auto &[k, v] : selector) {
        const auto it = labels.find(k);
        if (it == labels.end() || it->second != v)
            return false;
    }
    return true;
}

std::optional<SelectorMismatch> explainSelectorMismatch(const Labels &selector,
                                                        const Labels &labels)
{
    for (const auto &[k, v] : selector) {
        if (auto m = explainRequirement({k, SelectorOperator::Equals, {v}}, labels))
            return m;
    }
    return std::nullopt;
}

std::string labelKeyError(std::string_view key)
{
    const auto msgs = name_rules::isQualifiedName(key);
    if (msgs.empty())
        return {};
    return "invalid label key " + goQuote(std::string(key)) + ": " + join(msgs, "; ");
}

std::string labelValueError(std::string_view key, std::string_view value)
{
    const auto msgs = name_rules::isValidLabelValue(value);
    if (msgs.empty())
        return {};
    return "invalid label value: " + goQuote(std::string(value)) + ": at key: "
           + goQuote(std::string(key)) + ": " + join(msgs, "; ");
}

} // namespace studio
