// SPDX-License-Identifier: GPL-3.0-or-later
#include "autosave_manager.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>
#include <QTimer>
#include <QUuid>

namespace studio::views {

namespace {
const QString kLock = QStringLiteral("session.lock");

bool writeFile(const QString &path, const QByteArray &data)
{
    QSaveFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size() && f.commit();
}
} // namespace

AutosaveManager::AutosaveManager(const QString &root, QObject *parent)
    : QObject(parent)
    , m_root(root.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
                                  + QStringLiteral("/autosave")
                            : root)
    , m_timer(new QTimer(this))
{
    m_dir = m_root + QLatin1Char('/') + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QDir().mkpath(m_dir);
    m_lock = std::make_unique<QLockFile>(m_dir + QLatin1Char('/') + kLock);
    m_lock->setStaleLockTime(0); // only a dead process makes it stale
    (void)m_lock->tryLock(0);
    m_timer->setInterval(30'000);
    connect(m_timer, &QTimer::timeout, this, &AutosaveManager::saveNow);
    m_timer->start();
}

AutosaveManager::~AutosaveManager()
{
    m_lock->unlock();
    QDir(m_dir).removeRecursively();
}

void AutosaveManager::setSource(std::function<std::vector<Document>()> source)
{
    m_source = std::move(source);
}

void AutosaveManager::setInterval(int ms)
{
    m_timer->setInterval(ms);
}

void AutosaveManager::saveNow()
{
    if (!m_source)
        return;
    QSet<QString> keep;
    for (const Document &d : m_source()) {
        keep.insert(d.id);
        const QString base = m_dir + QLatin1Char('/') + d.id;
        QJsonObject note{{QStringLiteral("file"), d.fileName},
                         {QStringLiteral("title"), d.title},
                         {QStringLiteral("saved"),
                          QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
        // The text first: a note always has its text.
        if (writeFile(base + QStringLiteral(".yaml"), d.text.toUtf8()))
            (void)writeFile(base + QStringLiteral(".json"), QJsonDocument(note).toJson());
    }
    const QDir dir(m_dir);
    for (const QString &f : dir.entryList({QStringLiteral("*.json")}, QDir::Files)) {
        const QString id = f.chopped(5);
        if (!keep.contains(id))
            discard(id);
    }
}

void AutosaveManager::discard(const QString &id)
{
    QFile::remove(m_dir + QLatin1Char('/') + id + QStringLiteral(".json"));
    QFile::remove(m_dir + QLatin1Char('/') + id + QStringLiteral(".yaml"));
}

QStringList AutosaveManager::abandonedSessions() const
{
    QStringList out;
    const QDir root(m_root);
    for (const QString &s : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString dir = root.filePath(s);
        if (dir == m_dir)
            continue;
        // A live session holds its lock; a crashed one left a stale lock (or none).
        QLockFile lock(dir + QLatin1Char('/') + kLock);
        lock.setStaleLockTime(0);
        if (!lock.tryLock(0))
            continue;
        lock.unlock();
        out << dir;
    }
    return out;
}

std::vector<AutosaveManager::Recovered> AutosaveManager::recoverable() const
{
    std::vector<Recovered> out;
    for (const QString &dir : abandonedSessions()) {
        const QDir d(dir);
        for (const QString &f : d.entryList({QStringLiteral("*.json")}, QDir::Files)) {
            QFile note(d.filePath(f));
            QFile text(d.filePath(f.chopped(5) + QStringLiteral(".yaml")));
            if (!note.open(QIODevice::ReadOnly) || !text.open(QIODevice::ReadOnly))
                continue;
            const QJsonObject o = QJsonDocument::fromJson(note.readAll()).object();
            out.push_back({o.value(QStringLiteral("file")).toString(),
                           o.value(QStringLiteral("title")).toString(),
                           QString::fromUtf8(text.readAll()),
                           QDateTime::fromString(o.value(QStringLiteral("saved")).toString(),
                                                 Qt::ISODate),
                           dir});
        }
    }
    return out;
}

void AutosaveManager::discardRecoverable()
{
    for (const QString &dir : abandonedSessions())
        QDir(dir).removeRecursively();
}

} // namespace studio::views
