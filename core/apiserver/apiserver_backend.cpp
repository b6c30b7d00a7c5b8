// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiserver/apiserver_backend.h"

#include "manifest/object_codec.h"

#include <QPointer>
#include <QTimer>

#include <map>
#include <unordered_map>

namespace studio {

namespace {

std::string keyOf(const ObjectMeta &m)
{
    return m.namespace_ + "/" + m.name;
}

Node encode(const KubeObject &o)
{
    return encodeObject(o);
}

// What the server allocated and the desired object leaves unset (kubectl apply keeps them,
// since they are not in its last-applied configuration).
void keepAllocated(Service &desired, const Service &live)
{
    const bool externalName = desired.effectiveType() == service_type::ExternalName;
    if (!externalName && desired.spec.clusterIP.empty()) {
        desired.spec.clusterIP = live.spec.clusterIP;
        if (desired.spec.clusterIPs.empty())
            desired.spec.clusterIPs = live.spec.clusterIPs;
    }
    const std::string type = desired.effectiveType();
    if (type == service_type::NodePort || type == service_type::LoadBalancer) {
        auto proto = [](const std::string &p) { return p.empty() ? std::string("TCP") : p; };
        for (ServicePort &p : desired.spec.ports) {
            if (p.nodePort != 0)
                continue;
            for (const ServicePort &l : live.spec.ports)
                if (l.port == p.port && proto(l.protocol) == proto(p.protocol)) {
                    p.nodePort = l.nodePort;
                    break;
                }
        }
        if (desired.spec.healthCheckNodePort == 0)
            desired.spec.healthCheckNodePort = live.spec.healthCheckNodePort;
    }
}

// A watch that lists first when asked for "everything from now" and that turns a 410 into a
// relist plus the difference (the reflector + informer pattern of client-go).
class BackendWatch : public QObject, public WatchHandle
{
public:
    BackendWatch(ApiServerBackend *backend,
                 ResourceKind kind,
                 std::string namespace_,
                 std::string resourceVersion,
                 ClusterBackend::WatchCallback onEvent)
        : m_backend(backend)
        , m_kind(kind)
        , m_namespace(std::move(namespace_))
        , m_onEvent(std::move(onEvent))
        , m_tracking(resourceVersion.empty())
    {
        m_relistTimer.setSingleShot(true);
        connect(&m_relistTimer, &QTimer::timeout, this, [this]() { relist(); });
        if (m_tracking)
            relist();
        else
            startWatch(resourceVersion);
    }
    ~BackendWatch() override { stop(); }

    void stop() override
    {
        m_stopped = true;
        m_relistTimer.stop();
        m_watch.reset();
    }

private:
    void emitEvent(WatchEvent::Type type, const KubeObject &obj, const std::string &rv)
    {
        WatchEvent ev;
        ev.type = type;
        ev.object = obj;
        ev.resourceVersion = rv;
        auto cb = m_onEvent; // the callback may destroy this watch
        cb(ev);
    }

    void relist()
    {
        if (m_stopped || !m_backend)
            return;
        m_watch.reset();
        auto fresh = std::make_shared<std::unordered_map<std::string, KubeObject>>();
        QPointer<BackendWatch> self(this);
        ApiClient &client = m_backend->client();
        ListOptions opts;
        opts.limit = m_backend->listPageSize();
        const ResourceKind kind = m_kind;
        client.list(
            ResourceRef::of(kind),
            m_namespace,
            opts,
            [fresh, kind](ListPage &&page) {
                for (Node &item : page.items) {
                    KubeObject o = ApiServerBackend::decode(kind, item);
                    item = Node();
                    if (const ObjectMeta *m = objectMeta(o))
                        fresh->emplace(keyOf(*m), std::move(o));
                }
            },
            [self, fresh](ApiResult<ListSummary> res) {
                if (!self || self->m_stopped)
                    return;
                if (!res) {
                    // A forbidden or unknown resource does not heal; anything else may.
                    const int s = res.error().status;
                    if (s == 401 || s == 403 || s == 404) {
                        self->fail(res.error());
                        return;
                    }
                    self->m_relistTimer.start(
                        std::min(30'000, 500 << std::min(self->m_relists, 6)));
                    ++self->m_relists;
                    return;
                }
                self->m_relists = 0;
                self->applyList(*fresh, res->resourceVersion);
                if (!self || self->m_stopped)
                    return;
                self->startWatch(res->resourceVersion);
            });
    }

    // Delivers the difference between what we delivered so far and a fresh list.
    void applyList(std::unordered_map<std::string, KubeObject> &fresh, const std::string &listRv)
    {
        QPointer<BackendWatch> self(this);
        // Sorted for a deterministic order of events.
        std::map<std::string, KubeObject *> sorted;
        for (auto &[k, o] : fresh)
            sorted.emplace(k, &o);
        for (auto it = m_known.begin(); it != m_known.end();) {
            if (!fresh.count(it->first)) {
                KubeObject gone = std::move(it->second);
                it = m_known.erase(it);
                emitEvent(WatchEvent::Type::Deleted, gone, listRv);
                if (!self || m_stopped)
                    return;
            } else {
                ++it;
            }
        }
        for (auto &[k, o] : sorted) {
            const ObjectMeta *m = objectMeta(*o);
            auto known = m_known.find(k);
            if (known == m_known.end()) {
                m_known.emplace(k, *o);
                emitEvent(WatchEvent::Type::Added, *o, m->resourceVersion);
            } else {
                const ObjectMeta *old = objectMeta(known->second);
                if (old->uid != m->uid) {
                    // Deleted and created again while we were not watching.
                    KubeObject gone = known->second;
                    known->second = *o;
                    emitEvent(WatchEvent::Type::Deleted, gone, listRv);
                    if (!self || m_stopped)
                        return;
                    emitEvent(WatchEvent::Type::Added, *o, m->resourceVersion);
                } else if (old->resourceVersion != m->resourceVersion) {
                    known->second = *o;
                    emitEvent(WatchEvent::Type::Modified, *o, m->resourceVersion);
                }
            }
            if (!self || m_stopped)
                return;
        }
    }

    void startWatch(const std::string &rv)
    {
        if (m_stopped || !m_backend)
            return;
        WatchOptions wo;
        wo.resourceVersion = rv;
        wo.allowBookmarks = true;
        QPointer<BackendWatch> self(this);
        const ResourceKind kind = m_kind;
        m_watch = m_backend->client().watch(
            ResourceRef::of(kind),
            m_namespace,
            wo,
            [self, kind](const RawWatchEvent &raw) {
                if (!self || self->m_stopped)
                    return;
                if (raw.type == WatchEvent::Type::Error) {
                    if (raw.error.status == 410 && self->m_tracking) {
                        // Our version is gone from the server's history: relist, deliver
                        // the difference, continue from the new list.
                        QTimer::singleShot(0, self.data(), [self]() {
                            if (self)
                                self->relist();
                        });
                        return;
                    }
                    self->fail(raw.error);
                    return;
                }
                WatchEvent ev;
                ev.type = raw.type;
                ev.resourceVersion = raw.resourceVersion;
                if (raw.type != WatchEvent::Type::Bookmark) {
                    ev.object = ApiServerBackend::decode(kind, raw.object);
                    if (self->m_tracking) {
                        if (const ObjectMeta *m = objectMeta(ev.object)) {
                            if (raw.type == WatchEvent::Type::Deleted)
                                self->m_known.erase(keyOf(*m));
                            else
                                self->m_known[keyOf(*m)] = ev.object;
                        }
                    }
                }
                auto cb = self->m_onEvent; // the callback may destroy this watch
                cb(ev);
            });
        // Reachability reaches ClusterBackend::connectionChanged through the client (the
        // watch reports its connection state to it).
    }

    void fail(const ApiError &e)
    {
        WatchEvent ev;
        ev.type = WatchEvent::Type::Error;
        ev.error = e;
        auto cb = m_onEvent;
        stop();
        cb(ev);
    }

    QPointer<ApiServerBackend> m_backend;
    ResourceKind m_kind;
    std::string m_namespace;
    ClusterBackend::WatchCallback m_onEvent;
    bool m_tracking;
    bool m_stopped = false;
    int m_relists = 0;
    std::unordered_map<std::string, KubeObject> m_known;
    std::unique_ptr<ApiWatch> m_watch;
    QTimer m_relistTimer;
};

} // namespace

ApiServerBackend::ApiServerBackend(std::unique_ptr<ApiClient> client, QObject *parent)
    : ClusterBackend(parent)
    , m_client(client.release())
{
    m_client->setParent(this);
    connect(m_client, &ApiClient::reachabilityChanged, this, &ClusterBackend::connectionChanged);
}

ApiServerBackend::~ApiServerBackend() = default;

Result<std::unique_ptr<ApiServerBackend>>
ApiServerBackend::fromKubeconfig(const KubeconfigLoadOptions &load,
                                 const std::string &context,
                                 const ClientOptions &options,
                                 QObject *parent)
{
    auto kc = loadKubeconfig(load);
    if (!kc)
        return kc.error();
    auto rc = kc->resolve(context);
    if (!rc)
        return rc.error();
    auto client = ApiClient::fromConfig(std::move(rc).value(), options);
    if (!client)
        return client.error();
    return std::make_unique<ApiServerBackend>(std::move(client).value(), parent);
}

std::string ApiServerBackend::displayName() const
{
    const std::string server = stripUserInfo(m_client->server());
    return m_client->contextName().empty() ? server : m_client->contextName() + " (" + server + ")";
}

KubeObject ApiServerBackend::decode(ResourceKind kind, const Node &object)
{
    DecodeReport r; // the server's objects are well-typed; unknown fields are expected
    switch (kind) {
    case ResourceKind::Service:
        return decodeService(object, r);
    case ResourceKind::Endpoints:
        return decodeEndpoints(object, r);
    case ResourceKind::Pod:
        return decodePod(object, r);
    case ResourceKind::Node:
        return decodeKubeNode(object, r);
    case ResourceKind::Namespace:
        return decodeNamespace(object, r);
    }
    return {};
}

std::string ApiServerBackend::namespaceFor(ResourceKind kind, const KubeObject &object) const
{
    if (!resourceIsNamespaced(kind))
        return {};
    const ObjectMeta *m = objectMeta(object);
    return m && !m->namespace_.empty() ? m->namespace_ : m_client->defaultNamespace();
}

void ApiServerBackend::listInto(ResourceKind kind,
                                const std::string &namespace_,
                                bool paged,
                                Callback<ObjectList> done)
{
    auto out = std::make_shared<ObjectList>();
    ListOptions opts;
    opts.limit = paged ? m_pageSize : 0;
    QPointer<ApiServerBackend> self(this);
    m_client->list(
        ResourceRef::of(kind),
        namespace_,
        opts,
        [out, kind](ListPage &&page) {
            out->items.reserve(out->items.size() + page.items.size()
                               + size_t(page.remainingItemCount.value_or(0)));
            for (Node &item : page.items) {
                out->items.push_back(decode(kind, item));
                item = Node(); // free each tree once decoded
            }
        },
        [self, out, kind, namespace_, paged, done = std::move(done)](ApiResult<ListSummary> res) {
            if (!res) {
                // The continue token expired between pages (410): start over in one request,
                // as client-go's pager does.
                if (paged && res.error().status == 410 && self) {
                    self->listInto(kind, namespace_, false, done);
                    return;
                }
                done(res.error());
                return;
            }
            out->resourceVersion = res->resourceVersion;
            done(std::move(*out));
        });
}

void ApiServerBackend::list(ResourceKind kind,
                            const std::string &namespace_,
                            Callback<ObjectList> done)
{
    listInto(kind,
             resourceIsNamespaced(kind) ? namespace_ : std::string(),
             m_pageSize > 0,
             std::move(done));
}

void ApiServerBackend::get(ResourceKind kind,
                           const std::string &namespace_,
                           const std::string &name,
                           Callback<KubeObject> done)
{
    const std::string ns = resourceIsNamespaced(kind)
                               ? (namespace_.empty() ? m_client->defaultNamespace() : namespace_)
                               : std::string();
    m_client->get(
        ResourceRef::of(kind), ns, name, [kind, done = std::move(done)](ApiResult<Node> res) {
            if (!res) {
                done(res.error());
                return;
            }
            done(decode(kind, *res));
        });
}

void ApiServerBackend::create(const KubeObject &object, bool dryRun, Callback<KubeObject> done)
{
    const auto kind = resourceKindOf(object);
    if (!kind) {
        done(apiBadRequest("Object 'Kind' is missing or unknown"));
        return;
    }
    WriteOptions wo;
    wo.dryRun = dryRun;
    m_client->create(ResourceRef::of(*kind),
                     namespaceFor(*kind, object),
                     encode(object),
                     wo,
                     [k = *kind, done = std::move(done)](ApiResult<Node> res) {
                         if (!res) {
                             done(res.error());
                             return;
                         }
                         done(decode(k, *res));
                     });
}

void ApiServerBackend::replace(const KubeObject &object, bool dryRun, Callback<KubeObject> done)
{
    const auto kind = resourceKindOf(object);
    const ObjectMeta *m = objectMeta(object);
    if (!kind || !m) {
        done(apiBadRequest("Object 'Kind' is missing or unknown"));
        return;
    }
    WriteOptions wo;
    wo.dryRun = dryRun;
    m_client->replace(ResourceRef::of(*kind),
                      namespaceFor(*kind, object),
                      m->name,
                      encode(object),
                      wo,
                      [k = *kind, done = std::move(done)](ApiResult<Node> res) {
                          if (!res) {
                              done(res.error());
                              return;
                          }
                          done(decode(k, *res));
                      });
}

void ApiServerBackend::apply(const KubeObject &object, bool dryRun, Callback<KubeObject> done)
{
    const ObjectMeta *m = objectMeta(object);
    const auto kind = resourceKindOf(object);
    if (!m || !kind) {
        done(apiBadRequest("Object 'Kind' is missing or unknown"));
        return;
    }
    if (!m->resourceVersion.empty()) {
        replace(object, dryRun, std::move(done));
        return;
    }
    QPointer<ApiServerBackend> self(this);
    create(object, dryRun, [self, object, dryRun, k = *kind, done](ApiResult<KubeObject> res) {
        if (res || res.error().reason != "AlreadyExists" || !self) {
            done(std::move(res));
            return;
        }
        const ObjectMeta *meta = objectMeta(object);
        self->get(k,
                  self->namespaceFor(k, object),
                  meta->name,
                  [self, object, dryRun, done](ApiResult<KubeObject> live) {
                      if (!live || !self) {
                          done(std::move(live));
                          return;
                      }
                      KubeObject desired = object;
                      ObjectMeta *dm = objectMeta(desired);
                      const ObjectMeta *lm = objectMeta(*live);
                      dm->resourceVersion = lm->resourceVersion;
                      if (auto *ds = std::get_if<Service>(&desired))
                          if (const auto *ls = std::get_if<Service>(&*live))
                              keepAllocated(*ds, *ls);
                      self->replace(desired, dryRun, done);
                  });
    });
}

void ApiServerBackend::remove(ResourceKind kind,
                              const std::string &namespace_,
                              const std::string &name,
                              Callback<bool> done)
{
    DeleteOptions opts;
    if (kind == ResourceKind::Pod)
        opts.gracePeriodSeconds = m_podGrace;
    const std::string ns = resourceIsNamespaced(kind)
                               ? (namespace_.empty() ? m_client->defaultNamespace() : namespace_)
                               : std::string();
    m_client->remove(
        ResourceRef::of(kind), ns, name, opts, [done = std::move(done)](ApiResult<Node> res) {
            if (!res) {
                done(res.error());
                return;
            }
            done(true);
        });
}

std::unique_ptr<WatchHandle> ApiServerBackend::watch(ResourceKind kind,
                                                     const std::string &namespace_,
                                                     const std::string &resourceVersion,
                                                     WatchCallback onEvent)
{
    return std::make_unique<BackendWatch>(this,
                                          kind,
                                          resourceIsNamespaced(kind) ? namespace_ : std::string(),
                                          resourceVersion,
                                          std::move(onEvent));
}

} // namespace studio
