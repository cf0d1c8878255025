#!/usr/bin/env bash
# CI (called by .ci/run when present): the real-client conformance suite.
# Installs Debian's OpenStack clients when they are missing, builds the bin that users run,
# then drives a `stackbox serve` child process with the unmodified clients.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== conformance: real OpenStack clients"
if ! command -v /usr/bin/openstack >/dev/null 2>&1 || ! /usr/bin/python3 -c 'import openstack, novaclient' >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends \
    python3-openstackclient python3-openstacksdk python3-novaclient
fi
/usr/bin/openstack --version

# The tests run the compiled bin (bin/stackbox.js → dist/); build it from this tree first so a
# stale dist/ is never what gets tested. (Type errors fail the earlier typecheck step.)
# (STACKBOX_SKIP_BUILD=1: .ci/run built it already, and a Tempest suite may be running from it)
[ "${STACKBOX_SKIP_BUILD:-0}" = 1 ] || npm run build

# Two test files at a time (each starts its own server on a free port): a file drives one client
# process after another, so one file alone keeps only one of the two cores busy. One at a time
# took 22 minutes of a CI near its 90-minute limit. CONFORMANCE_CONCURRENCY overrides it.
TEST_CONCURRENCY=${CONFORMANCE_CONCURRENCY:-2} npm run test:conformance
