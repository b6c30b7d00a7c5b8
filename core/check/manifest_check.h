// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "manifest/manifest.h"
#include "validation/validation.h"

#include <string>
#include <vector>

namespace studio {

// The verdict on one object of a manifest, errors and warnings located in its file.
struct ObjectVerdict
{
    const ManifestObject *object = nullptr; // points into the checked ManifestFile
    FieldErrors errors;
    FieldErrors warnings;
    bool valid() const { return errors.empty(); }
};

// Decode errors, then defaulting + validation as the apiserver would do them on create, then
// the reviewer's warnings (using `pods`, e.g. every Pod of the loaded files). One pipeline for
// the CLI, the editor and the tests. Pure; any thread.
std::vector<ObjectVerdict> checkManifest(const ManifestFile &file,
                                         const ValidationSettings &settings,
                                         const std::vector<Pod> &pods);

// Every Pod object in the files.
std::vector<Pod> podsOf(const std::vector<ManifestFile> &files);

// "Service" -> "service" (kubectl's resource/name form uses the lower-case kind).
std::string lowerCaseKind(const std::string &kind);

} // namespace studio
