// SPDX-License-Identifier: GPL-3.0-or-later
#include "cluster/cluster_backend.h"

#include <set>

namespace studio {

std::string ApiError::toString() const
{
    // kubectl's wording.
    if (reason == "Unreachable")
        return "Unable to connect to the server: " + message;
    return "Error from server (" + reason + "): " + message;
}

namespace {

ApiError make(int status, const char *reason, std::string message)
{
    ApiError e;
    e.status = status;
    e.reason = reason;
    e.message = std::move(message);
    return e;
}

std::string quoted(const std::string &s) { return goQuote(s); }

} // namespace

ApiError apiNotFound(ResourceKind kind, const std::string &name)
{
    return make(404, "NotFound",
                std::string(resourcePluralName(kind)) + " " + quoted(name) + " not found");
}

ApiError apiAlreadyExists(ResourceKind kind, const std::string &name)
{
    return make(409, "AlreadyExists",
                std::string(resourcePluralName(kind)) + " " + quoted(name) + " already exists");
}

ApiError apiConflict(ResourceKind kind, const std::string &name)
{
    return make(409, "Conflict",
                "Operation cannot be fulfilled on " + std::string(resourcePluralName(kind)) + " "
                    + quoted(name)
                    + ": the object has been modified; please apply your changes to the latest "
                      "version and try again");
}

ApiError apiInvalid(ResourceKind kind, const std::string &name, FieldErrors causes)
{
    // field.ErrorList.ToAggregate: one message per distinct error, "[a, b]" for several.
    std::vector<std::string> msgs;
    std::set<std::string> seen;
    for (const auto &c : causes) {
        std::string m = c.message();
        if (seen.insert(m).second)
            msgs.push_back(std::move(m));
    }
    std::string agg;
    for (size_t i = 0; i < msgs.size(); ++i)
        agg += (i ? ", " : "") + msgs[i];
    if (msgs.size() > 1)
        agg = "[" + agg + "]";
    ApiError e = make(422, "Invalid",
                      std::string(resourceKindName(kind)) + " " + quoted(name) + " is invalid: " + agg);
    e.causes = std::move(causes);
    return e;
}

ApiError apiInternal(const std::string &detail)
{
    return make(500, "InternalError", "Internal error occurred: " + detail);
}

ApiError apiBadRequest(const std::string &message) { return make(400, "BadRequest", message); }

ApiError apiGone(const std::string &message) { return make(410, "Expired", message); }

} // namespace studio
