#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# build-kube.sh - obtain kube-apiserver and kube-controller-manager for the
# real test cluster (tests/cluster/start-cluster.sh).
#
# Usage: tests/cluster/build-kube.sh
#
# The LAST line of stdout is the directory that holds the two binaries; all
# progress messages go to stderr.
#
# The binaries are built from Debian 12's `kubernetes` source package
# (version 1.20.5+really1.20.2, i.e. upstream v1.20.2) with Debian's Go 1.19,
# and cached OUTSIDE the checkout, keyed by the upstream version:
#
#   ${STUDIO_CACHE:-/var/cache/service-studio}/kubernetes-<version>/bin/
#       kube-apiserver  kube-controller-manager
#   ${STUDIO_CACHE:-/var/cache/service-studio}/kubernetes-<version>/validation.go
#       (copy of pkg/apis/core/validation/validation.go, for reference)
#   ${STUDIO_CACHE:-/var/cache/service-studio}/kubernetes-<version>/BUILD-INFO
#
# If the cached kube-apiserver reports the expected version nothing is done
# (no apt, no network).  Otherwise it: enables deb-src for the Debian
# archive (an extra sources file, the system files are left alone), installs
# golang-go golang-github-modern-go-reflect2-dev etcd-server openssl curl
# dpkg-dev rsync, runs `apt-get source kubernetes`, replaces the vendored
# github.com/modern-go/reflect2 (v1.0.1, which makes the apiserver panic when
# decoding maps under Go 1.18+) with Debian's 1.0.2, builds with the tree's
# own make, and moves the result into the cache atomically.  A cold build
# takes about 8.5 minutes on an idle 2-core machine (apt and source included),
# much longer while other compilers run.
#
# Environment:
#   STUDIO_CACHE          cache root (default /var/cache/service-studio)
#   STUDIO_KUBE_VERSION   expected upstream version (default 1.20.2).  If
#                         Debian's source turns out to be another version,
#                         that version is used as cache key (with a warning)
#                         and recorded in $STUDIO_CACHE/kubernetes-debian.version
#   STUDIO_KEEP_KUBE_SRC  1 = keep the build tree in the cache (default: removed)
set -euo pipefail

log() { printf 'build-kube: %s\n' "$*" >&2; }
die() { printf 'build-kube: ERROR: %s\n' "$*" >&2; exit 1; }

CACHE_ROOT="${STUDIO_CACHE:-/var/cache/service-studio}"
WANT="${STUDIO_KUBE_VERSION:-1.20.2}"
WANT="${WANT#v}"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "not root and no sudo: cannot install packages"
  SUDO=sudo
fi

# binaries_ok DIR VERSION -> 0 when DIR/bin holds both binaries of VERSION
binaries_ok() {
  local bin="$1/bin" ver="$2" out
  [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kube-controller-manager" ] || return 1
  out="$("$bin/kube-apiserver" --version 2>/dev/null)" || return 1
  [ "$out" = "Kubernetes v$ver" ] || return 1
  out="$("$bin/kube-controller-manager" --version 2>/dev/null)" || return 1
  [ "$out" = "Kubernetes v$ver" ] || return 1
}

# ---- fast path: cached binaries ------------------------------------------
fast_path() {
  local v
  if binaries_ok "$CACHE_ROOT/kubernetes-$WANT" "$WANT"; then
    echo "$CACHE_ROOT/kubernetes-$WANT/bin"
    return 0
  fi
  if [ -f "$CACHE_ROOT/kubernetes-debian.version" ]; then
    v="$(cat "$CACHE_ROOT/kubernetes-debian.version")"
    if [ -n "$v" ] && binaries_ok "$CACHE_ROOT/kubernetes-$v" "$v"; then
      log "note: using Debian's kubernetes v$v (wanted v$WANT)"
      echo "$CACHE_ROOT/kubernetes-$v/bin"
      return 0
    fi
  fi
  return 1
}

if fast_path; then
  exit 0
fi

mkdir -p "$CACHE_ROOT" 2>/dev/null || $SUDO mkdir -p "$CACHE_ROOT"
[ -w "$CACHE_ROOT" ] || die "cache root $CACHE_ROOT is not writable"

# Serialise concurrent builds (several test runs may start at once).
exec 9>"$CACHE_ROOT/kubernetes-build.lock"
if ! flock -n 9; then
  log "another build is running, waiting for $CACHE_ROOT/kubernetes-build.lock ..."
  flock 9
fi
# Someone else may have finished the build while we waited.
if fast_path; then
  exit 0
fi

START_TS=$(date +%s)

# Leftovers of builds that died (we hold the lock, so nobody else is building).
find "$CACHE_ROOT" -mindepth 1 -maxdepth 1 \( -name 'kubernetes-build.*' -o -name '.kubernetes-*.stage.*' \
  -o -name '.kubernetes-*.old.*' \) -type d -exec rm -rf {} + 2>/dev/null || true

# ---- apt: deb-src + packages ----------------------------------------------
SRC_FILE=/etc/apt/sources.list.d/service-studio-deb-src.sources

have_deb_src() {
  # any active deb-src entry for a Debian archive
  grep -rhsE '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | grep -q . && return 0
  grep -rhsiE '^Types:.*\bdeb-src\b' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -q . && return 0
  return 1
}

enable_deb_src() {
  local tmp
  tmp="$(mktemp)"
  # deb822 stanzas (Debian 12 default: /etc/apt/sources.list.d/debian.sources):
  # copy every stanza whose Types has "deb", with Types: deb-src.
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    [ "$f" = "$SRC_FILE" ] && continue
    awk '
      function flush() {
        if (stanza != "" && isdeb && debian) { printf "%s\n", stanza; }
        stanza = ""; isdeb = 0; debian = 0
      }
      /^[[:space:]]*$/ { flush(); next }
      /^[[:space:]]*#/ { next }
      {
        line = $0
        if (tolower($1) == "types:") {
          for (i = 2; i <= NF; i++) if ($i == "deb") isdeb = 1
          line = "Types: deb-src"
        }
        if (tolower($1) == "uris:" && $0 ~ /debian/) debian = 1
        if (tolower($1) == "enabled:" && tolower($2) == "no") isdeb = 0
        stanza = stanza line "\n"
      }
      END { flush() }
    ' "$f" >>"$tmp"
  done
  # classic one-line format
  local l
  for l in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$l" ] || continue
    grep -hE '^[[:space:]]*deb[[:space:]]' "$l" | grep debian |
      sed -E 's/^[[:space:]]*deb[[:space:]]/deb-src /' >>"$tmp.list" || true
  done
  if [ -s "$tmp" ]; then
    log "enabling deb-src in $SRC_FILE"
    $SUDO install -m 0644 "$tmp" "$SRC_FILE"
  fi
  if [ -s "$tmp.list" ]; then
    log "enabling deb-src in ${SRC_FILE%.sources}.list"
    $SUDO install -m 0644 "$tmp.list" "${SRC_FILE%.sources}.list"
  fi
  rm -f "$tmp" "$tmp.list"
  have_deb_src || die "could not enable deb-src (no Debian entries in apt sources?)"
}

PKGS=(golang-go golang-github-modern-go-reflect2-dev etcd-server openssl curl dpkg-dev rsync)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

need_update=0
if ! have_deb_src; then
  enable_deb_src
  need_update=1
fi
if [ "${#missing[@]}" -gt 0 ] || ! apt-cache showsrc kubernetes 2>/dev/null | grep -q '^Package: kubernetes'; then
  need_update=1
fi
export DEBIAN_FRONTEND=noninteractive
if [ "$need_update" = 1 ]; then
  log "apt-get update"
  $SUDO apt-get update -qq >&2 || die "apt-get update failed"
fi
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
    die "apt-get install ${missing[*]} failed"
fi
apt-cache showsrc kubernetes 2>/dev/null | grep -q '^Package: kubernetes' ||
  die "apt-cache showsrc kubernetes finds nothing (deb-src not active?)"
DEB_VERSION="$(apt-cache showsrc kubernetes | awk '/^Version:/ {print $2; exit}')"
log "Debian source package: kubernetes $DEB_VERSION"

REFLECT2_SRC=/usr/share/gocode/src/github.com/modern-go/reflect2
[ -f "$REFLECT2_SRC/reflect2.go" ] || die "$REFLECT2_SRC missing (golang-github-modern-go-reflect2-dev)"

# ---- source ----------------------------------------------------------------
WORK="$(mktemp -d "$CACHE_ROOT/kubernetes-build.XXXXXX")"
cleanup() {
  if [ "${STUDIO_KEEP_KUBE_SRC:-0}" != 1 ] && [ -n "${WORK:-}" ] && [ -d "$WORK" ]; then
    chmod -R u+w "$WORK" 2>/dev/null || true
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

log "apt-get source kubernetes into $WORK"
(cd "$WORK" && apt-get source -qq kubernetes >"$WORK/apt-source.log" 2>&1) || {
  tail -20 "$WORK/apt-source.log" >&2
  die "apt-get source kubernetes failed"
}
TREE="$(find "$WORK" -mindepth 1 -maxdepth 1 -type d -name 'kubernetes-*' | head -1)"
[ -n "$TREE" ] && [ -f "$TREE/hack/lib/version.sh" ] || die "unpacked kubernetes source not found in $WORK"

# Upstream version baked into the (git-archive) source.
ACTUAL="$(sed -nE "s/.*'tag: v([0-9]+\.[0-9]+\.[0-9]+[^' ,]*)'.*/\1/p" "$TREE/hack/lib/version.sh" | head -1)"
[ -n "$ACTUAL" ] || die "cannot find the upstream version in $TREE/hack/lib/version.sh"
if [ "$ACTUAL" != "$WANT" ]; then
  log "WARNING: Debian's source is upstream v$ACTUAL, not v$WANT: building v$ACTUAL"
fi
case "$ACTUAL" in 1.20.*) ;; *) log "WARNING: v$ACTUAL is not a 1.20.x release" ;; esac

DEST="$CACHE_ROOT/kubernetes-$ACTUAL"
if binaries_ok "$DEST" "$ACTUAL"; then
  echo "$ACTUAL" >"$CACHE_ROOT/kubernetes-debian.version"
  echo "$DEST/bin"
  exit 0
fi

log "replacing vendor/github.com/modern-go/reflect2 with Debian's $(dpkg-query -W -f='${Version}' golang-github-modern-go-reflect2-dev)"
rm -rf "$TREE/vendor/github.com/modern-go/reflect2"
mkdir -p "$TREE/vendor/github.com/modern-go/reflect2"
# The tree builds in GOPATH mode (hack/lib/init.sh exports GO111MODULE=off),
# so the vendor directory is used as is; vendor/modules.txt may keep v1.0.1.
find "$REFLECT2_SRC" -maxdepth 1 -type f \( -name '*.go' -o -name '*.s' -o -name 'LICENSE' \) \
  -exec cp {} "$TREE/vendor/github.com/modern-go/reflect2/" \;
[ -f "$TREE/vendor/github.com/modern-go/reflect2/go_above_118.go" ] ||
  die "reflect2 replacement failed (go_above_118.go missing: is Debian's reflect2 older than 1.0.2?)"

# ---- build -------------------------------------------------------------------
export PATH="/usr/lib/go/bin:$PATH"
command -v go >/dev/null || die "go not found after installing golang-go"
log "building with $(go version) (CGO_ENABLED=0) - takes ~8 min on 2 idle cores"
mkdir -p "$TREE/.go/src/k8s.io" "$WORK/home"
[ -L "$TREE/.go/src/k8s.io/kubernetes" ] || ln -s ../../.. "$TREE/.go/src/k8s.io/kubernetes"
BUILD_LOG="$WORK/build.log"
(
  cd "$TREE"
  export GOPATH="$TREE/.go" HOME="$WORK/home" CGO_ENABLED=0 GOPROXY=off GOSUMDB=off
  # GOFLAGS such as -mod=vendor are invalid in GOPATH mode; the tree sets
  # GO111MODULE=off itself.  Version comes from the git-archive stamp in
  # hack/lib/version.sh (v1.20.2, tree state "archive").
  unset GOROOT GOBIN GOFLAGS GO111MODULE KUBE_GIT_VERSION KUBE_GIT_COMMIT KUBE_GIT_TREE_STATE \
        KUBE_GIT_VERSION_FILE || true
  # KUBE_VERBOSE=1 shows progress without drowning the log
  make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" KUBE_VERBOSE=1
) >"$BUILD_LOG" 2>&1 || {
  tail -40 "$BUILD_LOG" >&2
  STUDIO_KEEP_KUBE_SRC=1
  die "make failed (full log kept in $BUILD_LOG)"
}

OUT="$TREE/_output/bin"
[ -x "$OUT/kube-apiserver" ] && [ -x "$OUT/kube-controller-manager" ] || {
  tail -40 "$BUILD_LOG" >&2
  die "build finished but binaries are missing in $OUT"
}

# ---- install into the cache atomically -------------------------------------
STAGE="$(mktemp -d "$CACHE_ROOT/.kubernetes-$ACTUAL.stage.XXXXXX")"
chmod 755 "$STAGE"
mkdir -p "$STAGE/bin"
cp "$OUT/kube-apiserver" "$OUT/kube-controller-manager" "$STAGE/bin/"
cp "$TREE/pkg/apis/core/validation/validation.go" "$STAGE/validation.go"
{
  echo "upstream_version=v$ACTUAL"
  echo "debian_source_version=$DEB_VERSION"
  echo "go=$(go version)"
  echo "reflect2=$(dpkg-query -W -f='${Version}' golang-github-modern-go-reflect2-dev) (Debian, replaces vendored v1.0.1)"
  echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "build_seconds=$(( $(date +%s) - START_TS ))"
} >"$STAGE/BUILD-INFO"
cp "$BUILD_LOG" "$STAGE/build.log"
binaries_ok "$STAGE" "$ACTUAL" || {
  "$STAGE/bin/kube-apiserver" --version >&2 || true
  rm -rf "$STAGE"
  die "built binaries do not report v$ACTUAL"
}
if [ -e "$DEST" ]; then
  OLD="$(mktemp -d "$CACHE_ROOT/.kubernetes-$ACTUAL.old.XXXXXX")"
  mv "$DEST" "$OLD/"
  rm -rf "$OLD"
fi
mv "$STAGE" "$DEST"
echo "$ACTUAL" >"$CACHE_ROOT/kubernetes-debian.version"
if [ "${STUDIO_KEEP_KUBE_SRC:-0}" = 1 ]; then
  log "build tree kept in $TREE"
fi
log "built v$ACTUAL in $(( $(date +%s) - START_TS )) s -> $DEST/bin"
echo "$DEST/bin"
