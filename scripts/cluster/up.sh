#!/usr/bin/env bash
# Starts the cluster, in order, each step waiting for the one before; prints the time each took. A second
# run while it is up changes nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$CLUSTER_SCRIPTS/daemons.sh"
source "$CLUSTER_SCRIPTS/prerequisites.sh"

check_prerequisites
running=() stopped=()
for d in "${DAEMONS[@]}"; do
  if daemon_running "$d"; then running+=("$d"); else stopped+=("$d"); fi
done
if [ ${#stopped[@]} -eq 0 ]; then
  say "already up (node $NODE_NAME at https://$NODE_IP:6443)"
  exit 0
fi
[ ${#running[@]} -eq 0 ] ||
  fail "partly running (stopped: ${stopped[*]}); run scripts/cluster.sh down, then up"
check_free

log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$SPARKMV_ROOT/scripts/bootstrap.sh" --cluster >"$log" 2>&1 || {
  step=$(sed -n "s/^bootstrap: step '\(.*\)' failed.*/\1/p" "$log" | head -n 1)
  cause=$(grep -v '^bootstrap: step' "$log" | grep -v '^[[:space:]]*$' | tail -n 1)
  fail "building the cluster failed in step ${step:-?}: ${cause:-no output}; rerun scripts/bootstrap.sh --cluster for the whole output"
}

t0=$(date +%s)
elapsed() { echo "+$(($(date +%s) - t0))s"; }
mkdir -p "$CLUSTER_DIR"/{var/lib/etcd,var/lib/containerd,var/lib/kubelet,var/lib/cni,var/lib/local-path,var/log/pods,run,logs}
chmod 711 "$CLUSTER_DIR"
"$CLUSTER_SCRIPTS/pki.sh"
"$CLUSTER_SCRIPTS/render.sh"
mapfile -t archives < <("$CLUSTER_SCRIPTS/images.sh")

"$CLUSTER_SCRIPTS/netns.sh" up
# The kubelet rewrites these machine-wide settings (no namespace isolates them); down puts them back.
[ -f "$CLUSTER_DIR/sysctl-before.conf" ] ||
  sysctl vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops \
    kernel.keys.root_maxkeys kernel.keys.root_maxbytes | sed 's/ = /=/' >"$CLUSTER_DIR/sysctl-before.conf"

start_daemon etcd
wait_for 60 "etcd" $NSX curl -sf http://127.0.0.1:2379/health || fail "etcd did not become healthy; see $CLUSTER_DIR/logs/etcd.log"
start_daemon containerd
wait_for 30 "containerd" $CTR version || fail "containerd did not start; see $CLUSTER_DIR/logs/containerd.log"
for archive in "${archives[@]}"; do
  $CTR images import "$archive" >/dev/null || fail "importing $archive into containerd failed"
done
say "etcd and containerd up, ${#archives[@]} images imported at $(elapsed)"

start_daemon kube-apiserver
apiserver_ready() {
  curl -sf --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "https://$NODE_IP:6443/readyz"
}
wait_for 180 "kube-apiserver /readyz" apiserver_ready ||
  fail "kube-apiserver not ready; see $CLUSTER_DIR/logs/kube-apiserver.log"
start_daemon kube-controller-manager
start_daemon kube-scheduler
start_daemon kubelet
start_daemon kube-proxy
wait_for 120 "node $NODE_NAME to register" kc get node "$NODE_NAME" ||
  fail "the kubelet did not register; see $CLUSTER_DIR/logs/kubelet.log"
kc wait --for=condition=Ready "node/$NODE_NAME" --timeout=180s >/dev/null ||
  fail "node $NODE_NAME not Ready; see $CLUSTER_DIR/logs/kubelet.log"
say "node Ready at $(elapsed)"
wait_for 120 "the default ServiceAccount" kc get serviceaccount default ||
  fail "no default ServiceAccount; see $CLUSTER_DIR/logs/kube-controller-manager.log"

for manifest in coredns network-policies local-path jar-mirror; do
  sed -e "s|@CLUSTER_DIR@|$CLUSTER_DIR|g" -e "s|@DNS_IP@|$DNS_IP|g" \
    -e "s|@COREDNS_VERSION@|$COREDNS_VERSION|g" \
    "$CLUSTER_SCRIPTS/manifests/$manifest.yaml" | kc apply -f - >/dev/null
done
kc -n kube-system rollout status deployment/coredns --timeout=180s >/dev/null ||
  fail "CoreDNS not ready: kubectl -n kube-system describe pods -l k8s-app=kube-dns"
# After its RBAC exists, so its first sync is not refused.
start_daemon kube-router
kube_router_healthy() { $NSX curl -sf http://127.0.0.1:20244/healthz; }
wait_for 60 "kube-router /healthz" kube_router_healthy ||
  fail "kube-router not healthy; see $CLUSTER_DIR/logs/kube-router.log"
kc -n local-path-storage rollout status deployment/local-path-provisioner --timeout=180s >/dev/null ||
  fail "local-path-provisioner not ready: kubectl -n local-path-storage logs deploy/local-path-provisioner"
kc -n sparkmv-mirror rollout status deployment/jar-mirror --timeout=120s >/dev/null ||
  fail "the jar mirror is not ready: kubectl -n sparkmv-mirror describe pods"
say "DNS, NetworkPolicy enforcement, the default StorageClass and the jar mirror ready at $(elapsed)"
say "up: eval \"\$(scripts/cluster.sh env)\" to use it"
