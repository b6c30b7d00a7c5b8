# SPDX-License-Identifier: GPL-3.0-or-later
list(APPEND STUDIO_CORE_SOURCES
  check/manifest_check.h check/manifest_check.cpp)
