#!/bin/busybox sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The IPVS benchmark inside the test VM (sourced by vm-init.sh when the kernel command line
# has IPVS_BENCH=1, after the pods are up; uses its start_agent/stop_agent). Prints
# "@@ BENCH ..." lines: the full sync of 10,000 services in IPVS mode (time, netlink
# messages), one endpoint change, and the connection latency of iptables, ipvs and userspace
# modes to the same service, one after the other. Figures under TCG are slow in absolute
# terms; compare them with each other.
AGENT_WAIT_TICKS=2400 # 0.5 s each: a 10,000-service first sync under TCG takes minutes
cp /opt/test/state-bench.yaml /tmp/state.yaml
AGENT_EXTRA="--iptables-sync-period 1h"
if start_agent rr; then
    echo "@@ BENCH ipvs-10000-full $(grep 'sync done' /tmp/agent.log | head -n 1 | sed 's/.*sync done: //')"
    cp /opt/test/state-bench-change.yaml /tmp/state.yaml.new && mv /tmp/state.yaml.new /tmp/state.yaml
    i=0
    while [ $i -lt 1200 ] && [ "$(grep -c 'sync done' /tmp/agent.log)" -lt 2 ]; do sleep 0.5; i=$((i + 1)); done
    echo "@@ BENCH ipvs-10000-one-endpoint $(grep 'sync done' /tmp/agent.log | sed -n 2p | sed 's/.*sync done: //')"
    echo "@@ BENCH ipvs-10000-virtual-servers $(ipvsadm -Ln | grep -c '^TCP')"
else
    echo "@@ BENCH ipvs-10000-full FAILED: $(tail -n 3 /tmp/agent.log | tr '\n' '|')"
fi
stop_agent
/opt/bin/service-agent --cleanup --iptables-backend legacy > /dev/null 2>&1
AGENT_WAIT_TICKS=120
AGENT_EXTRA=
# Latency: the same service (web, 10.96.0.10:80 -> pod-a, pod-b) in each mode. Without
# kube-ipvs0 the node needs a route to the VIP before OUTPUT DNAT.
$IP route add 10.96.0.0/12 dev node0
cp /opt/test/state-1.yaml /tmp/state.yaml
for mode in iptables ipvs userspace; do
    MODE=$mode
    if start_agent rr; then
        sleep 1
        echo "@@ BENCH latency-$mode $(/opt/bin/tcp_latency 10.96.0.10 80 300)"
    else
        echo "@@ BENCH latency-$mode FAILED: $(tail -n 3 /tmp/agent.log | tr '\n' '|')"
    fi
    stop_agent
    /opt/bin/service-agent --cleanup --iptables-backend legacy > /dev/null 2>&1
done
MODE=ipvs
