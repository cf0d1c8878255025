#!/usr/bin/env bash
# Tempest against stackbox (issue 7 §2): installs Debian's tempest when missing, builds, starts
# `stackbox serve` with test/tempest/stackbox-tempest.yaml (Tempest's pre-provisioned accounts and
# a 'private' network on 127.100.0.0/24, where the loopback SSH responder answers for the guests),
# runs the selected compute modules with VALIDATION=1 and prints Passed/Skipped/Failed.
# Exits non-zero when any test fails (or Tempest cannot run).
#   TEMPEST_CONCURRENCY=2  TEMPEST_REGEX=…  TEMPEST_WS=/tmp/…  (defaults are what CI uses)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

echo "== tempest: compute API against stackbox"
if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
if [ ! -x /usr/bin/tempest ] || ! /usr/bin/python3 -c 'import paramiko' >/dev/null 2>&1; then
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends tempest python3-paramiko
fi

npm run build >/dev/null

WS=${TEMPEST_WS:-$(mktemp -d /tmp/stackbox-tempest-XXXXXX)}
mkdir -p "$WS"
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

node bin/stackbox.js serve --config test/tempest/stackbox-tempest.yaml --memory --port "$PORT" > "$WS/stackbox.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/compute/" >/dev/null 2>&1 && break
  kill -0 "${PIDS[0]}" 2>/dev/null || { echo "stackbox exited:"; cat "$WS/stackbox.log"; exit 1; }
  sleep 0.2
done

# the loopback SSH responder binds port 22 on 127.100.0.x: root only (run.sh starts it when it can)
if [ -n "$SUDO" ] && ! (exec 3<>/dev/tcp/127.100.0.2/22) 2>/dev/null; then
  $SUDO /usr/bin/python3 scripts/tempest/loopback-sshd.py --stackbox "http://127.0.0.1:$PORT" > "$WS/sshd.out" 2>&1 &
  PIDS+=($!)
  sleep 2
  export SSHD_STARTED=1
fi

# the image ids Tempest boots from, as stackbox's image API lists them (seeded at first start)
TOKEN=$(curl -fsS -D - -o /dev/null -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/identity/v3/auth/tokens" \
  -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"demo","domain":{"name":"Default"},"password":"secret"}}},"scope":{"project":{"name":"demo","domain":{"name":"Default"}}}}}' \
  | tr -d '\r' | awk 'tolower($1)=="x-subject-token:"{print $2}')
image_id() {
  curl -fsS -H "X-Auth-Token: $TOKEN" "http://127.0.0.1:$PORT/image/v2/images?name=$1" \
    | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["images"][0]["id"])'
}
IMAGE_REF=$(image_id cirros-0.6.2)
IMAGE_REF_ALT=$(image_id ubuntu-24.04)

rc=0
if [ -n "${TEMPEST_REGEX:-}" ]; then export REGEX=$TEMPEST_REGEX; fi
# m1.small / m1.medium: rebuild tests boot image_ref and rebuild onto image_ref_alt (ubuntu,
# min_disk 3 GB), which m1.tiny's 1 GB disk refuses as Nova does
PORT=$PORT VALIDATION=1 IMAGE_REF=$IMAGE_REF IMAGE_REF_ALT=$IMAGE_REF_ALT FLAVOR_REF=2 FLAVOR_REF_ALT=3 CONCURRENCY=${TEMPEST_CONCURRENCY:-2} \
  WS="$WS/tempest" timeout 900 bash "$ROOT/scripts/tempest/run.sh" || rc=$?
if [ "$rc" != 0 ]; then
  echo "tempest failed (exit $rc); stackbox log: $WS/stackbox.log"
  # what stackbox logged after its start-up banner (warnings and errors: logLevel warn)
  sed -n "/^export OS_REGION_NAME/,\$p" "$WS/stackbox.log" | tail -n +2 | tail -n 60 || true
fi
exit "$rc"
