#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run_in_netns.sh [--nodes N] COMMAND...
# Runs COMMAND (the SSH e2e test binary or the deploy benchmark) inside a fresh "client"
# network namespace joined to N fresh node namespaces by veth pairs created directly inside
# them (10.199.I.1 client <-> 10.199.I.2 node I; no other route), so that the host's own
# network namespace is never touched. Cleans up on every exit: processes whose command line
# names our work dir (sshd, supervised agents), by PID, then every namespace whose name
# starts with our unique prefix.
set -u
nodes=3
if [ "${1:-}" = "--nodes" ]; then nodes=$2; shift 2; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "run_in_netns.sh: needs root (network namespaces)" >&2
  exit 1
fi
prefix="sse2e$$-"
work=$(mktemp -d /tmp/ssh-e2e.XXXXXX) || exit 1
client="${prefix}c"

cleanup() {
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    [ "$pid" = "$$" ] && continue
    if { tr '\0' ' ' < "$p/cmdline"; } 2>/dev/null | grep -qF "$work/"; then kill -9 "$pid" 2>/dev/null; fi
  done
  for f in "$work"/sshd-*.pid; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null; done
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$prefix"); do ip netns del "$ns"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$client" || exit 1
ip -n "$client" link set lo up
i=1
while [ "$i" -le "$nodes" ]; do
  ns="${prefix}n$i"
  ip netns add "$ns" || exit 1
  ip link add "sse${i}c" netns "$client" type veth peer name "sse${i}n" netns "$ns" || exit 1
  ip -n "$client" addr add "10.199.$i.1/24" dev "sse${i}c"
  ip -n "$client" link set "sse${i}c" up
  ip -n "$ns" addr add "10.199.$i.2/24" dev "sse${i}n"
  ip -n "$ns" link set "sse${i}n" up
  ip -n "$ns" link set lo up
  i=$((i + 1))
done
mkdir -p "$work/home"
SSH_E2E_WORKDIR=$work SSH_E2E_NS_PREFIX=$prefix SSH_E2E_NODES=$nodes HOME=$work/home \
  ip netns exec "$client" "$@"
