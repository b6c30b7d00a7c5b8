// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What pods see of the selected service: the environment variables the kubelet gives
// containers started after the service exists (and which pods of the namespace started before
// it and so lack them), and the DNS records the cluster DNS serves for it.

// moc cannot parse the C++20 library headers these reach (<compare>, <concepts>).
#ifndef Q_MOC_RUN
#include "cluster/object_key.h"
#endif

#include <QWidget>

class QLabel;
class QTreeWidget;
class QToolBar;
class QAction;

namespace studio {
class ClusterSnapshot;
}

namespace studio::views {

class SnapshotWatcher;

class DiscoveryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DiscoveryPanel(QWidget *parent = nullptr);
    ~DiscoveryPanel() override;

    void setWatcher(SnapshotWatcher *watcher);
    void setService(const ObjectKey &service);
    void setSnapshot(const ClusterSnapshot &snapshot);

    QTreeWidget *environment() const { return m_env; }
    QTreeWidget *dnsRecords() const { return m_dns; }
    QString environmentNote() const;
    bool exportTo(const QString &path);

protected:
    void changeEvent(QEvent *e) override;

private:
    void retranslateUi();
    void refresh();

    SnapshotWatcher *m_watcher = nullptr;
    ObjectKey m_service;
    std::unique_ptr<ClusterSnapshot> m_snapshot;
    QToolBar *m_bar;
    QAction *m_export;
    QLabel *m_envTitle;
    QLabel *m_envNote;
    QTreeWidget *m_env;
    QLabel *m_dnsTitle;
    QLabel *m_dnsNote;
    QTreeWidget *m_dns;
};

} // namespace studio::views
