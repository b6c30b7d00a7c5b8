// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssh/known_hosts.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

#include <algorithm>
#include <cctype>

namespace studio {

namespace {

std::vector<std::string_view> splitFields(std::string_view line)
{
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        if (i >= line.size())
            break;
        size_t j = i;
        while (j < line.size() && line[j] != ' ' && line[j] != '\t')
            ++j;
        out.push_back(line.substr(i, j - i));
        i = j;
    }
    return out;
}

bool decodeBase64(std::string_view text, std::string &out)
{
    auto r = QByteArray::fromBase64Encoding(QByteArray(text.data(), qsizetype(text.size())),
                                            QByteArray::AbortOnBase64DecodingErrors);
    if (!r)
        return false;
    out.assign(r.decoded.constData(), size_t(r.decoded.size()));
    return true;
}

std::string toBase64(const std::string &raw, bool pad = true)
{
    QByteArray b = QByteArray(raw.data(), qsizetype(raw.size()))
                       .toBase64(pad ? QByteArray::Base64Encoding
                                     : QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals);
    return b.toStdString();
}

std::string hmacSha1(const std::string &key, const std::string &message)
{
    QByteArray mac
        = QMessageAuthenticationCode::hash(QByteArray(message.data(), qsizetype(message.size())),
                                           QByteArray(key.data(), qsizetype(key.size())),
                                           QCryptographicHash::Sha1);
    return mac.toStdString();
}

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// "|1|base64salt|base64hash"
bool parseHashed(std::string_view field, KnownHostEntry &e)
{
    if (field.substr(0, 3) != "|1|")
        return false;
    std::string_view rest = field.substr(3);
    size_t bar = rest.find('|');
    if (bar == std::string_view::npos)
        return false;
    if (!decodeBase64(rest.substr(0, bar), e.salt) || !decodeBase64(rest.substr(bar + 1), e.hash))
        return false;
    if (e.salt.empty() || e.hash.size() != 20) // HMAC-SHA1
        return false;
    e.hashed = true;
    return true;
}

} // namespace

KnownHosts parseKnownHosts(std::string_view text, const std::string &file)
{
    KnownHosts out;
    out.file = file;
    int lineNo = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        std::string_view line
            = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        auto fields = splitFields(line);
        if (fields.empty() || fields[0].front() == '#')
            continue;
        KnownHostEntry e;
        e.line = lineNo;
        size_t f = 0;
        if (fields[0].front() == '@') {
            if (fields[0] == "@cert-authority")
                e.marker = KnownHostEntry::Marker::CertAuthority;
            else if (fields[0] == "@revoked")
                e.marker = KnownHostEntry::Marker::Revoked;
            else { // an unknown marker: OpenSSH skips the line, so do we
                out.malformedLines.push_back(lineNo);
                continue;
            }
            ++f;
        }
        // host, keytype, key [comment]
        if (fields.size() < f + 3) {
            out.malformedLines.push_back(lineNo);
            continue;
        }
        std::string_view hosts = fields[f];
        if (hosts.front() == '|') {
            if (!parseHashed(hosts, e)) {
                out.malformedLines.push_back(lineNo);
                continue;
            }
        } else {
            size_t i = 0;
            while (i <= hosts.size()) {
                size_t c = hosts.find(',', i);
                std::string_view p = hosts.substr(i, c == hosts.npos ? hosts.npos : c - i);
                if (!p.empty())
                    e.patterns.emplace_back(p);
                if (c == hosts.npos)
                    break;
                i = c + 1;
            }
            if (e.patterns.empty()) {
                out.malformedLines.push_back(lineNo);
                continue;
            }
        }
        e.keyType = std::string(fields[f + 1]);
        if (!decodeBase64(fields[f + 2], e.keyBlob) || e.keyBlob.empty()) {
            out.malformedLines.push_back(lineNo);
            continue;
        }
        out.entries.push_back(std::move(e));
    }
    return out;
}

Result<KnownHosts> loadKnownHosts(const std::string &path)
{
    QFile f(QString::fromStdString(path));
    if (!f.exists())
        return parseKnownHosts({}, path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError("known-hosts-unreadable",
                         "cannot read " + path + ": " + f.errorString().toStdString());
    QByteArray data = f.readAll();
    return parseKnownHosts(std::string_view(data.constData(), size_t(data.size())), path);
}

std::string knownHostsName(const std::string &host, int port)
{
    if (port == 0 || port == 22)
        return lower(host);
    return "[" + lower(host) + "]:" + std::to_string(port);
}

bool matchHostGlob(std::string_view pattern, std::string_view name)
{
    // Iterative glob with backtracking on the last '*'.
    size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
    auto eq = [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a))
               == std::tolower(static_cast<unsigned char>(b));
    };
    while (n < name.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || eq(pattern[p], name[n]))) {
            ++p;
            ++n;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = n;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            n = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

bool entryMatchesHost(const KnownHostEntry &entry, const std::string &hostName)
{
    if (entry.hashed)
        return hmacSha1(entry.salt, hostName) == entry.hash;
    bool matched = false;
    for (const std::string &pat : entry.patterns) {
        bool negated = !pat.empty() && pat.front() == '!';
        std::string_view p = negated ? std::string_view(pat).substr(1) : std::string_view(pat);
        if (matchHostGlob(p, hostName)) {
            if (negated)
                return false; // a negated match excludes the host whatever else matches
            matched = true;
        }
    }
    return matched;
}

HostKeyCheck checkHostKey(const KnownHosts &known,
                          const std::string &host,
                          int port,
                          const std::string &keyType,
                          const std::string &keyBlob)
{
    HostKeyCheck out;
    const std::string name = knownHostsName(host, port);
    int knownLine = 0, conflictLine = 0, otherLine = 0;
    for (const KnownHostEntry &e : known.entries) {
        if (e.marker == KnownHostEntry::Marker::CertAuthority)
            continue;
        if (e.marker == KnownHostEntry::Marker::Revoked) {
            // @revoked applies to the key wherever it shows up, whatever the host field says.
            if (e.keyBlob == keyBlob) {
                out.verdict = HostKeyCheck::Verdict::Revoked;
                out.line = e.line;
                return out;
            }
            continue;
        }
        if (!entryMatchesHost(e, name))
            continue;
        if (std::find(out.knownTypes.begin(), out.knownTypes.end(), e.keyType)
            == out.knownTypes.end())
            out.knownTypes.push_back(e.keyType);
        if (e.keyType == keyType) {
            if (e.keyBlob == keyBlob) {
                if (!knownLine)
                    knownLine = e.line;
            } else if (!conflictLine) {
                conflictLine = e.line;
            }
        } else if (!otherLine) {
            otherLine = e.line;
        }
    }
    if (knownLine) {
        out.verdict = HostKeyCheck::Verdict::Known;
        out.line = knownLine;
    } else if (conflictLine) {
        out.verdict = HostKeyCheck::Verdict::Changed;
        out.line = conflictLine;
    } else if (otherLine) {
        out.verdict = HostKeyCheck::Verdict::OtherType;
        out.line = otherLine;
    }
    return out;
}

std::string sha256Fingerprint(const std::string &keyBlob)
{
    QByteArray d = QCryptographicHash::hash(QByteArray(keyBlob.data(), qsizetype(keyBlob.size())),
                                            QCryptographicHash::Sha256);
    return "SHA256:" + toBase64(d.toStdString(), false);
}

std::string formatKnownHostsLine(const std::string &host,
                                 int port,
                                 const std::string &keyType,
                                 const std::string &keyBlob,
                                 bool hashed,
                                 const std::string &salt)
{
    std::string name = knownHostsName(host, port);
    std::string field = name;
    if (hashed) {
        std::string s = salt;
        if (s.empty()) {
            s.resize(20);
            for (char &c : s)
                c = char(QRandomGenerator::system()->bounded(256));
        }
        field = "|1|" + toBase64(s) + "|" + toBase64(hmacSha1(s, name));
    }
    return field + " " + keyType + " " + toBase64(keyBlob);
}

Result<void> appendKnownHostsLine(const std::string &path, const std::string &line)
{
    const QString qpath = QString::fromStdString(path);
    QFileInfo info(qpath);
    QDir dir = info.absoluteDir();
    if (!dir.exists()) {
        if (!dir.mkpath(QStringLiteral(".")))
            return makeError("known-hosts-unwritable", "cannot create " + dir.path().toStdString());
        QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    QFile f(qpath);
    bool existed = f.exists();
    bool needNewline = false;
    if (existed && f.open(QIODevice::ReadOnly)) {
        if (f.size() > 0) {
            f.seek(f.size() - 1);
            needNewline = f.read(1) != "\n";
        }
        f.close();
    }
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append))
        return makeError("known-hosts-unwritable",
                         "cannot write " + path + ": " + f.errorString().toStdString());
    if (!existed)
        f.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    QByteArray out;
    if (needNewline)
        out += '\n';
    out += QByteArray::fromStdString(line);
    out += '\n';
    if (f.write(out) != out.size() || !f.flush())
        return makeError("known-hosts-unwritable",
                         "cannot write " + path + ": " + f.errorString().toStdString());
    return {};
}

} // namespace studio
