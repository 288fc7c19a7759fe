#!/usr/bin/env bash
# Outbound webhook benchmark (issue 5). Seeds pending deliveries, starts the delivery worker and prints
# deliveries/s to a local receiver that answers 200 at once, then the same while another endpoint hangs
# 10 s on every request. SQLite (synchronous=FULL) by default; pass a PostgreSQL JDBC URL to use it.
#
#   bench/deliveries.sh                       # 20,000 deliveries per run, temp SQLite file
#   bench/deliveries.sh 20000 'jdbc:postgresql://127.0.0.1:5432/bench?user=postgres'
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=$(./flowgate --jdk-check)
export JAVA_HOME=$(dirname "$(dirname "$JAVA")")   # the JDK the launcher picks, for Maven and the harness
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile=/dev/null \
  -cp "target/test-classes:target/classes:$(cat target/cp.txt)" io.flowgate.delivery.DeliveryThroughput "$@" 2>&1 \
  | grep -v -E '^[0-9:. ]+\[|^SLF4J|^WARNING'
