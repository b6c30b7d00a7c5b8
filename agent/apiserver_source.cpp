// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiserver_source.h"

#include "apiserver/apiserver_backend.h"
#include "logger.h"

#include <QPointer>

namespace studio::agent {

struct ApiServerSource::Reflector
{
    ResourceKind kind;
    bool listed = false;
    int failures = 0;
    uint64_t generation = 0; // callbacks of an older list/watch are ignored
    std::string lastError;
    std::unique_ptr<WatchHandle> watch;
    QTimer retryTimer;
};

ApiServerSource::ApiServerSource(ClusterState &state,
                                 std::unique_ptr<ClusterBackend> backend,
                                 QObject *parent)
    : ClusterSource(state, parent)
    , m_backend(std::move(backend))
{
    const ResourceKind kinds[]
        = {ResourceKind::Service, ResourceKind::Endpoints, ResourceKind::Node};
    for (size_t i = 0; i < 3; ++i) {
        m_reflectors[i] = std::make_unique<Reflector>();
        Reflector &r = *m_reflectors[i];
        r.kind = kinds[i];
        r.retryTimer.setSingleShot(true);
        QObject::connect(&r.retryTimer, &QTimer::timeout, this, [this, &r]() { list(r); });
    }
    QObject::connect(m_backend.get(),
                     &ClusterBackend::connectionChanged,
                     this,
                     [](bool connected, const QString &detail) {
                         if (connected)
                             logInfo("apiserver reachable again");
                         else
                             logWarning("apiserver unreachable: " + detail.toStdString()
                                        + " (keeping the current rules)");
                     });
}

ApiServerSource::~ApiServerSource()
{
    for (auto &r : m_reflectors)
        if (r && r->watch)
            r->watch->stop();
}

Result<std::unique_ptr<ClusterBackend>> ApiServerSource::connect(const std::string &kubeconfig)
{
    KubeconfigLoadOptions load;
    load.explicitPath = kubeconfig;
    ClientOptions client;
    client.userAgent = "service-agent/" STUDIO_AGENT_VERSION;
    auto backend = ApiServerBackend::fromKubeconfig(load, {}, client);
    if (!backend)
        return backend.error();
    return std::unique_ptr<ClusterBackend>(std::move(*backend));
}

void ApiServerSource::start()
{
    for (auto &r : m_reflectors)
        list(*r);
}

bool ApiServerSource::synced() const
{
    for (const auto &r : m_reflectors)
        if (!r->listed)
            return false;
    return true;
}

void ApiServerSource::retry(Reflector &r, bool immediately)
{
    if (r.watch) {
        r.watch->stop();
        r.watch.reset();
    }
    ++r.generation;
    int delay = 0;
    if (!immediately) {
        delay = std::min(30'000, 1000 << std::min(r.failures, 5));
        ++r.failures;
    }
    r.retryTimer.start(delay);
}

void ApiServerSource::list(Reflector &reflector)
{
    const uint64_t generation = ++reflector.generation;
    QPointer<ApiServerSource> self(this);
    Reflector *rp = &reflector;
    m_backend->list(reflector.kind, {}, [self, rp, generation](ApiResult<ObjectList> res) {
        if (!self || rp->generation != generation)
            return;
        Reflector &r = *rp;
        const std::string kind = resourcePluralName(r.kind);
        if (!res) {
            const std::string message = res.error().toString();
            if (message != r.lastError)
                logWarning("listing " + kind + " failed: " + message
                           + " (retrying; rules unchanged)");
            r.lastError = message;
            // Not from inside the backend's callback: the timer starts the next attempt.
            self->retry(r, false);
            return;
        }
        if (!r.lastError.empty())
            logInfo("listing " + kind + " works again");
        r.lastError.clear();
        r.failures = 0;
        const bool wasSynced = self->synced();
        self->m_state.replaceKind(r.kind, res->items);
        r.listed = true;
        logDebug("listed " + std::to_string(res->items.size()) + " " + kind + " at resourceVersion "
                 + res->resourceVersion);
        if (!wasSynced && self->synced())
            logInfo("initial state received from the apiserver");
        Q_EMIT self->changed();

        const std::string rv = res->resourceVersion;
        QTimer::singleShot(0, self.data(), [self, rp, generation, rv]() {
            if (!self || rp->generation != generation)
                return;
            auto handle = self->m_backend->watch(
                rp->kind, {}, rv, [self, rp, generation](const WatchEvent &ev) {
                    if (!self || rp->generation != generation)
                        return;
                    Reflector &wr = *rp;
                    switch (ev.type) {
                    case WatchEvent::Type::Added:
                    case WatchEvent::Type::Modified:
                        self->m_state.upsert(ev.object);
                        Q_EMIT self->changed();
                        return;
                    case WatchEvent::Type::Deleted:
                        self->m_state.remove(ev.object);
                        Q_EMIT self->changed();
                        return;
                    case WatchEvent::Type::Bookmark:
                        return;
                    case WatchEvent::Type::Error: {
                        const bool gone = ev.error.status == 410;
                        if (gone)
                            logInfo(std::string("watch of ") + resourcePluralName(wr.kind)
                                    + " expired (410), relisting");
                        else
                            logWarning(std::string("watch of ") + resourcePluralName(wr.kind)
                                       + " ended: " + ev.error.toString() + " (relisting)");
                        QTimer::singleShot(0, self.data(), [self, rp, gone]() {
                            if (self)
                                self->retry(*rp, gone);
                        });
                        return;
                    }
                    }
                });
            if (rp->generation == generation)
                rp->watch = std::move(handle);
            else if (handle)
                handle->stop();
        });
    });
}

} // namespace studio::agent
