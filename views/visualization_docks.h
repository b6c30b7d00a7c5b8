// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The one entry point the main window uses for the visualization views: it adds the
// topology, traffic path, rules and discovery views as tabbed docks, feeds them one live
// snapshot of the cluster, and follows the service selected in the service list.

// moc cannot parse the C++20 library headers these reach (<compare>, <concepts>).
#ifndef Q_MOC_RUN
#include "cluster/object_key.h"
#endif

#include <QList>
#include <QObject>

class QAction;
class QDockWidget;
class QItemSelectionModel;
class QMainWindow;
class QModelIndex;

namespace studio {
class ClusterBackend;
}

namespace studio::views {

class DiscoveryPanel;
class RulesView;
class SnapshotWatcher;
class TopologyView;
class TrafficPathView;

class VisualizationDocks : public QObject
{
    Q_OBJECT
public:
    // Adds the docks to `window` (tabified in the right dock area) and watches `backend`
    // (not owned; may be null, then setBackend() later). Owned by `window`.
    VisualizationDocks(QMainWindow *window, ClusterBackend *backend);
    ~VisualizationDocks() override;

    // The cluster switched (or went away: nullptr).
    void setBackend(ClusterBackend *backend);
    // Follows the current row of a service list (a ServiceListModel, directly or through a
    // proxy): the name and namespace are read from its NameColumn and NamespaceColumn.
    void followSelection(QItemSelectionModel *selection);
    void setSelectedService(const ObjectKey &service);
    void setSelectedService(const QString &namespace_, const QString &name);
    const ObjectKey &selectedService() const { return m_service; }

    // One "show/hide" action per dock, for the View menu.
    QList<QAction *> toggleViewActions() const;
    QList<QDockWidget *> docks() const { return m_docks; }

    TopologyView *topology() const { return m_topology; }
    TrafficPathView *trafficPath() const { return m_traffic; }
    RulesView *rules() const { return m_rules; }
    DiscoveryPanel *discovery() const { return m_discovery; }
    SnapshotWatcher *watcher() const { return m_watcher; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslateUi();
    void onCurrentChanged(const QModelIndex &current);

    QMainWindow *m_window;
    SnapshotWatcher *m_watcher;
    TopologyView *m_topology;
    TrafficPathView *m_traffic;
    RulesView *m_rules;
    DiscoveryPanel *m_discovery;
    QList<QDockWidget *> m_docks;
    ObjectKey m_service;
};

} // namespace studio::views
