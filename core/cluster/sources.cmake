# SPDX-License-Identifier: GPL-3.0-or-later
list(APPEND STUDIO_CORE_SOURCES
  cluster/label_selector.h cluster/label_selector.cpp)
