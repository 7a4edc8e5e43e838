#!/usr/bin/env bash
# Applies configure.cli to the unpacked WildFly at $1 (offline, embedded server), generates the HTTPS listener's
# self-signed certificate (configure-tls.cli), writes the cluster's two configurations (cluster/*.cli, on copies of
# standalone-ha.xml and standalone-load-balancer.xml; docs/cluster.md) and sets MALLOC_ARENA_MAX in
# bin/standalone.conf. Runs again only when one of these files changed, always from the distribution's own files, so
# the result does not depend on earlier runs.
set -euo pipefail
home=$1
here=$(cd "$(dirname "$0")" && pwd)
cli="$here/configure.cli"
tls_cli="$here/configure-tls.cli"
node_cli="$here/cluster/configure-node.cli"
balancer_cli="$here/cluster/configure-balancer.cli"
config="$home/standalone/configuration"
stamp="$config/.magicshield-configured"

want=$(cat "$cli" "$tls_cli" "$node_cli" "$balancer_cli" "$0" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "[wildfly] $home is configured"
  exit 0
fi

[ -f "$config/standalone.xml.dist" ] || cp "$config/standalone.xml" "$config/standalone.xml.dist"
cp "$config/standalone.xml.dist" "$config/standalone.xml"
echo "[wildfly] configuring $home"
JBOSS_HOME="$home" bash "$home/bin/jboss-cli.sh" --file="$cli"

# The HTTPS listener's certificate: self-signed, made now for this machine's names and addresses (a browser on the
# LAN warns once, then the page is a secure context). Its password only has to match standalone.xml, which holds it
# the way WildFly holds its own default; both files are readable by the server's user only.
keystore_name=magicshield-tls.p12
keystore="$config/$keystore_name"
password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
san="dns:localhost,ip:127.0.0.1,ip:::1"
host=$(hostname 2>/dev/null || true)
[ -z "$host" ] || san="$san,dns:$host"
for address in $(hostname -I 2>/dev/null || true); do
  san="$san,ip:$address"
done
rm -f "$keystore"
keytool -genkeypair -noprompt -alias magicshield -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA \
  -validity 825 -dname "CN=Magic Shield (self-signed)" -ext "SAN=$san" -ext "EKU=serverAuth" \
  -storetype PKCS12 -keystore "$keystore" -storepass "$password" -keypass "$password"
chmod 600 "$keystore"
properties=$(mktemp)
trap 'rm -f "$properties"' EXIT
chmod 600 "$properties"
printf 'magicshield.tls.keystore=%s\nmagicshield.tls.password=%s\n' "$keystore_name" "$password" > "$properties"
JBOSS_HOME="$home" bash "$home/bin/jboss-cli.sh" --resolve-parameter-values --properties="$properties" \
  --file="$tls_cli"
chmod 600 "$config/standalone.xml"
echo "[wildfly] HTTPS certificate for $san (self-signed, 825 days): $keystore"

# The cluster's configurations, each from the distribution's own file (which stays as it is).
cp "$config/standalone-ha.xml" "$config/standalone-ha-magicshield.xml"
JBOSS_HOME="$home" bash "$home/bin/jboss-cli.sh" --file="$node_cli"
cp "$config/standalone-load-balancer.xml" "$config/standalone-load-balancer-magicshield.xml"
JBOSS_HOME="$home" bash "$home/bin/jboss-cli.sh" --file="$balancer_cli"
echo "[wildfly] cluster configurations: standalone-ha-magicshield.xml, standalone-load-balancer-magicshield.xml"

# glibc's per-thread malloc arenas make RSS climb per WebRTC session; 2 arenas level it off (webrtc-java.md).
# standalone.sh defaults it to 1 before it reads standalone.conf, so this line wins.
conf="$home/bin/standalone.conf"
grep -q '^MALLOC_ARENA_MAX=' "$conf" || printf '\n# Magic Shield\nMALLOC_ARENA_MAX=2\nexport MALLOC_ARENA_MAX\n' >> "$conf"

echo "$want" > "$stamp"
