#!/usr/bin/env bash
# scripts/bench-fleet.sh: fleetdeck against a real loopback fleet, measured from outside the process.
#
#   scripts/bench-fleet.sh [--pods N] [--window S] [--rate R] [--no-kdash] [--no-write]
#
# One run, on scripts/fleet's fleet (karmada + 3 members, N extra pods per member):
#   (a) time to full sync of `fleetdeck snapshot --json` over the members vs the parallel raw
#       LIST of all pods of the same members (curl, body discarded), as a quorum read and from
#       the watch cache (?resourceVersion=0, what fleetdeck asks for); median of 3 each
#   (b) RSS of the running TUI (release build, in tmux, 200x60, on member1's pods tab) after
#       sync, and per pod above the same fleet without the extra pods
#   (c) CPU of the TUI over S s idle, and over S s with R pod status updates per second
#       (scripts/bench_churn.py, spread over the members)
#   (d) CPU of the member apiservers over the same windows, and with no client at all
#   (e) the same for kdash (pods view of member1, default 5 s poll), churn R/s on member1
# and writes the table into docs/performance.md (between the bench-fleet markers) with the
# command and the machine. The fleet is brought down afterwards, also on failure.
#
# Environment: FLEET_CACHE (default ~/.cache/fleetdeck), CARGO_TARGET_DIR, KDASH=/path/to/kdash
# (default: installed with `cargo install kdash --version 2.1.1` under $FLEET_CACHE/kdash),
# BENCH_KEEP_FLEET=1 leaves the fleet running.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$REPO_DIR"

PODS=10000 WINDOW=60 RATE=100 WITH_KDASH=1 WRITE=1
ARGS="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --pods) PODS="$2"; shift 2 ;;
    --window) WINDOW="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --no-kdash) WITH_KDASH=0; shift ;;
    --no-write) WRITE=0; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

export FLEET_CACHE="${FLEET_CACHE:-$HOME/.cache/fleetdeck}"
export FLEET_DIR="$FLEET_CACHE/fleet-bench"
export FLEET_BASE_PORT=18443 FLEET_ETCD_PORT=25790 FLEET_ETCD_PEER_PORT=25800 FLEET_MEMBERS=3
FLEET="$SCRIPT_DIR/fleet"
TARGET="${CARGO_TARGET_DIR:-$REPO_DIR/target}"
BIN="$TARGET/release/fleetdeck"
KDASH="${KDASH:-$FLEET_CACHE/kdash/bin/kdash}"
MEMBERS="member1 member2 member3"
SESSION=fleetdeck-bench
CLK_TCK=$(getconf CLK_TCK)
OUT="$FLEET_CACHE/bench-fleet.md"

log() { printf '\033[1;32m[bench]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[bench] error:\033[0m %s\n' "$*" >&2; exit 1; }

command -v tmux >/dev/null || die "tmux is required (apt-get install tmux)"
command -v curl >/dev/null || die "curl is required (apt-get install curl)"

cleanup() {
  tmux kill-session -t "$SESSION" 2>/dev/null || true
  if [ "${BENCH_KEEP_FLEET:-0}" != 1 ]; then "$FLEET" down >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

# ------------------------------------------------------------------ measuring from /proc
cpu_ticks() { # PID -> utime + stime (clock ticks); fields after the comm's closing paren
  local s; s=$(cat "/proc/$1/stat") || return 1
  s=${s##*) }
  # shellcheck disable=SC2086
  set -- $s
  echo $(( ${12} + ${13} ))
}
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
pid_of() { read -r p _ <"$FLEET_DIR/pids/$1.pid"; echo "$p"; }
member_pids() { for m in $MEMBERS; do pid_of "$m"; done; }
port_of() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" <<<"$FLEET_PORTS"; } # CLUSTER -> its apiserver port
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f\n", b - a }'; } # T0 -> seconds since
pct() { # TICKS SECONDS -> percent of one core
  awk -v t="$1" -v s="$2" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", 100 * t / hz / s }'
}

# window LABEL CLIENT_PID CHURN_MEMBERS: CPU of CLIENT_PID (or - for none) and of the member
# apiservers over $WINDOW seconds; churn on CHURN_MEMBERS (comma list) or idle when empty.
# Sets W_CLIENT (% of a core) and W_API (% of a core, all members together).
window() {
  local label="$1" client="$2" churn="$3" t0 c0=0 c1=0 a0=0 a1=0 p secs
  for p in $(member_pids); do a0=$(( a0 + $(cpu_ticks "$p") )); done
  [ "$client" = - ] || c0=$(cpu_ticks "$client")
  t0=$(date +%s.%N)
  if [ -n "$churn" ]; then
    python3 -B "$SCRIPT_DIR/bench_churn.py" --members "$churn" --pods "$PODS" --rate "$RATE" --seconds "$WINDOW"
  else
    sleep "$WINDOW"
  fi
  secs=$(since "$t0")
  for p in $(member_pids); do a1=$(( a1 + $(cpu_ticks "$p") )); done
  [ "$client" = - ] || c1=$(cpu_ticks "$client")
  W_CLIENT=$(pct $(( c1 - c0 )) "$secs")
  W_API=$(pct $(( a1 - a0 )) "$secs")
  log "$label: client ${W_CLIENT}% of a core, member apiservers ${W_API}% (over ${secs%.*} s)"
}

screen() { tmux capture-pane -p -t "$SESSION"; }
wait_screen() { # REGEX TIMEOUT_S
  local end=$(( $(date +%s) + $2 ))
  until screen | grep -Eq "$1"; do
    [ "$(date +%s)" -lt "$end" ] || { screen >&2; die "timed out waiting for /$1/ on the screen"; }
    sleep 0.2
  done
}
start_tui() { # CMD...: start it in tmux at 200x60, print its pid
  tmux kill-session -t "$SESSION" 2>/dev/null || true
  tmux new-session -d -s "$SESSION" -x 200 -y 60 "exec $*"
  tmux list-panes -t "$SESSION" -F '#{pane_pid}'
}
fleetdeck_tui() { # sets TUI_PID and TUI_SYNC; leaves the TUI on member1's pods tab after a full sync
  local t0
  t0=$(date +%s.%N)
  TUI_PID=$(start_tui env FLEETDECK_CONFIG_DIR="$FLEET_DIR/fd-config" "$BIN" --kubeconfig "$FLEET_DIR/kubeconfig")
  wait_screen '4 clusters: 4 ready' 300
  TUI_SYNC=$(since "$t0")
  tmux send-keys -t "$SESSION" ':'
  sleep 0.3
  tmux send-keys -t "$SESSION" -l 'member1 pods'
  sleep 0.3
  tmux send-keys -t "$SESSION" Enter
  wait_screen 'member1 › Pods' 30
  sleep 5 # let allocations settle after the first frames of the big table
}
stop_tui() { tmux kill-session -t "$SESSION" 2>/dev/null || true; sleep 1; }

# ------------------------------------------------------------------ build and fleet
log "building fleetdeck (release): cargo build --release --locked (target dir: $TARGET)"
cargo build --release --locked
if [ "$WITH_KDASH" = 1 ] && [ ! -x "$KDASH" ]; then
  log "installing kdash 2.1.1 for comparison: cargo install --locked kdash --version 2.1.1 --root $FLEET_CACHE/kdash"
  cargo install --locked kdash --version 2.1.1 --root "$FLEET_CACHE/kdash" \
    || { log "kdash did not install: its column is left out"; WITH_KDASH=0; }
fi

"$FLEET" down >/dev/null 2>&1 || true
log "fleet up without extra pods (the 'empty fleet')"
"$FLEET" up --pods 0
eval "$("$FLEET" env)"
TOKEN=$(cat "$FLEET_ADMIN_TOKEN_FILE")

log "(b) TUI RSS on the empty fleet"
fleetdeck_tui
pid=$TUI_PID
RSS_EMPTY=$(rss_kb "$pid")
log "empty fleet: TUI synced in ${TUI_SYNC}s, RSS ${RSS_EMPTY} kB"
stop_tui

log "seeding $PODS extra pods per member"
t0=$(date +%s)
"$FLEET" seed --pods "$PODS"
SEED_S=$(( $(date +%s) - t0 ))
POD_TOTAL=0
for m in $MEMBERS; do
  n=$(curl -sf --cacert "$FLEET_CA" -H "Authorization: Bearer $TOKEN" \
      "https://127.0.0.1:$(port_of "$m")/api/v1/pods" \
      | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
  log "$m: $n pods"
  POD_TOTAL=$(( POD_TOTAL + n ))
done

# ------------------------------------------------------------------ (a) full sync vs raw LIST
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
raw_list() { # [QUERY]: "" is a quorum read from etcd; "?resourceVersion=0" the watch cache
  local t0 m q="${1:-}"
  t0=$(date +%s.%N)
  for m in $MEMBERS; do
    curl -sf --cacert "$FLEET_CA" -H "Authorization: Bearer $TOKEN" -H 'Accept: application/json' \
      -o /dev/null "https://127.0.0.1:$(port_of "$m")/api/v1/pods$q" &
  done
  wait
  since "$t0"
}
snapshot_sync() {
  local t0 secs
  t0=$(date +%s.%N)
  FLEETDECK_CONFIG_DIR="$FLEET_DIR/fd-config" "$BIN" snapshot --json --wait-sync 300 \
    --kubeconfig "$FLEET_DIR/kubeconfig" --context member1,member2,member3 >"$FLEET_DIR/snapshot.json"
  secs=$(since "$t0")
  python3 - "$FLEET_DIR/snapshot.json" <<'EOF' >&2
import json, sys
d = json.load(open(sys.argv[1]))
rows = d["clusters"] if isinstance(d, dict) and "clusters" in d else d
bad = [r for r in rows if r.get("state") != "Ready"]
if bad:
    sys.exit(f"snapshot: not every member Ready: {bad}")
EOF
  echo "$secs"
}
log "(a) raw LIST of all pods, 3 members in parallel, x3"
LIST_S=$(for _ in 1 2 3; do raw_list; done | median)
log "(a) fleetdeck snapshot --json over the 3 members, x3"
SNAP_S=$(for _ in 1 2 3; do snapshot_sync; done | median)
log "(a) raw LIST from the watch cache (?resourceVersion=0, what fleetdeck asks for), x3"
LIST0_S=$(for _ in 1 2 3; do raw_list '?resourceVersion=0'; done | median)
log "(a) raw LIST ${LIST_S}s (watch cache: ${LIST0_S}s), fleetdeck full sync ${SNAP_S}s"

# ------------------------------------------------------------------ (d) baseline: no client
log "(d) member apiservers with no client attached (after 60 s to settle from the seeding)"
sleep 60
window "no client, idle" - ""
BASE_IDLE_API1=$W_API
window "no client, churn ${RATE}/s over 3 members" - member1,member2,member3
BASE_CHURN_API=$W_API
window "no client, churn ${RATE}/s on member1" - member1
BASE_CHURN1_API=$W_API

# ------------------------------------------------------------------ (b)(c)(d) fleetdeck
log "(b) fleetdeck TUI on the full fleet"
fleetdeck_tui
pid=$TUI_PID
FULL_SYNC_TUI=$TUI_SYNC
RSS_FULL=$(rss_kb "$pid")
log "full fleet: TUI synced in ${TUI_SYNC}s, RSS ${RSS_FULL} kB"
sleep 20 # steady state: past the first relists, trims and rediscovery
window "fleetdeck idle" "$pid" ""
FD_IDLE=$W_CLIENT FD_IDLE_API=$W_API
window "fleetdeck, churn ${RATE}/s over 3 members" "$pid" member1,member2,member3
FD_CHURN=$W_CLIENT FD_CHURN_API=$W_API
RSS_AFTER=$(rss_kb "$pid")
screen >"$FLEET_DIR/fleetdeck-screen.txt"
stop_tui
sleep 10
window "no client, idle (again)" - ""
BASE_IDLE_API2=$W_API
BASE_IDLE_API=$(awk -v a="$BASE_IDLE_API1" -v b="$BASE_IDLE_API2" 'BEGIN { printf "%.2f", (a + b) / 2 }')

# ------------------------------------------------------------------ (e) kdash
if [ "$WITH_KDASH" = 1 ]; then
  log "(e) kdash $("$KDASH" --version | awk '{print $2}') on member1 (pods view, default poll)"
  pid=$(start_tui env KUBECONFIG="$FLEET_DIR/kubeconfig" HOME="$FLEET_DIR/kdash-home" "$KDASH" -c member1)
  sleep 30 # it has no 'synced' marker: give it several polls
  KD_RSS0=$(rss_kb "$pid")
  window "kdash idle" "$pid" ""
  KD_IDLE=$W_CLIENT KD_IDLE_API=$W_API
  KD_RSS1=$(rss_kb "$pid")
  window "kdash, churn ${RATE}/s on member1" "$pid" member1
  KD_CHURN=$W_CLIENT KD_CHURN_API=$W_API
  KD_RSS2=$(rss_kb "$pid")
  screen >"$FLEET_DIR/kdash-screen.txt"
  stop_tui
fi

# ------------------------------------------------------------------ report
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }
PER_POD=$(awk -v f="$RSS_FULL" -v e="$RSS_EMPTY" -v n="$(( 3 * PODS ))" 'BEGIN { printf "%.0f", (f - e) * 1024 / n }')
RATIO=$(awk -v s="$SNAP_S" -v l="$LIST_S" 'BEGIN { printf "%.2f", s / l }')
RATIO0=$(awk -v s="$SNAP_S" -v l="$LIST0_S" 'BEGIN { printf "%.2f", s / l }')
CPU_MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($CPU_MODEL), $(free -g | awk '/^Mem:/ {print $2}') GB RAM,"
  echo "$(uname -sr); kube-apiserver v1.20.2 on loopback, one etcd; fleetdeck $("$BIN" --version | awk '{print $2}') release build."
  echo "Fleet: karmada + 3 members, $PODS extra pods per member ($POD_TOTAL pods on the members); seeding took ${SEED_S}s."
  echo "Reproduce: \`scripts/bench-fleet.sh${ARGS:+ $ARGS}\` (about $(( (SECONDS + 59) / 60 )) minutes)."
  echo
  echo "| measure | fleetdeck (3 members + karmada) | kdash 2.1.1 (member1 only) | goal |"
  echo "|---|---|---|---|"
  echo "| (a) full sync, 3 members (\`snapshot --json\`, median of 3) | ${SNAP_S} s = ${RATIO} × the raw LIST (${LIST_S} s) | – | ≤ 1.3 × raw LIST |"
  echo "| (a) the same against the raw LIST from the watch cache (\`?resourceVersion=0\`, what fleetdeck asks for) | ${RATIO0} × (${LIST0_S} s) | – | |"
  echo "| (a) TUI start to all 4 contexts Ready (tmux) | ${FULL_SYNC_TUI} s | – | |"
  echo "| (b) RSS after sync | $(( RSS_FULL / 1024 )) MB (empty fleet: $(( RSS_EMPTY / 1024 )) MB; after churn: $(( RSS_AFTER / 1024 )) MB) | ${KD_RSS0:+$(( KD_RSS0 / 1024 )) MB → $(( KD_RSS2 / 1024 )) MB over the windows} | |"
  echo "| (b) RSS per pod above the empty fleet | ${PER_POD} B | – | ≤ 400 B |"
  echo "| (c) client CPU, ${WINDOW} s idle | ${FD_IDLE} % of a core | ${KD_IDLE:-–} % | ≤ 0.5 % |"
  echo "| (c) client CPU, ${WINDOW} s at ${RATE} pod updates/s | ${FD_CHURN} % | ${KD_CHURN:-–} % | ≤ 5 % |"
  echo "| (d) member apiservers' CPU, idle (no client: ${BASE_IDLE_API1} % before, ${BASE_IDLE_API2} % after fleetdeck; mean ${BASE_IDLE_API} %) | ${FD_IDLE_API} % (+$(sub "$FD_IDLE_API" "$BASE_IDLE_API")) | ${KD_IDLE_API:-–} %${KD_IDLE_API:+ (+$(sub "$KD_IDLE_API" "$BASE_IDLE_API"))} | fleetdeck's added ≤ 1/10 of kdash's |"
  echo "| (d) member apiservers' CPU, churn (no client: ${BASE_CHURN_API} % over 3, ${BASE_CHURN1_API} % on member1) | ${FD_CHURN_API} % (+$(sub "$FD_CHURN_API" "$BASE_CHURN_API")) | ${KD_CHURN_API:-–} %${KD_CHURN_API:+ (+$(sub "$KD_CHURN_API" "$BASE_CHURN1_API"))} | |"
  echo
  echo "CPU is utime + stime from /proc over the window, as a percentage of one core; apiserver CPU"
  echo "is the three member apiservers together. Churn: \`scripts/bench_churn.py\`, ${RATE} pod status"
  echo "updates per second (restartCount bumps, so every projection changes), round-robin over the"
  echo "members fleetdeck watches, and all on member1 for kdash (the only member it shows)."
  echo "fleetdeck sits on member1's pods tab (200×60); kdash on its default pods view of member1."
  echo "fleetdeck's idle window starts 20 s after its sync; kdash's 30 s after its start. The"
  echo "apiservers' own idle CPU drifts (etcd compaction, their caches): the baseline is measured"
  echo "before and after fleetdeck's windows, and the '+' figures are against the mean."
} >"$OUT"
cat "$OUT"

if [ "$WRITE" = 1 ]; then
  python3 - "$REPO_DIR/docs/performance.md" "$OUT" <<'EOF'
import sys
doc, new = sys.argv[1], open(sys.argv[2]).read()
text = open(doc).read()
b, e = "<!-- bench-fleet:begin -->", "<!-- bench-fleet:end -->"
if b not in text or e not in text:
    sys.exit(f"{doc} has no {b} ... {e} markers")
head, rest = text.split(b, 1)
_, tail = rest.split(e, 1)
open(doc, "w").write(head + b + "\n" + new + e + tail)
EOF
  log "wrote the table into docs/performance.md"
fi
log "done in $(( SECONDS / 60 ))m$(( SECONDS % 60 ))s"
