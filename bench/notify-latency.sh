#!/usr/bin/env bash
# Cross-node live-stream lag (issue 13, LISTEN/NOTIFY): two nodes on one PostgreSQL database, RUNS short
# executions started on node b, lag = when node a's executions stream shows a change minus when b's own
# stream does (bench/NotifyLatency.java). Prints p50/p90/p99/max over every change both streams showed.
#
#   bench/notify-latency.sh                    # 400 runs (~1,000 changes), one every 5 ms
#   RUNS=1000 PACE_MS=2 bench/notify-latency.sh
#   PGURL=jdbc:postgresql://127.0.0.1:5432/ PGADMIN="psql -h 127.0.0.1 -U postgres" bench/notify-latency.sh
set -euo pipefail
# Every node of a cluster needs the same master key (a node with another refuses to start).
export FLOWGATE_MASTER_KEY=${FLOWGATE_MASTER_KEY:-$(head -c 32 /dev/urandom | base64)}
cd "$(dirname "$0")/.."
RUNS=${RUNS:-400}
PACE_MS=${PACE_MS:-5}
PORT_A=${PORT_A:-18091}
PORT_B=${PORT_B:-18092}
PGADMIN=${PGADMIN:-psql -h 127.0.0.1 -U postgres -q}
PGURL=${PGURL:-jdbc:postgresql://127.0.0.1:5432/}
DB=flowgate_notify_bench_$$
WORK=${WORK:-$(mktemp -d /tmp/flowgate-notify-bench.XXXXXX)}
JAVA=${JAVA:-$(./flowgate --jdk-check)}

./flowgate --version >/dev/null   # builds the jar if needed, outside the measured part
$PGADMIN -c "CREATE DATABASE $DB" postgres
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  $PGADMIN -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" postgres || true
}
trap cleanup EXIT

start_node() { # id port
  ./flowgate serve --db "${PGURL}${DB}?user=postgres" --node-id "$1" --port "$2" --data "$WORK/$1" \
    > "$WORK/$1.log" 2>&1 &
  PIDS+=($!)
  until curl -fsS "http://127.0.0.1:$2/readyz" >/dev/null 2>&1; do
    kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$WORK/$1.log"; exit 1; }
    sleep 0.05
  done
}
start_node a "$PORT_A"
start_node b "$PORT_B"
echo "# machine: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
KEY=$(cat "$WORK/a/admin.key")
# A short warm-up for the JIT, then the measured run.
"$JAVA" bench/NotifyLatency.java "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_B" "$KEY" 100 5 >/dev/null
"$JAVA" bench/NotifyLatency.java "http://127.0.0.1:$PORT_A" "http://127.0.0.1:$PORT_B" "$KEY" "$RUNS" "$PACE_MS"
