// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Test nodes for the SSH end-to-end tests and the deploy benchmark: each node is a network
// namespace of its own running a real OpenSSH server (Debian's /usr/sbin/sshd) with generated
// host keys, an authorized_keys file and a root password, all in a temporary directory.
//
// The process must run inside the "client" namespace that run_in_netns.sh creates (it never
// touches the host's network namespace): each node namespace is joined to the client one by
// a veth pair, 10.199.N.1 (client) <-> 10.199.N.2 (node), with no other route. sshd runs
// in a private mount namespace where /run is a tmpfs (for its privilege separation directory)
// and /etc/shadow is a bind mount of a copy that gives root the password "e2e-pass", so the
// host's files are never changed. Names of namespaces start with SSH_E2E_NS_PREFIX and every
// sshd writes its pid under SSH_E2E_WORKDIR, so that run_in_netns.sh can clean up whatever
// a crashed test leaves behind.

#include <string>
#include <vector>

namespace studio::e2e {

struct TestNode
{
    int index = 0;
    std::string ns;         // network namespace name
    std::string addr;       // the node's address, reachable from the client namespace
    std::string dir;        // its temp dir: host keys, sshd_config, logs, install prefix
    std::string hostKeyPub; // path of the ed25519 host key's .pub
    int sshdPid = 0;
};

class TestNodes
{
public:
    // Work dir and namespace prefix from the environment (set by run_in_netns.sh).
    TestNodes();
    ~TestNodes();

    // Whether we run where the tests can work (root, inside the client namespace).
    static bool available(std::string *why);

    bool start(int count, std::string *error);
    void stopAll();
    // Replaces a node's host key (a "changed host key") and restarts its sshd.
    bool regenerateHostKey(int index, std::string *error);
    bool startSshd(TestNode &node, std::string *error);
    void stopSshd(TestNode &node);

    const std::vector<TestNode> &nodes() const { return m_nodes; }
    std::vector<TestNode> &nodes() { return m_nodes; }
    const std::string &workDir() const { return m_work; }
    std::string clientKey() const { return m_work + "/client/id_ed25519"; }
    std::string wrongKey() const { return m_work + "/client/wrong_ed25519"; }
    std::string encryptedKey() const
    {
        return m_work + "/client/enc_ed25519";
    } // passphrase "secret"
    static constexpr const char *password() { return "e2e-pass"; }
    // A login user that exists only for the nodes' sshd (same password), with a sudo stand-in.
    static constexpr const char *nonRootUser() { return "e2edeploy"; }

private:
    std::string m_work;
    std::string m_prefix;
    std::vector<TestNode> m_nodes;
    bool m_ownWork = false;
};

// Runs a shell command; returns its exit status and (optionally) its stdout.
int sh(const std::string &command, std::string *out = nullptr);
std::string readFile(const std::string &path);
bool writeFile(const std::string &path, const std::string &data, int mode = 0644);

// A bundle like the real build's: service-agent-<version>.tar.gz (bin/service-agent: a shell +
// perl stand-in that serves GET /healthz and understands --cleanup), VERSION, SHA256SUMS.
// broken: the agent exits at once (health check fails). Returns the bundle directory.
std::string makeDummyBundle(const std::string &parent,
                            const std::string &version,
                            bool broken,
                            size_t paddingBytes = 0);

} // namespace studio::e2e
