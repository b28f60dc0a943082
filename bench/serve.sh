#!/usr/bin/env bash
# Load benchmark of `interdict serve`: imports every list of ../shared/lists
# (scripts/shared-lists.tsv) into a temp data dir, holding back the last UN
# publication; creates an API key; starts the release server; runs wrk (2
# threads, 64 connections, 30 s, --latency) against POST /v1/screen with
# rotating real names (bench/serve.lua); 10 s in, imports the held-back UN
# version and asks POST /v1/admin/reload, so a new index is built and swapped
# in under load. Prints wrk's figures, the reload answer and the non-2xx count.
#
#   bash bench/serve.sh            (DURATION=30s CONNECTIONS=64 THREADS=2 PORT=18080)
#   OPEN_LOOP_RATE=2000 bash bench/serve.sh
#       the same, but the load is open-loop at a fixed rate (requests sent when due,
#       latency measured from then: crates/server/examples/open_loop.rs) instead of wrk;
#       DURATION is then in seconds (default 30).
# Needs wrk (apt-get install -y wrk) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${INTERDICT_SHARED:-$(cd .. && pwd)/shared}"
export INTERDICT_SHARED="$shared"
duration="${DURATION:-30s}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
port="${PORT:-18080}"
run() { printf '+ %s\n' "$*" >&2; "$@"; }

run cargo build --release --locked -p interdict-cli
bin="${CARGO_TARGET_DIR:-target}/release/interdict"
open_loop_rate="${OPEN_LOOP_RATE:-}"
if [ -n "$open_loop_rate" ]; then
  run cargo build --release --locked -p interdict-server --example open_loop
  open_loop="${CARGO_TARGET_DIR:-target}/release/examples/open_loop"
fi
data="$(mktemp -d)"
export INTERDICT_DATA="$data"
held_back="un-sc/consolidated_2026-02-27.xml"
server=""
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$data"
}
trap cleanup EXIT

while IFS=$'\t' read -r source path published; do
  case "$source" in ''|'#'*) continue ;; esac
  [ "$path" = "$held_back" ] && continue
  args=(import "$source" "$shared/lists/$path")
  [ -n "${published:-}" ] && args+=(--published "$published")
  "$bin" "${args[@]}" > /dev/null
done < scripts/shared-lists.tsv
"$bin" lists | tail -n +1 | wc -l | xargs echo "versions held:" >&2

key="$("$bin" keys create --role admin --label bench --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')"
export INTERDICT_KEY="$key"

"$bin" serve --listen "127.0.0.1:$port" --rate-limit 0 --reload-interval 0 > "$data/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 600); do
  if curl -sf "http://127.0.0.1:$port/readyz" > /dev/null; then break; fi
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/readyz" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("index loaded: generation", d["generation"], "entities", d["entities"])' >&2

(
  sleep 10
  "$bin" import un-sc "$shared/lists/$held_back" > /dev/null
  curl -s -X POST -H "Authorization: Bearer $key" "http://127.0.0.1:$port/v1/admin/reload" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print("reload during the run:", d["status"], "generation", d["generation"])' >&2
) &
reloader=$!

if [ -n "$open_loop_rate" ]; then
  run "$open_loop" --url "http://127.0.0.1:$port/v1/screen" --rate "$open_loop_rate" \
    --seconds "${DURATION:-30}" --connections "$connections" | tee "$data/open_loop.json"
  wait "$reloader"
  curl -s -H "Authorization: Bearer $key" "http://127.0.0.1:$port/metrics" | grep -E '^interdict_(screenings_total|index_generation|index_build_seconds)' || true
  exit 0
fi
run wrk -t"$threads" -c"$connections" -d"$duration" --latency -s bench/serve.lua "http://127.0.0.1:$port" | tee "$data/wrk.txt"
wait "$reloader"
curl -sf "http://127.0.0.1:$port/readyz" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("after the run: generation", d["generation"])' >&2
non2xx="$(grep -o 'Non-2xx or 3xx responses: [0-9]*' "$data/wrk.txt" | grep -o '[0-9]*$' || echo 0)"
socket="$(grep -o 'Socket errors:.*' "$data/wrk.txt" || echo 'Socket errors: none')"
echo "non-2xx responses: $non2xx; $socket"
curl -s -H "Authorization: Bearer $key" "http://127.0.0.1:$port/metrics" | grep -E '^interdict_(screenings_total|index_generation|index_build_seconds)' || true
