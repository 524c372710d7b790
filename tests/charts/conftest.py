"""Helpers for the chart tests: render with Helm 3 or Helm 4 and parse the objects."""
import functools
import os
import pathlib
import socket
import subprocess
import time
import urllib.error
import urllib.request

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


# The bundled S3 server, run for real on 127.0.0.1 (tests of the bucket Job and of the connector jars).
SEAWEEDFS_ACCESS, SEAWEEDFS_SECRET = "spark-41-admin", "not-the-real-one-0123456789"


def weed_binary():
    path = subprocess.run(["bash", "-c", "source scripts/cluster/lib.sh && echo $SEAWEEDFS_BIN"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout.strip()
    if not os.access(path, os.X_OK):
        if os.environ.get("SPARKMV_REQUIRE_CLUSTER") == "1":
            pytest.fail(f"no SeaweedFS binary at {path}: run scripts/bootstrap.sh --cluster")
        pytest.skip(f"no SeaweedFS binary at {path} (scripts/bootstrap.sh --cluster builds it)")
    return path


def free_port():
    """A port free on 127.0.0.1 whose gRPC twin (port + 10000, SeaweedFS's default) is free too."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + 10000 < 65536:
            with socket.socket() as twin:
                try:
                    twin.bind(("127.0.0.1", port + 10000))
                    return port
                except OSError:
                    continue


def _statefulset(objects):
    sts = find(objects, kind="StatefulSet", app="seaweedfs")[0]
    return sts["spec"]["template"]["spec"]["containers"][0]


@pytest.fixture(scope="module")
def seaweedfs(tmp_path_factory):
    """SeaweedFS as the 4.1 chart starts it, on free loopback ports; yields its S3 URL."""
    container = _statefulset(render(["spark-41", "charts/spark-4.1", "--namespace", "spark"]))
    args = [a for a in container["args"] if not a.startswith(("-dir=", "-s3.port=", "-s3.ip.bind="))]
    ports = {name: free_port() for name in ("master", "volume", "filer", "s3")}
    data = tmp_path_factory.mktemp("seaweedfs")
    command = [weed_binary(), *args, f"-dir={data}", "-s3.ip.bind=127.0.0.1",
               *(f"-{name}.port={port}" for name, port in ports.items())]
    env = {"PATH": os.environ["PATH"], "HOME": str(data), "AWS_ACCESS_KEY_ID": SEAWEEDFS_ACCESS,
           "AWS_SECRET_ACCESS_KEY": SEAWEEDFS_SECRET}
    log = open(data / "weed.log", "w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=data)
    url = f"http://127.0.0.1:{ports['s3']}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, (data / "weed.log").read_text()[-3000:]
            try:
                # Anonymous listing is refused once the gateway runs with credentials: that answer means ready.
                urllib.request.urlopen(url + "/", timeout=2)
                pytest.fail("the S3 server answered an unsigned request: it runs without credentials")
            except urllib.error.HTTPError as answer:
                if answer.code == 403:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, (data / "weed.log").read_text()[-3000:]
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
