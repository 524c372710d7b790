#!/usr/bin/env bash
# S3 access (src/eventlog/s3): libcurl for HTTP, and OpenSSL's libcrypto for Signature Version 4 (SHA-256,
# HMAC-SHA256). Versions are pinned by the distribution release (bookworm), which only takes security fixes.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

packages=(libssl-dev libcurl4-openssl-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

note "installing Debian packages for S3: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq
as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
