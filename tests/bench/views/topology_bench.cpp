// SPDX-License-Identifier: GPL-3.0-or-later
// The topology view at scale: a service selecting half of 10,000 pods (by default) on 50
// nodes. Prints the scene build time, the first paint, and the frame times while panning and
// zooming at the three levels of detail (each frame is a full repaint of the viewport, grabbed
// to an image as the screen would get it). Targets (issue 8): first paint < 1 s, 60 fps
// (16.7 ms) panning. Printed, never asserted. Run: topology_bench [pods] [nodes]
#include "bench_cluster.h"
#include "topology_scene.h"
#include "topology_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPixmap>
#include <QScrollBar>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace studio;
using namespace studio::views;

namespace {

struct Stats
{
    double avg = 0, max = 0, p95 = 0;
};

Stats stats(std::vector<double> v)
{
    Stats s;
    if (v.empty())
        return s;
    std::sort(v.begin(), v.end());
    for (double x : v)
        s.avg += x;
    s.avg /= double(v.size());
    s.max = v.back();
    s.p95 = v[size_t(double(v.size() - 1) * 0.95)];
    return s;
}

double frame(TopologyGraphicsView *view)
{
    QElapsedTimer t;
    t.start();
    const QPixmap p = view->viewport()->grab();
    (void)p;
    return double(t.nsecsElapsed()) / 1e6;
}

const char *detailName(TopologyScene::Detail d)
{
    switch (d) {
    case TopologyScene::Detail::Far: return "far (count tiles)";
    case TopologyScene::Detail::Medium: return "medium (rectangles)";
    case TopologyScene::Detail::Near: return "near (text)";
    }
    return "";
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    const size_t pods = argc > 1 ? std::stoul(argv[1]) : 10000;
    const size_t nodes = argc > 2 ? std::stoul(argv[2]) : 50;
    std::printf("topology bench: %zu pods on %zu nodes, service selects %zu\n", pods, nodes, (pods + 1) / 2);

    QElapsedTimer t;
    t.start();
    const ClusterSnapshot snap = viewsbench::topologyCluster(pods, nodes);
    std::printf("  synthetic snapshot:             %8.1f ms\n", double(t.nsecsElapsed()) / 1e6);

    TopologyView view;
    view.resize(1280, 800);
    view.show();
    QApplication::processEvents();

    t.restart();
    view.scene()->rebuild(snap, {"bench", "web"});
    const double build = double(t.nsecsElapsed()) / 1e6;
    TopologyGraphicsView *gv = view.graphicsView();
    t.restart();
    gv->fitAll();
    const double firstFrame = frame(gv);
    const double firstPaint = double(t.nsecsElapsed()) / 1e6;
    std::printf("  scene build (%zu items):      %8.1f ms\n", size_t(view.scene()->items().size()), build);
    std::printf("  first paint (fit, %s): %6.1f ms  -> build + first paint %.1f ms\n",
                detailName(view.scene()->detail()), firstFrame, build + firstPaint);

    // Rebuild as after a watch event (the live view's cost per burst of changes).
    t.restart();
    view.scene()->rebuild(snap, {"bench", "web"});
    gv->updateDetail();
    std::printf("  rebuild after a change:         %8.1f ms\n", double(t.nsecsElapsed()) / 1e6);

    for (qreal zoom : {0.0, 0.45, 1.0}) {
        if (zoom == 0.0)
            gv->fitAll();
        else {
            gv->setTransform(QTransform::fromScale(zoom, zoom));
            gv->updateDetail();
            gv->centerOn(view.scene()->sceneRect().center());
        }
        const TopologyScene::Detail d = view.scene()->detail();
        frame(gv); // warm caches
        std::vector<double> frames;
        for (int i = 0; i < 60; ++i) {
            QScrollBar *h = gv->horizontalScrollBar();
            QScrollBar *v = gv->verticalScrollBar();
            h->setValue(h->value() + (i < 30 ? 40 : -40));
            v->setValue(v->value() + (i % 2 ? 25 : -20));
            frames.push_back(frame(gv));
        }
        const Stats s = stats(frames);
        std::printf("  pan, zoom %.2f %-20s avg %6.2f ms  p95 %6.2f  max %6.2f  (%.0f fps)\n", gv->zoom(), detailName(d),
                    s.avg, s.p95, s.max, 1000.0 / std::max(s.avg, 0.001));
    }

    gv->fitAll();
    std::vector<double> zoomFrames;
    for (int i = 0; i < 60; ++i) {
        gv->zoomBy(i < 30 ? 1.12 : 1 / 1.12);
        zoomFrames.push_back(frame(gv));
    }
    const Stats z = stats(zoomFrames);
    std::printf("  zoom in and out (all levels)      avg %6.2f ms  p95 %6.2f  max %6.2f  (%.0f fps)\n", z.avg, z.p95,
                z.max, 1000.0 / std::max(z.avg, 0.001));
    return 0;
}
