#!/usr/bin/env bash
# Runs a Magic Shield cluster on this machine in the foreground (docs/cluster.md): WildFly's load balancer
# (standalone-load-balancer-magicshield.xml, Undertow with mod_cluster) and N nodes (standalone-ha-magicshield.xml,
# JGroups over TCP), all from the provisioned WildFly ($1), each from a server base directory of its own under $3,
# the WAR ($2) deployed on every node. The balancer listens on 127.0.0.1 at port offset $4 (browsers: http://localhost
# is a secure context, so the camera works). $5 gives one port offset per node (comma-separated).
#
# Where network namespaces can be made (root, iproute2) each node is a test host of its own, as on separate machines:
# namespace mscl<N>-node<i> with address 10.81.<N>.1<i> (N = $4 / 100, so ClusterIT and serve-cluster never share
# one), joined by a veth to the bridge mscl<N> (10.81.<N>.1) in the root namespace, where the balancer also takes the
# nodes' MCMP registrations. Every node then binds HTTP, JGroups, management and its ICE/UDP media on its own address
# at port offset 0 (the ports of a real machine), and media goes from the browser to that address straight. Else
# (or with $6 = loopback) every member runs on 127.0.0.1 with the offsets of $5, said loudly.
#
# Prints "[cluster] <node> at <address> port-offset <offset>" per node, then the balancer's URL once it serves the
# page from every node; Ctrl-C, SIGTERM or the end of Maven stops all of them gracefully and deletes the namespaces
# and links; a run killed hard leaves them, and the next start deletes those whose owner is gone.
set -euo pipefail
home=$1 war=$2 base=$3 balancer_offset=$4 node_offsets=$5 network=${6:-auto}
IFS=, read -r -a offsets <<< "$node_offsets"

ip=$(PATH=$PATH:/usr/sbin:/sbin command -v ip || true)
net=$(( (balancer_offset / 100) % 250 ))
bridge=mscl$net
owner="mscl owner $$"

# Namespaces and links with our prefix whose owner (the bridge's alias names the script's pid) is gone: an earlier
# run killed hard. Only mscl* names are touched: other tests' namespaces are not ours.
delete_namespace() {
  local ns=$1 pid
  for pid in $("$ip" netns pids "$ns" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null || true; done
  [ -z "$("$ip" netns pids "$ns" 2>/dev/null)" ] || sleep 2
  for pid in $("$ip" netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
  "$ip" netns delete "$ns" 2>/dev/null || true
}
delete_stale() {
  local line name alias_pid ns
  declare -A alive=()
  while read -r line; do
    name=$(sed -E 's/^[0-9]+: ([^:@ ]+).*/\1/' <<< "$line")
    alias_pid=$(sed -nE 's/.*alias mscl owner ([0-9]+).*/\1/p' <<< "$line")
    if [ -n "$alias_pid" ] && kill -0 "$alias_pid" 2>/dev/null; then
      alive[$name]=1
    elif [[ $name =~ ^mscl[0-9]+$ ]]; then
      echo "[cluster] deleting the bridge $name, left by an earlier run" >&2
      "$ip" link delete "$name" 2>/dev/null || true
    fi
  done < <("$ip" -o link show | grep -E '^[0-9]+: mscl[0-9]+[:@ ]' || true)
  for ns in $("$ip" netns list | awk '{print $1}' | grep -E '^mscl[0-9]+-' || true); do
    if [ -z "${alive[${ns%%-*}]:-}" ]; then
      echo "[cluster] deleting the namespace $ns, left by an earlier run" >&2
      delete_namespace "$ns"
    fi
  done
}

# Why namespaces cannot be made here, or nothing when they can.
namespaces_unavailable() {
  [ "$network" != loopback ] || { echo "the loopback was asked for (network: $network)"; return; }
  [ -n "$ip" ] || { echo "no ip command (Debian package iproute2)"; return; }
  local said
  said=$("$ip" netns add "mscl-probe-$$" 2>&1) || { echo "cannot make a network namespace (root is needed): $said"; return; }
  "$ip" netns delete "mscl-probe-$$"
}

reason=$(namespaces_unavailable)
namespaced=false
delete_network() {
  if $namespaced; then
    local i
    for i in $(seq 1 ${#offsets[@]}); do delete_namespace "$bridge-node$i"; done
    "$ip" link delete "$bridge" 2>/dev/null || true
  fi
}
# however the script ends (Ctrl-C, SIGTERM, a failed command under set -e), the test hosts go with it
trap 'delete_network' EXIT
hosts=()
if [ -z "$reason" ]; then
  delete_stale
  if "$ip" link show "$bridge" > /dev/null 2>&1; then
    echo "the bridge $bridge (10.81.$net.0/24) belongs to another run that is still alive: give it another" \
      "balancer offset, or stop it" >&2
    exit 1
  fi
  namespaced=true
  balancer_host=10.81.$net.1
  # the bridge first, carrying the owner mark, so a concurrent start's stale check sees this run as alive
  "$ip" link add "$bridge" type bridge
  "$ip" link set "$bridge" alias "$owner"
  "$ip" addr add "$balancer_host/24" dev "$bridge"
  "$ip" link set "$bridge" up
  for i in $(seq 1 ${#offsets[@]}); do
    ns=$bridge-node$i
    hosts+=("10.81.$net.1$i")
    "$ip" netns add "$ns"
    "$ip" link add "${bridge}n$i" type veth peer name eth0 netns "$ns"
    "$ip" link set "${bridge}n$i" master "$bridge" up
    "$ip" -n "$ns" addr add "10.81.$net.1$i/24" dev eth0
    "$ip" -n "$ns" link set eth0 up
    "$ip" -n "$ns" link set lo up
  done
  # each node on the ports of a machine of its own
  offsets=("${offsets[@]/*/0}")
else
  balancer_host=127.0.0.1
  for offset in "${offsets[@]}"; do hosts+=(127.0.0.1); done
  echo "[cluster] ******************************************************************************************" >&2
  echo "[cluster] NO TEST HOSTS: $reason." >&2
  echo "[cluster] Every member runs on 127.0.0.1 with port offsets, media included (docs/cluster.md)." >&2
  echo "[cluster] ******************************************************************************************" >&2
fi

export MALLOC_ARENA_MAX=2
members=""
for i in "${!offsets[@]}"; do
  members="$members${members:+,}${hosts[i]}[$((7600 + offsets[i]))]"
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
# Not LAUNCH_JBOSS_IN_BACKGROUND (see serve.sh): each standalone.sh runs as a background job; stop() sends TERM
# to each JVM, WildFly's graceful shutdown.
# A member: its name, configuration, port offset, the namespace it runs in (empty: the root's), then more arguments.
start_member() {
  local name=$1 config=$2 offset=$3 ns=$4
  shift 4
  ${ns:+"$ip" netns exec "$ns"} bash "$home/bin/standalone.sh" -c "$config" -Djboss.server.base.dir="$base/$name" \
    -Djboss.node.name="$name" -Djboss.socket.binding.port-offset="$offset" "$@" > "$base/$name.out" 2>&1 &
  pids+=($!)
}

jvm_of() {
  local stat pid comm state ppid rest
  for stat in /proc/[0-9]*/stat; do
    read -r pid comm state ppid rest 2>/dev/null < "$stat" || continue
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

port=$((8080 + balancer_offset))
page_answers() {
  exec 3<>"/dev/tcp/$1/$2" 2>/dev/null || return 1
  printf 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  local status=""
  read -r -t 5 status <&3 || true
  exec 3>&-
  [[ $status == *" 200"* ]]
}
# another server on the balancer's port would answer for it: say so instead
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "127.0.0.1:$port is taken by another server: give the balancer another offset" >&2
  exit 1
fi

mkdir -p "$base"
fresh_base balancer
# browsers on the loopback; MCMP where the nodes reach it (the bridge, or the loopback)
start_member balancer standalone-load-balancer-magicshield.xml "$balancer_offset" "" -Djboss.bind.address=127.0.0.1 \
  -Djboss.bind.address.private="$balancer_host"
for i in $(seq 1 ${#offsets[@]}); do
  host=${hosts[i - 1]} offset=${offsets[i - 1]}
  fresh_base "node$i"
  cp "$war" "$base/node$i/deployments/magicshield.war"
  # every socket comes through the balancer: its X-Forwarded-For names the client (docs/cluster.md)
  start_member "node$i" standalone-ha-magicshield.xml "$offset" "$($namespaced && echo "$bridge-node$i" || true)" \
    -Djboss.bind.address="$host" -Djboss.bind.address.private="$host" -Djboss.bind.address.management="$host" \
    -Dmagicshield.cluster.members="$members" -Dmagicshield.cluster.balancer-host="$balancer_host" \
    -Dmagicshield.cluster.balancer-port=$((8090 + balancer_offset)) \
    -Dmagicshield.signaling.trusted-proxies="$balancer_host"
  echo "[cluster] node$i at $host port-offset $offset$($namespaced && echo " in the namespace $bridge-node$i" || true)"
done

# a member whose JVM ended (a port in use, a bad configuration) fails the start at once
member_ended() {
  local i
  for i in "${!pids[@]}"; do
    kill -0 "${pids[i]}" 2>/dev/null || return 0
  done
  return 1
}

deadline=$((SECONDS + 420))
for i in $(seq 1 ${#offsets[@]}); do
  until [ -f "$base/node$i/deployments/magicshield.war.deployed" ] && page_answers "${hosts[i - 1]}" $((8080 + offsets[i - 1])); do
    if [ -f "$base/node$i/deployments/magicshield.war.failed" ] || member_ended || [ $SECONDS -ge $deadline ]; then
      echo "node$i did not come up, or a member ended; see the logs in $base" >&2
      stop
      exit 1
    fi
    sleep 0.5
  done
done
until page_answers 127.0.0.1 "$port"; do
  if member_ended || [ $SECONDS -ge $deadline ]; then
    echo "the balancer does not serve the page; see $base/balancer/log/server.log" >&2
    stop
    exit 1
  fi
  sleep 0.5
done
echo "Magic Shield cluster is running: open http://localhost:$port/ (balancer; nodes" \
  "$(for i in "${!offsets[@]}"; do printf '%s ' "${hosts[i]}:$((8080 + offsets[i]))"; done)- logs in $base)"

# Maven passes no signal on to this script when it is killed: once Maven is gone, stop the cluster too.
maven=$PPID
while kill -0 "$maven" 2>/dev/null; do
  sleep 1
done
stop
