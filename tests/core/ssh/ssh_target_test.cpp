// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/ssh_session.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <fstream>

using namespace studio;

TEST(SshTarget, Parse)
{
    struct Case
    {
        const char *text;
        const char *user, *host;
        int port;
    };
    const Case good[] = {
        {"node1", "", "node1", 0},
        {"root@node1", "root", "node1", 0},
        {"admin@10.0.0.5:2222", "admin", "10.0.0.5", 2222},
        {"node1:22", "", "node1", 22},
        {"root@[fd00::1]:2200", "root", "fd00::1", 2200},
        {"[fd00::1]", "", "fd00::1", 0},
        {"fd00::1", "", "fd00::1", 0},
        {"a@b@host", "a@b", "host", 0},
    };
    for (const Case &c : good) {
        auto t = parseSshTarget(c.text);
        ASSERT_TRUE(t.ok()) << c.text << ": " << t.error().message;
        EXPECT_EQ(t->user, c.user) << c.text;
        EXPECT_EQ(t->host, c.host) << c.text;
        EXPECT_EQ(t->port, c.port) << c.text;
    }
    for (const char *bad : {"",
                            "@host",
                            "root@",
                            "host:",
                            "host:0",
                            "host:65536",
                            "host:22x",
                            "[fd00::1",
                            "[::1]x",
                            "ho st",
                            "h'x"}) {
        auto t = parseSshTarget(bad);
        ASSERT_FALSE(t.ok()) << bad;
        EXPECT_EQ(t.error().code, "ssh-bad-target") << bad;
    }
    EXPECT_EQ(parseSshTarget("root@[fd00::1]:2200")->toString(), "root@[fd00::1]:2200");
}

TEST(SshConfig, AliasResolution)
{
    QTemporaryDir dir;
    const std::string cfg = dir.path().toStdString() + "/config";
    {
        std::ofstream f(cfg);
        f << "Host node-a\n"
             "    HostName 10.20.30.40\n"
             "    Port 2202\n"
             "    User deployer\n"
             "\n"
             "Host *.lab\n"
             "    User labuser\n"
             "    Port 2022\n";
    }
    auto r = resolveSshTarget({"", "node-a", 0}, cfg);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->host, "10.20.30.40");
    EXPECT_EQ(r->port, 2202);
    EXPECT_EQ(r->user, "deployer");

    // What the target says wins over the file, as on the ssh command line.
    r = resolveSshTarget({"root", "node-a", 22}, cfg);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->host, "10.20.30.40");
    EXPECT_EQ(r->port, 22);
    EXPECT_EQ(r->user, "root");

    r = resolveSshTarget({"", "x.lab", 0}, cfg);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->host, "x.lab");
    EXPECT_EQ(r->port, 2022);
    EXPECT_EQ(r->user, "labuser");

    // Not in the file: as given, port 22.
    r = resolveSshTarget({"", "other", 0}, cfg);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->host, "other");
    EXPECT_EQ(r->port, 22);
    EXPECT_FALSE(r->user.empty());

    // "none" ignores every config file.
    r = resolveSshTarget({"", "node-a", 0}, "none");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->host, "node-a");
    EXPECT_EQ(r->port, 22);
}
