#!/usr/bin/env bash
# Makes the base images docker/Dockerfile starts FROM (debian:bookworm and
# debian:bookworm-slim) without a registry: on machines that cannot pull,
# debootstrap a minimal Debian 12 and `docker import` it. Does nothing when
# both tags exist already (pulled or imported earlier).
#
#   docker/make-base-image.sh            (as root: debootstrap needs it)
#
# Both tags name the same minbase image: the build stage installs its
# compilers, the runtime stage only libpq5 and libmariadb3 on top.
set -euo pipefail

DOCKER=${DOCKER:-$(command -v /usr/bin/docker || command -v docker)}
SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

have() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }

if have "debian:$SUITE" && have "debian:$SUITE-slim"; then
  echo "make-base-image: debian:$SUITE and debian:$SUITE-slim exist, nothing to do"
  exit 0
fi

if ! have "debian:$SUITE"; then
  command -v debootstrap >/dev/null || {
    echo "make-base-image: debootstrap is missing (apt-get install debootstrap)" >&2
    exit 1
  }
  rootfs=$(mktemp -d /tmp/strata-rootfs.XXXXXX)
  trap 'rm -rf "$rootfs"' EXIT
  echo "make-base-image: debootstrap $SUITE into $rootfs"
  debootstrap --variant=minbase "$SUITE" "$rootfs" "$MIRROR" >"$rootfs.log" 2>&1 || {
    tail -20 "$rootfs.log" >&2
    echo "make-base-image: debootstrap failed (log: $rootfs.log)" >&2
    exit 1
  }
  rm -f "$rootfs.log"
  # The updates and security suites, as Docker Hub's image has them, so the
  # images built on this one get Debian's fixes.
  cat >"$rootfs/etc/apt/sources.list" <<SOURCES
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb http://deb.debian.org/debian-security $SUITE-security main
SOURCES
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | "$DOCKER" import \
    --change 'CMD ["bash"]' --change 'ENV LANG=C.UTF-8' - "debian:$SUITE"
fi
"$DOCKER" tag "debian:$SUITE" "debian:$SUITE-slim"
"$DOCKER" image ls debian
