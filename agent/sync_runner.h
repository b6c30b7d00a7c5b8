// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// QObject first: moc (Qt 6.4) cannot parse <compare> when it comes before Qt's headers.
#include <QObject>

// When to sync: kube-proxy's BoundedFrequencyRunner, simplified (no burst: kube-proxy's
// iptables proxier allows 2 back-to-back runs; here consecutive syncs always start at least
// minInterval apart, which keeps the arithmetic and the tests obvious).
//
//  - request(): something changed; a sync runs as soon as minInterval has passed since the
//    start of the previous one (changes arriving meanwhile are coalesced into that sync).
//  - At least once per syncPeriod (since the last full sync started) a FULL sync runs.
//  - The first sync is full; after a failed sync the next one is full and waits an
//    exponential backoff (backoffBase, doubling, at most backoffMax) instead of minInterval.
//
// SyncScheduler is the pure decision (time passed in: tests use a fake clock); SyncRunner
// drives it with a QTimer on the steady clock.

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

namespace studio::agent {

struct SyncPolicy
{
    std::chrono::milliseconds minInterval{1'000};
    std::chrono::milliseconds syncPeriod{30'000};
    std::chrono::milliseconds backoffBase{1'000};
    std::chrono::milliseconds backoffMax{30'000};
};

class SyncScheduler
{
public:
    using Clock = std::chrono::steady_clock;
    using TimePoint = Clock::time_point;

    explicit SyncScheduler(SyncPolicy policy)
        : m_policy(policy)
    {}

    void request() { m_requested = true; }
    void requestFull()
    {
        m_requested = true;
        m_fullNeeded = true;
    }

    // When the next sync should start (may be in the past: due now).
    TimePoint nextRunAt() const;
    bool isDue(TimePoint now) const { return now >= nextRunAt(); }
    // A sync starts at `now`; returns true when it must be a full sync.
    bool begin(TimePoint now);
    void finish(TimePoint now, bool ok);

    int consecutiveFailures() const { return m_failures; }
    std::chrono::milliseconds currentBackoff() const;
    bool requested() const { return m_requested; }
    const SyncPolicy &policy() const { return m_policy; }

private:
    SyncPolicy m_policy;
    bool m_requested = true; // the first sync
    bool m_fullNeeded = true;
    std::optional<TimePoint> m_lastStart;
    std::optional<TimePoint> m_lastFullStart;
    std::optional<TimePoint> m_retryAt;
    int m_failures = 0;
};

class SyncRunner : public QObject
{
    Q_OBJECT
public:
    // sync(full) runs one sync and returns whether it succeeded.
    using SyncFunction = std::function<bool(bool full)>;
    SyncRunner(SyncPolicy policy, SyncFunction sync, QObject *parent = nullptr);

    // Starts scheduling (the first sync is due at once). Before start(), request() only
    // records.
    void start();
    void request();
    void requestFull();
    const SyncScheduler &scheduler() const { return m_scheduler; }

private:
    void reschedule();
    void fire();

    SyncScheduler m_scheduler;
    SyncFunction m_sync;
    QTimer m_timer;
    bool m_started = false;
    bool m_running = false;
};

} // namespace studio::agent
