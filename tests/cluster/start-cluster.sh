#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# start-cluster.sh DIR - start a real etcd + kube-apiserver +
# kube-controller-manager (v1.20.x, see build-kube.sh) on loopback only.
#
# Everything lives in DIR (created if missing; must not hold a running
# cluster).  Files written:
#   DIR/pki/          ca.crt ca.key apiserver.crt/.key sa.key sa.pub
#                     admin.crt/.key (O=system:masters) readonly.crt/.key
#   DIR/tokens.csv    static token file (admin, read-only, agent tokens)
#   DIR/etcd/         etcd data
#   DIR/admin.kubeconfig           client cert, system:masters
#   DIR/admin-token.kubeconfig     admin bearer token, system:masters
#   DIR/readonly.kubeconfig        read-only client cert (user studio-readonly)
#   DIR/agent.kubeconfig           agent bearer token (user service-studio-agent)
#   DIR/cluster.env   shell-sourceable variables (see the end of this file)
#   DIR/pids          one line per process: "NAME PID STARTTIME" (for stop-cluster.sh)
#   DIR/etcd.log DIR/kube-apiserver.log DIR/kube-controller-manager.log
#
# The pids file is written as each process starts, so a caller can install
#   trap 'tests/cluster/stop-cluster.sh "$DIR"' EXIT
# BEFORE calling start-cluster.sh and never leak a process.  On failure this
# script itself stops what it started, prints the tail of the failing log on
# stderr and exits non-zero.  On success the last stdout line is DIR/cluster.env.
#
# Environment:
#   KUBE_BIN_DIR                 directory with the binaries (default: run build-kube.sh)
#   STUDIO_CLUSTER_TIMEOUT       seconds to wait for each component (default 90: a
#                                loaded 2-core machine needs up to ~45 s for the apiserver)
#   STUDIO_ADVERTISE_ADDRESS     --advertise-address (default 10.255.255.1; only
#                                advertised in the `kubernetes` Endpoints, never
#                                bound, routed or contacted)
#   STUDIO_KCM_CONTROLLERS       --controllers (default below)
#   STUDIO_KCM_QPS / STUDIO_KCM_BURST   --kube-api-qps/--kube-api-burst (default 20/30,
#                                the upstream defaults; raise for scale tests)
#   STUDIO_APISERVER_EXTRA_ARGS, STUDIO_KCM_EXTRA_ARGS, STUDIO_ETCD_EXTRA_ARGS
#                                extra arguments (word-split)
#   STUDIO_ETCD_QUOTA_BYTES      --quota-backend-bytes (default 8 GiB)
#   STUDIO_KEEP_ON_FAILURE=1     leave processes running when start fails
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# fd 3 = our real stderr: a signal trap may run while a check has fd 2 on
# /dev/null.  The daemons get "3>&-" so they never hold the caller's stderr.
exec 3>&2
log() { printf 'start-cluster: %s\n' "$*" >&3; }

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
mkdir -p "$1"
DIR="$(cd "$1" && pwd)"
TIMEOUT="${STUDIO_CLUSTER_TIMEOUT:-90}"
ADVERTISE="${STUDIO_ADVERTISE_ADDRESS:-10.255.255.1}"
SERVICE_CIDR=10.96.0.0/12
SERVICE_IP=10.96.0.1
NODE_PORT_RANGE=30000-32767
CONTROLLERS="${STUDIO_KCM_CONTROLLERS:-endpoint,endpointslice,namespace,garbagecollector,serviceaccount-token,serviceaccount}"
ETCD_QUOTA="${STUDIO_ETCD_QUOTA_BYTES:-8589934592}"
PIDS="$DIR/pids"
PKI="$DIR/pki"

case "$ADVERTISE" in 127.*) echo "start-cluster: advertise address must not be loopback" >&2; exit 2 ;; esac

# Refuse to start over a running cluster.
if [ -s "$PIDS" ]; then
  while read -r _name pid _st; do
    if [ -n "${pid:-}" ] && kill -0 "$pid" 2>/dev/null &&
       { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "$DIR/"; then
      echo "start-cluster: $DIR already has a running cluster (pid $pid); run stop-cluster.sh first" >&2
      exit 1
    fi
  done <"$PIDS"
fi
: >"$PIDS"

for tool in openssl curl python3 etcd; do
  command -v "$tool" >/dev/null 2>&1 || { echo "start-cluster: $tool not found (run tests/cluster/build-kube.sh)" >&2; exit 1; }
done

if [ -z "${KUBE_BIN_DIR:-}" ]; then
  KUBE_BIN_DIR="$("$HERE/build-kube.sh" | tail -n1)"
fi
BIN="$KUBE_BIN_DIR"
for b in kube-apiserver kube-controller-manager; do
  [ -x "$BIN/$b" ] || { echo "start-cluster: $BIN/$b missing" >&2; exit 1; }
done
KUBE_VERSION="$("$BIN/kube-apiserver" --version | awk '{print $2}')"

T0=$(date +%s.%N)
elapsed() { awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
STARTED_OK=0
on_exit() {
  local rc=$?
  if [ "$STARTED_OK" != 1 ] && [ "${STUDIO_KEEP_ON_FAILURE:-0}" != 1 ]; then
    log "start failed (rc=$rc): stopping what was started"
    "$HERE/stop-cluster.sh" "$DIR" >&3 2>&3 || true
  fi
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() { # fail MESSAGE [LOGFILE]
  log "ERROR: $1"
  if [ -n "${2:-}" ] && [ -f "$2" ]; then
    echo "----- last 40 lines of $2 -----" >&3
    tail -n 40 "$2" >&3
    echo "-----" >&3
  fi
  exit 1
}

# ---- ports ---------------------------------------------------------------------
# Print N distinct free loopback TCP ports (all bound at once, then released).
free_ports() {
  python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
EOF
}

# ---- PKI ---------------------------------------------------------------------------
gen_pki() {
  mkdir -p "$PKI"
  chmod 700 "$PKI"
  cd "$PKI"
  local ossl=(openssl)
  "${ossl[@]}" ecparam -name prime256v1 -genkey -noout -out ca.key 2>/dev/null
  "${ossl[@]}" req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=service-studio-test-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out ca.crt 2>/dev/null

  # sign NAME SUBJECT EXTFILE-CONTENT
  sign() {
    local name="$1" subj="$2" ext="$3"
    openssl ecparam -name prime256v1 -genkey -noout -out "$name.key" 2>/dev/null
    openssl req -new -key "$name.key" -subj "$subj" -out "$name.csr" 2>/dev/null
    printf '%s\n' "$ext" >"$name.ext"
    openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 3650 \
      -extfile "$name.ext" -out "$name.crt" 2>/dev/null
    rm -f "$name.csr" "$name.ext"
  }
  sign apiserver "/CN=kube-apiserver" \
"basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost,IP:$ADVERTISE,IP:$SERVICE_IP,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  local client="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
  sign admin "/O=system:masters/CN=studio-admin" "$client"
  sign readonly "/O=studio:readonly/CN=studio-readonly" "$client"
  # service-account signing key (RSA: accepted everywhere in 1.20)
  openssl genrsa -out sa.key 2048 2>/dev/null
  openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  rm -f ca.srl
  chmod 600 ./*.key
  cd - >/dev/null
}

rand_token() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

gen_pki
ADMIN_TOKEN="$(rand_token)"
READONLY_TOKEN="$(rand_token)"
AGENT_TOKEN="$(rand_token)"
ADMIN_TOKEN_USER=studio-admin-token
READONLY_USER=studio-readonly
AGENT_USER=service-studio-agent
cat >"$DIR/tokens.csv" <<EOF
$ADMIN_TOKEN,$ADMIN_TOKEN_USER,uid-studio-admin-token,"system:masters"
$READONLY_TOKEN,$READONLY_USER,uid-studio-readonly,"studio:readonly"
$AGENT_TOKEN,$AGENT_USER,uid-service-studio-agent,"service-studio:agents"
EOF
chmod 600 "$DIR/tokens.csv"

# ---- process helpers -----------------------------------------------------------
record_pid() { # NAME PID
  local st
  st="$(awk '{print $22}' "/proc/$2/stat" 2>/dev/null || echo 0)"
  echo "$1 $2 $st" >>"$PIDS"
}
forget_pid() { # NAME
  local tmp
  tmp="$(mktemp "$DIR/.pids.XXXXXX")"
  grep -v "^$1 " "$PIDS" >"$tmp" || true
  mv "$tmp" "$PIDS"
}

# wait_for NAME PID LOG CHECK-COMMAND... : 0 ready, 1 died, 2 timeout
wait_for() {
  local pid="$2"; shift 3   # NAME and LOG are for the reader
  local deadline=$(( $(date +%s) + TIMEOUT ))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    if "$@" >/dev/null 2>&1; then return 0; fi
    if [ "$(date +%s)" -ge "$deadline" ]; then return 2; fi
    sleep 0.2
  done
}

etcd_healthy() { curl -sf --max-time 2 "$ETCD_URL/health" | grep -q '"health":"true"'; }
apiserver_ready() { [ "$("${CURL_ADMIN[@]}" "$APISERVER_URL/readyz")" = ok ]; }
# kube-controller-manager serves a self-signed in-memory certificate: -k on loopback.
kcm_healthy() { [ "$(curl -sk --max-time 2 "$KCM_URL/healthz")" = ok ]; }

port_race() { grep -qiE 'address already in use|bind: address' "$1" 2>/dev/null; }

# ---- etcd ------------------------------------------------------------------------------
ETCD_LOG="$DIR/etcd.log"
for attempt in 1 2 3; do
  read -r ETCD_PORT ETCD_PEER_PORT < <(free_ports 2)
  ETCD_URL="http://127.0.0.1:$ETCD_PORT"
  rm -rf "$DIR/etcd"
  mkdir -p "$DIR/etcd"
  chmod 700 "$DIR/etcd"
  # shellcheck disable=SC2086
  etcd --name studio --data-dir "$DIR/etcd" \
    --listen-client-urls "$ETCD_URL" --advertise-client-urls "$ETCD_URL" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "studio=http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster-state new --initial-cluster-token "studio-$$-$attempt" \
    --quota-backend-bytes "$ETCD_QUOTA" \
    ${STUDIO_ETCD_EXTRA_ARGS:-} \
    >"$ETCD_LOG" 2>&1 </dev/null 3>&- &
  ETCD_PID=$!
  record_pid etcd "$ETCD_PID"
  rc=0; wait_for etcd "$ETCD_PID" "$ETCD_LOG" etcd_healthy || rc=$?
  [ "$rc" = 0 ] && break
  if [ "$rc" = 1 ] && port_race "$ETCD_LOG" && [ "$attempt" -lt 3 ]; then
    log "etcd: port taken, retrying with other ports"
    forget_pid etcd; continue
  fi
  [ "$rc" = 2 ] && fail "etcd not healthy within ${TIMEOUT}s" "$ETCD_LOG"
  fail "etcd exited" "$ETCD_LOG"
done
log "etcd up at $ETCD_URL (pid $ETCD_PID, $(elapsed) s)"

# ---- kube-apiserver --------------------------------------------------------------
APISERVER_LOG="$DIR/kube-apiserver.log"
CURL_ADMIN=(curl -s --max-time 5 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key")
for attempt in 1 2 3; do
  read -r APISERVER_PORT < <(free_ports 1)
  APISERVER_URL="https://127.0.0.1:$APISERVER_PORT"
  # shellcheck disable=SC2086
  "$BIN/kube-apiserver" \
    --etcd-servers="$ETCD_URL" \
    --bind-address=127.0.0.1 --secure-port="$APISERVER_PORT" --insecure-port=0 \
    --advertise-address="$ADVERTISE" \
    --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
    --client-ca-file="$PKI/ca.crt" --token-auth-file="$DIR/tokens.csv" \
    --authorization-mode=Node,RBAC \
    --service-cluster-ip-range="$SERVICE_CIDR" --service-node-port-range="$NODE_PORT_RANGE" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$PKI/sa.pub" \
    --service-account-signing-key-file="$PKI/sa.key" \
    --api-audiences=https://kubernetes.default.svc.cluster.local \
    --enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultTolerationSeconds,ResourceQuota,NodeRestriction \
    --allow-privileged=true \
    --profiling=false \
    ${STUDIO_APISERVER_EXTRA_ARGS:-} \
    >"$APISERVER_LOG" 2>&1 </dev/null 3>&- &
  APISERVER_PID=$!
  record_pid kube-apiserver "$APISERVER_PID"
  rc=0; wait_for kube-apiserver "$APISERVER_PID" "$APISERVER_LOG" apiserver_ready || rc=$?
  [ "$rc" = 0 ] && break
  if [ "$rc" = 1 ] && [ "$attempt" -lt 3 ]; then
    # A port taken between choosing and binding it, or a crash while starting on a loaded
    # machine (seen with two clusters starting at once): try again, keeping the log.
    if port_race "$APISERVER_LOG"; then
      log "kube-apiserver: port taken, retrying with another port"
    else
      cp "$APISERVER_LOG" "$APISERVER_LOG.attempt$attempt"
      log "kube-apiserver exited while starting (log kept as $APISERVER_LOG.attempt$attempt); retrying"
    fi
    forget_pid kube-apiserver; continue
  fi
  [ "$rc" = 2 ] && {
    "${CURL_ADMIN[@]}" "$APISERVER_URL/readyz?verbose" >&3 || true
    fail "kube-apiserver not ready within ${TIMEOUT}s" "$APISERVER_LOG"
  }
  fail "kube-apiserver exited" "$APISERVER_LOG"
done
log "kube-apiserver ready at $APISERVER_URL (pid $APISERVER_PID, $(elapsed) s)"

# ---- kubeconfigs -------------------------------------------------------------------
b64() { base64 -w0 <"$1"; }
write_kubeconfig() { # FILE USERNAME (cert CRT KEY | token TOKEN)
  local f="$1" user="$2" kind="$3" tmp
  tmp="$(mktemp "$f.XXXXXX")"
  {
    echo "apiVersion: v1"
    echo "kind: Config"
    echo "clusters:"
    echo "- name: studio"
    echo "  cluster:"
    echo "    server: $APISERVER_URL"
    echo "    certificate-authority-data: $(b64 "$PKI/ca.crt")"
    echo "users:"
    echo "- name: $user"
    echo "  user:"
    if [ "$kind" = cert ]; then
      echo "    client-certificate-data: $(b64 "$4")"
      echo "    client-key-data: $(b64 "$5")"
    else
      echo "    token: $4"
    fi
    echo "contexts:"
    echo "- name: $user@studio"
    echo "  context:"
    echo "    cluster: studio"
    echo "    user: $user"
    echo "current-context: $user@studio"
  } >"$tmp"
  chmod 600 "$tmp"
  mv "$tmp" "$f"
}
write_kubeconfig "$DIR/admin.kubeconfig" studio-admin cert "$PKI/admin.crt" "$PKI/admin.key"
write_kubeconfig "$DIR/admin-token.kubeconfig" "$ADMIN_TOKEN_USER" token "$ADMIN_TOKEN"
write_kubeconfig "$DIR/readonly.kubeconfig" "$READONLY_USER" cert "$PKI/readonly.crt" "$PKI/readonly.key"
write_kubeconfig "$DIR/agent.kubeconfig" "$AGENT_USER" token "$AGENT_TOKEN"

# ---- RBAC ------------------------------------------------------------------------------
api() { # METHOD PATH [JSON] -> prints body, returns 0 on 2xx or 409
  local method="$1" path="$2" body="${3:-}" out code
  if [ -n "$body" ]; then
    out="$("${CURL_ADMIN[@]}" -X "$method" -H 'Content-Type: application/json' \
      --data-binary "$body" -w '\n%{http_code}' "$APISERVER_URL$path")" || return 1
  else
    out="$("${CURL_ADMIN[@]}" -X "$method" -w '\n%{http_code}' "$APISERVER_URL$path")" || return 1
  fi
  code="${out##*$'\n'}"
  printf '%s\n' "${out%$'\n'*}"
  case "$code" in 2??|409) return 0 ;; *) log "$method $path -> HTTP $code"; return 1 ;; esac
}
RBAC=/apis/rbac.authorization.k8s.io/v1
api POST "$RBAC/clusterroles" '{
  "apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole",
  "metadata":{"name":"service-studio-readonly","labels":{"app.kubernetes.io/part-of":"service-studio-tests"}},
  "rules":[{"apiGroups":["*"],"resources":["*"],"verbs":["get","list","watch"]},
           {"nonResourceURLs":["*"],"verbs":["get"]}]}' >/dev/null || fail "creating ClusterRole service-studio-readonly"
api POST "$RBAC/clusterrolebindings" '{
  "apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding",
  "metadata":{"name":"service-studio-readonly","labels":{"app.kubernetes.io/part-of":"service-studio-tests"}},
  "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"service-studio-readonly"},
  "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"'"$READONLY_USER"'"}]}' >/dev/null ||
  fail "creating ClusterRoleBinding service-studio-readonly"
api POST "$RBAC/clusterroles" '{
  "apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole",
  "metadata":{"name":"service-studio-agent","labels":{"app.kubernetes.io/part-of":"service-studio-tests"}},
  "rules":[{"apiGroups":[""],"resources":["services","endpoints","nodes"],"verbs":["get","list","watch"]},
           {"apiGroups":["discovery.k8s.io"],"resources":["endpointslices"],"verbs":["get","list","watch"]}]}' >/dev/null ||
  fail "creating ClusterRole service-studio-agent"
api POST "$RBAC/clusterrolebindings" '{
  "apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding",
  "metadata":{"name":"service-studio-agent","labels":{"app.kubernetes.io/part-of":"service-studio-tests"}},
  "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"service-studio-agent"},
  "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"'"$AGENT_USER"'"}]}' >/dev/null ||
  fail "creating ClusterRoleBinding service-studio-agent"

# ---- kube-controller-manager -----------------------------------------------------------
KCM_LOG="$DIR/kube-controller-manager.log"
for attempt in 1 2 3; do
  read -r KCM_PORT < <(free_ports 1)
  KCM_URL="https://127.0.0.1:$KCM_PORT"
  # shellcheck disable=SC2086
  "$BIN/kube-controller-manager" \
    --kubeconfig="$DIR/admin.kubeconfig" \
    --authentication-kubeconfig="$DIR/admin.kubeconfig" \
    --authentication-skip-lookup=true --client-ca-file="$PKI/ca.crt" \
    --authorization-kubeconfig="$DIR/admin.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --port=0 \
    --controllers="$CONTROLLERS" \
    --service-account-private-key-file="$PKI/sa.key" \
    --root-ca-file="$PKI/ca.crt" \
    --use-service-account-credentials=false \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --leader-elect=false \
    --kube-api-qps="${STUDIO_KCM_QPS:-20}" --kube-api-burst="${STUDIO_KCM_BURST:-30}" \
    --profiling=false \
    ${STUDIO_KCM_EXTRA_ARGS:-} \
    >"$KCM_LOG" 2>&1 </dev/null 3>&- &
  KCM_PID=$!
  record_pid kube-controller-manager "$KCM_PID"
  rc=0; wait_for kube-controller-manager "$KCM_PID" "$KCM_LOG" kcm_healthy || rc=$?
  [ "$rc" = 0 ] && break
  if [ "$rc" = 1 ] && port_race "$KCM_LOG" && [ "$attempt" -lt 3 ]; then
    log "kube-controller-manager: port taken, retrying with another port"
    forget_pid kube-controller-manager; continue
  fi
  [ "$rc" = 2 ] && fail "kube-controller-manager not healthy within ${TIMEOUT}s" "$KCM_LOG"
  fail "kube-controller-manager exited" "$KCM_LOG"
done
log "kube-controller-manager healthy at $KCM_URL (pid $KCM_PID, $(elapsed) s)"

# ---- controllers really work? ------------------------------------------------------------
# default ServiceAccount + its token secret (serviceaccount, serviceaccount-token
# controllers): pods can be created as soon as we return.
deadline=$(( $(date +%s) + TIMEOUT ))
until "${CURL_ADMIN[@]}" "$APISERVER_URL/api/v1/namespaces/default/serviceaccounts/default" 2>/dev/null |
      grep -q '"secrets"'; do
  kill -0 "$KCM_PID" 2>/dev/null || fail "kube-controller-manager exited" "$KCM_LOG"
  [ "$(date +%s)" -lt "$deadline" ] || fail "default ServiceAccount token not created within ${TIMEOUT}s" "$KCM_LOG"
  sleep 0.2
done
# endpoints controller: a selector Service gets its Endpoints object.
PROBE=studio-cluster-probe
"${CURL_ADMIN[@]}" -o /dev/null -X DELETE "$APISERVER_URL/api/v1/namespaces/kube-system/services/$PROBE" || true
api POST /api/v1/namespaces/kube-system/services '{"apiVersion":"v1","kind":"Service",
  "metadata":{"name":"'"$PROBE"'"},
  "spec":{"selector":{"studio-probe":"none"},"ports":[{"port":1,"targetPort":1}]}}' >/dev/null ||
  fail "creating probe service"
deadline=$(( $(date +%s) + TIMEOUT ))
until [ "$("${CURL_ADMIN[@]}" -o /dev/null -w '%{http_code}' "$APISERVER_URL/api/v1/namespaces/kube-system/endpoints/$PROBE")" = 200 ]; do
  kill -0 "$KCM_PID" 2>/dev/null || fail "kube-controller-manager exited" "$KCM_LOG"
  [ "$(date +%s)" -lt "$deadline" ] || fail "endpoints controller did not create Endpoints within ${TIMEOUT}s" "$KCM_LOG"
  sleep 0.2
done
api DELETE "/api/v1/namespaces/kube-system/services/$PROBE" >/dev/null || fail "deleting probe service"

# ---- cluster.env -----------------------------------------------------------------------
q() { printf '%q' "$1"; }
ENV_TMP="$(mktemp "$DIR/.cluster.env.XXXXXX")"
{
  echo "# generated by tests/cluster/start-cluster.sh - source me"
  echo "CLUSTER_DIR=$(q "$DIR")"
  echo "KUBE_BIN_DIR=$(q "$BIN")"
  echo "KUBE_VERSION=$(q "$KUBE_VERSION")"
  echo "APISERVER_URL=$(q "$APISERVER_URL")"
  echo "APISERVER_PORT=$APISERVER_PORT"
  echo "ETCD_URL=$(q "$ETCD_URL")"
  echo "ETCD_PORT=$ETCD_PORT"
  echo "ETCD_PEER_PORT=$ETCD_PEER_PORT"
  echo "KCM_URL=$(q "$KCM_URL")"
  echo "KCM_PORT=$KCM_PORT"
  echo "ADVERTISE_ADDRESS=$(q "$ADVERTISE")"
  echo "SERVICE_CLUSTER_IP_RANGE=$SERVICE_CIDR"
  echo "SERVICE_NODE_PORT_RANGE=$NODE_PORT_RANGE"
  echo "CA_FILE=$(q "$PKI/ca.crt")"
  echo "ADMIN_CERT=$(q "$PKI/admin.crt")"
  echo "ADMIN_KEY=$(q "$PKI/admin.key")"
  echo "READONLY_CERT=$(q "$PKI/readonly.crt")"
  echo "READONLY_KEY=$(q "$PKI/readonly.key")"
  echo "SA_KEY_FILE=$(q "$PKI/sa.key")"
  echo "SA_PUB_FILE=$(q "$PKI/sa.pub")"
  echo "ADMIN_TOKEN=$ADMIN_TOKEN"
  echo "ADMIN_TOKEN_USER=$ADMIN_TOKEN_USER"
  echo "READONLY_TOKEN=$READONLY_TOKEN"
  echo "READONLY_USER=$READONLY_USER"
  echo "AGENT_TOKEN=$AGENT_TOKEN"
  echo "AGENT_USER=$AGENT_USER"
  echo "AGENT_CLUSTERROLE=service-studio-agent"
  echo "ADMIN_KUBECONFIG=$(q "$DIR/admin.kubeconfig")"
  echo "ADMIN_TOKEN_KUBECONFIG=$(q "$DIR/admin-token.kubeconfig")"
  echo "READONLY_KUBECONFIG=$(q "$DIR/readonly.kubeconfig")"
  echo "AGENT_KUBECONFIG=$(q "$DIR/agent.kubeconfig")"
  echo "ETCD_PID=$ETCD_PID"
  echo "APISERVER_PID=$APISERVER_PID"
  echo "KCM_PID=$KCM_PID"
  echo "PIDS_FILE=$(q "$PIDS")"
  echo "ETCD_LOG=$(q "$ETCD_LOG")"
  echo "APISERVER_LOG=$(q "$APISERVER_LOG")"
  echo "KCM_LOG=$(q "$KCM_LOG")"
} >"$ENV_TMP"
mv "$ENV_TMP" "$DIR/cluster.env"

STARTED_OK=1
log "cluster $KUBE_VERSION ready in $(elapsed) s: $APISERVER_URL (env: $DIR/cluster.env)"
echo "$DIR/cluster.env"
