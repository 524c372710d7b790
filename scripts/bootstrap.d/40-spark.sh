#!/usr/bin/env bash
# Apache Spark 3.5.7 and 4.1.0, each a usable SPARK_HOME under .tools/spark/<version>.
# PyPI is the only registry here that carries Spark's binaries: the `pyspark` source archive holds the
# distribution (deps/bin, deps/jars, a partial deps/sbin, lib/pyspark.zip and py4j). Each archive is fetched
# once with `pip download --no-deps` into the cache, checked against its pinned sha256 (a partial or corrupt
# file is fetched again) and laid out as a Spark distribution:
#   bin/ sbin/ jars/ examples/ data/ licenses/ python/lib/{pyspark.zip,py4j-*-src.zip} python/pyspark/
# The partial sbin/ has only spark-daemon.sh, spark-config.sh and the History Server scripts: start a master,
# a worker or the Connect server with `sbin/spark-daemon.sh start <class> 1 ...`.
# Runs with Debian's OpenJDK 17 (step 10). Set SPARKMV_SPARK_VERSIONS="3.5.7" to install only some of them.
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

# version and sha256 of pyspark-<version>.tar.gz as PyPI serves it.
declare -A pinned=(
  [3.5.7]=80e36514e0c5c126d35a26adf4f405cd4a69de96a8ea8a3c1e9a65fce2fb4eaa
  [4.1.0]=09c714ada88dfac3e1213c066617c6f473c1e22fbe279855028f77e12434147d
)
versions=(${SPARKMV_SPARK_VERSIONS:-3.5.7 4.1.0})

cache="$SPARKMV_CACHE/pypi"
root="$SPARKMV_TOOLS/spark"
mkdir -p "$cache" "$root"

# The project's venv (step 30) when it is there, the machine's Python otherwise.
python=python3
[ -x "$SPARKMV_TOOLS/venv/bin/python" ] && python="$SPARKMV_TOOLS/venv/bin/python"

fetch_pyspark() {
  local version=$1 sha=$2
  local file="$cache/pyspark-$version.tar.gz"
  verify_sha256 "$file" "$sha" && return 0
  rm -f "$file"
  note "downloading pyspark $version (the Spark $version distribution, 300-450 MB) into the cache"
  local tmp
  tmp=$(mktemp -d "$cache/.download.XXXXXX")
  # pip prepares the sdist's metadata after the download (a few seconds); --no-deps keeps it to the archive.
  if ! "$python" -m pip download --quiet --disable-pip-version-check --no-cache-dir --no-deps \
      -d "$tmp" "pyspark==$version" >"$tmp.log" 2>&1; then
    tail -n 20 "$tmp.log" >&2
    rm -rf "$tmp" "$tmp.log"
    die "pip download pyspark==$version failed"
  fi
  mv "$tmp/pyspark-$version.tar.gz" "$file" 2>/dev/null || { rm -rf "$tmp" "$tmp.log"; die "pip download left no pyspark-$version.tar.gz"; }
  rm -rf "$tmp" "$tmp.log"
  verify_sha256 "$file" "$sha" || { rm -f "$file"; die "$file: checksum mismatch (expected $sha); removed, run again"; }
}

install_spark() {
  local version=$1 sha=$2
  local home="$root/$version" stamp="$root/$version/.sparkmv-pyspark.sha256"
  # Installed and whole: nothing to do.
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sha" ] && [ -x "$home/bin/spark-submit" ] && [ -d "$home/jars" ]; then
    return 0
  fi
  fetch_pyspark "$version" "$sha"
  local work="$root/.unpack-$version"
  rm -rf "$work"
  mkdir -p "$work"
  tar -xzf "$cache/pyspark-$version.tar.gz" -C "$work" --no-same-owner \
    "pyspark-$version/deps" "pyspark-$version/lib" "pyspark-$version/pyspark" ||
    { rm -rf "$work"; die "unpacking pyspark-$version.tar.gz failed"; }
  local src="$work/pyspark-$version" dist="$work/dist"
  mkdir -p "$dist/python"
  mv "$src"/deps/* "$dist/"
  mv "$src/lib" "$dist/python/lib"
  mv "$src/pyspark" "$dist/python/pyspark"
  echo "Spark $version, laid out by sparkmv from PyPI pyspark-$version.tar.gz (sha256 $sha)" >"$dist/RELEASE"
  mkdir -p "$dist/conf"
  for f in spark-submit spark-class spark-daemon.sh; do
    [ -e "$dist/bin/$f" ] || [ -e "$dist/sbin/$f" ] || { rm -rf "$work"; die "pyspark-$version has no $f"; }
  done
  echo "$sha" >"$dist/.sparkmv-pyspark.sha256"
  rm -rf "$home"
  mv "$dist" "$home"
  rm -rf "$work"
  # A quick proof that the JVM side starts: spark-submit prints its version banner.
  if ! SPARK_HOME="$home" "$home/bin/spark-submit" --version 2>&1 | grep -q "version $version"; then
    rm -f "$stamp"
    die "$home/bin/spark-submit --version does not report $version (is Java 17 installed? step 10)"
  fi
  note "installed Spark $version as .tools/spark/$version"
}

command -v java >/dev/null 2>&1 || die "java not found: OpenJDK 17 comes from step 10 (openjdk-17-jdk-headless)"
for v in "${versions[@]}"; do
  [ -n "${pinned[$v]:-}" ] || die "no pinned pyspark archive for Spark $v"
  install_spark "$v" "${pinned[$v]}"
done
