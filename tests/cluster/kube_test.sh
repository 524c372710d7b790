#!/usr/bin/env bash
# sparkmv verify --kube and scripts/test-coexistence.sh on the variant-1 install that cluster.guide.variant1
# leaves (namespace spark, both releases, local images), one case per run:
#   verify          verify --kube passes with every live probe run: no check is skip or error
#   verify-broken   it fails with the right check and rule on an install broken three ways, one at a time
#                   (both metastores on one database; 4.1's History Server on 3.5's prefix; a Service selecting
#                   the other release's pods), each undone afterwards
#   rbac            with a real ServiceAccount that may not read pods/log, exactly the log checks are ERROR
#                   (exit 3); the other checks still run and pass
#   script          scripts/test-coexistence.sh spark (the guide's last check) keeps the install as it is and passes,
#                   smoke jobs included; its smoke pods are gone afterwards
source "$(dirname "$0")/lib.sh"
case=${1:?case}
TEST_NAME=kube_$case
use_cluster
NS=spark
kn() { k -n "$NS" "$@"; }
export SPARKMV_HELM=$SPARKMV_ROOT/.tools/bin/helm4 SPARKMV_KUBECTL=$KUBECTL
WORK=$(mktemp -d)
ADMIN_KUBECONFIG=$KUBECONFIG
UNDO=()
undo_last() { eval "${UNDO[-1]}" >/dev/null; unset 'UNDO[-1]'; }
finish() {
  local status=$? i
  export KUBECONFIG=$ADMIN_KUBECONFIG
  for ((i = ${#UNDO[@]} - 1; i >= 0; i--)); do eval "${UNDO[i]}" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
  [ "$status" -ne 0 ] && [ "$status" -ne 77 ] && TEST_NAMESPACE=$NS dump_cluster
  exit "$status"
}
trap finish EXIT
kn get deploy spark-35-master spark-41-connect >/dev/null 2>&1 || fail "the variant-1 install is not there (cluster.guide.variant1)"

# verify_json ARGS...: verify --kube -o json on the install; the report in $WORK/report.json, the exit code in $rc.
verify_json() {
  rc=0
  "$SPARKMV" verify --kube --namespace "$NS" -o json "$@" >"$WORK/report.json" 2>"$WORK/err" || rc=$?
  python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/report.json" 2>/dev/null ||
    { cat "$WORK/err"; fail "verify --kube printed no JSON report (exit $rc)"; }
}
# report WHAT [ID]: from the report, per check (of id ID only when given): WHAT=status ("id status rule"),
# evidence (its lines) or show (status, id, rule and evidence on one line, for a failure's output).
report() {
  python3 - "$WORK/report.json" "$@" <<'PY' || [ "$1" = show ]
import json, sys
path, what, *only = sys.argv[1:]
for c in json.load(open(path))["checks"]:
    if only and c["id"] != only[0]:
        continue
    rule = c.get("rule") or "-"
    if what == "status":
        print(c["id"], c["status"], rule)
    elif what == "evidence":
        print("\n".join(c["evidence"]))
    else:
        print(c["status"], c["id"], rule, "|", " / ".join(c["evidence"])[:400])
PY
}
statuses() { report status "$@"; }
show() { report show; }

# set_selector SERVICE JSON: the Service selects exactly JSON (a merge patch alone would keep the old keys).
set_selector() {
  kn patch svc "$1" --type merge -p '{"spec":{"selector":null}}' >/dev/null
  kn patch svc "$1" --type merge -p "{\"spec\":{\"selector\":$2}}" >/dev/null
}

# expect_failed ID RULE WHAT: verify exited 1 and check ID failed with an error finding of RULE.
expect_failed() {
  local got found
  [ "$rc" -eq 1 ] || { show; fail "$3: verify exited $rc, expected 1"; }
  got=$(statuses "$1")
  [[ $got == "$1 fail "* ]] || { show; fail "$3: check $1 did not fail ($got)"; }
  # A live check carries its one rule; a rule group's check names each finding in its evidence.
  found=$(report evidence "$1")
  [[ $got == "$1 fail $2" || ($got == *"$2"* && $found == *"$2 error"*) ]] ||
    { show; fail "$3: check $1 failed without a $2 error ($got)"; }
  pass "$3: $1 fails with $2"
}

case $case in
  verify)
    verify_json
    [ "$rc" -eq 0 ] || { show; fail "verify --kube exited $rc on the good install"; }
    not_run=$(statuses | awk '$2 != "pass"')
    [ -z "$not_run" ] || { show; fail "checks not passed on the good install: $not_run"; }
    for id in release.present metastore.databases history.log-directory history.distinct history.applications helm.test; do
      [[ $(statuses "$id") == *" pass"* ]] || { show; fail "check $id did not run"; }
    done
    pass "verify --kube: $(statuses | wc -l) checks, all pass (live logs, History Server APIs, metastore env, helm test)"
    ;;

  verify-broken)
    # Both metastores on one database: the 4.1 metastore's env points at 3.5's. The Deployment is paused, so
    # no pod rolls out; the same env restored, resuming changes nothing.
    kn rollout pause deploy/spark-41-metastore >/dev/null
    UNDO+=("kn rollout resume deploy/spark-41-metastore")
    # Its first container's name, then its METASTORE_DB_HOST and METASTORE_DB_NAME values.
    mapfile -t env41 < <(kn get deploy spark-41-metastore -o json | python3 -c '
import json, sys
c = json.load(sys.stdin)["spec"]["template"]["spec"]["containers"][0]
print(c["name"])
for e in c["env"]:
    if e["name"] in ("METASTORE_DB_HOST", "METASTORE_DB_NAME") and "value" in e:
        print("%s=%s" % (e["name"], e["value"]))')
    container=${env41[0]}
    env41=("${env41[@]:1}")
    [ ${#env41[@]} -eq 2 ] || fail "spark-41-metastore has no METASTORE_DB_HOST/NAME values: ${env41[*]}"
    UNDO+=("kn set env deploy/spark-41-metastore -c $container ${env41[*]}")
    kn set env deploy/spark-41-metastore -c "$container" METASTORE_DB_HOST=spark-35-postgresql METASTORE_DB_NAME=metastore_spark35 >/dev/null
    verify_json --skip-helm-test
    expect_failed metastore.databases ISO003 "both metastores on metastore_spark35"
    undo_last
    undo_last

    # 4.1's History Server configured on 3.5's prefix (the running server is not restarted; the configuration
    # is what verify compares). Each release has its own S3 server in variant 1, so the two servers do not
    # share a directory (ISO004 stays quiet); what breaks is that 4.1's jobs log where its server does not read.
    kn get configmap spark-41-history -o json >"$WORK/history-cm.json"
    UNDO+=("kn get configmap spark-41-history -o json | sed 's#s3a://spark-logs/3.5/events#s3a://spark-logs/4.1/events#g' | kn replace -f -")
    sed 's#s3a://spark-logs/4.1/events#s3a://spark-logs/3.5/events#g' "$WORK/history-cm.json" | kn replace -f - >/dev/null
    verify_json --skip-helm-test
    expect_failed eventlogs.config ISO005 "4.1's History Server configured on s3a://spark-logs/3.5/events"
    [[ $(statuses history.log-directory) == *"history.log-directory fail ISO004"* ]] ||
      { show; fail "the live log check did not see 4.1's server read another directory than configured"; }
    undo_last

    # A Service selecting the other release's pods: 4.1's History Server Service with 3.5's selector (copied).
    UNDO+=("set_selector spark-41-history '$(kn get svc spark-41-history -o jsonpath='{.spec.selector}')'")
    set_selector spark-41-history "$(kn get svc spark-35-history -o jsonpath='{.spec.selector}')"
    verify_json --skip-helm-test
    expect_failed services.selectors ISO007 "the 4.1 History Server's Service selecting 3.5's pods"
    undo_last

    # Undone, the install verifies clean again.
    verify_json --skip-helm-test
    [ "$rc" -eq 0 ] || { show; fail "verify --kube exited $rc after the breakages were undone"; }
    pass "every breakage undone: verify --kube passes again"
    ;;

  rbac)
    # A reader that may list what verify reads and forward to pods, but not read pods/log.
    kn apply -f - >/dev/null <<'YAML'
apiVersion: v1
kind: ServiceAccount
metadata: {name: sparkmv-verify-nolog}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: sparkmv-verify-nolog}
rules:
  - apiGroups: [""]
    resources: [pods, services, configmaps, serviceaccounts, secrets]
    verbs: [get, list]
  - apiGroups: [apps]
    resources: [deployments, statefulsets]
    verbs: [get, list]
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [roles, rolebindings]
    verbs: [get, list]
  - apiGroups: [""]
    resources: [pods/portforward]
    verbs: [get, create]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: sparkmv-verify-nolog}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: sparkmv-verify-nolog}
subjects: [{kind: ServiceAccount, name: sparkmv-verify-nolog, namespace: spark}]
YAML
    UNDO+=("kn delete serviceaccount,role,rolebinding sparkmv-verify-nolog --ignore-not-found")
    token=$(kn create token sparkmv-verify-nolog --duration=10m)
    server=$(k config view --raw --minify -o jsonpath='{.clusters[0].cluster.server}')
    ca=$(k config view --raw --minify -o jsonpath='{.clusters[0].cluster.certificate-authority}')
    if [ -n "$ca" ]; then cp "$ca" "$WORK/ca.crt"; else
      k config view --raw --minify -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d >"$WORK/ca.crt"
    fi
    export KUBECONFIG=$WORK/nolog.kubeconfig
    k config set-cluster test --server="$server" --certificate-authority="$WORK/ca.crt" --embed-certs=true >/dev/null
    k config set-credentials nolog --token="$token" >/dev/null
    k config set-context nolog --cluster=test --user=nolog --namespace=spark >/dev/null
    k config use-context nolog >/dev/null
    k auth can-i get pods --subresource=log -n spark >/dev/null 2>&1 && fail "the reader may read pods/log"
    k auth can-i list pods -n spark >/dev/null 2>&1 || fail "the reader may not list pods"
    # helm test creates pods, which this reader may not: left out, so that only the log checks stand out.
    verify_json --skip-helm-test
    export KUBECONFIG=$ADMIN_KUBECONFIG
    [ "$rc" -eq 3 ] || { show; fail "verify --kube without pods/log exited $rc, expected 3"; }
    errors=$(statuses | awk '$2 == "error" {print $1}' | sort -u | tr '\n' ' ')
    [ "$errors" = "history.log-directory " ] || { show; fail "checks in error without pods/log: '$errors' (expected history.log-directory only)"; }
    [ "$(statuses history.log-directory | grep -c ' error ')" -eq 2 ] || { show; fail "not both History Servers' log checks are ERROR"; }
    others=$(statuses | awk '$2 != "error" && $1 != "helm.test" && $1 != "history.distinct" && $2 != "pass"')
    [ -z "$others" ] || { show; fail "other checks did not pass without pods/log: $others"; }
    pass "without pods/log: history.log-directory ERROR for both releases (exit 3); History Server APIs, metastore env and every rule still pass"
    ;;

  script)
    # The guide's last check on the install: nothing installed or upgraded, verify, a smoke job per version.
    (cd "$SPARKMV_ROOT" && scripts/test-coexistence.sh spark) >"$WORK/out" 2>&1 ||
      { tail -n 40 "$WORK/out"; fail "scripts/test-coexistence.sh spark failed"; }
    out=$(<"$WORK/out")
    [[ $out == *"both releases installed: testing them as they are"* ]] || { echo "$out"; fail "the script did not keep the install as it is"; }
    [[ $out == *$'SPARKMV-SMOKE\t3.5.7'* && $out == *"SPARKMV-SMOKE 4.1.0 rows=1000"* ]] ||
      { tail -n 40 "$WORK/out"; fail "the smoke jobs printed no result"; }
    for pod in $(kn get pods -o name | grep -- '-smoke-' || true); do
      kn wait --for=delete "$pod" --timeout=90s >/dev/null || fail "smoke pod $pod left behind"
    done
    [ "$("$SPARKMV_HELM" list -n "$NS" -q | sort | tr '\n' ' ')" = "spark-35 spark-41 " ] || fail "the releases changed"
    pass "test-coexistence.sh spark: verify, spark-sql on 3.5 and a Connect client on 4.1 pass; its smoke pods are gone"
    ;;

  *) fail "unknown case $case" ;;
esac
