// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync_runner.h"

#include "support/event_loop_wait.h"

#include <gtest/gtest.h>

using namespace studio::agent;
using namespace std::chrono_literals;

namespace {
using TP = SyncScheduler::TimePoint;
const TP T0 = TP(100s);

SyncPolicy policy()
{
    SyncPolicy p;
    p.minInterval = 1s;
    p.syncPeriod = 30s;
    p.backoffBase = 1s;
    p.backoffMax = 8s;
    return p;
}
} // namespace

TEST(SyncScheduler, FirstSyncIsDueAtOnceAndFull)
{
    SyncScheduler s(policy());
    EXPECT_TRUE(s.isDue(T0));
    EXPECT_TRUE(s.begin(T0));
    s.finish(T0 + 100ms, true);
    EXPECT_FALSE(s.isDue(T0 + 1s));
}

TEST(SyncScheduler, ChangesWaitForTheMinimumInterval)
{
    SyncScheduler s(policy());
    s.begin(T0);
    s.finish(T0 + 100ms, true);
    s.request();
    EXPECT_EQ(s.nextRunAt(), T0 + 1s);
    EXPECT_FALSE(s.isDue(T0 + 999ms));
    EXPECT_TRUE(s.isDue(T0 + 1s));
    // Several requests are one sync.
    s.request();
    s.request();
    EXPECT_FALSE(s.begin(T0 + 1s)); // partial
    s.finish(T0 + 1100ms, true);
    EXPECT_FALSE(s.requested());
    EXPECT_EQ(s.nextRunAt(), T0 + 30s); // only the periodic one now
}

TEST(SyncScheduler, PeriodicSyncIsFullEvenWithPartialsBetween)
{
    SyncScheduler s(policy());
    s.begin(T0);
    s.finish(T0, true);
    for (int i = 1; i <= 5; ++i) {
        s.request();
        const TP at = T0 + i * 5s;
        ASSERT_TRUE(s.isDue(at));
        EXPECT_FALSE(s.begin(at)) << i;
        s.finish(at, true);
    }
    EXPECT_EQ(s.nextRunAt(), T0 + 30s);
    EXPECT_TRUE(s.begin(T0 + 30s));
    s.finish(T0 + 30s, true);
    EXPECT_EQ(s.nextRunAt(), T0 + 60s);
}

TEST(SyncScheduler, FailureBacksOffExponentiallyAndForcesFull)
{
    SyncScheduler s(policy());
    TP now = T0;
    s.begin(now);
    s.finish(now, true);
    s.request();
    now += 1s;
    EXPECT_FALSE(s.begin(now));
    s.finish(now, false);
    EXPECT_EQ(s.consecutiveFailures(), 1);
    EXPECT_EQ(s.nextRunAt(), now + 1s);
    // Requests do not shorten the backoff.
    s.request();
    EXPECT_EQ(s.nextRunAt(), now + 1s);
    std::chrono::seconds expected[] = {2s, 4s, 8s, 8s};
    for (auto wait : expected) {
        now = s.nextRunAt();
        EXPECT_TRUE(s.begin(now)); // a retry is full
        s.finish(now, false);
        EXPECT_EQ(s.nextRunAt() - now, wait);
    }
    now = s.nextRunAt();
    EXPECT_TRUE(s.begin(now));
    s.finish(now, true);
    EXPECT_EQ(s.consecutiveFailures(), 0);
    EXPECT_EQ(s.nextRunAt(), now + 30s);
    s.request();
    EXPECT_EQ(s.nextRunAt(), now + 1s);
    EXPECT_FALSE(s.begin(now + 1s)); // partial again after a successful full one
}

TEST(SyncScheduler, ZeroMinimumIntervalRunsAtOnce)
{
    SyncPolicy p = policy();
    p.minInterval = 0ms;
    SyncScheduler s(p);
    s.begin(T0);
    s.finish(T0, true);
    s.request();
    EXPECT_TRUE(s.isDue(T0));
}

TEST(SyncScheduler, RequestFullMakesTheNextSyncFull)
{
    SyncScheduler s(policy());
    s.begin(T0);
    s.finish(T0, true);
    s.requestFull();
    EXPECT_EQ(s.nextRunAt(), T0 + 1s);
    EXPECT_TRUE(s.begin(T0 + 1s));
}

// The QTimer driver: runs the sync function through the event loop (no timing asserted).
TEST(SyncRunner, RunsFirstSyncAndRequests)
{
    SyncPolicy p = policy();
    p.minInterval = 0ms;
    std::vector<bool> runs;
    SyncRunner runner(p, [&](bool full) {
        runs.push_back(full);
        return true;
    });
    runner.request(); // before start: recorded only
    EXPECT_FALSE(studio::test::runEventLoopUntil([&] { return !runs.empty(); }, 50));
    runner.start();
    ASSERT_TRUE(studio::test::runEventLoopUntil([&] { return runs.size() == 1; }, 5000));
    EXPECT_TRUE(runs[0]);
    runner.request();
    ASSERT_TRUE(studio::test::runEventLoopUntil([&] { return runs.size() == 2; }, 5000));
    EXPECT_FALSE(runs[1]);
}
