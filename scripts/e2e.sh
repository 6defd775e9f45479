#!/usr/bin/env bash
# scripts/e2e.sh: run fleetdeck's end-to-end tests (tests/e2e.rs) against a real loopback fleet.
#
# Builds the e2e test target (dev profile, the same build as the README's `cargo test --locked`),
# brings a fleet up with scripts/fleet (building/installing kube-apiserver and etcd on first
# use), exports its environment, runs `cargo test --locked --test e2e`, and always brings
# the fleet down again (trap), also on failure or Ctrl-C. Logs of a failed run are kept.
#
# Environment (all optional):
#   FLEET_DIR          fleet state dir        (default ~/.cache/fleetdeck/fleet-e2e)
#   FLEET_BASE_PORT    first apiserver port   (default 17443: a dev fleet on 16443 is left alone)
#   FLEET_ETCD_PORT / FLEET_ETCD_PEER_PORT    (default 24790 / 24800)
#   FLEET_MEMBERS      number of members      (default 3)
#   E2E_PODS           extra pods per member for the seed (default 0)
#   E2E_LOG_DIR        where logs of a failed run are copied (default ~/.cache/fleetdeck/e2e-logs)
#   E2E_KEEP_FLEET=1   leave the fleet running afterwards (for debugging)
#   E2E_SCREENS=1      print the terminal screens the TUI scenarios check
#   CARGO_TARGET_DIR   honoured as cargo does (default: target/ in the repo)
#   extra arguments are passed to the test binary, e.g. scripts/e2e.sh outage
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$REPO_DIR"

FLEET_CACHE="${FLEET_CACHE:-$HOME/.cache/fleetdeck}"
export FLEET_CACHE
export FLEET_DIR="${FLEET_DIR:-$FLEET_CACHE/fleet-e2e}"
export FLEET_BASE_PORT="${FLEET_BASE_PORT:-17443}"
export FLEET_ETCD_PORT="${FLEET_ETCD_PORT:-24790}"
export FLEET_ETCD_PEER_PORT="${FLEET_ETCD_PEER_PORT:-24800}"
export FLEET_MEMBERS="${FLEET_MEMBERS:-3}"
E2E_PODS="${E2E_PODS:-0}"
E2E_LOG_DIR="${E2E_LOG_DIR:-$FLEET_CACHE/e2e-logs}"
FLEET="$SCRIPT_DIR/fleet"

log() { printf '\033[1;35m[e2e]\033[0m %s\n' "$*" >&2; }

if [ ! -f tests/e2e.rs ]; then
  log "error: tests/e2e.rs does not exist: no end-to-end tests to run"
  exit 1
fi
command -v cargo >/dev/null || { log "error: cargo not found on PATH (the Rust toolchain is required)"; exit 1; }

# The TUI scenarios drive the real binary in tmux.
if ! command -v tmux >/dev/null; then
  log "installing tmux (Debian package) for the TUI scenarios"
  if [ "$(id -u)" = 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    log "error: tmux is missing and there is no root/sudo to install it (apt-get install tmux)"; exit 1
  fi
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tmux >/dev/null
fi

t_start=$(date +%s)
status=1
# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  local rc=$?
  [ "$status" = 0 ] || status=$rc
  trap - EXIT INT TERM
  if [ "$status" != 0 ] && [ -d "$FLEET_DIR/logs" ]; then
    mkdir -p "$E2E_LOG_DIR"
    rm -rf "$E2E_LOG_DIR/logs"
    cp -r "$FLEET_DIR/logs" "$E2E_LOG_DIR/logs" || true
    log "fleet logs of this failed run copied to $E2E_LOG_DIR/logs"
  fi
  if [ "${E2E_KEEP_FLEET:-0}" = 1 ]; then
    log "E2E_KEEP_FLEET=1: fleet left running at $FLEET_DIR (stop it with: FLEET_DIR=$FLEET_DIR $FLEET down)"
  else
    log "bringing the fleet down"
    "$FLEET" down || log "warning: 'fleet down' failed"
  fi
  log "finished in $(( $(date +%s) - t_start ))s with exit status $status"
  exit "$status"
}
trap cleanup EXIT
trap 'status=130; exit 130' INT
trap 'status=143; exit 143' TERM

# Dev profile, like the README's `cargo test --locked`: CI reuses that build. Built before the
# fleet is up, so a compile error costs no fleet and the fleet does not idle through a build.
CARGO_TEST=(cargo test --locked --test e2e)
log "building the e2e tests: ${CARGO_TEST[*]} --no-run (target dir: ${CARGO_TARGET_DIR:-$REPO_DIR/target})"
t_build=$(date +%s)
"${CARGO_TEST[@]}" --no-run
cargo test --locked --lib --no-run
log "build took $(( $(date +%s) - t_build ))s"

log "bringing the fleet up (FLEET_DIR=$FLEET_DIR, apiservers from port $FLEET_BASE_PORT)"
"$FLEET" up --pods "$E2E_PODS"

eval "$("$FLEET" env)"
export FLEET_DIR FLEET_SCRIPT FLEET_KUBECONFIG FLEET_KUBECONFIG_READONLY FLEET_CA \
  FLEET_ADMIN_TOKEN_FILE FLEET_VIEWER_TOKEN_FILE FLEET_MEMBERS FLEET_CONTEXTS FLEET_PORTS \
  FLEET_ETCD_PREFIX_TEMPLATE FLEET_ETCDCTL ETCDCTL_API ETCDCTL_ENDPOINTS
log "environment:"
"$FLEET" env | sed 's/^/    /' >&2

# The scenarios are #[ignore]d in a plain `cargo test` (they need this fleet): run them with
# --ignored, and fail unless every one of them ran and passed.
expected=$("${CARGO_TEST[@]}" -- --ignored --list "$@" 2>/dev/null | grep -c ': test$' || true)
log "${CARGO_TEST[*]} -- --ignored --test-threads=1 --nocapture $* ($expected scenarios)"
t_tests=$(date +%s)
set +e
"${CARGO_TEST[@]}" -- --ignored --test-threads=1 --nocapture "$@" 2>&1 | tee "$FLEET_CACHE/e2e-last.log"
status=${PIPESTATUS[0]}
set -e
log "tests took $(( $(date +%s) - t_tests ))s"
passed=$(grep -o 'test result: ok\. [0-9]* passed' "$FLEET_CACHE/e2e-last.log" | grep -o '[0-9]* passed' | grep -o '[0-9]*' || echo 0)
skipped=$(grep -c ': skipped: ' "$FLEET_CACHE/e2e-last.log" || true)
if [ "$status" = 0 ] && { [ "$expected" = 0 ] || [ "$passed" != "$expected" ] || [ "$skipped" != 0 ]; }; then
  log "error: expected $expected scenarios to run and pass; $passed passed, $skipped skipped"
  status=1
fi
# The kube source's own live tests (src/sources/kube/live_tests.rs, #[ignore]d in a plain
# `cargo test`): conflict/forbidden replies, a hung apiserver, bad contexts, an outage with
# relist, rediscovery of a removed CRD. Same build as `cargo test --locked`; only on a full run.
if [ "$status" = 0 ] && [ $# -eq 0 ]; then
  LIVE_TEST=(cargo test --locked --lib sources::kube::live -- --ignored --test-threads=1)
  log "FLEET_MUTATE=1 ${LIVE_TEST[*]}"
  t_live=$(date +%s)
  set +e
  FLEET_MUTATE=1 "${LIVE_TEST[@]}"
  status=$?
  set -e
  log "live source tests took $(( $(date +%s) - t_live ))s"
fi
if [ "$status" != 0 ]; then
  log "end-to-end tests FAILED (exit status $status)"
else
  log "end-to-end tests passed"
fi
exit "$status"
