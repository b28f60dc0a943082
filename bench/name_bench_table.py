"""Per case_group and per category F1 on name_bench, interdict beside the peers.

Reads bench/out/interdict_pairs.json (`interdict eval pairs --json`) and
bench/out/name_bench_peers.json (bench/peers/name_bench.py) and prints Markdown.

    python3 bench/name_bench_table.py [bench/out]
"""
import json
import pathlib
import sys

out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "bench/out")
ours = json.loads((out / "interdict_pairs.json").read_text())
peers = json.loads((out / "name_bench_peers.json").read_text())["systems"]
logic = peers["nomenklatura logic-v2 @ 0.70"]
wratio = peers["rapidfuzz WRatio @ 0.855 (best F1 in hindsight)"]


def cell(stats):
    return f'{stats["f1"]:.3f}' if stats else ""


for column, peer_key in [("case_group", "by_case_group"), ("category", "by_category")]:
    print(f"\n| {column} | cases | interdict F1 (P / R) | logic-v2 @ 0.70 F1 | WRatio best F1 |")
    print("|---|---:|---:|---:|---:|")
    for value, stats in sorted(ours["slices"][column].items(), key=lambda kv: -(kv[1]["tp"] + kv[1]["fp"] + kv[1]["tn"] + kv[1]["fn"])):
        n = stats["tp"] + stats["fp"] + stats["tn"] + stats["fn"]
        peer_value = value if value else "(none)"
        print(
            f"| {value or '(none)'} | {n} | {stats['f1']:.3f} ({stats['precision']:.3f} / {stats['recall']:.3f}) "
            f"| {cell(logic[peer_key].get(peer_value))} | {cell(wratio[peer_key].get(peer_value))} |"
        )
