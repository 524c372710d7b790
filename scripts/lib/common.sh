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
