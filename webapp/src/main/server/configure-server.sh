#!/usr/bin/env bash
# Applies configure.cli to the unpacked WildFly at $1 (offline, embedded server) and sets MALLOC_ARENA_MAX in
# bin/standalone.conf. Runs again only when configure.cli changed, always from the distribution's own
# standalone.xml, so the result does not depend on earlier runs.
set -euo pipefail
home=$1
here=$(cd "$(dirname "$0")" && pwd)
cli="$here/configure.cli"
config="$home/standalone/configuration"
stamp="$config/.magicshield-configured"

want=$(sha256sum "$cli" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "[wildfly] $home is configured"
  exit 0
fi

[ -f "$config/standalone.xml.dist" ] || cp "$config/standalone.xml" "$config/standalone.xml.dist"
cp "$config/standalone.xml.dist" "$config/standalone.xml"
echo "[wildfly] configuring $home"
JBOSS_HOME="$home" bash "$home/bin/jboss-cli.sh" --file="$cli"

# glibc's per-thread malloc arenas make RSS climb per WebRTC session; 2 arenas level it off (webrtc-java.md).
# standalone.sh defaults it to 1 before it reads standalone.conf, so this line wins.
conf="$home/bin/standalone.conf"
grep -q '^MALLOC_ARENA_MAX=' "$conf" || printf '\n# Magic Shield\nMALLOC_ARENA_MAX=2\nexport MALLOC_ARENA_MAX\n' >> "$conf"

echo "$want" > "$stamp"
