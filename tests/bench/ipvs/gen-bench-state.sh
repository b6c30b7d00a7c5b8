#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The IPVS benchmark's cluster state: the VM's node and N ClusterIP services (10.100.0.0/16),
# each with two explicit endpoints among the VM's pods; with "change" as the second argument
# the same state with one endpoint of svc-5000 replaced (the one-endpoint-change sync).
#   gen-bench-state.sh N [change] > state.yaml
n=${1:-10000}
awk -v n="$n" -v change="${2:-}" 'BEGIN {
  print "apiVersion: v1\nkind: Node\nmetadata:\n  name: vm\nstatus:\n  addresses:\n  - type: InternalIP\n    address: 192.168.50.10"
  for (i = 0; i < n; i++) {
    ip = sprintf("10.100.%d.%d", int(i / 250), i % 250 + 1)
    a = 2 + i % 3; b = 2 + (i + 1) % 3
    if (change != "" && i == 5000) b = 2 + (i + 2) % 3
    printf "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-%d\n  namespace: default\nspec:\n  clusterIP: %s\n  ports:\n  - name: p\n    protocol: TCP\n    port: 80\n    targetPort: 8080\n", i, ip
    printf "---\napiVersion: v1\nkind: Endpoints\nmetadata:\n  name: svc-%d\n  namespace: default\nsubsets:\n- addresses:\n  - ip: 10.244.1.%d\n    nodeName: vm\n  - ip: 10.244.1.%d\n    nodeName: vm\n  ports:\n  - name: p\n    protocol: TCP\n    port: 8080\n", i, a, b
  }
}'
