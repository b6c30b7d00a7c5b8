// SPDX-License-Identifier: GPL-3.0-or-later
#include "cluster_source.h"

namespace studio::agent {

ClusterSource::~ClusterSource() = default;

} // namespace studio::agent
