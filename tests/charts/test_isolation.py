"""sparkmv lint over each pair of renders: clean for the guide, the right rule for each common problem."""
import json
import os
import subprocess

import pytest

from conftest import CONTRACT, PAIRS, ROOT, cached_text

SPARKMV = os.environ.get("SPARKMV", str(ROOT / "build/src/sparkmv"))


def lint(tmp_path, first, second):
    """Run sparkmv lint over two renders: each (release, namespace, helm args)."""
    args = [SPARKMV, "lint", "-o", "json"]
    for label, (release, namespace, helm_args) in zip(("a", "b"), (first, second)):
        path = tmp_path / f"{label}.yaml"
        path.write_text(cached_text(helm_args))
        args += ["--release", f"{release}={path}@{namespace}"]
    result = subprocess.run(args, capture_output=True, text=True)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout) if result.stdout.strip() else {}


def rule_ids(report):
    return {f.get("rule") or f.get("id") for f in report.get("findings", [])}


def namespace_of(args):
    return args[args.index("--namespace") + 1] if "--namespace" in args else "default"


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_guide_pairs_are_clean(tmp_path, pair):
    a, b = (CONTRACT[c] for c in PAIRS[pair])
    code, report = lint(tmp_path, (a[0], namespace_of(a), a), (b[0], namespace_of(b), b))
    assert code == 0, report
    assert not report.get("findings")


SHARED_S3 = ["--set", "global.s3.endpoint=http://shared-s3:9000", "--set", "global.s3.existingSecret=s3"]
SHARED_DB = ["--set", "global.postgresql.host=shared-pg", *SHARED_S3]
CASES = {
    # same release name for both versions in one namespace: objects collide
    "ISO001": (["spark", "charts/spark-3.5", "--namespace", "spark"], ["spark", "charts/spark-4.1", "--namespace", "spark"]),
    "ISO003": (["spark-35", "charts/spark-3.5", "--namespace", "spark", *SHARED_DB,
                "--set", "spark-standalone.hiveMetastore.database.existingSecret=db"],
               ["spark-41", "charts/spark-4.1", "--namespace", "spark", *SHARED_DB,
                "--set", "hiveMetastore.database.existingSecret=db",
                "--set", "hiveMetastore.database.name=metastore_spark35"]),
    # one S3 server for both (shared infrastructure), and one prefix
    "ISO004": (["spark-35", "charts/spark-3.5", "--namespace", "spark", *SHARED_S3],
               ["spark-41", "charts/spark-4.1", "--namespace", "spark", *SHARED_S3,
                "--set", "historyServer.logDirectory=s3a://spark-logs/3.5/events"]),
    "ISO004-nested": (["spark-35", "charts/spark-3.5", "--namespace", "spark", *SHARED_S3],
                      ["spark-41", "charts/spark-4.1", "--namespace", "spark", *SHARED_S3,
                       "--set", "historyServer.logDirectory=s3a://spark-logs/3.5"]),
    "ISO006": (["spark-35", "charts/spark-3.5", "--namespace", "spark", "--set", "spark-standalone.serviceAccount.name=spark"],
               ["spark-41", "charts/spark-4.1", "--namespace", "spark", "--set", "serviceAccount.name=spark"]),
    "ISO010": (["spark-35", "charts/spark-3.5", "--namespace", "spark", *SHARED_S3],
               ["spark-41", "charts/spark-4.1", "--namespace", "spark", *SHARED_S3,
                "--set", "warehouse.dir=s3a://spark-warehouse/3.5/"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_common_problems_are_reported(tmp_path, case):
    a, b = CASES[case]
    names = ("spark-35", "spark-41")
    code, report = lint(tmp_path, (names[0], "spark", a), (names[1], "spark", b))
    assert code == 1
    assert case.split("-")[0] in rule_ids(report), report


def test_same_prefix_on_each_release_own_s3_server_is_not_shared(tmp_path):
    """With the bundled S3 server per release, equal prefixes live on two servers: nothing is shared."""
    a = ["spark-35", "charts/spark-3.5", "--namespace", "spark"]
    b = ["spark-41", "charts/spark-4.1", "--namespace", "spark",
         "--set", "historyServer.logDirectory=s3a://spark-logs/3.5/events"]
    code, report = lint(tmp_path, ("spark-35", "spark", a), ("spark-41", "spark", b))
    assert code == 0, report
    assert not [s for s in report["shared"] if s["kind"] == "bucket"], report["shared"]


def test_overlay_shares_spark_base_s3_server_and_nothing_else(tmp_path):
    """Both releases on spark-base's SeaweedFS: one bucket per kind of data, a prefix per version, all allowed."""
    a, b = CONTRACT["overlay-35"], CONTRACT["overlay-41"]
    code, report = lint(tmp_path, (a[0], namespace_of(a), a), (b[0], namespace_of(b), b))
    assert code == 0, report
    buckets = {s["resource"] for s in report["shared"] if s["kind"] == "bucket"}
    assert buckets == {"s3://spark-logs at spark-base-seaweedfs.default:8333",
                       "s3://spark-warehouse at spark-base-seaweedfs.default:8333"}, report["shared"]
