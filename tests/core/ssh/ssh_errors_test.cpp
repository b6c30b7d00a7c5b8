// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/ssh_session.h"

#include <libssh/libssh.h>
#include <libssh/sftp.h>

#include <gtest/gtest.h>

using namespace studio;

TEST(SshErrors, LibsshCodesAndMessagesMapToStableCodes)
{
    struct Case
    {
        SshStage stage;
        int rc;
        const char *msg;
        const char *code;
    };
    const Case cases[] = {
        {SshStage::Connect, SSH_ERROR, "Connection refused", "ssh-unreachable"},
        {SshStage::Connect,
         SSH_ERROR,
         "Failed to resolve hostname nowhere (Name or service not known)",
         "ssh-unreachable"},
        {SshStage::Connect, SSH_ERROR, "Timeout connecting to 10.0.0.1", "ssh-timeout"},
        {SshStage::Connect,
         SSH_ERROR,
         "kex error : no match for method server host key algo",
         "ssh-protocol"},
        {SshStage::Auth, SSH_AUTH_DENIED, "Access denied", "ssh-auth-denied"},
        {SshStage::Auth, SSH_AUTH_PARTIAL, "", "ssh-auth-denied"},
        {SshStage::Auth, SSH_AUTH_ERROR, "Socket error: disconnected", "ssh-unreachable"},
        {SshStage::Auth, SSH_AUTH_ERROR, "Received SSH_MSG_DISCONNECT", "ssh-protocol"},
        {SshStage::Exec, SSH_ERROR, "Socket error: Connection reset by peer", "ssh-unreachable"},
        {SshStage::Channel, SSH_ERROR, "Channel request exec failed", "ssh-channel"},
        {SshStage::Exec, SSH_ERROR, "Timeout waiting for reply", "ssh-command-timeout"},
        {SshStage::Sftp, SSH_ERROR, "subsystem request failed", "ssh-sftp"},
    };
    for (const Case &c : cases) {
        Error e = sshErrorFrom(c.stage, c.rc, c.msg, "connecting to root@node1");
        EXPECT_EQ(e.code, c.code) << c.msg;
        EXPECT_EQ(e.message.rfind("connecting to root@node1", 0), 0u) << e.message;
        EXPECT_NE(e.message.find(c.msg), std::string::npos) << e.message;
    }
}

TEST(SshErrors, SftpStatus)
{
    EXPECT_EQ(sftpErrorFrom(SSH_FX_PERMISSION_DENIED, "", "/opt/x").code,
              "remote-permission-denied");
    EXPECT_EQ(sftpErrorFrom(SSH_FX_WRITE_PROTECT, "", "/opt/x").code, "remote-permission-denied");
    EXPECT_EQ(sftpErrorFrom(SSH_FX_NO_SUCH_FILE, "", "/opt/x").code, "ssh-sftp");
    EXPECT_EQ(sftpErrorFrom(SSH_FX_CONNECTION_LOST, "", "/opt/x").code, "ssh-unreachable");
    Error full = sftpErrorFrom(SSH_FX_FAILURE, "", "/tmp/bundle.tar.gz");
    EXPECT_NE(full.message.find("/tmp/bundle.tar.gz"), std::string::npos);
    EXPECT_NE(full.message.find("disk full"), std::string::npos);
}

TEST(SshErrors, ShellQuote)
{
    EXPECT_EQ(shellQuote("abc"), "'abc'");
    EXPECT_EQ(shellQuote(""), "''");
    EXPECT_EQ(shellQuote("it's"), "'it'\\''s'");
    EXPECT_EQ(shellQuote("$(rm -rf /) `x` \"y\""), "'$(rm -rf /) `x` \"y\"'");
}
