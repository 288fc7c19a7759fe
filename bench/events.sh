#!/usr/bin/env bash
# Events benchmark (issue 11), SQLite, synchronous=FULL.
#  1. Batch intake: BATCHES batches of SIZE CloudEvents each, CONCURRENCY requests at a time; durable events/s
#     (a 202 means the whole batch is committed), then how long the processor takes to mark them all processed.
#  2. WAITERS runs of a wait-for-event step, each on its own correlation key; then SAMPLES events one at a
#     time, each resuming one run: event arrival -> step completed (p50/p99/max, server clock) and RSS.
#
#   bench/events.sh                                   # 100 x 1,000 events, 100,000 waiting runs
#   BATCHES=50 WAITERS=10000 SAMPLES=200 bench/events.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BATCHES=${BATCHES:-100}
SIZE=${SIZE:-1000}
CONCURRENCY=${CONCURRENCY:-4}
WAITERS=${WAITERS:-100000}
SAMPLES=${SAMPLES:-300}
PORT=${PORT:-18082}
WORK=${WORK:-$(mktemp -d /tmp/flowgate-events-bench.XXXXXX)}
URL="http://127.0.0.1:$PORT"
JAVA=${JAVA:-$(./flowgate --jdk-check)}

./flowgate --version >/dev/null   # builds the jar if needed, outside the timed part

metric() { curl -fsS "$URL/metrics" 2>/dev/null | awk -v m="$1" 'index($0, m) == 1 {print $2; exit}'; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$SERVER/status"; }

./flowgate serve --port "$PORT" --data "$WORK/data" > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
until curl -fsS "$URL/readyz" >/dev/null 2>&1; do
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 0.05
done
export FLOWGATE_API_KEY; FLOWGATE_API_KEY=$(cat "$WORK/data/admin.key")
echo "# machine: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# work dir: $WORK"

# 1. Intake (a short warm-up first, for the JIT).
"$JAVA" bench/EventsBench.java intake "$URL" 5 "$SIZE" "$CONCURRENCY" >/dev/null
"$JAVA" bench/EventsBench.java intake "$URL" "$BATCHES" "$SIZE" "$CONCURRENCY"
t0=$(date +%s%N)
until [ "$(metric flowgate_events_processed_total | cut -d. -f1)" -ge $(( (BATCHES + 5) * SIZE )) ]; do sleep 0.2; done
echo "processed_all_after_intake_ms=$(( ($(date +%s%N) - t0) / 1000000 ))"
echo "rss_after_intake_mb=$(rss_mb)"

# 2. Waiting runs (WAITERS=0 skips this part).
[ "$WAITERS" -gt 0 ] || exit 0
curl -fsS -X POST -H "Authorization: Bearer $FLOWGATE_API_KEY" -H 'Content-Type: application/yaml' \
  --data-binary @bench/events-wait.yaml "$URL/api/v1/workflows" >/dev/null
"$JAVA" bench/EventsBench.java waits "$URL" "$WAITERS" 64 "$SAMPLES"
echo "rss_with_waiters_mb=$(rss_mb)"
