# SPDX-License-Identifier: GPL-3.0-or-later
list(APPEND STUDIO_CORE_SOURCES
  cluster/object_key.h
  cluster/resource_kind.h cluster/resource_kind.cpp
  cluster/cluster_backend.h cluster/cluster_backend.cpp
  cluster/label_selector.h cluster/label_selector.cpp
  cluster/ip_allocator.h cluster/ip_allocator.cpp
  cluster/endpoints_controller.h cluster/endpoints_controller.cpp
  cluster/cluster_snapshot.h cluster/cluster_snapshot.cpp
  cluster/sandbox_backend.h cluster/sandbox_backend.cpp)
