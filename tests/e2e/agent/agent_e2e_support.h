// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The world of the agent e2e tests (see agent_e2e_main.cpp): one namespace testbed and one real
// cluster for the whole binary, a relay per node namespace to the cluster's apiserver, and a
// kubeconfig per node (the agent's least-privilege identity, server rewritten to the relay).

#include "e2e_support.h" // tests/e2e/apiserver: cluster(), adminBackend(), await(), waitFor()
#include "netns_testbed.h"

#include <functional>
#include <map>
#include <string>

namespace studio::test {

struct AgentE2eWorld
{
    netns::Testbed testbed;
    std::string testbedError; // set when the testbed could not be built
    std::string clusterError; // set when the cluster (or relays, Node objects) failed
    std::string logDir;       // children's logs, kubeconfigs; kept when a test failed
    std::map<std::string, std::string> kubeconfigs; // node name -> kubeconfig via its relay
    std::string agentBinary;                        // "" when service-agent was not built

    bool clusterReady() const { return clusterError.empty() && testbedError.empty(); }
};

AgentE2eWorld &world();
// Runs before the testbed and the cluster go down (agents are stopped there).
void addWorldTeardownHook(std::function<void()> hook);

// Port the relay listens on inside every node namespace (its own 127.0.0.1).
inline constexpr int kRelayPort = 6443;

} // namespace studio::test
