// SPDX-License-Identifier: GPL-3.0-or-later
#include "nodes/node_table_model.h"

#include <QBrush>
#include <QColor>
#include <QSettings>

#include <algorithm>

namespace studio::views {

SshTarget NodeEntry::target() const
{
    return {user.toStdString(), host.toStdString(), port};
}

QString NodeEntry::key() const
{
    return QString::fromStdString(target().toString());
}

NodeTableModel::NodeTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int NodeTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_nodes.size());
}

int NodeTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString NodeTableModel::healthText(const NodeEntry &n) const
{
    if (!n.errorCode.isEmpty())
        //: %1: an error code such as ssh-host-key-changed
        return tr("error: %1").arg(n.errorCode);
    if (n.progress >= 0)
        return tr("working: %1").arg(n.stage);
    if (!n.statusKnown)
        return tr("unknown");
    if (!n.status.installed)
        return tr("not installed");
    if (n.status.healthy)
        return tr("healthy");
    return n.status.running ? tr("unhealthy") : tr("stopped");
}

QVariant NodeTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const NodeEntry &n = m_nodes[size_t(index.row())];
    const bool installed = n.statusKnown && n.status.installed;
    if (role == ProgressRole)
        return n.progress;
    if (role == Qt::ToolTipRole) {
        if (!n.errorMessage.isEmpty())
            return n.errorMessage;
        if (index.column() == HealthColumn && installed)
            return QString::fromStdString(n.status.healthz);
        return {};
    }
    if (role == Qt::ForegroundRole && !n.errorCode.isEmpty())
        return QBrush(QColor(0xb0, 0x00, 0x20));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return n.name;
    case HostColumn:
        return n.host;
    case PortColumn:
        return n.port > 0 ? QString::number(n.port) : QString();
    case UserColumn:
        return n.user;
    case VersionColumn:
        return installed ? QString::fromStdString(n.status.version) : QString();
    case ProxyModeColumn:
        return installed ? QString::fromStdString(n.status.proxyMode) : QString();
    case LastSyncColumn:
        return installed ? QString::fromStdString(n.status.lastSync) : QString();
    case HealthColumn:
        return healthText(n);
    case ProgressColumn:
        return n.progress >= 0 ? QStringLiteral("%1%").arg(n.progress) : QString();
    default:
        return {};
    }
}

QVariant NodeTableModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        //: column: the Kubernetes Node name
        return tr("Node");
    case HostColumn:
        return tr("Host");
    case PortColumn:
        return tr("Port");
    case UserColumn:
        return tr("User");
    case VersionColumn:
        //: column: the version of service-agent on the node
        return tr("Agent version");
    case ProxyModeColumn:
        return tr("Proxy mode");
    case LastSyncColumn:
        return tr("Last sync");
    case HealthColumn:
        return tr("Health");
    case ProgressColumn:
        return tr("Progress");
    default:
        return {};
    }
}

bool NodeTableModel::addNode(const NodeEntry &entry)
{
    if (entry.host.trimmed().isEmpty() || findNode(entry.key()) >= 0)
        return false;
    beginInsertRows({}, rowCount(), rowCount());
    m_nodes.push_back(entry);
    endInsertRows();
    return true;
}

void NodeTableModel::removeNodes(std::vector<int> rows)
{
    std::sort(rows.begin(), rows.end(), std::greater<>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (int row : rows) {
        if (row < 0 || row >= rowCount())
            continue;
        beginRemoveRows({}, row, row);
        m_nodes.erase(m_nodes.begin() + row);
        endRemoveRows();
    }
}

int NodeTableModel::findNode(const QString &key) const
{
    for (size_t i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].key() == key)
            return int(i);
    return -1;
}

void NodeTableModel::rowChanged(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void NodeTableModel::setPrefix(int row, const QString &prefix)
{
    if (row < 0 || row >= rowCount())
        return;
    m_nodes[size_t(row)].prefix = prefix.trimmed();
    rowChanged(row);
}

void NodeTableModel::setProgress(int row, int percent, const QString &stage)
{
    if (row < 0 || row >= rowCount())
        return;
    NodeEntry &n = m_nodes[size_t(row)];
    n.progress = percent;
    n.stage = stage;
    if (percent >= 0) {
        n.errorCode.clear();
        n.errorMessage.clear();
    }
    rowChanged(row);
}

void NodeTableModel::setStatus(int row, const AgentStatus &status)
{
    if (row < 0 || row >= rowCount())
        return;
    NodeEntry &n = m_nodes[size_t(row)];
    n.status = status;
    n.statusKnown = true;
    n.progress = -1;
    n.errorCode.clear();
    n.errorMessage.clear();
    rowChanged(row);
}

void NodeTableModel::setError(int row, const QString &code, const QString &message)
{
    if (row < 0 || row >= rowCount())
        return;
    NodeEntry &n = m_nodes[size_t(row)];
    n.progress = -1;
    n.errorCode = code;
    n.errorMessage = message;
    rowChanged(row);
}

void NodeTableModel::clearError(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    m_nodes[size_t(row)].errorCode.clear();
    m_nodes[size_t(row)].errorMessage.clear();
    rowChanged(row);
}

void NodeTableModel::save(const QString &group) const
{
    QSettings s;
    s.beginGroup(group);
    s.remove(QString());
    s.beginWriteArray(QStringLiteral("nodes"), rowCount());
    for (int i = 0; i < rowCount(); ++i) {
        const NodeEntry &n = m_nodes[size_t(i)];
        s.setArrayIndex(i);
        s.setValue(QStringLiteral("name"), n.name);
        s.setValue(QStringLiteral("host"), n.host);
        s.setValue(QStringLiteral("port"), n.port);
        s.setValue(QStringLiteral("user"), n.user);
        s.setValue(QStringLiteral("prefix"), n.prefix);
    }
    s.endArray();
    s.endGroup();
}

void NodeTableModel::load(const QString &group)
{
    QSettings s;
    s.beginGroup(group);
    const int count = s.beginReadArray(QStringLiteral("nodes"));
    for (int i = 0; i < count; ++i) {
        s.setArrayIndex(i);
        NodeEntry n;
        n.name = s.value(QStringLiteral("name")).toString();
        n.host = s.value(QStringLiteral("host")).toString();
        n.port = s.value(QStringLiteral("port")).toInt();
        n.user = s.value(QStringLiteral("user")).toString();
        n.prefix = s.value(QStringLiteral("prefix")).toString();
        addNode(n); // skips empty and duplicate entries of a damaged file
    }
    s.endArray();
    s.endGroup();
}

} // namespace studio::views
