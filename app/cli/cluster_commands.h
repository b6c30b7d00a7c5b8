// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

namespace studio::app {

// `service-studio endpoints FILE...`: the Endpoints the controller computes, as YAML.
int runEndpoints(const std::vector<std::string> &args);
// `service-studio env --namespace NS [--pod NAME] FILE...`: the service variables a pod sees.
int runEnv(const std::vector<std::string> &args);
// `service-studio dns [--cluster-domain D] FILE...`: the DNS records of the cluster.
int runDns(const std::vector<std::string> &args);
// `service-studio plan --node NAME [--mode iptables] FILE...`: what the agent would program.
int runPlan(const std::vector<std::string> &args);
// `service-studio trace --from SRC --to DST FILE...`: the path of a connection, hop by hop.
int runTrace(const std::vector<std::string> &args);

} // namespace studio::app
