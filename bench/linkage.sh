#!/usr/bin/env bash
# Linkage benchmark: import every list of scripts/shared-lists.tsv into a fresh
# data directory, then build the parties ($RUNS times, default 5: median wall
# and CPU seconds, peak RSS) and evaluate the links against the OpenSanctions
# referents (precision, recall, pairs).
#
#   bash bench/linkage.sh
set -euo pipefail
cd "$(dirname "$0")/.."
lists="${INTERDICT_SHARED:-$(cd .. && pwd)/shared}/lists"
runs="${RUNS:-5}"
cargo build --release --locked -p interdict-cli >/dev/null 2>&1
bin="${CARGO_TARGET_DIR:-$PWD/target}/release/interdict"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export INTERDICT_DATA="$work/data"

while IFS=$'\t' read -r source path published; do
  case "$source" in ''|'#'*) continue ;; esac
  args=(import "$source" "$lists/$path")
  [ -n "${published:-}" ] && args+=(--published "$published")
  "$bin" "${args[@]}" >/dev/null
done < scripts/shared-lists.tsv

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: > "$work/samples"
for _ in $(seq "$runs"); do
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$bin" links build --json > "$work/build.json"
  cat "$work/time" >> "$work/samples"
done
wall=$(cut -d' ' -f1 "$work/samples" | median)
cpu=$(awk '{print $2 + $3}' "$work/samples" | median)
kib=$(cut -d' ' -f4 "$work/samples" | median)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
python3 - "$work/build.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
print(f"records: {b['records_in_force']} in force, {b['records_former']} former; "
      f"{b['linked_parties']} parties join {b['linked_records']} records; refused {b['refused']}")
print("links: " + ", ".join(f"{k} {v}" for k, v in b["links"].items()))
print(f"last run: former records {b['former_seconds']} s, evidence+clustering {b['link_seconds']} s "
      f"(names {b['name_seconds']} s), total {b['seconds']} s")
PY
printf 'links build, median of %s runs: wall %s s, CPU (user+sys) %s s, peak RSS %.0f MiB\n' \
  "$runs" "$wall" "$cpu" "$(echo "$kib / 1024" | bc -l)"

"$bin" links eval --json > "$work/eval.json"
python3 - "$work/eval.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
print(f"eval vs OpenSanctions {e['truth_version']} referents: {e['truth_entities']} entities, "
      f"{e['records']} records; pairs {e['truth_pairs']} true, {e['predicted_pairs']} linked, "
      f"{e['true_positives']} both: precision {e['precision']}, recall {e['recall']}")
PY
