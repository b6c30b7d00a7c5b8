// SPDX-License-Identifier: GPL-3.0-or-later
// GoogleTest main with a QCoreApplication: the client, its watches and the exec plugin runner
// need an event loop (tests spin it with waitFor()).
#include <QCoreApplication>

#include <gtest/gtest.h>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
