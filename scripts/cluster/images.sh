#!/usr/bin/env bash
# Builds the cluster's own images as docker-archives under $CLUSTER_DIR/images; an image is rebuilt only when
# what it is made of changed. Prints the archives to import, one per line.
#   the cluster's: sandbox pause, busybox, CoreDNS, local-path-provisioner (from scratch)
#   the charts' (tests/cluster/local-images.yaml names them): Spark 3.5.7 and 4.1.0, the Hive Metastore 3.1.3,
#   PostgreSQL 15, the helper Jobs' tools and the jar mirror, on the Debian base layers that
#   `scripts/bootstrap.sh --cluster` writes (scripts/cluster/images/rootfs.sh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

images="$CLUSTER_DIR/images"
mkdir -p "$images"
mkimage="$CLUSTER_SCRIPTS/images/mkimage.sh"

# build NAME:TAG STAMP [BASE.tar] -- when STAMP changed, makes the image's top layer with the function named
# after NAME (rootfs_<name>, which prints the image config) on BASE, or from scratch with a minimal /etc.
built=()
build() {
  built+=("$images/${1//[\/:]/_}.tar")
  # The base layer's name carries its recipe: a new base rebuilds the image.
  local ref=$1 stamp=$2${3:+-$(basename "$3")} base=${3:-} name=${1%%:*}
  local tar="$images/${ref//[\/:]/_}.tar"
  if [ -f "$tar" ] && [ "$(cat "$tar.stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "$tar"
    return 0
  fi
  local root
  root=$(mktemp -d "$images/root.XXXXXX")
  if [ -z "$base" ]; then
    mkdir -p "$root/etc" "$root/tmp"
    chmod 1777 "$root/tmp"
    echo 'root:x:0:0:root:/:/sbin/nologin' >"$root/etc/passwd"
    echo 'nobody:x:65534:65534:nobody:/:/sbin/nologin' >>"$root/etc/passwd"
    printf 'root:x:0:\nnobody:x:65534:\n' >"$root/etc/group"
  fi
  local config
  config=$("rootfs_${name#local/}" "$root")
  # shellcheck disable=SC2086 # no base: no layer argument
  "$mkimage" "$tar" "$ref" "$config" $base "$root"
  rm -rf "$root"
  echo "$stamp" >"$tar.stamp"
  echo "$tar"
}

# Contents only: the same files give the same stamp whatever path they are reached by.
stamp_of() { sha256sum "$@" | cut -d' ' -f1 | sha256sum | cut -c1-16; }

rootfs_pause() {
  # The sandbox holder: sleeps, reaps adopted children, exits on TERM or INT.
  cat >"$1/pause.c" <<'C'
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
static void leave(int s) { (void)s; _exit(0); }
static void reap(int s) { (void)s; while (waitpid(-1, 0, WNOHANG) > 0) {} }
int main(void) {
  struct sigaction a = {0};
  a.sa_handler = leave;
  sigaction(SIGINT, &a, 0);
  sigaction(SIGTERM, &a, 0);
  a.sa_handler = reap;
  a.sa_flags = SA_NOCLDSTOP;
  sigaction(SIGCHLD, &a, 0);
  for (;;) pause();
}
C
  gcc -Os -static -o "$1/pause" "$1/pause.c"
  strip "$1/pause"
  rm "$1/pause.c"
  echo '{"Cmd":["/pause"],"User":"65534"}'
}

rootfs_busybox() {
  mkdir -p "$1/bin" "$1/sbin" "$1/usr/bin" "$1/usr/sbin" "$1/root" "$1/www"
  cp /bin/busybox "$1/bin/busybox"
  local applet
  for applet in $(/bin/busybox --list-full); do
    [ "$applet" = bin/busybox ] || ln -sf /bin/busybox "$1/$applet"
  done
  echo 'sparkmv cluster busybox' >"$1/www/index.html"
  echo '{"Env":["PATH=/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["/bin/sh"]}'
}

rootfs_coredns() {
  cp "$BIN_DIR/coredns" "$1/coredns"
  echo '{"Entrypoint":["/coredns"],"User":"65534"}'
}

rootfs_local-path-provisioner() {
  mkdir -p "$1/usr/bin"
  cp "$BIN_DIR/local-path-provisioner" "$1/usr/bin/local-path-provisioner"
  echo '{"Env":["PATH=/usr/bin:/bin"],"Cmd":["local-path-provisioner"]}'
}

# ---- the charts' images, on the Debian base layers -----------------------------------------------------------
jvm_base=$(rootfs_tar jvm)
postgresql_base=$(rootfs_tar postgresql)
for base in "$jvm_base" "$postgresql_base"; do
  [ -f "$base" ] || fail "$base is missing: run scripts/bootstrap.sh --cluster"
done
JAVA_ENV='"JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64","LANG=C.UTF-8"'

# copy_tree FROM TO: hard links when both are on one file system (the distributions are large), copies if not.
copy_tree() { cp -al "$1" "$2" 2>/dev/null || { rm -rf "$2"; cp -a "$1" "$2"; }; }

# The S3A connector a Spark version's chart pins (scripts/connector-jars.sh), as an image for
# connector.mode=image carries it.
spark_connector() { "$SPARKMV_ROOT/scripts/connector-jars.sh" "charts/spark-${1%.*}"; }

# Spark as the charts and Spark on Kubernetes expect it: /opt/spark, user 185, work dir /opt/spark/work-dir,
# an entrypoint that knows `driver` and `executor`, and the chart's S3A connector in /opt/spark/jars (so one
# image serves connector.mode=image and, with the fetched copies beside it, fetch).
rootfs_spark() {
  local version=${SPARK_IMAGE_VERSION:?} path sha
  mkdir -p "$1/opt"
  copy_tree "$SPARKMV_TOOLS/spark/$version" "$1/opt/spark"
  while read -r path sha; do
    cp "$(maven_fetch "$path" "$sha")" "$1/opt/spark/jars/"
  done < <(spark_connector "$version")
  rm -rf "$1/opt/spark/work-dir"
  mkdir -p "$1/opt/spark/work-dir"
  chown 185:185 "$1/opt/spark/work-dir"
  cp "$CLUSTER_SCRIPTS/images/spark/entrypoint.sh" "$1/opt/entrypoint.sh"
  echo '{"Entrypoint":["/opt/entrypoint.sh"],"User":"185","WorkingDir":"/opt/spark/work-dir",' \
    '"Env":["PATH=/opt/spark/bin:/usr/local/bin:/usr/bin:/bin",'"$JAVA_ENV"',"SPARK_HOME=/opt/spark"]}'
}

# The standalone metastore at /opt/hive with its own launchers for `hive --service metastore` and
# `schematool` (as the apache/hive image has them), Hadoop and S3A as jars in /opt/hadoop/lib, user hive (1000).
rootfs_hive() {
  local path sha file
  mkdir -p "$1/opt/hive" "$1/opt/hadoop/lib"
  while read -r path sha; do
    file=$(maven_fetch "$path" "$sha")
    case $file in
      *.tar.gz) tar -xzf "$file" -C "$1/opt/hive" --strip-components=1 --no-same-owner ;;
      *) cp "$file" "$1/opt/hadoop/lib/" ;;
    esac
  done < <(pinned_jars "$CLUSTER_SCRIPTS/images/hive/jars.txt")
  rm -f "$1/opt/hive/bin/start-metastore" "$1/opt/hive/bin/schematool" "$1/opt/hive/bin/base" "$1/opt/hive/bin/metastore-config.sh"
  rm -rf "$1/opt/hive/bin/ext"
  cp "$CLUSTER_SCRIPTS/images/hive/launcher.sh" "$1/opt/hive/bin/sparkmv-launcher"
  ln -s sparkmv-launcher "$1/opt/hive/bin/hive"
  ln -s sparkmv-launcher "$1/opt/hive/bin/schematool"
  echo '{"Cmd":["/opt/hive/bin/hive","--service","metastore","-p","9083"],"User":"1000","WorkingDir":"/opt/hive",' \
    '"Env":["PATH=/opt/hive/bin:/usr/local/bin:/usr/bin:/bin",'"$JAVA_ENV"',"HIVE_HOME=/opt/hive","HADOOP_HOME=/opt/hadoop"]}'
}

# PostgreSQL 15 from Debian, user postgres (999); the charts mount their own start script (initdb included).
rootfs_postgres() {
  mkdir -p "$1/var/lib/postgresql/data" "$1/var/run/postgresql"
  chown 999:999 "$1/var/lib/postgresql/data" "$1/var/run/postgresql"
  echo '{"Cmd":["postgres"],"User":"999",' \
    '"Env":["PATH=/usr/lib/postgresql/15/bin:/usr/local/bin:/usr/bin:/bin","LANG=C.UTF-8","PGDATA=/var/lib/postgresql/data"]}'
}

# Helper Jobs: bash, curl, wget and Python 3 of the JVM base layer, which the node stores once for every image.
rootfs_sparkmv-tools() {
  mkdir -p "$1/opt/sparkmv"
  echo "helper image of the sparkmv test cluster: Debian bookworm with bash, curl, wget, Python 3 and OpenJDK 17" \
    >"$1/opt/sparkmv/README"
  echo '{"Cmd":["/bin/bash"],"User":"65534","Env":["PATH=/usr/local/bin:/usr/bin:/bin","LANG=C.UTF-8"]}'
}

# The Spark 4.1 Connect client as users run it from their own pods: pyspark-client and the packages of its
# `connect` extra, pinned in scripts/requirements/spark.txt, on the Python 3.11 of the JVM base layer.
rootfs_pyspark-client() {
  mkdir -p "$1/opt/pyspark-client"
  "$SPARKMV_TOOLS/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-warn-conflicts \
    --cache-dir "$SPARKMV_CACHE/pip" --target "$1/opt/pyspark-client" -r "$SPARKMV_ROOT/scripts/requirements/spark.txt"
  echo '{"Cmd":["/usr/bin/python3"],"User":"65534","WorkingDir":"/tmp",' \
    '"Env":["PATH=/usr/local/bin:/usr/bin:/bin","LANG=C.UTF-8","HOME=/tmp","PYTHONPATH=/opt/pyspark-client"]}'
}

# The in-cluster jar mirror: every jar the charts pin, laid out like Maven Central under /maven2, served by
# busybox httpd on 8080 (connector.repository: http://<service>:8080/maven2).
rootfs_jar-mirror() {
  local path sha file
  rootfs_busybox "$1" >/dev/null
  echo "sparkmv jar mirror: the jars the charts pin, under /maven2" >"$1/www/index.html"
  while read -r path sha; do
    mkdir -p "$1/www/maven2/$(dirname "$path")"
    file=$(maven_fetch "$path" "$sha")
    ln "$file" "$1/www/maven2/$path" 2>/dev/null || cp "$file" "$1/www/maven2/$path"
    echo "$sha  $(basename "$path")" >"$1/www/maven2/$path.sha256"
  done < <(pinned_jars $(mirror_values))
  echo '{"Cmd":["/bin/busybox","httpd","-f","-v","-p","8080","-h","/www"],"User":"65534","Env":["PATH=/bin"]}'
}

# The S3 server: SeaweedFS's one static binary (master, volume server, filer and S3 gateway in one process with
# `weed server -s3` or `weed mini`), from scratch, user 1000 as the charts run their object store.
rootfs_seaweedfs() {
  mkdir -p "$1/usr/bin" "$1/data"
  cp "$SEAWEEDFS_BIN" "$1/usr/bin/weed"
  echo 'seaweedfs:x:1000:1000:seaweedfs:/data:/sbin/nologin' >>"$1/etc/passwd"
  echo 'seaweedfs:x:1000:' >>"$1/etc/group"
  chown 1000:1000 "$1/data"
  echo '{"Entrypoint":["/usr/bin/weed"],"User":"1000","WorkingDir":"/data","Env":["PATH=/usr/bin"]}'
}

SPARK_IMAGE_VERSION=3.5.7 build local/spark:3.5.7-scala2.12-java17-python3 \
  "$(stamp_of "$0" "$CLUSTER_SCRIPTS/images/spark/entrypoint.sh" "$SPARKMV_TOOLS/spark/3.5.7/.sparkmv-pyspark.sha256" \
    <(spark_connector 3.5.7))" "$jvm_base"
SPARK_IMAGE_VERSION=4.1.0 build local/spark:4.1.0-scala2.13-java17-python3 \
  "$(stamp_of "$0" "$CLUSTER_SCRIPTS/images/spark/entrypoint.sh" "$SPARKMV_TOOLS/spark/4.1.0/.sparkmv-pyspark.sha256" \
    <(spark_connector 4.1.0))" "$jvm_base"
build local/hive:3.1.3-metastore-java17 \
  "$(stamp_of "$0" "$CLUSTER_SCRIPTS/images/hive/launcher.sh" "$CLUSTER_SCRIPTS/images/hive/jars.txt")" "$jvm_base"
build local/postgres:15-bookworm "$(stamp_of "$0")" "$postgresql_base"
build local/sparkmv-tools:1 "$(stamp_of "$0")" "$jvm_base"
build local/pyspark-client:4.1.0 "$(stamp_of "$0" "$SPARKMV_ROOT/scripts/requirements/spark.txt")" "$jvm_base"
build local/seaweedfs:"${SEAWEEDFS_VERSION##*-}" "$(stamp_of "$0" "$SEAWEEDFS_BIN")"
build local/jar-mirror:1 "$(stamp_of "$0" /bin/busybox <(pinned_jars $(mirror_values)))"

# ---- the cluster's own images ---------------------------------------------------------------------------------
build local/pause:1 "$(stamp_of "$0")"
build local/busybox:1.35 "$(stamp_of "$0" /bin/busybox)"
build local/coredns:"$COREDNS_VERSION" "$(stamp_of "$0" "$BIN_DIR/coredns")"
build local/local-path-provisioner:0.0.30 "$(stamp_of "$0" "$BIN_DIR/local-path-provisioner")"

# Archives of images this script no longer makes (older names or versions) would only fill the disk.
for tar in "$images"/*.tar; do
  case " ${built[*]} " in *" $tar "*) ;; *) rm -f "$tar" "$tar.stamp" ;; esac
done
