#!/usr/bin/env bash
# Builds the local base image pharos/jre-base:17 without a container registry: a minimal Debian (debootstrap,
# --variant=minbase) with Debian's openjdk-17-jre-headless, imported with `docker import`.
# The container tests and .ci/run build Pharos images FROM it; users with a registry can use the Dockerfile's
# default (a public Temurin image) instead.
#
#   deploy/base-image.sh            # skips the work when the image exists
#   deploy/base-image.sh --force    # rebuilds it
#
# Environment: PHAROS_BASE_IMAGE (default pharos/jre-base:17), DEBIAN_SUITE (bookworm),
# DEBIAN_MIRROR (the first deb.debian.org-style URI found in /etc/apt, else http://deb.debian.org/debian).
# Needs root (debootstrap) and a running Docker engine.
set -euo pipefail

IMAGE="${PHAROS_BASE_IMAGE:-pharos/jre-base:17}"
SUITE="${DEBIAN_SUITE:-bookworm}"

if [[ "${1:-}" != "--force" ]] && docker image inspect "$IMAGE" > /dev/null 2>&1; then
  echo "base-image: $IMAGE exists, nothing to do (--force rebuilds it)"
  exit 0
fi

if ! command -v debootstrap > /dev/null; then
  echo "base-image: installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap > /dev/null \
    || { apt-get update -q > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap > /dev/null; }
fi

mirror() {
  if [[ -n "${DEBIAN_MIRROR:-}" ]]; then
    echo "$DEBIAN_MIRROR"
    return
  fi
  local uri
  uri=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
    | head -1 | awk '{print $2}') || true
  echo "${uri:-http://deb.debian.org/debian}"
}

ROOTFS=$(mktemp -d /tmp/pharos-rootfs.XXXXXX)
trap 'rm -rf "$ROOTFS"' EXIT

MIRROR=$(mirror)
echo "base-image: debootstrap $SUITE from $MIRROR (a few minutes)"
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates \
  "$SUITE" "$ROOTFS" "$MIRROR" > "$ROOTFS.log" 2>&1 \
  || { tail -30 "$ROOTFS.log"; echo "base-image: debootstrap failed (log: $ROOTFS.log)"; exit 1; }
rm -f "$ROOTFS.log"

# Nothing in the image needs apt's caches, the docs or the man pages.
chroot "$ROOTFS" apt-get clean
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/* "$ROOTFS"/var/log/* \
  "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* "$ROOTFS"/tmp/*
# debootstrap leaves the building host's resolver and name here; Docker provides both at run time.
rm -f "$ROOTFS"/etc/resolv.conf "$ROOTFS"/etc/hostname

JAVA_HOME_DIR=$(cd "$ROOTFS" && ls -d usr/lib/jvm/java-17-openjdk-* | sed -n 1p)
tar -C "$ROOTFS" -c . | docker import \
  --change "ENV JAVA_HOME=/$JAVA_HOME_DIR" \
  --change "ENV PATH=/$JAVA_HOME_DIR/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV LANG=C.UTF-8" \
  --change 'CMD ["/bin/bash"]' \
  - "$IMAGE" > /dev/null
echo "base-image: built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}'))"
