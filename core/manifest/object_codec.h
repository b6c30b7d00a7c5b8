// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "manifest/node.h"
#include "model/field_error.h"
#include "model/types.h"

namespace studio {

// Decoding reports what Kubernetes' JSON decoder would refuse as FieldValueTypeInvalid
// errors with the field path (a string where a port number goes), and fields the API does
// not have as "unknown-field" warnings (kubectl's client-side validation reports those;
// the v1.20 apiserver drops them silently). Pure functions, any thread.
struct DecodeReport
{
    FieldErrors errors;
    FieldErrors warnings;
    bool ok() const { return errors.empty(); }
};

Service decodeService(const Node &object, DecodeReport &report);
Endpoints decodeEndpoints(const Node &object, DecodeReport &report);
Pod decodePod(const Node &object, DecodeReport &report);
KubeNode decodeKubeNode(const Node &object, DecodeReport &report);
Namespace decodeNamespace(const Node &object, DecodeReport &report);

// Encoding gives the API's field order; fields the model holds but that are unset become
// tombstones, so that mergeOwned(original, encoded) removes them from a file while keeping
// whatever the model does not know. Call stripTombstones() for a fresh object.
Node encodeService(const Service &s);
Node encodeEndpoints(const Endpoints &e);
Node encodePod(const Pod &p);
Node encodeKubeNode(const KubeNode &n);
Node encodeNamespace(const Namespace &n);

// Where a field path ("spec.ports[1].name", "metadata.labels") is in the tree: the node of
// the field, or of its nearest existing parent (a missing required field points at the
// object that lacks it).
Mark locateField(const Node &object, const std::string &fieldPath);
// Fills line/column of each error that has none from its field path.
void locateFields(FieldErrors &errors, const Node &object);

} // namespace studio
