"""The S3A connector each Spark chart pins (connector.jars), proven with that chart's Spark (the distributions the
bootstrap installs) and settings against the bundled S3 server (SeaweedFS) on 127.0.0.1: a parquet table written
and read back, the event log written under the version's prefix, the History Server listing the application. The
lists are the S3 clients' own dependencies instead of the SDK bundles, and every pod start downloads them: their
size is held under 50 MB here."""
import os
import subprocess
import time
import urllib.request

import pytest

from conftest import ROOT, SEAWEEDFS_ACCESS, SEAWEEDFS_SECRET, find, free_port, properties, render

CHARTS = {"3.5": ("charts/spark-3.5", ["spark-35", "charts/spark-3.5", "--set", "spark-standalone.enabled=true"],
                  "3.5.7"),
          "4.1": ("charts/spark-4.1", ["spark-41", "charts/spark-4.1"], "4.1.0")}
JOB = """
import sys
from pyspark.sql import SparkSession
spark = SparkSession.builder.appName(sys.argv[1]).getOrCreate()
path = sys.argv[2]
spark.range(0, 50000).selectExpr("id", "id % 7 AS k").write.mode("overwrite").parquet(path)
print("ROWS", spark.read.parquet(path).count(), "GROUPS", spark.read.parquet(path).groupBy("k").count().count())
spark.stop()
"""


def _jars(chart, tmp_path):
    """The chart's pinned connector, fetched into the download cache and checked (scripts/lib/common.sh)."""
    script = f'source scripts/lib/common.sh; scripts/connector-jars.sh {chart} | while read -r p s; do maven_fetch "$p" "$s"; done'
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    files = result.stdout.split()
    assert files
    folder = tmp_path / "jars"
    folder.mkdir()
    for f in files:
        os.symlink(f, folder / os.path.basename(f))
    return folder, sum(os.path.getsize(f) for f in files)


def _s3a_conf(args, url):
    """spark-defaults of the chart's drivers, pointed at the local server instead of the in-cluster one."""
    defaults = next(properties(c["data"]["spark-defaults.conf"]) for c in find(render(args), kind="ConfigMap")
                    if "spark.hadoop.fs.s3a.aws.credentials.provider" in c["data"].get("spark-defaults.conf", ""))
    conf = {k: v for k, v in defaults.items() if k.startswith("spark.hadoop.fs.s3a.")}
    conf["spark.hadoop.fs.s3a.endpoint"] = url
    conf["spark.hadoop.fs.s3a.connection.ssl.enabled"] = "false"
    return conf


def _store(url):
    import boto3
    from botocore.config import Config
    return boto3.client("s3", endpoint_url=url, aws_access_key_id=SEAWEEDFS_ACCESS,
                        aws_secret_access_key=SEAWEEDFS_SECRET, region_name="us-east-1",
                        config=Config(s3={"addressing_style": "path"}))


@pytest.mark.parametrize("version", sorted(CHARTS))
def test_pinned_connector_runs_spark_and_its_history_server_on_s3(version, seaweedfs, tmp_path):
    chart, args, spark_version = CHARTS[version]
    spark = ROOT / ".tools/spark" / spark_version
    jars, size = _jars(chart, tmp_path)
    assert size < 50 * 2**20, f"{chart} pins {size / 2**20:.1f} MB of connector jars: every pod start downloads them"
    store = _store(seaweedfs)
    for bucket in ("spark-logs", "spark-warehouse"):
        try:
            store.create_bucket(Bucket=bucket)
        except store.exceptions.ClientError as e:
            assert "BucketAlready" in str(e)
    store.put_object(Bucket="spark-logs", Key=f"{version}/events/.keep", Body=b"")
    conf = _s3a_conf(args, seaweedfs)
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "JAVA_HOME": os.environ.get("JAVA_HOME", ""),
           "AWS_ACCESS_KEY_ID": SEAWEEDFS_ACCESS, "AWS_SECRET_ACCESS_KEY": SEAWEEDFS_SECRET,
           "SPARK_LOCAL_IP": "127.0.0.1"}
    env = {k: v for k, v in env.items() if v}
    (tmp_path / "job.py").write_text(JOB)
    app = f"connector-{version}"
    submit = [str(spark / "bin/spark-submit"), "--master", "local[1]", "--jars",
              ",".join(str(j) for j in sorted(jars.iterdir())), "--conf", "spark.ui.enabled=false",
              "--conf", "spark.eventLog.enabled=true", "--conf", f"spark.eventLog.dir=s3a://spark-logs/{version}/events",
              *(a for k, v in conf.items() for a in ("--conf", f"{k}={v}")),
              str(tmp_path / "job.py"), app, f"s3a://spark-warehouse/{version}/connector-test"]
    run = subprocess.run(submit, env=env, capture_output=True, text=True, timeout=400)
    assert "ROWS 50000 GROUPS 7" in run.stdout, run.stderr[-4000:]
    logs = [o["Key"] for o in store.list_objects_v2(Bucket="spark-logs", Prefix=f"{version}/events/").get("Contents", [])]
    assert any(k != f"{version}/events/.keep" for k in logs), logs
    # The History Server of the same version, with the same jars, lists the application from s3a://.
    port = free_port()
    history_env = dict(env, SPARK_DIST_CLASSPATH=f"{jars}/*", SPARK_LOG_DIR=str(tmp_path), SPARK_PID_DIR=str(tmp_path),
                       SPARK_HISTORY_OPTS=" ".join(
                           [f"-Dspark.history.fs.logDirectory=s3a://spark-logs/{version}/events",
                            f"-Dspark.history.ui.port={port}", "-Dspark.history.fs.update.interval=1s",
                            *(f"-D{k}={v}" for k, v in conf.items())]))
    history = subprocess.Popen([str(spark / "bin/spark-class"), "org.apache.spark.deploy.history.HistoryServer"],
                               env=history_env, stdout=open(tmp_path / "history.log", "w"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        listed = ""
        while app not in listed:
            assert history.poll() is None, (tmp_path / "history.log").read_text()[-4000:]
            assert time.monotonic() < deadline, (tmp_path / "history.log").read_text()[-4000:]
            time.sleep(1)
            try:
                listed = urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/applications", timeout=5).read().decode()
            except OSError:
                pass
    finally:
        history.terminate()
        history.wait(timeout=30)
