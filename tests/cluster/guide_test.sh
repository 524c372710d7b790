#!/usr/bin/env bash
# The guide's own commands (docs/guides/MULTI-VERSION-DEPLOYMENT.md, read by guide_commands.py, not retyped) on the
# cluster, with the local images (-f tests/cluster/local-images.yaml) and helm's default timeout:
#   variant1         Helm 4: variant 1; every pod Ready, no restart, nothing Pending or OOMKilled; the guide's
#                    checks print what it says; helm test passes, and fails naming the metastore once its
#                    database is gone; helm uninstall leaves only what the docs say it keeps, and sparkmv
#                    deploy --kube installs again (the kept Secrets still open the kept databases); the
#                    install stays for the kube tests (kube_test.sh)
#   variant1-remove  removes the variant-1 install
#   variant2         Helm 3: variant 2 (a namespace per release), every pod Ready, helm test passes (the one
#                    install under Helm 3: the guide's commands are the same for both)
#   overlay          Helm 4: charts/spark-base and both releases on it (the overlay), every pod Ready, helm test
#                    passes on all three; the install stays for the jobs tests (jobs_test.sh)
#   overlay-remove   uninstalls the overlay and what the jobs tests left in its namespace
source "$(dirname "$0")/lib.sh"
case=${1:?case}
TEST_NAME=guide_$case
use_cluster

HELM=$SPARKMV_ROOT/.tools/bin/helm4
HELM3=$SPARKMV_ROOT/.tools/bin/helm3
[ "$case" = variant2 ] && HELM=$HELM3
# The guide says `helm` and `kubectl`.
BIN=$(mktemp -d)
ln -s "$HELM" "$BIN/helm"
ln -s "$KUBECTL" "$BIN/kubectl"
export PATH="$BIN:$PATH"

guide() { python3 "$SPARKMV_ROOT/tests/cluster/guide_commands.py" "$1"; }
VARIANT1="Variant 1: one namespace (dev/test)"
VARIANT2="Variant 2: separate namespaces (production)"
SHARED="Shared infrastructure"

# The namespaces and releases the guide makes are the test's: removed at the end whatever happened.
NAMESPACES=()
KEEP=0
cleanup() {
  local status=$?
  [ "$status" -eq 0 ] && [ "$KEEP" = 1 ] && { rm -rf "$BIN"; exit 0; }
  [ "$status" -ne 0 ] && [ "$status" -ne 77 ] && for ns in "${NAMESPACES[@]}"; do TEST_NAMESPACE=$ns dump_cluster; done
  for ns in "${NAMESPACES[@]}"; do
    for release in $(helm list -n "$ns" -q 2>/dev/null); do helm uninstall "$release" -n "$ns" --wait >/dev/null 2>&1 || true; done
    if [ "$ns" = default ]; then
      k -n default delete pod -l 'sparkmv.io/spark-release' --ignore-not-found --wait=true >/dev/null 2>&1
      k -n default delete pvc,secret -l 'app.kubernetes.io/instance in (spark-base,spark-35,spark-41)' \
        --ignore-not-found >/dev/null 2>&1
    fi
    [ "$ns" = default ] || k delete namespace "$ns" --ignore-not-found --wait=true --timeout=180s >/dev/null 2>&1 || true
  done
  rm -rf "$BIN"
  exit "$status"
}
trap cleanup EXIT

# run_guide SECTION: each command of the section, from the repository root, timed.
run_guide() {
  local line started
  while IFS= read -r line; do
    started=$SECONDS
    echo "+ $line"
    (cd "$SPARKMV_ROOT" && bash -c "$line") >"$BIN/out" 2>&1 || { tail -n 30 "$BIN/out"; fail "the guide's command failed: $line"; }
    [[ $line == "helm install "* ]] && echo "  ready after $((SECONDS - started)) s"
  done < <(guide "$1")
}

# all_ready NAMESPACE: every pod Ready (Jobs' pods Succeeded), no container restarted, none OOMKilled.
all_ready() {
  local report
  report=$(k -n "$1" get pods -o json | python3 -c '
import json, sys
bad = []
for pod in json.load(sys.stdin)["items"]:
    name, status = pod["metadata"]["name"], pod["status"]
    phase = status.get("phase")
    ready = any(c["type"] == "Ready" and c["status"] == "True" for c in status.get("conditions", []))
    if phase == "Succeeded":
        pass
    elif phase != "Running" or not ready:
        bad.append(f"{name}: {phase}, not Ready")
    for c in status.get("initContainerStatuses", []) + status.get("containerStatuses", []):
        last = (c.get("lastState") or {}).get("terminated") or {}
        where = "%s/%s" % (name, c["name"])
        if c.get("restartCount", 0):
            bad.append("%s: %d restart(s), last %s" % (where, c["restartCount"], last.get("reason")))
        if "OOMKilled" in (last.get("reason"), ((c.get("state") or {}).get("terminated") or {}).get("reason")):
            bad.append("%s: OOMKilled" % where)
print("\n".join(bad))')
  [ -z "$report" ] || fail "pods in $1 not all Ready and steady:"$'\n'"$report"
  pass "every pod in $1 Ready, no restart, none OOMKilled ($(k -n "$1" get pods --no-headers | wc -l) pods)"
}

# Helm 3 deletes a passed test pod before `--logs` can read it (and then fails): logs under Helm 4 only.
helm_test() {
  local logs=--logs
  [ "$HELM" = "$HELM3" ] && logs=
  helm test "$1" -n "$2" $logs >"$BIN/test" 2>&1 || { grep -v 'symbolic link' "$BIN/test" | tail -n 30; fail "helm test $1 failed"; }
  pass "helm test $1: $(grep -c 'Phase:.*Succeeded' "$BIN/test") tests passed"
}

# The node's pods' memory at its peak since the cluster started (cgroup v1 or v2).
peak_memory() {
  local f
  for f in /sys/fs/cgroup/memory/kubepods/memory.max_usage_in_bytes /sys/fs/cgroup/kubepods/memory.peak; do
    [ -r "$f" ] && { awk '{ printf "%.2f GiB", $1 / 2^30 }' "$f"; return; }
  done
  echo unknown
}

case $case in
  variant1)
    NAMESPACES=(spark)
    k delete namespace spark --ignore-not-found --wait=true >/dev/null
    run_guide "$VARIANT1"
    all_ready spark
    # The guide's checks (its Verification block), each with what the guide says it shows.
    mapfile -t checks < <(guide Verification)
    out=$(cd "$SPARKMV_ROOT" && bash -c "${checks[0]}")
    grep -q '^spark-35-' <<<"$out" && grep -q '^spark-41-' <<<"$out" || fail "check 1 lists no Services of both releases: $out"
    out=$(cd "$SPARKMV_ROOT" && bash -c "${checks[1]}")
    grep -q metastore_spark35 <<<"$out" && grep -q metastore_spark41 <<<"$out" || fail "check 2 shows no metastore_spark35 and metastore_spark41: $out"
    out=$(cd "$SPARKMV_ROOT" && bash -c "${checks[2]}" 2>/dev/null)
    grep -q 's3a://spark-logs/3.5/events' <<<"$out" && grep -q 's3a://spark-logs/4.1/events' <<<"$out" ||
      fail "check 3 shows no lines of both log directories: $out"
    (cd "$SPARKMV_ROOT" && bash -c "${checks[3]}") >"$BIN/test" 2>&1 || { tail -n 30 "$BIN/test"; fail "check 4 (helm test of both releases) failed"; }
    pass "the guide's checks: Services of both releases, both metastore databases, both log directories, helm test"

    # Broken after install: the metastore's database is gone (renamed away, its open connections cut).
    psql35() { k -n spark exec spark-35-postgresql-0 -- psql -v ON_ERROR_STOP=1 -qtA -U spark35 -d postgres -c "$1"; }
    move_database() { # FROM TO: the metastore's pool reconnects at once, so cut and rename until the rename wins
      local try
      for try in 1 2 3 4 5 6 7 8 9 10; do
        psql35 "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$1'" >/dev/null
        psql35 "ALTER DATABASE $1 RENAME TO $2" >/dev/null 2>&1 && return 0
        sleep 0.5
      done
      fail "could not rename database $1 to $2"
    }
    move_database metastore_spark35 metastore_spark35_away
    if helm test spark-35 -n spark --logs >"$BIN/broken" 2>&1; then fail "helm test passed with the metastore's database gone"; fi
    grep -q 'spark-35-test-metastore' "$BIN/broken" && grep -q 'metastore: SHOW DATABASES through' "$BIN/broken" ||
      { tail -n 20 "$BIN/broken"; fail "helm test failed, but without naming the metastore"; }
    move_database metastore_spark35_away metastore_spark35
    # Restored, it passes again (and Helm replaces the failed test pod it kept for its log).
    helm_test spark-35 spark
    pass "helm test fails naming the metastore when its database is gone"

    # Uninstall keeps what the docs say (the databases' and the S3 server's volumes, the generated Secrets).
    helm uninstall spark-35 spark-41 -n spark --wait >/dev/null
    # Pods end after their grace period; the executors' ConfigMap goes with the Connect pod that owns it.
    k -n spark wait --for=delete pod --all --timeout=180s >/dev/null 2>&1 || true
    expected="persistentvolumeclaim/data-spark-35-postgresql-0 persistentvolumeclaim/data-spark-35-seaweedfs-0 "
    expected+="persistentvolumeclaim/data-spark-41-postgresql-0 persistentvolumeclaim/data-spark-41-seaweedfs-0 "
    expected+="secret/spark-35-metastore-db secret/spark-35-seaweedfs secret/spark-41-metastore-db secret/spark-41-seaweedfs "
    for _ in $(seq 1 30); do
      left=$(k -n spark get all,configmaps,secrets,pvc,networkpolicies,serviceaccounts,roles,rolebindings,jobs -o name |
        grep -v -E '^(configmap/kube-root-ca.crt|serviceaccount/default)$' | sort | tr '\n' ' ')
      [ "$left" = "$expected" ] && break
      sleep 2
    done
    [ "$left" = "$expected" ] || fail "after helm uninstall: left $left; the docs keep $expected"
    pass "helm uninstall keeps the volumes and the generated Secrets, nothing else"
    # ... and sparkmv deploy installs the same releases again onto them (it runs the guide's helm commands after
    # its pre-flight; the local images go in through --values).
    (cd "$SPARKMV_ROOT" && SPARKMV_HELM=$HELM "$SPARKMV" deploy --kube --namespace spark --wait \
      -f tests/cluster/local-images.yaml) >"$BIN/out" 2>&1 || { tail -n 30 "$BIN/out"; fail "sparkmv deploy --kube failed"; }
    grep -q '^Pre-flight' "$BIN/out" && grep -q ': 0 error(s)' "$BIN/out" || { cat "$BIN/out"; fail "deploy printed no clean pre-flight"; }
    for release in spark-35 spark-41; do
      grep -q "upgrade --install $release .* -f tests/cluster/local-images.yaml" "$BIN/out" ||
        { cat "$BIN/out"; fail "deploy did not install $release with the values file"; }
    done
    all_ready spark
    k -n spark logs deploy/spark-35-metastore -c init-schema | grep -q 'schema present' || fail "the reinstalled metastore did not find its schema"
    helm_test spark-35 spark
    pass "uninstalled, then sparkmv deploy --kube installs again: pre-flight clean, the kept databases open with the kept Secrets (pods' peak memory $(peak_memory))"
    # The install stays for the kube tests (kube_test.sh).
    KEEP=1
    ;;


  variant2)
    NAMESPACES=(spark-35 spark-41)
    k delete namespace spark-35 spark-41 --ignore-not-found --wait=true >/dev/null
    run_guide "$VARIANT2"
    all_ready spark-35
    all_ready spark-41
    helm_test spark-35 spark-35
    helm_test spark-41 spark-41
    pass "Helm 3: variant 2 installs and tests (pods' peak memory $(peak_memory))"
    ;;

  overlay)
    NAMESPACES=(default)
    run_guide "$SHARED"
    all_ready default
    helm_test spark-base default
    helm_test spark-35 default
    helm_test spark-41 default
    pass "spark-base and both releases on it install and test (pods' peak memory $(peak_memory))"
    KEEP=1
    ;;

  variant1-remove | overlay-remove)
    # What the install's tests left goes with it (cleanup); its peak shows what they needed.
    if [ "$case" = variant1-remove ]; then NAMESPACES=(spark); else NAMESPACES=(default); fi
    pass "the ${case%-remove} install's pods' peak memory after its tests: $(peak_memory)"
    ;;

  *) fail "unknown case $case" ;;
esac
