#!/usr/bin/env bash
# Broker sources and the publish step (issue 14), SQLite, synchronous=FULL, against the machine's NATS (4222,
# JetStream) and RabbitMQ (5672, guest/guest).
#  1. Throughput: N messages wait in a JetStream stream (and then in a RabbitMQ queue); a source is created and
#     the time until all N are durable events (flowgate_events_accepted_total) and started runs
#     (flowgate_executions_started_total) gives messages/s.
#  2. Latency: PACED messages at RATE/s carrying their send time; message sent -> run created (durable), from
#     the database afterwards.
#  3. Publish confirms/s: PUBLISHES runs of a one-step workflow that publishes to JetStream, 64 started at a time.
#
#   bench/brokers.sh                          # 50,000 messages per broker, 2,000 paced at 500/s, 5,000 publishes
#   N=20000 PUBLISHES=2000 bench/brokers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-50000}
PACED=${PACED:-2000}
RATE=${RATE:-500}
PUBLISHES=${PUBLISHES:-5000}
PORT=${PORT:-18083}
WORK=${WORK:-$(mktemp -d /tmp/flowgate-brokers-bench.XXXXXX)}
URL="http://127.0.0.1:$PORT"
JAVA=${JAVA:-$(./flowgate --jdk-check)}
ID=b$(date +%s)

./flowgate --version >/dev/null   # builds the jar if needed, outside the timed part
BENCH=("$JAVA" --enable-native-access=ALL-UNNAMED -cp target/flowgate.jar bench/BrokersBench.java)

# Read whole before awk stops early (with pipefail, curl's SIGPIPE would fail the pipeline).
metric() {
  local text; text=$(curl -fsS "$URL/metrics" 2>/dev/null) || { echo 0; return; }
  awk -v m="$1" 'index($0, m) == 1 {v += $2} END {printf "%d\n", v}' <<< "$text" | cut -d. -f1
}
api() { curl -fsS -H "Authorization: Bearer $FLOWGATE_API_KEY" -H 'Content-Type: application/json' "$@"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
wait_metric() { # name target
  until [ "$(metric "$1")" -ge "$2" ]; do sleep 0.05; done
}

./flowgate serve --port "$PORT" --data "$WORK/data" > "$WORK/server.log" 2>&1 &
SERVER=$!
cleanup() {
  kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true
  "${BENCH[@]}" drop-nats "FGB_$ID" 2>/dev/null || true
  "${BENCH[@]}" drop-nats "FGP_$ID" 2>/dev/null || true
  "${BENCH[@]}" drop-amqp "fgb-$ID" 2>/dev/null || true
}
trap cleanup EXIT
until curl -fsS "$URL/readyz" >/dev/null 2>&1; do
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 0.05
done
export FLOWGATE_API_KEY; FLOWGATE_API_KEY=$(cat "$WORK/data/admin.key")
echo "# machine: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# work dir: $WORK, N=$N"

for kind in nats amqp; do
  curl -fsS -X POST -H "Authorization: Bearer $FLOWGATE_API_KEY" -H 'Content-Type: application/yaml' "$URL/api/v1/workflows" \
    --data-binary "id: on-$kind
triggers:
  events: [{type: bench.$kind}]
steps:
  - {id: t, type: transform, output: '{\"n\": trigger.event.data.n}'}" >/dev/null
done
api "$URL/api/v1/connections" -d '{"name":"nats","kind":"nats","url":"nats://127.0.0.1:4222"}' >/dev/null
api "$URL/api/v1/connections" -d '{"name":"rabbit","kind":"amqp","url":"amqp://guest:guest@127.0.0.1:5672/%2F"}' >/dev/null

throughput() { # kind source-json
  local kind=$1 body=$2 accepted0 started0 t0 t1 t2
  accepted0=$(metric flowgate_events_accepted_total); started0=$(metric flowgate_executions_started_total)
  t0=$(now_ms)
  api "$URL/api/v1/event-sources" -d "$body" >/dev/null
  wait_metric flowgate_events_accepted_total $(( ${accepted0:-0} + N )); t1=$(now_ms)
  wait_metric flowgate_executions_started_total $(( ${started0:-0} + N )); t2=$(now_ms)
  echo "${kind}_durable_events_per_s=$(( N * 1000 / (t1 - t0) )) (${N} in $((t1 - t0)) ms)"
  echo "${kind}_runs_started_per_s=$(( N * 1000 / (t2 - t0) )) (${N} in $((t2 - t0)) ms)"
}

"${BENCH[@]}" fill-nats "FGB_$ID" "fgb$ID" "$N"
throughput nats "{\"name\":\"nats-src\",\"connection\":\"nats\",\"nats\":{\"stream\":\"FGB_$ID\",\"subject\":\"fgb$ID.>\"},\"event\":{\"type\":\"bench.nats\"}}"
"${BENCH[@]}" fill-amqp "fgb-$ID" "$N"
throughput amqp "{\"name\":\"amqp-src\",\"connection\":\"rabbit\",\"amqp\":{\"queue\":\"fgb-$ID\"},\"event\":{\"type\":\"bench.amqp\"}}"

# 2. Latency, the sources already running.
started0=$(metric flowgate_executions_started_total)
"${BENCH[@]}" paced-nats "fgb$ID" "$PACED" "$RATE"
"${BENCH[@]}" paced-amqp "fgb-$ID" "$PACED" "$RATE"
wait_metric flowgate_executions_started_total $(( ${started0:-0} + 2 * PACED ))
echo "# nats:"; "${BENCH[@]}" latency "$WORK/data/flowgate.db" bench.nats
echo "# amqp:"; "${BENCH[@]}" latency "$WORK/data/flowgate.db" bench.amqp

# 3. Publish confirms.
"${BENCH[@]}" fill-nats "FGP_$ID" "fgp$ID" 0
curl -fsS -X POST -H "Authorization: Bearer $FLOWGATE_API_KEY" -H 'Content-Type: application/yaml' "$URL/api/v1/workflows" \
  --data-binary "id: publisher
steps:
  - {id: p, type: publish, connection: nats, nats: {subject: 'fgp$ID.out'}, body: '{\"run\": \"{{ execution.id }}\"}'}" >/dev/null
completed0=$(metric flowgate_executions_completed_total)
t0=$(now_ms)
"$JAVA" bench/StartMany.java "$URL" publisher "$PUBLISHES" 64 >/dev/null
wait_metric flowgate_executions_completed_total $(( ${completed0:-0} + PUBLISHES )); t1=$(now_ms)
echo "publish_confirms_per_s=$(( PUBLISHES * 1000 / (t1 - t0) )) (${PUBLISHES} runs with one publish step in $((t1 - t0)) ms)"
echo "rss_mb=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$SERVER/status")"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
