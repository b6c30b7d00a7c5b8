// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "manifest/manifest.h"
#include "util/result.h"

#include <string>
#include <vector>

namespace studio::app {

// Takes "--name value" or "--name=value" at args[i]; advances i past a separate value.
bool takeOption(const std::vector<std::string> &args, size_t &i, const char *name,
                std::string &value);
// "30000-32767" -> 30000, 32767.
bool parsePortRange(const std::string &text, int &lo, int &hi);

struct LoadedManifests
{
    std::vector<ManifestFile> files;
    std::vector<Error> unreadable; // with file, line, column
};
// Loads every file ("-" is standard input); a directory loads its *.yaml, *.yml and *.json.
LoadedManifests loadManifests(const std::vector<std::string> &paths);

} // namespace studio::app
