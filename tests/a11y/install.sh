#!/usr/bin/env bash
# Installs what the browser test of the web page (tests/test_html_a11y.py) needs and is missing:
# Debian's chromium, node and npm, and the pinned axe-core and playwright-core (npm ci, no install
# scripts: playwright-core never downloads a browser, it drives /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
    "${SUDO[@]}" apt-get update
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

if [ ! -f node_modules/axe-core/package.json ] || [ ! -f node_modules/playwright-core/package.json ]; then
    npm ci --ignore-scripts --no-audit --no-fund
fi
