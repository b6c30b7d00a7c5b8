#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Replays cases/*.yaml against a real kube-apiserver v1.20 and compares its verdicts with the
headers of the files (the same headers cases_test.cpp checks our validation against).

It starts its own etcd and kube-apiserver in a temporary directory, on loopback ports, once per
service range a header names (the default 10.96.0.0/12 plus every `expect-create@CIDR`), sends
each manifest with ?dryRun=All and then for real, and deletes what got created.

  replay_cases.py [--apiserver BIN] [--etcd BIN] [--cases DIR] [--port-base N]

Exit 0 when every verdict agrees, 1 otherwise, 2 when the servers do not come up.
Only the standard library is used; PyYAML is used when present to find kind/name/namespace.
"""

import argparse
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

DEFAULT_RANGE = "10.96.0.0/12"
HERE = os.path.dirname(os.path.abspath(__file__))


def parse_case(path):
    text = open(path, encoding="utf-8").read()
    verdicts = {}  # label -> {"expected": [(field, type)], "messages": [...]}
    namespaces = []
    for line in text.splitlines():
        m = re.match(r"# (expect-[^:]+|message-create|requires-namespace): (.*)$", line)
        if not m:
            continue
        key, rest = m.group(1), m.group(2)
        if key == "requires-namespace":
            namespaces.append(rest.strip())
        elif key == "message-create":
            verdicts.setdefault("create", {"expected": [], "messages": []})["messages"].append(rest)
        else:
            v = verdicts.setdefault(key[len("expect-"):], {"expected": [], "messages": []})
            if rest.strip() != "valid":
                field, typ = rest.split()[:2]
                v["expected"].append((field, typ))
    kind = re.search(r"^kind:\s*(\S+)", text, re.M).group(1)
    ns = re.search(r"^  namespace:\s*(\S+)", text, re.M)
    return {
        "path": path,
        "text": text,
        "kind": kind,
        "namespace": ns.group(1) if ns else "default",
        "verdicts": verdicts,
        "namespaces": namespaces,
    }


class Cluster:
    def __init__(self, args, service_range, workdir):
        self.args = args
        self.range = service_range
        self.dir = workdir
        self.procs = []
        self.token = "replay-cases-token"
        self.port = args.port_base + 3
        self.ctx = ssl.create_default_context()
        self.ctx.check_hostname = False
        self.ctx.verify_mode = ssl.CERT_NONE

    def start(self):
        os.makedirs(self.dir, exist_ok=True)
        etcd_client = f"http://127.0.0.1:{self.args.port_base + 1}"
        etcd_peer = f"http://127.0.0.1:{self.args.port_base + 2}"
        log = open(os.path.join(self.dir, "etcd.log"), "w")
        self.procs.append(subprocess.Popen(
            [self.args.etcd, "--data-dir", os.path.join(self.dir, "etcd"),
             "--listen-client-urls", etcd_client, "--advertise-client-urls", etcd_client,
             "--listen-peer-urls", etcd_peer, "--initial-advertise-peer-urls", etcd_peer,
             "--initial-cluster", f"default={etcd_peer}"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        key = os.path.join(self.dir, "sa.key")
        pub = os.path.join(self.dir, "sa.pub")
        subprocess.run(["openssl", "genrsa", "-out", key, "2048"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["openssl", "rsa", "-in", key, "-pubout", "-out", pub], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        tokens = os.path.join(self.dir, "tokens.csv")
        with open(tokens, "w") as f:
            f.write(f'{self.token},admin,admin,"system:masters"\n')
        log = open(os.path.join(self.dir, "apiserver.log"), "w")
        self.procs.append(subprocess.Popen(
            [self.args.apiserver,
             f"--etcd-servers={etcd_client}",
             "--bind-address=127.0.0.1", f"--secure-port={self.port}",
             "--advertise-address=10.255.255.1",
             f"--cert-dir={os.path.join(self.dir, 'certs')}",
             f"--token-auth-file={tokens}", "--authorization-mode=AlwaysAllow",
             "--service-account-issuer=https://kubernetes.default.svc",
             f"--service-account-key-file={pub}", f"--service-account-signing-key-file={key}",
             f"--service-cluster-ip-range={self.range}",
             "--service-node-port-range=30000-32767"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                status, _ = self.request("GET", "/readyz")
                if status == 200:
                    # The bootstrap controller creates "default" a moment after readiness.
                    status, _ = self.request("GET", "/api/v1/namespaces/default")
                    if status == 200:
                        return True
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(1)
        return False

    def stop(self):
        for p in reversed(self.procs):
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        self.procs = []

    def request(self, method, path, body=None, content_type="application/yaml"):
        req = urllib.request.Request(f"https://127.0.0.1:{self.port}{path}", method=method,
                                     data=body.encode() if body is not None else None)
        req.add_header("Authorization", f"Bearer {self.token}")
        req.add_header("Accept", "application/json")
        if body is not None:
            req.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(req, context=self.ctx, timeout=30) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def ensure_namespace(self, ns):
        self.request("POST", "/api/v1/namespaces",
                     json.dumps({"apiVersion": "v1", "kind": "Namespace",
                                 "metadata": {"name": ns}}), "application/json")


def verdict_of(status, body):
    """[(field, reason)] and [message] of a response; [] for a success."""
    if status in (200, 201):
        return [], []
    try:
        st = json.loads(body)
    except ValueError:
        return [("-", f"HTTP{status}")], [body]
    causes = (st.get("details") or {}).get("causes") or []
    if st.get("reason") == "Invalid" and causes:
        return ([(c.get("field", ""), c.get("reason", "")) for c in causes],
                [(c.get("field", "") + ": " if c.get("field") else "") + c.get("message", "")
                 for c in causes])
    # No field causes (a 500 InternalError, a 404): "-" stands for "no field" in the headers.
    return [("-", st.get("reason", f"HTTP{status}"))], [st.get("message", "")]


def run_case(cluster, case, labels):
    resource = {"Service": "services", "Endpoints": "endpoints"}[case["kind"]]
    base = f"/api/v1/namespaces/{case['namespace']}/{resource}"
    for ns in case["namespaces"]:
        cluster.ensure_namespace(ns)
    problems = []
    for label in labels:
        want = case["verdicts"].get(label)
        if want is None:
            continue
        dry = label == "dry-run"
        status, body = cluster.request("POST", base + ("?dryRun=All" if dry else ""), case["text"])
        got, messages = verdict_of(status, body)
        if got != want["expected"]:
            problems.append(f"{label}: apiserver said {got or 'valid'}, header says "
                            f"{want['expected'] or 'valid'}")
        if label == "create" and want["messages"] and messages != want["messages"]:
            problems.append(f"{label}: messages differ:\n      apiserver: {messages}\n"
                            f"      header:    {want['messages']}")
        if status in (200, 201) and not dry:
            name = json.loads(body)["metadata"]["name"]  # generateName: the server's choice
            cluster.request("DELETE", f"{base}/{name}")
            time.sleep(0.2)
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--apiserver",
                    default="/var/cache/service-studio/kubernetes-1.20.2/bin/kube-apiserver")
    ap.add_argument("--etcd", default=shutil.which("etcd") or "etcd")
    ap.add_argument("--cases", default=os.path.join(HERE, "cases"))
    ap.add_argument("--port-base", type=int, default=24370)
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()

    cases = [parse_case(os.path.join(args.cases, f))
             for f in sorted(os.listdir(args.cases)) if f.endswith(".yaml")]
    ranges = {DEFAULT_RANGE: ["dry-run", "create"]}
    for c in cases:
        for label in c["verdicts"]:
            if label.startswith("create@"):
                ranges.setdefault(label[len("create@"):], []).append(label)

    top = tempfile.mkdtemp(prefix="replay-cases-")
    failures = 0
    checked = 0
    try:
        for i, (service_range, labels) in enumerate(ranges.items()):
            cluster = Cluster(args, service_range, os.path.join(top, f"run{i}"))
            try:
                if not cluster.start():
                    print(f"apiserver with --service-cluster-ip-range={service_range} did not "
                          f"come up; see {cluster.dir}/apiserver.log", file=sys.stderr)
                    args.keep = True
                    return 2
                print(f"== --service-cluster-ip-range={service_range}")
                for case in cases:
                    wanted = [l for l in dict.fromkeys(labels) if l in case["verdicts"]]
                    if not wanted:
                        continue
                    checked += len(wanted)
                    problems = run_case(cluster, case, wanted)
                    name = os.path.basename(case["path"])
                    if problems:
                        failures += 1
                        print(f"DIFFER {name}")
                        for p in problems:
                            print(f"    {p}")
                    else:
                        print(f"agree  {name} ({', '.join(wanted)})")
            finally:
                cluster.stop()
    finally:
        if args.keep:
            print(f"kept {top}")
        else:
            shutil.rmtree(top, ignore_errors=True)
    print(f"{checked} verdicts checked, {failures} case(s) differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
