# SPDX-License-Identifier: GPL-3.0-or-later
list(APPEND STUDIO_CORE_SOURCES
  ssh/known_hosts.h ssh/known_hosts.cpp
  ssh/ssh_session.h ssh/ssh_session.cpp
  ssh/agent_deployer.h ssh/agent_deployer.cpp
  ssh/agent_identity.h ssh/agent_identity.cpp)
