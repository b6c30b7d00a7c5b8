#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# stop-cluster.sh DIR - stop the processes that start-cluster.sh DIR started.
#
# Only the PIDs recorded in DIR/pids are signalled, and only while they are
# still the same process (same /proc start time and a command line that
# names DIR), so a recycled PID is never hit.  Order: controller-manager,
# apiserver, etcd.  Each gets SIGTERM, up to STUDIO_STOP_GRACE seconds
# (default 10), then SIGKILL.  Safe to call twice, on a half-started cluster
# or on a DIR without pids (then it does nothing).  Data in DIR is kept.
set -uo pipefail

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
[ -d "$1" ] || exit 0
DIR="$(cd "$1" && pwd)"
PIDS="$DIR/pids"
GRACE="${STUDIO_STOP_GRACE:-10}"
[ -s "$PIDS" ] || exit 0

# same_process PID STARTTIME -> 0 if PID is still the process we recorded
same_process() {
  local pid="$1" st="$2" now
  [ -r "/proc/$pid/stat" ] || return 1
  now="$(awk '{print $22}' "/proc/$pid/stat" 2>/dev/null)" || return 1
  if [ -n "$st" ] && [ "$st" != 0 ] && [ "$now" != "$st" ]; then return 1; fi
  { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "$DIR/" || return 1
  # a zombie is already dead
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]
}

declare -a names=() pids=() starts=()
while read -r name pid st; do
  [ -n "${pid:-}" ] || continue
  case "$pid" in *[!0-9]*) continue ;; esac
  names+=("$name"); pids+=("$pid"); starts+=("${st:-0}")
done <"$PIDS"

status=0
# stop in reverse start order
for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
  name="${names[$i]}" pid="${pids[$i]}" st="${starts[$i]}"
  if ! same_process "$pid" "$st"; then
    continue
  fi
  kill -TERM "$pid" 2>/dev/null || continue
  deadline=$(( $(date +%s) + GRACE ))
  while same_process "$pid" "$st" && [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 0.1
  done
  if same_process "$pid" "$st"; then
    echo "stop-cluster: $name (pid $pid) ignored SIGTERM for ${GRACE}s, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 50); do same_process "$pid" "$st" || break; sleep 0.1; done
    if same_process "$pid" "$st"; then
      echo "stop-cluster: $name (pid $pid) still alive after SIGKILL" >&2
      status=1
      continue
    fi
  fi
  echo "stop-cluster: stopped $name (pid $pid)" >&2
done
[ "$status" = 0 ] && : >"$PIDS"
exit "$status"
