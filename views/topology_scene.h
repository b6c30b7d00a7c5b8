// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The topology of one Service as a QGraphicsScene: the service (type, addresses, ports), its
// selector, its Endpoints (ready and not ready, with the ports they resolve to), and the
// nodes of the cluster holding the pods of the service's namespace. Pods the selector matches
// are highlighted by their endpoint state; the others show the label that fails to match.
//
// The scene only renders a snapshot (TopologyScene::rebuild); input, zoom and the live
// updates belong to TopologyView / TopologyController. Level of detail keeps 10,000 pods
// fluid: far away a node is one tile with counts and its pods are hidden; at middle distance
// a pod is a coloured rectangle; close up it shows its name, address, ports or failing label.
// Every text is made here with tr() and handed to the items, which only paint.

// moc cannot parse the C++20 library headers these reach (<compare>, <concepts>).
#ifndef Q_MOC_RUN
#include "cluster/cluster_snapshot.h"
#endif

#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QString>
#include <QStringList>

#include <vector>

namespace studio::views {

// What one pod tile shows.
struct PodTileData
{
    enum class State { Ready, NotReady, SelectedNoEndpoint, NotSelected };
    QString name;
    QString ip;
    QString node;
    State state = State::NotSelected;
    QString failingKey;  // the label key that fails to match (NotSelected with a selector)
    QString detailLine;  // translated: "endpoint 10.244.1.5:9376", "tier=backend, wants frontend"
    QString toolTip;
};

class TopologyPodItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 105 };
    static constexpr qreal Width = 196;
    static constexpr qreal Height = 58;

    explicit TopologyPodItem(PodTileData data, QGraphicsItem *parent = nullptr);
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    const PodTileData &data() const { return m_data; }

private:
    PodTileData m_data;
};

// A box of titled text lines (the service, the selector, the endpoints list).
class TopologyBoxItem : public QGraphicsItem
{
public:
    enum Role { ServiceBox = UserType + 101, SelectorBox, EndpointsBox, PlaceholderBox };
    struct Line
    {
        QString text;
        QColor color; // invalid: the default text colour
        bool bold = false;
    };
    TopologyBoxItem(Role role, QString title, std::vector<Line> lines, QColor accent,
                    qreal width, QGraphicsItem *parent = nullptr);
    int type() const override { return m_role; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    const QString &title() const { return m_title; }
    const std::vector<Line> &lines() const { return m_lines; }
    QStringList lineTexts() const;

private:
    Role m_role;
    QString m_title;
    std::vector<Line> m_lines;
    QColor m_accent;
    qreal m_width;
    qreal m_height;
};

struct NodeTileData
{
    QString name;
    QString address;
    int pods = 0;          // pods of the service's namespace on this node
    int selected = 0;      // of those, the ones the selector matches
    int ready = 0;         // endpoints of the service on this node, ready
    int notReady = 0;      // and not ready
    QString countsLine;    // translated summary for the far view
    bool unscheduled = false; // the pseudo node of pods without spec.nodeName
};

class TopologyNodeItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 104 };
    TopologyNodeItem(NodeTileData data, QSizeF size, QGraphicsItem *parent = nullptr);
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    const NodeTileData &data() const { return m_data; }
    // The pods are children of this layer, so hiding it hides them in one step.
    QGraphicsItem *podLayer() const { return m_podLayer; }
    void setFar(bool far);
    static constexpr qreal HeaderHeight = 44;

private:
    NodeTileData m_data;
    QSizeF m_size;
    QGraphicsItem *m_podLayer;
    bool m_far = false;
};

// An arrow between two boxes, with an optional label.
class TopologyEdgeItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 106 };
    TopologyEdgeItem(QPointF from, QPointF to, QString label, QColor color, bool dashed,
                     QGraphicsItem *parent = nullptr);
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    const QString &label() const { return m_label; }

private:
    QPointF m_from, m_to;
    QString m_label;
    QColor m_color;
    bool m_dashed;
};

class TopologyScene : public QGraphicsScene
{
    Q_OBJECT
public:
    enum class Detail { Far, Medium, Near };

    explicit TopologyScene(QObject *parent = nullptr);

    // Rebuilds every item for `service` of `snapshot` (an empty or unknown key shows a hint).
    void rebuild(const ClusterSnapshot &snapshot, const ObjectKey &service);
    const ObjectKey &serviceKey() const { return m_service; }

    // The view calls this when the zoom crosses a threshold: Far hides the pods.
    void setDetail(Detail detail);
    Detail detail() const { return m_detail; }
    // The scale below which the view shows Far, and above which Near.
    static constexpr qreal FarBelow = 0.3;
    static constexpr qreal NearAbove = 0.65;

    // What is on the scene (for the view's selection and the tests).
    TopologyBoxItem *serviceItem() const { return m_serviceItem; }
    TopologyBoxItem *selectorItem() const { return m_selectorItem; }
    TopologyBoxItem *endpointsItem() const { return m_endpointsItem; }
    const std::vector<TopologyNodeItem *> &nodeItems() const { return m_nodes; }
    const std::vector<TopologyPodItem *> &podItems() const { return m_pods; }
    const std::vector<TopologyEdgeItem *> &edgeItems() const { return m_edges; }
    TopologyPodItem *podItem(const QString &name) const;
    TopologyNodeItem *nodeItem(const QString &name) const;

Q_SIGNALS:
    void rebuilt();

private:
    void clearAll();
    void addPlaceholder(const QString &text);

    ObjectKey m_service;
    Detail m_detail = Detail::Near;
    TopologyBoxItem *m_serviceItem = nullptr;
    TopologyBoxItem *m_selectorItem = nullptr;
    TopologyBoxItem *m_endpointsItem = nullptr;
    std::vector<TopologyNodeItem *> m_nodes;
    std::vector<TopologyPodItem *> m_pods;
    std::vector<TopologyEdgeItem *> m_edges;
};

} // namespace studio::views
