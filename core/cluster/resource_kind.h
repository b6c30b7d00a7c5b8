// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "manifest/manifest.h" // KubeObject

#include <optional>

namespace studio {

enum class ResourceKind { Service, Endpoints, Pod, Node, Namespace };

const char *resourceKindName(ResourceKind k);     // "Service"
const char *resourcePluralName(ResourceKind k);   // "services"
bool resourceIsNamespaced(ResourceKind k);        // false for Node, Namespace
std::optional<ResourceKind> resourceKindOf(const KubeObject &o);

// The metadata of any object of the variant (nullptr for monostate).
const ObjectMeta *objectMeta(const KubeObject &o);
ObjectMeta *objectMeta(KubeObject &o);

} // namespace studio
