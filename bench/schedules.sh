#!/usr/bin/env bash
# Schedules benchmark (issue 4), SQLite, synchronous=FULL.
#  1. SCHEDULES active schedules (WORKFLOWS files x PER entries of cron "* * * * *"), all due at the same
#     second every minute, for MINUTES full minutes: fire lateness (p50/p99/max, from each run's slot to its
#     started_at, plus the server's own quantiles of slot -> admitted and durable) and, per slot, that exactly
#     SCHEDULES runs exist (none missed, none doubled) and no schedule counted a missed/skipped slot.
#  2. SLEEPERS executions parked in a PT1H sleep step, started through the API: RSS and idle CPU while held.
#
#   bench/schedules.sh                              # 10,000 schedules for 3 minutes, 100,000 sleepers
#   MINUTES=5 SLEEPERS=100000 bench/schedules.sh
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${MINUTES:-3}
WORKFLOWS=${WORKFLOWS:-100}
PER=${PER:-100}
SLEEPERS=${SLEEPERS:-100000}
PORT=${PORT:-18081}
WORK=${WORK:-$(mktemp -d /tmp/flowgate-sched-bench.XXXXXX)}
URL="http://127.0.0.1:$PORT"
SCHEDULES=$((WORKFLOWS * PER))
JAVA=${JAVA:-$(./flowgate --jdk-check)}   # the harness needs JDK 21+ (virtual threads)

./flowgate --version >/dev/null   # builds the jar if needed, outside the timed part

# Series carry node="<id>" first (Prometheus sorts labels), so a quantile is found by its label, not a prefix.
quantile() { curl -fsS "$URL/metrics" 2>/dev/null | awk -v q="quantile=\"$1\"" 'index($0, "flowgate_schedule_lateness_seconds{") == 1 && index($0, q) {print $2; exit}'; }
metric() { curl -fsS "$URL/metrics" 2>/dev/null | awk -v m="$1" 'index($0, m) == 1 {print $2; exit}'; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$SERVER/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }

start_server() {
  ./flowgate serve --port "$PORT" --data "$WORK/data" --workflows "$WORK/workflows" > "$WORK/server.log" 2>&1 &
  SERVER=$!
  until curl -fsS "$URL/readyz" >/dev/null 2>&1; do
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.05
  done
  export FLOWGATE_API_KEY; FLOWGATE_API_KEY=$(cat "$WORK/data/admin.key")
}
stop_server() { kill -TERM "$SERVER"; wait "$SERVER" 2>/dev/null || true; }

echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo "# work dir: $WORK"
echo "# load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other processes on this machine skew the figures)"
mkdir -p "$WORK/workflows"
for w in $(seq 1 "$WORKFLOWS"); do
  {
    echo "id: tick-$w"
    echo "triggers:"
    echo "  schedule:"
    for _ in $(seq 1 "$PER"); do echo '    - cron: "* * * * *"'; done
    echo "steps:"
    echo "  - id: noop"
    echo "    type: transform"
    echo "    output: '{\"ok\": true}'"
  } > "$WORK/workflows/tick-$w.yaml"
done

# ---- 1. schedules -------------------------------------------------------------------------------
start_server
echo "schedules=$SCHEDULES ready_rss_mb=$(rss_mb)"
# Measure whole minutes: from the next minute boundary, MINUTES slots.
now=$(date +%s); first=$(( (now / 60 + 1) * 60 )); last=$(( first + (MINUTES - 1) * 60 ))
for m in $(seq 0 $((MINUTES - 1))); do
  slot=$(( first + m * 60 ))
  sleep $(( slot + 30 - $(date +%s) ))
  echo "slot=$(date -u -d @"$slot" +%H:%M:%S) admitted_lateness_p50_s=$(quantile 0.5) p99_s=$(quantile 0.99) max_s=$(metric flowgate_schedule_lateness_seconds_max) rss_mb=$(rss_mb)"
done
stop_server
DB="$WORK/data/flowgate.db"
first_iso=$(date -u -d @"$first" +%Y-%m-%dT%H:%M:%SZ); last_iso=$(date -u -d @"$last" +%Y-%m-%dT%H:%M:%SZ)
sqlite3 "$DB" <<SQL
.mode list
CREATE TEMP TABLE runs AS
  SELECT json_extract(context, '\$.trigger.scheduledTime') AS slot,
         started_at - CAST(strftime('%s', json_extract(context, '\$.trigger.scheduledTime')) AS INTEGER) * 1000 AS late
  FROM executions WHERE trig = 'schedule' AND started_at IS NOT NULL;
SELECT 'slot=' || slot || ' runs=' || COUNT(*) || ' expected=$SCHEDULES'
  FROM runs WHERE slot BETWEEN '$first_iso' AND '$last_iso' GROUP BY slot ORDER BY slot;
SELECT 'slots_measured=' || COUNT(DISTINCT slot) || ' runs=' || COUNT(*) FROM runs WHERE slot BETWEEN '$first_iso' AND '$last_iso';
SELECT 'lateness_ms p50=' || (SELECT late FROM runs WHERE slot BETWEEN '$first_iso' AND '$last_iso' ORDER BY late LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM runs WHERE slot BETWEEN '$first_iso' AND '$last_iso'))
    || ' p99=' || (SELECT late FROM runs WHERE slot BETWEEN '$first_iso' AND '$last_iso' ORDER BY late LIMIT 1 OFFSET (SELECT COUNT(*) * 99 / 100 FROM runs WHERE slot BETWEEN '$first_iso' AND '$last_iso'))
    || ' max=' || (SELECT MAX(late) FROM runs WHERE slot BETWEEN '$first_iso' AND '$last_iso');
SELECT 'schedules=' || COUNT(*) || ' missed=' || SUM(missed) || ' skipped=' || SUM(skipped) FROM schedules;
SELECT 'executions_not_completed=' || COUNT(*) FROM executions WHERE trig = 'schedule' AND status <> 'completed'
  AND started_at IS NOT NULL;
SELECT 'timers_armed=' || COUNT(*) FROM executions WHERE trig = 'schedule' AND status = 'waiting' AND started_at IS NULL;
SQL

# ---- 2. sleeping executions ----------------------------------------------------------------------
rm -f "$WORK"/workflows/*.yaml
cat > "$WORK/workflows/sleeper.yaml" <<'YAML'
id: sleeper
steps:
  - id: nap
    type: sleep
    duration: PT1H
YAML
start_server
echo "sleepers: $("$JAVA" bench/StartMany.java "$URL" sleeper "$SLEEPERS" 64)"
for _ in $(seq 1 300); do
  waiting=$(sqlite3 "$WORK/data/flowgate.db" "SELECT COUNT(*) FROM executions WHERE workflow_id = 'sleeper' AND status = 'waiting'")
  [ "$waiting" -ge "$SLEEPERS" ] && break
  sleep 1
done
sleep 5
c0=$(cpu_ticks); sleep 10; c1=$(cpu_ticks)
echo "sleepers_waiting=$waiting rss_mb=$(rss_mb) idle_cpu_percent_over_10s=$(( (c1 - c0) * 100 / $(getconf CLK_TCK) / 10 ))"
stop_server
