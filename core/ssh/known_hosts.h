// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// OpenSSH known_hosts files, parsed and matched by us (not by libssh) so that the rules are
// visible and testable: plain and hashed (|1|salt|hash) host fields, "[host]:port" for
// non-standard ports, wildcard patterns with negation, @revoked and @cert-authority markers.
//
// Pure value types and functions: any thread. Errors are studio::Error values with codes
// "known-hosts-unreadable", "known-hosts-unwritable".

#include "util/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace studio {

struct KnownHostEntry
{
    enum class Marker { None, CertAuthority, Revoked };

    int line = 0; // 1-based line in the file
    Marker marker = Marker::None;
    // Either hashed (salt + HMAC-SHA1 of the host pattern) or a list of patterns.
    bool hashed = false;
    std::string salt;                  // raw bytes
    std::string hash;                  // raw bytes (20)
    std::vector<std::string> patterns; // "host", "*.example.org", "!bad.example.org", "[h]:2222"
    std::string keyType;               // "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa"
    std::string keyBlob;               // raw (base64-decoded) public key blob
};

struct KnownHosts
{
    std::string file;
    std::vector<KnownHostEntry> entries;
    std::vector<int> malformedLines; // skipped, as OpenSSH skips them
};

// Parses the text of a known_hosts file; never fails (bad lines are skipped and listed).
KnownHosts parseKnownHosts(std::string_view text, const std::string &file = {});
// A missing file is an empty KnownHosts (first connection ever); an unreadable one an error.
Result<KnownHosts> loadKnownHosts(const std::string &path);

// The host field OpenSSH writes and looks up: "host" for port 22, "[host]:port" otherwise.
std::string knownHostsName(const std::string &host, int port);
// Glob match of one pattern ('*', '?'), case-insensitive as OpenSSH matches host names.
bool matchHostGlob(std::string_view pattern, std::string_view name);
// Whether an entry names `hostName` (as produced by knownHostsName): hashed entries are
// compared by HMAC-SHA1, pattern lists honour negation ("!pattern" excludes).
bool entryMatchesHost(const KnownHostEntry &entry, const std::string &hostName);

struct HostKeyCheck
{
    enum class Verdict {
        Known,     // a matching entry with this key
        Unknown,   // no entry for this host at all
        Changed,   // entries for this host with this key type, none with this key
        OtherType, // the host is known only with keys of other types (treated like Changed)
        Revoked,   // the key is listed under @revoked
    };
    Verdict verdict = Verdict::Unknown;
    int line = 0;                        // the matching (Known/Revoked) or conflicting entry
    std::vector<std::string> knownTypes; // key types recorded for this host
};

// Looks `keyType`/`keyBlob` (raw blob) of `host`:`port` up. @cert-authority lines are not
// host keys and are ignored (we do not accept host certificates).
HostKeyCheck checkHostKey(const KnownHosts &known,
                          const std::string &host,
                          int port,
                          const std::string &keyType,
                          const std::string &keyBlob);

// "SHA256:" + unpadded base64 of SHA-256 of the raw key blob, as `ssh-keygen -lf` prints it.
std::string sha256Fingerprint(const std::string &keyBlob);

// One line in OpenSSH format (no newline): "host keytype base64" or, when hashed,
// "|1|salt|hash keytype base64" (the salt is random unless given, for tests).
std::string formatKnownHostsLine(const std::string &host,
                                 int port,
                                 const std::string &keyType,
                                 const std::string &keyBlob,
                                 bool hashed = false,
                                 const std::string &salt = {});
// Appends one line (adding a newline before it when the file does not end with one),
// creating the file (0600) and its directory (0700) when missing.
Result<void> appendKnownHostsLine(const std::string &path, const std::string &line);

} // namespace studio
