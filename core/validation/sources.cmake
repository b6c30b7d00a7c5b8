# SPDX-License-Identifier: GPL-3.0-or-later
list(APPEND STUDIO_CORE_SOURCES
  validation/name_rules.h validation/name_rules.cpp
  validation/validation.h validation/validation.cpp
  validation/review.cpp
  validation/cloud_annotations.h validation/cloud_annotations.cpp)
