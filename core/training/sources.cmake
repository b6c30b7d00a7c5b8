# SPDX-License-Identifier: GPL-3.0-or-later
list(APPEND STUDIO_CORE_SOURCES
  training/lesson.h training/lesson_loader.cpp
  training/lesson_check.h training/lesson_check.cpp)
# The source tree's lessons, the last place lessonSearchPath() looks (a build run from the
# checkout finds them without installing).
set_source_files_properties(training/lesson_loader.cpp PROPERTIES COMPILE_DEFINITIONS
  "STUDIO_SOURCE_LESSONS_DIR=\"${PROJECT_SOURCE_DIR}/resources/lessons\";STUDIO_SOURCE_SCENARIOS_DIR=\"${PROJECT_SOURCE_DIR}/resources/scenarios\"")
