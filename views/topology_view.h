// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// moc cannot parse the C++20 library headers these reach (<compare>, <concepts>).
#ifndef Q_MOC_RUN
#include "cluster/object_key.h"
#endif

#include <QGraphicsView>
#include <QWidget>

class QAction;
class QLabel;
class QToolBar;

namespace studio {
class ClusterSnapshot;
}

namespace studio::views {

class SnapshotWatcher;
class TopologyScene;

// The graphics view of a TopologyScene: wheel zooms around the cursor, dragging pans, and
// the zoom level picks the scene's level of detail.
class TopologyGraphicsView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit TopologyGraphicsView(TopologyScene *scene, QWidget *parent = nullptr);
    void zoomBy(qreal factor);
    void fitAll();
    qreal zoom() const;
    // Applies the detail the current zoom calls for (after a rebuild or a zoom).
    void updateDetail();

protected:
    void wheelEvent(QWheelEvent *e) override;

private:
    TopologyScene *m_scene;
};

// Follows a SnapshotWatcher (the live cluster) and keeps the scene showing the chosen
// service: rebuilt after each burst of watch events, keeping the zoom and scroll position.
class TopologyController : public QObject
{
    Q_OBJECT
public:
    TopologyController(TopologyScene *scene, TopologyGraphicsView *view, QObject *parent = nullptr);
    void setWatcher(SnapshotWatcher *watcher);
    void setService(const ObjectKey &service);
    const ObjectKey &service() const { return m_service; }
    void refresh();

Q_SIGNALS:
    void refreshed();

private:
    TopologyScene *m_scene;
    TopologyGraphicsView *m_view;
    SnapshotWatcher *m_watcher = nullptr;
    ObjectKey m_service;
    bool m_fitted = false;
};

// The topology dock's content: toolbar (zoom, fit, export, legend) over the graphics view.
class TopologyView : public QWidget
{
    Q_OBJECT
public:
    explicit TopologyView(QWidget *parent = nullptr);
    ~TopologyView() override;

    void setWatcher(SnapshotWatcher *watcher);
    void setService(const ObjectKey &service);
    TopologyScene *scene() const { return m_scene; }
    TopologyGraphicsView *graphicsView() const { return m_view; }
    TopologyController *controller() const { return m_controller; }
    // PNG or SVG by suffix; false when it cannot be written.
    bool exportTo(const QString &path);

protected:
    void changeEvent(QEvent *e) override;

private:
    void retranslateUi();
    void exportInteractively();

    TopologyScene *m_scene;
    TopologyGraphicsView *m_view;
    TopologyController *m_controller;
    QToolBar *m_bar;
    QAction *m_zoomIn, *m_zoomOut, *m_fit, *m_export;
    QLabel *m_legend;
};

} // namespace studio::views
