#!/usr/bin/env bash
# S3 access (src/eventlog/s3): libcurl for HTTP, and OpenSSL's libcrypto for Signature Version 4 (SHA-256,
# HMAC-SHA256). Versions are pinned by the distribution release (bookworm), which only takes security fixes.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

packages=(libssl-dev libcurl4-openssl-dev)

install_debian_packages S3 "${packages[@]}" || true
