#!/usr/bin/env bash
# Soak (issue 15, point 6): one node on SQLite (synchronous=FULL) under webhooks at about half its measured
# maximum rate for MINUTES minutes, with a short retention, so that pruning runs all along. The maximum is
# measured first in the same run (wrk, unpaced, 10 s). Then one wrk window per minute, paced (soak/paced.lua);
# after each: the window's rate, p50/p99, errors (non-2xx and socket errors), the server's RSS, the data
# directory's size and the rows pruned so far. At the end: p99 and RSS of the first 5 windows against the last 5.
# The paced windows send on a fixed schedule (open loop), so a stall of the server shows as latency, not as a
# lower rate, as it would from webhook senders that do not wait for each other.
# The server runs with a fixed, pre-touched heap (HEAP, as a production deployment sets -Xms = -Xmx): the heap's
# pages are resident from the start, so RSS moves only if memory is really retained (native memory, or a heap that
# would otherwise be touched for the first time page by page for hours). After the fifth and the last window a
# full collection is forced (jcmd GC.run) and the live heap it leaves is printed: a leak shows as growth there.
#
# WARMUP minutes (default 0) run the same load before the measured windows (rows w1, w2, …): with WARMUP=3 and the
# default PT2M the first measured window already has the retention window full and pruning running, so the first
# and last five windows compare the same steady state. The end prints both comparisons: of the measured windows,
# and of the first five minutes of load (warm-up included) against the last five.
#
#   soak/soak.sh                          # 30 minutes, retention PT2M
#   WARMUP=3 soak/soak.sh                 # the same after 3 minutes of warm-up load
#   MINUTES=5 RETENTION=PT1M soak/soak.sh
#   RATE=1000 MINUTES=10 soak/soak.sh         # a fixed rate instead of half the measured maximum
#
# Needs wrk. Loopback only; the loader shares the machine's cores with the server.
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${MINUTES:-30}
WARMUP=${WARMUP:-0}
RETENTION=${RETENTION:-PT2M}
CONNECTIONS=${CONNECTIONS:-16}
HEAP=${HEAP:-128m}
PORT=${PORT:-18390}
WORK=${WORK:-$(mktemp -d /tmp/flowgate-soak.XXXXXX)}
mkdir -p "$WORK"
URL="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "soak: needs wrk (apt-get install wrk)" >&2; exit 1; }

./flowgate --version >/dev/null   # builds the jar if needed
JCMD="$(dirname "$(./flowgate --jdk-check)")/jcmd"
FLOWGATE_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP -XX:+AlwaysPreTouch -Xlog:gc:file=$WORK/gc.log ${FLOWGATE_JAVA_OPTS:-}" \
  ./flowgate serve --port "$PORT" --data "$WORK/data" --retention "$RETENTION" > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill -TERM "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
until curl -fsS "$URL/readyz" >/dev/null 2>&1; do
  kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }; sleep 0.1; done
KEY=$(cat "$WORK/data/admin.key")
curl -fsS -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/yaml' \
  --data-binary @bench/webhook-bench.yaml "$URL/api/v1/workflows" > /dev/null
HOOK=$(curl -fsS -H "Authorization: Bearer $KEY" "$URL/api/v1/workflows/bench-hook" | sed 's/.*"hookId":"\([^"]*\)".*/\1/')
TOKEN=$(curl -fsS -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{}' \
  "$URL/api/v1/workflows/bench-hook/webhook/tokens" | sed 's/.*"token":"\([^"]*\)".*/\1/')
HOOK_URL="$URL/hooks/$HOOK?token=$TOKEN"

rate() { awk '/Requests\/sec/ {printf "%d", $2}' "$1"; }
pct() { awk -v p="$2" '$1==p {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}' "$1"; }
errors() { awk '/Non-2xx/ {n+=$4} /Socket errors/ {gsub(/,/,""); n+=$4+$6+$8+$10} END {printf "%d", n}' "$1"; }
rss_mb() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$SERVER/status"; }
# Forces a full collection and prints the heap it leaves in use, in MB.
live_heap_mb() {
  "$JCMD" "$SERVER" GC.run > /dev/null
  "$JCMD" "$SERVER" GC.heap_info | awk '/^(DefNew|Tenured) / {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i+1); sub(/K,?/, "", v); s += v}} END {printf "%.1f", s / 1024}'
}
data_mb() { du -sm "$WORK/data" | cut -f1; }
# From one /metrics page per window: rows pruned so far, and the slowest store commit in the last minute or so
# (the timer's decaying maximum), in ms.
pruned() { awk '/^flowgate_pruned_total/ {s+=$2} END {printf "%d", s}' <<< "$1"; }
slowest_commit() { awk '/^flowgate_store_commit_seconds_max/ {printf "%.1f", $2 * 1000}' <<< "$1"; }

echo "# machine: $(nproc) cores, $(uname -r); load average before: $(cut -d' ' -f1-3 /proc/loadavg); work dir: $WORK"
wrk -t2 -c64 -d5s -s bench/webhook.lua "$HOOK_URL" > /dev/null   # JIT warm-up
wrk -t2 -c64 -d10s --latency -s bench/webhook.lua "$HOOK_URL" > "$WORK/max.txt"
MAX=$(rate "$WORK/max.txt")
TARGET=${RATE:-$(( MAX / 2 ))}
THREADS=2
echo "# maximum (unpaced, c64, 10 s): ${MAX}/s; target ${TARGET}/s on a schedule, $CONNECTIONS connections; retention $RETENTION"
echo "| minute | webhooks/s | p50 ms | p99 ms | errors | RSS MB | data dir MB | rows pruned | slowest commit ms |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
P99S=(); RSSS=(); LOAD_P99S=(); TOTAL_ERRORS=0; MAX_DATA=0
for i in $(seq 1 $(( WARMUP + MINUTES ))); do
  m=$(( i - WARMUP )); label=$m; [ "$m" -le 0 ] && label="w$i"
  THREAD_RATE=$(( TARGET / THREADS )) wrk -t$THREADS -c"$CONNECTIONS" -d60s --latency -s soak/paced.lua "$HOOK_URL" > "$WORK/w$i.txt"
  p99=$(pct "$WORK/w$i.txt" "99%"); rss=$(rss_mb); data=$(data_mb); err=$(errors "$WORK/w$i.txt")
  LOAD_P99S+=("$p99"); TOTAL_ERRORS=$((TOTAL_ERRORS + err)); [ "$data" -gt "$MAX_DATA" ] && MAX_DATA=$data
  [ "$m" -gt 0 ] && { P99S+=("$p99"); RSSS+=("$rss"); }
  metrics=$(curl -fsS "$URL/metrics")
  [ "$m" -eq 5 ] && LIVE_FIRST=$(live_heap_mb)
  echo "| $label | $(rate "$WORK/w$i.txt") | $(pct "$WORK/w$i.txt" "50%") | $p99 | $err | $rss | $data | $(pruned "$metrics") | $(slowest_commit "$metrics") |"
done
LIVE_LAST=$(live_heap_mb)
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
n=${#P99S[@]}; k=$(( n < 5 ? n : 5 ))
first_p99=$(median "${P99S[@]:0:k}"); last_p99=$(median "${P99S[@]:n-k:k}")
first_rss=$(median "${RSSS[@]:0:k}"); last_rss=$(median "${RSSS[@]:n-k:k}")
echo "p99 first $k measured minutes (median) ${first_p99} ms, last $k ${last_p99} ms: drift $(awk -v a="$first_p99" -v b="$last_p99" 'BEGIN {printf "%+.0f%%", (b - a) / a * 100}')"
if [ "$WARMUP" -gt 0 ]; then
  cold_p99=$(median "${LOAD_P99S[@]:0:k}")
  echo "p99 first $k minutes of load, warm-up included (median) ${cold_p99} ms, last $k ${last_p99} ms: drift $(awk -v a="$cold_p99" -v b="$last_p99" 'BEGIN {printf "%+.0f%%", (b - a) / a * 100}')"
fi
echo "RSS first $k minutes (median) ${first_rss} MB, last $k ${last_rss} MB: drift $(awk -v a="$first_rss" -v b="$last_rss" 'BEGIN {printf "%+.0f%%", (b - a) / a * 100}')"
echo "live heap after a forced full collection: minute 5 ${LIVE_FIRST:-n/a} MB, minute $MINUTES ${LIVE_LAST} MB; full collections of its own: $(grep 'Pause Full' "$WORK/gc.log" | grep -vc 'Diagnostic Command' || true)"
echo "errors in all: $TOTAL_ERRORS; data directory at most ${MAX_DATA} MB; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
