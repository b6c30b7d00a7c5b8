#!/bin/busybox sh
# SPDX-License-Identifier: GPL-3.0-or-later
# /init of the IPVS test VM (run-ipvs-vm.sh builds the initramfs): loads IPVS and netfilter,
# builds pods in network namespaces with echo servers, runs service-agent --proxy-mode ipvs
# from a state file with each scheduler, prints `ipvsadm -Ln` between markers and the result
# of real connections through the virtual servers as "@@ CHECK name PASS|FAIL detail" lines;
# the host compares and decides. Last line "@@ DONE", then poweroff.
/bin/busybox mkdir -p /proc /sys /dev /tmp /run /var/run/netns /sbin /usr/bin /usr/sbin
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t tmpfs tmp /tmp
mount -t tmpfs run /run
mkdir -p /run/netns /var/run/netns
export PATH=/opt/bin:/usr/sbin:/usr/bin:/sbin:/bin
ln -sf /bin/busybox /sbin/modprobe
echo /sbin/modprobe > /proc/sys/kernel/modprobe

# Debian's busybox runs its own applets before PATH: iproute2 by its full path.
IP=/usr/sbin/ip
check() { echo "@@ CHECK $1 $2 ${3:-}"; }
finish() { echo "@@ DONE"; sync; poweroff -f; }

# crc32c_generic before libcrc32c (else "unknown symbol" and nf_conntrack/ip_vs fail).
for m in crc32c_generic libcrc32c nf_defrag_ipv4 nf_defrag_ipv6 nf_conntrack nf_nat ip_vs \
         ip_vs_rr ip_vs_lc ip_vs_dh ip_vs_sh ip_vs_sed ip_vs_nq dummy veth ip_tables \
         iptable_nat iptable_filter; do
    modprobe "$m" || echo "@@ MODULE $m failed"
done
[ -e /proc/net/ip_vs ] && check modules PASS || { check modules FAIL "no /proc/net/ip_vs"; finish; }

$IP link set lo up
# The node's address (NodePorts), on its own dummy interface.
$IP link add node0 type dummy && $IP addr add 192.168.50.10/24 dev node0 && $IP link set node0 up
# Pods: routed veths (no bridge), 10.244.1.N/32, default via 10.244.0.1.
n=2
for pod in a b c; do
    $IP netns add "pod-$pod"
    $IP link add "vh-$pod" type veth peer name eth0 netns "pod-$pod"
    $IP addr add 10.244.0.1/32 dev "vh-$pod"
    $IP link set "vh-$pod" up
    $IP route add "10.244.1.$n/32" dev "vh-$pod"
    $IP -n "pod-$pod" link set lo up
    $IP -n "pod-$pod" addr add "10.244.1.$n/32" dev eth0
    $IP -n "pod-$pod" link set eth0 up
    $IP -n "pod-$pod" route add 10.244.0.1/32 dev eth0
    $IP -n "pod-$pod" route add default via 10.244.0.1 dev eth0
    $IP netns exec "pod-$pod" /opt/bin/echo_server --name "pod-$pod" --tcp 8080 --udp 5353 \
        > "/tmp/echo-$pod.log" 2>&1 &
    n=$((n + 1))
done
sleep 1

cp /opt/test/state-1.yaml /tmp/state.yaml
[ -n "${IPVS_BENCH:-}" ] && BENCH_ONLY=1
AGENT_PID=
MODE=ipvs            # --proxy-mode (the benchmark also runs iptables and userspace)
AGENT_EXTRA=         # more flags (word-split)
AGENT_WAIT_TICKS=120 # 0.5 s each, for the first "sync done"
start_agent() { # scheduler
    : > /tmp/agent.log
    # shellcheck disable=SC2086
    /opt/bin/service-agent --state-file /tmp/state.yaml --hostname-override vm \
        --proxy-mode "$MODE" --ipvs-scheduler "$1" --iptables-backend legacy \
        --cluster-cidr 10.244.0.0/16 --iptables-sync-period 2s --iptables-min-sync-period 200ms \
        --healthz-bind-address "" --metrics-bind-address "" $AGENT_EXTRA > /tmp/agent.log 2>&1 &
    AGENT_PID=$!
    i=0
    while [ $i -lt "$AGENT_WAIT_TICKS" ] && ! grep -q "sync done" /tmp/agent.log; do
        sleep 0.5; i=$((i + 1))
    done
    grep -q "sync done" /tmp/agent.log
}
stop_agent() { [ -n "$AGENT_PID" ] && kill "$AGENT_PID" && wait "$AGENT_PID"; AGENT_PID=; }
dump() { # label
    echo "@@ BEGIN ipvsadm $1"
    ipvsadm -Ln
    echo "@@ END ipvsadm $1"
}
# N connections to ADDR PORT; prints the pod= and client= answers, one line each.
connect() {
    j=0
    while [ $j -lt "$3" ]; do
        echo hi | nc -w 3 "$1" "$2" | head -n 1
        j=$((j + 1))
    done
}
pods() { sed -n 's/.*pod=\([^ ]*\).*/\1/p'; }

if [ -n "${BENCH_ONLY:-}" ]; then
    . /opt/test/bench.sh
    finish
fi

for sched in rr lc dh sh sed nq; do
    if ! start_agent "$sched"; then
        check "agent-$sched" FAIL "no sync done"; cat /tmp/agent.log; stop_agent; continue
    fi
    check "agent-$sched" PASS "$(grep 'sync done' /tmp/agent.log | head -n 1 | sed 's/.*sync done: //')"
    dump "$sched"
    connect 10.96.0.10 80 4 > /tmp/web.txt
    got=$(pods < /tmp/web.txt | tr '\n' ' ')
    if [ "$(pods < /tmp/web.txt | grep -c .)" = 4 ] && ! pods < /tmp/web.txt | grep -qv 'pod-[ab]'; then
        check "cluster-ip-$sched" PASS "$got"
    else
        check "cluster-ip-$sched" FAIL "$got"
    fi
    if [ "$sched" = rr ]; then
        got=$(connect 10.244.1.2 8080 1 | pods)
        [ "$got" = pod-a ] && check pod-direct PASS || {
            check pod-direct FAIL "$got"; cat /tmp/echo-a.log; $IP addr; $IP route; }
        if ! pods < /tmp/web.txt | grep -q pod; then
            iptables-legacy-save; cat /tmp/agent.log; cat /proc/sys/net/ipv4/vs/conntrack
        fi
        # Round robin: both endpoints, alternating.
        p1=$(pods < /tmp/web.txt | sed -n 1p); p2=$(pods < /tmp/web.txt | sed -n 2p)
        p3=$(pods < /tmp/web.txt | sed -n 3p); p4=$(pods < /tmp/web.txt | sed -n 4p)
        if [ "$p1" != "$p2" ] && [ "$p1" = "$p3" ] && [ "$p2" = "$p4" ]; then
            check rr-order PASS "$got"
        else
            check rr-order FAIL "$got"
        fi
        # Masquerading (the iptables part): the node's own connection leaves with 10.244.0.1.
        clients=$(sed -n 's/.*client=\([^:]*\):.*/\1/p' /tmp/web.txt | sort -u | tr '\n' ' ')
        [ "$clients" = "10.244.0.1 " ] && check masquerade PASS "$clients" \
            || check masquerade FAIL "$clients"
        got=$(connect 192.168.50.10 30080 2 | pods | tr '\n' ' ')
        echo "$got" | grep -q 'pod-[ab] pod-[ab]' && check node-port PASS "$got" \
            || check node-port FAIL "$got"
        got=$(connect 192.168.60.5 80 2 | pods | tr '\n' ' ')
        echo "$got" | grep -q 'pod-[ab] pod-[ab]' && check external-ip PASS "$got" \
            || check external-ip FAIL "$got"
        got=$(connect 10.96.0.11 80 4 | pods | sort -u | tr '\n' ' ')
        [ "$(echo $got | wc -w)" = 1 ] && check affinity PASS "$got" || check affinity FAIL "$got"
        got=$(/opt/bin/udp_probe 10.96.0.12 53 | pods)
        [ "$got" = pod-c ] && check udp PASS "$got" || check udp FAIL "$got"
        addrs=$($IP -4 addr show kube-ipvs0 | sed -n 's/.*inet \([0-9.]*\).*/\1/p' | sort | tr '\n' ' ')
        echo "@@ ADDRS $addrs"
    fi
    stop_agent
done

# Endpoint and service changes with the agent running (rr): graceful removal.
start_agent rr || check agent-change FAIL "no sync done"
connect 10.96.0.10 80 4 > /dev/null # TIME_WAIT connections on both web endpoints
cp /opt/test/state-2.yaml /tmp/state.yaml.new && mv /tmp/state.yaml.new /tmp/state.yaml
i=0
while [ $i -lt 60 ] && [ "$(grep -c 'sync done' /tmp/agent.log)" -lt 2 ]; do sleep 0.5; i=$((i + 1)); done
dump change
# web's removed endpoint had connections: weight 0, still listed (draining).
ipvsadm -Ln -t 10.96.0.10:80 | grep -q '10.244.1.3:8080 *Masq *0 ' && check drain-weight-0 PASS \
    || check drain-weight-0 FAIL "$(ipvsadm -Ln -t 10.96.0.10:80 | tr '\n' '|')"
got=$(connect 10.96.0.10 80 3 | pods | sort -u | tr '\n' ' ')
[ "$got" = "pod-a " ] && check drain-no-new PASS "$got" || check drain-no-new FAIL "$got"
ipvsadm -Ln -t 10.96.0.14:80 > /dev/null 2>&1 && check service-deleted FAIL \
    || check service-deleted PASS
$IP -4 addr show kube-ipvs0 | grep -q 10.96.0.14 && check address-removed FAIL \
    || check address-removed PASS
# idle's removed endpoint never had a connection: deleted by a later (periodic) sync.
i=0
while [ $i -lt 40 ] && ipvsadm -Ln -t 10.96.0.13:80 | grep -q 10.244.1.4; do sleep 0.5; i=$((i + 1)); done
ipvsadm -Ln -t 10.96.0.13:80 | grep -q 10.244.1.4 && check drained-deleted FAIL \
    || check drained-deleted PASS
grep 'sync done' /tmp/agent.log | tail -n 1 | sed 's/^/@@ LASTSYNC /'
stop_agent
# --cleanup removes virtual servers, kube-ipvs0 and the chains.
/opt/bin/service-agent --cleanup --iptables-backend legacy > /tmp/cleanup.log 2>&1
if [ -z "$(ipvsadm -Ln | sed -n '4,$p')" ] && ! $IP link show kube-ipvs0 > /dev/null 2>&1; then
    check cleanup PASS
else
    check cleanup FAIL "$(tr '\n' '|' < /tmp/cleanup.log)"
fi
finish
