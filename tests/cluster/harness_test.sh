#!/usr/bin/env bash
# The harness itself, one case per argument: what a user's cluster must do before a chart can be judged on it.
source "$(dirname "$0")/lib.sh"
case=${1:?case}
TEST_NAME=harness_$case
use_cluster

case $case in
  node-ready)
    ready=$(k get node -o jsonpath='{.items[0].status.conditions[?(@.type=="Ready")].status}')
    [ "$ready" = True ] || fail "node Ready condition is '$ready'"
    version=$(k version -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["serverVersion"]["gitVersion"])')
    [ "$version" = v1.34.4 ] || fail "server reports $version, not v1.34.4"
    cpu=$(k get node -o jsonpath='{.items[0].status.allocatable.cpu}')
    memory=$(k get node -o jsonpath='{.items[0].status.allocatable.memory}')
    memory_mib=$(python3 -c "
import re,sys; v='$memory'; n,u=re.match(r'(\d+)(\w*)',v).groups(); n=int(n)
print(n*{'Ki':1/1024,'Mi':1,'Gi':1024,'':1/1048576}[u])")
    case $cpu in 2 | 2000m) ;; *) fail "allocatable cpu is $cpu, not 2" ;; esac
    python3 -c "import sys; sys.exit(0 if 8192-256 <= $memory_mib <= 8192+256 else 1)" ||
      fail "allocatable memory is $memory ($memory_mib MiB), not about 8 GiB"
    default_class=$(k get storageclass -o jsonpath='{.items[?(@.metadata.annotations.storageclass\.kubernetes\.io/is-default-class=="true")].metadata.name}')
    [ "$default_class" = local-path ] || fail "default StorageClass is '$default_class'"
    pass "node Ready, $version, allocatable cpu $cpu memory $memory, default StorageClass $default_class"
    ;;
  logs-exec)
    make_namespace
    busybox_pod hello 'echo hello-from-pod; sleep 3600'
    for _ in $(seq 1 20); do
      logs=$(k -n "$TEST_NAMESPACE" logs hello)
      [ "$logs" = hello-from-pod ] && break
      sleep 0.5
    done
    [ "$logs" = hello-from-pod ] || fail "kubectl logs gave '$logs'"
    out=$(k -n "$TEST_NAMESPACE" exec hello -- sh -c 'id -u; hostname; cat /proc/1/cmdline | tr "\0" " "')
    [ "$(echo "$out" | sed -n 1p)" = 65534 ] || fail "exec ran as uid '$(echo "$out" | sed -n 1p)', not 65534"
    [ "$(echo "$out" | sed -n 2p)" = hello ] || fail "exec ran outside the pod (hostname '$(echo "$out" | sed -n 2p)')"
    echo "$out" | sed -n 3p | grep -q 'sleep 3600' || fail "exec does not see the pod's own process 1: $out"
    pass "logs and exec"
    ;;
  service-dns)
    make_namespace
    busybox_pod web 'httpd -f -p 8080 -h /www'
    busybox_pod client 'sleep 3600' role=client
    k -n "$TEST_NAMESPACE" expose pod web --port 80 --target-port 8080 >/dev/null
    ip=$(k -n "$TEST_NAMESPACE" get service web -o jsonpath='{.spec.clusterIP}')
    body=""
    for _ in $(seq 1 20); do body=$(http_from client "http://$ip/" || true); [ -n "$body" ] && break; sleep 1; done
    [ "$body" = "sparkmv cluster busybox" ] || fail "by ClusterIP $ip: '$body'"
    body=$(http_from client "http://web.$TEST_NAMESPACE.svc.cluster.local/") || fail "by DNS name: no answer"
    [ "$body" = "sparkmv cluster busybox" ] || fail "by DNS name: '$body'"
    resolved=$(k -n "$TEST_NAMESPACE" exec client -- nslookup "web.$TEST_NAMESPACE.svc.cluster.local" | awk '/^Address/ {a=$NF} END {print a}')
    [ "$resolved" = "$ip" ] || fail "DNS resolves web to '$resolved', not $ip"
    # Cluster names only: nothing is forwarded outside.
    if k -n "$TEST_NAMESPACE" exec client -- nslookup example.com >/dev/null 2>&1; then
      fail "example.com resolved: DNS forwards outside the cluster"
    fi
    api=$(k -n "$TEST_NAMESPACE" exec client -- sh -c 'timeout 5 wget -qO- --no-check-certificate https://kubernetes.default.svc/version 2>&1 || true')
    echo "$api" | grep -q '"gitVersion": "v1.34.4"' || fail "pod -> API server by DNS name: '$api'"
    pass "Service by ClusterIP and DNS, no outside names, pod reaches the API server"
    ;;
  pvc)
    make_namespace
    k -n "$TEST_NAMESPACE" apply -f - >/dev/null <<'YAML'
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 64Mi}}
---
apiVersion: v1
kind: Pod
metadata: {name: writer}
spec:
  securityContext: {runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534}
  containers:
    - name: main
      image: local/busybox:1.35
      imagePullPolicy: Never
      command: [sh, -c, 'echo persisted > /data/probe && sleep 3600']
      resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {memory: 64Mi}}
      volumeMounts: [{name: data, mountPath: /data}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
YAML
    k -n "$TEST_NAMESPACE" wait --for=condition=Ready pod/writer --timeout=120s >/dev/null || fail "writer not Ready"
    phase=$(k -n "$TEST_NAMESPACE" get pvc data -o jsonpath='{.status.phase}')
    [ "$phase" = Bound ] || fail "PVC is $phase"
    class=$(k -n "$TEST_NAMESPACE" get pvc data -o jsonpath='{.spec.storageClassName}')
    [ "$class" = local-path ] || fail "PVC got class '$class' instead of the default"
    volume=$(k -n "$TEST_NAMESPACE" get pvc data -o jsonpath='{.spec.volumeName}')
    path=$(k get pv "$volume" -o jsonpath='{.spec.hostPath.path}{.spec.local.path}')
    [ "$(cat "$path/probe" 2>/dev/null)" = persisted ] || fail "volume $volume: $path/probe does not hold what the pod wrote"
    pass "PVC bound through local-path ($volume at $path)"
    ;;
  network-policy)
    make_namespace
    busybox_pod server 'httpd -f -p 8080 -h /www'
    busybox_pod client 'sleep 3600' role=client
    busybox_pod other 'sleep 3600' role=other
    server_ip=$(k -n "$TEST_NAMESPACE" get pod server -o jsonpath='{.status.podIP}')
    url="http://$server_ip:8080/"
    http_from client "$url" >/dev/null || fail "without a policy, client cannot reach the server"
    http_from other "$url" >/dev/null || fail "without a policy, other cannot reach the server"
    k -n "$TEST_NAMESPACE" apply -f - >/dev/null <<'YAML'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-client}
spec:
  podSelector: {matchLabels: {app: server}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {role: client}}}]
      ports: [{port: 8080, protocol: TCP}]
YAML
    denied=false
    for _ in $(seq 1 20); do
      if ! http_from other "$url" >/dev/null; then denied=true; break; fi
      sleep 1
    done
    $denied || fail "the NetworkPolicy is not enforced: other still reaches the server after 20 s"
    http_from client "$url" >/dev/null || fail "the NetworkPolicy denies the client it allows"
    k -n "$TEST_NAMESPACE" delete networkpolicy only-client >/dev/null
    allowed=false
    for _ in $(seq 1 20); do
      if http_from other "$url" >/dev/null; then allowed=true; break; fi
      sleep 1
    done
    $allowed || fail "after deleting the policy, other still cannot reach the server"
    pass "NetworkPolicy enforced (denied, allowed peer kept, lifted on delete)"
    ;;
  up-noop)
    before=$(for d in etcd containerd kube-apiserver kubelet; do cat "${SPARKMV_CLUSTER_DIR:-/var/lib/sparkmv-cluster}/run/$d.pid"; done)
    out=$("$CLUSTER" up) || fail "second up exited $?"
    echo "$out" | grep -q 'already up' || fail "second up did not say it was already up: $out"
    after=$(for d in etcd containerd kube-apiserver kubelet; do cat "${SPARKMV_CLUSTER_DIR:-/var/lib/sparkmv-cluster}/run/$d.pid"; done)
    [ "$before" = "$after" ] || fail "second up restarted daemons"
    pass "up twice is a no-op"
    ;;
  *) fail "unknown case $case" ;;
esac
