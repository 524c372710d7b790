"""The bundled S3 server and the bucket Job, run for real: the SeaweedFS binary the cluster bootstrap builds from its
pinned Go module (what local/seaweedfs carries), started with the StatefulSet's own arguments and credentials on
127.0.0.1, and the Job's rendered script run by /bin/sh with curl, as in its pod. The rest of the charts' tests
only render; the real cluster runs the same pieces in pods (tests/cluster)."""
import os
import pathlib
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT, find, render

ACCESS, SECRET = "spark-41-admin", "not-the-real-one-0123456789"


def _weed():
    path = subprocess.run(["bash", "-c", "source scripts/cluster/lib.sh && echo $SEAWEEDFS_BIN"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout.strip()
    if not os.access(path, os.X_OK):
        if os.environ.get("SPARKMV_REQUIRE_CLUSTER") == "1":
            pytest.fail(f"no SeaweedFS binary at {path}: run scripts/bootstrap.sh --cluster")
        pytest.skip(f"no SeaweedFS binary at {path} (scripts/bootstrap.sh --cluster builds it)")
    return path


def _free_port():
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


def _job(objects):
    return find(objects, kind="Job", app="spark-s3-init")[0]["spec"]["template"]["spec"]["containers"][0]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """SeaweedFS as the 4.1 chart starts it, on free loopback ports; yields its S3 URL."""
    container = _statefulset(render(["spark-41", "charts/spark-4.1", "--namespace", "spark"]))
    args = [a for a in container["args"] if not a.startswith(("-dir=", "-s3.port=", "-s3.ip.bind="))]
    ports = {name: _free_port() for name in ("master", "volume", "filer", "s3")}
    data = tmp_path_factory.mktemp("seaweedfs")
    command = [_weed(), *args, f"-dir={data}", "-s3.ip.bind=127.0.0.1",
               *(f"-{name}.port={port}" for name, port in ports.items())]
    env = {"PATH": os.environ["PATH"], "HOME": str(data), "AWS_ACCESS_KEY_ID": ACCESS, "AWS_SECRET_ACCESS_KEY": SECRET}
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


def _run_job(container, url, secret=SECRET, wait=None):
    env = {"PATH": os.environ["PATH"], "S3_ENDPOINT": url, "AWS_ACCESS_KEY_ID": ACCESS,
           "AWS_SECRET_ACCESS_KEY": secret, "TMPDIR": os.environ.get("TMPDIR", "/tmp")}
    env.update({e["name"]: e["value"] for e in container["env"] if "value" in e and e["name"] != "S3_ENDPOINT"})
    if wait is not None:
        env["S3_WAIT_SECONDS"] = str(wait)
    assert container["command"][:2] == ["/bin/sh", "-ec"]
    return subprocess.run(["/bin/sh", "-ec", container["args"][0]], env=env, capture_output=True, text=True,
                          timeout=180)


def _keys(url, bucket):
    import boto3
    from botocore.config import Config
    client = boto3.client("s3", endpoint_url=url, aws_access_key_id=ACCESS, aws_secret_access_key=SECRET,
                          region_name="us-east-1", config=Config(s3={"addressing_style": "path"}))
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", []))


def test_bucket_job_creates_buckets_and_prefixes_and_runs_again(server):
    spark_base = _job(render(["spark-base", "charts/spark-base", "--namespace", "spark"]))
    first = _run_job(spark_base, server)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "s3-init: bucket spark-logs created" in first.stdout
    assert _keys(server, "spark-logs") == ["3.5/events/.keep", "4.1/events/.keep"]
    assert _keys(server, "spark-warehouse") == ["3.5/.keep", "4.1/.keep"]
    # An upgrade, a reinstall or a release of its own on the same store runs it again: nothing fails.
    again = _run_job(spark_base, server)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "s3-init: bucket spark-logs exists" in again.stdout
    release = _run_job(_job(render(["spark-41", "charts/spark-4.1", "--namespace", "spark"])), server)
    assert release.returncode == 0, release.stdout + release.stderr
    assert _keys(server, "spark-logs") == ["3.5/events/.keep", "4.1/events/.keep"]


def test_bucket_job_names_the_cause_of_a_refusal(server):
    result = _run_job(_job(render(["spark-41", "charts/spark-4.1", "--namespace", "spark"])), server, secret="wrong")
    assert result.returncode != 0
    assert f"s3-init: bucket spark-logs: access denied to {ACCESS} (HTTP 403)" in result.stdout, result.stdout


def test_bucket_job_gives_up_on_a_silent_endpoint():
    url = f"http://127.0.0.1:{_free_port()}"
    result = _run_job(_job(render(["spark-41", "charts/spark-4.1", "--namespace", "spark"])), url, wait=2)
    assert result.returncode != 0
    assert f"s3-init: {url} does not answer (2 s)" in result.stdout, result.stdout


def _waiter(objects, name):
    spec = find(objects, kind="Deployment", name=name)[0]["spec"]["template"]["spec"]
    return next(c for c in spec["initContainers"] if c["name"] == "wait-for-log-directory")


def test_servers_wait_for_their_log_directory(server):
    """The History Server and the Connect server start only once their s3a:// log directory exists."""
    objects = render(["spark-35", "charts/spark-3.5", "--namespace", "spark", "--set", "spark-standalone.enabled=true",
                      "--set", "spark-standalone.historyServer.logDirectory=s3a://spark-logs/other/events"])
    history = _waiter(objects, "spark-35-history")
    early = _run_job(history, server, wait=0)
    assert early.returncode != 0
    assert "wait-for-log-directory: s3a://spark-logs/other/events does not exist after 0 s (HTTP " in early.stdout
    created = _run_job(_job(objects), server)
    assert created.returncode == 0, created.stdout + created.stderr
    ready = _run_job(history, server, wait=0)
    assert ready.returncode == 0, ready.stdout + ready.stderr
    assert "wait-for-log-directory: s3a://spark-logs/other/events exists" in ready.stdout
    connect = _waiter(render(["spark-41", "charts/spark-4.1", "--namespace", "spark", "--set", "connect.enabled=true"]),
                      "spark-41-connect")
    assert "s3a://spark-logs/4.1/events" in connect["args"][0]
