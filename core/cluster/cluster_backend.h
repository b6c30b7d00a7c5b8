// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cluster/resource_kind.h" // ResourceKind and its helpers
#include "manifest/manifest.h"       // KubeObject
#include "model/field_error.h"
#include "util/result.h"

#include <QObject>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace studio {

// A failed API call, as the apiserver's metav1.Status says it: HTTP code, reason
// ("Invalid", "AlreadyExists", "Conflict", "NotFound", "Forbidden", "Unauthorized",
// "ServiceUnavailable", "Timeout"; "Unreachable" for transport failures), a message, and for
// 422 the causes mapped to field paths. Never contains a credential.
struct ApiError
{
    int status = 0;
    std::string reason;
    std::string message;
    FieldErrors causes;

    std::string toString() const;
};

template<typename T>
using ApiResult = Result<T, ApiError>;

// Status errors as the apiserver words them (k8s.io/apimachinery/pkg/api/errors).
// 404 NotFound: `services "x" not found` (a missing namespace: `namespaces "x" not found`).
ApiError apiNotFound(ResourceKind kind, const std::string &name);
// 409 AlreadyExists: `services "web" already exists`.
ApiError apiAlreadyExists(ResourceKind kind, const std::string &name);
// 409 Conflict: `Operation cannot be fulfilled on services "web": the object has been
// modified; please apply your changes to the latest version and try again`.
ApiError apiConflict(ResourceKind kind, const std::string &name);
// 422 Invalid: `Service "web" is invalid: <cause>` or `... is invalid: [<cause>, <cause>]`
// (identical messages once), with the causes.
ApiError apiInvalid(ResourceKind kind, const std::string &name, FieldErrors causes);
// 500 InternalError: `Internal error occurred: <detail>`.
ApiError apiInternal(const std::string &detail);
// 400 BadRequest with the message as given.
ApiError apiBadRequest(const std::string &message);
// 410 Expired (a watch from a resourceVersion too old): `too old resource version: A (B)`.
ApiError apiGone(const std::string &message);

struct ObjectList
{
    std::vector<KubeObject> items;
    std::string resourceVersion; // of the list, to start a watch from
};

struct WatchEvent
{
    enum class Type { Added, Modified, Deleted, Bookmark, Error };
    Type type = Type::Added;
    KubeObject object;           // empty for Bookmark / Error
    std::string resourceVersion; // of the object (or of the bookmark)
    ApiError error;              // for Error (e.g. 410 Gone: relist)
};

// Handle of a running watch; destroying it (or calling stop()) ends the watch. No callback
// runs after stop() returns.
class WatchHandle
{
public:
    virtual ~WatchHandle() = default;
    virtual void stop() = 0;
};

// The one interface the GUI and the agent speak to a cluster through: the in-process
// sandbox and a real apiserver both implement it, with the same defaulting, validation,
// allocation and error semantics.
//
// Threading: call from the thread the backend lives on; callbacks run on that thread (a
// backend may call them before the call returns, so do not hold locks across a call).
class ClusterBackend : public QObject
{
    Q_OBJECT
public:
    template<typename T>
    using Callback = std::function<void(ApiResult<T>)>;
    using WatchCallback = std::function<void(const WatchEvent &)>;

    explicit ClusterBackend(QObject *parent = nullptr) : QObject(parent) {}
    ~ClusterBackend() override = default;

    virtual std::string displayName() const = 0;

    // namespace_ empty: all namespaces (or a cluster-scoped kind).
    virtual void list(ResourceKind kind, const std::string &namespace_,
                      Callback<ObjectList> done) = 0;
    virtual void get(ResourceKind kind, const std::string &namespace_, const std::string &name,
                     Callback<KubeObject> done) = 0;
    // Creates (or, with a resourceVersion set, replaces) the object. dryRun: validate,
    // default and allocate as a real write would, but store nothing.
    virtual void apply(const KubeObject &object, bool dryRun, Callback<KubeObject> done) = 0;
    virtual void create(const KubeObject &object, bool dryRun, Callback<KubeObject> done) = 0;
    virtual void replace(const KubeObject &object, bool dryRun, Callback<KubeObject> done) = 0;
    virtual void remove(ResourceKind kind, const std::string &namespace_,
                        const std::string &name, Callback<bool> done) = 0;
    // Events after resourceVersion (empty: current state as Added events first).
    virtual std::unique_ptr<WatchHandle> watch(ResourceKind kind, const std::string &namespace_,
                                               const std::string &resourceVersion,
                                               WatchCallback onEvent) = 0;

Q_SIGNALS:
    // The backend's reachability changed (a real apiserver went away or came back).
    void connectionChanged(bool connected, const QString &detail);
};

} // namespace studio
