#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 11's comparison, in one run on one machine: service-agent in nftables mode next to
# iptables mode (legacy and nft backends) for N services x 5 endpoints, each agent in its own
# network namespace (created and removed here; the host's is never touched). Prints, from the
# agent's own log: the first full sync, one endpoint change from the state-file event to
# "sync done" (rules in the kernel), and the agent's peak RSS. Not a test: nothing asserted.
# Usage: nftables_vs_iptables.sh AGENT SERVICES [MODES]   (MODES default "nftables legacy nft")
set -euo pipefail
agent="$1"; services="${2:-1000}"; modes="${3:-nftables legacy nft}"
work="$(mktemp -d)"
cleanup() { for ns in $(ip netns list | awk '{print $1}' | grep "^ssnb$$-" || true); do ip netns delete "$ns"; done; rm -rf "$work"; }
trap cleanup EXIT

gen() { # $1 = file, $2 = changed endpoint octet
python3 - "$1" "$services" "$2" <<'PY'
import sys
path, n, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
out = []
for i in range(n):
    k = i + 256  # clear of the kubernetes service's 10.96.0.1 and the network address
    ip = "10.%d.%d.%d" % (96 + (k >> 16), (k >> 8) & 255, k & 255)
    out.append("apiVersion: v1\nkind: Service\nmetadata: {name: s%d, namespace: default}\nspec:\n  clusterIP: %s\n  ports: [{name: p, port: 80, protocol: TCP}]\n---" % (i, ip))
    addrs = ", ".join("{ip: 10.244.%d.%d}" % (i % 250, e + (last if i == 0 and e == 0 else 1)) for e in range(5))
    out.append("apiVersion: v1\nkind: Endpoints\nmetadata: {name: s%d, namespace: default}\nsubsets:\n- addresses: [%s]\n  ports: [{name: p, port: 8080, protocol: TCP}]\n---" % (i, addrs))
open(path, "w").write("\n".join(out) + "\n")
PY
}

printf "%s services x 5 endpoints; 3 endpoint changes one after the other\n" "$services"
printf "  file->kernel: the state file renamed -> \"sync done\" logged (includes re-reading the whole file)\n"
printf "  change->kernel: the agent's own figure, from the change seen to the rules in the kernel\n"
printf "%-10s %12s %28s %30s %10s\n" mode "full sync" "file->kernel (ms)" "change->kernel (ms)" "peak RSS"
for mode in $modes; do
  ns="ssnb$$-$mode"
  ip netns add "$ns"; ip netns exec "$ns" ip link set lo up
  gen "$work/state.yaml" 1
  if [ "$mode" = nftables ]; then flags=(--proxy-mode nftables); else flags=(--iptables-backend "$mode"); fi
  ip netns exec "$ns" "$agent" --state-file "$work/state.yaml" --hostname-override n1 --cluster-cidr 10.244.0.0/16 \
     --iptables-min-sync-period 0s --iptables-sync-period 1h --healthz-bind-address "" --metrics-bind-address "" \
     "${flags[@]}" > "$work/$mode.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 3600); do grep -q "sync done: full\|sync failed (full)" "$work/$mode.log" && break; sleep 0.5; done
  if ! grep -q "sync done: full" "$work/$mode.log"; then
    # e.g. iptables-nft-restore at 10,000 services: the agent gives a restore 600 s.
    printf "%-10s full sync failed: %s\n" "$mode" "$(grep -m1 "sync failed" "$work/$mode.log" | sed 's/.*sync failed (full): //' | cut -c1-120)"
    kill $pid; wait $pid 2>/dev/null || true
    ip netns exec "$ns" "$agent" --cleanup > /dev/null 2>&1 || true
    ip netns delete "$ns"
    continue
  fi
  full="$(grep -m1 "sync done: full" "$work/$mode.log" | sed 's/.*total \([0-9.]* [a-z]*\).*/\1/')"
  e2e=""
  for k in 1 2 3; do
    gen "$work/state.new" $((200 + k))
    t0=$(date +%s%N); mv "$work/state.new" "$work/state.yaml"
    for _ in $(seq 1 6000); do [ "$(grep -c "sync done: partial" "$work/$mode.log")" -ge $k ] && break; sleep 0.01; done
    t1=$(date +%s%N)
    e2e="$e2e $(( (t1 - t0) / 1000000 ))"
  done
  agentside="$(grep "sync done: partial" "$work/$mode.log" | sed -n 's/.*change to kernel \([0-9.]*\) ms.*/\1/p' | tr '\n' ' ')"
  rss="$(awk '/VmHWM/ {print $2/1024 " MB"}' /proc/$pid/status)"
  kill $pid; wait $pid 2>/dev/null || true
  printf "%-10s %12s %28s %30s %10s\n" "$mode" "$full" "$e2e" "$agentside" "$rss"
  grep "sync done" "$work/$mode.log" | sed "s/^/    /" | cut -c1-260
  ip netns exec "$ns" "$agent" --cleanup > /dev/null 2>&1 || true
  ip netns delete "$ns"
done
