// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui_main.h"

#include "cluster/sandbox_backend.h"
#include "language_manager.h"
#include "main_window.h"
#include "training/training_docks.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QIcon>
#include <QSettings>

#include <cstdio>

namespace studio::app {

int runGui(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ServiceStudio"));
    QApplication::setApplicationName(QStringLiteral("service-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("Service Studio"));
    QApplication::setApplicationVersion(QStringLiteral(STUDIO_VERSION));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("service-studio")));
    QApplication::setDesktopFileName(QStringLiteral("service-studio"));

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption lang(QStringLiteral("lang"),
                            QStringLiteral("User interface language (ja or en)."),
                            QStringLiteral("code"));
    parser.addOption(lang);
    QCommandLineOption lessons(QStringLiteral("lessons"),
                               QStringLiteral("Directory of training lessons (default: "
                                              "$STUDIO_LESSONS_DIR, then the installed ones)."),
                               QStringLiteral("dir"));
    parser.addOption(lessons);
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Manifests to open."));
    parser.process(app);

    views::LanguageManager languages;
    const QString requested = parser.isSet(lang)
                                  ? parser.value(lang)
                                  : QSettings().value(QStringLiteral("language")).toString();
    if (!languages.setLanguage(requested)) {
        if (parser.isSet(lang))
            std::fprintf(stderr, "service-studio: unknown language \"%s\" (use ja or en)\n",
                         qPrintable(requested));
        (void)languages.setLanguage(QString());
    }

    // The app opens on the built-in sandbox cluster with the default scenario.
    SandboxBackend sandbox;
    QFile scenario(QStringLiteral(":/scenarios/default.yaml"));
    if (scenario.open(QIODevice::ReadOnly)) {
        const QByteArray text = scenario.readAll();
        auto loaded = sandbox.loadScenarioText(std::string_view(text.constData(), size_t(text.size())),
                                               "default.yaml");
        if (!loaded)
            std::fprintf(stderr, "service-studio: default scenario: %s\n",
                         loaded.error().toString().c_str());
    }

    if (parser.isSet(lessons))
        views::TrainingDocks::setLessonDirectory(parser.value(lessons));
    views::MainWindow window(&languages);
    window.setClusterBackend(&sandbox);
    const QStringList files = parser.positionalArguments();
    for (const QString &f : files)
        window.openFile(f);
    if (files.isEmpty()) {
        QFile sample(QStringLiteral(":/samples/my-service.yaml"));
        if (sample.open(QIODevice::ReadOnly))
            window.newDocument(QString::fromUtf8(sample.readAll()),
                               QStringLiteral("my-service.yaml"));
    }
    window.show();
    // Unsaved edits of a session that crashed are offered back (non-modal).
    window.offerRecovery();
    return app.exec();
}

} // namespace studio::app
