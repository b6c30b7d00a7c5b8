#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The test command: installs what is missing (Debian packages; the v1.20 kube-apiserver and
# kube-controller-manager, built once from Debian's source package and cached outside the
# checkout), builds everything, and runs every test with CTest.
#   scripts/test.sh [ctest arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${STUDIO_BUILD_DIR:-$root/build}

"$root/scripts/install-deps.sh"

# The real cluster the e2e tests start (cached: a no-op once built).
if [ -x "$root/tests/cluster/build-kube.sh" ]; then
  echo "test: preparing kube-apiserver / kube-controller-manager (cached after the first run)"
  kube_bin=$("$root/tests/cluster/build-kube.sh" | tail -n 1)
  export STUDIO_KUBE_BIN="$kube_bin"
fi

echo "test: building in $build"
mkdir -p "$build"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSTUDIO_BUILD_GUI=ON -DSTUDIO_BUILD_TESTS=ON -DSTUDIO_BUILD_BENCH=ON > "$build/configure.log" 2>&1 \
  || { cat "$build/configure.log"; exit 1; }
cmake --build "$build" -j2

export QT_QPA_PLATFORM=offscreen
cd "$build"
ctest --output-on-failure -j2 --timeout 900 "$@"
