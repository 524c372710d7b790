#!/usr/bin/env bash
# Writes a Debian 12 (bookworm) root filesystem as a tar (one image layer) with mmdebstrap, from Debian's own
# mirrors (main, updates, security): the base layer of the cluster's images. Packages are pinned by the
# distribution release, as everywhere in the bootstrap; the versions that went in are listed in
# /etc/sparkmv-packages inside the layer and in OUT.packages beside it.
# Usage: rootfs.sh jvm|postgresql OUT.tar
#   jvm         OpenJDK 17 JRE, Python 3, bash, tini, procps, curl, wget: Spark, the Hive Metastore and helper
#               Jobs share this one layer (one copy on the node). Users spark (185) and hive (1000).
#   postgresql  PostgreSQL 15 server; user postgres (999), as the official image has it.
set -euo pipefail
kind=${1:?usage: rootfs.sh jvm|postgresql OUT.tar} out=${2:?usage: rootfs.sh jvm|postgresql OUT.tar}

mirrors=(
  "deb http://deb.debian.org/debian bookworm main"
  "deb http://deb.debian.org/debian bookworm-updates main"
  "deb http://deb.debian.org/debian-security bookworm-security main"
)
# Manuals, documentation (but its copyright files) and translations are left out: nothing reads them.
options=(--mode=root --variant=minbase --format=tar --skip=output/dev
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*'
  --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*'
  --dpkgopt='path-exclude=/usr/share/info/*')

# user NAME UID HOME: a hook command that adds a user and its group with fixed ids (written directly: the
# essential hook runs before the passwd package is there).
user() {
  echo "echo '$1:x:$2:$2::$3:/bin/bash' >>\"\$1/etc/passwd\" && echo '$1:x:$2:' >>\"\$1/etc/group\"" \
    "&& echo '$1:*:20454:0:99999:7:::' >>\"\$1/etc/shadow\""
}

case $kind in
  jvm)
    options+=(--include=ca-certificates,curl,wget,tini,procps,netbase,python3,openjdk-17-jre-headless
      # openjdk's postinst registers its manual page with update-alternatives, which needs the folder.
      --essential-hook='mkdir -p "$1/usr/share/man/man1"'
      --customize-hook="$(user spark 185 /opt/spark)"
      --customize-hook="$(user hive 1000 /opt/hive)")
    ;;
  postgresql)
    # The user comes first, so the package's scripts keep its id; no "main" cluster: the pod's start script
    # creates its data directory.
    options+=(--include=postgresql-15,netbase
      --essential-hook="$(user postgres 999 /var/lib/postgresql)"
      --essential-hook='mkdir -p "$1/etc/postgresql-common/createcluster.d" && echo "create_main_cluster = false" >"$1/etc/postgresql-common/createcluster.d/sparkmv.conf"')
    ;;
  *) echo "rootfs.sh: unknown root filesystem '$kind' (jvm or postgresql)" >&2; exit 2 ;;
esac
options+=(--customize-hook='chroot "$1" dpkg-query -W -f="\${Package} \${Version}\n" >"$1/etc/sparkmv-packages"'
  --customize-hook='cp "$1/etc/sparkmv-packages" '"\"$out.packages.tmp\""
  # apt's lists and caches are not part of an image.
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*')

SOURCE_DATE_EPOCH=1767225600 mmdebstrap "${options[@]}" bookworm "$out.tmp" "${mirrors[@]}"
mv "$out.packages.tmp" "$out.packages"
mv "$out.tmp" "$out"
