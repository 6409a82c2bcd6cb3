#!/usr/bin/env bash
# Makes the base images docker/Dockerfile starts FROM (debian:bookworm and
# debian:bookworm-slim) without a registry: on machines that cannot pull,
# debootstrap a minimal Debian 12 and `docker import` it. Does nothing when
# both tags exist already (pulled or imported earlier).
#
#   docker/make-base-image.sh            (as root: debootstrap needs it)
#
# Both are Debian's minbase variant; the -slim one also leaves out
# documentation, man pages and translations, as Docker Hub's does. The build
# stage installs its compilers on the first, the runtime stage only libpq5
# and libmariadb3 on the second.
set -euo pipefail

DOCKER=${DOCKER:-$(command -v /usr/bin/docker || command -v docker)}
SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

have() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }

if have "debian:$SUITE" && have "debian:$SUITE-slim"; then
  echo "make-base-image: debian:$SUITE and debian:$SUITE-slim exist, nothing to do"
  exit 0
fi

command -v debootstrap >/dev/null || {
  echo "make-base-image: debootstrap is missing (apt-get install debootstrap)" >&2
  exit 1
}
rootfs=$(mktemp -d /tmp/strata-rootfs.XXXXXX)
trap 'rm -rf "$rootfs" "$rootfs.log"' EXIT
echo "make-base-image: debootstrap $SUITE into $rootfs"
debootstrap --variant=minbase "$SUITE" "$rootfs" "$MIRROR" >"$rootfs.log" 2>&1 || {
  tail -20 "$rootfs.log" >&2
  echo "make-base-image: debootstrap failed" >&2
  exit 1
}
# The updates and security suites, as Docker Hub's image has them, so the
# images built on this one get Debian's fixes.
cat >"$rootfs/etc/apt/sources.list" <<SOURCES
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb http://deb.debian.org/debian-security $SUITE-security main
SOURCES
# Docker Hub's apt settings: no package cache kept after apt-get (pkgcache.bin
# and the downloaded .debs would stay in every image layer built on this),
# no translations fetched.
cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Acquire::Languages "none";
APT
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/*

import_as() {
  tar -C "$rootfs" -c . | "$DOCKER" import --change 'CMD ["bash"]' --change 'ENV LANG=C.UTF-8' - "$1"
}
# Only the missing tag is imported: a new debian:bookworm would throw away
# the build stage's cached layers (its compilers, a full build).
have "debian:$SUITE" || import_as "debian:$SUITE"

if ! have "debian:$SUITE-slim"; then
  # As Docker Hub's slim variant: no documentation but the copyrights, no
  # man pages, no translations, now and in every package installed later.
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EXCLUDES'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EXCLUDES
  find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/groff/* "$rootfs"/usr/share/lintian/*
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
  import_as "debian:$SUITE-slim"
fi
"$DOCKER" image ls debian
