"""Rendered objects against the Kubernetes schemas (offline) and checkov's security checks."""
import json
import os
import pathlib
import subprocess
import sys

import kubernetes_validate
import pytest
import yaml

from conftest import CONTRACT, ROOT, cached_text, render

KUBERNETES_VERSION = "1.31.0"
BASE = ["spark-base", "charts/spark-base", "--namespace", "spark"]
ALL = dict(CONTRACT, base=BASE)


@pytest.mark.parametrize("case", sorted(ALL))
def test_objects_match_kubernetes_schemas(case):
    for o in render(ALL[case]):
        kubernetes_validate.validate(o, KUBERNETES_VERSION, strict=True)
        # Pod templates that Spark reads from ConfigMaps are Pods too.
        for key, text in (o.get("data") or {}).items():
            if key.endswith("pod-template.yaml"):
                kubernetes_validate.validate(yaml.safe_load(text), KUBERNETES_VERSION, strict=True)


def test_checkov_finds_nothing_unexplained(tmp_path):
    skips = yaml.safe_load((pathlib.Path(__file__).parent / "checkov-skips.yaml").read_text())
    assert all(isinstance(reason, str) and len(reason) > 20 for reason in skips.values())
    for case, args in ALL.items():
        (tmp_path / f"{case}.yaml").write_text(cached_text(args))
    default = pathlib.Path(os.environ.get("SPARKMV_ROOT", ".")) / ".tools" / "venv-checkov" / "bin" / "checkov"
    checkov = pathlib.Path(os.environ.get("CHECKOV", default))
    assert checkov.exists(), f"{checkov} is missing: run scripts/bootstrap.sh"
    result = subprocess.run([str(checkov), "-d", str(tmp_path), "--framework", "kubernetes", "--quiet", "--compact",
                             "-o", "json", "--skip-check", ",".join(skips)], capture_output=True, text=True)
    report = json.loads(result.stdout or "{}")
    reports = report if isinstance(report, list) else [report]
    failed = [(c["check_id"], c["resource"]) for r in reports for c in r.get("results", {}).get("failed_checks", [])]
    assert not failed, failed
    assert sum(r.get("summary", {}).get("passed", 0) for r in reports) > 100
