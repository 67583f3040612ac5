# shellcheck shell=bash
# Edge nodes on 127.0.0.1 (three unless told otherwise), for the benchmarks that run nodes from the built jar. Source
# it, call nodes_configure once, then start_node (or start_nodes), await_nodes, and stop_started on exit.
#
# Node i (1..NODES_COUNT) is named node-i; it listens for HTTP on HTTP_BASE+i, for the admin API on ADMIN_BASE+i and
# for its cluster peers on CLUSTER_BASE+i; its data is in DIR/node-i and its log in DIR/node-i.log. The admin token
# is $NODES_TOKEN.

NODES_TOKEN=bench-token
STARTED_PIDS=() # every process started here (nodes and demo backends), in order
NODE_PIDS=()    # the nodes among them, node-i at index i-1

# nodes_configure CLUSTER_NAME CLUSTER_BASE HTTP_BASE ADMIN_BASE DIR [COUNT]   (COUNT: 3 unless given)
nodes_configure() {
  NODES_CLUSTER=$1
  NODES_CLUSTER_BASE=$2
  NODES_HTTP_BASE=$3
  NODES_ADMIN_BASE=$4
  NODES_DIR=$5
  NODES_COUNT=${6:-3}
}

# require_free_ports [PORT...]: exits naming the first of PORT... and the nodes' ports that something on 127.0.0.1
# already listens on.
require_free_ports() {
  local port i
  for ((i = 1; i <= NODES_COUNT; i++)); do
    set -- "$@" $((NODES_HTTP_BASE + i)) $((NODES_ADMIN_BASE + i)) $((NODES_CLUSTER_BASE + i))
  done
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "port $port is in use on 127.0.0.1; free it first" >&2
      exit 1
    fi
  done
}

# start_node I [VAR=VALUE...] COMMAND...: runs COMMAND (java ... -jar pharos-edge.jar) in the background as node I,
# with the names, ports and directories above; each VAR=VALUE adds a setting or overrides one of them.
start_node() {
  local i=$1
  shift
  mkdir -p "$NODES_DIR/node-$i"
  env PHAROS_NODE_NAME="node-$i" PHAROS_HTTP_HOST=127.0.0.1 PHAROS_HTTP_PORT=$((NODES_HTTP_BASE + i)) \
    PHAROS_ADMIN_HOST=127.0.0.1 PHAROS_ADMIN_PORT=$((NODES_ADMIN_BASE + i)) PHAROS_ADMIN_TOKEN="$NODES_TOKEN" \
    PHAROS_CLUSTER_NAME="$NODES_CLUSTER" PHAROS_CLUSTER_HOST=127.0.0.1 \
    PHAROS_CLUSTER_PORT=$((NODES_CLUSTER_BASE + i)) PHAROS_CLUSTER_MEMBERS="$(cluster_members)" \
    PHAROS_DATA_DIR="$NODES_DIR/node-$i" "$@" >"$NODES_DIR/node-$i.log" 2>&1 &
  STARTED_PIDS+=("$!")
  NODE_PIDS+=("$!")
}

# start_nodes [VAR=VALUE...] COMMAND...: start_node for each node.
start_nodes() {
  local i
  for ((i = 1; i <= NODES_COUNT; i++)); do
    start_node "$i" "$@"
  done
}

# start_demo_backend JAR PORT NAME LOG: the edge jar's demo backend, answering as NAME on PORT.
start_demo_backend() {
  java -Xmx64m -cp "$1" dev.pharos.edge.demo.DemoBackend --port "$2" --name "$3" >"$4" 2>&1 &
  STARTED_PIDS+=("$!")
}

# await_nodes: returns once every node answers /readyz with 200; exits after 120 s with the end of the late one's log.
await_nodes() {
  local i deadline=$((SECONDS + 120))
  for ((i = 1; i <= NODES_COUNT; i++)); do
    until curl -sf -o /dev/null "http://127.0.0.1:$((NODES_ADMIN_BASE + i))/readyz"; do
      if ((SECONDS >= deadline)); then
        echo "node-$i not ready within 120 s; the end of $NODES_DIR/node-$i.log:" >&2
        tail -20 "$NODES_DIR/node-$i.log" >&2
        exit 1
      fi
      sleep 0.5
    done
  done
}

# admin_put PATH JSON: PUT /api/v1/PATH through node-1's admin API; returns once every node has applied it.
admin_put() {
  curl -sf -X PUT -H "Authorization: Bearer $NODES_TOKEN" -H 'Content-Type: application/json' \
    "http://127.0.0.1:$((NODES_ADMIN_BASE + 1))/api/v1/$1?wait=applied" -d "$2" >/dev/null
}

# stop_started: SIGTERM to every process started here, SIGKILL to those still running 10 s later.
stop_started() {
  ((${#STARTED_PIDS[@]})) || return 0
  kill -TERM "${STARTED_PIDS[@]}" 2>/dev/null || true
  (sleep 10 && kill -KILL "${STARTED_PIDS[@]}" 2>/dev/null) &
  local killer=$!
  wait "${STARTED_PIDS[@]}" 2>/dev/null || true
  kill "$killer" 2>/dev/null || true
}

cluster_members() {
  local i members=()
  for ((i = 1; i <= NODES_COUNT; i++)); do
    members+=("127.0.0.1:$((NODES_CLUSTER_BASE + i))")
  done
  (IFS=,; echo "${members[*]}")
}
