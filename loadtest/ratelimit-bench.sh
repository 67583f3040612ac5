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
# shellcheck source=SCRIPTDIR/lib/nodes.sh
source loadtest/lib/nodes.sh
nodes_configure pharos-ratelimit-bench 6170 6180 6190 "$WORK"
cleanup() {
  stop_started
  rm -rf "$WORK"
}
trap cleanup EXIT

start_demo_backend "$JAR" 6199 bench-origin "$WORK/backend.log"
start_nodes PHAROS_ACCESS_LOG=off PHAROS_PROXY_INSTANCES=1 java -Xmx256m -jar "$JAR"
await_nodes
java -cp loadtest/target/pharos-load.jar dev.pharos.loadtest.RateLimitBench --admin 127.0.0.1:6191 \
  --token "$NODES_TOKEN" --nodes 127.0.0.1:6181,127.0.0.1:6182,127.0.0.1:6183 --backend 127.0.0.1:6199 "$@"
