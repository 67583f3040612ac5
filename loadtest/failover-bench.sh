#!/usr/bin/env bash
# Failover under load: three edge nodes and three demo backends on this machine, pharos-load sending GETs to every
# node at a fixed rate, and one backend killed (SIGKILL, so its port refuses connections) partway through. Prints the
# generator's summary; the JSON and HTML results go to target/failover-bench/. The goal is zero failed GETs.
#
# Usage: loadtest/failover-bench.sh [RATE [DURATION [KILL_AT [WARMUP]]]]   (defaults: 300 requests/s, 30s, 10s, 15s)
# Needs the Maven dependencies in the local repository: it builds offline (package, never install).
# Ports: backends 26211-26213, HTTP 26281-26283, admin 26291-26293, cluster 6281-6283, all on 127.0.0.1.
set -euo pipefail

RATE="${1:-300}"
DURATION="${2:-30s}"
KILL_AT="${3:-10s}"
WARMUP="${4:-15s}"
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
OUT="$ROOT/target/failover-bench"
JAR="$ROOT/edge-node/target/pharos-edge.jar"
LOAD_JAR="$ROOT/loadtest/target/pharos-load.jar"
# shellcheck source=SCRIPTDIR/lib/nodes.sh
source "$ROOT/loadtest/lib/nodes.sh"
nodes_configure failover-bench 6280 26280 26290 "$OUT"
trap stop_started EXIT

require_free_ports 26211 26212 26213
mvn -o -q -B -pl edge-node,loadtest -am package -DskipTests
rm -rf "$OUT" && mkdir -p "$OUT"

start_demo_backend "$JAR" 26211 backend-1 "$OUT/backend-1.log"
start_demo_backend "$JAR" 26212 backend-2 "$OUT/backend-2.log"
victim=${STARTED_PIDS[-1]} # killed partway through the run
start_demo_backend "$JAR" 26213 backend-3 "$OUT/backend-3.log"
start_nodes PHAROS_ACCESS_LOG=off PHAROS_DRAIN_GRACE_MS=0 java -Xmx512m -jar "$JAR"
await_nodes

admin_put upstreams/bench '{"targets": [{"host": "127.0.0.1", "port": 26211}, {"host": "127.0.0.1", "port": 26212},
  {"host": "127.0.0.1", "port": 26213}],
  "healthCheck": {"path": "/health", "intervalMs": 1000, "timeoutMs": 1000},
  "outlierDetection": {}}'
admin_put routes/bench '{"hosts": ["bench.local"], "upstream": "bench"}'

java -Xmx256m -jar "$LOAD_JAR" --target http://127.0.0.1:26281/ --target http://127.0.0.1:26282/ \
  --target http://127.0.0.1:26283/ --header 'Host: bench.local' --rate "$RATE" --connections 16 \
  --duration "$DURATION" --warmup "$WARMUP" --at "$KILL_AT:kill -KILL $victim" \
  --json "$OUT/results.json" --html "$OUT/report.html"

curl -s -H "Authorization: Bearer $NODES_TOKEN" http://127.0.0.1:26292/api/v1/health >"$OUT/health-after.json"
echo "health after the run (node-2): $OUT/health-after.json; nodes' logs: $OUT/node-*.log"
