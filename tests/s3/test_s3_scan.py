"""`sparkmv events scan` over S3 gives what it gives over the same files on disk."""
import json
import os
import subprocess

import botocore.exceptions
import pytest

from conftest import BUCKET, BULK_OBJECTS, DENIED_PREFIX, MISPLACED

SPARKMV = os.environ["SPARKMV"]


def scan(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([SPARKMV, "events", "scan", *args], env=env, capture_output=True, text=True, timeout=120)


def test_server_verifies_signatures(s3):
    """The proof that these tests mean something: moto rejects a request signed with a wrong secret."""
    good = s3.client()
    assert good.list_objects_v2(Bucket=BUCKET, Prefix="3.5/events/bulk/", MaxKeys=5)["KeyCount"] == 5
    with pytest.raises(botocore.exceptions.ClientError) as rejected:
        s3.client(secret="wrong" + s3.secret[5:]).list_objects_v2(Bucket=BUCKET)
    assert rejected.value.response["Error"]["Code"] == "SignatureDoesNotMatch"


def test_bulk_prefix_needs_more_than_one_listing_page(s3):
    page = s3.client().list_objects_v2(Bucket=BUCKET, Prefix="3.5/events/bulk/", Delimiter="/")
    assert page["IsTruncated"] and page["KeyCount"] == 1000
    assert BULK_OBJECTS + 1 > 1000


def test_scan_over_s3_matches_the_local_scan(s3):
    local = scan("-o", "json", str(s3.tree / "3.5/events"), str(s3.tree / "4.1/events"))
    remote = scan("-o", "json", f"s3a://{BUCKET}/3.5/events", f"s3a://{BUCKET}/4.1/events", env=s3.env())
    assert remote.returncode == local.returncode == 1, remote.stderr  # the misplaced log is a finding
    expected = json.loads(local.stdout.replace(str(s3.tree), f"s3a://{BUCKET}"))
    got = json.loads(remote.stdout)
    assert got == expected
    logs = {e["path"]: e for e in got["logs"]}
    # Single files and rolling directories of both versions, every codec, all read through ranged GETs.
    assert {e["layout"] for e in got["logs"]} == {"single", "rolling"}
    assert {e["spark_version"] for e in got["logs"]} == {"3.5.7", "4.1.0"}
    assert {e["codec"] for e in got["logs"]} >= {"none", "lz4", "lzf", "snappy", "zstd"}
    assert all(e["status"] != "unreadable" for e in got["logs"])
    # Found on the second listing page only.
    assert logs[f"s3a://{BUCKET}/3.5/events/bulk/zz-paged-1795481270690"]["status"] == "complete"
    # The 4.1 log under the 3.5 prefix is the one finding.
    assert [f["path"] for f in got["findings"]] == [f"s3a://{BUCKET}/{MISPLACED}"]
    assert got["findings"][0]["rule"] == "EVT001"
    assert logs[f"s3a://{BUCKET}/{MISPLACED}"]["spark_version"] == "4.1.0"


def test_misplaced_log_in_the_table(s3):
    result = scan(f"s3://{BUCKET}/3.5/events/misplaced", "--s3-endpoint", s3.server.endpoint,
                  env=s3.env(AWS_ENDPOINT_URL="http://127.0.0.1:1"))
    assert result.returncode == 1, result.stderr
    assert "MISPLACED" in result.stdout
    assert f"EVT001 s3://{BUCKET}/{MISPLACED}: Spark 4.1.0 log under the 3.5 prefix" in result.stdout


def test_wrong_secret_fails_clearly(s3):
    wrong = "x" * len(s3.secret)
    result = scan(f"s3a://{BUCKET}/3.5/events", env=s3.env(AWS_SECRET_ACCESS_KEY=wrong))
    assert result.returncode == 3, (result.stdout, result.stderr)
    error = result.stderr.strip()
    assert f"s3a://{BUCKET}/3.5/events: SignatureDoesNotMatch (HTTP 403)" in error
    assert len(error.splitlines()) == 1
    assert wrong not in result.stderr + result.stdout and s3.secret not in result.stderr + result.stdout


def test_unreadable_object_is_reported_and_the_scan_goes_on(s3):
    result = scan("-o", "json", f"s3a://{BUCKET}/{DENIED_PREFIX}", f"s3a://{BUCKET}/4.1/events", env=s3.env())
    assert result.returncode == 1, result.stderr
    got = json.loads(result.stdout)
    unreadable = [e for e in got["logs"] if e["status"] == "unreadable"]
    assert len(unreadable) == 2
    for e in unreadable:
        assert e["path"].startswith(f"s3a://{BUCKET}/{DENIED_PREFIX}/")
        assert "AccessDenied (HTTP 403)" in e["error"] and "\n" not in e["error"]
    assert sum(e["status"] != "unreadable" for e in got["logs"]) == 13  # every log of 4.1/events


def test_missing_prefix_and_bucket(s3):
    result = scan("-o", "json", f"s3a://{BUCKET}/3.6/events", "s3a://no-such-bucket/events", env=s3.env())
    assert result.returncode == 1, result.stderr
    errors = [e["error"] for e in json.loads(result.stdout)["logs"]]
    assert errors[0] == f"s3a://{BUCKET}/3.6/events: no such object, and no objects below it"
    assert errors[1].startswith("s3a://no-such-bucket/events: NoSuchBucket (HTTP 404)")


def test_unreachable_endpoint_is_an_environment_error(s3):
    result = scan(f"s3a://{BUCKET}/3.5/events", env=s3.env(AWS_ENDPOINT_URL="http://127.0.0.1:1"))
    assert result.returncode == 3
    assert "cannot reach the S3 endpoint http://127.0.0.1:1" in result.stderr


def test_missing_credentials(s3):
    env = s3.env()
    del env["AWS_ACCESS_KEY_ID"]
    result = scan(f"s3a://{BUCKET}/3.5/events", env=env)
    assert result.returncode == 3
    assert "AWS_ACCESS_KEY_ID" in result.stderr
