# Shared by the bootstrap steps and the test scripts: where things live, and how to report.
# shellcheck shell=bash
SPARKMV_ROOT=${SPARKMV_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
SPARKMV_TOOLS=${SPARKMV_TOOLS:-$SPARKMV_ROOT/.tools}
# Downloads are cached outside the work tree so fresh clones and CI runs reuse them.
SPARKMV_CACHE=${SPARKMV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sparkmv}
export SPARKMV_ROOT SPARKMV_TOOLS SPARKMV_CACHE

die() { echo "bootstrap: $*" >&2; exit 1; }
note() { echo "bootstrap: $*"; }

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# verify_sha256 FILE EXPECTED: true when FILE exists and has the expected digest.
verify_sha256() {
  [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]
}

# install_debian_packages WHAT PACKAGE...: installs those not installed yet; false (and silent) when none was
# missing, so a step can skip what follows an install.
install_debian_packages() {
  local what=$1 p missing=()
  shift
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 1
  note "installing Debian packages for $what: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
