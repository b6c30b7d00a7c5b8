#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the self-contained service-agent bundle that deploy-agent uploads:
#   OUT/service-agent-<version>.tar.gz   bin/service-agent + lib/ (found through $ORIGIN/../lib)
#   OUT/VERSION                          one line
#   OUT/SHA256SUMS                       "<hex>  <tarball>" as sha256sum writes it
# The libraries bundled are those the agent needs that a plain Debian or Ubuntu node may lack
# (Qt, libyaml, libssh and what they pull in, libstdc++); the C library and the dynamic loader
# come from the node.
# Usage: make-agent-bundle.sh AGENT_BINARY VERSION OUT_DIR
set -euo pipefail
agent="$1"; version="$2"; out="$3"
[ -x "$agent" ] || { echo "make-agent-bundle: $agent is not an executable" >&2; exit 2; }
command -v patchelf >/dev/null || { echo "make-agent-bundle: patchelf is missing (scripts/install-deps.sh installs it)" >&2; exit 2; }

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
root="$stage/service-agent-$version"
mkdir -p "$root/bin" "$root/lib"
cp "$agent" "$root/bin/service-agent"
# Every library ldd resolves, except the C runtime every node has.
ldd "$agent" | awk '/=> \// {print $3}' | while read -r lib; do
  case "$(basename "$lib")" in
    libc.so.*|libm.so.*|libdl.so.*|libpthread.so.*|librt.so.*|ld-linux*|libresolv.so.*) continue ;;
  esac
  cp -L "$lib" "$root/lib/"
done
for f in "$root"/lib/*.so*; do
  patchelf --set-rpath '$ORIGIN' "$f" 2>/dev/null || true
done
patchelf --set-rpath '$ORIGIN/../lib' "$root/bin/service-agent"
strip --strip-unneeded "$root/bin/service-agent" "$root"/lib/*.so* 2>/dev/null || true
echo "$version" > "$root/VERSION"
# The bundled agent must start with only its own libraries and the node's C runtime.
"$root/bin/service-agent" --version >/dev/null

mkdir -p "$out"
rm -f "$out"/service-agent-*.tar.gz
tarball="service-agent-$version.tar.gz"
tar -C "$root" --owner=0 --group=0 --numeric-owner -czf "$out/$tarball" bin lib VERSION
echo "$version" > "$out/VERSION"
(cd "$out" && sha256sum "$tarball" > SHA256SUMS)
echo "$out/$tarball ($(du -h "$out/$tarball" | cut -f1))"
