# The cluster's daemons, in start order, and how each is started, checked and stopped (sourced).
# shellcheck shell=bash
DAEMONS=(etcd containerd kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kube-router)

# daemon_command NAME: the command line of one daemon, every listener on the namespace's addresses.
daemon_command() {
  local p=$PKI
  case $1 in
    etcd)
      echo "$ETCD_BIN" --name sparkmv --data-dir "$CLUSTER_DIR/var/lib/etcd" \
        --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
        --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
        --initial-cluster sparkmv=http://127.0.0.1:2380 --listen-metrics-urls http://127.0.0.1:2381 ;;
    containerd)
      echo containerd --config "$CLUSTER_DIR/etc/containerd/config.toml" ;;
    kube-apiserver)
      echo "$BIN_DIR/kube-apiserver" --etcd-servers=http://127.0.0.1:2379 \
        --bind-address="$NODE_IP" --secure-port=6443 --advertise-address="$NODE_IP" \
        --service-cluster-ip-range="$SERVICE_CIDR" --service-node-port-range=30000-32767 \
        --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction --allow-privileged=true \
        --client-ca-file="$p/ca.crt" --tls-cert-file="$p/apiserver.crt" --tls-private-key-file="$p/apiserver.key" \
        --kubelet-client-certificate="$p/apiserver-kubelet-client.crt" \
        --kubelet-client-key="$p/apiserver-kubelet-client.key" \
        --kubelet-certificate-authority="$p/ca.crt" --kubelet-preferred-address-types=InternalIP \
        --service-account-issuer=https://kubernetes.default.svc.cluster.local \
        --service-account-key-file="$p/sa.pub" --service-account-signing-key-file="$p/sa.key" \
        --profiling=false ;;
    kube-controller-manager)
      echo "$BIN_DIR/kube-controller-manager" --kubeconfig="$p/controller-manager.kubeconfig" \
        --authentication-kubeconfig="$p/controller-manager.kubeconfig" \
        --authorization-kubeconfig="$p/controller-manager.kubeconfig" \
        --bind-address=127.0.0.1 --leader-elect=false \
        --service-account-private-key-file="$p/sa.key" --root-ca-file="$p/ca.crt" \
        --cluster-signing-cert-file="$p/ca.crt" --cluster-signing-key-file="$p/ca.key" \
        --use-service-account-credentials=true --service-cluster-ip-range="$SERVICE_CIDR" --profiling=false ;;
    kube-scheduler)
      echo "$BIN_DIR/kube-scheduler" --kubeconfig="$p/scheduler.kubeconfig" \
        --authentication-kubeconfig="$p/scheduler.kubeconfig" --authorization-kubeconfig="$p/scheduler.kubeconfig" \
        --bind-address=127.0.0.1 --leader-elect=false --profiling=false ;;
    kubelet)
      echo "$BIN_DIR/kubelet" --config="$CLUSTER_DIR/etc/kubelet-config.yaml" --kubeconfig="$p/kubelet.kubeconfig" \
        --hostname-override="$NODE_NAME" --node-ip="$NODE_IP" \
        --root-dir="$CLUSTER_DIR/var/lib/kubelet" --cert-dir="$CLUSTER_DIR/var/lib/kubelet/pki" ;;
    kube-proxy)
      # The conntrack flags at 0 leave the host-wide conntrack sysctls alone.
      echo "$BIN_DIR/kube-proxy" --kubeconfig="$p/kube-proxy.kubeconfig" --hostname-override="$NODE_NAME" \
        --proxy-mode=iptables --cluster-cidr="$POD_CIDR" \
        --conntrack-max-per-core=0 --conntrack-tcp-timeout-established=0 --conntrack-tcp-timeout-close-wait=0 \
        --metrics-bind-address=127.0.0.1:10249 --healthz-bind-address=127.0.0.1:10256 ;;
    kube-router)
      # NetworkPolicy enforcement only, on the bridge CNI's pods: no routing, no service proxy, no CNI config.
      # A full resync every 30 s (default 5 min): once, a release installed right after the shared
      # servers had its egress to them dropped for over 2 minutes, until a resync.
      echo "$BIN_DIR/kube-router" --kubeconfig="$p/kube-router.kubeconfig" --hostname-override="$NODE_NAME" \
        --run-firewall=true --run-router=false --run-service-proxy=false --enable-cni=false --iptables-sync-period=30s \
        --service-cluster-ip-range="$SERVICE_CIDR" --health-port=20244 --metrics-port=0 ;;
  esac
}

daemon_pid() { cat "$CLUSTER_DIR/run/$1.pid" 2>/dev/null; }

daemon_running() {
  local pid
  pid=$(daemon_pid "$1") && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# start_daemon NAME: runs it in the network namespace, in a session of its own so it outlives the caller;
# the pid file holds the daemon's own pid (the shell execs nsenter, which execs the daemon).
start_daemon() {
  local name=$1
  mkdir -p "$CLUSTER_DIR/run" "$CLUSTER_DIR/logs"
  # shellcheck disable=SC2046
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$CLUSTER_DIR/run/$name.pid" \
    nsenter --net="/run/netns/$NETNS" $(daemon_command "$name") \
    >"$CLUSTER_DIR/logs/$name.log" 2>&1 </dev/null &
  local i
  for i in $(seq 1 50); do [ -s "$CLUSTER_DIR/run/$name.pid" ] && return 0; sleep 0.1; done
  fail "$name did not start; see $CLUSTER_DIR/logs/$name.log"
}

# stop_daemon NAME: TERM, then KILL after 20 s; the pid file goes either way.
stop_daemon() {
  local name=$1 pid i
  pid=$(daemon_pid "$name") || return 0
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    say "stopped $name ($pid)"
  fi
  rm -f "$CLUSTER_DIR/run/$name.pid"
}
