"""Every key the guide sets takes effect, and 4.1's top-level keys do not leak into the 3.5 chart."""
import pytest

from conftest import CONTRACT, V1_35, find, masked, properties, render

BASE_35 = ["spark-35", "charts/spark-3.5", "--namespace", "spark"]
BASE_41 = ["spark-41", "charts/spark-4.1", "--namespace", "spark"]


def apps(objects):
    return {o["metadata"]["labels"]["app"] for o in objects}


def history_dir(objects):
    cm = find(objects, kind="ConfigMap", app="spark-history-server")[0]
    return properties(cm["data"]["spark-defaults.conf"])["spark.history.fs.logDirectory"]


def metastore_db(objects):
    d = find(objects, kind="Deployment", app="hive-metastore")[0]
    return {e["name"]: e.get("value") for e in d["spec"]["template"]["spec"]["containers"][0]["env"]}["METASTORE_DB_NAME"]


def test_spark_standalone_enabled():
    assert render(BASE_35 + ["--set", "spark-standalone.enabled=false"]) == []
    assert {"spark-master", "spark-worker"} <= apps(render(BASE_35 + ["--set", "spark-standalone.enabled=true"]))


@pytest.mark.parametrize("prefix,base", [("spark-standalone.", BASE_35), ("", BASE_41)])
def test_metastore_and_history_switches(prefix, base):
    on = apps(render(base + ["--set", f"{prefix}hiveMetastore.enabled=true", "--set", f"{prefix}historyServer.enabled=true"]))
    assert {"hive-metastore", "spark-history-server"} <= on
    off = apps(render(base + ["--set", f"{prefix}hiveMetastore.enabled=false", "--set", f"{prefix}historyServer.enabled=false"]))
    assert not {"hive-metastore", "spark-history-server"} & off


@pytest.mark.parametrize("prefix,base", [("spark-standalone.", BASE_35), ("", BASE_41)])
def test_log_directory_reaches_reader_and_writers(prefix, base):
    objects = render(base + ["--set", f"{prefix}historyServer.logDirectory=s3a://elsewhere/x/events"])
    assert history_dir(objects) == "s3a://elsewhere/x/events"
    writers = [properties(cm["data"]["spark-defaults.conf"]) for cm in find(objects, kind="ConfigMap")
               if "spark.eventLog.dir" in cm["data"].get("spark-defaults.conf", "")]
    assert writers and all(w["spark.eventLog.dir"] == "s3a://elsewhere/x/events" for w in writers)
    job = find(objects, kind="Job")[0]["spec"]["template"]["spec"]["containers"][0]["args"][0]
    assert 'bucket "elsewhere"' in job and 'keep "elsewhere/x/events"' in job


def test_metastore_database_name():
    assert metastore_db(render(BASE_35)) == "metastore_spark35"
    assert metastore_db(render(BASE_41)) == "metastore_spark41"
    assert metastore_db(render(BASE_41 + ["--set", "hiveMetastore.database.name=other_db"])) == "other_db"
    assert metastore_db(render(BASE_35 + ["--set", "spark-standalone.hiveMetastore.database.name=other_db"])) == "other_db"


def test_connect_enabled():
    assert "spark-connect" not in apps(render(BASE_41))
    objects = render(BASE_41 + ["--set", "connect.enabled=true"])
    assert "spark-connect" in apps(objects)
    assert find(objects, kind="Role", name="spark-41-connect") and find(objects, kind="ServiceAccount", name="spark-41-connect")


def test_top_level_41_keys_do_not_leak_into_35():
    leaked = V1_35 + ["--set", "hiveMetastore.database.name=metastore_spark41", "--set", "connect.enabled=true",
                      "--set", "historyServer.logDirectory=s3a://spark-logs/4.1/events",
                      "--set", "warehouse.dir=s3a://spark-warehouse/4.1/"]
    assert masked(render(leaked)) == masked(render(V1_35))


def test_overlay_gives_each_chart_its_own_settings():
    o35, o41 = render(CONTRACT["overlay-35"]), render(CONTRACT["overlay-41"])
    assert metastore_db(o35) == "metastore_spark35" and metastore_db(o41) == "metastore_spark41"
    assert history_dir(o35) == "s3a://spark-logs/3.5/events" and history_dir(o41) == "s3a://spark-logs/4.1/events"
    assert "spark-connect" in apps(o41) and "spark-connect" not in apps(o35)


def test_connector_mode_image_drops_the_download():
    fetch = render(BASE_41 + ["--set", "connect.enabled=true"])
    image = render(BASE_41 + ["--set", "connect.enabled=true", "--set", "connector.mode=image"])
    connect = lambda objs: find(objs, kind="Deployment", app="spark-connect")[0]["spec"]["template"]["spec"]
    init = connect(fetch)["initContainers"][0]["args"][0]
    assert "sha256sum -c" in init and "hadoop-aws-3.4.2.jar" in init and "s3-2.29.52.jar" in init
    assert "bundle-" not in init  # the 641 MB bundle: every pod start would download it
    assert [c["name"] for c in connect(image)["initContainers"]] == ["wait-for-log-directory"]
