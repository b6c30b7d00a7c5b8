# SPDX-License-Identifier: GPL-3.0-or-later
list(APPEND STUDIO_CORE_SOURCES
  trace/iptables_ruleset.h trace/iptables_ruleset.cpp
  trace/iptables_tracer.h trace/iptables_tracer.cpp
  trace/path_tracer.h trace/path_tracer.cpp)
