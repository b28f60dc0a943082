#!/usr/bin/env bash
# Audit-log append benchmark: durable appends/s with concurrent callers (group
# commit, WAL, synchronous=FULL), and the time to verify the chain written.
#
#   bash bench/audit.sh [CALLERS] [SECONDS]     (defaults: 64 callers, 10 s)
#
# The log is written to a temp dir under $TMPDIR: the figure depends on how
# fast that disk makes an fsync durable.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --locked -q -p interdict-audit --example append_bench -- "${1:-64}" "${2:-10}"
