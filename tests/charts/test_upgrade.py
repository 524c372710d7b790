"""The upgrade path from the MinIO charts (0.1.x) to SeaweedFS (0.2.0), by rendering (docs/guides/UPGRADING.md)."""
import subprocess

import pytest

from conftest import HELMS, ROOT, find, pod_spec, render

# Values of a 0.1.x install, as users wrote them: where the bundled MinIO sat in each chart.
OLD_VALUES = {
    "spark-35": ["spark-35", "charts/spark-3.5", "--namespace", "spark", "--set", "spark-standalone.enabled=true",
                 "--set", "spark-standalone.minio.persistence.size=50Gi"],
    "spark-41": ["spark-41", "charts/spark-4.1", "--namespace", "spark", "--set", "minio.enabled=true"],
    "spark-base": ["spark-base", "charts/spark-base", "--namespace", "spark", "--set", "minio.persistence.size=200Gi"],
}


@pytest.mark.parametrize("release", sorted(OLD_VALUES))
def test_old_minio_values_stop_the_render_with_the_way_forward(release, helm):
    result = subprocess.run([str(HELMS[helm]), "template", *OLD_VALUES[release]], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode != 0, "a values file with minio: rendered: its MinIO data would be left behind unseen"
    message = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(message) == 1, result.stderr
    for part in ("values key 'minio' is no longer read", "'seaweedfs'", f"PVC data-{release}-minio-0",
                 "global.s3.endpoint", "docs/guides/UPGRADING.md"):
        assert part in message[0], message[0]


def test_renamed_values_carry_over_and_leave_the_old_claim_alone():
    objects = render(["spark-41", "charts/spark-4.1", "--namespace", "spark",
                      "--set", "seaweedfs.persistence.size=50Gi", "--set", "seaweedfs.resources.limits.memory=3Gi"])
    sts = find(objects, kind="StatefulSet", name="spark-41-seaweedfs")[0]
    claim = sts["spec"]["volumeClaimTemplates"][0]
    assert claim["spec"]["resources"]["requests"]["storage"] == "50Gi"
    # The claim becomes data-spark-41-seaweedfs-0: the kept data-spark-41-minio-0 is neither reused nor touched.
    assert claim["metadata"]["name"] == "data" and sts["metadata"]["name"] != "spark-41-minio"
    assert sts["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["memory"] == "3Gi"
    assert not [o for o in objects if "minio" in o["metadata"]["name"]]


@pytest.mark.parametrize("chart,prefix", [("charts/spark-4.1", ""), ("charts/spark-3.5", "spark-standalone.")])
def test_the_old_minio_kept_as_an_external_store(chart, prefix):
    """Option B: the old MinIO run by the user, its kept Secret as global.s3.existingSecret."""
    release = "spark-41" if "4.1" in chart else "spark-35"
    objects = render([release, chart, "--namespace", "spark", "--set", f"{prefix}enabled=true",
                      "--set", "global.s3.endpoint=http://old-minio:9000",
                      "--set", f"global.s3.existingSecret={release}-minio"])
    assert not find(objects, app="seaweedfs")
    assert not [s for s in find(objects, kind="Secret") if "seaweedfs" in s["metadata"]["name"]]
    job = find(objects, kind="Job", app="spark-s3-init")[0]
    container = pod_spec(job)["containers"][0]
    env = {e["name"]: e for e in container["env"]}
    assert env["S3_ENDPOINT"]["value"] == "http://old-minio:9000"
    assert env["AWS_SECRET_ACCESS_KEY"]["valueFrom"]["secretKeyRef"] == {"name": f"{release}-minio", "key": "secret-key"}
    sites = [c["data"]["core-site.xml"] for c in find(objects, kind="ConfigMap") if "core-site.xml" in c.get("data", {})]
    assert sites and all("<name>fs.s3a.endpoint</name><value>http://old-minio:9000</value>" in s for s in sites)


@pytest.mark.parametrize("args", [
    ["spark-35", "charts/spark-3.5", "--namespace", "spark", "--set", "spark-standalone.enabled=true"],
    ["spark-41", "charts/spark-4.1", "--namespace", "spark", "--set", "connect.enabled=true"],
    ["spark-base", "charts/spark-base", "--namespace", "spark"],
], ids=["35", "41", "base"])
def test_no_minio_and_no_mc_left_in_any_chart(args, helm):
    objects = render(args, helm)
    images = {c["image"] for o in objects if pod_spec(o)
              for c in pod_spec(o).get("containers", []) + pod_spec(o).get("initContainers", [])}
    assert images and not [i for i in images if "minio" in i], images
    job = find(objects, kind="Job", app="spark-s3-init")[0]
    script = pod_spec(job)["containers"][0]["args"][0]
    assert "mc " not in script and "curl" in script and "--aws-sigv4" in script
    # A finished Job cannot take a new pod template: each revision's Job has its own name.
    assert job["metadata"]["name"] == f"{args[0]}-s3-init-1"
