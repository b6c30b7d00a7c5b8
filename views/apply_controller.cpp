// SPDX-License-Identifier: GPL-3.0-or-later
#include "apply_controller.h"

#include "cluster/resource_kind.h"
#include "manifest/writer.h"

namespace studio::views {

namespace {

QString kindOf(const KubeObject &o)
{
    switch (o.index()) {
    case 1: return QStringLiteral("Service");
    case 2: return QStringLiteral("Endpoints");
    case 3: return QStringLiteral("Pod");
    case 4: return QStringLiteral("Node");
    case 5: return QStringLiteral("Namespace");
    default: return QString();
    }
}

// What the server allocated and the edit leaves unset, kept on a replace (as kubectl apply
// and ApiServerBackend::apply do).
void keepAllocated(Service &desired, const Service &live)
{
    if (desired.spec.clusterIP.empty()) {
        desired.spec.clusterIP = live.spec.clusterIP;
        desired.spec.clusterIPs = live.spec.clusterIPs;
    }
    for (ServicePort &p : desired.spec.ports) {
        if (p.nodePort != 0)
            continue;
        for (const ServicePort &lp : live.spec.ports)
            if (lp.port == p.port && (lp.protocol == p.protocol || p.protocol.empty()))
                p.nodePort = lp.nodePort;
    }
    if (desired.spec.healthCheckNodePort == 0)
        desired.spec.healthCheckNodePort = live.spec.healthCheckNodePort;
}

} // namespace

ApplyController::ApplyController(QObject *parent) : QObject(parent) {}

void ApplyController::setBackend(ClusterBackend *backend)
{
    if (backend == m_backend)
        return;
    ++m_run;
    m_backend = backend;
    if (busy() || m_stage == Stage::AwaitingConfirmation)
        setStage(Stage::Idle);
}

bool ApplyController::busy() const
{
    return m_stage == Stage::DryRun || m_stage == Stage::FetchingLive
           || m_stage == Stage::Applying || m_stage == Stage::Reloading;
}

void ApplyController::setStage(Stage s)
{
    m_stage = s;
    Q_EMIT stageChanged(s);
}

void ApplyController::fail(const ApiError &e)
{
    m_error = e;
    setStage(Stage::Failed);
    Q_EMIT failed(e);
}

void ApplyController::start(const KubeObject &desired)
{
    ++m_run;
    m_desired = desired;
    m_live = {};
    m_dryRun = {};
    m_result = {};
    m_error = {};
    m_liveExists = false;
    if (!m_backend) {
        ApiError e;
        e.reason = "NoCluster";
        e.message = "no cluster";
        fail(e);
        return;
    }
    if (!objectMeta(desired) || !resourceKindOf(desired)) {
        fail(apiBadRequest("Object 'Kind' is missing or unknown"));
        return;
    }
    runDryRun();
}

void ApplyController::runDryRun()
{
    setStage(Stage::DryRun);
    const int run = m_run;
    QPointer<ApplyController> self(this);
    m_backend->apply(m_desired, true, [self, run](ApiResult<KubeObject> r) {
        if (!self || run != self->m_run)
            return;
        if (!r) {
            self->fail(r.error());
            return;
        }
        self->m_dryRun = std::move(r).value();
        self->fetchLive();
    });
}

void ApplyController::fetchLive()
{
    setStage(Stage::FetchingLive);
    const int run = m_run;
    const ObjectMeta *m = objectMeta(m_desired);
    const ObjectMeta *dm = objectMeta(m_dryRun);
    // The dry run knows the namespace the server puts the object in.
    const std::string ns = dm && !dm->namespace_.empty() ? dm->namespace_ : m->namespace_;
    QPointer<ApplyController> self(this);
    m_backend->get(*resourceKindOf(m_desired), ns, m->name, [self, run](ApiResult<KubeObject> r) {
        if (!self || run != self->m_run)
            return;
        if (!r && r.error().reason != "NotFound") {
            self->fail(r.error());
            return;
        }
        self->m_liveExists = r.ok();
        self->m_live = r ? std::move(r).value() : KubeObject{};
        self->setStage(Stage::AwaitingConfirmation);
        Q_EMIT self->diffReady();
    });
}

void ApplyController::confirm()
{
    if (m_stage != Stage::AwaitingConfirmation || !m_backend)
        return;
    setStage(Stage::Applying);
    const int run = m_run;
    m_created = !m_liveExists;
    QPointer<ApplyController> self(this);
    m_backend->apply(m_desired, false, [self, run](ApiResult<KubeObject> r) {
        if (!self || run != self->m_run)
            return;
        if (!r) {
            self->fail(r.error());
            return;
        }
        self->m_result = std::move(r).value();
        self->setStage(Stage::Done);
        Q_EMIT self->applied(self->m_result, self->m_created);
    });
}

void ApplyController::cancel()
{
    ++m_run;
    setStage(Stage::Idle);
}

void ApplyController::reloadAndReapply()
{
    if (!m_backend || !objectMeta(m_desired))
        return;
    ++m_run;
    setStage(Stage::Reloading);
    const int run = m_run;
    const ObjectMeta *m = objectMeta(m_desired);
    QPointer<ApplyController> self(this);
    m_backend->get(*resourceKindOf(m_desired), m->namespace_, m->name,
                   [self, run](ApiResult<KubeObject> r) {
                       if (!self || run != self->m_run)
                           return;
                       if (!r && r.error().reason != "NotFound") {
                           self->fail(r.error());
                           return;
                       }
                       ObjectMeta *dm = objectMeta(self->m_desired);
                       if (r) {
                           dm->resourceVersion = objectMeta(*r)->resourceVersion;
                           if (auto *ds = std::get_if<Service>(&self->m_desired))
                               if (const auto *ls = std::get_if<Service>(&*r))
                                   keepAllocated(*ds, *ls);
                       } else {
                           dm->resourceVersion.clear(); // deleted meanwhile: create it again
                       }
                       self->runDryRun();
                   });
}

QString ApplyController::diffYaml(const KubeObject &object)
{
    if (object.index() == 0)
        return QString();
    KubeObject o = object;
    if (ObjectMeta *m = objectMeta(o))
        m->resourceVersion.clear(); // changes on every write; not a difference the user made
    return QString::fromStdString(writeYaml(stripTombstones(encodeObject(o))));
}

QString ApplyController::label(const KubeObject &object)
{
    const ObjectMeta *m = objectMeta(object);
    if (!m)
        return QString();
    const QString name = m->namespace_.empty()
                             ? QString::fromStdString(m->name)
                             : QString::fromStdString(m->namespace_ + "/" + m->name);
    return kindOf(object) + QLatin1Char(' ') + name;
}

} // namespace studio::views
