// SPDX-License-Identifier: GPL-3.0-or-later
#include "visualization_docks.h"

#include "discovery_panel.h"
#include "rules_view.h"
#include "service_list_model.h"
#include "snapshot_watcher.h"
#include "topology_view.h"
#include "traffic_path_view.h"

#include <QAction>
#include <QDockWidget>
#include <QEvent>
#include <QItemSelectionModel>
#include <QMainWindow>

namespace studio::views {

VisualizationDocks::VisualizationDocks(QMainWindow *window, ClusterBackend *backend)
    : QObject(window), m_window(window)
{
    setObjectName(QStringLiteral("visualizationDocks"));
    m_watcher = new SnapshotWatcher(this);
    m_topology = new TopologyView;
    m_traffic = new TrafficPathView;
    m_rules = new RulesView;
    m_discovery = new DiscoveryPanel;
    m_topology->setWatcher(m_watcher);
    m_traffic->setWatcher(m_watcher);
    m_rules->setWatcher(m_watcher);
    m_discovery->setWatcher(m_watcher);
    const struct
    {
        QWidget *widget;
        const char *name;
    } views[] = {{m_topology, "topologyDock"},
                 {m_traffic, "trafficPathDock"},
                 {m_rules, "rulesDock"},
                 {m_discovery, "discoveryDock"}};
    QDockWidget *first = nullptr;
    for (const auto &v : views) {
        auto *dock = new QDockWidget(window);
        dock->setObjectName(QString::fromLatin1(v.name)); // saveState() keys
        dock->setWidget(v.widget);
        window->addDockWidget(Qt::RightDockWidgetArea, dock);
        if (first)
            window->tabifyDockWidget(first, dock);
        else
            first = dock;
        m_docks << dock;
    }
    if (first)
        first->raise();
    // The dock titles follow the language: watch the first view for LanguageChange.
    m_topology->installEventFilter(this);
    retranslateUi();
    setBackend(backend);
}

VisualizationDocks::~VisualizationDocks() = default;

void VisualizationDocks::setBackend(ClusterBackend *backend)
{
    m_watcher->setBackend(backend);
}

void VisualizationDocks::followSelection(QItemSelectionModel *selection)
{
    if (!selection)
        return;
    connect(selection, &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { onCurrentChanged(current); });
    onCurrentChanged(selection->currentIndex());
}

void VisualizationDocks::onCurrentChanged(const QModelIndex &current)
{
    if (!current.isValid())
        return;
    const QModelIndex name = current.siblingAtColumn(ServiceListModel::NameColumn);
    const QModelIndex ns = current.siblingAtColumn(ServiceListModel::NamespaceColumn);
    setSelectedService(ns.data().toString(), name.data().toString());
}

void VisualizationDocks::setSelectedService(const QString &namespace_, const QString &name)
{
    setSelectedService(ObjectKey{namespace_.toStdString(), name.toStdString()});
}

void VisualizationDocks::setSelectedService(const ObjectKey &service)
{
    m_service = service;
    m_topology->setService(service);
    m_traffic->setService(service);
    m_rules->setService(service);
    m_discovery->setService(service);
}

QList<QAction *> VisualizationDocks::toggleViewActions() const
{
    QList<QAction *> out;
    for (QDockWidget *d : m_docks)
        out << d->toggleViewAction();
    return out;
}

bool VisualizationDocks::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_topology && event->type() == QEvent::LanguageChange)
        retranslateUi();
    return QObject::eventFilter(watched, event);
}

void VisualizationDocks::retranslateUi()
{
    if (m_docks.size() < 4)
        return;
    m_docks[0]->setWindowTitle(tr("Topology"));
    m_docks[1]->setWindowTitle(tr("Traffic Path"));
    m_docks[2]->setWindowTitle(tr("Rules"));
    m_docks[3]->setWindowTitle(tr("Discovery"));
}

} // namespace studio::views
