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
TOKEN=bench-token
PIDS=()
BACKEND_PIDS=()

cleanup() {
  ((${#PIDS[@]})) || return 0
  kill -TERM "${PIDS[@]}" 2>/dev/null || true
  sleep 2
  kill -KILL "${PIDS[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

for port in 26211 26212 26213 26281 26282 26283 26291 26292 26293 6281 6282 6283; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use on 127.0.0.1; free it first" >&2
    exit 1
  fi
done
mvn -o -q -B -pl edge-node,loadtest -am package -DskipTests
rm -rf "$OUT" && mkdir -p "$OUT"

for i in 1 2 3; do
  java -Xmx64m -cp "$JAR" dev.pharos.edge.demo.DemoBackend --port "2621$i" --name "backend-$i" \
    >"$OUT/backend-$i.log" 2>&1 &
  PIDS+=("$!")
  BACKEND_PIDS[$i]=$!
done
for i in 1 2 3; do
  mkdir -p "$OUT/node-$i"
  env PHAROS_NODE_NAME="node-$i" PHAROS_HTTP_HOST=127.0.0.1 PHAROS_HTTP_PORT="2628$i" \
    PHAROS_ADMIN_HOST=127.0.0.1 PHAROS_ADMIN_PORT="2629$i" PHAROS_ADMIN_TOKEN="$TOKEN" \
    PHAROS_CLUSTER_NAME=failover-bench PHAROS_CLUSTER_HOST=127.0.0.1 PHAROS_CLUSTER_PORT="628$i" \
    PHAROS_CLUSTER_MEMBERS=127.0.0.1:6281,127.0.0.1:6282,127.0.0.1:6283 PHAROS_DATA_DIR="$OUT/node-$i" \
    PHAROS_ACCESS_LOG=off PHAROS_DRAIN_GRACE_MS=0 \
    java -Xmx512m -jar "$JAR" >"$OUT/node-$i.log" 2>&1 &
  PIDS+=("$!")
done

deadline=$((SECONDS + 120))
until [[ "$(for i in 1 2 3; do curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:2629$i/readyz"; done)" \
        == 200200200 ]]; do
  ((SECONDS < deadline)) || { echo "nodes not ready within 120 s; logs in $OUT" >&2; exit 1; }
  sleep 1
done

admin() {
  curl -sf -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    "http://127.0.0.1:26291/api/v1/$1?wait=applied" -d "$2" >/dev/null
}
admin upstreams/bench '{"targets": [{"host": "127.0.0.1", "port": 26211}, {"host": "127.0.0.1", "port": 26212},
  {"host": "127.0.0.1", "port": 26213}],
  "healthCheck": {"path": "/health", "intervalMs": 1000, "timeoutMs": 1000},
  "outlierDetection": {}}'
admin routes/bench '{"hosts": ["bench.local"], "upstream": "bench"}'

java -Xmx256m -jar "$LOAD_JAR" --target http://127.0.0.1:26281/ --target http://127.0.0.1:26282/ \
  --target http://127.0.0.1:26283/ --header 'Host: bench.local' --rate "$RATE" --connections 16 \
  --duration "$DURATION" --warmup "$WARMUP" --at "$KILL_AT:kill -KILL ${BACKEND_PIDS[2]}" \
  --json "$OUT/results.json" --html "$OUT/report.html"

curl -s -H "Authorization: Bearer $TOKEN" http://127.0.0.1:26292/api/v1/health >"$OUT/health-after.json"
echo "health after the run (node-2): $OUT/health-after.json; nodes' logs: $OUT/node-*.log"
