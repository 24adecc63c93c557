#!/bin/sh
# deps.sh: install the Debian packages allot needs to build and test.
# Idempotent: asks apt only for what is missing; uses sudo only when not root.
# Used by the README quick start and by .ci/run, so both install the same set.
PKGS="build-essential autoconf automake autoconf-archive pkgconf libncurses-dev
      libgsl-dev libcsv-dev libsqlite3-dev libcmocka-dev libopenblas-dev tmux sqlite3 mandoc jq"
missing=
for p in $PKGS; do
  dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' ||
    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
S=
[ "$(id -u)" = 0 ] || S=sudo
echo "deps.sh: installing$missing" >&2
$S apt-get update -qq &&
  $S env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends $missing
