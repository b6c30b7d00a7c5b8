// SPDX-License-Identifier: GPL-3.0-or-later
#include "state_file_source.h"

#include "cluster/sandbox_backend.h"
#include "logger.h"

#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

namespace studio::agent {

StateFileSource::StateFileSource(ClusterState &state,
                                 std::string path,
                                 int pollIntervalMs,
                                 QObject *parent)
    : ClusterSource(state, parent)
    , m_path(std::move(path))
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(50); // an editor's write-rename-chmod burst is one change
    connect(&m_debounce, &QTimer::timeout, this, [this]() { reload(); });
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &StateFileSource::scheduleReload);
    connect(
        &m_watcher, &QFileSystemWatcher::directoryChanged, this, &StateFileSource::scheduleReload);
    m_poll.setInterval(pollIntervalMs);
    connect(&m_poll, &QTimer::timeout, this, [this]() {
        if (fileStamp() != m_stamp)
            scheduleReload();
    });
}

void StateFileSource::start()
{
    const QString file = QString::fromStdString(m_path);
    const QString dir = QFileInfo(file).absolutePath();
    m_watcher.addPath(dir);
    if (QFileInfo::exists(file))
        m_watcher.addPath(file);
    m_poll.start();
    reload();
}

void StateFileSource::scheduleReload()
{
    m_debounce.start();
}

std::string StateFileSource::fileStamp() const
{
    struct stat st
    {
    };
    if (::stat(m_path.c_str(), &st) != 0)
        return "missing";
    return std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":"
           + std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

bool StateFileSource::reload()
{
    const QString file = QString::fromStdString(m_path);
    // A replaced file is a new inode: watch it again.
    if (QFileInfo::exists(file) && !m_watcher.files().contains(file))
        m_watcher.addPath(file);
    m_stamp = fileStamp();

    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        logError("state file " + m_path + ": " + f.errorString().toStdString()
                 + " (keeping the current state)");
        return false;
    }
    const QByteArray bytes = f.readAll();
    std::string content(bytes.constData(), size_t(bytes.size()));
    if (m_synced && content == m_lastContent)
        return true;

    SandboxOptions options;
    options.seed = 1; // the same file gives the same allocations
    options.clock = [] { return std::string("2021-01-01T00:00:00Z"); };
    SandboxBackend sandbox(options);
    auto report = sandbox.loadScenarioText(content, m_path);
    if (!report) {
        logError("state file " + report.error().toString() + " (keeping the current state)");
        return false;
    }
    for (const ScenarioReport::Problem &p : report->problems)
        logWarning("state file " + p.file + ":" + std::to_string(p.line) + ": " + p.kind + " "
                   + p.name + " refused: " + p.message);
    m_lastContent = std::move(content);
    m_state.replaceAll(sandbox.snapshot());
    const bool first = !m_synced;
    m_synced = true;
    logDebug("state file " + m_path + " loaded: " + std::to_string(report->loaded) + " objects");
    if (first)
        logInfo("state file " + m_path + ": "
                + std::to_string(m_state.snapshot().serviceMap().size()) + " services, "
                + std::to_string(m_state.snapshot().endpointsMap().size()) + " endpoints");
    Q_EMIT changed();
    return true;
}

} // namespace studio::agent
