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

# maven_fetch REPOSITORY_PATH SHA256: the cached copy of a pinned file from Maven Central (downloaded when absent
# or corrupt; a file whose digest differs is removed and the step fails). Prints the cached file's path.
SPARKMV_MAVEN=${SPARKMV_MAVEN:-https://repo1.maven.org/maven2}
maven_fetch() {
  local path=$1 sha=$2 dir="$SPARKMV_CACHE/maven"
  local file="$dir/${path##*/}"
  if ! verify_sha256 "$file" "$sha"; then
    mkdir -p "$dir"
    rm -f "$file"
    curl -fsSL --retry 3 -o "$file.part.$$" "$SPARKMV_MAVEN/$path" ||
      { rm -f "$file.part.$$"; die "downloading $SPARKMV_MAVEN/$path failed"; }
    verify_sha256 "$file.part.$$" "$sha" ||
      { rm -f "$file.part.$$"; die "$SPARKMV_MAVEN/$path: checksum mismatch (pinned $sha)"; }
    mv "$file.part.$$" "$file"
  fi
  printf '%s\n' "$file"
}

# pinned_jars FILE...: the "path sha256" pairs of jar lists (the images' pin files, or the charts' values:
# `- path:` lines followed by their `sha256:`), one pair per line, without duplicates.
pinned_jars() {
  awk '
    /^[[:space:]]*#/ || NF == 0 { next }
    /^[[:space:]]*-?[[:space:]]*path:/ { sub(/.*path:[[:space:]]*/, ""); path = $1; next }
    /^[[:space:]]*sha256:/ && path != "" { print path, $2; path = ""; next }
    NF == 2 && length($2) == 64 && $2 ~ /^[0-9a-f]+$/ && $1 !~ /:$/ { print $1, $2 }
  ' "$@" | sort -u
}

# connector_jars VALUES: the "path sha256" lines of connector.jars in a Spark chart's values.yaml: what
# connector.mode=fetch downloads, and what an image for connector.mode=image carries in /opt/spark/jars.
connector_jars() {
  awk '/^connector:/ { inside = 1; next } /^[^[:space:]#]/ { inside = 0 } inside' "$1" | pinned_jars
}
