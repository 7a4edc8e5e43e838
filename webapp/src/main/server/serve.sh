#!/usr/bin/env bash
# Runs the provisioned WildFly ($1) in the foreground with the WAR ($2) deployed, from a server base
# directory of its own ($3) so the provisioned server stays clean for the integration tests, listening on the
# address $4 (default 127.0.0.1; the management interface stays on the loopback).
# Prints the URLs once the deployment answers; Ctrl-C, SIGTERM or the end of Maven stops the server gracefully.
set -euo pipefail
home=$1 war=$2 base=$3 bind=${4:-127.0.0.1}
# MAGICSHIELD_PORT_OFFSET moves every port (WildFly's port offset), so that a second server can run beside one on 8080
offset=${MAGICSHIELD_PORT_OFFSET:-0}
port=$((8080 + offset))
https_port=$((8443 + offset))
# where this script checks that the page answers
probe=$bind
[ "$bind" != "0.0.0.0" ] || probe=127.0.0.1

rm -rf "$base"
cp -r "$home/standalone" "$base"
rm -rf "$base/deployments" "$base/data" "$base/log" "$base/tmp"
mkdir -p "$base/deployments"
cp "$war" "$base/deployments/magicshield.war"

export MALLOC_ARENA_MAX=2
# Not LAUNCH_JBOSS_IN_BACKGROUND: with bash >= 5.1 its wait loop spins forever once the JVM died of a signal.
# Run as a background job, the JVM ignores Ctrl-C; stop() sends it TERM, WildFly's graceful shutdown.
bash "$home/bin/standalone.sh" -Djboss.server.base.dir="$base" -Djboss.bind.address="$bind" \
  -Djboss.socket.binding.port-offset="$offset" &
server=$!

# The JVM that standalone.sh started (its child), found through /proc: procps may not be installed.
jvm_pid() {
  local stat pid comm state ppid rest
  for stat in /proc/[0-9]*/stat; do
    read -r pid comm state ppid rest < "$stat" 2>/dev/null || continue
    if [ "$ppid" = "$server" ] && [ "$comm" = "(java)" ]; then
      echo "$pid"
    fi
  done
}

stop() {
  # Maven may be gone already (Ctrl-C reaches it too): the JVM is signalled first, and writing to the closed
  # output pipe must not end this script before it has waited for the server.
  trap - INT TERM
  trap '' PIPE
  local jvm
  jvm=$(jvm_pid)
  [ -z "$jvm" ] || kill -TERM $jvm 2>/dev/null || true
  echo "Stopping Magic Shield..." 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM

page_answers() {
  exec 3<>"/dev/tcp/$probe/$port" 2>/dev/null || return 1
  printf 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  local status=""
  read -r -t 5 status <&3 || true
  exec 3>&-
  [[ $status == *" 200"* ]]
}

deadline=$((SECONDS + 180))
until [ -f "$base/deployments/magicshield.war.deployed" ] && page_answers; do
  if [ -f "$base/deployments/magicshield.war.failed" ]; then
    echo "Magic Shield failed to deploy:" >&2
    cat "$base/deployments/magicshield.war.failed" >&2
    stop
    exit 1
  fi
  if ! kill -0 "$server" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
    echo "WildFly did not come up; see $base/log/server.log" >&2
    stop
    exit 1
  fi
  sleep 0.5
done
case $bind in
  127.0.0.1 | 0.0.0.0) echo "Magic Shield is running: open http://localhost:$port/" ;;
  *) echo "Magic Shield is running" ;;
esac
# Away from the loopback a browser gives the camera to https pages only; the certificate is self-signed.
if [ "$bind" != "127.0.0.1" ]; then
  addresses=$bind
  [ "$bind" != "0.0.0.0" ] || addresses=$(hostname -I 2>/dev/null || true)
  for address in $addresses; do
    [[ $address == *:* ]] && address="[$address]"
    echo "  from other machines: https://$address:$https_port/ (accept the self-signed certificate once)"
  done
fi

# Maven passes no signal on to this script when it is killed: once Maven is gone, stop the server too.
maven=$PPID
while kill -0 "$server" 2>/dev/null; do
  if ! kill -0 "$maven" 2>/dev/null; then
    stop
    exit 0
  fi
  sleep 1
done
wait "$server"
