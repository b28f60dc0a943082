#!/usr/bin/env bash
# Web UI timings in headless Chromium: the list diff page on ofac-sdn
# 2019-01-04 → 2023-12-28 (about 9,900 added, removed or changed entities:
# first rows, all rows rendered by scrolling, a filter) and search (keystroke
# to results, debounce included). Needs Chromium and `npm ci --prefix e2e`.
#
#   bash bench/ui.sh        (INTERDICT_BIN=path overrides target/release/interdict; ROUNDS=5)
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${INTERDICT_SHARED:-$(cd .. && pwd)/shared}"
bin="${INTERDICT_BIN:-$PWD/target/release/interdict}"
data=$(mktemp -d)
log="$data/serve.log"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT

run() { printf '+ %s\n' "$*" >&2; "$@"; }
run "$bin" --data "$data" import ofac-sdn "$shared/lists/ofac-sdn/2019-01-04" >/dev/null
run "$bin" --data "$data" import ofac-sdn "$shared/lists/ofac-sdn/2023-12-28" >/dev/null
key=$("$bin" --data "$data" keys create --role analyst --label bench --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).key))')
"$bin" --data "$data" serve --listen 127.0.0.1:0 --reload-interval 0 >"$log" 2>&1 &
server=$!
for _ in $(seq 1 600); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 || true)
  [ -n "$url" ] && curl -sf "$url/readyz" >/dev/null && break
  sleep 0.2
done
[ -n "$url" ] || { echo "interdict serve did not start: $(cat "$log")" >&2; exit 1; }
INTERDICT_URL="$url" INTERDICT_KEY="$key" run node e2e/bench-ui.mjs
