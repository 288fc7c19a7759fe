#!/usr/bin/env bash
# Burst benchmark (issue 12, point 5 "acceptance before execution"): OFFER webhooks in DURATION seconds
# (goal: 200,000 in 10 s), then wait until the backlog has drained, then check that every acknowledged
# activityId is a stored execution that ended. One-step workflow (bench/webhook-bench.yaml), token auth,
# 300-byte JSON, `202` only after the commit that holds the run (SQLite synchronous=FULL).
#
#   bench/burst.sh
#   CONNECTIONS=512 DURATION=10 OFFER=200000 PORT=18680 bench/burst.sh
#
# The loader is wrk (closed loop: CONNECTIONS requests in flight, each connection sends its next request when
# the previous one is answered). wrk has no fixed-rate mode, so "offered" is what wrk managed to send in
# DURATION seconds: when the server acknowledges slower than OFFER/DURATION per second, fewer than OFFER are
# offered and the shortfall is printed as `not_offered`. Many connections make the burst: up to CONNECTIONS
# unanswered requests at every instant.
#
# Prints: offered, acknowledged, acceptance rate (acknowledged/s), p99 of the acknowledgement, peak queue
# depth (flowgate_queue_depth, polled every 0.2 s), drain time (end of the burst -> every run ended), lost
# (acknowledged but not stored, or stored but not ended: must be 0), server CPU per webhook, load average.
# Needs wrk and sqlite3. Loopback only; loader and server share the machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-512}
OFFER=${OFFER:-200000}
PORT=${PORT:-18680}
WORK=${WORK:-$(mktemp -d /tmp/flowgate-burst-bench.XXXXXX)}; mkdir -p "$WORK"
URL="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "bench: needs wrk (apt-get install wrk)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench: needs sqlite3 (apt-get install sqlite3)" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || true

./flowgate --version >/dev/null   # builds the jar if needed, outside the timed part
JAVA=$(./flowgate --jdk-check)

echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo "# java: $($JAVA -version 2>&1 | head -1); wrk -t2 -c$CONNECTIONS -d${DURATION}s; offer goal $OFFER; work dir: $WORK"

SERVER=; POLLER=
cleanup() {
  [ -n "$POLLER" ] && kill "$POLLER" 2>/dev/null || true
  [ -n "$SERVER" ] && kill -TERM "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
}
trap cleanup EXIT

./flowgate serve --port "$PORT" --data "$WORK/data" > "$WORK/server.log" 2>&1 &
SERVER=$!
until curl -fsS "$URL/readyz" >/dev/null 2>&1; do
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }; sleep 0.05; done
KEY=$(cat "$WORK/data/admin.key")
curl -fsS -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/yaml' \
  --data-binary @"${WORKFLOW:-bench/webhook-bench.yaml}" "$URL/api/v1/workflows" > /dev/null
HOOK=$(curl -fsS -H "Authorization: Bearer $KEY" "$URL/api/v1/workflows/bench-hook" | sed 's/.*"hookId":"\([^"]*\)".*/\1/')
TOKEN=$(curl -fsS -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{}' \
  "$URL/api/v1/workflows/bench-hook/webhook/tokens" | sed 's/.*"token":"\([^"]*\)".*/\1/')
HOOK_URL="$URL/hooks/$HOOK?token=$TOKEN"

metric() { curl -fsS "$URL/metrics" | awk -v m="$1" '$1 ~ "^"m {s+=$2} END {printf "%d", s}'; }
caught_up() { until [ "$(metric flowgate_executions_completed_total)" -ge "$(metric flowgate_executions_started_total)" ]; do sleep 0.1; done; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }

wrk -t2 -c64 -d3s -s bench/webhook.lua "$HOOK_URL" > /dev/null   # JIT warm-up, not counted
caught_up
warm=$(metric flowgate_executions_started_total)

# Queue depth poller: "<ms since the burst started> <depth>" every 0.2 s until killed.
t0=$(date +%s%N)
( while true; do
    d=$(curl -fsS -m 2 "$URL/metrics" 2>/dev/null | awk '$1 ~ "^flowgate_queue_depth" {s+=$2} END {printf "%d", s}')
    echo "$(( ($(date +%s%N) - t0) / 1000000 )) ${d:-?}"; sleep 0.2
  done ) > "$WORK/depth.txt" &
POLLER=$!

mkdir -p "$WORK/ids"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
cpu0=$(cpu_ticks)
IDS_DIR="$WORK/ids" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s --latency -s bench/webhook.lua "$HOOK_URL" \
  > "$WORK/wrk-burst.txt"
t_end=$(date +%s%N)
backlog_at_end=$(metric flowgate_queue_depth)
caught_up
t_drained=$(date +%s%N)
cpu1=$(cpu_ticks)
sleep 0.3; kill "$POLLER" 2>/dev/null || true; POLLER=
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(( $(metric flowgate_executions_started_total) - warm ))
kill -TERM "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=

sent=$(awk '/requests in/ {print $1}' "$WORK/wrk-burst.txt")
errors=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$WORK/wrk-burst.txt"); errors=${errors:-0}
non2xx=$(awk '/Non-2xx/ {print $4}' "$WORK/wrk-burst.txt"); non2xx=${non2xx:-0}
p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk-burst.txt")
p50=$(awk '$1=="50%" {print $2}' "$WORK/wrk-burst.txt")
cat "$WORK"/ids/ids-*.txt | sort -u > "$WORK/ids.txt"
acked=$(wc -l < "$WORK/ids.txt")
offered=$(( sent + errors ))
peak=$(awk -v e="$backlog_at_end" 'BEGIN {m = e} $2 ~ /^[0-9]+$/ && $2 > m {m = $2} END {print m + 0}' "$WORK/depth.txt")

# Every acknowledged id stored and ended (after a graceful stop), as bench/webhooks.sh checks it.
read -r missing not_ended < <(sqlite3 -separator ' ' "$WORK/data/flowgate.db" <<SQL
CREATE TEMP TABLE acked (id TEXT PRIMARY KEY);
.mode csv
.import $WORK/ids.txt acked
.mode list
.separator ' '
SELECT (SELECT COUNT(*) FROM acked WHERE id NOT IN (SELECT id FROM executions)),
       (SELECT COUNT(*) FROM acked a JOIN executions e ON e.id = a.id WHERE e.ended_at IS NULL OR e.status NOT IN ('completed', 'failure', 'cancelled'));
SQL
)
echo "# load average: before $load_before, after $load_after"
echo "offer_goal=$OFFER offered=$offered not_offered=$(( OFFER > offered ? OFFER - offered : 0 )) acknowledged=$acked non_2xx=$non2xx socket_errors=$errors"
awk -v a="$acked" -v d="$DURATION" 'BEGIN {printf "acceptance_per_s=%.0f\n", a / d}'
echo "ack_p50=$p50 ack_p99=$p99"
echo "backlog_at_end_of_burst=$backlog_at_end peak_queue_depth=$peak drain_ms=$(( (t_drained - t_end) / 1000000 ))"
echo "runs_accepted_but_answer_unread_by_wrk=$(( started - acked )) (wrk stops with requests in flight)"
echo "server_cpu_us_per_webhook=$(awk -v t="$((cpu1 - cpu0))" -v hz="$(getconf CLK_TCK)" -v n="$started" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}') runs_started=$started"
lost=$(( missing + not_ended ))
echo "lost=$lost (acknowledged but not stored: $missing, stored but not ended: $not_ended)"
[ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
[ "$lost" = 0 ] || { echo "DURABILITY FAILURE: $lost acknowledged runs lost or not ended" >&2; exit 1; }
