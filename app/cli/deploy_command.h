// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <vector>

namespace studio::app {

// `service-studio deploy-agent [--kubeconfig K] [--context C] [--server URL] [--prefix DIR]
//  [--parallel N] [--bundle DIR] [--known-hosts FILE] [--ssh-config FILE] [--identity FILE]...
//  [--accept-new-host-keys] [--proxy-mode M] [--healthz-port P]
//  [--service-mode auto|systemd|supervised] [--status|--restart|--logs N|--uninstall]
//  user@host[:port]...`
// Installs or upgrades (default), inspects, restarts or removes service-agent on every host,
// N at a time, with the same code path and host-key rules as the app (core/ssh). Progress
// goes to stdout, one line per host and step. Prompts (unknown host key, passphrase,
// password, sudo password) read the terminal; without one they are refused.
// Exit code: 0 every host succeeded, 1 a host failed, 2 bad usage / no bundle / no cluster.
int runDeployAgent(const std::vector<std::string> &args);

} // namespace studio::app
