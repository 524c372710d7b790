"""The shared templates live once, in the library chart charts/sparkmv-lib, and every chart uses that copy."""
import os
import re

import pytest
import yaml

from conftest import ROOT

LIBRARY = ROOT / "charts/sparkmv-lib"
USERS = ["charts/spark-4.1", "charts/spark-base", "charts/spark-3.5/charts/spark-standalone"]


def test_library_is_a_library_chart():
    meta = yaml.safe_load((LIBRARY / "Chart.yaml").read_text())
    assert meta["type"] == "library"
    # A library renders nothing itself: only partials (files starting with "_") are allowed.
    assert all(p.name.startswith("_") for p in (LIBRARY / "templates").iterdir())


@pytest.mark.parametrize("chart", USERS)
def test_each_chart_uses_the_one_library(chart):
    """charts/sparkmv-lib in each chart is a symlink to the library: one copy, nothing to keep in sync."""
    path = ROOT / chart
    vendored = path / "charts/sparkmv-lib"
    assert vendored.is_symlink(), f"{vendored} must be a symlink to {LIBRARY}"
    assert vendored.resolve() == LIBRARY.resolve()
    assert not list((path / "charts").glob("sparkmv-lib-*.tgz")), "a packaged copy would shadow the library"
    library = yaml.safe_load((LIBRARY / "Chart.yaml").read_text())
    deps = {d["name"]: d for d in yaml.safe_load((path / "Chart.yaml").read_text())["dependencies"]}
    dep = deps["sparkmv-lib"]
    assert dep["version"] == library["version"]
    assert dep["repository"].startswith("file://")
    assert (path / dep["repository"][len("file://"):]).resolve() == LIBRARY.resolve()


def test_every_named_template_is_defined_once():
    """No chart keeps its own copy of a shared helper (symlinks are not followed: each file counts once)."""
    where = {}
    for folder, dirs, files in os.walk(ROOT / "charts"):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                for template in re.findall(r'\{\{-?\s*define\s+"([^"]+)"', f.read()):
                    where.setdefault(template, []).append(os.path.relpath(path, ROOT))
    assert where, "no named templates found"
    assert {t: paths for t, paths in where.items() if len(paths) > 1} == {}
    shared = {t for t, paths in where.items() if paths[0].startswith("charts/sparkmv-lib/")}
    assert {"smv.fullname", "smv.labels", "smv.hiveMetastore", "smv.historyServer", "smv.seaweedfs.server",
            "smv.postgresql.server", "smv.s3Init.job", "smv.networkPolicy.egress"} <= shared
