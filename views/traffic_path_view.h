// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The path of one connection through the cluster, as core/trace computes it over the plan
// the agent applies: pick a client (a pod, a node, an outside address), a destination (a DNS
// name, ClusterIP:port, NodeIP:NodePort, an external or load-balancer IP, an ExternalName)
// and a proxy mode; see the hops, the endpoints with their probabilities, the DNAT, whether
// the source is masqueraded (and so whether the pod sees the client's address), and the
// explanations of what fails, in words. The diagram can be animated for a presentation.

// moc cannot parse the C++20 library headers these reach (<compare>, <concepts>).
#ifndef Q_MOC_RUN
#include "cluster/object_key.h"
#include "trace/path_tracer.h"
#endif

#include <QGraphicsScene>
#include <QWidget>

#include <memory>
#include <optional>

class QAction;
class QComboBox;
class QGraphicsEllipseItem;
class QGraphicsView;
class QLabel;
class QListWidget;
class QPushButton;
class QTreeWidget;
class QVariantAnimation;

namespace studio {
class ClusterSnapshot;
}

namespace studio::views {

class SnapshotWatcher;

// The user's words for an explanation, from its code and arguments (core gives English).
QString explanationText(const trace::Explanation &e);
// "Client", "DNS", ... for a hop kind.
QString hopKindText(trace::Hop::Kind kind);

// The diagram: a box per hop, left to right, then the endpoints with their probabilities;
// a marker can travel along the path.
class TrafficPathScene : public QGraphicsScene
{
    Q_OBJECT
public:
    explicit TrafficPathScene(QObject *parent = nullptr);
    void showResult(const trace::TraceResult &result);
    void showMessage(const QString &text);
    // Points the marker travels through (hop centres, then the likeliest endpoint).
    const QList<QPointF> &path() const { return m_path; }
    QGraphicsEllipseItem *marker() const { return m_marker; }
    int hopBoxCount() const { return m_hopBoxes; }
    int endpointBoxCount() const { return m_endpointBoxes; }
    // Moves the marker to `t` in [0, 1] along the path.
    void setProgress(qreal t);

private:
    QList<QPointF> m_path;
    QGraphicsEllipseItem *m_marker = nullptr;
    int m_hopBoxes = 0;
    int m_endpointBoxes = 0;
};

class TrafficPathView : public QWidget
{
    Q_OBJECT
public:
    explicit TrafficPathView(QWidget *parent = nullptr);
    ~TrafficPathView() override;

    void setWatcher(SnapshotWatcher *watcher);
    void setSnapshot(const ClusterSnapshot &snapshot);
    // Offers the service's addresses as destinations (its DNS name first).
    void setService(const ObjectKey &service);

    void setClient(const QString &from);
    void setDestination(const QString &to);
    void setMode(trace::ProxyMode mode);
    void setViaNode(const QString &node); // empty: automatic
    // Traces with the current choices, now; false when the request cannot be traced.
    bool trace();
    // The same off the GUI thread (a trace plans the entry node: about a second at 10,000
    // services); traced() follows. The Trace button and live updates use this.
    void traceInBackground();
    const std::optional<trace::TraceResult> &result() const { return m_result; }
    QString errorText() const { return m_error; }

    QTreeWidget *hops() const { return m_hops; }
    QTreeWidget *endpoints() const { return m_endpoints; }
    QListWidget *explanations() const { return m_explanations; }
    TrafficPathScene *scene() const { return m_scene; }
    QVariantAnimation *animation() const { return m_animation; }
    void play();
    // The diagram (.svg/.png) by suffix.
    bool exportTo(const QString &path);
    // Destinations offered for a service (for the combo and the tests).
    static QStringList destinationsFor(const ClusterSnapshot &snapshot, const Service &service);

Q_SIGNALS:
    // A trace finished (result() or errorText() tells how).
    void traced();

protected:
    void changeEvent(QEvent *e) override;

private:
    void retranslateUi();
    void fillClients();
    void fillDestinations(bool keepText);
    void showResult();
    // The request of the current choices; empty `from` and *error set when incomplete.
    trace::TraceRequest request(QString *error) const;
    void finishTrace(Result<trace::TraceResult> r);

    SnapshotWatcher *m_watcher = nullptr;
    std::unique_ptr<ClusterSnapshot> m_snapshot;
    ObjectKey m_service;
    std::optional<trace::TraceResult> m_result;
    QString m_error;

    QLabel *m_clientLabel, *m_destinationLabel, *m_modeLabel, *m_viaLabel;
    QComboBox *m_client, *m_destination, *m_mode, *m_via;
    QPushButton *m_traceButton, *m_playButton, *m_exportButton;
    QLabel *m_verdict;
    TrafficPathScene *m_scene;
    QGraphicsView *m_diagram;
    QLabel *m_hopsTitle, *m_endpointsTitle, *m_explanationsTitle;
    QTreeWidget *m_hops;
    QTreeWidget *m_endpoints;
    QListWidget *m_explanations;
    QVariantAnimation *m_animation;
    quint64 m_generation = 0; // the newest background trace; older answers are dropped
};

} // namespace studio::views
