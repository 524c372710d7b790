"""`sparkmv events summary` over S3 gives what it gives over the same files on disk, with ranges small and
several in flight, so the windowed ranged GETs hand every object over in order."""
import json
import os
import subprocess

from conftest import BUCKET, DENIED_PREFIX

SPARKMV = os.environ["SPARKMV"]
LOGS = ["3.5/events/local-1795481270690", "3.5/events/local-1795482057865.zstd",
        "3.5/events/eventlog_v2_local-1795481440616", "4.1/events/eventlog_v2_local-1795481780339",
        "4.1/events/local-1795481603216"]


def summary(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([SPARKMV, "events", "summary", *args, "-o", "json"], env=env, capture_output=True,
                          text=True, timeout=120)


def without_path(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "path"}


def test_summary_over_s3_matches_the_local_summary(s3):
    for log in LOGS:
        local = summary(str(s3.tree / log))
        assert local.returncode == 0, local.stderr
        for in_flight in ("1", "3"):
            remote = summary(f"s3://{BUCKET}/{log}",
                             env=s3.env(SPARKMV_S3_RANGE_BYTES="4096", SPARKMV_S3_RANGES_IN_FLIGHT=in_flight))
            assert remote.returncode == 0, remote.stderr
            got = json.loads(remote.stdout)
            assert got["path"] == f"s3://{BUCKET}/{log}"
            assert without_path(got) == without_path(json.loads(local.stdout)), log


def test_a_prefix_of_many_logs_gives_one_row_each_and_a_denied_one_fails_in_its_row(s3):
    result = summary(f"s3://{BUCKET}/{DENIED_PREFIX}", env=s3.env())
    assert result.returncode == 1, result.stderr
    doc = json.loads(result.stdout)
    assert len(doc["logs"]) == 2 and doc["failed"] == 2
    assert all("AccessDenied" in row["error"] for row in doc["logs"]), doc


def test_bad_window_setting_is_bad_input(s3):
    result = summary(f"s3://{BUCKET}/{LOGS[0]}", env=s3.env(SPARKMV_S3_RANGES_IN_FLIGHT="0"))
    assert result.returncode == 2
    assert "SPARKMV_S3_RANGES_IN_FLIGHT" in result.stderr
