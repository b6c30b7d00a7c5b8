// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The screenshot tools' common arguments: `TOOL OUT [LANG [EXTRA.qm]]`. Sets the language
// (warns when its translation is missing) and installs EXTRA.qm (strings not merged into
// translations/*.ts yet) into `extra`, which must outlive the screenshots.
#include "language_manager.h"

#include <QCoreApplication>
#include <QTranslator>

#include <cstdio>

inline QString setUpScreenshotLanguage(int argc,
                                       char **argv,
                                       studio::views::LanguageManager &languages,
                                       QTranslator &extra)
{
    const QString lang = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QStringLiteral("en");
    if (!languages.setLanguage(lang))
        std::fprintf(stderr, "warning: no translation for %s\n", argv[2]);
    if (argc > 3 && extra.load(QString::fromLocal8Bit(argv[3])))
        QCoreApplication::installTranslator(&extra);
    return lang;
}
