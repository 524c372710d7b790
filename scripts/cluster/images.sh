#!/usr/bin/env bash
# Builds the cluster's own images (sandbox pause, busybox, CoreDNS, local-path-provisioner) as docker-archives under $CLUSTER_DIR/images; an image is rebuilt only when what
# it is made of changed. Prints the archives to import, one per line.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

images="$CLUSTER_DIR/images"
mkdir -p "$images"
mkimage="$CLUSTER_SCRIPTS/images/mkimage.sh"

# build NAME:TAG STAMP -- makes the rootfs with the function named after NAME when STAMP changed.
build() {
  local ref=$1 stamp=$2 name=${1%%:*}
  local tar="$images/${name//\//_}.tar"
  if [ -f "$tar" ] && [ "$(cat "$tar.stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "$tar"
    return 0
  fi
  local root
  root=$(mktemp -d "$images/root.XXXXXX")
  mkdir -p "$root/etc" "$root/tmp"
  chmod 1777 "$root/tmp"
  echo 'root:x:0:0:root:/:/sbin/nologin' >"$root/etc/passwd"
  echo 'nobody:x:65534:65534:nobody:/:/sbin/nologin' >>"$root/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$root/etc/group"
  local config
  config=$("rootfs_${name#local/}" "$root")
  "$mkimage" "$tar" "$ref" "$config" "$root"
  rm -rf "$root"
  echo "$stamp" >"$tar.stamp"
  echo "$tar"
}

stamp_of() { sha256sum "$@" | sha256sum | cut -c1-16; }

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

build local/pause:1 "$(stamp_of "$0")"
build local/busybox:1.35 "$(stamp_of "$0" /bin/busybox)"
build local/coredns:"$COREDNS_VERSION" "$(stamp_of "$0" "$BIN_DIR/coredns")"
build local/local-path-provisioner:0.0.30 "$(stamp_of "$0" "$BIN_DIR/local-path-provisioner")"
