// SPDX-License-Identifier: GPL-3.0-or-later
// Grabs the Training panel in presenter mode for the README:
//   training_screenshot OUT.png [LANG [EXTRA.qm]]
// on lesson 06 (session affinity) after a check of a half-done exercise, so the pass and
// fail marks and a hint show. EXTRA.qm: strings not merged into translations/*.ts yet.
#include "language_manager.h"
#include "screenshot_language.h"
#include "service_editor.h"
#include "training/training_panel.h"

#include <QApplication>
#include <QTranslator>

#include <cstdio>
#include <memory>
#include <vector>

using namespace studio::views;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: training_screenshot OUT.png [LANG [EXTRA.qm]]\n");
        return 2;
    }
    LanguageManager languages;
    QTranslator extra;
    const QString lang = setUpScreenshotLanguage(argc, argv, languages, extra);

    std::vector<std::unique_ptr<ServiceEditor>> editors;
    TrainingPanel panel;
    panel.setEditorOpener([&editors](const QString &text, const QString &title) {
        editors.push_back(std::make_unique<ServiceEditor>());
        editors.back()->setText(text, title);
        return editors.back().get();
    });
    panel.setLanguage(lang);
    panel.loadLessons(QStringLiteral(STUDIO_SOURCE_DIR "/resources/lessons"));
    if (!panel.openLesson(QStringLiteral("06-session-affinity"))) {
        std::fprintf(stderr, "lesson 06-session-affinity not found\n");
        return 1;
    }
    // Half done: ClientIP without the timeout; the question answered right.
    ServiceEditor *ed = panel.editor();
    QString text = ed->text();
    text.replace(QStringLiteral("spec:\n"), QStringLiteral("spec:\n  sessionAffinity: ClientIP\n"));
    ed->setText(text, ed->fileName());
    panel.choose(1, 1);
    panel.setPresenterMode(true);
    panel.nextStep();
    panel.resize(1600, 1000);
    panel.show();
    panel.check();
    QCoreApplication::processEvents();
    const bool ok = panel.grab().save(QString::fromLocal8Bit(argv[1]));
    std::printf("%s: %s (%d of %d tasks passed)\n",
                argv[1],
                ok ? "written" : "FAILED",
                panel.passedCount(),
                int(panel.lesson()->tasks.size()));
    return ok ? 0 : 1;
}
