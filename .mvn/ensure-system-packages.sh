#!/usr/bin/env bash
# Installs the Debian packages a module needs (compilers, libpulse0, chromium, ...) when they are missing,
# so that the README's two commands work on a fresh machine. Called by Maven (validate phase) with the
# package names; does nothing when all are present. MAGICSHIELD_SKIP_SYSTEM_PACKAGES=1 turns it off.
set -euo pipefail
[ "${MAGICSHIELD_SKIP_SYSTEM_PACKAGES:-0}" = "1" ] && exit 0
missing=()
for pkg in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ]; then
  sudo=""
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo="sudo -n"
else
  echo "ERROR: missing Debian packages: ${missing[*]}" >&2
  echo "       install them (apt-get install ${missing[*]}) or run the build as root." >&2
  exit 1
fi
echo "[system-packages] installing: ${missing[*]}"
# A lock held by another apt run is waited for rather than failing the build.
$sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
