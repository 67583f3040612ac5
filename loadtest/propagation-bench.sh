#!/usr/bin/env bash
# Starts a fresh 3-node cluster and one demo backend, runs PropagationBench RUNS times (100 writes each, one after
# another on the same cluster, as the README's figures were taken), then stops everything.
# Usage: loadtest/propagation-bench.sh [RUNS] [CLUSTER_BASE_PORT]
#   RUNS               runs of 100 writes (default 3)
# After each run it prints the CPU time the three node processes used per write (user + system, from /proc), which
# stays comparable on a busy machine where the latencies do not.
#   CLUSTER_BASE_PORT  Hazelcast ports are BASE+1..BASE+3 (default 5700); HTTP, admin and backend ports are
#                      BASE+11..13, BASE+21..23 and BASE+30, so pick a base whose next 30 ports are free.
# Needs edge-node/target/pharos-edge.jar and loadtest/target/classes (mvn -B -DskipTests package).
set -euo pipefail

cd "$(dirname "$0")/.."
runs="${1:-3}"
base="${2:-5700}"
jar="${PHAROS_BENCH_JAR:-edge-node/target/pharos-edge.jar}"
[[ -f "$jar" && -d loadtest/target/classes ]] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }

work="$(mktemp -d -t pharos-propagation-XXXXXX)"
# shellcheck source=SCRIPTDIR/lib/nodes.sh
source loadtest/lib/nodes.sh
# shellcheck source=SCRIPTDIR/lib/node-jvm.sh
source loadtest/lib/node-jvm.sh
nodes_configure "pharos-bench-$base" "$base" $((base + 10)) $((base + 20)) "$work"
stop() {
  stop_started
  echo "logs: $work"
}
trap stop EXIT

backend_port=$((base + 30))
cat >"$work/bench.yaml" <<EOF
upstreams:
  - id: bench
    targets:
      - { host: 127.0.0.1, port: $backend_port, weight: 1 }
routes: []
EOF

start_demo_backend "$jar" "$backend_port" bench "$work/backend.log"
read -ra node_opts <<<"${PHAROS_BENCH_NODE_OPTS:-}"
# shellcheck disable=SC2086
start_nodes PHAROS_DRAIN_GRACE_MS=0 java $NODE_JAVA_OPTS "${node_opts[@]}" -jar "$jar" --config "$work/bench.yaml"
await_nodes

# utime + stime (fields 14 and 15 of /proc/PID/stat) of every node, in clock ticks
node_cpu_ticks() {
  local pid total=0
  for pid in "${NODE_PIDS[@]}"; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}

tick_ms=$((1000 / $(getconf CLK_TCK)))
for ((run = 1; run <= runs; run++)); do
  before=$(node_cpu_ticks)
  java -cp loadtest/target/classes dev.pharos.loadtest.PropagationBench --admin "127.0.0.1:$((base + 21))" \
    --token "$NODES_TOKEN" --nodes "127.0.0.1:$((base + 11)),127.0.0.1:$((base + 12)),127.0.0.1:$((base + 13))" \
    --upstream bench --writes 100
  echo "  node CPU per write (the PUT and the bench's DELETE, 3 nodes): $(( ($(node_cpu_ticks) - before) * tick_ms / 100 )) ms"
done
