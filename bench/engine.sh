#!/usr/bin/env bash
# Engine-core benchmark (issue 2). Prints: start-to-ready, idle RSS, end-to-end executions/s of a
# 3-step workflow (transform -> transform -> log) started through the manual-trigger API, and the
# status GET latency with 1,000,000 executions stored. SQLite, synchronous=FULL (every commit fsync'ed).
#
#   bench/engine.sh                 # all of it
#   DURATION=30 CONNECTIONS=64 SEED=1000000 bench/engine.sh
#
# Needs wrk (apt-get install wrk) and curl. Runs everything on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-64}
SEED=${SEED:-1000000}
PORT=${PORT:-18080}
WORK=${WORK:-$(mktemp -d /tmp/flowgate-bench.XXXXXX)}
URL="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "bench: needs wrk (apt-get install wrk)" >&2; exit 1; }

./flowgate --version >/dev/null   # builds the jar if needed, outside the timed part

metric() { curl -fsS "$URL/metrics" | awk -v m="$1" '$1 ~ "^"m {s+=$2} END {printf "%d", s}'; }

start_server() {
  local t0; t0=$(date +%s%N)
  ./flowgate serve --port "$PORT" --data "$WORK/data" > "$WORK/server.log" 2>&1 &
  SERVER=$!
  until curl -fsS "$URL/readyz" >/dev/null 2>&1; do
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.01
  done
  READY_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}

stop_server() { kill -TERM "$SERVER"; wait "$SERVER" 2>/dev/null || true; }

echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo "# java: $("$(./flowgate --jdk-check)" -version 2>&1 | head -1)"
echo "# work dir: $WORK"

start_server
echo "start_to_ready_ms=$READY_MS"
sleep 5
echo "idle_rss_mb=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$SERVER/status)"
export FLOWGATE_API_KEY; FLOWGATE_API_KEY=$(cat "$WORK/data/admin.key")
curl -fsS -X POST -H "Authorization: Bearer $FLOWGATE_API_KEY" -H 'Content-Type: application/yaml' \
  --data-binary @bench/three-steps.yaml "$URL/api/v1/workflows" >/dev/null

# Warm-up (JIT), then the measured run.
wrk -t2 -c"$CONNECTIONS" -d5s -s bench/start-execution.lua "$URL/api/v1/workflows/bench-three/executions" >/dev/null
until [ "$(metric flowgate_executions_completed_total)" -ge "$(metric flowgate_executions_started_total)" ]; do sleep 0.2; done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
started0=$(metric flowgate_executions_started_total)
cpu0=$(cpu_ticks)
t0=$(date +%s%N)
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/start-execution.lua \
  "$URL/api/v1/workflows/bench-three/executions" > "$WORK/wrk-start.txt"
started=$(( $(metric flowgate_executions_started_total) - started0 ))
until [ "$(metric flowgate_executions_completed_total)" -ge "$(metric flowgate_executions_started_total)" ]; do sleep 0.05; done
t1=$(date +%s%N)
cpu1=$(cpu_ticks)
failed=$(metric flowgate_executions_failed_total)
echo "accepted_per_s=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk-start.txt")"
echo "start_latency_p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk-start.txt")"
echo "executions_started=$started failed_total=$failed"
echo "end_to_end_executions_per_s=$(awk -v n="$started" -v ns="$((t1 - t0))" 'BEGIN {printf "%.0f", n / (ns / 1e9)}')"
# CPU time the server spent per execution (intake, engine, store): steadier than rates when the
# machine is shared, and what bounds the rate when it is not.
echo "server_cpu_us_per_execution=$(awk -v t="$((cpu1 - cpu0))" -v hz="$(getconf CLK_TCK)" -v n="$started" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}')"
non2xx=$(awk '/Non-2xx/ {print $4}' "$WORK/wrk-start.txt"); echo "non_2xx=${non2xx:-0}"
stop_server

if [ "$SEED" -gt 0 ]; then
  "$(./flowgate --jdk-check)" --enable-native-access=ALL-UNNAMED -cp target/flowgate.jar bench/Seed.java "$WORK/data" "$SEED" "$WORK/ids.txt"
  start_server
  echo "start_to_ready_ms_with_${SEED}_stored=$READY_MS"
  IDS_FILE="$WORK/ids.txt" wrk -t2 -c16 -d5s -s bench/get-status.lua "$URL" >/dev/null
  IDS_FILE="$WORK/ids.txt" wrk -t2 -c16 -d"${DURATION}s" --latency -s bench/get-status.lua "$URL" > "$WORK/wrk-get.txt"
  echo "status_get_per_s=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk-get.txt")"
  echo "status_get_p50=$(awk '$1=="50%" {print $2}' "$WORK/wrk-get.txt") status_get_p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk-get.txt")"
  stop_server
fi
