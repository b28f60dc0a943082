#!/usr/bin/env bash
# Text screening benchmark (interdict-mentions): speed in MB/s with the latest version of every
# source in ../shared/lists loaded, recall on listed names inserted into generated news-like
# text, and false mentions per MB. See bench/text_corpus.py for how the text is made.
#
#   bash bench/text.sh            (MB=3 of text; prints the example's JSON)
#   CORES=0 bash bench/text.sh    (pinned to one core; default: cores 0 and 1)
#   FILLER=0.8 bash bench/text.sh (4 in 5 sentences without names: a proper name every ~45
#                                  words, as in real news; the default text has one every ~9)
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${INTERDICT_SHARED:-$(cd .. && pwd)/shared}"
lists="$shared/lists"
mb="${MB:-3}"
filler="${FILLER:-0}"
out="bench/out/text"
news="$out/news.txt"
truth="$out/truth.jsonl"
if [ "$filler" != 0 ]; then
  news="$out/news-filler-$filler.txt"
  truth="$out/truth-filler-$filler.jsonl"
fi
mkdir -p "$out"
run() { printf '+ %s\n' "$*" >&2; "$@"; }

run python3 bench/text_corpus.py --shared "$shared" --mb "$mb" --filler "$filler" --out "$out/gen" >&2
mv "$out/gen/news.txt" "$news"
mv "$out/gen/truth.jsonl" "$truth"
run cargo build --release --locked -p interdict-cli >&2
run cargo build --release --locked -p interdict-mentions --example text_bench >&2
target="${CARGO_TARGET_DIR:-target}"
data="$out/data"
if [ ! -f "$data/interdict.db" ]; then
  # The latest publication of each source (the version load_screening_set picks).
  while IFS=$'\t' read -r source path published; do
    case "$source" in ''|'#'*) continue ;; esac
    args=(import "$source" "$lists/$path")
    [ -n "${published:-}" ] && args+=(--published "$published")
    run "$target/release/interdict" --data "$data" "${args[@]}" >/dev/null
  done < <(grep -v '^#' scripts/shared-lists.tsv | awk -F'\t' '{last[$1]=$0} END {for (s in last) print last[s]}')
fi
run taskset -c "${CORES:-0,1}" "$target/release/examples/text_bench" "$data" "$news" "$truth"
