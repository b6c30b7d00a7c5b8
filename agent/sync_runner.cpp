// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync_runner.h"

#include <algorithm>

namespace studio::agent {

std::chrono::milliseconds SyncScheduler::currentBackoff() const
{
    if (m_failures == 0)
        return std::chrono::milliseconds(0);
    auto d = m_policy.backoffBase;
    for (int i = 1; i < m_failures && d < m_policy.backoffMax; ++i)
        d *= 2;
    return std::min(d, m_policy.backoffMax);
}

SyncScheduler::TimePoint SyncScheduler::nextRunAt() const
{
    if (!m_lastStart)
        return TimePoint::min(); // never ran: due now
    if (m_retryAt)
        return *m_retryAt; // failing: the backoff decides (a full sync)
    const TimePoint periodic
        = (m_lastFullStart ? *m_lastFullStart : *m_lastStart) + m_policy.syncPeriod;
    if (m_requested || m_fullNeeded)
        return std::min(periodic, *m_lastStart + m_policy.minInterval);
    return periodic;
}

bool SyncScheduler::begin(TimePoint now)
{
    const bool periodicDue = !m_lastFullStart || now >= *m_lastFullStart + m_policy.syncPeriod;
    const bool full = m_fullNeeded || m_retryAt.has_value() || periodicDue;
    m_requested = false;
    m_lastStart = now;
    if (full)
        m_lastFullStart = now;
    return full;
}

void SyncScheduler::finish(TimePoint now, bool ok)
{
    if (ok) {
        m_failures = 0;
        m_retryAt.reset();
        m_fullNeeded = false;
        return;
    }
    ++m_failures;
    m_fullNeeded = true;
    m_retryAt = now + std::max(currentBackoff(), m_policy.minInterval);
}

SyncRunner::SyncRunner(SyncPolicy policy, SyncFunction sync, QObject *parent)
    : QObject(parent)
    , m_scheduler(policy)
    , m_sync(std::move(sync))
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &SyncRunner::fire);
}

void SyncRunner::start()
{
    m_started = true;
    reschedule();
}

void SyncRunner::request()
{
    m_scheduler.request();
    reschedule();
}

void SyncRunner::requestFull()
{
    m_scheduler.requestFull();
    reschedule();
}

void SyncRunner::reschedule()
{
    if (!m_started || m_running)
        return;
    const auto now = SyncScheduler::Clock::now();
    const auto at = m_scheduler.nextRunAt();
    const auto wait = at <= now ? std::chrono::milliseconds(0)
                                : std::chrono::ceil<std::chrono::milliseconds>(at - now);
    // A long sleep is re-evaluated after at most a minute (clock drift, lost wakeups).
    m_timer.start(int(std::min<int64_t>(wait.count(), 60'000)));
}

void SyncRunner::fire()
{
    const auto now = SyncScheduler::Clock::now();
    if (!m_scheduler.isDue(now)) {
        reschedule();
        return;
    }
    const bool full = m_scheduler.begin(now);
    m_running = true;
    const bool ok = m_sync(full);
    m_running = false;
    m_scheduler.finish(SyncScheduler::Clock::now(), ok);
    reschedule();
}

} // namespace studio::agent
