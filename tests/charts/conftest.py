"""Helpers for the chart tests: render with Helm 3 or Helm 4 and parse the objects."""
import functools
import os
import pathlib
import subprocess

import pytest
import yaml

ROOT = pathlib.Path(os.environ.get("SPARKMV_ROOT", pathlib.Path(__file__).resolve().parents[2]))
HELMS = {"helm3": ROOT / ".tools/bin/helm3", "helm4": ROOT / ".tools/bin/helm4"}

# The guide's commands (shared/seed-commands.md), as `helm template` arguments.
V1_35 = ["spark-35", "charts/spark-3.5", "--namespace", "spark",
         "--set", "spark-standalone.enabled=true",
         "--set", "spark-standalone.hiveMetastore.enabled=true",
         "--set", "spark-standalone.historyServer.enabled=true",
         "--set", "spark-standalone.historyServer.logDirectory=s3a://spark-logs/3.5/events"]
V1_41 = ["spark-41", "charts/spark-4.1", "--namespace", "spark",
         "--set", "connect.enabled=true",
         "--set", "hiveMetastore.enabled=true",
         "--set", "hiveMetastore.database.name=metastore_spark41",
         "--set", "historyServer.enabled=true",
         "--set", "historyServer.logDirectory=s3a://spark-logs/4.1/events"]
V2_35 = ["spark-35", "charts/spark-3.5", "--namespace", "spark-35", "--set", "spark-standalone.enabled=true"]
V2_41 = ["spark-41", "charts/spark-4.1", "--namespace", "spark-41", "--set", "connect.enabled=true"]
OVERLAY_35 = ["spark-35", "charts/spark-3.5", "-f", "docs/examples/values-multi-version.yaml"]
OVERLAY_41 = ["spark-41", "charts/spark-4.1", "-f", "docs/examples/values-multi-version.yaml"]
CONTRACT = {"v1-35": V1_35, "v1-41": V1_41, "v2-35": V2_35, "v2-41": V2_41,
            "overlay-35": OVERLAY_35, "overlay-41": OVERLAY_41}
PAIRS = {"one-namespace": ("v1-35", "v1-41"), "separate-namespaces": ("v2-35", "v2-41"),
         "overlay": ("overlay-35", "overlay-41")}


def render_text(args, helm="helm3"):
    result = subprocess.run([str(HELMS[helm]), "template", *args], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"helm template {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


@functools.lru_cache(maxsize=None)
def _render_cached(args, helm):
    return render_text(list(args), helm)


def render(args, helm="helm3"):
    """Rendered objects (dicts) of `helm template ARGS`, cached per argument list."""
    text = _render_cached(tuple(args), helm)
    return [doc for doc in yaml.safe_load_all(text) if doc]


def masked(objects):
    """Objects with the values of generated Secrets blanked (random until the first install)."""
    out = []
    for o in objects:
        if o["kind"] == "Secret" and o["metadata"].get("annotations", {}).get("sparkmv.io/generated") == "true":
            o = dict(o, data={k: "<generated>" for k in o.get("data", {})})
        out.append(o)
    return out


def cached_text(args, helm="helm3"):
    return _render_cached(tuple(args), helm)


def find(objects, kind=None, app=None, name=None):
    out = []
    for o in objects:
        if kind and o["kind"] != kind:
            continue
        if app and o["metadata"].get("labels", {}).get("app") != app:
            continue
        if name and o["metadata"]["name"] != name:
            continue
        out.append(o)
    return out


def pod_spec(obj):
    if obj["kind"] == "Pod":
        return obj["spec"]
    if obj["kind"] in ("Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet"):
        return obj["spec"]["template"]["spec"]
    return None


def properties(text):
    """key -> value of a spark-defaults.conf."""
    out = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition(" ")
        out[key] = value.strip()
    return out


@pytest.fixture(params=sorted(HELMS))
def helm(request):
    return request.param
