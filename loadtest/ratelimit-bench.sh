#!/usr/bin/env bash
# Runs RateLimitBench against a 3-node cluster it starts from the built jar, on ports 6171-6199 of 127.0.0.1
# (cluster 6171-6173, HTTP 6181-6183, admin 6191-6193, demo backend 6199), and stops it afterwards.
# Usage: loadtest/ratelimit-bench.sh [RateLimitBench options, e.g. --limit 50 --seconds 10]
# Builds offline and installs nothing. Not part of any test run.
set -euo pipefail

cd "$(dirname "$0")/.."
mvn -o -q -B -pl edge-node,loadtest -am package -DskipTests
JAR=edge-node/target/pharos-edge.jar
WORK=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

java -Xmx64m -cp "$JAR" dev.pharos.edge.demo.DemoBackend --port 6199 --name bench-origin >"$WORK/backend.log" 2>&1 &
pids+=($!)
for i in 1 2 3; do
  PHAROS_NODE_NAME="bench-$i" PHAROS_HTTP_HOST=127.0.0.1 PHAROS_HTTP_PORT="618$i" PHAROS_ADMIN_PORT="619$i" \
  PHAROS_ADMIN_TOKEN=bench-token PHAROS_CLUSTER_NAME=pharos-ratelimit-bench PHAROS_CLUSTER_PORT="617$i" \
  PHAROS_CLUSTER_MEMBERS=127.0.0.1:6171,127.0.0.1:6172,127.0.0.1:6173 PHAROS_DATA_DIR="$WORK/node-$i" \
  PHAROS_ACCESS_LOG=off PHAROS_PROXY_INSTANCES=1 \
    java -Xmx256m -jar "$JAR" >"$WORK/node-$i.log" 2>&1 &
  pids+=($!)
done
for i in 1 2 3; do
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:619$i/readyz" >/dev/null && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:619$i/readyz" >/dev/null || { echo "node $i not ready; log:"; tail -20 "$WORK/node-$i.log"; exit 1; }
done
java -cp loadtest/target/pharos-load.jar dev.pharos.loadtest.RateLimitBench --admin 127.0.0.1:6191 \
  --token bench-token --nodes 127.0.0.1:6181,127.0.0.1:6182,127.0.0.1:6183 --backend 127.0.0.1:6199 "$@"
