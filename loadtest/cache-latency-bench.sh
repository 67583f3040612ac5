#!/usr/bin/env bash
# Cache-hit latency of a hot object and a cold one, on a three-node cluster: the same stored objects, whose partition
# is owned by node-3, read at a fixed rate through node-2 (which keeps hot copies: a hit costs no network hop) and
# through node-1 (whose hot copies are off, PHAROS_CACHE_HOT_MAX_BYTES=0: each hit asks node-3's partition over the
# network). Prints p50/p99/p99.9 of both; the JSON and HTML results go to target/cache-latency-bench/.
#
# Usage: loadtest/cache-latency-bench.sh [RATE [DURATION [WARMUP [KEYS]]]]   (defaults: 2000 requests/s, 20s, 10s, 8)
# Needs nginx (the origin) and the Maven dependencies in the local repository: it builds offline (package, never
# install). Ports: origin 27280, HTTP 27281-27283, admin 27291-27293, cluster 7281-7283, all on 127.0.0.1.
# Numbers from a busy machine are noise: run it on a quiet one, and read p50 too (a high p50 means the load
# generator, not the edge, fell behind).
set -euo pipefail

RATE="${1:-2000}"
DURATION="${2:-20s}"
WARMUP="${3:-10s}"
KEYS="${4:-8}"
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
OUT="$ROOT/target/cache-latency-bench"
JAR="$ROOT/edge-node/target/pharos-edge.jar"
LOAD_JAR="$ROOT/loadtest/target/pharos-load.jar"
BODY="a cached object, 64 bytes long, served from the cluster cache.."
# shellcheck source=SCRIPTDIR/lib/nodes.sh
source "$ROOT/loadtest/lib/nodes.sh"
# shellcheck source=SCRIPTDIR/lib/node-jvm.sh
source "$ROOT/loadtest/lib/node-jvm.sh"
nodes_configure cache-latency-bench 7280 27280 27290 "$OUT"

cleanup() {
  [[ -f "$OUT/nginx.pid" ]] && kill "$(cat "$OUT/nginx.pid")" 2>/dev/null
  stop_started
}
trap cleanup EXIT

require_free_ports 27280
mvn -o -q -B -pl edge-node,loadtest -am package -DskipTests
rm -rf "$OUT" && mkdir -p "$OUT"

cat >"$OUT/origin.conf" <<CONF
worker_processes 1;
pid $OUT/nginx.pid;
error_log $OUT/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:27280;
    location /obj/ { add_header Cache-Control "public, max-age=3600"; return 200 "$BODY"; }
  }
}
CONF
nginx -c "$OUT/origin.conf"

for i in 1 2 3; do
  hot=()
  [[ $i == 1 ]] && hot=(PHAROS_CACHE_HOT_MAX_BYTES=0)
  # shellcheck disable=SC2086
  start_node "$i" PHAROS_ACCESS_LOG=off "${hot[@]}" java $NODE_JAVA_OPTS -jar "$JAR"
done
await_nodes

admin_put upstreams/origin '{"targets": [{"host": "127.0.0.1", "port": 27280}]}'
admin_put routes/cached '{"hosts": [], "pathPrefix": "/obj/", "upstream": "origin", "cache": {"enabled": true}}'

# node-3's primary entry count: the cluster statistics list each member's owned entries.
owned_by_node3() {
  curl -sf -H "Authorization: Bearer $NODES_TOKEN" http://127.0.0.1:27291/api/v1/cache/stats \
    | jq '.nodes[] | select(.node == "node-3") | .entries'
}

# Objects stored one at a time (through node-2), kept when node-3's count grew: node-3 owns their partition.
paths=()
before=$(owned_by_node3)
for ((n = 1; n <= KEYS * 10 && ${#paths[@]} < KEYS; n++)); do
  curl -sf -o /dev/null "http://127.0.0.1:27282/obj/$n"
  after=$(owned_by_node3)
  if ((after > before)); then
    paths+=("/obj/$n")
  fi
  before=$after
done
((${#paths[@]} == KEYS)) || { echo "found ${#paths[@]} of $KEYS objects owned by node-3" >&2; exit 1; }
echo "objects owned by node-3: ${paths[*]}"

for port in 27281 27282; do
  for p in "${paths[@]}"; do
    outcome=$(curl -sf -D - -o /dev/null "http://127.0.0.1:$port$p" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-cache" {print $2}')
    [[ "$outcome" == HIT ]] || { echo "$p through port $port answered X-Cache: $outcome, not HIT" >&2; exit 1; }
  done
done

run() { # NAME PORT
  local targets=() p
  for p in "${paths[@]}"; do targets+=(--target "http://127.0.0.1:$2$p"); done
  java -Xmx256m -jar "$LOAD_JAR" "${targets[@]}" --rate "$RATE" --connections 8 --duration "$DURATION" \
    --warmup "$WARMUP" --json "$OUT/$1.json" --html "$OUT/$1.html" >"$OUT/$1.txt" 2>&1
  jq -r --arg name "$1" '"\($name): p50 \(.latencyMillis.p50) ms, p99 \(.latencyMillis.p99) ms, p99.9 \(.latencyMillis."p99.9") ms at \(.achievedRate)/s, errors \([.errors[]] | add // 0)"' \
    "$OUT/$1.json"
}
run hot 27282
run cold 27281
echo "node-1 (cold) statistics: $(curl -sf -H "Authorization: Bearer $NODES_TOKEN" http://127.0.0.1:27291/api/v1/cache/stats \
  | jq -c '.nodes[] | select(.node == "node-1") | {hits, hotEntries}')"
