"""The bundled S3 server and the bucket Job, run for real: the SeaweedFS binary the cluster bootstrap builds from its
pinned Go module (what local/seaweedfs carries), started with the StatefulSet's own arguments and credentials on
127.0.0.1, and the Job's rendered script run by /bin/sh with curl, as in its pod. The rest of the charts' tests
only render; the real cluster runs the same pieces in pods (tests/cluster)."""
import os
import subprocess


from conftest import SEAWEEDFS_ACCESS, SEAWEEDFS_SECRET, find, free_port, render



def _job(objects):
    return find(objects, kind="Job", app="spark-s3-init")[0]["spec"]["template"]["spec"]["containers"][0]


def _run_job(container, url, secret=SEAWEEDFS_SECRET, wait=None):
    env = {"PATH": os.environ["PATH"], "S3_ENDPOINT": url, "AWS_ACCESS_KEY_ID": SEAWEEDFS_ACCESS,
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
    client = boto3.client("s3", endpoint_url=url, aws_access_key_id=SEAWEEDFS_ACCESS, aws_secret_access_key=SEAWEEDFS_SECRET,
                          region_name="us-east-1", config=Config(s3={"addressing_style": "path"}))
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", []))


def test_bucket_job_creates_buckets_and_prefixes_and_runs_again(seaweedfs):
    spark_base = _job(render(["spark-base", "charts/spark-base", "--namespace", "spark"]))
    first = _run_job(spark_base, seaweedfs)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "s3-init: bucket spark-logs created" in first.stdout
    assert _keys(seaweedfs, "spark-logs") == ["3.5/events/.keep", "4.1/events/.keep"]
    assert _keys(seaweedfs, "spark-warehouse") == ["3.5/.keep", "4.1/.keep"]
    # An upgrade, a reinstall or a release of its own on the same store runs it again: nothing fails.
    again = _run_job(spark_base, seaweedfs)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "s3-init: bucket spark-logs exists" in again.stdout
    release = _run_job(_job(render(["spark-41", "charts/spark-4.1", "--namespace", "spark"])), seaweedfs)
    assert release.returncode == 0, release.stdout + release.stderr
    assert _keys(seaweedfs, "spark-logs") == ["3.5/events/.keep", "4.1/events/.keep"]


def test_bucket_job_names_the_cause_of_a_refusal(seaweedfs):
    result = _run_job(_job(render(["spark-41", "charts/spark-4.1", "--namespace", "spark"])), seaweedfs, secret="wrong")
    assert result.returncode != 0
    assert f"s3-init: bucket spark-logs: access denied to {SEAWEEDFS_ACCESS} (HTTP 403)" in result.stdout, result.stdout


def test_bucket_job_gives_up_on_a_silent_endpoint():
    url = f"http://127.0.0.1:{free_port()}"
    result = _run_job(_job(render(["spark-41", "charts/spark-4.1", "--namespace", "spark"])), url, wait=2)
    assert result.returncode != 0
    assert f"s3-init: {url} does not answer (2 s)" in result.stdout, result.stdout


def _waiter(objects, name):
    spec = find(objects, kind="Deployment", name=name)[0]["spec"]["template"]["spec"]
    return next(c for c in spec["initContainers"] if c["name"] == "wait-for-log-directory")


def test_servers_wait_for_their_log_directory(seaweedfs):
    """The History Server and the Connect server start only once their s3a:// log directory exists."""
    objects = render(["spark-35", "charts/spark-3.5", "--namespace", "spark", "--set", "spark-standalone.enabled=true",
                      "--set", "spark-standalone.historyServer.logDirectory=s3a://spark-logs/other/events"])
    history = _waiter(objects, "spark-35-history")
    early = _run_job(history, seaweedfs, wait=0)
    assert early.returncode != 0
    assert "wait-for-log-directory: s3a://spark-logs/other/events does not exist after 0 s (HTTP " in early.stdout
    created = _run_job(_job(objects), seaweedfs)
    assert created.returncode == 0, created.stdout + created.stderr
    ready = _run_job(history, seaweedfs, wait=0)
    assert ready.returncode == 0, ready.stdout + ready.stderr
    assert "wait-for-log-directory: s3a://spark-logs/other/events exists" in ready.stdout
    connect = _waiter(render(["spark-41", "charts/spark-4.1", "--namespace", "spark", "--set", "connect.enabled=true"]),
                      "spark-41-connect")
    assert "s3a://spark-logs/4.1/events" in connect["args"][0]
