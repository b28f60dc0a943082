#!/usr/bin/env bash
# Bulk screening benchmark (docs/batch.md): throughput and peak memory of
# `interdict batch`, release build, every list in ../shared/lists loaded.
#   1. every list of scripts/shared-lists.tsv imported into a temp data dir (as
#      scripts/load-shared-lists.sh does), release build
#   2. bench/batch_input.py: a 100k-row input and a ROWS-row input (default 10,000,000)
#   3. `interdict batch` on each under /usr/bin/time -v: records/s and peak RSS
# Outputs go to bench/out/batch/ (the big result file is deleted after the run).
#
#   bash bench/batch.sh      (ROWS=10000000; SMALL=100000; BENCH_DATA=dir keeps the imported lists)
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${INTERDICT_SHARED:-$(cd .. && pwd)/shared}"
export INTERDICT_SHARED="$shared"
rows="${ROWS:-10000000}"
small="${SMALL:-100000}"
out="bench/out/batch"
mkdir -p "$out"
if [ -n "${BENCH_DATA:-}" ]; then
  data="$BENCH_DATA"            # a data dir kept between runs (imported once)
else
  data=$(mktemp -d)
  trap 'rm -rf "$data"' EXIT
fi

run() { printf '+ %s\n' "$*" >&2; "$@"; }

# What scripts/load-shared-lists.sh does, with the binary of $CARGO_TARGET_DIR.
run cargo build --release --locked -p interdict-cli >&2
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/interdict"
[ -f "$data/interdict.db" ] || while IFS=$'\t' read -r source path published; do
  case "$source" in ''|'#'*) continue ;; esac
  args=(import "$source" "$shared/lists/$path")
  [ -n "${published:-}" ] && args+=(--published "$published")
  "$bin" --data "$data" "${args[@]}" >/dev/null
done < scripts/shared-lists.tsv

one() { # rows label
  local n="$1" label="$2"
  local input="$out/input_$label.csv"
  [ -f "$input" ] || run python3 bench/batch_input.py --rows "$n" --out "$input"
  # Exit code 3 (alerts) or 4 (alerts and bad rows: the generator writes some 29 Februarys
  # in non-leap years) is the expected outcome.
  run /usr/bin/time -v "$bin" --data "$data" batch "$input" --output "$out/results_$label.jsonl" \
      --json > "$out/summary_$label.json" 2> "$out/time_$label.txt" || { rc=$?; [ $rc -eq 3 ] || [ $rc -eq 4 ]; }
  python3 - "$out/summary_$label.json" "$out/time_$label.txt" "$label" <<'PY'
import json, re, sys
s = json.load(open(sys.argv[1]))
t = open(sys.argv[2]).read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", t).group(1)
print(f"| {sys.argv[3]} | {s['records']:,} | {s['alerts']:,} | {s['errors']} | {s['elapsed_seconds']:.1f} | "
      f"{s['records_per_second']:,.0f} | {s['index_seconds']:.1f} | {rss/1024:.0f} | {wall} |")
PY
}

echo "| input | records | alerts | bad rows | batch s | records/s | index load+build s | peak RSS MiB | wall |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
one "$small" small
one "$rows" large
rm -f "$out/results_large.jsonl"
