# SPDX-License-Identifier: GPL-3.0-or-later
# Training mode: lessons (core/training) in a dock, with presenter mode. Paths relative to views/.
list(APPEND STUDIO_VIEWS_SOURCES
  training/training_panel.h training/training_panel.cpp
  training/training_docks.h training/training_docks.cpp)
