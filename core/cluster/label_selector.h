// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Label selectors as k8s.io/apimachinery/pkg/labels (v1.20) evaluates them:
//  - equality-based, the Service's spec.selector map (every key=value must be present);
//  - set-based, metav1.LabelSelector (matchLabels + matchExpressions with In, NotIn, Exists,
//    DoesNotExist) and the kubectl string syntax "a=b,c!=d,e in (x,y),!f" (labels.Parse).
// Keys and values are checked with the apiserver's syntax rules and messages.
// Plain values and pure functions: any thread.

#include "model/field_error.h"
#include "model/types.h"
#include "util/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace studio {

// selection.Operator; the spelling is what labels.Requirement.String() prints.
enum class SelectorOperator {
    Equals,       // "="
    DoubleEquals, // "=="
    NotEquals,    // "!="
    In,           // "in"
    NotIn,        // "notin"
    Exists,       // key alone
    DoesNotExist, // "!key"
    GreaterThan,  // ">" (labels.Parse only; not in metav1.LabelSelector)
    LessThan,     // "<"
};

// One requirement of a selector. Values are kept sorted and unique (a sets.String upstream).
struct LabelRequirement
{
    std::string key;
    SelectorOperator op = SelectorOperator::Exists;
    std::vector<std::string> values;

    bool matches(const Labels &labels) const;
    std::string toString() const; // "a in (x,y)", "!f", "c!=d"
    bool operator==(const LabelRequirement &) const = default;
};

// Why a label set is not selected: the first requirement (in key order) that fails.
struct SelectorMismatch
{
    enum class Reason {
        SelectsNothing, // a nil selector (labels.Nothing())
        LabelMissing,   // key required (=, ==, in, exists, >, <) but absent
        ValueDiffers,   // key present with a value not wanted (=, ==, in)
        ValueExcluded,  // key present with a value the selector excludes (!=, notin)
        LabelPresent,   // key present but the selector says !key
        NotAnInteger,   // > or < on a value that is not an integer
        OutOfBound,     // > or < not satisfied
    };
    Reason reason = Reason::LabelMissing;
    LabelRequirement requirement;
    std::optional<std::string> actual; // the pod's value, when it has the key

    // English, for logs and the CLI: `label "app" is "web", the selector wants "MyApp"`.
    std::string message() const;
};

// labels.Selector: the conjunction of requirements, sorted by key.
class LabelSelector
{
public:
    // The empty selector matches everything; a nil selector (metav1 nil, or a Service without
    // selector as the endpoints controller reads it) matches nothing.
    static LabelSelector everything() { return LabelSelector(false); }
    static LabelSelector nothing() { return LabelSelector(true); }

    // labels.SelectorFromSet: one Equals requirement per entry. The set is not validated
    // (a Service's selector is validated when the Service is).
    static LabelSelector fromSet(const Labels &set);
    // labels.Parse (kubectl -l). Error code "selector-syntax" or "selector-invalid"; the
    // message is the apiserver's ("unable to parse requirement: ...").
    static Result<LabelSelector> parse(std::string_view text);
    // Builds a selector from requirements (validated like labels.NewRequirement).
    static Result<LabelSelector> fromRequirements(std::vector<LabelRequirement> requirements);

    bool matches(const Labels &labels) const;
    bool isEverything() const { return !m_nothing && m_requirements.empty(); }
    bool isNothing() const { return m_nothing; }
    const std::vector<LabelRequirement> &requirements() const { return m_requirements; }
    // labels.Selector.String(): requirements joined by ","; everything is "". Upstream prints
    // "" for nothing too; we print "<nothing>" (which never parses) so the two differ.
    std::string toString() const;

    // std::nullopt when `labels` is selected.
    std::optional<SelectorMismatch> explain(const Labels &labels) const;

    bool operator==(const LabelSelector &) const = default;

private:
    explicit LabelSelector(bool nothing) : m_nothing(nothing) {}
    bool m_nothing = false;
    std::vector<LabelRequirement> m_requirements;
};

// metav1.LabelSelector as it appears in manifests.
struct LabelSelectorRequirementSpec
{
    std::string key;
    std::string op; // "In", "NotIn", "Exists", "DoesNotExist"
    std::vector<std::string> values;
    bool operator==(const LabelSelectorRequirementSpec &) const = default;
};

struct MetaLabelSelector
{
    Labels matchLabels;
    std::vector<LabelSelectorRequirementSpec> matchExpressions;
    bool operator==(const MetaLabelSelector &) const = default;
};

// metav1.LabelSelectorAsSelector: nil -> nothing, empty -> everything. Error messages are
// upstream's ("\"Foo\" is not a valid pod selector operator", ...), code "selector-invalid".
Result<LabelSelector> labelSelectorAsSelector(const MetaLabelSelector *selector);

// metav1validation.ValidateLabelSelector with field paths under `path` ("spec.selector"):
// matchLabels keys/values, operators, values required for In/NotIn, forbidden for
// Exists/DoesNotExist.
FieldErrors validateLabelSelector(const MetaLabelSelector &selector, const std::string &path);

// The Service form: true when every selector entry is in `labels` with the same value.
// An empty selector matches everything (callers decide what a missing selector means).
bool selectorMatches(const Labels &selector, const Labels &labels);
// The first selector entry (in key order) that `labels` lacks or has with another value.
std::optional<SelectorMismatch> explainSelectorMismatch(const Labels &selector,
                                                        const Labels &labels);

// The apiserver's checks of a label key (qualified name) and value, as labels.NewRequirement
// words them: `invalid label key "x/": ...`, `invalid label value: "v": at key: "k": ...`.
// Empty string: valid.
std::string labelKeyError(std::string_view key);
std::string labelValueError(std::string_view key, std::string_view value);

} // namespace studio
