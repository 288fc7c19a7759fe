#!/usr/bin/env bash
# Console first-render benchmark (issue 10): each page's first render from a warm server with SEED
# executions stored (bench/Seed.java), measured by the browser's navigation timing and the first
# animation frame showing the page's data (io.flowgate.ui.ConsoleFirstRender). Needs /usr/bin/chromium
# (apt-get install chromium).
#
#   bench/console.sh                # 100,000 executions
#   SEED=1000000 bench/console.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SEED=${SEED:-100000}
./flowgate test -q -Dtest=ConsoleFirstRender -Dsurefire.failIfNoSpecifiedTests=false \
  -Dflowgate.bench.console="$SEED" >/dev/null
grep -E '^(#|page|[A-Z][a-z]+( [a-z]+)? \|)' target/surefire-reports/io.flowgate.ui.ConsoleFirstRender-output.txt
