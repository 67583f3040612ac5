#!/usr/bin/env bash
# Where a Pharos node spends its CPU under load: async-profiler's CPU profile (Java, JVM and kernel frames) of one node
# on PROXY_CPUS while wrk loads it from CLIENT_CPUS, laid out as bench.sh lays out its cases. Only the measured run is
# profiled: the profiler is attached after the warm-up, while the node is idle. Writes a flame graph ($EVENT.html) and
# the collapsed stacks ($EVENT.collapsed) to target/profile/<case>/, and prints the node's CPU time per request, the
# event loops' kernel share and the frames that take the most.
#
# Usage: loadtest/profile.sh [small|big|cache|many|https|h2]    (default small)
#   small  pass-through of a small body, CONNECTIONS connections
#   big    pass-through of a 64 KiB body, CONNECTIONS connections
#   https  pass-through of a small body over TLS (HTTP/1.1), CONNECTIONS connections
#   h2     pass-through of a small body over HTTP/2 with TLS (h2load), CONNECTIONS connections of H2_STREAMS streams
#   cache  cache hits on the node's hot copy, CONNECTIONS connections
#   many   pass-through of a small body over MANY_CONNECTIONS connections
# Settings (environment): DURATION=20s profiled run; WARMUP=30s unprofiled load first (the JIT); CONNECTIONS=64;
# MANY_CONNECTIONS=1000; EVENT=cpu, or alloc for where the heap allocations come from (the files are then alloc.*);
# INTERVAL=1ms between samples (256k bytes for alloc); PROXY_CPUS=1; CLIENT_CPUS=0; PHAROS_JAVA_OPTS as bench.sh;
# H2_STREAMS=10. Needs nginx, wrk (h2load for h2), openssl, jcmd and Maven; fetches tools.profiler:async-profiler into
# the local Maven repository once.
# Ports: origin 27380, HTTP 27381, HTTPS 27382, admin 27391, cluster 7381, all on 127.0.0.1.
set -euo pipefail

CASE="${1:-small}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-30s}"
CONNECTIONS="${CONNECTIONS:-64}"
MANY_CONNECTIONS="${MANY_CONNECTIONS:-1000}"
EVENT="${EVENT:-cpu}"
if [[ "$EVENT" == alloc ]]; then INTERVAL="${INTERVAL:-256k}"; else INTERVAL="${INTERVAL:-1ms}"; fi
PROXY_CPUS="${PROXY_CPUS:-1}"
CLIENT_CPUS="${CLIENT_CPUS:-0}"
PROFILER_VERSION=3.0
ORIGIN_PORT=27380
# The node is lib/nodes.sh's node-1: HTTP 27381, admin 27391, cluster 7381.
HTTP_PORT=27381
HTTPS_PORT=27382
H2_STREAMS="${H2_STREAMS:-10}"

url_base="http://127.0.0.1:$HTTP_PORT"
case "$CASE" in
  small) path=/small connections=$CONNECTIONS ;;
  big) path=/big connections=$CONNECTIONS ;;
  cache) path=/cacheable connections=$CONNECTIONS ;;
  many) path=/small connections=$MANY_CONNECTIONS ;;
  https | h2) path=/small connections=$CONNECTIONS url_base="https://localhost:$HTTPS_PORT" ;;
  *) echo "usage: loadtest/profile.sh [small|big|cache|many|https|h2]" >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
OUT="$ROOT/target/profile/$CASE"
JAR="$ROOT/edge-node/target/pharos-edge.jar"
tools=(nginx wrk openssl jcmd mvn python3)
[[ "$CASE" == h2 ]] && tools+=(h2load)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || [[ -x "/usr/sbin/$tool" ]] || { echo "profile: $tool is missing" >&2; exit 1; }
done
# shellcheck source=SCRIPTDIR/lib/nodes.sh
source "$ROOT/loadtest/lib/nodes.sh"
# shellcheck source=SCRIPTDIR/lib/node-jvm.sh
source "$ROOT/loadtest/lib/node-jvm.sh"
PHAROS_JAVA_OPTS="${PHAROS_JAVA_OPTS:-$NODE_JAVA_OPTS}"
nodes_configure profile 7380 27380 27390 "$OUT" 1
require_free_ports $ORIGIN_PORT $HTTPS_PORT
rm -rf "$OUT" && mkdir -p "$OUT"

profiler_jar="$HOME/.m2/repository/tools/profiler/async-profiler/$PROFILER_VERSION/async-profiler-$PROFILER_VERSION.jar"
if [[ ! -f "$profiler_jar" ]]; then
  mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get \
    -Dartifact="tools.profiler:async-profiler:$PROFILER_VERSION"
fi
(cd "$OUT" && unzip -q -o "$profiler_jar" linux-x64/libasyncProfiler.so)
PROFILER="$OUT/linux-x64/libasyncProfiler.so"
[[ -f "$JAR" ]] || mvn -o -q -B -pl edge-node -am package -DskipTests

cleanup() {
  [[ -f "$OUT/origin.pid" ]] && kill "$(cat "$OUT/origin.pid")" 2>/dev/null
  stop_started
}
trap cleanup EXIT

mkdir -p "$OUT/www" "$OUT/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$OUT/tls/localhost.key" -out "$OUT/tls/localhost.crt" 2>/dev/null
head -c 65536 /dev/urandom >"$OUT/www/big"
cat >"$OUT/origin.conf" <<CONF
worker_processes 1;
pid $OUT/origin.pid;
error_log $OUT/origin-error.log;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 10000000;
  default_type text/plain;
  server {
    listen 127.0.0.1:$ORIGIN_PORT backlog=4096;
    location = /small { return 200 "hello from the origin\n"; }
    location = /big { root $OUT/www; }
    location = /cacheable { add_header Cache-Control "public, max-age=3600"; return 200 "hello, cacheable\n"; }
  }
}
CONF
taskset -c "$CLIENT_CPUS" nginx -c "$OUT/origin.conf"

# DebugNonSafepoints: Java frames as they ran, not as of the last safepoint.
# shellcheck disable=SC2086
start_node 1 PHAROS_ACCESS_LOG=off PHAROS_MAX_CONNECTIONS_PER_CLIENT=$((MANY_CONNECTIONS * 2 + 64)) \
  PHAROS_HTTPS_PORT=$HTTPS_PORT PHAROS_TLS_CERT_DIR="$OUT/tls" \
  taskset -c "$PROXY_CPUS" java $PHAROS_JAVA_OPTS -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -jar "$JAR"
node_pid=${NODE_PIDS[0]}
await_nodes

admin_put upstreams/origin "{\"targets\": [{\"host\": \"127.0.0.1\", \"port\": $ORIGIN_PORT}]}"
admin_put routes/pass '{"hosts": [], "pathPrefix": "/", "upstream": "origin"}'
admin_put routes/cached '{"hosts": [], "pathPrefix": "/cacheable", "upstream": "origin", "cache": {}}'
curl -sfk -o /dev/null "$url_base$path"

load() { # SECONDS_SPEC: wrk's output, or h2load's with a line "N requests in" for the h2 case
  if [[ "$CASE" == h2 ]]; then
    taskset -c "$CLIENT_CPUS" h2load -c "$connections" -m "$H2_STREAMS" -D "${1%s}" "$url_base$path" |
      awk '{print} /^requests:/ {print $8, "requests in"}'
  else
    taskset -c "$CLIENT_CPUS" wrk -t1 -c"$connections" -d"$1" "$url_base$path"
  fi
}
echo "warming up for $WARMUP ($CASE: $path, $connections connections)"
load "$WARMUP" >/dev/null

# In quotes of their own: jcmd would read the first '=' as its own option syntax.
profiler() {
  jcmd "$node_pid" JVMTI.agent_load "$PROFILER" "\"$1\"" >"$OUT/jcmd.log" 2>&1 ||
    { echo "profile: async-profiler '$1' failed:" >&2; cat "$OUT/jcmd.log" >&2; exit 1; }
}
profiler "start,event=$EVENT,interval=$INTERVAL,threads"
ticks_before=$(awk '{print $14 + $15}' "/proc/$node_pid/stat")
load "$DURATION" >"$OUT/wrk.txt"
ticks_after=$(awk '{print $14 + $15}' "/proc/$node_pid/stat")
profiler "dump,file=$OUT/$EVENT.collapsed,collapsed"
profiler "stop,file=$OUT/$EVENT.html"

requests=$(awk '/requests in/ {print $1}' "$OUT/wrk.txt")
ticks_per_second=$(getconf CLK_TCK)
echo "$CASE: $requests requests in $DURATION; $(awk -v t=$((ticks_after - ticks_before)) -v n="$requests" \
  -v hz="$ticks_per_second" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}') CPU-us per request (the whole node)"
python3 "$ROOT/loadtest/lib/profile-summary.py" "$OUT/$EVENT.collapsed" "$EVENT"
echo "flame graph: $OUT/$EVENT.html; stacks: $OUT/$EVENT.collapsed"
