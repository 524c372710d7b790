"""An S3 server for the tests: moto on 127.0.0.1 and a free port, started once per session and always
stopped. Setup (an IAM user with an access key, the bucket, the uploads) runs before authentication is
switched on; from then on moto checks every request's Signature Version 4 against the key it issued."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import pytest

ROOT = Path(os.environ.get("SPARKMV_ROOT", Path(__file__).resolve().parents[2]))
FIXTURES = ROOT / "tests" / "fixtures" / "eventlogs"
BUCKET = "spark-logs"
# More keys in one "directory" than one ListObjectsV2 page holds (1000).
BULK_OBJECTS = 1100
MISPLACED = "3.5/events/misplaced/local-1795481603216"  # a Spark 4.1 log under the 3.5 prefix
DENIED_PREFIX = "denied/3.5/events"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_tree(tree: Path) -> None:
    """The fixtures of both versions plus the test's own objects, laid out as they will be in the bucket."""
    for version in ("3.5", "4.1"):
        shutil.copytree(FIXTURES / version, tree / version)
    bulk = tree / "3.5" / "events" / "bulk"
    bulk.mkdir()
    for i in range(BULK_OBJECTS):
        (bulk / f"note-{i:04d}.txt").write_text(f"not a log {i}\n")
    # A real log whose key sorts after every note: found only on the listing's second page.
    shutil.copyfile(FIXTURES / "3.5/events/local-1795481270690", bulk / "zz-paged-1795481270690")
    (tree / MISPLACED).parent.mkdir(parents=True)
    shutil.copyfile(FIXTURES / "4.1/events/local-1795481603216", tree / MISPLACED)
    (tree / DENIED_PREFIX).mkdir(parents=True)
    shutil.copyfile(FIXTURES / "3.5/events/local-1795481474983", tree / DENIED_PREFIX / "local-1795481474983")
    shutil.copytree(FIXTURES / "3.5/events/eventlog_v2_local-1795481440616",
                    tree / DENIED_PREFIX / "eventlog_v2_local-1795481440616")


class Server:
    def __init__(self, workdir: Path):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = open(workdir / "moto.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
            env={k: v for k, v in os.environ.items() if k != "INITIAL_NO_AUTH_ACTION_COUNT"})
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto exited with {self.process.returncode}: {(workdir / 'moto.log').read_text()}")
            try:
                urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=2)
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("moto did not answer within 60 s")
                time.sleep(0.2)

    def require_signatures(self) -> None:
        request = urllib.request.Request(self.endpoint + "/moto-api/reset-auth", data=b"0", method="POST",
                                         headers={"Content-Type": "text/plain"})
        urllib.request.urlopen(request, timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


class S3World:
    """What the tests need: the server, the credentials it issued, the local copy of the bucket."""

    def __init__(self, server: Server, tree: Path, key_id: str, secret: str):
        self.server, self.tree, self.key_id, self.secret = server, tree, key_id, secret

    def client(self, secret: str | None = None):
        return boto3.client("s3", endpoint_url=self.server.endpoint, region_name="us-east-1",
                            aws_access_key_id=self.key_id, aws_secret_access_key=secret or self.secret)

    def env(self, **overrides: str) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k != "SPARKMV_S3_RANGE_BYTES"}
        env.update(AWS_ENDPOINT_URL=self.server.endpoint, AWS_REGION="us-east-1", AWS_ACCESS_KEY_ID=self.key_id,
                   AWS_SECRET_ACCESS_KEY=self.secret, NO_PROXY="127.0.0.1", no_proxy="127.0.0.1",
                   # Small ranges, so every multi-range path of the streamed reader runs.
                   SPARKMV_S3_RANGE_BYTES="65536")
        env.update(overrides)
        return env


@pytest.fixture(scope="session")
def s3():
    workdir = Path(tempfile.mkdtemp(prefix="sparkmv-s3-"))
    server = Server(workdir)
    try:
        tree = workdir / "tree"
        make_tree(tree)
        anonymous = dict(endpoint_url=server.endpoint, region_name="us-east-1",
                         aws_access_key_id="setup", aws_secret_access_key="setup")
        iam = boto3.client("iam", **anonymous)
        iam.create_user(UserName="scanner")
        iam.put_user_policy(UserName="scanner", PolicyName="read-logs", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                {"Effect": "Deny", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/denied/*"},
            ]}))
        key = iam.create_access_key(UserName="scanner")["AccessKey"]
        setup = boto3.client("s3", **anonymous)
        setup.create_bucket(Bucket=BUCKET)
        files = [p for p in tree.rglob("*") if p.is_file()]
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda p: setup.upload_file(str(p), BUCKET, p.relative_to(tree).as_posix()), files))
        server.require_signatures()
        yield S3World(server, tree, key["AccessKeyId"], key["SecretAccessKey"])
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
