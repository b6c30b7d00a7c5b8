#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# smoke_test.sh - end-to-end check of the real test cluster.
#
# Gets the binaries (build-kube.sh), starts a cluster in a fresh mktemp dir
# (stopped again on EXIT, whatever happens), and drives it with curl and the
# static tokens: namespace, Node, Service, Pod, pod status via the status
# subresource, Endpoints written by the real controller-manager, RBAC of the
# read-only and agent users, server-side dry-run validation.
# Prints "N passed, M failed" and exits non-zero on any failure.
#
# Environment: STUDIO_CACHE (see build-kube.sh), KUBE_BIN_DIR (skip the build),
# STUDIO_SMOKE_KEEP=1 (keep the cluster dir after the run; processes are
# stopped anyway), STUDIO_CLUSTER_TIMEOUT.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PASS=0
FAIL=0
ok()  { PASS=$((PASS + 1)); echo "ok   - $*"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL - $*"; }
now() { date +%s.%N; }
since() { python3 -c "import sys;print(round($(now)-$1,1))"; }

CLUSTER_DIR=""
TMP_BODY=""
finish() {
  local rc=$?
  if [ -n "$CLUSTER_DIR" ]; then
    "$HERE/stop-cluster.sh" "$CLUSTER_DIR" 2>/dev/null || echo "warning: stop-cluster failed" >&2
    if [ "${STUDIO_SMOKE_KEEP:-0}" = 1 ]; then
      echo "cluster dir kept: $CLUSTER_DIR" >&2
    else
      rm -rf "$CLUSTER_DIR"
    fi
  fi
  [ -n "$TMP_BODY" ] && rm -f "$TMP_BODY"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

# ---- binaries ----------------------------------------------------------------------
t=$(now)
if [ -z "${KUBE_BIN_DIR:-}" ]; then
  KUBE_BIN_DIR="$("$HERE/build-kube.sh" | tail -n1)"
fi
export KUBE_BIN_DIR
echo "# binaries: $KUBE_BIN_DIR ($("$KUBE_BIN_DIR/kube-apiserver" --version)) in $(since "$t") s"

# ---- cluster -----------------------------------------------------------------------
CLUSTER_DIR="$(mktemp -d "${TMPDIR:-/tmp}/studio-cluster.XXXXXX")"
t=$(now)
if ! "$HERE/start-cluster.sh" "$CLUSTER_DIR" >/dev/null; then
  bad "start-cluster.sh"
  echo "$PASS passed, $FAIL failed"
  exit 1
fi
echo "# cluster started in $(since "$t") s"
# shellcheck source=/dev/null
. "$CLUSTER_DIR/cluster.env"
ok "cluster started ($KUBE_VERSION at $APISERVER_URL)"

TMP_BODY="$(mktemp)"
CODE=""
BODY=""
# req TOKEN METHOD PATH [BODY [CONTENT-TYPE]] -> CODE, BODY
req() {
  local token="$1" method="$2" path="$3" data="${4:-}" ctype="${5:-application/json}"
  local args=(-s --max-time 15 --cacert "$CA_FILE" -H "Authorization: Bearer $token"
              -X "$method" -o "$TMP_BODY" -w '%{http_code}')
  if [ -n "$data" ]; then args+=(-H "Content-Type: $ctype" --data-binary "$data"); fi
  CODE="$(curl "${args[@]}" "$APISERVER_URL$path" || true)"
  BODY="$(cat "$TMP_BODY")"
}
# jq-less JSON probe: jsonpy 'python expression over d' <<<"$BODY"
jsonpy() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)" 2>/dev/null; }
expect_code() { # DESCRIPTION WANT
  if [ "$CODE" = "$2" ]; then ok "$1 (HTTP $CODE)"; else bad "$1: want HTTP $2, got $CODE: ${BODY:0:300}"; fi
}
# poll SECONDS COMMAND... (0 when COMMAND succeeded in time)
poll() {
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

NS=smoke
POD_IP=10.244.1.5
HOST_IP=192.0.2.10   # TEST-NET-1: only data in the pod status, never contacted

# ---- basic objects ---------------------------------------------------------------------
req "$ADMIN_TOKEN" POST /api/v1/namespaces '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"'$NS'"}}'
expect_code "admin creates namespace $NS" 201

req "$ADMIN_TOKEN" POST /api/v1/nodes '{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1","labels":{"kubernetes.io/hostname":"node-1"}}}'
expect_code "admin creates Node node-1" 201

req "$ADMIN_TOKEN" POST "/api/v1/namespaces/$NS/services" '{"apiVersion":"v1","kind":"Service",
  "metadata":{"name":"my-service"},
  "spec":{"selector":{"app":"MyApp"},"ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":9376}]}}'
expect_code "admin creates Service my-service" 201
CLUSTER_IP="$(jsonpy 'd["spec"]["clusterIP"]' <<<"$BODY" || true)"
case "$CLUSTER_IP" in 10.9[6-9].*|10.1[01][0-9].*) ok "clusterIP $CLUSTER_IP allocated from 10.96.0.0/12" ;;
  *) bad "clusterIP '$CLUSTER_IP' not in 10.96.0.0/12" ;; esac

# The ServiceAccount admission plugin needs the namespace's default SA and its token.
sa_ready() { req "$ADMIN_TOKEN" GET "/api/v1/namespaces/$NS/serviceaccounts/default"; [ "$CODE" = 200 ] && grep -q '"secrets"' <<<"$BODY"; }
if poll 60 sa_ready; then ok "serviceaccount controllers created default SA with token"; else bad "default ServiceAccount in $NS not ready"; fi

req "$ADMIN_TOKEN" POST "/api/v1/namespaces/$NS/pods" '{"apiVersion":"v1","kind":"Pod",
  "metadata":{"name":"my-pod","labels":{"app":"MyApp"}},
  "spec":{"nodeName":"node-1","containers":[{"name":"app","image":"registry.invalid/my-app:1",
    "ports":[{"name":"http","containerPort":9376,"protocol":"TCP"}]}]}}'
expect_code "admin creates Pod my-pod on node-1" 201

req "$ADMIN_TOKEN" PATCH "/api/v1/namespaces/$NS/pods/my-pod/status" '{"status":{
  "phase":"Running","hostIP":"'$HOST_IP'","podIP":"'$POD_IP'","podIPs":[{"ip":"'$POD_IP'"}],
  "conditions":[{"type":"Ready","status":"True"},{"type":"ContainersReady","status":"True"},
                {"type":"Initialized","status":"True"},{"type":"PodScheduled","status":"True"}]}}' \
  application/merge-patch+json
expect_code "admin sets pod status via status subresource" 200
got="$(jsonpy 'd["status"]["phase"]+" "+d["status"]["podIP"]' <<<"$BODY" || true)"
[ "$got" = "Running $POD_IP" ] && ok "pod status is Running $POD_IP" || bad "pod status after patch: '$got'"

# ---- endpoints from the real controller-manager -------------------------------------
endpoints_have_pod() {
  req "$ADMIN_TOKEN" GET "/api/v1/namespaces/$NS/endpoints/my-service"
  [ "$CODE" = 200 ] || return 1
  [ "$(jsonpy '" ".join(a["ip"]+":"+str(p["port"]) for s in d.get("subsets",[]) for a in s.get("addresses",[]) for p in s.get("ports",[]))' <<<"$BODY")" = "$POD_IP:9376" ]
}
t=$(now)
if poll 60 endpoints_have_pod; then
  ok "endpoints controller wrote Endpoints $POD_IP:9376 ($(since "$t") s)"
  node="$(jsonpy 'd["subsets"][0]["addresses"][0].get("nodeName","")+"/"+d["subsets"][0]["addresses"][0]["targetRef"]["name"]' <<<"$BODY" || true)"
  [ "$node" = "node-1/my-pod" ] && ok "endpoint address references node-1/my-pod" || bad "endpoint address refs: '$node'"
else
  bad "Endpoints my-service never got $POD_IP:9376: ${BODY:0:300}"
fi
slice_has_pod() {
  req "$ADMIN_TOKEN" GET "/apis/discovery.k8s.io/v1beta1/namespaces/$NS/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dmy-service"
  [ "$CODE" = 200 ] || return 1
  jsonpy '[a for i in d["items"] for e in (i.get("endpoints") or []) for a in e["addresses"]]' <<<"$BODY" | grep -q "'$POD_IP'"
}
if poll 30 slice_has_pod; then ok "endpointslice controller wrote an EndpointSlice with $POD_IP"; else bad "no EndpointSlice with $POD_IP: ${BODY:0:300}"; fi

req "$ADMIN_TOKEN" GET /api/v1/namespaces/default/endpoints/kubernetes
got="$(jsonpy 'd["subsets"][0]["addresses"][0]["ip"]' <<<"$BODY" || true)"
[ "$got" = "$ADVERTISE_ADDRESS" ] && ok "kubernetes Endpoints advertise $ADVERTISE_ADDRESS (not loopback)" ||
  bad "kubernetes Endpoints: '$got' (want $ADVERTISE_ADDRESS)"

# ---- read-only user ----------------------------------------------------------------------
req "$READONLY_TOKEN" GET /api/v1/pods
expect_code "read-only token lists pods in all namespaces" 200
req "$READONLY_TOKEN" GET "/api/v1/namespaces/$NS/services/my-service"
expect_code "read-only token gets the service" 200
req "$READONLY_TOKEN" POST "/api/v1/namespaces/$NS/configmaps" '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"nope"}}'
expect_code "read-only token may not create" 403
req "$READONLY_TOKEN" DELETE "/api/v1/namespaces/$NS/services/my-service"
expect_code "read-only token may not delete" 403
code="$(curl -s -o /dev/null -w '%{http_code}' --cacert "$CA_FILE" --cert "$READONLY_CERT" --key "$READONLY_KEY" "$APISERVER_URL/api/v1/services")"
[ "$code" = 200 ] && ok "read-only client cert lists services (HTTP 200)" || bad "read-only client cert list services: HTTP $code"
code="$(curl -s -o /dev/null -w '%{http_code}' --cacert "$CA_FILE" --cert "$READONLY_CERT" --key "$READONLY_KEY" \
  -X POST -H 'Content-Type: application/json' --data '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"nope"}}' "$APISERVER_URL/api/v1/namespaces")"
[ "$code" = 403 ] && ok "read-only client cert may not create (HTTP 403)" || bad "read-only client cert create: HTTP $code"

# ---- agent user ------------------------------------------------------------------------------
req "$AGENT_TOKEN" GET "/api/v1/services?watch=1&timeoutSeconds=1"
if [ "$CODE" = 200 ] && grep -q '"type":"ADDED"' <<<"$BODY"; then ok "agent token watches services (HTTP 200, ADDED events)"
else bad "agent watch services: HTTP $CODE ${BODY:0:200}"; fi
req "$AGENT_TOKEN" GET /api/v1/endpoints
expect_code "agent token lists endpoints" 200
req "$AGENT_TOKEN" GET /apis/discovery.k8s.io/v1beta1/endpointslices
expect_code "agent token lists endpointslices" 200
req "$AGENT_TOKEN" GET /api/v1/nodes
expect_code "agent token lists nodes" 200
req "$AGENT_TOKEN" GET /api/v1/pods
expect_code "agent token may not list pods" 403
req "$AGENT_TOKEN" GET "/api/v1/namespaces/$NS/secrets"
expect_code "agent token may not list secrets" 403
req "$AGENT_TOKEN" POST "/api/v1/namespaces/$NS/services" '{"apiVersion":"v1","kind":"Service","metadata":{"name":"nope"},"spec":{"ports":[{"port":1}]}}'
expect_code "agent token may not create services" 403

# ---- kubeconfigs: every one is usable as written ----------------------------------------
# kc_get KUBECONFIG KEY -> value of "KEY: value" (our generated files are flat)
kc_get() { sed -nE "s/^[[:space:]]*$2:[[:space:]]*//p" "$1" | head -n1; }
kc_code() { # KUBECONFIG PATH -> HTTP code
  local kc="$1" d; d="$(mktemp -d)"
  kc_get "$kc" certificate-authority-data | base64 -d >"$d/ca"
  local args=(-s -o /dev/null -w '%{http_code}' --max-time 10 --cacert "$d/ca")
  if [ -n "$(kc_get "$kc" token)" ]; then
    args+=(-H "Authorization: Bearer $(kc_get "$kc" token)")
  else
    kc_get "$kc" client-certificate-data | base64 -d >"$d/crt"
    kc_get "$kc" client-key-data | base64 -d >"$d/key"
    args+=(--cert "$d/crt" --key "$d/key")
  fi
  curl "${args[@]}" "$(kc_get "$kc" server)$2" || true
  rm -rf "$d"
}
for kc in "$ADMIN_KUBECONFIG" "$ADMIN_TOKEN_KUBECONFIG" "$READONLY_KUBECONFIG" "$AGENT_KUBECONFIG"; do
  code="$(kc_code "$kc" "/api/v1/namespaces/$NS/services")"
  [ "$code" = 200 ] && ok "$(basename "$kc") lists services (HTTP 200)" || bad "$(basename "$kc") list services: HTTP $code"
done
code="$(kc_code "$ADMIN_KUBECONFIG" "/api/v1/namespaces/$NS/secrets")"
[ "$code" = 200 ] && ok "admin.kubeconfig lists secrets (HTTP 200)" || bad "admin.kubeconfig secrets: HTTP $code"
code="$(kc_code "$AGENT_KUBECONFIG" "/api/v1/namespaces/$NS/pods")"
[ "$code" = 403 ] && ok "agent.kubeconfig may not list pods (HTTP 403)" || bad "agent.kubeconfig pods: HTTP $code"

# ---- dry-run validation -------------------------------------------------------------------
req "$ADMIN_TOKEN" POST "/api/v1/namespaces/$NS/services?dryRun=All" '{"apiVersion":"v1","kind":"Service",
  "metadata":{"name":"Bad_Name"},"spec":{"selector":{"app":"MyApp"},"ports":[{"port":0,"targetPort":9376}]}}'
expect_code "dry-run create of an invalid service is rejected" 422
ncauses="$(jsonpy 'len(d["details"]["causes"])' <<<"$BODY" || echo 0)"
[ "${ncauses:-0}" -ge 1 ] && ok "422 carries $ncauses causes ($(jsonpy '"; ".join(c["field"] for c in d["details"]["causes"])' <<<"$BODY"))" ||
  bad "422 without details.causes: ${BODY:0:300}"
req "$ADMIN_TOKEN" POST "/api/v1/namespaces/$NS/services?dryRun=All" '{"apiVersion":"v1","kind":"Service",
  "metadata":{"name":"dry-ok"},"spec":{"ports":[{"port":81}]}}'
expect_code "dry-run create of a valid service" 201
req "$ADMIN_TOKEN" GET "/api/v1/namespaces/$NS/services/dry-ok"
expect_code "dry-run did not persist the service" 404

# ---- cleanup path: pod delete with grace 0, endpoints drain, namespace delete ----------
req "$ADMIN_TOKEN" DELETE "/api/v1/namespaces/$NS/pods/my-pod" '{"apiVersion":"v1","kind":"DeleteOptions","gracePeriodSeconds":0}'
expect_code "pod deleted with gracePeriodSeconds 0" 200
pod_gone() { req "$ADMIN_TOKEN" GET "/api/v1/namespaces/$NS/pods/my-pod"; [ "$CODE" = 404 ]; }
poll 10 pod_gone && ok "pod is gone at once" || bad "pod still there: HTTP $CODE"
endpoints_empty() {
  req "$ADMIN_TOKEN" GET "/api/v1/namespaces/$NS/endpoints/my-service"
  [ "$CODE" = 200 ] && [ "$(jsonpy 'len(d.get("subsets") or [])' <<<"$BODY")" = 0 ]
}
poll 30 endpoints_empty && ok "Endpoints emptied after the pod went" || bad "Endpoints not emptied: ${BODY:0:300}"
req "$ADMIN_TOKEN" DELETE "/api/v1/namespaces/$NS"
expect_code "namespace delete accepted" 200
ns_gone() { req "$ADMIN_TOKEN" GET "/api/v1/namespaces/$NS"; [ "$CODE" = 404 ]; }
t=$(now)
poll 60 ns_gone && ok "namespace controller finished deleting $NS ($(since "$t") s)" || bad "namespace $NS not deleted: ${BODY:0:300}"

# ---- logs: no endpoint validation errors for the kubernetes service --------------------
if grep -q 'Endpoints "kubernetes" is invalid' "$APISERVER_LOG"; then
  bad "apiserver log has 'Endpoints \"kubernetes\" is invalid'"
else
  ok "no kubernetes endpoint validation errors in the apiserver log"
fi

# ---- stop --------------------------------------------------------------------------------
"$HERE/stop-cluster.sh" "$CLUSTER_DIR" 2>/dev/null
left=""
for p in $ETCD_PID $APISERVER_PID $KCM_PID; do
  if { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null | grep -qF "$CLUSTER_DIR/" &&
     [ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" != Z ]; then left+=" $p"; fi
done
[ -z "$left" ] && ok "stop-cluster.sh stopped etcd, apiserver and controller-manager" || bad "still running after stop:$left"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
