#!/usr/bin/env bash
# Pharos beside nginx and HAProxy, same origin, same cores, same load, alternating runs.
#
# usage: loadtest/bench.sh            (as root: it installs nginx, haproxy, wrk and h2load with apt-get when missing)
#
# Settings (environment):
#   ROUNDS=2            rounds; each round runs every case against every server, the order rotating per round
#   DURATION=5s         measured time of each run (wrk and pharos-load)
#   WARMUP=3s           unrecorded load before the rounds (every server, every case)
#   LATENCY_WARMUP=10s  unrecorded load before each latency run: pharos-load starts in a fresh JVM each run, and
#                       until its own JIT is done it falls behind a high rate and measures its own backlog
#   JIT_WARMUP=20s      extra unrecorded load on each Pharos node and the floors first, twice per path
#                       (pass-through, cache hit), so that the JIT has compiled the hot paths
#   CONNECTIONS=64      client connections (the many-connections case uses MANY_CONNECTIONS)
#   H2_STREAMS=10       concurrent streams per connection in the h2 case (h2load -m)
#   MANY_CONNECTIONS=1000
#   CASES="small big cache https h2 handshake many cluster direct"   any subset
#   LATENCY_RATE        the highest open-loop rate of a latency run: a case whose half of nginx's maximum is above
#                       it runs at this rate instead (for when pharos-load cannot hold that rate on the client core:
#                       check that nginx's p50 stays low). A cap, not a fixed rate, so that a slow case (64 KiB
#                       bodies, TLS) is not loaded far past what every server there can answer
#   TLS_LATENCY_RATE=10000  the same cap for the TLS cases (https, h2), always applied: pharos-load encrypts every
#                       request on the client core beside the origin. At 15,000 req/s it fell behind for every server
#                       (seconds of its own backlog, which also left the nodes bloated for the cases after); at 8,000
#                       and 12,000 every server's p50 stayed at 0.16-0.23 ms
#   PROXY_CPUS=1        cores of the server under test (taskset -c list)
#   CLIENT_CPUS=0       cores of the load generators and the origin
#   PHAROS_JAVA_OPTS    JVM options of every Pharos node and the floors (default: lib/node-jvm.sh, as ./pharos)
#   OUT                 results folder (default loadtest/results/<UTC date and time>)
#   HAZELCAST_SINGLE_PORT=6611   the single node's cluster port (move it off ports other Hazelcast members use)
#
# Layout on a 2-core machine: the server under test (the nginx proxy, HAProxy, a Pharos node or the three nodes of a
# Pharos cluster) has core 1 to itself; wrk or pharos-load and the origin nginx share core 0. Every server runs
# throughout (idle ones cost next to nothing) and is loaded in turn. The "direct" case is the origin's own
# configuration served from the proxy core: what one core does when it only answers, the ceiling of any proxy here.
# In the plain HTTP pass-through cases (small, big, many) two floors run too, with Pharos's JVM options: "vertx-floor",
# the least a reverse proxy on Vert.x does (loadtest's FloorProxy), the ceiling of a proxy on Pharos's framework here;
# "netty-floor", the same on Netty alone (NettyFloorProxy), the ceiling of a JVM proxy with Netty's HTTP codec.
#
# Each case, each server: a closed-loop run (wrk, CONNECTIONS connections) gives the maximum rate, then an open-loop
# run (pharos-load, as wrk2: latency counts from each request's intended send time) at half of nginx's maximum for
# that case in the same round gives p50/p99/p99.9. Tables show the median over rounds.
#
# The handshake case counts full TLS handshakes per second: h2load over HTTP/1.1 with one request per connection,
# CONNECTIONS connections at a time, batch after batch for DURATION; TLS 1.3 with TLS_AES_128_GCM_SHA256, X25519 and
# the RSA-2048 certificate every server shares (an RSA-PSS signature per handshake), server name "localhost" (SNI),
# no session resumption (h2load starts each connection without a session). It has no latency run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-2}"
DURATION="${DURATION:-5s}"
WARMUP="${WARMUP:-3s}"
JIT_WARMUP="${JIT_WARMUP:-20s}"
LATENCY_WARMUP="${LATENCY_WARMUP:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
MANY_CONNECTIONS="${MANY_CONNECTIONS:-1000}"
CASES="${CASES:-small big cache https h2 handshake many cluster direct}"
H2_STREAMS="${H2_STREAMS:-10}"
TLS_LATENCY_RATE="${TLS_LATENCY_RATE:-10000}"
PROXY_CPUS="${PROXY_CPUS:-1}"
CLIENT_CPUS="${CLIENT_CPUS:-0}"
# shellcheck source=SCRIPTDIR/lib/node-jvm.sh
source "$ROOT/loadtest/lib/node-jvm.sh"
PHAROS_JAVA_OPTS="${PHAROS_JAVA_OPTS:-$NODE_JAVA_OPTS}"
OUT="${OUT:-$ROOT/loadtest/results/$(date -u +%Y-%m-%dT%H%M%SZ)}"

EDGE_JAR="$ROOT/edge-node/target/pharos-edge.jar"
LOAD_JAR="$ROOT/loadtest/target/pharos-load.jar"
LUA="$ROOT/loadtest/bench.lua"

ORIGIN_PORT=18000
DIRECT_PORT=18001
NGINX_PORT=18010
NGINX_TLS_PORT=18011
HAPROXY_PORT=18020
HAPROXY_TLS_PORT=18021
PHAROS_PORT=18030
PHAROS_TLS_PORT=18031
PHAROS_ADMIN_PORT=18039
FLOOR_PORT=18050
NETTY_FLOOR_PORT=18051
CLUSTER_PORTS=(18040 18041 18042)
CLUSTER_ADMIN_PORTS=(18043 18044 18045)
CLUSTER_NODES=(pharos-a pharos-b pharos-c)
HAZELCAST_SINGLE_PORT="${HAZELCAST_SINGLE_PORT:-6611}"
HAZELCAST_CLUSTER_PORTS=(6621 6622 6623)
TOKEN=bench-token
SMALL_BODY="hello from the origin"
CACHEABLE_BODY="hello from the origin, cacheable"
BIG_BYTES=65536

die() {
  echo "bench: $*" >&2
  exit 1
}

log() {
  echo "[$(date -u +%H:%M:%S)] $*" >&2
}

# ---------------------------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------------------------

install_missing() {
  local missing=()
  command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
  command -v haproxy >/dev/null || [[ -x /usr/sbin/haproxy ]] || missing+=(haproxy)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v h2load >/dev/null || missing+=(nghttp2-client)
  command -v curl >/dev/null || missing+=(curl)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v python3 >/dev/null || missing+=(python3)
  command -v jq >/dev/null || missing+=(jq)
  command -v taskset >/dev/null || missing+=(util-linux)
  ((${#missing[@]} == 0)) && return 0
  log "installing ${missing[*]} from Debian's packages"
  [[ $EUID -eq 0 ]] || die "need root to install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build_if_missing() {
  if [[ ! -f "$EDGE_JAR" || ! -f "$LOAD_JAR" ]]; then
    log "building the jars (mvn -o -B -q -DskipTests package)"
    (cd "$ROOT" && mvn -o -B -q -DskipTests package) || die "build failed"
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------------------------

PIDS=()
declare -A SERVER_PID

start() { # NAME CPUS COMMAND...: runs COMMAND pinned to CPUS in the background, output to logs/NAME.log
  local name="$1" cpus="$2"
  shift 2
  taskset -c "$cpus" "$@" >"$OUT/logs/$name.log" 2>&1 &
  PIDS+=("$!")
  SERVER_PID[$name]=$!
}

stop_all() {
  trap - EXIT INT TERM
  ((${#PIDS[@]})) || return 0
  log "stopping servers"
  kill -TERM "${PIDS[@]}" 2>/dev/null || true
  local deadline=$((SECONDS + 30)) pid
  for pid in "${PIDS[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for() { # SECONDS COMMAND...: retries COMMAND until it succeeds
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# Resident memory in KiB of a process and all its descendants (nginx's workers, for instance).
rss_kib() {
  local total=0 pid
  for pid in $1 $(pgrep -P "$1" 2>/dev/null || true); do
    total=$((total + $(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# CPU time in clock ticks used so far by the given processes and their children.
cpu_ticks() {
  local total=0 pid
  for pid in "$@" $(for p in "$@"; do pgrep -P "$p" 2>/dev/null; done); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# Samples the RSS of PID every 0.5 s into FILE (the highest seen) until killed.
sample_peak_rss() {
  local pid="$1" file="$2" peak=0 now
  while kill -0 "$pid" 2>/dev/null; do
    now=$(rss_kib "$pid")
    ((now > peak)) && peak=$now && echo "$peak" >"$file"
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------------------------------------------
# Configurations
# ---------------------------------------------------------------------------------------------------------------

write_tls() {
  mkdir -p "$OUT/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$OUT/tls/localhost.key" -out "$OUT/tls/localhost.crt" 2>/dev/null
  cat "$OUT/tls/localhost.crt" "$OUT/tls/localhost.key" >"$OUT/tls/haproxy.pem"
}

write_origin_conf() { # PORT FILE
  mkdir -p "$OUT/www"
  head -c "$BIG_BYTES" /dev/urandom >"$OUT/www/big"
  cat >"$2" <<EOF
# The origin: a small body, a 64 KiB body, and a cacheable small body.
worker_processes 1;
daemon off;
pid $OUT/run/origin-$1.pid;
error_log stderr warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  default_type text/plain;
  server {
    listen 127.0.0.1:$1 backlog=4096 reuseport;
    location = /small { return 200 "$SMALL_BODY\n"; }
    location = /big { root $OUT/www; }
    location = /cacheable { add_header Cache-Control "public, max-age=3600"; return 200 "$CACHEABLE_BODY\n"; }
  }
}
EOF
}

write_nginx_conf() {
  cat >"$OUT/conf/nginx-proxy.conf" <<EOF
# nginx as the proxy: every worker keeps up to 256 idle connections to the origin; /cacheable through proxy_cache.
worker_processes auto;
worker_rlimit_nofile 16384;
daemon off;
pid $OUT/run/nginx-proxy.pid;
error_log stderr warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  upstream origin {
    server 127.0.0.1:$ORIGIN_PORT;
    keepalive 256;
  }
  proxy_cache_path $OUT/run/nginx-cache levels=1:2 keys_zone=bench:10m max_size=100m inactive=60m use_temp_path=off;
  server {
    listen 127.0.0.1:$NGINX_PORT backlog=4096;
    listen 127.0.0.1:$NGINX_TLS_PORT ssl http2 backlog=4096;
    ssl_certificate $OUT/tls/localhost.crt;
    ssl_certificate_key $OUT/tls/localhost.key;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    location / { proxy_pass http://origin; }
    location /cacheable { proxy_pass http://origin; proxy_cache bench; }
  }
}
EOF
}

write_haproxy_conf() {
  cat >"$OUT/conf/haproxy.cfg" <<EOF
# HAProxy as the proxy: default thread count (the cores it may run on), idle origin connections shared by every
# client (http-reuse always); /cacheable through HAProxy's own cache.
global
  maxconn 8000
  tune.ssl.default-dh-param 2048
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  option http-keep-alive
  option forwardfor
  http-reuse always
cache bench
  total-max-size 64
  max-age 3600
frontend public
  bind 127.0.0.1:$HAPROXY_PORT
  bind 127.0.0.1:$HAPROXY_TLS_PORT ssl crt $OUT/tls/haproxy.pem alpn h2,http/1.1
  http-request set-header X-Forwarded-Proto https if { ssl_fc }
  use_backend cached if { path_beg /cacheable }
  default_backend origin
backend origin
  server origin 127.0.0.1:$ORIGIN_PORT
backend cached
  http-request cache-use bench
  http-response cache-store bench
  server origin 127.0.0.1:$ORIGIN_PORT
EOF
}

# ---------------------------------------------------------------------------------------------------------------
# Pharos
# ---------------------------------------------------------------------------------------------------------------

start_pharos() { # NAME HTTP_PORT ADMIN_PORT CLUSTER_NAME HAZELCAST_PORT MEMBERS [HTTPS_PORT]
  local name="$1" http="$2" admin="$3" cluster="$4" hz="$5" members="$6" https="${7:-}"
  mkdir -p "$OUT/run/$name"
  local env=(PHAROS_NODE_NAME="$name" PHAROS_HTTP_HOST=127.0.0.1 PHAROS_HTTP_PORT="$http"
    PHAROS_ADMIN_PORT="$admin" PHAROS_ADMIN_TOKEN="$TOKEN" PHAROS_CLUSTER_NAME="$cluster"
    PHAROS_CLUSTER_PORT="$hz" PHAROS_CLUSTER_MEMBERS="$members" PHAROS_DATA_DIR="$OUT/run/$name"
    PHAROS_ACCESS_LOG=off PHAROS_MAX_CONNECTIONS_PER_CLIENT=$((MANY_CONNECTIONS * 2 + 64)))
  if [[ -n "$https" ]]; then
    env+=(PHAROS_HTTPS_PORT="$https" PHAROS_TLS_CERT_DIR="$OUT/tls")
  fi
  # shellcheck disable=SC2086
  start "$name" "$PROXY_CPUS" env "${env[@]}" java $PHAROS_JAVA_OPTS -jar "$EDGE_JAR"
}

admin_put() { # ADMIN_PORT PATH JSON: prints the status code
  curl -s -o "$OUT/logs/admin-last.json" -w '%{http_code}' -X PUT "http://127.0.0.1:$1/api/v1$2?wait=applied" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$3"
}

# One upstream (the origin), a pass-through route for everything, and a cached route for /cacheable.
configure_pharos() { # ADMIN_PORT: sets CACHE_ROUTE to yes or no
  local admin="$1" code
  code=$(admin_put "$admin" /upstreams/origin "{\"targets\":[{\"host\":\"127.0.0.1\",\"port\":$ORIGIN_PORT}]}")
  [[ "$code" == 20? ]] || die "PUT upstream answered $code: $(cat "$OUT/logs/admin-last.json")"
  code=$(admin_put "$admin" /routes/all '{"hosts":[],"pathPrefix":"/","upstream":"origin"}')
  [[ "$code" == 20? ]] || die "PUT route answered $code: $(cat "$OUT/logs/admin-last.json")"
  code=$(admin_put "$admin" /routes/cached \
    '{"hosts":[],"pathPrefix":"/cacheable","upstream":"origin","cache":{"enabled":true}}')
  if [[ "$code" == 20? ]]; then
    CACHE_ROUTE=yes
  else
    CACHE_ROUTE=no
    log "Pharos refused a route with a cache field ($code): the cache case is not available for Pharos"
    cp "$OUT/logs/admin-last.json" "$OUT/logs/pharos-cache-route-refusal.json"
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Cases and runs
# ---------------------------------------------------------------------------------------------------------------

declare -A UNAVAILABLE   # "case/server" -> reason

# The URL a server is loaded on in a case; empty when the server takes no part in it.
url_of() { # CASE SERVER
  local case="$1" server="$2" path=/small scheme=http port
  case "$case" in
    big) path=/big ;;
    cache) path=/cacheable ;;
    https | h2 | handshake) scheme=https ;;
  esac
  case "$case/$server" in
    direct/origin) port=$DIRECT_PORT ;;
    direct/*) return 0 ;;
    cluster/pharos-x3) port=${CLUSTER_PORTS[0]} ;;
    cluster/*) return 0 ;;
    */pharos-x3 | */origin) return 0 ;;
    https/nginx | h2/nginx | handshake/nginx) port=$NGINX_TLS_PORT ;;
    https/haproxy | h2/haproxy | handshake/haproxy) port=$HAPROXY_TLS_PORT ;;
    https/pharos | h2/pharos | handshake/pharos) port=$PHAROS_TLS_PORT ;;
    */nginx) port=$NGINX_PORT ;;
    */haproxy) port=$HAPROXY_PORT ;;
    */pharos) port=$PHAROS_PORT ;;
    small/vertx-floor | big/vertx-floor | many/vertx-floor) port=$FLOOR_PORT ;;
    small/netty-floor | big/netty-floor | many/netty-floor) port=$NETTY_FLOOR_PORT ;;
    */vertx-floor | */netty-floor) return 0 ;;
  esac
  echo "$scheme://127.0.0.1:$port$path"
}

connections_of() {
  [[ "$1" == many ]] && echo "$MANY_CONNECTIONS" || echo "$CONNECTIONS"
}

# The processes whose CPU time a run counts.
pids_of() {
  case "$1" in
    origin) echo "${SERVER_PID[direct]}" ;;
    pharos-x3) echo "${SERVER_PID[pharos-a]} ${SERVER_PID[pharos-b]} ${SERVER_PID[pharos-c]}" ;;
    *) echo "${SERVER_PID[$1]}" ;;
  esac
}

# The process whose memory a run samples.
pid_of() {
  case "$1" in
    origin) echo "${SERVER_PID[direct]}" ;;
    pharos-x3) echo "${SERVER_PID[pharos-a]}" ;;
    *) echo "${SERVER_PID[$1]}" ;;
  esac
}

# Checks that a server answers a case with 200 and the expected body size; marks it unavailable otherwise.
check_case() { # CASE SERVER
  local url size expected=$((${#SMALL_BODY} + 1))
  url=$(url_of "$1" "$2")
  [[ -n "$url" ]] || return 0
  [[ "$1" == big ]] && expected=$BIG_BYTES
  [[ "$1" == cache ]] && expected=$((${#CACHEABLE_BODY} + 1))
  if [[ "$1/$2" == cache/pharos* && "$CACHE_ROUTE" == no ]]; then
    UNAVAILABLE["$1/$2"]="route cache field refused"
    return 0
  fi
  size=$(curl -sk -o /dev/null -w '%{http_code} %{size_download}' --max-time 5 "$url" || true)
  if [[ "$size" != "200 $expected" ]]; then
    UNAVAILABLE["$1/$2"]="answered '$size' to $url"
    log "$2 does not serve the $1 case ($size): marked not available"
  fi
}

RESULTS="$OUT/runs.jsonl"

# Closed loop with wrk: the maximum rate. Appends one JSON line to runs.jsonl.
run_max() { # ROUND CASE SERVER
  local round="$1" case="$2" server="$3" url conns out peak_file sampler pid ports=""
  url=$(url_of "$case" "$server")
  conns=$(connections_of "$case")
  out="$OUT/logs/r$round-$case-$server-max.txt"
  [[ "$server" == pharos-x3 ]] && ports=$(IFS=,; echo "${CLUSTER_PORTS[*]}")
  local threads=1
  [[ -n "$ports" ]] && threads=3
  pid=$(pid_of "$server")
  peak_file="$OUT/run/peak-rss"
  echo 0 >"$peak_file"
  sample_peak_rss "$pid" "$peak_file" &
  sampler=$!
  local cpu_before cpu_after
  # shellcheck disable=SC2046
  cpu_before=$(cpu_ticks $(pids_of "$server"))
  if [[ "$case" == h2 ]]; then
    h2load_max "$url" "$conns" >"$out" 2>&1 || true
  elif [[ "$case" == handshake ]]; then
    handshake_max "$url" "$conns" >"$out" 2>&1 || true
  else
    WRK_PORTS="$ports" taskset -c "$CLIENT_CPUS" wrk -t"$threads" -c"$conns" -d"$DURATION" --timeout 10s \
      -s "$LUA" "$url" >"$out" 2>&1 || true
  fi
  # shellcheck disable=SC2046
  cpu_after=$(cpu_ticks $(pids_of "$server"))
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  local line
  line=$(sed -n 's/^BENCH //p' "$out")
  [[ -n "$line" ]] || line='{"rps":0,"errors":-1}'
  echo "{\"round\":$round,\"case\":\"$case\",\"server\":\"$server\",\"kind\":\"max\",\"connections\":$conns,\"peakRssKiB\":$(cat "$peak_file"),\"cpuSeconds\":$(awk -v t=$((cpu_after - cpu_before)) -v hz="$(getconf CLK_TCK)" 'BEGIN {print t / hz}'),\"wrk\":$line}" >>"$RESULTS"
  log "  max $case $server: $(tail -1 "$RESULTS" | jq -r \
    '"\(.wrk.rps | floor) req/s, \(.wrk.requests / (.cpuSeconds + 0.001) | floor) req per CPU-second, errors \(.wrk.errors)"')"
}

# Closed loop over HTTP/2 (h2 by ALPN) with h2load, H2_STREAMS streams per connection; prints h2load's report and
# a BENCH line as bench.lua does for wrk (rate, requests, errors: h2load gives no whole-run percentiles).
h2load_max() { # URL CONNECTIONS
  local seconds=${DURATION%s}
  taskset -c "$CLIENT_CPUS" h2load -c "$2" -m "$H2_STREAMS" -D "$seconds" "$1" 2>&1 | tee /dev/stderr |
    python3 -c "$H2LOAD_SUMMARY" "$seconds"
}

# Unrecorded closed-loop load of a case on a server for DURATION, with the case's own load generator.
load_once() { # CASE SERVER
  local url conns
  url=$(url_of "$1" "$2")
  conns=$(connections_of "$1")
  case "$1" in
    h2) h2load_max "$url" "$conns" ;;
    handshake) handshake_max "$url" "$conns" ;;
    *)
      WRK_PORTS=$([[ $2 == pharos-x3 ]] && IFS=, && echo "${CLUSTER_PORTS[*]}") \
        taskset -c "$CLIENT_CPUS" wrk -t1 -c"$conns" -d"$DURATION" -s "$LUA" "$url"
      ;;
  esac
}

# Full TLS handshakes per second: batches of CONNECTIONS new connections with one HTTP/1.1 request each, until
# DURATION has passed; prints every batch's report and a BENCH line whose requests and rate count handshakes (the time
# is the sum of h2load's own run times, without the start of each h2load process).
handshake_max() { # URL CONNECTIONS
  local seconds=${DURATION%s} port=${1#https://127.0.0.1:} deadline
  port=${port%%/*}
  deadline=$((SECONDS + seconds))
  while ((SECONDS < deadline)); do
    taskset -c "$CLIENT_CPUS" h2load --h1 -n "$2" -c "$2" --tls13-ciphers=TLS_AES_128_GCM_SHA256 \
      --connect-to="127.0.0.1:$port" "https://localhost:$port/small" 2>&1
  done | tee /dev/stderr | python3 -c "$HANDSHAKE_SUMMARY"
}

# Sums handshake_max's batches (stdin) into a BENCH line.
HANDSHAKE_SUMMARY='
import re, sys
out = sys.stdin.read()
seconds = sum(float(v) * (0.001 if unit == "ms" else 1)
              for v, unit in re.findall(r"finished in ([\d.]+)(ms|s),", out))
done = re.findall(r"requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored", out)
requests = sum(int(d[0]) for d in done)
errors = sum(int(d[1]) + int(d[2]) for d in done) if done else -1
print("BENCH {\"requests\":%d,\"seconds\":%.3f,\"rps\":%.1f,\"errors\":%d,\"non2xx\":0}"
      % (requests, seconds, requests / seconds if seconds else 0, errors))
'

# Turns h2load's report (stdin) into a BENCH line.
H2LOAD_SUMMARY='
import re, sys
out = sys.stdin.read()
done = re.search(r"requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored", out)
status = re.search(r"status codes: \d+ 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", out)
seconds = float(sys.argv[1])
requests = int(done.group(1)) if done else 0
errors = int(done.group(2)) + int(done.group(3)) if done else -1
non2xx = sum(int(n) for n in status.groups()) if status else 0
print("BENCH {\"requests\":%d,\"seconds\":%.3f,\"rps\":%.1f,\"errors\":%d,\"non2xx\":%d}"
      % (requests, seconds, requests / seconds, errors, non2xx))
'

# Open loop with pharos-load at RATE: the latency a user sees. Appends one JSON line to runs.jsonl.
run_latency() { # ROUND CASE SERVER RATE
  local round="$1" case="$2" server="$3" rate="$4" conns json targets=() extra=()
  conns=$(connections_of "$case")
  json="$OUT/logs/r$round-$case-$server-latency.json"
  if [[ "$server" == pharos-x3 ]]; then
    local p
    for p in "${CLUSTER_PORTS[@]}"; do targets+=(--target "http://127.0.0.1:$p/small"); done
    conns=$(((conns + 2) / 3))
  else
    targets=(--target "$(url_of "$case" "$server")")
  fi
  [[ "$case" == https || "$case" == h2 ]] && extra+=(--insecure)
  [[ "$case" == h2 ]] && extra+=(--http2)
  taskset -c "$CLIENT_CPUS" java -Xmx512m -jar "$LOAD_JAR" "${targets[@]}" "${extra[@]}" --rate "$rate" \
    --connections "$conns" --duration "$DURATION" --warmup "$LATENCY_WARMUP" --json "$json" \
    >"$OUT/logs/r$round-$case-$server-latency.txt" 2>&1 || true
  python3 - "$round" "$case" "$server" "$rate" "$json" >>"$RESULTS" <<'EOF'
import json, os, sys
round_, case, server, rate, path = sys.argv[1:]
r = json.load(open(path)) if os.path.exists(path) and os.path.getsize(path) else {}
print(json.dumps({"round": int(round_), "case": case, "server": server, "kind": "latency", "rate": int(rate),
                  "achievedRate": r.get("achievedRate"), "errors": sum(r.get("errors", {}).values()) if r else -1,
                  "latencyMillis": r.get("latencyMillis")}))
EOF
  log "  latency $case $server at $rate/s: $(tail -1 "$RESULTS" | jq -r \
    '"p50 \(.latencyMillis.p50) p99 \(.latencyMillis.p99) p99.9 \(.latencyMillis."p99.9") ms, achieved \(.achievedRate)/s, errors \(.errors)"')"
}

servers_of() { # CASE ROUND: the servers of a case, rotated by round so that none always goes first
  local all
  case "$1" in
    direct) all=(origin) ;;
    cluster) all=(pharos-x3) ;;
    small | big | many) all=(nginx haproxy pharos vertx-floor netty-floor) ;;
    *) all=(nginx haproxy pharos) ;;
  esac
  local n=${#all[@]} i
  for ((i = 0; i < n; i++)); do echo "${all[$(((i + $2) % n))]}"; done
}

nginx_max() { # ROUND CASE: nginx's rate in this round's max run of CASE (small for direct and cluster)
  python3 - "$RESULTS" "$1" "$2" <<'EOF'
import json, sys
path, round_, case = sys.argv[1], int(sys.argv[2]), sys.argv[3]
case = "small" if case in ("direct", "cluster") else case
rates = [r["wrk"]["rps"] for r in map(json.loads, open(path))
         if r["kind"] == "max" and r["server"] == "nginx" and r["case"] == case and r["round"] == round_]
print(int(rates[-1]) if rates else 0)
EOF
}

# ---------------------------------------------------------------------------------------------------------------
# Machine description and report
# ---------------------------------------------------------------------------------------------------------------

describe_machine() {
  {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "kernel: $(uname -srm)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "nginx: $(nginx -v 2>&1)"
    echo "haproxy: $(haproxy -v 2>&1 | head -1)"
    echo "wrk: $(wrk -v 2>&1 | head -1)"
    echo "pharos JVM options: $PHAROS_JAVA_OPTS"
    echo "settings: ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP LATENCY_WARMUP=$LATENCY_WARMUP JIT_WARMUP=$JIT_WARMUP CONNECTIONS=$CONNECTIONS" \
      "MANY_CONNECTIONS=$MANY_CONNECTIONS LATENCY_RATE=${LATENCY_RATE:-none: half of nginx max} TLS_LATENCY_RATE=$TLS_LATENCY_RATE PROXY_CPUS=$PROXY_CPUS CLIENT_CPUS=$CLIENT_CPUS CASES='$CASES'"
    echo
    lscpu
    echo
    free -m
  } >"$OUT/machine.txt"
}

report() {
  local unavailable
  unavailable=$(for k in "${!UNAVAILABLE[@]}"; do echo "$k	${UNAVAILABLE[$k]}"; done)
  UNAVAILABLE_TSV="$unavailable" python3 "$ROOT/loadtest/bench_report.py" "$OUT" "$IDLE_RSS_KIB"
}

# ---------------------------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------------------------

main() {
  install_missing
  # wrk, the proxies and the JVMs hold one descriptor per connection: raise the soft limit to the hard one.
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null || true
  build_if_missing
  mkdir -p "$OUT/logs" "$OUT/conf" "$OUT/run"
  : >"$RESULTS"
  local p
  local -A taken=()
  for p in $ORIGIN_PORT $DIRECT_PORT $NGINX_PORT $NGINX_TLS_PORT $HAPROXY_PORT $HAPROXY_TLS_PORT $PHAROS_PORT \
    $PHAROS_TLS_PORT $PHAROS_ADMIN_PORT $FLOOR_PORT $NETTY_FLOOR_PORT "${CLUSTER_PORTS[@]}" \
    "${CLUSTER_ADMIN_PORTS[@]}"; do
    [[ -z "${taken[$p]:-}" ]] || die "port $p is given to two servers"
    taken[$p]=1
    port_in_use "$p" && die "port $p is in use"
  done
  trap stop_all EXIT
  trap 'exit 130' INT TERM
  describe_machine
  log "results in $OUT"

  write_tls
  write_origin_conf $ORIGIN_PORT "$OUT/conf/origin.conf"
  write_origin_conf $DIRECT_PORT "$OUT/conf/direct.conf"
  write_nginx_conf
  write_haproxy_conf
  start origin "$CLIENT_CPUS" nginx -c "$OUT/conf/origin.conf" -e stderr
  start direct "$PROXY_CPUS" nginx -c "$OUT/conf/direct.conf" -e stderr
  start nginx "$PROXY_CPUS" nginx -c "$OUT/conf/nginx-proxy.conf" -e stderr
  start haproxy "$PROXY_CPUS" haproxy -db -f "$OUT/conf/haproxy.cfg"
  start_pharos pharos $PHAROS_PORT $PHAROS_ADMIN_PORT bench-single $HAZELCAST_SINGLE_PORT "" $PHAROS_TLS_PORT
  # shellcheck disable=SC2086
  start vertx-floor "$PROXY_CPUS" java $PHAROS_JAVA_OPTS -cp "$LOAD_JAR" dev.pharos.loadtest.floor.FloorProxy \
    $FLOOR_PORT $ORIGIN_PORT
  # shellcheck disable=SC2086
  start netty-floor "$PROXY_CPUS" java $PHAROS_JAVA_OPTS -cp "$LOAD_JAR" dev.pharos.loadtest.floor.NettyFloorProxy \
    $NETTY_FLOOR_PORT $ORIGIN_PORT
  local i members
  members=$(printf '127.0.0.1:%s,' "${HAZELCAST_CLUSTER_PORTS[@]}")
  members=${members%,}
  if [[ " $CASES " == *" cluster "* ]]; then
    for i in 0 1 2; do
      start_pharos "${CLUSTER_NODES[$i]}" "${CLUSTER_PORTS[$i]}" \
        "${CLUSTER_ADMIN_PORTS[$i]}" bench-cluster "${HAZELCAST_CLUSTER_PORTS[$i]}" "$members"
    done
  fi

  wait_for 20 curl -sf "http://127.0.0.1:$ORIGIN_PORT/small" || die "origin did not start (logs/origin.log)"
  wait_for 20 curl -sf "http://127.0.0.1:$NGINX_PORT/small" || die "nginx did not start (logs/nginx.log)"
  wait_for 20 curl -sf "http://127.0.0.1:$HAPROXY_PORT/small" || die "haproxy did not start (logs/haproxy.log)"
  wait_for 120 curl -sf "http://127.0.0.1:$PHAROS_ADMIN_PORT/readyz" || die "Pharos did not start (logs/pharos.log)"
  configure_pharos $PHAROS_ADMIN_PORT
  if [[ " $CASES " == *" cluster "* ]]; then
    for i in 0 1 2; do
      wait_for 180 curl -sf "http://127.0.0.1:${CLUSTER_ADMIN_PORTS[$i]}/readyz" ||
        die "cluster node $i did not start (logs/pharos-*.log)"
    done
    local single_cache=$CACHE_ROUTE
    configure_pharos "${CLUSTER_ADMIN_PORTS[0]}"
    CACHE_ROUTE=$single_cache
    for p in "${CLUSTER_PORTS[@]}"; do
      wait_for 30 curl -sf "http://127.0.0.1:$p/small" || die "cluster node on $p does not serve the route"
    done
  fi
  sleep 2
  IDLE_RSS_KIB=$(rss_kib "${SERVER_PID[pharos]}")
  log "Pharos idle RSS: $((IDLE_RSS_KIB / 1024)) MiB"

  local case server
  for case in $CASES; do
    for server in $(servers_of "$case" 0); do check_case "$case" "$server"; done
  done

  log "JIT warm-up: $JIT_WARMUP per Pharos node (and the floors) and path"
  local floors=()
  [[ " $CASES " =~ \ (small|big|many)\  ]] && floors=("$FLOOR_PORT" "$NETTY_FLOOR_PORT")
  for p in $PHAROS_PORT "${floors[@]}" "${CLUSTER_PORTS[@]}"; do
    [[ $p == "$PHAROS_PORT" || $p == "$FLOOR_PORT" || $p == "$NETTY_FLOOR_PORT" || " $CASES " == *" cluster "* ]] ||
      continue
    # The cache hit is a path of its own (CacheStage, no upstream): warmed only by WARMUP, it was measured while the
    # JIT still compiled it, on the core it is measured on.
    local paths=(/small)
    [[ $p == "$PHAROS_PORT" && " $CASES " == *" cache "* && "$CACHE_ROUTE" == yes ]] && paths+=(/cacheable)
    # Twice, on new connections the second time: the first load on new connections after the JIT has compiled the
    # steady state takes branches that state never took, and the hot path is recompiled (about 250 C2 compilations
    # and 220 deoptimisations), which slowed the first measured round by a quarter.
    for path in "${paths[@]}" "${paths[@]}"; do
      taskset -c "$CLIENT_CPUS" wrk -t1 -c"$CONNECTIONS" -d"$JIT_WARMUP" "http://127.0.0.1:$p$path" >/dev/null 2>&1 \
        || true
    done
  done
  # HTTP/2 and new TLS connections take paths of their own too (the HTTP/2 codec and streams; the accept and handshake
  # path): warmed by wrk over HTTP/1.1 only, the h2 case's first round ran at a third of its second round's rate.
  for case in h2 handshake; do
    [[ " $CASES " == *" $case "* && -z "${UNAVAILABLE[$case/pharos]:-}" ]] || continue
    DURATION=$JIT_WARMUP load_once "$case" pharos >/dev/null 2>&1 || true
  done
  log "warm-up: $WARMUP per server and case"
  for case in $CASES; do
    for server in $(servers_of "$case" 0); do
      [[ -z "${UNAVAILABLE[$case/$server]:-}" ]] || continue
      DURATION=$WARMUP load_once "$case" "$server" >/dev/null 2>&1 || true
    done
  done

  local round rate
  for ((round = 1; round <= ROUNDS; round++)); do
    log "round $round of $ROUNDS"
    for case in $CASES; do
      for server in $(servers_of "$case" "$round"); do
        [[ -z "${UNAVAILABLE[$case/$server]:-}" ]] || continue
        run_max "$round" "$case" "$server"
      done
      [[ "$case" != handshake ]] || continue
      rate=$(($(nginx_max "$round" "$case") / 2))
      if [[ -n "${LATENCY_RATE:-}" ]] && ((rate > LATENCY_RATE)); then
        rate=$LATENCY_RATE
      fi
      if [[ "$case" == https || "$case" == h2 ]] && ((rate > TLS_LATENCY_RATE)); then
        rate=$TLS_LATENCY_RATE
      fi
      ((rate > 0)) || { log "  no nginx maximum for $case: latency runs skipped"; continue; }
      for server in $(servers_of "$case" "$round"); do
        [[ -z "${UNAVAILABLE[$case/$server]:-}" ]] || continue
        run_latency "$round" "$case" "$server" "$rate"
      done
    done
  done
  report
}

main "$@"
