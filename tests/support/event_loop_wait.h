// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// For tests of Qt code: run the event loop until a condition holds.

#include <QEventLoop>
#include <QObject>
#include <QTimer>

#include <functional>

namespace studio::test {

// Runs the event loop until `done` returns true or `timeoutMs` passes; returns done().
inline bool runEventLoopUntil(const std::function<bool()> &done, int timeoutMs)
{
    QEventLoop loop;
    QTimer poll;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&]() {
        if (done())
            loop.quit();
    });
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    poll.start(5);
    deadline.start(timeoutMs);
    if (!done())
        loop.exec();
    return done();
}

} // namespace studio::test
