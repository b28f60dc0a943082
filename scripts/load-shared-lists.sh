#!/usr/bin/env bash
# The main job on a fresh machine: build interdict, import every official list
# file in ../shared/lists (as listed in scripts/shared-lists.tsv) into a data
# directory, then show what is held, a diff, a history, a screening, and the
# answers the later layers give: a travel check, ownership exposure, a payment
# message, a regime table check and the audit log.
#
#   bash scripts/load-shared-lists.sh [DATA_DIR]     (default: ./interdict-data)
set -euo pipefail
cd "$(dirname "$0")/.."
lists="${INTERDICT_SHARED:-$(cd .. && pwd)/shared}/lists"
export INTERDICT_DATA="${1:-${INTERDICT_DATA:-$PWD/interdict-data}}"

cargo build --release --locked -p interdict-cli
bin="${CARGO_TARGET_DIR:-target}/release/interdict"

while IFS=$'\t' read -r source path published; do
  case "$source" in ''|'#'*) continue ;; esac
  args=(import "$source" "$lists/$path")
  [ -n "${published:-}" ] && args+=(--published "$published")
  "$bin" "${args[@]}"
done < scripts/shared-lists.tsv

echo
"$bin" lists
echo
"$bin" diff ofac-sdn --from 2022-02-23 --to 2022-03-07 | head -5
echo
"$bin" history un-sc:IRi.039
echo
"$bin" show ofac-sdn:10481
echo
# `screen` exits 3 when a result matches: expected here.
"$bin" screen "Gen. Qassem Suleimani" --birth-date 1957 --limit 3 || [ $? -eq 3 ]
echo
# Exit code 3 means "alert / violation / exposure": expected in what follows.
"$bin" travel "Qasem Soleimani" --to RU --date 2015-07-24 || [ $? -eq 3 ]
echo
"$bin" exposure ofac-sdn:16471 || [ $? -eq 3 ]
echo
"$bin" message "$lists/../payments/iso20022/cbprplus_pacs.008_AtoB.xml" || [ $? -eq 3 ]
echo
"$bin" regimes --unmapped
echo
"$bin" audit verify
