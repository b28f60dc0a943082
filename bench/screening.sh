#!/usr/bin/env bash
# Screening benchmark, interdict side by side with its peers, in one run:
#   1. bench/peers/setup.sh          the peers' pinned venv (bench/.venv)
#   2. bench/peers/name_bench.py     nomenklatura logic-v2 and rapidfuzz WRatio on name_bench
#   3. bench/screen_eval_data.py     the `interdict eval screen` input CSVs (bench/out/eval/)
#   4. bench/peers/screen_rapidfuzz.py  rapidfuzz brute force over UN and OFAC SDN; logic-v2 cost
#   5. interdict `eval pairs` / `eval screen` on the same inputs, only if target/release/interdict
#      exists and has an `eval` subcommand (BUILD=1 builds it first)
#   6. bench/side_by_side.py         one Markdown table from the JSON in bench/out/
# Timed parts run pinned to one core (taskset -c 0). Every command is echoed to stderr.
#
#   bash bench/screening.sh                 (NEG=1000 negatives per file, LOGIC_QUERIES=20;
#                                            INTERDICT_BIN=path overrides target/release/interdict)
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${INTERDICT_SHARED:-$(cd .. && pwd)/shared}"
export INTERDICT_SHARED="$shared"
neg="${NEG:-1000}"
logic_queries="${LOGIC_QUERIES:-20}"
out="bench/out"
py="bench/.venv/bin/python"
mkdir -p "$out"

run() { printf '+ %s\n' "$*" >&2; "$@"; }

run bash bench/peers/setup.sh
run taskset -c 0 "$py" bench/peers/name_bench.py --out "$out/name_bench_peers.json" > "$out/name_bench_peers.md"
run "$py" bench/screen_eval_data.py --out "$out/eval" --negatives-per-file "$neg"
run taskset -c 0 "$py" bench/peers/screen_rapidfuzz.py --negatives-per-file "$neg" \
  --logic-v2-queries "$logic_queries" --out "$out/screen_peers.json" > "$out/screen_peers.md"

# interdict: guarded, so this script works before its `eval` subcommand exists.
bin="${INTERDICT_BIN:-$PWD/target/release/interdict}"
rm -f "$out"/interdict_*.json
if [ "${BUILD:-0}" = 1 ]; then
  run cargo build --release --locked -p interdict-cli >&2
fi
if [ -x "$bin" ] && "$bin" eval --help >/dev/null 2>&1; then
  data=$(mktemp -d)
  trap 'rm -rf "$data"' EXIT
  run "$bin" --data "$data/un" import un-sc "$shared/lists/un-sc/consolidated_2026-02-27.xml" >/dev/null
  run "$bin" --data "$data/ofac" import ofac-sdn "$shared/lists/ofac-sdn/2023-12-28" >/dev/null
  ie() { # args: output json, interdict args...
    local dest="$1"; shift
    printf '+ %s > %s\n' "taskset -c 0 $bin $*" "$dest" >&2
    if ! taskset -c 0 "$bin" "$@" > "$dest"; then
      echo "interdict $* failed; its figures are left out" >&2
      rm -f "$dest"
    fi
  }
  # interdict at its own documented default threshold (no --threshold).
  ie "$out/interdict_pairs.json" eval pairs "$shared/bench/name_bench/cases.csv" --scores "$out/interdict_pairs_scores.csv" --json
  ie "$out/interdict_screen_un_positives.json" --data "$data/un" eval screen "$out/eval/un_positives.csv" --json
  ie "$out/interdict_screen_un_positives_name_only.json" --data "$data/un" eval screen "$out/eval/un_positives_name_only.csv" --json
  ie "$out/interdict_screen_negatives_un.json" --data "$data/un" eval screen "$out/eval/negatives_sample.csv" --json
  ie "$out/interdict_screen_negatives_un_name_only.json" --data "$data/un" eval screen "$out/eval/negatives_sample_name_only.csv" --json
  ie "$out/interdict_screen_negatives_ofac.json" --data "$data/ofac" eval screen "$out/eval/negatives_sample.csv" --json
  # The issue's targets: every list in ../shared/lists loaded together (scripts/shared-lists.tsv),
  # all 100,000 negatives, with and without birth date and nationality.
  while IFS=$'\t' read -r source path published; do
    case "$source" in ''|'#'*) continue ;; esac
    args=(import "$source" "$shared/lists/$path")
    [ -n "${published:-}" ] && args+=(--published "$published")
    "$bin" --data "$data/all" "${args[@]}" >/dev/null
  done < scripts/shared-lists.tsv
  for kind in global us; do
    ie "$out/interdict_all_negatives_$kind.json" --data "$data/all" eval screen "$out/eval/negatives_$kind.csv" --json
    ie "$out/interdict_all_negatives_${kind}_name_only.json" --data "$data/all" eval screen "$out/eval/negatives_${kind}_name_only.csv" --json
  done
  ie "$out/interdict_all_un_positives.json" --data "$data/all" eval screen "$out/eval/un_positives.csv" --json
  "$py" - "$out" <<'PY'
import json, sys, pathlib
out = pathlib.Path(sys.argv[1])
print("\n## interdict with every list loaded (one core)\n")
print("| input | rows | recall@1 | recall@10 | false-alert rate | p50 µs | p99 µs | index names | build s |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name in ["un_positives", "negatives_global", "negatives_global_name_only", "negatives_us", "negatives_us_name_only"]:
    f = out / f"interdict_all_{name}.json"
    if not f.exists():
        continue
    r = json.loads(f.read_text())
    rows = r["positives"] + r["negatives"]
    rec1 = f'{r["recall_at_1"]:.4f}' if r["positives"] else ""
    rec10 = f'{r["recall_at_10"]:.4f}' if r["positives"] else ""
    far = f'{r["false_alert_rate"]:.4f}' if r["negatives"] else ""
    print(f'| {name} | {rows} | {rec1} | {rec10} | {far} | {r["latency_us"]["p50"]:.1f} | {r["latency_us"]["p99"]:.1f} | {r["index"]["names"]} | {r["index"]["build_seconds"]:.2f} |')
PY
else
  echo "interdict: $bin has no 'eval' subcommand (yet); peers only" >&2
fi

cat "$out/name_bench_peers.md"
echo
cat "$out/screen_peers.md"
echo
if [ -f "$out/interdict_pairs.json" ]; then
  echo "## name_bench by case_group and category"
  python3 bench/name_bench_table.py "$out"
  echo
fi
echo "## Side by side"
echo
run "$py" bench/side_by_side.py "$out"
