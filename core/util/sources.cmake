# SPDX-License-Identifier: GPL-3.0-or-later
list(APPEND STUDIO_CORE_SOURCES
  util/result.h util/result.cpp
  util/ip_address.h util/ip_address.cpp)
