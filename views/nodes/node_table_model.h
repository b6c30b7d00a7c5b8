// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The nodes of the nodes panel as a table: where to reach each one over SSH (host, port,
// user; an ~/.ssh/config alias is kept as typed and resolved when connecting) and what its
// agent said last (version, proxy mode, last sync, health), the progress of a running
// operation and the last error. Values only: the panel runs the operations.
//
// Threading: GUI thread only (the panel marshals worker results here).

// moc cannot parse the C++20 library headers these reach (<compare>, <concepts>).
#ifndef Q_MOC_RUN
#include "ssh/agent_deployer.h"
#endif

#include <QAbstractTableModel>
#include <QString>

#include <vector>

namespace studio::views {

struct NodeEntry
{
    QString name;   // the Kubernetes Node name (the agent's --hostname-override); may be empty
    QString host;   // address or ~/.ssh/config alias
    int port = 0;   // 0: from the ssh config, else 22
    QString user;   // empty: from the ssh config, else the local user
    QString prefix; // install prefix on the node; empty: /opt/service-studio

    // What the node said last.
    bool statusKnown = false;
    AgentStatus status;
    int progress = -1; // percent while an operation runs, else -1
    QString stage;     // the operation's current stage ("upload", ...)
    QString errorCode; // the last operation's error, empty when it succeeded
    QString errorMessage;

    SshTarget target() const;
    QString key() const; // user@host:port as typed, for duplicates
};

class NodeTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        HostColumn,
        PortColumn,
        UserColumn,
        VersionColumn,
        ProxyModeColumn,
        LastSyncColumn,
        HealthColumn,
        ProgressColumn,
        ColumnCount
    };
    static constexpr int ProgressRole = Qt::UserRole + 1; // int percent, -1 when idle

    explicit NodeTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    // false (nothing added) when a node with the same user@host:port is there already.
    bool addNode(const NodeEntry &entry);
    void removeNodes(std::vector<int> rows);
    const NodeEntry &node(int row) const { return m_nodes.at(size_t(row)); }
    const std::vector<NodeEntry> &nodes() const { return m_nodes; }
    int findNode(const QString &key) const; // -1 when missing

    // Where the agent goes on this node (empty: /opt/service-studio), e.g. after an import.
    void setPrefix(int row, const QString &prefix);
    void setProgress(int row, int percent, const QString &stage);
    // The outcome of an operation: the agent's status, or the error (status kept as it was).
    void setStatus(int row, const AgentStatus &status);
    void setError(int row, const QString &code, const QString &message);
    void clearError(int row);

    // The node list (not the statuses) in QSettings under `group`.
    void save(const QString &group) const;
    void load(const QString &group);

    QString healthText(const NodeEntry &n) const;

private:
    void rowChanged(int row);
    std::vector<NodeEntry> m_nodes;
};

} // namespace studio::views
