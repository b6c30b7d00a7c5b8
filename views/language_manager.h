// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QTranslator>

#include <memory>

namespace studio::views {

// Loads and switches the UI language while the app runs. Installing a translator sends
// QEvent::LanguageChange to every widget, which calls its retranslateUi().
class LanguageManager : public QObject
{
    Q_OBJECT
public:
    explicit LanguageManager(QObject *parent = nullptr);

    // "ja", "en"; "" or "system" follows the system locale. Returns false (and keeps the
    // current language) when the translation cannot be loaded.
    bool setLanguage(const QString &code);
    QString language() const { return m_language; }
    static QString systemLanguage();
    static QStringList availableLanguages(); // {"en", "ja"}

Q_SIGNALS:
    void languageChanged(const QString &code);

private:
    QString m_language;
    std::unique_ptr<QTranslator> m_app;
    std::unique_ptr<QTranslator> m_qt;
};

} // namespace studio::views
