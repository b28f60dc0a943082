"""Prints one side-by-side Markdown table from the JSON files that bench/screening.sh leaves in
bench/out/: the peers' (name_bench_peers.json, screen_peers.json) and, where they exist,
interdict's (interdict_pairs.json, interdict_screen_*.json).

interdict's JSON is read by key name, so the table keeps working while its shape settles:
- `eval pairs --json`: precision, recall, f1 (top level or under "overall"), and optionally
  us_per_pair or pairs_per_second;
- `eval screen --json`: recall_at_1, recall_at_10, false_alert_rate (or alerts / queries),
  latency p50/p99 (p50_us/p99_us or p50_ms/p99_ms, top level or under "latency"),
  queries_per_second or throughput_qps.
A figure interdict does not report shows as "n/a"; the raw files stay in bench/out/.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "out"


def load(name: str) -> dict | None:
    p = OUT / name
    if not p.exists() or p.stat().st_size == 0:
        return None
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return None


def find(d: dict | None, *keys: str):
    """The first of keys found at the top level or one level down."""
    if not isinstance(d, dict):
        return None
    for k in keys:
        if k in d:
            return d[k]
    for v in d.values():
        if isinstance(v, dict):
            for k in keys:
                if k in v:
                    return v[k]
    return None


def f3(x) -> str:
    return f"{x:.3f}" if isinstance(x, (int, float)) else "n/a"


def ms(d: dict | None, which: str) -> str:
    us = find(d, f"{which}_us", f"latency_{which}_us")
    if isinstance(us, (int, float)):
        return f"{us / 1000:.3f}"
    m = find(d, f"{which}_ms", f"latency_{which}_ms")
    return f"{m:.3f}" if isinstance(m, (int, float)) else "n/a"


def main() -> int:
    nb = load("name_bench_peers.json")
    sp = load("screen_peers.json")
    ip = load("interdict_pairs.json")

    print("### name_bench: pairs (threshold as stated)\n")
    print("| system | cases | precision | recall | F1 | µs/pair |")
    print("|---|---:|---:|---:|---:|---:|")
    if nb:
        tm = nb["timing_seconds"]
        for name, s in nb["systems"].items():
            o = s["overall"]
            cost = tm["logic_v2_us_per_pair"] if "logic-v2" in name else tm["wratio_us_per_pair"]
            print(f"| {name} | {o['n']} | {f3(o['precision'])} | {f3(o['recall'])} | {f3(o['f1'])} | {cost} |")
        fc = nb.get("frozen_check", {}).get("frozen_published")
        if fc:
            print(f"| logic-v2 frozen reference (older nomenklatura) | {fc['n']} | {f3(fc['precision'])} "
                  f"| {f3(fc['recall'])} | {f3(fc['f1'])} | n/a |")
    if ip:
        print(f"| interdict eval pairs | {find(ip, 'n', 'cases', 'pairs') or 'n/a'} | {f3(find(ip, 'precision'))} "
              f"| {f3(find(ip, 'recall'))} | {f3(find(ip, 'f1'))} | {find(ip, 'us_per_pair') or 'n/a'} |")
    else:
        print("| interdict eval pairs | not run | | | | |")

    print("\n### Screening: UN treated positives vs UN 2026-02-27; seeded negatives sample\n")
    print("| system | list | recall@1 | recall@10 | false-alert rate (negatives) | p50 (ms) | p99 (ms) | queries/s |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    if sp:
        rf, lat = sp["rapidfuzz_un"], sp["latency"]
        full = next(op for op in rf["operating_points"] if op["target"] != "fixed" and op["recall"] == rf["recall_at_10"])
        fixed = next(op for op in rf["operating_points"] if op["target"] == "fixed" and op["threshold"] == 0.85)
        print(f"| rapidfuzz WRatio, threshold {full['threshold']:.3f} (reaches recall@10) | UN | {f3(rf['recall_at_1'])} "
              f"| {f3(rf['recall_at_10'])} | {f3(full['false_alert_rate_un'])} | {lat['un']['p50_ms']} | {lat['un']['p99_ms']} "
              f"| {lat['un']['throughput_qps']} |")
        print(f"| rapidfuzz WRatio, threshold 0.85 (fixed) | UN | | {f3(fixed['recall'])} | {f3(fixed['false_alert_rate_un'])} | | | |")
        print(f"| rapidfuzz WRatio, threshold {full['threshold']:.3f} | OFAC SDN | n/a | n/a | {f3(full['false_alert_rate_ofac'])} "
              f"| {lat['ofac_sdn']['p50_ms']} | {lat['ofac_sdn']['p99_ms']} | {lat['ofac_sdn']['throughput_qps']} |")
        lg = sp["logic_v2"]
        print(f"| nomenklatura logic-v2 @ 0.70, brute force (small sample) | UN "
              f"| {lg['top1_correct_scoring_0.70']}/{lg['queries']} | n/a "
              f"| {lg['negatives_alerting_at_0.70']}/{lg['negatives']} "
              f"| {lg['per_query_un_measured_s']['p50'] * 1000:.0f} | | {1 / lg['per_query_un_measured_s']['mean']:.1f} |")
        print(f"| nomenklatura logic-v2, brute force (projected) | OFAC SDN | | | n/a "
              f"| {lg['per_query_projected_s']['ofac_sdn'] * 1000:.0f} | | {1 / lg['per_query_projected_s']['ofac_sdn']:.2f} |")
    ran = False
    for label, pos, neg, lst in (
        ("interdict eval screen", "interdict_screen_un_positives.json", "interdict_screen_negatives_un.json", "UN"),
        ("interdict eval screen, name only", "interdict_screen_un_positives_name_only.json",
         "interdict_screen_negatives_un_name_only.json", "UN"),
        ("interdict eval screen", None, "interdict_screen_negatives_ofac.json", "OFAC SDN"),
    ):
        p, n = (load(pos) if pos else None), load(neg)
        if p is None and n is None:
            continue
        ran = True
        far = find(n, "false_alert_rate")
        if far is None:
            alerts, queries = find(n, "alerts"), find(n, "queries", "n")
            far = alerts / queries if isinstance(alerts, (int, float)) and queries else None
        src = p or n
        print(f"| {label} | {lst} | {f3(find(p, 'recall_at_1'))} | {f3(find(p, 'recall_at_10'))} | {f3(far)} "
              f"| {ms(src, 'p50')} | {ms(src, 'p99')} | {find(src, 'queries_per_second', 'throughput_qps') or 'n/a'} |")
    if not ran:
        print("| interdict eval screen | | not run | | | | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
