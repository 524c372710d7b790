#!/usr/bin/env bash
# Writes an image as a docker-archive (the `docker save` layout) that `ctr images import` accepts, with no
# daemon and no registry: one layer per root-filesystem folder or ready layer tar (a base layer), in order;
# a folder's files keep their numeric owners.
# Usage: mkimage.sh OUT.tar REF CONFIG_JSON LAYER...   (LAYER: a folder, or a .tar used as it is)
#   CONFIG_JSON is the image's "config" object, e.g. {"Cmd":["/pause"],"User":"65535"}.
set -euo pipefail
out=$1 ref=$2 config=$3
shift 3
[ $# -ge 1 ] || { echo "mkimage: no layer folder given" >&2; exit 2; }
work=$(mktemp -d "$(dirname "$out")/.mkimage.XXXXXX")
trap 'rm -rf "$work"' EXIT
diff_ids=() layers=()
for dir in "$@"; do
  if [ -f "$dir" ] && [ "${dir%.tar}" != "$dir" ]; then
    # The same base layer file gives the same digest in every image, so the node stores it once.
    ln "$dir" "$work/layer.tar" 2>/dev/null || cp "$dir" "$work/layer.tar"
  else
    [ -d "$dir" ] || { echo "mkimage: $dir: not a folder or a .tar layer" >&2; exit 2; }
    # Sorted names and a fixed mtime keep the digest stable for the same content.
    tar --sort=name --mtime='2026-01-01 00:00:00' --numeric-owner -C "$dir" -cf "$work/layer.tar" .
  fi
  digest=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
  mkdir -p "$work/$digest"
  mv "$work/layer.tar" "$work/$digest/layer.tar"
  diff_ids+=("\"sha256:$digest\"")
  layers+=("\"$digest/layer.tar\"")
done
join() { local IFS=,; echo "$*"; }
cat >"$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":$config,"rootfs":{"type":"layers","diff_ids":[$(join "${diff_ids[@]}")]},"history":[{"created_by":"sparkmv mkimage"}]}
JSON
config_id=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mv "$work/config.json" "$work/$config_id.json"
echo "[{\"Config\":\"$config_id.json\",\"RepoTags\":[\"$ref\"],\"Layers\":[$(join "${layers[@]}")]}]" >"$work/manifest.json"
tar -C "$work" -cf "$out.tmp" .
mv "$out.tmp" "$out"
