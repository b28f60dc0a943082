"""Brute-force screening with rapidfuzz, the way a user writes it by hand, plus logic-v2's cost.

For each list (UN SC 2026-02-27 consolidated.xml; OFAC SDN 2023-12-28 sdn.csv + alt.csv), the
"index" is the flat list of every primary name and alias, passed once through rapidfuzz's
default_process (lower case, non-alphanumerics to spaces); each query is processed the same
way and scored with

    process.extract(query, names, scorer=fuzz.WRatio, processor=None, limit=10)

Queries: the 683 treated UN positives (full_name) and a seeded sample of negatives_global and
negatives_us. Ground truth for the positives: the UN ids that bench/fixtures.py maps each row
to (exact normalised name match on the untreated file). Run it pinned to one core:

    taskset -c 0 bench/.venv/bin/python bench/peers/screen_rapidfuzz.py

nomenklatura logic-v2 is far too slow to score every list entry per query, so it is measured
by brute force over the whole UN list for a few queries, and its per-pair cost projected over
the OFAC list.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

from rapidfuzz import fuzz, process, utils

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import fixtures  # noqa: E402


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(q * (len(s) - 1)))))]


def build_index(entries: list[fixtures.ListEntry]) -> tuple[list[str], list[str]]:
    names, owners = [], []
    for e in entries:
        for n in e.names:
            p = utils.default_process(n)
            if p:
                names.append(p)
                owners.append(e.id)
    return names, owners


def screen(queries: list[str], names: list[str], owners: list[str], limit: int = 10):
    """Returns per query: (latency seconds, [(owner id, score/100), ...] best first)."""
    out = []
    for q in queries:
        t0 = time.perf_counter()
        hits = process.extract(utils.default_process(q), names, scorer=fuzz.WRatio,
                               processor=None, limit=limit)
        dt = time.perf_counter() - t0
        out.append((dt, [(owners[i], s / 100.0) for _, s, i in hits]))
    return out


def latency_summary(results) -> dict:
    lat = [r[0] for r in results]
    total = sum(lat)
    return {"queries": len(lat), "p50_ms": round(pct(lat, 0.50) * 1e3, 3),
            "p99_ms": round(pct(lat, 0.99) * 1e3, 3), "mean_ms": round(total / len(lat) * 1e3, 3),
            "throughput_qps": round(len(lat) / total, 1)}


def best_correct(hits, expected: set[str]) -> float | None:
    scores = [s for owner, s in hits if owner in expected]
    return max(scores) if scores else None


def alert_rate(results, threshold: float) -> float:
    return sum(1 for _, hits in results if hits and hits[0][1] >= threshold) / len(results)


def logic_v2_bench(un_entries, positives, mapping, n_queries: int, negatives, n_negatives: int) -> dict:
    from followthemoney import model
    from nomenklatura.matching import LogicV2

    config = LogicV2.default_config()
    t0 = time.perf_counter()
    listed = []
    for e in un_entries:
        ent = model.make_entity(e.schema)
        ent.id = e.id
        ent.add("name", e.names[0])
        ent.add("alias", e.names[1:])
        if e.schema == "Person":
            ent.add("birthDate", e.birth_dates, quiet=True)
            ent.add("nationality", e.countries, quiet=True)
        listed.append(ent)
    build = time.perf_counter() - t0
    rows = [i for i in range(len(positives)) if mapping.ids[i]]
    chosen = fixtures.sample(rows, n_queries, "logic-v2-queries")
    def query(key: str, row: dict):
        q = model.make_entity("Person")
        q.id = f"query-{key}"
        q.add("name", row["full_name"])
        q.add("birthDate", fixtures.iso_date(row["date_of_birth"]), quiet=True)
        q.add("nationality", row["nationality"], quiet=True)
        t = time.perf_counter()
        best = max((LogicV2.compare(q, ent, config).score, ent.id) for ent in listed)
        return time.perf_counter() - t, best

    first, _ = query("warm-up", positives[chosen[0]])  # loads logic-v2's reference data
    per_query, top1, top1_at = [], 0, 0
    for i in chosen:
        dt, best = query(f"pos-{i}", positives[i])
        per_query.append(dt)
        top1 += best[1] in mapping.ids[i]
        top1_at += best[1] in mapping.ids[i] and best[0] >= 0.70
    neg_alerts, neg_rows = 0, fixtures.sample(negatives, n_negatives, "logic-v2-negatives")
    for j, row in enumerate(neg_rows):
        dt, best = query(f"neg-{j}", row)
        per_query.append(dt)
        neg_alerts += best[0] >= 0.70
    per_pair = sum(per_query) / (len(per_query) * len(listed))  # positives and negatives
    return {
        "queries": len(chosen), "list_entities": len(listed),
        "entity_build_s": round(build, 3),
        "first_query_cold_s": round(first, 3),
        "per_pair_us": round(per_pair * 1e6, 1),
        "per_query_un_measured_s": {"p50": round(pct(per_query, 0.5), 3),
                                    "mean": round(statistics.mean(per_query), 3)},
        "top1_correct_on_sampled_positives": top1,
        "top1_correct_scoring_0.70": top1_at,
        "negatives": len(neg_rows),
        "negatives_alerting_at_0.70": neg_alerts,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--negatives-per-file", type=int, default=1000)
    ap.add_argument("--logic-v2-queries", type=int, default=20, help="positives scored by logic-v2")
    ap.add_argument("--logic-v2-negatives", type=int, default=40, help="negatives scored by logic-v2")
    ap.add_argument("--out", type=Path, default=HERE.parent / "out/screen_peers.json")
    args = ap.parse_args()
    load_start = os.getloadavg()

    t0 = time.perf_counter()
    un = fixtures.read_un()
    t_un_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    un_names, un_owners = build_index(un)
    t_un_index = time.perf_counter() - t0
    t0 = time.perf_counter()
    ofac = fixtures.read_ofac_sdn()
    t_ofac_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    ofac_names, ofac_owners = build_index(ofac)
    t_ofac_index = time.perf_counter() - t0

    untreated = fixtures.read_fixture("positives_un_untreated.csv")
    treated = fixtures.read_fixture("positives_un_treated.csv")
    assert len(untreated) == len(treated)
    mapping = fixtures.map_un_positives(un, untreated)
    mapped = [i for i, ids in enumerate(mapping.ids) if ids]
    negatives = (fixtures.sample(fixtures.read_fixture("negatives_global.csv"), args.negatives_per_file, "negatives_global")
                 + fixtures.sample(fixtures.read_fixture("negatives_us.csv"), args.negatives_per_file, "negatives_us"))

    pos_q = [r["full_name"] for r in treated]
    neg_q = [r["full_name"] for r in negatives]
    un_pos = screen(pos_q, un_names, un_owners)
    un_neg = screen(neg_q, un_names, un_owners)
    ofac_pos = screen(pos_q, ofac_names, ofac_owners)
    ofac_neg = screen(neg_q, ofac_names, ofac_owners)

    r1 = sum(1 for i in mapped if un_pos[i][1] and un_pos[i][1][0][0] in mapping.ids[i])
    found = {i: best_correct(un_pos[i][1], set(mapping.ids[i])) for i in mapped}
    r10 = sum(1 for s in found.values() if s is not None)
    correct_scores = sorted((s for s in found.values() if s is not None), reverse=True)

    def recall_at(t: float) -> float:
        return sum(1 for s in correct_scores if s >= t) / len(mapped)

    operating = []
    # Thresholds reaching a given share of the positives found in the top 10 (the last one: all).
    # The highest threshold at which recall (a correct hit in the top 10 scoring >= threshold,
    # over the mapped positives) reaches the target; the last target is recall@10 itself.
    for target in (0.95, 0.99, r10 / len(mapped)):
        k = next(k for k in range(1, len(correct_scores) + 1) if k / len(mapped) >= target - 1e-12)
        t = correct_scores[k - 1]
        operating.append({"target": f"recall >= {target:.3f}", "threshold": t,
                          "recall": round(recall_at(t), 4),
                          "false_alert_rate_un": round(alert_rate(un_neg, t), 4),
                          "false_alert_rate_ofac": round(alert_rate(ofac_neg, t), 4)})
    for t in (0.85, 0.90):
        operating.append({"target": "fixed", "threshold": t, "recall": round(recall_at(t), 4),
                          "false_alert_rate_un": round(alert_rate(un_neg, t), 4),
                          "false_alert_rate_ofac": round(alert_rate(ofac_neg, t), 4)})

    logic = logic_v2_bench(un, treated, mapping, args.logic_v2_queries, negatives, args.logic_v2_negatives)
    logic["per_query_projected_s"] = {
        "un": round(logic["per_pair_us"] * 1e-6 * len(un), 3),
        "ofac_sdn": round(logic["per_pair_us"] * 1e-6 * len(ofac), 3),
    }

    how: dict[str, int] = {}
    for h in mapping.how:
        how[h] = how.get(h, 0) + 1
    report = {
        "versions": {p: version(p) for p in ("rapidfuzz", "nomenklatura", "rigour", "followthemoney")},
        "python": sys.version.split()[0],
        "cpu_affinity": sorted(os.sched_getaffinity(0)),
        "loadavg_at_start": [round(x, 2) for x in load_start],
        "loadavg_at_end": [round(x, 2) for x in os.getloadavg()],
        "lists": {
            "un-sc 2026-02-27": {"entities": len(un), "names": len(un_names),
                                 "parse_s": round(t_un_parse, 3), "index_s": round(t_un_index, 4)},
            "ofac-sdn 2023-12-28": {"entities": len(ofac), "names": len(ofac_names),
                                    "parse_s": round(t_ofac_parse, 3), "index_s": round(t_ofac_index, 4)},
        },
        "un_mapping": {"positives": len(untreated), "mapped": len(mapped), "by_rule": how,
                       "unmapped_names": [untreated[i]["full_name"] for i, ids in enumerate(mapping.ids) if not ids]},
        "negatives_sampled": len(negatives),
        "latency": {"un": latency_summary(un_pos + un_neg), "ofac_sdn": latency_summary(ofac_pos + ofac_neg)},
        "rapidfuzz_un": {"recall_at_1": round(r1 / len(mapped), 4), "recall_at_10": round(r10 / len(mapped), 4),
                         "recall_at_1_count": r1, "recall_at_10_count": r10, "of": len(mapped),
                         "operating_points": operating},
        "logic_v2": logic,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    m = report["un_mapping"]
    print(f"### Screening, brute force (affinity {report['cpu_affinity']}, load average "
          f"{report['loadavg_at_start'][0]} at start, {report['loadavg_at_end'][0]} at end)\n")
    print(f"UN positives mapped to UN ids: {m['mapped']}/{m['positives']} {m['by_rule']}; "
          f"negatives sampled: {len(negatives)} (seed {fixtures.SEED})\n")
    print("| list | entities | names | parse (s) | index (s) | p50 (ms) | p99 (ms) | queries/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for (lname, li), lat in zip(report["lists"].items(), report["latency"].values()):
        print(f"| {lname} | {li['entities']} | {li['names']} | {li['parse_s']} | {li['index_s']} "
              f"| {lat['p50_ms']} | {lat['p99_ms']} | {lat['throughput_qps']} |")
    rf = report["rapidfuzz_un"]
    print(f"\nrapidfuzz WRatio on UN positives vs UN list: recall@1 {rf['recall_at_1']:.3f} "
          f"({rf['recall_at_1_count']}/{rf['of']}), recall@10 {rf['recall_at_10']:.3f} ({rf['recall_at_10_count']}/{rf['of']})\n")
    print("| operating point | threshold | recall | false alerts, negatives vs UN | vs OFAC SDN |")
    print("|---|---:|---:|---:|---:|")
    for op in operating:
        print(f"| {op['target']} | {op['threshold']:.4f} | {op['recall']:.3f} | "
              f"{op['false_alert_rate_un']:.3f} | {op['false_alert_rate_ofac']:.3f} |")
    lg = report["logic_v2"]
    print(f"\nlogic-v2 brute force: {lg['per_pair_us']} µs/pair; measured per query over the UN list "
          f"({lg['list_entities']} entities, {lg['queries']} positives + {lg['negatives']} negatives): p50 {lg['per_query_un_measured_s']['p50']} s; "
          f"projected over OFAC SDN ({len(ofac)} entities): {lg['per_query_projected_s']['ofac_sdn']} s/query; "
          f"top-1 correct {lg['top1_correct_on_sampled_positives']}/{lg['queries']} "
          f"({lg['top1_correct_scoring_0.70']} scoring >= 0.70); negatives alerting at 0.70: "
          f"{lg['negatives_alerting_at_0.70']}/{lg['negatives']}; first query (loads reference data) "
          f"{lg['first_query_cold_s']} s; building the {lg['list_entities']} FtM entities {lg['entity_build_s']} s")
    print(f"\nJSON: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
