// SPDX-License-Identifier: GPL-3.0-or-later
// Grabs the visualization views on the sandbox's default scenario for the README:
//   view_screenshots OUTDIR [LANG [EXTRA.qm]]
// writes OUTDIR/screenshot-{topology,trace,rules}[-LANG].png (no suffix for English). EXTRA.qm
// is an additional translation (strings not merged into translations/*.ts yet).
#include "cluster/sandbox_backend.h"
#include "language_manager.h"
#include "screenshot_language.h"
#include "rules_view.h"
#include "topology_view.h"
#include "traffic_path_view.h"
#include "snapshot_watcher.h"

#include <QApplication>
#include <QDir>
#include <QTranslator>
#include <QTreeView>
#include <QTreeWidget>

#include <cstdio>

using namespace studio;
using namespace studio::views;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: view_screenshots OUTDIR [LANG [EXTRA.qm]]\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    LanguageManager languages;
    QTranslator extra;
    const QString lang = setUpScreenshotLanguage(argc, argv, languages, extra);
    const QString suffix = lang == QLatin1String("en") ? QString() : QLatin1Char('-') + lang;

    SandboxOptions options;
    options.seed = 1;
    options.clock = [] { return std::string("2026-01-01T00:00:00Z"); };
    SandboxBackend sandbox(options);
    auto report = sandbox.loadScenarioFile(std::string(STUDIO_SOURCE_DIR) + "/resources/scenarios/default.yaml");
    if (!report.ok()) {
        std::fprintf(stderr, "%s\n", report.error().message.c_str());
        return 1;
    }
    SnapshotWatcher watcher;
    watcher.setBackend(&sandbox);
    watcher.flush();
    const ObjectKey frontend{"prod", "frontend"};
    bool ok = true;

    TopologyView topology;
    topology.resize(1400, 860);
    topology.setWatcher(&watcher);
    topology.setService(frontend);
    topology.show();
    QApplication::processEvents();
    topology.graphicsView()->fitAll();
    QApplication::processEvents();
    ok &= topology.grab().save(QDir(out).filePath(QStringLiteral("screenshot-topology%1.png").arg(suffix)));

    TrafficPathView trace;
    trace.resize(1400, 860);
    trace.setWatcher(&watcher);
    trace.setService(frontend);
    trace.setClient(QStringLiteral("pod/web-0.dev"));
    trace.setDestination(QStringLiteral("frontend.prod:80"));
    trace.show();
    trace.trace();
    if (trace.hops()->topLevelItemCount() > 3)
        trace.hops()->topLevelItem(3)->setExpanded(true); // the node's rules
    QApplication::processEvents();
    trace.scene()->setProgress(0.55); // the marker mid-way, as in a presentation
    QApplication::processEvents();
    ok &= trace.grab().save(QDir(out).filePath(QStringLiteral("screenshot-trace%1.png").arg(suffix)));

    RulesView rules;
    rules.resize(1400, 860);
    rules.setWatcher(&watcher);
    rules.setNode(QStringLiteral("node-1"));
    rules.setService(frontend);
    rules.show();
    QApplication::processEvents();
    rules.expandService();
    QApplication::processEvents();
    ok &= rules.grab().save(QDir(out).filePath(QStringLiteral("screenshot-rules%1.png").arg(suffix)));
    return ok ? 0 : 1;
}
