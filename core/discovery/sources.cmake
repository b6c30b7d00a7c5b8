# SPDX-License-Identifier: GPL-3.0-or-later
list(APPEND STUDIO_CORE_SOURCES
  discovery/service_env.h discovery/service_env.cpp
  discovery/dns_records.h discovery/dns_records.cpp)
