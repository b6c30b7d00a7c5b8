#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 11's "one endpoint change, from apiserver event to rules in the kernel", measured with
# the real test cluster (tests/cluster): SERVICES selectorless Services with PORTS ports each
# (10,000 service ports by default: 2,000 x 5, since every Service create rewrites a 128 KiB
# allocation record in etcd) and 5 endpoints per port, service-agent in nftables mode in its
# own network namespace reaching the apiserver through netns_relay. Then three times: one
# Endpoints object PATCHed (one address replaced), and the time from the PATCH to
# "sync done: partial" in the agent's log, next to the agent's own change-to-kernel figure
# (watch event seen -> rules in the kernel). Not a test: nothing asserted.
# Usage: nftables_apiserver_change.sh AGENT NETNS_RELAY [SERVICES] [PORTS] [MODE]
set -euo pipefail
agent="$1"; relay="$2"; services="${3:-2000}"; ports="${4:-5}"; mode="${5:-nftables}"
root="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$(mktemp -d)"; ns="ssab$$"; pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if ip netns list | grep -q "^$ns\b"; then
    ip netns exec "$ns" "$agent" --cleanup > /dev/null 2>&1 || true
    ip netns delete "$ns"
  fi
  "$root/tests/cluster/stop-cluster.sh" "$work/cluster" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
export STUDIO_KUBE_BIN="${STUDIO_KUBE_BIN:-$("$root/tests/cluster/build-kube.sh" | tail -n 1)}"
. "$("$root/tests/cluster/start-cluster.sh" "$work/cluster" | tail -n 1)"
api() { curl -sS --fail --cacert "$CA_FILE" -H "Authorization: Bearer $ADMIN_TOKEN" "$@"; }

# Objects: Node n1; services s0..s(N-1) with PORTS ports; their Endpoints.
python3 - "$work" "$services" "$ports" <<'PY'
import json, os, sys
work, n, ports = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(work + "/svc"); os.makedirs(work + "/ep")
for i in range(n):
    sp = [{"name": "p%d" % p, "port": 80 + p, "protocol": "TCP", "targetPort": 8080 + p} for p in range(ports)]
    json.dump({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s%d" % i},
               "spec": {"ports": sp}}, open("%s/svc/%d.json" % (work, i), "w"))
    addrs = [{"ip": "10.244.%d.%d" % (i % 250, e + 1 + (i // 250) * 5)} for e in range(5)]
    json.dump({"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "s%d" % i},
               "subsets": [{"addresses": addrs, "ports": [{"name": "p%d" % p, "port": 8080 + p, "protocol": "TCP"}
                                                          for p in range(ports)]}]},
              open("%s/ep/%d.json" % (work, i), "w"))
PY
api -X POST -H 'Content-Type: application/json' "$APISERVER_URL/api/v1/nodes" \
  -d '{"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},"status":{"addresses":[{"type":"InternalIP","address":"192.168.0.10"}]}}' > /dev/null
t0=$(date +%s)
export CA_FILE ADMIN_TOKEN APISERVER_URL
for kind in svc:services ep:endpoints; do
  ls "$work/${kind%%:*}" | xargs -P 4 -I{} sh -c \
    'curl -sS --fail -o /dev/null --cacert "$CA_FILE" -H "Authorization: Bearer $ADMIN_TOKEN" -H "Content-Type: application/json" -X POST "$APISERVER_URL/api/v1/namespaces/default/'"${kind#*:}"'" -d @"$0/{}"' "$work/${kind%%:*}"
done
printf "%s services x %s ports x 5 endpoints created in %d s\n" "$services" "$ports" $(( $(date +%s) - t0 ))

ip netns add "$ns"; ip netns exec "$ns" ip link set lo up
"$relay" --netns "$ns" --listen 127.0.0.1:6443 --connect "127.0.0.1:$APISERVER_PORT" > "$work/relay.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q ready "$work/relay.out" && break; sleep 0.1; done
sed "s#server: .*#server: https://127.0.0.1:6443#" "$CLUSTER_DIR/agent.kubeconfig" > "$work/agent.kubeconfig"
if [ "$mode" = nftables ]; then flags=(--proxy-mode nftables); else flags=(--iptables-backend "$mode"); fi
ip netns exec "$ns" "$agent" --kubeconfig "$work/agent.kubeconfig" --hostname-override n1 \
  --cluster-cidr 10.244.0.0/16 --iptables-min-sync-period 0s --iptables-sync-period 1h \
  --healthz-bind-address "" --metrics-bind-address "" "${flags[@]}" > "$work/agent.log" 2>&1 &
pids+=($!); apid=$!
for _ in $(seq 1 1200); do grep -q "sync done: full" "$work/agent.log" && break; sleep 0.5; done
grep -m1 "sync done: full" "$work/agent.log" | cut -c1-250
sleep 2 # let a second full sync (more objects listed than at the first) pass
before=$(grep -c "sync done: partial" "$work/agent.log" || true)
printf "%-8s %s\n" "change" "PATCH sent -> \"sync done\" logged (ms), agent's change-to-kernel"
for k in 1 2 3; do
  body=$(python3 -c "import json,sys; print(json.dumps({'subsets':[{'addresses':[{'ip':'10.244.0.%d' % (200+$k)}]+[{'ip':'10.244.0.%d' % e} for e in range(2,6)],'ports':[{'name':'p%d' % p,'port':8080+p,'protocol':'TCP'} for p in range($ports)]}]}))")
  t0=$(date +%s%N)
  api -X PATCH -H 'Content-Type: application/merge-patch+json' \
    "$APISERVER_URL/api/v1/namespaces/default/endpoints/s0" -d "$body" > /dev/null
  for _ in $(seq 1 3000); do [ "$(grep -c "sync done: partial" "$work/agent.log")" -ge $((before + k)) ] && break; sleep 0.005; done
  t1=$(date +%s%N)
  line=$(grep "sync done: partial" "$work/agent.log" | sed -n "$((before + k))p")
  printf "%-8s %6d ms   %s\n" "$k" $(( (t1 - t0) / 1000000 )) "$(echo "$line" | sed -n 's/.*\(plan .*\)/\1/p' | cut -c1-150)"
done
printf "peak RSS %s\n" "$(awk '/VmHWM/ {print $2/1024 " MB"}' /proc/$apid/status)"
