// SPDX-License-Identifier: GPL-3.0-or-later
#include "language_manager.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>

namespace studio::views {

LanguageManager::LanguageManager(QObject *parent) : QObject(parent) {}

QString LanguageManager::systemLanguage()
{
    const QString name = QLocale::system().name(); // ja_JP
    return name.startsWith(QLatin1String("ja")) ? QStringLiteral("ja") : QStringLiteral("en");
}

QStringList LanguageManager::availableLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("ja")};
}

bool LanguageManager::setLanguage(const QString &requested)
{
    const QString code = (requested.isEmpty() || requested == QLatin1String("system"))
                             ? systemLanguage()
                             : requested;
    if (!availableLanguages().contains(code))
        return false;
    auto app = std::make_unique<QTranslator>();
    // English is the source language; its .qm carries the plural forms.
    if (!app->load(QStringLiteral(":/i18n/service-studio_%1.qm").arg(code)))
        return false;
    auto qt = std::make_unique<QTranslator>();
    const bool haveQt = qt->load(QStringLiteral("qtbase_%1").arg(code),
                                 QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    if (m_app)
        QCoreApplication::removeTranslator(m_app.get());
    if (m_qt)
        QCoreApplication::removeTranslator(m_qt.get());
    m_app = std::move(app);
    m_qt = haveQt ? std::move(qt) : nullptr;
    if (m_qt)
        QCoreApplication::installTranslator(m_qt.get());
    QCoreApplication::installTranslator(m_app.get());
    m_language = code;
    Q_EMIT languageChanged(code);
    return true;
}

} // namespace studio::views
