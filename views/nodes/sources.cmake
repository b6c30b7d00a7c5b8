# SPDX-License-Identifier: GPL-3.0-or-later
# The nodes panel (issue 9): nodes, their agents, deploy / upgrade / restart / logs / uninstall
# over SSH. Paths relative to views/.
list(APPEND STUDIO_VIEWS_SOURCES
  nodes/node_table_model.h nodes/node_table_model.cpp
  nodes/node_prompts.h nodes/node_prompts.cpp
  nodes/nodes_panel.h nodes/nodes_panel.cpp)
