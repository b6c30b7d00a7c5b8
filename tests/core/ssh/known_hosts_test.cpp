// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/known_hosts.h"

#include <QByteArray>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

using namespace studio;

namespace {

std::string blob(const char *text)
{
    return std::string(text);
}
std::string b64(const std::string &raw)
{
    return QByteArray::fromStdString(raw).toBase64().toStdString();
}

std::string run(const std::string &cmd)
{
    std::string out;
    FILE *p = popen(cmd.c_str(), "r");
    if (!p)
        return out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    pclose(p);
    return out;
}

std::string readFile(const std::string &path)
{
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

bool haveSshKeygen()
{
    return run("command -v ssh-keygen").find("ssh-keygen") != std::string::npos;
}

} // namespace

TEST(KnownHostsParse, PlainMarkersCommentsAndBadLines)
{
    const std::string k1 = b64(blob("key-one")), k2 = b64(blob("key-two"));
    const std::string text = "# comment\n"
                             "\n"
                             "web1,10.0.0.1 ssh-ed25519 "
                             + k1
                             + " comment here\n"
                               "@cert-authority *.example.org ssh-ed25519 "
                             + k2
                             + "\n"
                               "@revoked * ssh-ed25519 "
                             + k2
                             + "\n"
                               "@bogus host ssh-ed25519 "
                             + k1
                             + "\n"
                               "onlyhost ssh-ed25519\n"
                               "badb64 ssh-ed25519 !!!notbase64\n"
                               "[web2]:2222 ecdsa-sha2-nistp256 "
                             + k2 + "\r\n";
    KnownHosts kh = parseKnownHosts(text, "kh");
    ASSERT_EQ(kh.entries.size(), 4u);
    EXPECT_EQ(kh.entries[0].line, 3);
    EXPECT_EQ(kh.entries[0].patterns, (std::vector<std::string>{"web1", "10.0.0.1"}));
    EXPECT_EQ(kh.entries[0].keyType, "ssh-ed25519");
    EXPECT_EQ(kh.entries[0].keyBlob, "key-one");
    EXPECT_EQ(kh.entries[1].marker, KnownHostEntry::Marker::CertAuthority);
    EXPECT_EQ(kh.entries[2].marker, KnownHostEntry::Marker::Revoked);
    EXPECT_EQ(kh.entries[3].patterns, (std::vector<std::string>{"[web2]:2222"}));
    EXPECT_EQ(kh.entries[3].line, 9);
    EXPECT_EQ(kh.malformedLines, (std::vector<int>{6, 7, 8}));
}

TEST(KnownHostsMatch, NamesAndPorts)
{
    EXPECT_EQ(knownHostsName("Web1", 22), "web1");
    EXPECT_EQ(knownHostsName("web1", 0), "web1");
    EXPECT_EQ(knownHostsName("10.0.0.1", 2222), "[10.0.0.1]:2222");
    EXPECT_EQ(knownHostsName("fd00::1", 2222), "[fd00::1]:2222");
}

TEST(KnownHostsMatch, Globs)
{
    struct Case
    {
        const char *pattern, *name;
        bool match;
    };
    const Case cases[] = {
        {"web1", "web1", true},
        {"web1", "WEB1", true},
        {"web*", "web12", true},
        {"web?", "web12", false},
        {"*.example.org", "a.example.org", true},
        {"*.example.org", "example.org", false},
        {"10.0.0.*", "10.0.0.7", true},
        {"*", "anything", true},
        {"[web2]:2222", "[web2]:2222", true},
        {"web2", "[web2]:2222", false},
        {"a*b*c", "aXXbYYc", true},
        {"a*b*c", "aXXbYY", false},
    };
    for (const Case &c : cases)
        EXPECT_EQ(matchHostGlob(c.pattern, c.name), c.match) << c.pattern << " vs " << c.name;
}

TEST(KnownHostsMatch, NegationExcludes)
{
    KnownHostEntry e;
    e.patterns = {"*.example.org", "!bad.example.org"};
    EXPECT_TRUE(entryMatchesHost(e, "good.example.org"));
    EXPECT_FALSE(entryMatchesHost(e, "bad.example.org"));
    EXPECT_FALSE(entryMatchesHost(e, "other.net"));
}

TEST(KnownHostsCheck, Verdicts)
{
    const std::string text = "web1 ssh-ed25519 " + b64("ed-key")
                             + "\n"
                               "web1 ecdsa-sha2-nistp256 "
                             + b64("ec-key")
                             + "\n"
                               "[web1]:2222 ssh-ed25519 "
                             + b64("ed-key-2222")
                             + "\n"
                               "ecdsaonly ecdsa-sha2-nistp256 "
                             + b64("ec-only")
                             + "\n"
                               "@revoked * ssh-ed25519 "
                             + b64("stolen")
                             + "\n"
                               "@cert-authority * ssh-ed25519 "
                             + b64("ca-key") + "\n";
    KnownHosts kh = parseKnownHosts(text, "kh");
    using V = HostKeyCheck::Verdict;
    struct Case
    {
        std::string host;
        int port;
        std::string type, key;
        V verdict;
        int line;
    };
    const Case cases[] = {
        {"web1", 22, "ssh-ed25519", "ed-key", V::Known, 1},
        {"WEB1", 22, "ecdsa-sha2-nistp256", "ec-key", V::Known, 2},
        {"web1", 22, "ssh-ed25519", "other", V::Changed, 1},
        {"web1", 2222, "ssh-ed25519", "ed-key-2222", V::Known, 3},
        {"web1", 2222, "ssh-ed25519", "ed-key", V::Changed, 3}, // port 22's key is not 2222's
        {"web2", 22, "ssh-ed25519", "ed-key", V::Unknown, 0},
        {"ecdsaonly", 22, "ssh-ed25519", "new", V::OtherType, 4},
        {"web1", 22, "ssh-ed25519", "stolen", V::Revoked, 5},
        {"anyhost", 22, "ssh-ed25519", "ca-key", V::Unknown, 0}, // a CA key is no host key
    };
    for (const Case &c : cases) {
        HostKeyCheck r = checkHostKey(kh, c.host, c.port, c.type, c.key);
        EXPECT_EQ(r.verdict, c.verdict) << c.host << ":" << c.port << " " << c.key;
        EXPECT_EQ(r.line, c.line) << c.host << ":" << c.port << " " << c.key;
    }
    EXPECT_EQ(checkHostKey(kh, "web1", 22, "", "").knownTypes,
              (std::vector<std::string>{"ssh-ed25519", "ecdsa-sha2-nistp256"}));
}

TEST(KnownHostsHashed, OwnLinesRoundTrip)
{
    const std::string salt(20, '\x07');
    std::string line = formatKnownHostsLine("web1", 2222, "ssh-ed25519", "k", true, salt);
    EXPECT_EQ(line.rfind("|1|", 0), 0u) << line;
    KnownHosts kh = parseKnownHosts(line + "\n", "kh");
    ASSERT_EQ(kh.entries.size(), 1u);
    EXPECT_TRUE(kh.entries[0].hashed);
    EXPECT_EQ(checkHostKey(kh, "web1", 2222, "ssh-ed25519", "k").verdict,
              HostKeyCheck::Verdict::Known);
    EXPECT_EQ(checkHostKey(kh, "web1", 22, "ssh-ed25519", "k").verdict,
              HostKeyCheck::Verdict::Unknown);
    EXPECT_EQ(checkHostKey(kh, "web2", 2222, "ssh-ed25519", "k").verdict,
              HostKeyCheck::Verdict::Unknown);
}

TEST(KnownHostsHashed, KnownVector)
{
    // HMAC-SHA1(key = 20 zero bytes, "localhost"), computed with `openssl dgst -sha1 -hmac`.
    const std::string line
        = formatKnownHostsLine("localhost", 22, "ssh-ed25519", "k", true, std::string(20, '\0'));
    const std::string expected = run("printf localhost | openssl dgst -sha1 -binary -mac HMAC "
                                     "-macopt hexkey:0000000000000000000000000000000000000000 "
                                     "2>/dev/null | base64");
    if (expected.size() < 20)
        GTEST_SKIP() << "openssl not available";
    EXPECT_EQ(line,
              "|1|AAAAAAAAAAAAAAAAAAAAAAAAAAA=|" + expected.substr(0, expected.size() - 1)
                  + " ssh-ed25519 aw==");
}

TEST(KnownHostsHashed, MatchesSshKeygenHashedFile)
{
    if (!haveSshKeygen())
        GTEST_SKIP() << "ssh-keygen not installed";
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    ASSERT_EQ(std::system(("ssh-keygen -q -t ed25519 -N '' -f " + d + "/k >/dev/null").c_str()), 0);
    std::string pub = readFile(d + "/k.pub");
    std::istringstream ps(pub);
    std::string type, key;
    ps >> type >> key;
    std::string raw = QByteArray::fromBase64(QByteArray::fromStdString(key)).toStdString();
    {
        std::ofstream f(d + "/known_hosts");
        f << "node1 " << type << " " << key << "\n"
          << "[10.1.2.3]:2222 " << type << " " << key << "\n";
    }
    // ssh-keygen -H rewrites the file with |1|salt|hash entries.
    ASSERT_EQ(std::system(("ssh-keygen -H -f " + d + "/known_hosts >/dev/null 2>&1").c_str()), 0);
    KnownHosts kh = parseKnownHosts(readFile(d + "/known_hosts"), "kh");
    ASSERT_EQ(kh.entries.size(), 2u);
    EXPECT_TRUE(kh.entries[0].hashed);
    EXPECT_TRUE(kh.entries[1].hashed);
    EXPECT_EQ(checkHostKey(kh, "node1", 22, type, raw).verdict, HostKeyCheck::Verdict::Known);
    EXPECT_EQ(checkHostKey(kh, "10.1.2.3", 2222, type, raw).verdict, HostKeyCheck::Verdict::Known);
    EXPECT_EQ(checkHostKey(kh, "10.1.2.3", 22, type, raw).verdict, HostKeyCheck::Verdict::Unknown);
    EXPECT_EQ(checkHostKey(kh, "node1", 22, type, "x").verdict, HostKeyCheck::Verdict::Changed);
    // and ssh-keygen finds the lines we write (hashed and plain)
    ASSERT_TRUE(
        appendKnownHostsLine(d + "/ours", formatKnownHostsLine("node9", 2200, type, raw, true))
            .ok());
    ASSERT_TRUE(
        appendKnownHostsLine(d + "/ours", formatKnownHostsLine("node8", 22, type, raw)).ok());
    EXPECT_NE(run("ssh-keygen -F '[node9]:2200' -f " + d + "/ours").find("found: line 1"),
              std::string::npos);
    EXPECT_NE(run("ssh-keygen -F node8 -f " + d + "/ours").find("found: line 2"),
              std::string::npos);
}

TEST(Fingerprint, MatchesSshKeygen)
{
    if (!haveSshKeygen())
        GTEST_SKIP() << "ssh-keygen not installed";
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    for (const char *t : {"ed25519", "ecdsa", "rsa"}) {
        const std::string f = d + "/" + t;
        ASSERT_EQ(
            std::system(
                ("ssh-keygen -q -t " + std::string(t) + " -N '' -f " + f + " >/dev/null").c_str()),
            0);
        std::istringstream ps(readFile(f + ".pub"));
        std::string type, key;
        ps >> type >> key;
        const std::string fp = sha256Fingerprint(
            QByteArray::fromBase64(QByteArray::fromStdString(key)).toStdString());
        EXPECT_EQ(fp.rfind("SHA256:", 0), 0u);
        EXPECT_EQ(fp.find('='), std::string::npos) << "OpenSSH prints no base64 padding";
        EXPECT_NE(run("ssh-keygen -l -E sha256 -f " + f + ".pub").find(fp), std::string::npos) << t;
    }
}

TEST(Fingerprint, KnownValue)
{
    // sha256("") = e3b0c442...; base64 without '='
    EXPECT_EQ(sha256Fingerprint(""), "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");
}

TEST(KnownHostsFile, AppendCreatesAndKeepsLines)
{
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString() + "/sub/known_hosts";
    ASSERT_TRUE(appendKnownHostsLine(path, "a ssh-ed25519 " + b64("1")).ok());
    {
        std::ofstream f(path, std::ios::app);
        f << "b ssh-ed25519 " << b64("2"); // no trailing newline
    }
    ASSERT_TRUE(appendKnownHostsLine(path, "c ssh-ed25519 " + b64("3")).ok());
    auto kh = loadKnownHosts(path);
    ASSERT_TRUE(kh.ok());
    ASSERT_EQ(kh->entries.size(), 3u);
    EXPECT_EQ(kh->entries[2].patterns[0], "c");
    auto missing = loadKnownHosts(dir.path().toStdString() + "/none");
    ASSERT_TRUE(missing.ok());
    EXPECT_TRUE(missing->entries.empty());
}
