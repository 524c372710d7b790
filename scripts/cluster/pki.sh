#!/usr/bin/env bash
# The cluster's certificates and kubeconfigs, made once under $PKI: a CA, a serving certificate for the API
# server and the kubelet, a client certificate per component, and the service-account signing key pair.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

[ -f "$PKI/.complete" ] && exit 0
rm -rf "$PKI"
mkdir -p "$PKI"
chmod 700 "$PKI"
cd "$PKI"
openssl genrsa -out ca.key 2048 2>/dev/null
openssl req -x509 -new -nodes -key ca.key -subj /CN=sparkmv-cluster-ca -days 3650 -out ca.crt

# issue NAME SUBJECT [SUBJECT_ALT_NAMES]: a key and a certificate signed by the CA; with alt names it
# serves and is a client, without it is only a client.
issue() {
  local name=$1 subject=$2 san=${3:-}
  openssl genrsa -out "$name.key" 2048 2>/dev/null
  openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr"
  {
    echo basicConstraints=CA:FALSE
    echo keyUsage=critical,digitalSignature,keyEncipherment
    if [ -n "$san" ]; then
      echo extendedKeyUsage=serverAuth,clientAuth
      echo "subjectAltName=$san"
    else
      echo extendedKeyUsage=clientAuth
    fi
  } >"$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
    -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}
kubernetes_names=DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
issue apiserver /CN=kube-apiserver "IP:10.96.0.1,IP:$NODE_IP,$kubernetes_names"
issue apiserver-kubelet-client /O=system:masters/CN=kube-apiserver-kubelet-client
issue admin /O=system:masters/CN=sparkmv-cluster-admin
issue controller-manager /CN=system:kube-controller-manager
issue scheduler /CN=system:kube-scheduler
issue kube-proxy /CN=system:kube-proxy
issue kube-router /O=sparkmv:network-policy/CN=sparkmv:kube-router
issue kubelet-client "/O=system:nodes/CN=system:node:$NODE_NAME"
issue kubelet-server "/CN=$NODE_NAME" "IP:$NODE_IP,DNS:$NODE_NAME"
openssl genrsa -out sa.key 2048 2>/dev/null
openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
chmod 600 ./*.key

# kubeconfig NAME CERT: a kubeconfig that authenticates with CERT's certificate.
kubeconfig() {
  cat >"$1.kubeconfig" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: sparkmv
  cluster:
    server: https://$NODE_IP:6443
    certificate-authority: $PKI/ca.crt
users:
- name: $2
  user:
    client-certificate: $PKI/$2.crt
    client-key: $PKI/$2.key
contexts:
- name: sparkmv
  context: {cluster: sparkmv, user: $2}
current-context: sparkmv
YAML
}
kubeconfig admin admin
kubeconfig controller-manager controller-manager
kubeconfig scheduler scheduler
kubeconfig kube-proxy kube-proxy
kubeconfig kube-router kube-router
kubeconfig kubelet kubelet-client
touch .complete
