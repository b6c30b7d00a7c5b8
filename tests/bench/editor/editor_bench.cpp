// SPDX-License-Identifier: GPL-3.0-or-later
// The editing workflow at scale (issue 7's benchmark): a cluster with 10,000 services — time
// until the services list is usable and the memory it takes; filtering the 10,000 rows; and
// the time from a keystroke to validation feedback in a 5,000-line YAML file. Prints figures.
#include "cluster/sandbox_backend.h"
#include "manifest_editor.h"
#include "service_list_model.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QSortFilterProxyModel>
#include <QTextCursor>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace studio;
using namespace studio::views;

namespace {

long rssKb()
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stol(line.substr(6));
    return 0;
}

double ms(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int services = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int yamlLines = argc > 2 ? std::atoi(argv[2]) : 5000;

    SandboxBackend sandbox;
    SandboxOptions options;
    options.seed = 1;
    options.settings.serviceClusterIpRange = *IpNetwork::parse("10.96.0.0/12");
    sandbox.reset(options);
    for (int i = 0; i < services; ++i) {
        Service s;
        s.metadata.name = "svc-" + std::to_string(i);
        s.metadata.namespace_ = "default";
        s.spec.selector = Labels{{"app", "app-" + std::to_string(i)}};
        ServicePort p;
        p.port = 80;
        p.targetPort = IntOrString::fromInt(8080);
        s.spec.ports.push_back(p);
        (void)sandbox.createNow(KubeObject(s));
    }
    std::printf("editor bench: %d services in the sandbox, a %d-line YAML file\n", services, yamlLines);

    // 1. Time to a usable list (every row present), and its memory.
    const long before = rssKb();
    QElapsedTimer t;
    t.start();
    ServiceListModel model;
    model.setBackend(&sandbox, {});
    while (model.rowCount() < services + 1 && t.elapsed() < 60000) // + the kubernetes service
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    std::printf("  list usable (%d rows)               %8.1f ms   (+%ld KiB RSS)\n", model.rowCount(), ms(t),
                rssKb() - before);

    // 2. Filtering the rows, as the filter box does.
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setFilterKeyColumn(-1);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    std::vector<double> filters;
    for (const char *f : {"svc-99", "svc-1234", "10.9", "nomatch", ""}) {
        t.restart();
        proxy.setFilterFixedString(QString::fromLatin1(f));
        const int rows = proxy.rowCount();
        filters.push_back(ms(t));
        std::printf("  filter \"%s\" -> %d rows              %8.1f ms\n", f, rows, filters.back());
    }

    // 3. Keystroke to validation feedback in a big file.
    std::string yaml;
    int lines = 0, doc = 0;
    while (lines < yamlLines) {
        yaml += "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web-" + std::to_string(doc++)
                + "\n  labels:\n    app: web\nspec:\n  selector:\n    app: web\n  ports:\n  - name: http\n"
                  "    port: 80\n    targetPort: 8080\n";
        lines += 14;
    }
    ManifestEditor editor;
    editor.resize(1000, 800);
    editor.show();
    editor.setText(QString::fromStdString(yaml), QStringLiteral("big.yaml"));
    int rounds = 0;
    QObject::connect(&editor, &ManifestEditor::problemsChanged, [&](int, int) { ++rounds; });
    editor.validateNow();
    while (rounds == 0)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    auto *text = editor.findChild<QPlainTextEdit *>();
    std::vector<double> latencies;
    for (int i = 0; i < 10 && text; ++i) {
        const int seen = rounds;
        QTextCursor c(text->document());
        c.movePosition(QTextCursor::End);
        c.insertText(i % 2 ? QStringLiteral("\n") : QStringLiteral("#"));
        t.restart();
        // The editor validates after its debounce; measured from the keystroke.
        while (rounds == seen && t.elapsed() < 10000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
        latencies.push_back(ms(t));
    }
    // The validation itself (what the debounce waits for): validateNow() to feedback.
    std::vector<double> direct;
    for (int i = 0; i < 10; ++i) {
        const int seen = rounds;
        t.restart();
        editor.validateNow();
        while (rounds == seen && t.elapsed() < 10000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
        direct.push_back(ms(t));
    }
    std::sort(direct.begin(), direct.end());
    std::printf("  validation of the file -> feedback   median %6.1f ms  max %6.1f ms  (off the GUI thread)\n",
                direct[direct.size() / 2], direct.back());
    std::sort(latencies.begin(), latencies.end());
    if (!latencies.empty())
        std::printf("  keystroke -> validation feedback     median %6.1f ms  max %6.1f ms  (%d lines, the editor's 250 ms debounce included)\n",
                    latencies[latencies.size() / 2], latencies.back(), lines);
    return 0;
}
