# SPDX-License-Identifier: GPL-3.0-or-later
list(APPEND STUDIO_CORE_SOURCES
  manifest/node.h manifest/node.cpp
  manifest/yaml_reader.h manifest/yaml_reader.cpp
  manifest/yaml_events.h manifest/fast_yaml_parser.cpp
  manifest/writer.h manifest/writer.cpp
  manifest/object_codec.h manifest/object_codec.cpp
  manifest/manifest.h manifest/manifest.cpp)
