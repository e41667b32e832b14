#!/usr/bin/env bash
# Installs the Debian packages the VS Code extension-host tests need (run as root: `npm run setup:system`).
#   chromium          - the browser Playwright drives (playwright-core cannot download its own here)
#   libkrb5-dev       - headers for code-server's native `kerberos` module, built at provisioning
#   make g++ python3 pkg-config - node-gyp toolchain for code-server's ~10 native modules
#   fonts-liberation  - metric-compatible fonts so workbench screenshots render text
# Skips apt entirely when everything is already installed, so warm runs cost nothing.
set -euo pipefail

PACKAGES=(chromium libkrb5-dev make g++ python3 pkg-config fonts-liberation ca-certificates openssl)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup-system: all system packages present (${PACKAGES[*]})"
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  echo "setup-system: missing ${missing[*]}; run this script as root (sudo npm run setup:system)" >&2
  exit 1
fi

echo "setup-system: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "setup-system: done"
