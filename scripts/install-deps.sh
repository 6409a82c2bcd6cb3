#!/usr/bin/env bash
# Installs everything strata needs to build and test, from Debian's packages.
# Idempotent: packages already present are skipped, so repeated runs are fast.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libcli11-dev libsoci-dev libpq-dev libyaml-dev libyaml-cpp-dev doctest-dev
  libsqlite3-dev libboost-dev libmariadb-dev
)
# What the tests need besides: the servers and clients they run against, and
# Alembic itself (the parity and interop tests run it beside strata).
# STRATA_BUILD_ONLY=1 (the Docker build stage) leaves them out.
if [ "${STRATA_BUILD_ONLY:-0}" != 1 ]; then
  packages+=(sqlite3 postgresql postgresql-client python3-alembic python3-sqlalchemy python3-psycopg2 mariadb-server mariadb-client python3-pymysql)
  # PostGIS for Debian 12's PostgreSQL 15: the extension-owned tables scenario
  # (tests/cli/db/extensions.txt) runs CREATE EXTENSION postgis.
  packages+=(postgresql-15-postgis-3)
  # `make fuzz`: the libFuzzer targets are built with clang (its fuzzer and
  # sanitizer runtimes are in libclang-rt).
  packages+=(clang-14 libclang-rt-14-dev)
  # The package test (tests/e2e/deb_package_test.sh): dpkg-shlibdeps for
  # `make deb`, man -w for the man page, zsh to check the zsh completion.
  packages+=(dpkg-dev man-db zsh)
fi
# Optional extras for benchmarks; not needed to build or test.
if [ "${STRATA_BENCH_DEPS:-0}" = 1 ]; then
  packages+=(hyperfine time)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
