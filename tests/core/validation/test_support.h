// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "validation/validation.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace studio::test {

// What a case expects of one error. An empty detail is not checked.
struct Expected
{
    Expected() = default;
    Expected(std::string f, std::string t, std::string d = {})
        : field(std::move(f))
        , type(std::move(t))
        , detail(std::move(d))
    {}
    std::string field;
    std::string type;
    std::string detail;
};

inline std::string describe(const FieldErrors &errs)
{
    std::string s;
    for (const auto &e : errs)
        s += "\n    " + e.type + " " + e.message();
    return s.empty() ? std::string("\n    (none)") : s;
}

// Same errors in the same order (the apiserver's order), field and type always, detail when
// the expectation names one.
inline ::testing::AssertionResult sameErrors(const FieldErrors &actual,
                                             const std::vector<Expected> &expected)
{
    bool ok = actual.size() == expected.size();
    for (size_t i = 0; ok && i < actual.size(); ++i) {
        ok = actual[i].field == expected[i].field && actual[i].type == expected[i].type
             && (expected[i].detail.empty() || actual[i].detail == expected[i].detail);
    }
    if (ok)
        return ::testing::AssertionSuccess();
    std::string want;
    for (const auto &e : expected)
        want += "\n    " + e.type + " " + e.field + (e.detail.empty() ? "" : ": " + e.detail);
    return ::testing::AssertionFailure()
           << "got:" << describe(actual) << "\n  want:" << (want.empty() ? "\n    (none)" : want);
}

inline ServicePort port(int32_t p,
                        std::optional<IntOrString> target = std::nullopt,
                        std::string name = {},
                        std::string protocol = {})
{
    ServicePort sp;
    sp.port = p;
    sp.targetPort = std::move(target);
    sp.name = std::move(name);
    sp.protocol = std::move(protocol);
    return sp;
}

// The concept page's first example: my-service, selector app=MyApp, TCP 80 -> 9376.
inline Service myService()
{
    Service s;
    s.metadata.name = "my-service";
    s.metadata.namespace_ = "default";
    s.spec.selector = Labels{{"app", "MyApp"}};
    s.spec.ports = {port(80, IntOrString::fromInt(9376), {}, "TCP")};
    return s;
}

} // namespace studio::test
