"""The guide's commands render under Helm 3 and Helm 4, deterministically, with the promised shape."""
import re
import subprocess

import pytest

from conftest import CONTRACT, HELMS, ROOT, V1_41, find, masked, pod_spec, properties, render

CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass",
                  "PersistentVolume", "StorageClass"}
SPARK_VERSION = {"35": "3.5.7", "41": "4.1.0"}


@pytest.mark.parametrize("case", sorted(CONTRACT))
def test_contract_renders_the_same_twice_and_under_both_helms(case):
    args = CONTRACT[case]
    h3 = masked(render(args, "helm3"))
    again = masked(__import__("yaml").safe_load_all(
        subprocess.run([str(HELMS["helm3"]), "template", *args], cwd=ROOT, capture_output=True, text=True,
                       check=True).stdout))
    assert h3 == [o for o in again if o]
    assert masked(render(args, "helm4")) == h3


@pytest.mark.parametrize("case", sorted(CONTRACT))
def test_every_object_is_named_labelled_and_namespaced(case):
    args = CONTRACT[case]
    release = args[0]
    namespace = args[args.index("--namespace") + 1] if "--namespace" in args else "default"
    version = SPARK_VERSION[case[-2:]]
    objects = render(args)
    assert len(objects) > 10
    for o in objects:
        meta = o["metadata"]
        assert meta["name"].startswith(release), meta["name"]
        if o["kind"] not in CLUSTER_SCOPED:
            assert meta.get("namespace") == namespace, (o["kind"], meta["name"])
        labels = meta.get("labels", {})
        assert labels.get("app.kubernetes.io/instance") == release
        assert labels.get("app.kubernetes.io/version") == version
        assert labels.get("app"), meta["name"]
        if o["kind"] in ("Service", "Deployment", "StatefulSet"):
            selector = o["spec"]["selector"]
            selector = selector.get("matchLabels", selector)
            assert selector.get("app.kubernetes.io/instance") == release
    assert not find(objects, kind="ClusterRole") and not find(objects, kind="ClusterRoleBinding")


@pytest.mark.parametrize("case", sorted(CONTRACT))
def test_every_container_is_pinned_probed_bounded_and_non_root(case):
    for o in render(CONTRACT[case]):
        spec = pod_spec(o)
        if spec is None:
            continue
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec.get("serviceAccountName", "default") != "default", o["metadata"]["name"]
        for c in spec.get("initContainers", []) + spec["containers"]:
            image = c["image"]
            registry, _, rest = image.partition("/")
            assert "." in registry, f"unqualified image {image}"
            assert ":" in rest and not image.endswith(":latest"), image
            assert c["resources"]["requests"] and c["resources"]["limits"], c["name"]
            assert c["securityContext"]["allowPrivilegeEscalation"] is False
        for c in spec["containers"]:
            assert "readinessProbe" in c and "livenessProbe" in c, (o["metadata"]["name"], c["name"])


def test_spark_images_match_each_version():
    for case, args in CONTRACT.items():
        version = SPARK_VERSION[case[-2:]]
        for o in render(args):
            spec = pod_spec(o)
            for c in (spec or {}).get("containers", []):
                if "apache/spark:" in c["image"]:
                    assert c["image"].split(":")[1].startswith(version + "-")


@pytest.mark.parametrize("case", ["v1-35", "v2-35", "overlay-35", "v1-41", "v2-41", "overlay-41"])
def test_metastore_shows_its_own_database_in_the_first_container(case):
    objects = render(CONTRACT[case])
    deployments = find(objects, kind="Deployment", app="hive-metastore")
    assert len(deployments) == 1
    env = {e["name"]: e.get("value") for e in deployments[0]["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["METASTORE_DB_NAME"] == ("metastore_spark35" if case.endswith("35") else "metastore_spark41")


@pytest.mark.parametrize("case", sorted(CONTRACT))
def test_event_log_writers_and_the_history_server_agree(case):
    objects = render(CONTRACT[case])
    history = find(objects, kind="ConfigMap", app="spark-history-server")
    assert len(history) == 1
    read = properties(history[0]["data"]["spark-defaults.conf"])["spark.history.fs.logDirectory"]
    expected = "s3a://spark-logs/3.5/events" if case.endswith("35") else "s3a://spark-logs/4.1/events"
    assert read == expected
    # The exact kubectl logs | grep command sees the directory in every line the server prints.
    assert f"logDirectory={read}" in history[0]["data"]["log4j2.properties"]
    writers = [cm for cm in find(objects, kind="ConfigMap") if "spark.eventLog.dir" in cm["data"].get("spark-defaults.conf", "")]
    assert writers
    for cm in writers:
        conf = properties(cm["data"]["spark-defaults.conf"])
        assert conf["spark.eventLog.dir"] == read and conf["spark.eventLog.enabled"] == "true"


def test_services_of_the_guide_grep():
    names = [s["metadata"]["name"] for case in ("v1-35", "v1-41") for s in find(render(CONTRACT[case]), kind="Service")]
    assert {"spark-35-master", "spark-35-history", "spark-35-metastore", "spark-41-connect", "spark-41-history",
            "spark-41-metastore"} <= set(names)
    connect = find(render(CONTRACT["v1-41"]), kind="Service", name="spark-41-connect")[0]
    assert 15002 in [p["port"] for p in connect["spec"]["ports"]]
    master = find(render(CONTRACT["v1-35"]), kind="Service", name="spark-35-master")[0]
    assert {7077, 8080, 6066} <= {p["port"] for p in master["spec"]["ports"]}


@pytest.mark.parametrize("case", ["v1-35", "v1-41"])
def test_helm_test_hooks_cover_each_component(case):
    tests = [o for o in render(CONTRACT[case]) if o["kind"] == "Pod"
             and o["metadata"].get("annotations", {}).get("helm.sh/hook") == "test"]
    names = {t["metadata"]["name"].rsplit("-", 1)[1] for t in tests}
    expected = {"metastore", "history", "master"} if case.endswith("35") else {"metastore", "history", "connect"}
    assert names == expected


def test_overlay_switches_bundled_infrastructure_off():
    for case in ("overlay-35", "overlay-41"):
        objects = render(CONTRACT[case])
        assert not find(objects, app="postgresql") and not find(objects, app="seaweedfs")
        hms = find(objects, kind="ConfigMap", app="hive-metastore")[0]["data"]["hive-site.xml"]
        assert "jdbc:postgresql://spark-base-postgresql:5432/" in hms
    for case in ("v2-35", "v2-41"):
        objects = render(CONTRACT[case])
        assert find(objects, kind="StatefulSet", app="postgresql") and find(objects, kind="StatefulSet", app="seaweedfs")


def test_no_plain_text_password_in_values_files():
    files = [ROOT / "docs/examples/values-multi-version.yaml", *ROOT.glob("charts/**/values.yaml")]
    assert len(files) == 5
    for path in files:
        def walk(node, trail):
            if isinstance(node, dict):
                for k, v in node.items():
                    walk(v, trail + [str(k)])
            elif isinstance(node, str) and node:
                key = trail[-1].lower()
                assert "password" not in key and "token" not in key, (path, trail)
        walk(__import__("yaml").safe_load(path.read_text()), [])


@pytest.mark.parametrize("chart", ["charts/spark-3.5", "charts/spark-4.1", "charts/spark-base", "charts/sparkmv-lib"])
def test_helm_lint_strict(chart, helm):
    result = subprocess.run([str(HELMS[helm]), "lint", "--strict", chart], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_spark_base_gives_each_version_its_own_role_and_database():
    objects = render(["spark-base", "charts/spark-base", "--namespace", "spark"])
    script = find(objects, kind="ConfigMap", name="spark-base-postgresql-initdb")[0]["data"]["10-metastores.sh"]
    for role, db in (("spark35", "metastore_spark35"), ("spark41", "metastore_spark41")):
        assert f"CREATE DATABASE {db} OWNER {role};" in script
        assert f"REVOKE ALL ON DATABASE {db} FROM PUBLIC;" in script
    secrets = {s["metadata"]["name"] for s in find(objects, kind="Secret")}
    assert {"spark-base-metastore-spark35", "spark-base-metastore-spark41", "spark-base-seaweedfs"} <= secrets
    job = find(objects, kind="Job")[0]["spec"]["template"]["spec"]["containers"][0]["args"][0]
    for prefix in ("spark-logs/3.5/events", "spark-logs/4.1/events", "spark-warehouse/3.5", "spark-warehouse/4.1"):
        assert f'keep "{prefix}"' in job
    assert job.count('bucket "spark-logs"') == 1 and job.count('bucket "spark-warehouse"') == 1


def _pods(objects):
    """(object name, pod spec) of every workload and test pod."""
    for o in objects:
        if o["kind"] in ("Deployment", "StatefulSet", "Job"):
            yield o["metadata"]["name"], o["spec"]["template"]["spec"]
        elif o["kind"] == "Pod":
            yield o["metadata"]["name"], o["spec"]


AIR_GAPPED = ["--set", "global.imageRegistry=registry.example.com/mirror/",
              "--set", "global.imagePullSecrets[0]=regcred", "--set", "global.imagePullSecrets[1].name=other"]


@pytest.mark.parametrize("case", ["v1-35", "v1-41", "overlay-41"])
def test_image_registry_and_pull_secrets_reach_every_pod(case, helm):
    plain = {name: spec for name, spec in _pods(render(CONTRACT[case], helm))}
    objects = render(CONTRACT[case] + AIR_GAPPED, helm)
    assert plain, "nothing to judge"
    for name, spec in _pods(objects):
        assert spec.get("imagePullSecrets") == [{"name": "regcred"}, {"name": "other"}], name
        before = {c["name"]: c["image"] for c in plain[name]["containers"] + plain[name].get("initContainers", [])}
        for c in spec["containers"] + spec.get("initContainers", []):
            # The registry is replaced, the upstream path and tag are kept: docker.io/apache/spark:T -> mirror/apache/spark:T.
            upstream = before[c["name"]].split("/", 1)[1]
            assert c["image"] == f"registry.example.com/mirror/{upstream}", (name, c["image"])
    for o in objects:
        if o["kind"] == "ConfigMap" and "spark-defaults.conf" in o.get("data", {}):
            conf = o["data"]["spark-defaults.conf"]
            if "spark.kubernetes.container.image " in conf:
                assert "spark.kubernetes.container.image registry.example.com/mirror/apache/spark:" in conf
                assert "spark.kubernetes.container.image.pullSecrets regcred,other" in conf


def test_no_pull_secrets_by_default(helm):
    for case in ("v1-35", "v1-41"):
        for name, spec in _pods(render(CONTRACT[case], helm)):
            assert "imagePullSecrets" not in spec, name


@pytest.mark.parametrize("args", [V1_41, ["spark-base", "charts/spark-base", "--namespace", "spark"]])
def test_postgresql_starts_with_the_charts_own_script(args, helm):
    objects = render(args, helm)
    sets = [o for o in objects if o["kind"] == "StatefulSet" and o["metadata"]["name"].endswith("-postgresql")]
    assert len(sets) == 1
    spec = sets[0]["spec"]["template"]["spec"]
    container = spec["containers"][0]
    # No image entrypoint: the chart states the command and mounts the script.
    assert container["command"] == ["/bin/bash", "/opt/sparkmv/postgresql/start.sh"]
    start = next(v for v in spec["volumes"] if v["name"] == "start")["configMap"]["name"]
    script = find(objects, kind="ConfigMap", name=start)[0]["data"]["start.sh"]
    assert "initdb -D \"$new\"" in script and "mv \"$new\" \"$PGDATA\"" in script
    assert "/opt/sparkmv/initdb.d/*" in script
    mounts = {m["mountPath"] for m in container["volumeMounts"]}
    assert "/docker-entrypoint-initdb.d" not in mounts


@pytest.mark.parametrize("case", sorted(CONTRACT))
def test_every_container_states_its_command(case, helm):
    # No chart relies on an image's entrypoint script: local and mirrored images need not reproduce it.
    checked = 0
    for name, spec in _pods(render(CONTRACT[case], helm)):
        for c in spec.get("initContainers", []) + spec["containers"]:
            assert c.get("command"), f"{name}/{c['name']} runs the image's entrypoint"
            checked += 1
    assert checked, "nothing to judge"


@pytest.mark.parametrize("chart,sets", [
    ("charts/spark-3.5", ["spark-standalone.enabled=true", "spark-standalone.fullnameOverride=custom"]),
    ("charts/spark-4.1", ["connect.enabled=true", "fullnameOverride=custom"]),
])
def test_notes_name_the_objects_the_release_made(chart, sets):
    """NOTES follow the charts' naming rule (fullnameOverride included), not the bare release name. Helm 4 only:
    `helm template` prints no NOTES, and Helm 3's `install --dry-run=client` still asks a cluster."""
    args = ["install", "x", chart, "--dry-run=client", "--namespace", "ns"] + [a for s in sets for a in ("--set", s)]
    result = subprocess.run([str(HELMS["helm4"]), *args], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    manifest, _, notes = result.stdout.partition("NOTES:")
    services = {m for m in re.findall(r"^  name: (\S+)$", manifest, re.M)}
    named = set(re.findall(r"(?:spark|sc|http|thrift)://([a-z0-9-]+)\.ns\.svc", notes))
    assert named and named <= services, (named, services)
    assert "x-" not in notes.replace("helm test x", "")


@pytest.mark.parametrize("args,generated", [
    (["spark-41", "charts/spark-4.1", "--set", "seaweedfs.existingSecret=s3-admin",
      "--set", "hiveMetastore.database.existingSecret=ms"], set()),
    (["spark-base", "charts/spark-base", "--set", "seaweedfs.existingSecret=s3-admin",
      "--set", "postgresql.existingSecret=pg", "--set-json",
      'versions=[{"role": "spark35", "database": "metastore_spark35", "logDirectory": "spark-logs/3.5/events",'
      ' "warehouse": "spark-warehouse/3.5", "existingSecret": "role35"}, {"role": "spark41",'
      ' "database": "metastore_spark41", "logDirectory": "spark-logs/4.1/events", "warehouse": "spark-warehouse/4.1"}]'],
     {"spark-base-metastore-spark41"}),
])
def test_existing_secrets_replace_every_generated_one(args, generated, helm):
    """GitOps renders have no cluster to keep a generated password in: every generated Secret has an existingSecret."""
    objects = render(args, helm)
    made = {s["metadata"]["name"] for s in find(objects, kind="Secret")
            if s["metadata"].get("annotations", {}).get("sparkmv.io/generated") == "true"}
    assert made == generated
    referenced = {e["valueFrom"]["secretKeyRef"]["name"] for o in objects if pod_spec(o)
                  for c in pod_spec(o).get("containers", []) + pod_spec(o).get("initContainers", [])
                  for e in c.get("env", []) if "secretKeyRef" in e.get("valueFrom", {})}
    assert "s3-admin" in referenced and not (referenced - made - {"s3-admin", "ms", "pg", "role35"})
