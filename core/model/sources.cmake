# SPDX-License-Identifier: GPL-3.0-or-later
list(APPEND STUDIO_CORE_SOURCES
  model/types.h
  model/field_error.h model/field_error.cpp)
