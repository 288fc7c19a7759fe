#!/usr/bin/env bash
# Inbound webhook benchmark (issue 3). In one run: a bare Jetty 12 server on virtual threads
# answering a constant 202 (the floor), then Flowgate's durable intake: token auth, 300-byte JSON,
# async 202 once the execution (and its request-log row) is committed, SQLite synchronous=FULL.
# Prints both rates, the ratio, p99s, and checks that every 202'd activityId exists afterwards.
#
#   bench/webhooks.sh
#   DURATION=20 CONNECTIONS=64 bench/webhooks.sh
#   WORKFLOW=bench/webhook-bench-parked.yaml bench/webhooks.sh   # runs park in a sleep: intake only
#
# Needs wrk and sqlite3. Loopback only; loader and server share the machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18290}
BARE_PORT=${BARE_PORT:-18291}
WORK=${WORK:-$(mktemp -d /tmp/flowgate-hooks-bench.XXXXXX)}
URL="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "bench: needs wrk (apt-get install wrk)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench: needs sqlite3 (apt-get install sqlite3)" >&2; exit 1; }

./flowgate --version >/dev/null   # builds the jar if needed, outside the timed part
JAVA=$(./flowgate --jdk-check)   # the JDK the launcher picks (>= 21: virtual threads)

echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo "# java: $($JAVA -version 2>&1 | head -1); wrk -t2 -c$CONNECTIONS -d${DURATION}s; work dir: $WORK"

wrk_run() { # url outfile [ids_dir]
  IDS_DIR=${3:-} wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/webhook.lua "$1" > "$2"
}
rate() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1=="99%" {print $2}' "$1"; }
non2xx() { awk '/Non-2xx/ {print $4}' "$1"; }

# 1. The floor: bare Jetty, constant 202.
$JAVA -cp target/flowgate.jar bench/BareJetty.java "$BARE_PORT" > "$WORK/bare.log" 2>&1 &
BARE=$!
until curl -fsS -o /dev/null -X POST "http://127.0.0.1:$BARE_PORT/" 2>/dev/null; do
  kill -0 "$BARE" 2>/dev/null || { cat "$WORK/bare.log"; exit 1; }; sleep 0.05; done
wrk -t2 -c"$CONNECTIONS" -d5s -s bench/webhook.lua "http://127.0.0.1:$BARE_PORT/" > /dev/null   # JIT warm-up
wrk_run "http://127.0.0.1:$BARE_PORT/" "$WORK/wrk-bare.txt"
kill -TERM "$BARE"; wait "$BARE" 2>/dev/null || true
echo "bare_jetty_per_s=$(rate "$WORK/wrk-bare.txt") bare_jetty_p99=$(p99 "$WORK/wrk-bare.txt")"

# 2. Flowgate: durable intake.
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
wrk -t2 -c"$CONNECTIONS" -d5s -s bench/webhook.lua "$HOOK_URL" > /dev/null   # JIT warm-up
metric() { curl -fsS "$URL/metrics" | awk -v m="$1" '$1 ~ "^"m {s+=$2} END {printf "%d", s}'; }
caught_up() { until [ "$(metric flowgate_executions_completed_total)" -ge "$(metric flowgate_executions_started_total)" ]; do sleep 0.05; done; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
caught_up
mkdir -p "$WORK/ids"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
started0=$(metric flowgate_executions_started_total); cpu0=$(cpu_ticks)
wrk_run "$HOOK_URL" "$WORK/wrk-hooks.txt" "$WORK/ids"
started=$(( $(metric flowgate_executions_started_total) - started0 ))
backlog=$(metric flowgate_queue_depth); t_end=$(date +%s%N)
caught_up   # every accepted webhook's run has ended: its CPU is counted too
cpu1=$(cpu_ticks)
echo "backlog_at_end_of_load=$backlog drained_in_ms=$(( ($(date +%s%N) - t_end) / 1000000 ))"
kill -TERM "$SERVER"; wait "$SERVER" 2>/dev/null || true
echo "flowgate_per_s=$(rate "$WORK/wrk-hooks.txt") flowgate_p99=$(p99 "$WORK/wrk-hooks.txt") non_2xx=$(non2xx "$WORK/wrk-hooks.txt")"
# Server CPU per accepted webhook, its one-step run included: steadier than rates on a shared machine.
echo "server_cpu_us_per_webhook=$(awk -v t="$((cpu1 - cpu0))" -v hz="$(getconf CLK_TCK)" -v n="$started" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}') webhooks_accepted=$started"
awk -v f="$(rate "$WORK/wrk-hooks.txt")" -v b="$(rate "$WORK/wrk-bare.txt")" 'BEGIN {printf "ratio_to_bare_jetty=%.2f\n", f / b}'

# 3. Durability: every 202'd activityId is a stored execution (after a graceful stop).
cat "$WORK"/ids/ids-*.txt | sort -u > "$WORK/ids.txt"
acked=$(wc -l < "$WORK/ids.txt")
missing=$(sqlite3 "$WORK/data/flowgate.db" <<SQL
CREATE TEMP TABLE acked (id TEXT PRIMARY KEY);
.mode csv
.import $WORK/ids.txt acked
SELECT COUNT(*) FROM acked WHERE id NOT IN (SELECT id FROM executions);
SQL
)
logged=$(sqlite3 "$WORK/data/flowgate.db" "SELECT COUNT(*) FROM webhook_requests WHERE execution_id IS NOT NULL")
echo "acked_ids=$acked missing_ids=$missing request_log_rows_with_execution=$logged"
[ "$missing" = "0" ] || { echo "DURABILITY FAILURE: $missing acknowledged executions are missing" >&2; exit 1; }
