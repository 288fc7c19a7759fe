#!/usr/bin/env bash
# Cluster benchmark (issue 13). Several nodes on one PostgreSQL database, on this machine:
#   1. end-to-end executions/s of a 3-step workflow (transform -> transform -> log) with 1, 2 and 3 nodes,
#      the starts spread evenly over the nodes (bench/StartMany.java, one driver per node);
#   2. kill-to-takeover: a node holding TAKEOVER runs whose http step is in flight (a local receiver that
#      answers after CALL_DELAY_MS) is killed with SIGKILL; the time until every one of its runs is held by
#      another node (the lease, LEASE, is most of it) and until they all completed;
#   3. NOTIFY wake-up latency across nodes: p50/p90/p99/max cross-node executions-stream lag (notify_latency).
# Every node shares the machine's cores with PostgreSQL and the drivers: the figures are CPU-bound here.
#
#   bench/cluster.sh
#   RUNS=20000 CLIENTS=64 NODES="1 2 3" TAKEOVER=300 LEASE=15s bench/cluster.sh
#   NODES=1 TAKEOVER=0 bench/cluster.sh       # throughput of one node only (no takeover, no NOTIFY part)
#   PGURL='jdbc:postgresql://127.0.0.1:5432/?user=postgres' PSQL='psql -h 127.0.0.1 -U postgres' bench/cluster.sh
#
# Needs curl and psql (for creating the throwaway databases and counting rows).
set -euo pipefail
# Every node of a cluster needs the same master key (a node with another refuses to start).
export FLOWGATE_MASTER_KEY=${FLOWGATE_MASTER_KEY:-$(head -c 32 /dev/urandom | base64)}
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10000}
CLIENTS=${CLIENTS:-48}
NODES=${NODES:-"1 2 3"}
TAKEOVER=${TAKEOVER:-300}
CALL_DELAY_MS=${CALL_DELAY_MS:-3000}
LEASE=${LEASE:-15s}
BASE_PORT=${BASE_PORT:-18180}
PSQL=${PSQL:-psql -h 127.0.0.1 -U postgres}
PGURL=${PGURL:-jdbc:postgresql://127.0.0.1:5432/?user=postgres}
WORK=${WORK:-$(mktemp -d /tmp/flowgate-cluster.XXXXXX)}
JAVA=$(./flowgate --jdk-check)
DB=""
PIDS=()

./flowgate --version >/dev/null   # builds the jar if needed, outside the timed parts

sql() { $PSQL -d "$DB" -tAc "$1"; }
jdbc() { case "$PGURL" in *\?*) echo "${PGURL%%\?*}$DB?${PGURL#*\?}";; *) echo "$PGURL$DB";; esac; }
now_ns() { date +%s%N; }
ms_since() { echo $(( ($(now_ns) - $1) / 1000000 )); }

new_database() {
  DB="flowgate_bench_$1_$$"
  $PSQL -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -qc "CREATE DATABASE $DB" >/dev/null
}

drop_database() { $PSQL -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null; }

# start_node INDEX: node-INDEX on BASE_PORT+INDEX, data under $WORK/$DB/node-INDEX
start_node() {
  local i=$1 port=$((BASE_PORT + $1)) data="$WORK/$DB/node-$1"
  mkdir -p "$data"
  ./flowgate serve --port "$port" --data "$data" --node-id "node-$i" --db "$(jdbc)" --lease "$LEASE" --allow-outbound 127.0.0.1 \
    > "$data.log" 2>&1 &
  PIDS[$i]=$!
  until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    kill -0 "${PIDS[$i]}" 2>/dev/null || { cat "$data.log"; exit 1; }
    sleep 0.05
  done
}

stop_nodes() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}

trap 'stop_nodes; [ -n "$DB" ] && drop_database; [ -n "${RECEIVER:-}" ] && kill "$RECEIVER" 2>/dev/null || true' EXIT

url() { echo "http://127.0.0.1:$((BASE_PORT + $1))"; }
save() { curl -fsS -X POST -H "Authorization: Bearer $FLOWGATE_API_KEY" -H 'Content-Type: application/yaml' \
  --data-binary "$2" "$(url "$1")/api/v1/workflows" >/dev/null; }
cpu_ticks() { local t=0; for pid in "${PIDS[@]}"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo $t; }
# start_spread N WORKFLOW COUNT: COUNT starts spread over nodes 1..N, CLIENTS requests in flight in all
start_spread() {
  local n=$1 wf=$2 count=$3 per=$(( $3 / $1 )) c=$(( (CLIENTS + $1 - 1) / $1 )) pids=()
  for i in $(seq 1 "$n"); do
    "$JAVA" bench/StartMany.java "$(url "$i")" "$wf" "$per" "$c" > "$WORK/start-$i.txt" 2>&1 & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
}

echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo "# java: $("$JAVA" -version 2>&1 | head -1); postgres: $($PSQL -d postgres -tAc 'SHOW server_version')"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg); work dir: $WORK"

declare -A RATE CPU
for n in $NODES; do
  new_database "n$n"
  for i in $(seq 1 "$n"); do
    start_node "$i"
    [ "$i" = 1 ] && export FLOWGATE_API_KEY="$(cat "$WORK/$DB/node-1/admin.key")"
  done
  save 1 @bench/three-steps.yaml
  start_spread "$n" bench-three 1000    # warm-up (JIT) on every node
  until [ "$(sql "SELECT count(*) FROM executions WHERE status NOT IN ('completed','failure')")" = 0 ]; do sleep 0.2; done
  done0=$(sql "SELECT count(*) FROM executions")
  cpu0=$(cpu_ticks); t0=$(now_ns)
  start_spread "$n" bench-three "$RUNS"
  total=$(( $(sql "SELECT count(*) FROM executions") - done0 ))
  until [ "$(sql "SELECT count(*) FROM executions WHERE status NOT IN ('completed','failure')")" = 0 ]; do sleep 0.05; done
  elapsed_ms=$(ms_since "$t0"); cpu1=$(cpu_ticks)
  RATE[$n]=$(awk -v n="$total" -v ms="$elapsed_ms" 'BEGIN {printf "%.0f", n / (ms / 1000)}')
  CPU[$n]=$(awk -v t="$((cpu1 - cpu0))" -v hz="$(getconf CLK_TCK)" -v n="$total" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}')
  echo "nodes=$n executions=$total end_to_end_ms=$elapsed_ms executions_per_s=${RATE[$n]} node_cpu_us_per_execution=${CPU[$n]}"
  stop_nodes; drop_database
done

# Kill-to-takeover: node 1 holds TAKEOVER runs with a call in flight; SIGKILL; nodes 2 and 3 take them over.
TAKEN_MS=n/a; RESUMED_MS=n/a; held=$TAKEOVER
if [ "$TAKEOVER" -gt 0 ]; then
  RECEIVER_PORT=$((BASE_PORT + 50))
  "$JAVA" bench/SlowReceiver.java "$RECEIVER_PORT" "$CALL_DELAY_MS" > "$WORK/receiver.log" 2>&1 & RECEIVER=$!
  until curl -fsS "http://127.0.0.1:$RECEIVER_PORT/" >/dev/null 2>&1 -m 10; do sleep 0.1; done
  new_database takeover
  for i in 1 2 3; do
    start_node "$i"
    [ "$i" = 1 ] && export FLOWGATE_API_KEY="$(cat "$WORK/$DB/node-1/admin.key")"
  done
  save 1 "id: bench-call
steps:
  - id: call
    type: http
    request: { method: POST, url: \"http://127.0.0.1:$RECEIVER_PORT/call\" }"
  "$JAVA" bench/StartMany.java "$(url 1)" bench-call "$TAKEOVER" 32 > "$WORK/start-takeover.txt" 2>&1
  until [ "$(sql "SELECT count(*) FROM executions WHERE owner LIKE 'node-1#%' AND status = 'inProgress'")" -ge "$TAKEOVER" ]; do
    sleep 0.05
  done
  held=$(sql "SELECT count(*) FROM executions WHERE owner LIKE 'node-1#%' AND status NOT IN ('completed','failure')")
  kill -KILL "${PIDS[1]}"; t_kill=$(now_ns); unset 'PIDS[1]'
  until [ "$(sql "SELECT count(*) FROM executions WHERE owner LIKE 'node-1#%' AND status NOT IN ('completed','failure')")" = 0 ]; do
    sleep 0.05
  done
  TAKEN_MS=$(ms_since "$t_kill")
  until [ "$(sql "SELECT count(*) FROM executions WHERE status <> 'completed'")" = 0 ]; do sleep 0.05; done
  RESUMED_MS=$(ms_since "$t_kill")
  echo "takeover: held=$held lease=$LEASE call_ms=$CALL_DELAY_MS kill_to_all_taken_over_ms=$TAKEN_MS kill_to_all_completed_ms=$RESUMED_MS"
fi

# NOTIFY wake-up latency (node to node): runs started on node 3; how much later node 2's executions stream
# shows each change than node 3's own stream does.
notify_latency() { # node 2's stream watching runs started on node 3 (bench/NotifyLatency.java)
  "$JAVA" bench/NotifyLatency.java "$(url 2)" "$(url 3)" "$FLOWGATE_API_KEY" 100 5 >/dev/null 2>&1 || true
  "$JAVA" bench/NotifyLatency.java "$(url 2)" "$(url 3)" "$FLOWGATE_API_KEY" 550 5 2>/dev/null \
    | sed -n 's/^cross-node stream lag ms: //p' | grep . || echo "n/a (bench/NotifyLatency.java failed)"
}
NOTIFY=n/a   # measured on nodes 2 and 3 of the takeover part, which are still running
if [ "$TAKEOVER" -gt 0 ] && [ "${NOTIFY_RUNS:-1}" -gt 0 ]; then NOTIFY=$(notify_latency); fi
echo "notify_latency: $NOTIFY"
stop_nodes; drop_database; DB=""

echo
echo "| nodes | executions/s end to end | node CPU µs/execution |"
echo "| --- | --- | --- |"
for n in $NODES; do echo "| $n | ${RATE[$n]} | ${CPU[$n]} |"; done
echo
echo "| kill → all $held runs held by other nodes | kill → all completed | lease | step time | NOTIFY wake-up |"
echo "| --- | --- | --- | --- | --- |"
echo "| ${TAKEN_MS} ms | ${RESUMED_MS} ms | $LEASE | ${CALL_DELAY_MS} ms | $NOTIFY |"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
