// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cluster/cluster_backend.h"

#include <QObject>
#include <QPointer>

namespace studio::views {

// The Apply workflow for one object, as a state machine over any ClusterBackend:
//   start(): server dry run (validated, defaulted and allocated by the server, nothing
//            stored) -> fetch the live object -> diffReady() (AwaitingConfirmation)
//   confirm(): create or replace -> applied()
//   a 409 Conflict (someone changed the object since it was read) -> failed(); then
//   reloadAndReapply() takes the live resourceVersion (and what the server allocated and the
//   edit leaves unset) and goes through the dry run and the diff again.
// A 422's causes arrive in failed()'s ApiError::causes. Backends answer asynchronously (REST)
// or before the call returns (sandbox); the GUI never waits on either.
class ApplyController : public QObject
{
    Q_OBJECT
public:
    enum class Stage { Idle, DryRun, FetchingLive, AwaitingConfirmation, Applying, Reloading,
                       Done, Failed };
    Q_ENUM(Stage)

    explicit ApplyController(QObject *parent = nullptr);

    // Not owned; may change between runs (a running one is abandoned).
    void setBackend(ClusterBackend *backend);
    ClusterBackend *backend() const { return m_backend; }

    void start(const KubeObject &desired);
    void confirm();
    void cancel();
    void reloadAndReapply();

    Stage stage() const { return m_stage; }
    bool busy() const;
    const KubeObject &desired() const { return m_desired; }
    const KubeObject &live() const { return m_live; }
    bool liveExists() const { return m_liveExists; }
    const KubeObject &dryRunResult() const { return m_dryRun; }
    const KubeObject &result() const { return m_result; }
    const ApiError &lastError() const { return m_error; }
    bool lastWasCreate() const { return m_created; }

    // The YAML shown in the diff: the object as the model knows it, without the fields
    // every write changes (resourceVersion, managedFields are not in the model anyway).
    static QString diffYaml(const KubeObject &object);
    // "Service default/web"
    static QString label(const KubeObject &object);

Q_SIGNALS:
    void stageChanged(Stage stage);
    void diffReady();
    void applied(const KubeObject &result, bool created);
    void failed(const ApiError &error);

private:
    void setStage(Stage s);
    void runDryRun();
    void fetchLive();
    void fail(const ApiError &e);

    QPointer<ClusterBackend> m_backend;
    Stage m_stage = Stage::Idle;
    int m_run = 0; // callbacks of an abandoned run are ignored
    KubeObject m_desired;
    KubeObject m_live;
    KubeObject m_dryRun;
    KubeObject m_result;
    bool m_liveExists = false;
    bool m_created = false;
    ApiError m_error;
};

} // namespace studio::views
