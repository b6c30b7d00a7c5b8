# SPDX-License-Identifier: GPL-3.0-or-later
list(APPEND STUDIO_CORE_SOURCES
  proxy/chain_names.h proxy/chain_names.cpp
  proxy/service_ports.h proxy/service_ports.cpp
  proxy/iptables_rule.h proxy/iptables_rule.cpp
  proxy/iptables_plan.h proxy/iptables_planner.cpp
  proxy/nftables_plan.h proxy/nftables_planner.cpp
  proxy/ipvs_plan.h proxy/ipvs_planner.cpp
  proxy/userspace_plan.h proxy/userspace_planner.cpp)
