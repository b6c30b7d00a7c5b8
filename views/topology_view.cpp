// SPDX-License-Identifier: GPL-3.0-or-later
#include "topology_view.h"

#include "snapshot_watcher.h"
#include "topology_scene.h"
#include "view_export.h"

#include <QAction>
#include <QEvent>
#include <QLabel>
#include <QScrollBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace studio::views {

TopologyGraphicsView::TopologyGraphicsView(TopologyScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent), m_scene(scene)
{
    setObjectName(QStringLiteral("topologyGraphicsView"));
    setDragMode(ScrollHandDrag);
    setTransformationAnchor(AnchorUnderMouse);
    setRenderHint(QPainter::Antialiasing);
    setRenderHint(QPainter::TextAntialiasing);
    // Items restore the painter state they change, and draw inside their bounding rects.
    setOptimizationFlags(DontSavePainterState | DontAdjustForAntialiasing);
    setViewportUpdateMode(SmartViewportUpdate);
    setCacheMode(CacheBackground);
    setBackgroundBrush(Qt::white);
}

qreal TopologyGraphicsView::zoom() const
{
    return transform().m11();
}

void TopologyGraphicsView::updateDetail()
{
    const qreal z = zoom();
    m_scene->setDetail(z < TopologyScene::FarBelow     ? TopologyScene::Detail::Far
                       : z < TopologyScene::NearAbove ? TopologyScene::Detail::Medium
                                                       : TopologyScene::Detail::Near);
}

void TopologyGraphicsView::zoomBy(qreal factor)
{
    const qreal target = std::clamp(zoom() * factor, 0.01, 4.0);
    const qreal f = target / zoom();
    scale(f, f);
    updateDetail();
}

void TopologyGraphicsView::fitAll()
{
    const QRectF r = m_scene->itemsBoundingRect().adjusted(-20, -20, 20, 20);
    if (r.isEmpty())
        return;
    fitInView(r, Qt::KeepAspectRatio);
    // Small scenes: do not blow a single service up past its natural size.
    if (zoom() > 1.0)
        setTransform(QTransform());
    updateDetail();
}

void TopologyGraphicsView::wheelEvent(QWheelEvent *e)
{
    if (e->angleDelta().y() == 0) {
        QGraphicsView::wheelEvent(e);
        return;
    }
    zoomBy(std::pow(1.0015, e->angleDelta().y()));
    e->accept();
}

TopologyController::TopologyController(TopologyScene *scene, TopologyGraphicsView *view, QObject *parent)
    : QObject(parent), m_scene(scene), m_view(view)
{}

void TopologyController::setWatcher(SnapshotWatcher *watcher)
{
    if (m_watcher)
        disconnect(m_watcher, nullptr, this, nullptr);
    m_watcher = watcher;
    if (m_watcher)
        connect(m_watcher, &SnapshotWatcher::snapshotChanged, this, &TopologyController::refresh);
    refresh();
}

void TopologyController::setService(const ObjectKey &service)
{
    if (service == m_service)
        return;
    m_service = service;
    m_fitted = false;
    refresh();
}

void TopologyController::refresh()
{
    const QPointF center = m_view->mapToScene(m_view->viewport()->rect().center());
    static const ClusterSnapshot empty;
    m_scene->rebuild(m_watcher ? m_watcher->snapshot() : empty, m_service);
    if (!m_fitted) {
        // A new service: show all of it. Later updates keep where the user is looking.
        m_view->fitAll();
        m_fitted = !m_service.name.empty();
    } else {
        m_view->centerOn(center);
        m_view->updateDetail();
    }
    Q_EMIT refreshed();
}

TopologyView::TopologyView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("topologyView"));
    m_scene = new TopologyScene(this);
    m_view = new TopologyGraphicsView(m_scene, this);
    m_controller = new TopologyController(m_scene, m_view, this);
    m_bar = new QToolBar(this);
    m_bar->setIconSize(QSize(16, 16));
    m_zoomIn = m_bar->addAction(QString(), this, [this] { m_view->zoomBy(1.25); });
    m_zoomOut = m_bar->addAction(QString(), this, [this] { m_view->zoomBy(0.8); });
    m_fit = m_bar->addAction(QString(), this, [this] { m_view->fitAll(); });
    m_bar->addSeparator();
    m_export = m_bar->addAction(QString(), this, &TopologyView::exportInteractively);
    m_bar->addSeparator();
    m_legend = new QLabel(this);
    m_legend->setTextFormat(Qt::RichText);
    m_bar->addWidget(m_legend);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_bar);
    layout->addWidget(m_view);
    retranslateUi();
    m_controller->refresh();
}

TopologyView::~TopologyView() = default;

void TopologyView::setWatcher(SnapshotWatcher *watcher)
{
    m_controller->setWatcher(watcher);
}

void TopologyView::setService(const ObjectKey &service)
{
    m_controller->setService(service);
}

bool TopologyView::exportTo(const QString &path)
{
    return exportScene(m_scene, path, 2.0, tr("Topology of %1").arg(QString::fromStdString(m_controller->service().toString())));
}

void TopologyView::exportInteractively()
{
    const QString path = askExportFileName(this, QStringLiteral("topology"));
    if (!path.isEmpty())
        exportTo(path);
}

void TopologyView::changeEvent(QEvent *e)
{
    if (e->type() == QEvent::LanguageChange) {
        retranslateUi();
        m_controller->refresh(); // the scene's texts are made when it is built
    }
    QWidget::changeEvent(e);
}

void TopologyView::retranslateUi()
{
    m_zoomIn->setText(tr("Zoom In"));
    m_zoomOut->setText(tr("Zoom Out"));
    m_fit->setText(tr("Fit"));
    m_export->setText(tr("Export…"));
    m_export->setToolTip(tr("Save the topology as a PNG image or an SVG drawing"));
    const QString swatch = QStringLiteral("<span style=\"background:%1;color:%1\">&nbsp;&nbsp;&nbsp;</span>&nbsp;%2&nbsp;&nbsp;");
    m_legend->setText(swatch.arg(QStringLiteral("#2e7d32"), tr("ready endpoint"))
                      + swatch.arg(QStringLiteral("#e09a00"), tr("not ready"))
                      + swatch.arg(QStringLiteral("#1976d2"), tr("selected, no endpoint"))
                      + swatch.arg(QStringLiteral("#bdbdbd"), tr("not selected")));
}

} // namespace studio::views
