#!/usr/bin/env bash
# Runs a Magic Shield cluster on this machine in the foreground (docs/cluster.md): WildFly's load balancer
# (standalone-load-balancer-magicshield.xml, Undertow with mod_cluster) and N nodes (standalone-ha-magicshield.xml,
# JGroups over TCP), all from the provisioned WildFly ($1), each from a server base directory of its own under $3,
# the WAR ($2) deployed on every node, on the loopback with distinct port offsets: the balancer's $4, the nodes'
# $5 (comma-separated, one per node). Prints the balancer's URL once it serves the page from every node; Ctrl-C,
# SIGTERM or the end of Maven stops all of them gracefully.
set -euo pipefail
home=$1 war=$2 base=$3 balancer_offset=$4 node_offsets=$5
bind=127.0.0.1
IFS=, read -r -a offsets <<< "$node_offsets"

export MALLOC_ARENA_MAX=2
members=""
for offset in "${offsets[@]}"; do
  members="$members${members:+,}$bind[$((7600 + offset))]"
done

# A fresh base directory (configuration, deployments, data, logs) per member: $base/<name>.
fresh_base() {
  local dir=$base/$1
  rm -rf "$dir"
  cp -r "$home/standalone" "$dir"
  rm -rf "$dir/deployments" "$dir/data" "$dir/log" "$dir/tmp"
  mkdir -p "$dir/deployments"
}

pids=()
names=()
# Not LAUNCH_JBOSS_IN_BACKGROUND (see serve.sh): each standalone.sh runs as a background job; stop() sends TERM
# to each JVM, WildFly's graceful shutdown.
start_member() {
  local name=$1 config=$2 offset=$3
  shift 3
  bash "$home/bin/standalone.sh" -c "$config" -Djboss.server.base.dir="$base/$name" -Djboss.node.name="$name" \
    -Djboss.bind.address="$bind" -Djboss.socket.binding.port-offset="$offset" "$@" > "$base/$name.out" 2>&1 &
  pids+=($!)
  names+=("$name")
}

jvm_of() {
  local stat pid comm state ppid rest
  for stat in /proc/[0-9]*/stat; do
    read -r pid comm state ppid rest < "$stat" 2>/dev/null || continue
    if [ "$ppid" = "$1" ] && [ "$comm" = "(java)" ]; then
      echo "$pid"
    fi
  done
}

stop() {
  trap - INT TERM
  trap '' PIPE
  local pid jvm
  for pid in "${pids[@]}"; do
    jvm=$(jvm_of "$pid")
    [ -z "$jvm" ] || kill -TERM $jvm 2>/dev/null || true
  done
  echo "Stopping the Magic Shield cluster..." 2>/dev/null || true
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap 'stop; exit 0' INT TERM

mkdir -p "$base"
fresh_base balancer
start_member balancer standalone-load-balancer-magicshield.xml "$balancer_offset"
i=0
for offset in "${offsets[@]}"; do
  i=$((i + 1))
  fresh_base "node$i"
  cp "$war" "$base/node$i/deployments/magicshield.war"
  # every socket comes through the balancer: its X-Forwarded-For names the client (docs/cluster.md)
  start_member "node$i" standalone-ha-magicshield.xml "$offset" -Dmagicshield.cluster.members="$members" \
    -Dmagicshield.cluster.balancer-port=$((8090 + balancer_offset)) -Dmagicshield.signaling.trusted-proxies="$bind"
done

port=$((8080 + balancer_offset))
page_answers() {
  exec 3<>"/dev/tcp/$bind/$1" 2>/dev/null || return 1
  printf 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  local status=""
  read -r -t 5 status <&3 || true
  exec 3>&-
  [[ $status == *" 200"* ]]
}

deadline=$((SECONDS + 420))
for i in $(seq 1 ${#offsets[@]}); do
  until [ -f "$base/node$i/deployments/magicshield.war.deployed" ] && page_answers $((8080 + offsets[i - 1])); do
    if [ -f "$base/node$i/deployments/magicshield.war.failed" ] || [ $SECONDS -ge $deadline ]; then
      echo "node$i did not come up; see $base/node$i/log/server.log" >&2
      stop
      exit 1
    fi
    sleep 0.5
  done
done
until page_answers "$port"; do
  if [ $SECONDS -ge $deadline ]; then
    echo "the balancer does not serve the page; see $base/balancer/log/server.log" >&2
    stop
    exit 1
  fi
  sleep 0.5
done
echo "Magic Shield cluster is running: open http://localhost:$port/ (balancer; nodes ${names[*]:1} on ports" \
  "$(for o in "${offsets[@]}"; do printf '%s ' $((8080 + o)); done)- logs in $base)"

# Maven passes no signal on to this script when it is killed: once Maven is gone, stop the cluster too.
maven=$PPID
while kill -0 "$maven" 2>/dev/null; do
  sleep 1
done
stop
