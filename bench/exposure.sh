#!/usr/bin/env bash
# Exposure benchmark: per-query latency (p50/p99/max) of `interdict_ownership`
# over a generated 1M-edge graph plus the real OFAC SDN edges (2023-12-28),
# release build, pinned to one core. See crates/ownership/examples/exposure_bench.rs.
#
#   bash bench/exposure.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export INTERDICT_SHARED="${INTERDICT_SHARED:-$(cd .. && pwd)/shared}"
run() { printf '+ %s\n' "$*" >&2; "$@"; }
run cargo build --release -p interdict-ownership --example exposure_bench
target="${CARGO_TARGET_DIR:-target}"
run taskset -c 0 "$target/release/examples/exposure_bench"
