// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// QObject first: moc (Qt 6.4) cannot parse <compare> when it comes before Qt's headers.
#include <QObject>

// --kubeconfig: Services, Endpoints and the agent's own Node from a kube-apiserver, with
// client-go's reflector pattern per kind: list, replace that kind in the state (deleting what
// is gone), watch from the list's resourceVersion. A watch that ends (410 Expired after a
// compaction or an apiserver restart, or any other error) relists; a failing list is retried
// with exponential backoff (1 s doubling to 30 s). Meanwhile the state, and so the rules,
// stay as they are. Transport errors inside a watch are retried by the client itself.

#include "cluster_source.h"

#include "cluster/cluster_backend.h"

#include <QTimer>

#include <array>
#include <memory>
#include <string>

namespace studio::agent {

class ApiServerSource : public ClusterSource
{
    Q_OBJECT
public:
    // Takes the backend (ApiServerBackend in the agent; a SandboxBackend in tests).
    ApiServerSource(ClusterState &state,
                    std::unique_ptr<ClusterBackend> backend,
                    QObject *parent = nullptr);
    ~ApiServerSource() override;

    // Errors: the kubeconfig's (unreadable, no context, bad TLS files).
    static Result<std::unique_ptr<ClusterBackend>> connect(const std::string &kubeconfig);

    void start() override;
    bool synced() const override;

private:
    struct Reflector;
    void list(Reflector &r);
    void retry(Reflector &r, bool immediately);

    std::unique_ptr<ClusterBackend> m_backend;
    std::array<std::unique_ptr<Reflector>, 3> m_reflectors;
};

} // namespace studio::agent
