// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// QObject first: moc (Qt 6.4) cannot parse <compare> when it comes before Qt's headers.
#include <QObject>

// Where the agent's cluster state comes from: an apiserver (ApiServerSource) or a state file
// (StateFileSource). A source writes into the ClusterState (and so into the change tracker)
// and says when its first complete view has arrived: the agent never syncs before that, so a
// restarted agent does not wipe the rules it adopts with an empty state.

#include "change_tracker.h"

#include <QObject>

namespace studio::agent {

class ClusterSource : public QObject
{
    Q_OBJECT
public:
    explicit ClusterSource(ClusterState &state, QObject *parent = nullptr)
        : QObject(parent)
        , m_state(state)
    {}
    ~ClusterSource() override;

    virtual void start() = 0;
    // The first complete view (every kind listed once) has been written.
    virtual bool synced() const = 0;

Q_SIGNALS:
    // The state was written (the tracker knows whether anything the proxy reads changed).
    void changed();

protected:
    ClusterState &m_state;
};

} // namespace studio::agent
