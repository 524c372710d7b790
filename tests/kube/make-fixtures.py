#!/usr/bin/env python3
"""Builds the fake kubectl's fixtures (tests/fixtures/kube/) from real `helm template` renders of our charts.

Each scenario renders both releases with the flags of one story (the guide's healthy pair, or one common
problem), then shapes the objects the way the cluster would hold them after `helm install`:
  * hooks (helm test pods, hook Jobs) are dropped: they are not live between runs;
  * only the kinds `sparkmv verify --kube` reads are kept; Secrets become "name<TAB>labels" lines (the fake answers
    `kubectl get secrets -o jsonpath=...` with them);
  * when the second release names an object the first already made, helm refuses its whole install
    ("already exists"): that release is left out;
  * each Deployment/StatefulSet gets its running Pods (template labels and spec, phase Running);
  * each History Server pod gets a log in the charts' log4j2 layout (its "[logDirectory=...]" tag read from the
    rendered ConfigMap) and an /api/v1/applications answer listing one application of every release whose
    spark.eventLog.dir is the directory it reads;
  * each release gets the `helm test` output of its rendered test hooks.
Usage: tests/kube/make-fixtures.py HELM   (run from the repository root; rewrites tests/fixtures/kube/)
"""
import hashlib
import json
import pathlib
import re
import shutil
import subprocess
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "tests/fixtures/kube"
LIVE_KINDS = {"Deployment", "StatefulSet", "Service", "ConfigMap", "ServiceAccount", "Role", "RoleBinding"}
VERSIONS = {"spark-3.5": "3.5.7", "spark-4.1": "4.1.0"}

V1_35 = ["--set", "spark-standalone.enabled=true", "--set", "spark-standalone.hiveMetastore.enabled=true",
         "--set", "spark-standalone.historyServer.enabled=true",
         "--set", "spark-standalone.historyServer.logDirectory=s3a://spark-logs/3.5/events"]
V1_41 = ["--set", "connect.enabled=true", "--set", "hiveMetastore.enabled=true",
         "--set", "hiveMetastore.database.name=metastore_spark41", "--set", "historyServer.enabled=true",
         "--set", "historyServer.logDirectory=s3a://spark-logs/4.1/events"]
SHARED_S3 = ["--set", "global.s3.endpoint=http://shared-s3:9000", "--set", "global.s3.existingSecret=s3"]
SHARED_DB = ["--set", "global.postgresql.host=shared-pg", "--set", "global.s3.endpoint=http://shared-s3:9000",
             "--set", "global.s3.existingSecret=s3"]
# scenario: [(release, chart, namespace, flags)]; the same stories as tests/charts/test_isolation.py.
SCENARIOS = {
    "healthy": [("spark-35", "spark-3.5", "spark", V1_35), ("spark-41", "spark-4.1", "spark", V1_41)],
    "separate-namespaces": [("spark-35", "spark-3.5", "spark-35", ["--set", "spark-standalone.enabled=true"]),
                            ("spark-41", "spark-4.1", "spark-41", ["--set", "connect.enabled=true"])],
    "shared-metastore": [
        ("spark-35", "spark-3.5", "spark",
         V1_35 + SHARED_DB + ["--set", "spark-standalone.hiveMetastore.database.existingSecret=db"]),
        ("spark-41", "spark-4.1", "spark",
         V1_41 + SHARED_DB + ["--set", "hiveMetastore.database.existingSecret=db",
                              "--set", "hiveMetastore.database.name=metastore_spark35"])],
    # One S3 endpoint for both (the overlay's shared S3 server), and 4.1 told to use 3.5's prefix.
    "shared-log-prefix": [
        ("spark-35", "spark-3.5", "spark", V1_35 + SHARED_S3),
        ("spark-41", "spark-4.1", "spark",
         V1_41 + SHARED_S3 + ["--set", "historyServer.logDirectory=s3a://spark-logs/3.5/events"])],
    # Both charts told to use ServiceAccount "spark"; helm refuses the second install unless it is run with
    # --take-ownership (Helm 3.17+ and 4), which the "adopt:" prefix models: spark-41 takes the account over.
    "adopt:shared-serviceaccount": [
        ("spark-35", "spark-3.5", "spark", V1_35 + ["--set", "spark-standalone.serviceAccount.name=spark"]),
        ("spark-41", "spark-4.1", "spark", V1_41 + ["--set", "serviceAccount.name=spark"])],
    # Both charts told to use one full name: the second install is refused ("already exists").
    "colliding-names": [
        ("spark-35", "spark-3.5", "spark", V1_35 + ["--set", "spark-standalone.fullnameOverride=spark"]),
        ("spark-41", "spark-4.1", "spark", V1_41 + ["--set", "fullnameOverride=spark"])],
}


def render(helm, release, chart, namespace, flags):
    args = [helm, "template", release, f"charts/{chart}", "--namespace", namespace, *flags]
    text = subprocess.run(args, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return [d for d in yaml.safe_load_all(text) if d]


def uid(*parts):
    h = hashlib.sha256("/".join(parts).encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def pods_of(obj):
    meta, spec = obj["metadata"], obj["spec"]
    template = spec["template"]
    count = spec.get("replicas", 1)
    digest = hashlib.sha256(meta["name"].encode()).hexdigest()
    pods = []
    for i in range(count):
        if obj["kind"] == "StatefulSet":
            name = f"{meta['name']}-{i}"
        else:
            name = f"{meta['name']}-{digest[:9]}-{digest[9 + 5 * i:14 + 5 * i]}"
        labels = dict(template["metadata"].get("labels", {}))
        if obj["kind"] == "Deployment":
            labels["pod-template-hash"] = digest[:9]
        pods.append({"apiVersion": "v1", "kind": "Pod",
                     "metadata": {"name": name, "namespace": meta["namespace"], "labels": labels,
                                  "uid": uid(meta["namespace"], name)},
                     "spec": template["spec"],
                     "status": {"phase": "Running"}})
    return pods


def history_log(directory):
    tag = f"[logDirectory={directory}]"
    lines = [
        f"25/06/02 10:00:01 INFO HistoryServer {tag}: Started daemon with process name: 1@history",
        f"25/06/02 10:00:02 INFO SecurityManager {tag}: Changing view acls to: spark",
        f"25/06/02 10:00:03 INFO FsHistoryProvider {tag}: History server ui acls disabled; users with admin permissions: ; groups with admin permissions: ",
        f"25/06/02 10:00:04 INFO Utils {tag}: Successfully started service 'HistoryServerUI' on port 18080.",
        f"25/06/02 10:00:04 INFO HistoryServer {tag}: Bound HistoryServer to 0.0.0.0, and started at http://history:18080",
    ]
    lines += [f"25/06/02 10:{m:02d}:00 INFO FsHistoryProvider {tag}: Scanning for new event logs" for m in range(1, 21)]
    return "\n".join(lines) + "\n"


def conf_value(objects, key):
    for o in objects:
        if o["kind"] == "ConfigMap":
            for text in (o.get("data") or {}).values():
                m = re.search(rf"^\s*{re.escape(key)}\s+(\S+)", text, re.M)
                if m:
                    return m.group(1)
    return None


def s3_endpoint(objects):
    for o in objects:
        if o["kind"] == "ConfigMap":
            for text in (o.get("data") or {}).values():
                m = re.search(r"<name>fs\.s3a\.endpoint</name><value>([^<]*)</value>", text)
                if m:
                    return m.group(1)
    return None


def build(helm, name, releases):
    adopt = name.startswith("adopt:")
    name = name.removeprefix("adopt:")
    out = OUT / name
    kept, seen, secrets, tests, event_dirs, hs_pods, refused = {}, set(), {}, {}, {}, [], set()
    for release, chart, namespace, flags in releases:
        objects = render(helm, release, chart, namespace, flags)
        for o in objects:
            o["metadata"].setdefault("namespace", namespace)
        event_dirs[release] = (conf_value(objects, "spark.eventLog.dir"), VERSIONS[chart], s3_endpoint(objects))
        tests[release] = [o["metadata"]["name"] for o in objects
                          if o["metadata"].get("annotations", {}).get("helm.sh/hook") == "test"]
        live = [o for o in objects if not o["metadata"].get("annotations", {}).get("helm.sh/hook")]
        if adopt:
            # --take-ownership: the existing objects are replaced by this release's (and its pods restart).
            names = {(o["kind"], o["metadata"]["namespace"], o["metadata"]["name"]) for o in live}
            for items in kept.values():
                items[:] = [o for o in items if (o["kind"], o["metadata"]["namespace"], o["metadata"]["name"]) not in names]
            seen -= names
        elif any((o["kind"], o["metadata"]["namespace"], o["metadata"]["name"]) in seen for o in live):
            # helm refuses the whole install: "... already exists"; the release leaves nothing behind.
            refused.add(release)
            continue
        for o in live:
            meta = o["metadata"]
            key = (o["kind"], meta["namespace"], meta["name"])
            seen.add(key)
            if o["kind"] == "Secret":
                secrets.setdefault(meta["namespace"], []).append(f"{meta['name']}\t{json.dumps(meta.get('labels', {}), separators=(',', ':'), sort_keys=True)}")
                continue
            if o["kind"] not in LIVE_KINDS:
                continue
            meta["uid"] = uid(*key)
            meta["resourceVersion"] = str(1000 + len(seen))
            items = kept.setdefault(meta["namespace"], [])
            items.append(o)
            if o["kind"] in ("Deployment", "StatefulSet"):
                for pod in pods_of(o):
                    items.append(pod)
                    if pod["metadata"]["labels"].get("app") == "spark-history-server":
                        hs_pods.append((pod, items))
    shutil.rmtree(out, ignore_errors=True)
    for namespace, items in kept.items():
        d = out / namespace
        d.mkdir(parents=True)
        (d / "objects.json").write_text(json.dumps({"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items}) + "\n")
        (d / "secrets.txt").write_text("".join(line + "\n" for line in secrets.get(namespace, [])))
    for pod, items in hs_pods:
        namespace, pod_name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        conf = next(v["configMap"]["name"] for v in pod["spec"]["volumes"] if v["name"] == "conf")
        cm = next(o for o in items if o["kind"] == "ConfigMap" and o["metadata"]["name"] == conf)
        directory = re.search(r"\[logDirectory=([^\]]+)\]", cm["data"]["log4j2.properties"]).group(1)
        (out / namespace / "logs").mkdir(exist_ok=True)
        (out / namespace / "logs" / f"{pod_name}.log").write_text(history_log(directory))
        apps = []
        own_endpoint = next(e for r, (_, _, e) in event_dirs.items() if r == pod["metadata"]["labels"]["app.kubernetes.io/instance"])
        for n, (release, (event_dir, version, endpoint)) in enumerate(sorted(event_dirs.items())):
            # A History Server lists the logs in its directory on its own S3 endpoint (not subdirectories).
            if release not in refused and event_dir and endpoint == own_endpoint and event_dir.rstrip("/") == directory.rstrip("/"):
                apps.append({"id": f"app-20250602100000-{n:04d}", "name": f"{release}-smoke",
                             "attempts": [{"startTime": "2025-06-02T10:00:00.000GMT", "endTime": "2025-06-02T10:01:00.000GMT",
                                           "lastUpdated": "2025-06-02T10:01:00.000GMT", "duration": 60000,
                                           "sparkUser": "spark", "completed": True, "appSparkVersion": version}]})
        http = out / namespace / "http" / pod_name / "api/v1"
        http.mkdir(parents=True)
        (http / "applications").write_text(json.dumps(apps, indent=1) + "\n")
    helm_dir = out / "helm-test"
    helm_dir.mkdir(parents=True)
    for release, chart, namespace, _ in releases:
        if release in refused:
            continue
        lines = [f"NAME: {release}", "LAST DEPLOYED: Mon Jun  2 10:00:00 2025", f"NAMESPACE: {namespace}",
                 "STATUS: deployed", "REVISION: 1"]
        for t in tests[release] or ["None"]:
            lines += [f"TEST SUITE:     {t}", "Last Started:   Mon Jun  2 10:05:00 2025",
                      "Last Completed: Mon Jun  2 10:05:10 2025", "Phase:          Succeeded"]
        (helm_dir / f"{release}.out").write_text("\n".join(lines) + "\n")


def main():
    helm = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".tools/bin/helm3")
    for name, releases in SCENARIOS.items():
        build(helm, name, releases)
    print(f"wrote {len(SCENARIOS)} scenarios under {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
