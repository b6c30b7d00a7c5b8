// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QLockFile>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

class QTimer;

namespace studio::views {

// Autosave with recovery after a crash. Each running app has its own session directory
// (<root>/<session>/) holding a lock file and, for every document with unsaved edits, its
// text plus a small JSON note (file name, title, time). A clean exit removes the directory; a
// directory whose lock is stale (its process died) is what recoverable() offers. Writes go
// through QSaveFile: a crash while autosaving never leaves a torn copy.
class AutosaveManager : public QObject
{
    Q_OBJECT
public:
    struct Document
    {
        QString id;       // stable per open document
        QString fileName; // empty: untitled
        QString title;
        QString text;
    };
    struct Recovered
    {
        QString fileName;
        QString title;
        QString text;
        QDateTime saved;
        QString session; // directory it came from
    };

    // root empty: QStandardPaths::AppLocalDataLocation + "/autosave".
    explicit AutosaveManager(const QString &root = {}, QObject *parent = nullptr);
    ~AutosaveManager() override; // removes this session's directory (a clean exit)

    // Where the documents come from: called on every autosave tick.
    void setSource(std::function<std::vector<Document>()> source);
    void setInterval(int ms);
    // Writes the unsaved documents now (and removes copies of documents no longer listed).
    void saveNow();
    // Forgets one document (saved or closed without saving).
    void discard(const QString &id);

    // Unsaved documents of sessions that ended without cleaning up (crashed).
    std::vector<Recovered> recoverable() const;
    // Removes the sessions recoverable() read (after recovering or declining).
    void discardRecoverable();

    QString sessionDir() const { return m_dir; }

private:
    // Session directories of other runs whose lock is stale: their process died.
    QStringList abandonedSessions() const;
    QString m_root;
    QString m_dir;
    std::unique_ptr<QLockFile> m_lock;
    QTimer *m_timer;
    std::function<std::vector<Document>()> m_source;
};

} // namespace studio::views
