// SPDX-License-Identifier: GPL-3.0-or-later
// GoogleTest main with a QCoreApplication (sockets, timers, QProcess need one).
#include "logger.h"

#include <QCoreApplication>

#include <gtest/gtest.h>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    // Quiet unless asked: SS_AGENT_TEST_LOG=debug shows the agent's log lines.
    studio::agent::LogLevel level = studio::agent::LogLevel::Error;
    if (const char *env = std::getenv("SS_AGENT_TEST_LOG"))
        studio::agent::parseLogLevel(env, &level);
    studio::agent::setLogLevel(level);
    return RUN_ALL_TESTS();
}
