#!/usr/bin/env bash
# Import benchmark: for every fixture in scripts/shared-lists.tsv, the wall time and
# peak RSS of `interdict import` into a fresh data directory, pinned to one core;
# then all fixtures into one store, one after another, on one core.
# Each figure is the median of $RUNS runs (default 5).
#
#   bash bench/import.sh            (prints a Markdown table)
set -euo pipefail
cd "$(dirname "$0")/.."
lists="${INTERDICT_SHARED:-$(cd .. && pwd)/shared}/lists"
runs="${RUNS:-5}"
cargo build --release --locked -p interdict-cli >/dev/null 2>&1
bin="$PWD/target/release/interdict"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() { # args: data-dir, import args... ; prints "seconds kib"
  /usr/bin/time -f '%e %M' -o "$work/time" taskset -c 0 "$bin" --data "$1" "${@:2}" >/dev/null
  cat "$work/time"
}

echo "| source | fixture | entities | median wall (s) | peak RSS (MiB) |"
echo "|---|---|---:|---:|---:|"
while IFS=$'\t' read -r source path published; do
  case "$source" in ''|'#'*) continue ;; esac
  args=(import "$source" "$lists/$path")
  [ -n "${published:-}" ] && args+=(--published "$published")
  : > "$work/samples"
  for _ in $(seq "$runs"); do
    rm -rf "$work/data"
    measure "$work/data" "${args[@]}" >> "$work/samples"
  done
  entities=$("$bin" --data "$work/data" lists --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["entities"])')
  secs=$(cut -d' ' -f1 "$work/samples" | median)
  kib=$(cut -d' ' -f2 "$work/samples" | median)
  printf '| %s | %s | %s | %s | %.1f |\n' "$source" "$path" "$entities" "$secs" "$(echo "$kib / 1024" | bc -l)"
done < scripts/shared-lists.tsv

: > "$work/totals"
for _ in $(seq "$runs"); do
  rm -rf "$work/all"
  start=$(date +%s.%N)
  while IFS=$'\t' read -r source path published; do
    case "$source" in ''|'#'*) continue ;; esac
    args=(import "$source" "$lists/$path")
    [ -n "${published:-}" ] && args+=(--published "$published")
    taskset -c 0 "$bin" --data "$work/all" "${args[@]}" >/dev/null
  done < scripts/shared-lists.tsv
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l >> "$work/totals"
done
printf '\nAll fixtures into one store, one core, median of %s runs: %.2f s\n' "$runs" "$(median < "$work/totals")"
