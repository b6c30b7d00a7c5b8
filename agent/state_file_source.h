// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// QObject first: moc (Qt 6.4) cannot parse <compare> when it comes before Qt's headers.
#include <QObject>

// --state-file: a YAML file of Services, Endpoints, Pods and Nodes (a sandbox scenario file,
// resources/scenarios/README.md). It is loaded into a SandboxBackend, so Endpoints are
// computed from the pods when the file has none, and defaulting and validation are the
// apiserver's. Re-read when it changes: a QFileSystemWatcher on the file and its directory
// (editors replace files) plus a check of mtime/size/inode every pollInterval. An unreadable
// or broken file keeps the current state (logged).
//
// The file is loaded afresh on every change. Cluster IPs, node ports and health check node
// ports the file leaves out come from the sandbox's seeded allocators, so the same file
// always gives the same values, but an object added earlier in the file can shift the values
// of those after it: give clusterIP, nodePort and healthCheckNodePort in state files whose
// services must keep them across edits.

#include "cluster_source.h"

#include <QFileSystemWatcher>
#include <QTimer>

#include <string>

namespace studio::agent {

class StateFileSource : public ClusterSource
{
    Q_OBJECT
public:
    StateFileSource(ClusterState &state,
                    std::string path,
                    int pollIntervalMs = 1000,
                    QObject *parent = nullptr);

    void start() override;
    bool synced() const override { return m_synced; }
    // Reads the file now (tests, and the watcher's debounce); false when it could not be used.
    bool reload();

private:
    void scheduleReload();
    std::string fileStamp() const;

    std::string m_path;
    QFileSystemWatcher m_watcher;
    QTimer m_poll;
    QTimer m_debounce;
    std::string m_stamp;
    std::string m_lastContent;
    bool m_synced = false;
};

} // namespace studio::agent
