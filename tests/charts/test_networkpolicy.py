"""NetworkPolicies: each release's pods reach only what they need, and never the other Spark release's pods."""
import kubernetes_validate
import pytest
import yaml

from conftest import CONTRACT, PAIRS, find, masked, render

BASE = ["spark-base", "charts/spark-base", "--namespace", "spark"]
BASE_35 = ["spark-35", "charts/spark-3.5", "--namespace", "spark"]
BASE_41 = ["spark-41", "charts/spark-4.1", "--namespace", "spark"]
ALL = dict(CONTRACT, base=BASE)
PREFIX = {"charts/spark-3.5": "spark-standalone.", "charts/spark-4.1": "", "charts/spark-base": ""}
EXTERNAL_DB = ["--set", "global.postgresql.host=db.example.com", "--set", "global.postgresql.port=6432"]
EXTERNAL_S3 = ["--set", "global.s3.endpoint=https://s3.example.com", "--set", "global.s3.existingSecret=s3"]


def sets(chart, *settings):
    """--set for each KEY=VALUE, under spark-standalone. for the 3.5 chart."""
    return [arg for s in settings for arg in ("--set", PREFIX[chart] + s)]


def with_values(args, *settings):
    return list(args) + sets(args[1], *settings)


def policies(objects, kind):
    return [o for o in find(objects, kind="NetworkPolicy") if kind in o["spec"]["policyTypes"]]


def pods(objects):
    """(labels, spec) of every pod a release runs: workloads, helm test pods, and the pod templates Spark uses."""
    out = []
    for o in objects:
        if o["kind"] == "Pod":
            out.append((o["metadata"]["labels"], o["spec"]))
        elif o["kind"] in ("Deployment", "StatefulSet", "Job"):
            out.append((o["spec"]["template"]["metadata"]["labels"], o["spec"]["template"]["spec"]))
        elif o["kind"] == "ConfigMap":
            for key, text in (o.get("data") or {}).items():
                if key.endswith("pod-template.yaml"):
                    pod = yaml.safe_load(text)
                    out.append((pod["metadata"]["labels"], pod["spec"]))
    return out


def matches(selector, labels):
    """Whether a Kubernetes label selector selects these labels ({} selects everything)."""
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for e in selector.get("matchExpressions") or []:
        key, op, values = e["key"], e["operator"], e.get("values", [])
        if (op == "In" and labels.get(key) not in values) or (op == "NotIn" and labels.get(key) in values) \
                or (op == "Exists" and key not in labels) or (op == "DoesNotExist" and key in labels):
            return False
    return True


def container_ports(objects):
    return {p["containerPort"] for _, spec in pods(objects)
            for c in spec.get("initContainers", []) + spec["containers"] for p in c.get("ports", [])}


def rules_of(objects, labels):
    """The egress rules that apply to a pod with these labels."""
    return [r for p in policies(objects, "Egress") if matches(p["spec"]["podSelector"], labels)
            for r in p["spec"]["egress"]]


@pytest.mark.parametrize("case", sorted(ALL))
def test_egress_is_on_by_default_and_covers_every_pod(case):
    args = ALL[case]
    objects = render(args)
    release = args[0]
    egress = policies(objects, "Egress")
    names = {p["metadata"]["name"] for p in egress}
    assert f"{release}-egress" in names
    main = find(egress, name=f"{release}-egress")[0]
    for labels, _ in pods(objects):
        assert matches(main["spec"]["podSelector"], labels), labels
    for policy in egress:
        kubernetes_validate.validate(policy, "1.31.0", strict=True)
        for rule in policy["spec"]["egress"]:
            # A rule without destinations, or with an empty selector, would allow everything.
            assert rule.get("to"), (policy["metadata"]["name"], rule)
            for peer in rule["to"]:
                assert peer.get("ipBlock") or peer.get("podSelector"), peer
                if "ipBlock" in peer:
                    assert rule.get("ports"), (policy["metadata"]["name"], rule)
    # DNS for every pod.
    dns = main["spec"]["egress"][0]
    assert dns["to"][0]["podSelector"] == {"matchLabels": {"k8s-app": "kube-dns"}}
    assert {(p["protocol"], p["port"]) for p in dns["ports"]} == {(t, n) for t in ("UDP", "TCP") for n in (53, 5353)}


@pytest.mark.parametrize("args", [BASE_35, BASE_41, BASE], ids=["35", "41", "base"])
def test_egress_switches_off_and_leaves_ingress_alone(args):
    on = render(args)
    off = render(with_values(args, "networkPolicy.egress.enabled=false"))
    assert policies(on, "Egress") and not policies(off, "Egress")
    assert policies(off, "Ingress") == policies(on, "Ingress")
    assert masked([o for o in off if o["kind"] != "NetworkPolicy"]) == masked([o for o in on if o["kind"] != "NetworkPolicy"])
    assert not find(render(with_values(args, "networkPolicy.enabled=false")), kind="NetworkPolicy")


@pytest.mark.parametrize("pair", sorted(PAIRS))
def test_other_release_pods_are_never_a_destination(pair):
    a, b = (CONTRACT[c] for c in PAIRS[pair])
    for mine, theirs in ((a, b), (b, a)):
        objects, other = render(mine), render(theirs)
        other_pods = pods(other)
        other_ports = container_ports(other)
        assert other_pods and other_ports
        for policy in policies(objects, "Egress"):
            for labels, _ in other_pods:
                assert not matches(policy["spec"]["podSelector"], labels), "policy selects the other release"
            for rule in policy["spec"]["egress"]:
                for peer in rule["to"]:
                    if "podSelector" in peer:
                        for labels, _ in other_pods:
                            assert not matches(peer["podSelector"], labels), (policy["metadata"]["name"], peer, labels)
                    else:
                        # Addresses (outside the cluster by intent) only on ports the other release never serves.
                        ports = {p["port"] for p in rule["ports"]}
                        assert not ports & other_ports, (policy["metadata"]["name"], ports & other_ports)


def test_kubernetes_api_only_for_the_41_connect_server_and_batch_drivers():
    objects = render(CONTRACT["v1-41"])
    api = find(objects, kind="NetworkPolicy", name="spark-41-egress-kubernetes-api")[0]["spec"]
    assert api["podSelector"]["matchExpressions"] == [
        {"key": "app.kubernetes.io/component", "operator": "In", "values": ["connect", "batch-driver"]}]
    assert api["egress"] == [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}],
                              "ports": [{"protocol": "TCP", "port": p} for p in (443, 6443, 8443)]}]
    # Executors, the metastore and the History Server get no API access.
    for labels, _ in pods(objects):
        if labels["app.kubernetes.io/component"] not in ("connect", "batch-driver"):
            assert not any({"port": 6443, "protocol": "TCP"} in r.get("ports", []) for r in rules_of(objects, labels))
    narrowed = render(BASE_41 + ["--set", "networkPolicy.egress.kubernetesApi.cidrs={10.0.0.1/32}"])
    spec = find(narrowed, kind="NetworkPolicy", name="spark-41-egress-kubernetes-api")[0]["spec"]
    assert spec["egress"][0]["to"] == [{"ipBlock": {"cidr": "10.0.0.1/32"}}]
    assert spec["podSelector"]["matchExpressions"][0]["values"] == ["batch-driver"]  # connect is off by default
    for case in ("v1-35", "v2-35", "overlay-35"):
        assert not [p for p in policies(render(CONTRACT[case]), "Egress") if "kubernetes-api" in p["metadata"]["name"]]


@pytest.mark.parametrize("case", ["overlay-35", "overlay-41"])
def test_shared_infrastructure_of_spark_base_by_label(case):
    objects = render(CONTRACT[case])
    release = CONTRACT[case][0]
    rules = find(objects, kind="NetworkPolicy", name=f"{release}-egress")[0]["spec"]["egress"]
    shared = {(r["to"][0]["podSelector"]["matchLabels"]["app.kubernetes.io/component"], r["ports"][0]["port"])
              for r in rules if r["to"][0].get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/name")
              == "spark-base"}
    assert shared == {("postgresql", 5432), ("seaweedfs", 8333)}
    base = render(BASE)
    for component in ("postgresql", "seaweedfs"):
        target = find(base, kind="StatefulSet", name=f"spark-base-{component}")[0]["spec"]["template"]["metadata"]
        assert any(matches(r["to"][0]["podSelector"], target["labels"]) for r in rules if "podSelector" in r["to"][0])


@pytest.mark.parametrize("case", ["v2-35", "v2-41"])
def test_bundled_infrastructure_needs_no_extra_rule(case):
    """The bundled PostgreSQL and S3 server are pods of the release: the release rule covers them, nothing else."""
    objects = render(CONTRACT[case])
    release = CONTRACT[case][0]
    rules = find(objects, kind="NetworkPolicy", name=f"{release}-egress")[0]["spec"]["egress"]
    assert len(rules) == 2  # DNS, this release
    assert rules[1]["to"] == [{"podSelector": {"matchLabels": {"sparkmv.io/spark-release": release}}}]
    assert "ports" not in rules[1]
    for component in ("postgresql", "seaweedfs"):
        labels = find(objects, kind="StatefulSet", app=component)[0]["spec"]["template"]["metadata"]["labels"]
        assert matches(rules[1]["to"][0]["podSelector"], labels)


@pytest.mark.parametrize("args", [BASE_35, BASE_41], ids=["35", "41"])
def test_external_endpoints_by_address_on_their_ports(args):
    release, chart = args[0], args[1]
    external = args + EXTERNAL_DB + EXTERNAL_S3 + sets(chart, "hiveMetastore.database.existingSecret=db")
    objects = render(external + sets(chart, "networkPolicy.egress.postgresql.cidrs={10.20.0.0/24}",
                                     "networkPolicy.egress.s3.cidrs={52.0.0.0/8,54.0.0.0/8}"))
    rules = find(objects, kind="NetworkPolicy", name=f"{release}-egress")[0]["spec"]["egress"]
    by_port = {r["ports"][0]["port"]: r["to"] for r in rules if r.get("ports") and r["ports"][0]["port"] != 53}
    assert set(by_port) == {6432, 443}
    assert {"ipBlock": {"cidr": "10.20.0.0/24"}} in by_port[6432]
    assert [p for p in by_port[443] if "ipBlock" in p] == [{"ipBlock": {"cidr": "52.0.0.0/8"}},
                                                           {"ipBlock": {"cidr": "54.0.0.0/8"}}]
    # Without addresses and without a selector there is no rule at all (never one without destinations).
    bare = render(external + sets(chart, "networkPolicy.egress.postgresql.podSelector=null",
                                  "networkPolicy.egress.s3.podSelector=null"))
    rules = find(bare, kind="NetworkPolicy", name=f"{release}-egress")[0]["spec"]["egress"]
    assert len(rules) == 2 and all(r["to"] for r in rules)


@pytest.mark.parametrize("args", [BASE_35, BASE_41], ids=["35", "41"])
def test_jar_repository_egress_follows_what_is_downloaded(args):
    release = args[0]

    def jar_policy(objects):
        found = find(objects, kind="NetworkPolicy", name=f"{release}-egress-jars")
        return found[0]["spec"] if found else None

    fetch = jar_policy(render(args))
    components = set(fetch["podSelector"]["matchExpressions"][0]["values"])
    assert {"hive-metastore", "history-server"} <= components
    assert ("worker" in components) if release == "spark-35" else ({"connect", "executor", "batch-driver"} <= components)
    assert fetch["egress"] == [{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": [{"protocol": "TCP", "port": 443}]}]
    # Every pod with a fetch-jars init container is allowed out to the repository.
    objects = render(args)
    for labels, spec in pods(objects):
        if any(c["name"] == "fetch-jars" for c in spec.get("initContainers", [])):
            assert matches(fetch["podSelector"], labels), labels
    mirror = jar_policy(render(with_values(args, "connector.repository=http://mirror.internal:8081/maven2")))
    assert mirror["egress"][0]["ports"] == [{"protocol": "TCP", "port": 8081}]
    image = jar_policy(render(with_values(args, "connector.mode=image")))
    assert image["podSelector"]["matchExpressions"][0]["values"] == ["hive-metastore"]
    assert jar_policy(render(with_values(args, "connector.mode=image", "hiveMetastore.extraJars=null"))) is None
    assert jar_policy(render(with_values(args, "networkPolicy.egress.jarRepository.cidrs=null"))) is None


def test_spark_base_pods_reach_only_dns_and_their_own_release():
    objects = render(BASE)
    egress = policies(objects, "Egress")
    assert [p["metadata"]["name"] for p in egress] == ["spark-base-egress"]
    rules = egress[0]["spec"]["egress"]
    assert len(rules) == 2
    assert rules[1]["to"] == [{"podSelector": {"matchLabels": {"sparkmv.io/spark-release": "spark-base"}}}]


def test_client_namespaces_are_reachable_like_they_may_reach_in():
    ns = "kubernetes.io/metadata.name"
    objects = render(BASE_41 + ["--set", r"networkPolicy.clientNamespaceSelector.matchLabels.kubernetes\.io/metadata\.name=jobs"])
    rules = find(objects, kind="NetworkPolicy", name="spark-41-egress")[0]["spec"]["egress"]
    assert {"namespaceSelector": {"matchLabels": {ns: "jobs"}},
            "podSelector": {"matchLabels": {"sparkmv.io/spark-release": "spark-41"}}} in rules[1]["to"]


def test_cilium_form_admits_the_api_server_by_entity():
    """Cilium: a self-hosted API server matches no ipBlock; the chart can admit it by its kube-apiserver entity."""
    args = ["spark-41", "charts/spark-4.1", "--namespace", "spark", "--set", "connect.enabled=true"]
    assert not find(render(args), kind="CiliumNetworkPolicy")
    objects = render(args + ["--set", "networkPolicy.egress.kubernetesApi.cilium=true",
                             "--set-json", "networkPolicy.egress.kubernetesApi.cidrs=[]"])
    cilium = find(objects, kind="CiliumNetworkPolicy")[0]
    rule = cilium["spec"]["egress"][0]
    assert rule["toEntities"] == ["kube-apiserver"]
    assert {p["port"] for p in rule["toPorts"][0]["ports"]} == {"443", "6443", "8443"}
    selector = cilium["spec"]["endpointSelector"]
    assert selector["matchExpressions"][0]["values"] == ["connect", "batch-driver"]
    assert not [p for p in find(objects, kind="NetworkPolicy") if "kubernetes-api" in p["metadata"]["name"]]
