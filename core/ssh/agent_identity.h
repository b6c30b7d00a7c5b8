// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The agent's least-privilege identity in the cluster: a ServiceAccount that may only get,
// list and watch services, endpoints, endpointslices and nodes (a ClusterRole bound by a
// ClusterRoleBinding), and a service-account token Secret whose token goes into the agent's
// kubeconfig (see renderAgentKubeconfig in agent_deployer.h).
//
// agentIdentityManifests is pure (any thread). ensureAgentIdentity uses an ApiClient and
// follows its threading rules: call it on the client's thread; `done` runs there, from the
// event loop, exactly once. The client must outlive the operation.
// Errors: the ApiError of the failing request (as ApiError::toString() in Error::message,
// code "apiserver-<reason>"), or "agent-token-timeout" when the token controller did not fill
// the Secret in time. Messages never contain the token.

#include "manifest/node.h"
#include "util/result.h"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace studio {

class ApiClient;

struct AgentIdentityOptions
{
    std::string namespace_ = "kube-system";
    std::string name = "service-studio-agent"; // ServiceAccount, ClusterRole, binding
};

// ServiceAccount, ClusterRole, ClusterRoleBinding, Secret (type
// kubernetes.io/service-account-token), in the order they must be created.
std::vector<Node> agentIdentityManifests(const AgentIdentityOptions &options = {});
// The same as a multi-document YAML file (for `kubectl apply -f` by hand).
std::string agentIdentityYaml(const AgentIdentityOptions &options = {});

struct AgentCredentials
{
    std::string token;
    std::string caPem; // the cluster CA from the Secret's ca.crt
    std::string secretName;
};

// Creates the objects (or brings existing ones back to these rules) and waits for the token.
void ensureAgentIdentity(ApiClient &client,
                         const AgentIdentityOptions &options,
                         std::function<void(Result<AgentCredentials>)> done,
                         std::chrono::milliseconds tokenWait = std::chrono::seconds(30));

// Removes the four objects (missing ones are fine).
void removeAgentIdentity(ApiClient &client,
                         const AgentIdentityOptions &options,
                         std::function<void(Result<void>)> done);

} // namespace studio
