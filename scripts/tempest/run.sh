#!/bin/bash
# Run Tempest 33's compute API tests that cover stackbox's surface against a running service.
# (Kept in the repository with its config template, accounts and loopback SSH responder, so
# that CI does not depend on files outside the repository.
# scripts/tempest.sh starts stackbox and calls this.)
#
#   PORT=8774 ./run_tempest.sh
#
# Expects the URL layout /identity/v3, /compute/v2.1, /network, /image on 127.0.0.1:$PORT and the
# users/projects of accounts.yaml (password 'secret', admins with the admin role).
# Needs Debian's tempest package (/usr/bin/tempest) and /usr/bin/python3.
# Env:
#   VALIDATION=1   run_validation=true and start loopback-sshd.py (root, port 22 on
#                  127.100.0.2-254). REQUIRED for test_attach_interfaces.py; the service must
#                  then hand out fixed IPs of the 'private' network from 127.100.0.0/24.
#   MAXMV=latest   [compute] max_microversion
#   REGEX=...      override the test selection
#   CONCURRENCY=4
#   ACCOUNTS=FILE  a pre-provisioned accounts file other than ./accounts.yaml
#   TEMPLATE=FILE  the tempest.conf template (default ./tempest.conf.tmpl, the compute run;
#                  ./tempest-identity-image.conf.tmpl is the identity+image run, dynamic credentials)
#   IMAGE_REF, IMAGE_REF_ALT   two image ids the service knows (default: the ids in tempest.conf.tmpl)
#   FLAVOR_REF=1, FLAVOR_REF_ALT=2, PUBLIC_NETWORK_ID
#   API_EXTENSIONS=a,b,…  [network-feature-enabled] api_extensions (the network run)
# Prints Tempest's own summary ("Passed: N", "Failed: N", ...) and exits non-zero on failures.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
PORT=${PORT:-8774}
MAXMV=${MAXMV:-latest}
VALIDATION=${VALIDATION:-0}
CONCURRENCY=${CONCURRENCY:-4}
WS=${WS:-$(mktemp -d /tmp/tempest-ws-XXXXXX)}
# the whole of tempest.api.compute but the Nova proxy modules the network suite runs (scripts/tempest.sh)
DEFAULT_REGEX='^tempest\.api\.compute\.(?!security_groups\.|floating_ips\.)'
REGEX=${REGEX:-$DEFAULT_REGEX}
# Nothing is excluded: the three tests that inspect a guest over SSH (hostname, vcpu count,
# uptime after a hard reboot) are answered by loopback-sshd.py from stackbox's own state.
EXCLUDE=${EXCLUDE:-}

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; }
trap cleanup EXIT

mkdir -p "$WS/etc" "$WS/logs" "$WS/tempest_lock"
printf '%s\n' '[DEFAULT]' \
  'test_path=/usr/lib/python3/dist-packages/tempest/test_discover' \
  'top_dir=/usr/lib/python3/dist-packages/tempest' \
  'group_regex=([^\.]*\.)*' > "$WS/.stestr.conf"
export TEMPEST_CONFIG_DIR=$WS/etc
RUNVAL=false; [ "$VALIDATION" = 1 ] && RUNVAL=true
sed -e "s/@PORT@/$PORT/g" -e "s#@WS@#$WS#g" -e "s/@MAXMV@/$MAXMV/" \
    -e "s/@RUNVAL@/$RUNVAL/" "${TEMPLATE:-$HERE/tempest.conf.tmpl}" > "$WS/etc/tempest.conf"
set_opt() { [ -n "$2" ] && sed -i "s|^$1 = .*|$1 = $2|" "$WS/etc/tempest.conf"; return 0; }
set_opt image_ref "${IMAGE_REF:-}"; set_opt image_ref_alt "${IMAGE_REF_ALT:-}"
set_opt flavor_ref "${FLAVOR_REF:-}"; set_opt flavor_ref_alt "${FLAVOR_REF_ALT:-}"
set_opt public_network_id "${PUBLIC_NETWORK_ID:-}"; set_opt api_extensions "${API_EXTENSIONS:-}"
cp "${ACCOUNTS:-$HERE/accounts.yaml}" "$WS/etc/accounts.yaml"

if [ "$VALIDATION" = 1 ] && [ "${SSHD_STARTED:-0}" = 1 ]; then
  :  # the caller started loopback-sshd.py (scripts/tempest.sh, through sudo when not root)
elif [ "$VALIDATION" = 1 ] && (exec 3<>/dev/tcp/127.100.0.2/22) 2>/dev/null; then
  echo "warning: something already answers on 127.100.0.2:22; the guest checks talk to it, not to loopback-sshd.py --stackbox" >&2
elif [ "$VALIDATION" = 1 ]; then
  /usr/bin/python3 "$HERE/loopback-sshd.py" --stackbox "http://127.0.0.1:$PORT" > "$WS/sshd.out" 2>&1 &
  PIDS+=($!)
  sleep 2
fi

cd "$WS" || exit 2
EXARGS=(); [ -n "$EXCLUDE" ] && EXARGS=(--exclude-regex "$EXCLUDE")
# WORKERS: a worker file (tempest run --worker-file) that places the classes on workers by hand;
# stestr then ignores --concurrency
[ -n "${WORKERS:-}" ] && EXARGS+=(--worker-file "$WORKERS")
/usr/bin/tempest run --concurrency "$CONCURRENCY" --regex "$REGEX" "${EXARGS[@]}" > "$WS/run.out" 2>&1
rc=$?
grep -E '\.\.\. FAILED' "$WS/run.out" | head -50
grep -E '^ - (Passed|Skipped|Failed|Expected Fail|Unexpected Success)' "$WS/run.out"
echo "tempest workspace (etc/, logs/tempest.log, run.out): $WS"
exit $rc
