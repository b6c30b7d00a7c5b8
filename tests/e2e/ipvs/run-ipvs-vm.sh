#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The real-kernel IPVS test: the host kernel has no IPVS, so this boots Debian bookworm's
# kernel under qemu (TCG: KVM does not work on these machines) with a small initramfs
# (busybox, the IPVS/netfilter modules, service-agent and its libraries, ipvsadm, ip,
# iptables-legacy, echo_server) whose /init (vm-init.sh) runs the agent in IPVS mode and
# prints what it saw; this script compares `ipvsadm -Ln` with the plan (ipvs_expected) and
# requires every check line to pass.
#
#   run-ipvs-vm.sh AGENT ECHO_SERVER IPVS_EXPECTED UDP_PROBE [--bench TCP_LATENCY]
#
# --bench: instead of the checks, tests/bench/ipvs/bench-vm.sh (10,000 services, one endpoint
# change, connection latency per mode); prints its "@@ BENCH" lines.
#
# The kernel .deb is fetched with `apt-get download` (the linux-image-6.1.0-*-amd64 that
# linux-image-amd64 depends on) and cached in ${STUDIO_CACHE:-/var/cache/service-studio}/
# ipvs-kernel/ (old versions leave the archive; the newest cached .deb is used when the
# download fails). Exit 77 (ctest SKIP) only when qemu-system-x86_64 or busybox is missing.
# STUDIO_IPVS_KEEP=1 keeps the work directory (serial log, initramfs).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
agent=$1 echo_server=$2 expected_tool=$3 udp_probe=$4
bench=
[ "${5:-}" = --bench ] && bench=${6:?--bench needs the tcp_latency binary}
cache=${STUDIO_CACHE:-/var/cache/service-studio}/ipvs-kernel
timeout_s=${STUDIO_IPVS_TIMEOUT:-420}

for tool in qemu-system-x86_64 busybox; do
  if ! command -v "$tool" > /dev/null; then
    echo "SKIP: $tool is not installed (scripts/install-deps.sh installs qemu-system-x86 and busybox-static)"
    exit 77
  fi
done
busybox_bin=$(command -v busybox)
if ldd "$busybox_bin" > /dev/null 2>&1; then # ldd fails on static executables
  echo "run-ipvs-vm: $busybox_bin is not static (install busybox-static)" >&2
  exit 1
fi

work=$(mktemp -d /tmp/studio-ipvs-vm.XXXXXX)
cleanup() {
  if [ "${STUDIO_IPVS_KEEP:-0}" = 1 ] || [ "${failed:-1}" = 1 ]; then
    echo "run-ipvs-vm: work directory kept: $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
failed=1

# --- the kernel ---------------------------------------------------------------------------
mkdir -p "$cache"
pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: \(linux-image-6\.1\.0-[0-9]*-amd64\)$/\1/p' | head -n 1)
deb=
if [ -n "$pkg" ]; then
  deb=$(ls -t "$cache"/"$pkg"_*.deb 2>/dev/null | head -n 1 || true)
  if [ -z "$deb" ]; then
    (cd "$cache" && apt-get download "$pkg" > "$work/apt.log" 2>&1) || cat "$work/apt.log" >&2
    deb=$(ls -t "$cache"/"$pkg"_*.deb 2>/dev/null | head -n 1 || true)
  fi
fi
[ -n "$deb" ] || deb=$(ls -t "$cache"/linux-image-6.1.0-*-amd64_*.deb 2>/dev/null | head -n 1 || true)
if [ -z "$deb" ]; then
  echo "run-ipvs-vm: no kernel .deb (apt-get download ${pkg:-linux-image-6.1.0-*-amd64} failed, none cached in $cache)" >&2
  exit 1
fi
echo "run-ipvs-vm: kernel $(basename "$deb")"
dpkg -x "$deb" "$work/kernel"
kver=$(ls "$work/kernel/lib/modules" | head -n 1)
vmlinuz="$work/kernel/boot/vmlinuz-$kver"

# --- the initramfs ------------------------------------------------------------------------
root="$work/root"
mkdir -p "$root"/{bin,sbin,opt/bin,opt/test,etc,lib64,usr/lib/x86_64-linux-gnu}
cp "$busybox_bin" "$root/bin/busybox"
# A binary with every library ldd names, at the same paths.
copy_with_libs() {
  local bin=$1 dest=$2
  mkdir -p "$(dirname "$root$dest")"
  cp -L "$bin" "$root$dest"
  ldd "$bin" | grep -o '/[^ ]*' | while read -r lib; do
    [ -e "$root$lib" ] && continue
    mkdir -p "$(dirname "$root$lib")"
    cp -L "$lib" "$root$lib"
  done
}
copy_with_libs "$agent" /opt/bin/service-agent
copy_with_libs "$echo_server" /opt/bin/echo_server
copy_with_libs "$udp_probe" /opt/bin/udp_probe
copy_with_libs "$(command -v ipvsadm)" /usr/sbin/ipvsadm
copy_with_libs "$(command -v ip)" /usr/sbin/ip
copy_with_libs /usr/sbin/xtables-legacy-multi /usr/sbin/xtables-legacy-multi
for t in iptables-legacy iptables-legacy-save iptables-legacy-restore; do
  ln -s xtables-legacy-multi "$root/usr/sbin/$t"
done
for so in /usr/lib/x86_64-linux-gnu/xtables/libxt_*.so /usr/lib/x86_64-linux-gnu/xtables/libipt_*.so; do
  copy_with_libs "$so" "$so"
done
# Modules: IPVS, netfilter, dummy, veth and their dependencies; busybox depmod writes
# modules.dep (the .deb has none).
mods="$work/kernel/lib/modules/$kver/kernel"
mdest="$root/lib/modules/$kver/kernel"
for d in net/netfilter net/ipv4/netfilter net/ipv6/netfilter; do
  mkdir -p "$mdest/$d" && cp -r "$mods/$d/." "$mdest/$d/"
done
for f in lib/libcrc32c.ko crypto/crc32c_generic.ko drivers/net/dummy.ko drivers/net/veth.ko; do
  mkdir -p "$mdest/$(dirname "$f")" && cp "$mods/$f" "$mdest/$f"
done
cp "$work/kernel/lib/modules/$kver"/modules.{builtin,builtin.modinfo,order} "$root/lib/modules/$kver/"
busybox depmod -b "$root" "$kver"
cp "$here/vm-init.sh" "$root/init" && chmod +x "$root/init"
cp "$here/state-1.yaml" "$here/state-2.yaml" "$root/opt/test/"
if [ -n "$bench" ]; then
  benchdir="$here/../../bench/ipvs"
  cp "$benchdir/bench-vm.sh" "$root/opt/test/bench.sh"
  copy_with_libs "$bench" /opt/bin/tcp_latency
  "$benchdir/gen-bench-state.sh" 10000 > "$root/opt/test/state-bench.yaml"
  "$benchdir/gen-bench-state.sh" 10000 change > "$root/opt/test/state-bench-change.yaml"
  timeout_s=${STUDIO_IPVS_TIMEOUT:-1500}
fi
echo "root:x:0:0:root:/root:/bin/sh" > "$root/etc/passwd"
(cd "$root" && find . | busybox cpio -o -H newc -R 0:0 > "$work/initrd" 2> /dev/null)
echo "run-ipvs-vm: initramfs $(du -h "$work/initrd" | cut -f1)"

# --- boot ----------------------------------------------------------------------------------
append="console=ttyS0 quiet panic=-1 rdinit=/init"
mem=1024
[ -n "$bench" ] && mem=2048
[ -n "$bench" ] && append="$append IPVS_BENCH=1"
start=$(date +%s)
timeout "$timeout_s" qemu-system-x86_64 -accel tcg -m "$mem" -smp 1 -nographic -no-reboot \
  -kernel "$vmlinuz" -initrd "$work/initrd" -append "$append" -nic none \
  > "$work/serial.raw" 2>&1 || true
tr -d '\r' < "$work/serial.raw" > "$work/serial.log"
echo "run-ipvs-vm: VM ran $(( $(date +%s) - start )) s"

# --- verdict -------------------------------------------------------------------------------
if [ -n "$bench" ]; then
  grep '^@@ BENCH' "$work/serial.log" | sed 's/^@@ BENCH //' || true
  grep -q '^@@ DONE' "$work/serial.log" && ! grep -q '^@@ BENCH.*FAILED' "$work/serial.log" \
    && failed=0
  exit $failed
fi
fail=0
if ! grep -q '^@@ DONE' "$work/serial.log"; then
  echo "FAIL: the VM did not finish (no @@ DONE); last lines:"
  tail -n 40 "$work/serial.log"
  exit 1
fi
grep '^@@ \(MODULE\|ADDRS\|LASTSYNC\|BENCH\)' "$work/serial.log" || true
while read -r _ _ name verdict detail; do
  echo "  $verdict $name $detail"
  [ "$verdict" = PASS ] || fail=1
done < <(grep '^@@ CHECK' "$work/serial.log")
[ "$(grep -c '^@@ CHECK' "$work/serial.log")" -ge 20 ] || { echo "FAIL: too few checks ran"; fail=1; }

# ipvsadm -Ln against the plan: virtual server and real server lines, counters dropped,
# sorted (ipvsadm lists in hash order). Node addresses: node0 (192.168.50.10) and the veths'
# 10.244.0.1 (lo's 127.0.0.1 too: kube-proxy's node ports answer on it as well).
normalize() {
  awk '/^(TCP|UDP|SCTP) /{vs=$0; sub(/ +$/, "", vs); gsub(/ +/, " ", vs); print vs; next}
       /^  -> [0-9]/{print vs " -> " $2 " " $3 " " $4}' | sort
}
for label in rr lc dh sh sed nq change; do
  state="$here/state-1.yaml" sched=$label
  if [ "$label" = change ]; then state="$here/state-2.yaml" sched=rr; fi
  "$expected_tool" --state "$state" --node vm --cluster-cidr 10.244.0.0/16 --scheduler "$sched" \
    10.244.0.1 127.0.0.1 192.168.50.10 > "$work/plan-$label.txt"
  normalize < "$work/plan-$label.txt" > "$work/want-$label.txt"
  sed -n "/^@@ BEGIN ipvsadm $label\$/,/^@@ END ipvsadm $label\$/p" "$work/serial.log" \
    | normalize > "$work/got-$label.txt"
  if [ "$label" = change ]; then
    # Draining real servers (weight 0) are not in the plan (it weights every endpoint 1):
    # compare without them; drain-weight-0 checks web's.
    grep -v ' Masq 0$' "$work/got-$label.txt" > "$work/got-$label.f" || true
    mv "$work/got-$label.f" "$work/got-$label.txt"
  fi
  if [ ! -s "$work/want-$label.txt" ] || ! diff -u "$work/want-$label.txt" "$work/got-$label.txt"; then
    echo "FAIL: ipvsadm -Ln ($label) differs from the plan"
    fail=1
  else
    echo "  PASS ipvsadm-$label $(wc -l < "$work/want-$label.txt") lines match the plan"
  fi
done
if [ "$fail" = 0 ]; then
  failed=0
  echo "run-ipvs-vm: PASS"
else
  echo "run-ipvs-vm: FAIL (serial log: $work/serial.log)"
  exit 1
fi
