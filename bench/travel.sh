#!/usr/bin/env bash
# Travel-check benchmark: `interdict_travel::check` with the set loaded (target ≤ 1 ms).
# Imports UN 2026-02-27, OFAC SDN 2023-12-28 and UK HMT 2025-04-14 into a temp store, loads
# the travel set once, and times `check` alone with criterion (bench profile = release),
# pinned to one core.
#
#   bash bench/travel.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export INTERDICT_SHARED="${INTERDICT_SHARED:-$(cd .. && pwd)/shared}"
printf '+ %s\n' "taskset -c 0 cargo bench -p interdict-travel --bench travel" >&2
taskset -c 0 cargo bench -p interdict-travel --bench travel
