// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshot_watcher.h"

#include "cluster/sandbox_backend.h"

namespace studio::views {

SnapshotWatcher::SnapshotWatcher(QObject *parent) : QObject(parent)
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(30); // one repaint per burst of watch events
    connect(&m_coalesce, &QTimer::timeout, this, &SnapshotWatcher::flush);
}

SnapshotWatcher::~SnapshotWatcher() = default;

void SnapshotWatcher::setBackend(ClusterBackend *backend)
{
    m_watches.clear();
    m_backend = backend;
    restart();
}

void SnapshotWatcher::restart()
{
    m_restartPending = false;
    m_watches.clear();
    m_snapshot = ClusterSnapshot();
    if (!m_backend) {
        m_coalesce.start();
        return;
    }
    // The settings objects don't carry (cluster domain, pod network); a real apiserver
    // doesn't tell them, so the defaults stand there.
    if (auto *sandbox = qobject_cast<SandboxBackend *>(m_backend))
        m_snapshot.setSettings(sandbox->settings());
    // Empty resourceVersion: the current objects arrive as Added events, then the changes.
    for (ResourceKind kind : {ResourceKind::Namespace, ResourceKind::Node, ResourceKind::Service,
                              ResourceKind::Endpoints, ResourceKind::Pod}) {
        m_watches.push_back(m_backend->watch(kind, {}, {}, [this, kind](const WatchEvent &e) {
            onEvent(kind, e);
        }));
    }
    m_coalesce.start();
}

void SnapshotWatcher::onEvent(ResourceKind kind, const WatchEvent &e)
{
    switch (e.type) {
    case WatchEvent::Type::Bookmark: return;
    case WatchEvent::Type::Error:
        // The watch ended (410 after a compaction or a scenario load): list again, but not
        // from inside the backend's callback.
        if (!m_restartPending) {
            m_restartPending = true;
            QTimer::singleShot(0, this, &SnapshotWatcher::restart);
        }
        return;
    case WatchEvent::Type::Deleted:
        if (const ObjectMeta *meta = objectMeta(e.object))
            m_snapshot.remove(kind, ObjectKey{meta->namespace_, meta->name});
        break;
    case WatchEvent::Type::Added:
    case WatchEvent::Type::Modified: m_snapshot.add(e.object); break;
    }
    if (!e.resourceVersion.empty())
        m_snapshot.setResourceVersion(e.resourceVersion);
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

void SnapshotWatcher::flush()
{
    m_coalesce.stop();
    Q_EMIT snapshotChanged();
}

void followSnapshots(QObject *receiver, SnapshotWatcher *&current, SnapshotWatcher *next,
                     std::function<void(const ClusterSnapshot &)> apply)
{
    if (current)
        QObject::disconnect(current, nullptr, receiver, nullptr);
    current = next;
    if (!next)
        return;
    QObject::connect(next, &SnapshotWatcher::snapshotChanged, receiver, [next, apply] { apply(next->snapshot()); });
    apply(next->snapshot());
}

} // namespace studio::views
