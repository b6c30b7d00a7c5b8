#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The run command: installs what is missing, builds, and opens Service Studio. Without a
# display it validates the sample manifest instead (every capability is also a subcommand).
#   scripts/run.sh [--lang ja|en] [FILE...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${STUDIO_BUILD_DIR:-$root/build}
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build "$build" -j2 --target service-studio service-agent 2>/dev/null \
  || cmake --build "$build" -j2 --target service-studio
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run: no display; validating the sample manifest instead:"
  exec "$build/app/service-studio" validate "$root/resources/samples/my-service.yaml"
fi
exec "$build/app/service-studio" "$@"
