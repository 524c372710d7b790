#!/usr/bin/env bash
# Debian's Chromium, for the browser test of the comparison report (tests/e2e-report): headless only.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q 'install ok installed' && exit 0

note "installing Debian package: chromium"
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq
as_root apt-get install -y -qq --no-install-recommends chromium >/dev/null
