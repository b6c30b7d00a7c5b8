// SPDX-License-Identifier: GPL-3.0-or-later
#include "cluster/resource_kind.h"

namespace studio {

const char *resourceKindName(ResourceKind k)
{
    switch (k) {
    case ResourceKind::Service: return "Service";
    case ResourceKind::Endpoints: return "Endpoints";
    case ResourceKind::Pod: return "Pod";
    case ResourceKind::Node: return "Node";
    case ResourceKind::Namespace: return "Namespace";
    }
    return "";
}

const char *resourcePluralName(ResourceKind k)
{
    switch (k) {
    case ResourceKind::Service: return "services";
    case ResourceKind::Endpoints: return "endpoints";
    case ResourceKind::Pod: return "pods";
    case ResourceKind::Node: return "nodes";
    case ResourceKind::Namespace: return "namespaces";
    }
    return "";
}

bool resourceIsNamespaced(ResourceKind k)
{
    return k != ResourceKind::Node && k != ResourceKind::Namespace;
}

std::optional<ResourceKind> resourceKindOf(const KubeObject &o)
{
    switch (o.index()) {
    case 1: return ResourceKind::Service;
    case 2: return ResourceKind::Endpoints;
    case 3: return ResourceKind::Pod;
    case 4: return ResourceKind::Node;
    case 5: return ResourceKind::Namespace;
    default: return std::nullopt;
    }
}

const ObjectMeta *objectMeta(const KubeObject &o)
{
    return std::visit(
        [](const auto &v) -> const ObjectMeta * {
            if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::monostate>)
                return nullptr;
            else
                return &v.metadata;
        },
        o);
}

ObjectMeta *objectMeta(KubeObject &o)
{
    return const_cast<ObjectMeta *>(objectMeta(std::as_const(o)));
}

} // namespace studio
