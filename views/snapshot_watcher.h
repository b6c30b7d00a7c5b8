// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// moc cannot parse the C++20 library headers these reach (<compare>, <concepts>).
#ifndef Q_MOC_RUN
#include "cluster/cluster_backend.h"
#include "cluster/cluster_snapshot.h"
#endif

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

namespace studio::views {

// Keeps a ClusterSnapshot current from a ClusterBackend's watches (Services, Endpoints, Pods,
// Nodes, Namespaces), for the visualization views. Bursts of events (the first list of a big
// cluster, a scenario load) are coalesced: snapshotChanged() fires once per burst, after the
// event loop ran. A 410 Expired or any watch error restarts the watches (a relist). The
// backend is not owned and must outlive the watcher or be replaced with setBackend(nullptr).
class SnapshotWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SnapshotWatcher(QObject *parent = nullptr);
    ~SnapshotWatcher() override;

    void setBackend(ClusterBackend *backend);
    ClusterBackend *backend() const { return m_backend; }
    const ClusterSnapshot &snapshot() const { return m_snapshot; }
    // Delivers a pending change now (tests, and callers that need the state at once).
    void flush();

Q_SIGNALS:
    void snapshotChanged();

private:
    void restart();
    void onEvent(ResourceKind kind, const WatchEvent &e);

    ClusterBackend *m_backend = nullptr;
    ClusterSnapshot m_snapshot;
    std::vector<std::unique_ptr<WatchHandle>> m_watches;
    QTimer m_coalesce;
    bool m_restartPending = false;
};

// A view's setWatcher(): `receiver` stops following `current` and follows `next` instead
// (either may be null); apply(snapshot) runs now and after every change of `next`.
void followSnapshots(QObject *receiver, SnapshotWatcher *&current, SnapshotWatcher *next,
                     std::function<void(const ClusterSnapshot &)> apply);

} // namespace studio::views
