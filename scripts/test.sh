#!/usr/bin/env bash
# The test command: installs what the tests need that cargo does not
# (Debian's Chromium and the e2e packages for the web UI's browser test),
# then runs every test of the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  echo "installing Debian's chromium for the web UI's end-to-end test" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d e2e/node_modules/playwright-core ]; then
  npm ci --prefix e2e --no-audit --no-fund
fi

cargo test --workspace --locked "$@"
