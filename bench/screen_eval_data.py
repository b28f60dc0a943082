"""Writes the input CSVs for `interdict eval screen` from the shared screening fixtures.

Columns: name,schema,birth_date,country,expected
- expected: the entity ids that should be hit, joined by `|` (e.g. `un-sc:IRi.039`); empty for
  negatives. A UN positive's ids come from bench/fixtures.py's mapping (exact normalised name
  match of the untreated row on the UN 2026-02-27 list); rows that do not map are left out and
  counted in manifest.json.
- birth_date: as in the fixture, zero-padded (`1969-7-16` -> `1969-07-16`; `1965` stays).
- country: the fixture's nationality as an ISO 3166 alpha-2 code, lower case, looked up with
  rigour (FollowTheMoney's own table); a value it does not know is written as given.

Files (under bench/out/eval/, never committed):
  un_positives.csv, un_positives_name_only.csv            (UN treated positives)
  negatives_global.csv, negatives_global_name_only.csv    (all 50,000)
  negatives_us.csv, negatives_us_name_only.csv            (all 50,000)
  negatives_sample.csv, negatives_sample_name_only.csv    (the seeded sample the peers screen)
  manifest.json                                           (counts and sha256 of each file)

    bench/.venv/bin/python bench/screen_eval_data.py [--out DIR] [--negatives-per-file N]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import fixtures  # noqa: E402

try:
    from rigour.territories import lookup_territory
except ImportError:  # pragma: no cover
    sys.exit("rigour is needed for country codes: run bench/peers/setup.sh and use bench/.venv/bin/python")

COLUMNS = ["name", "schema", "birth_date", "country", "expected"]
_codes: dict[str, str] = {}
unknown_countries: set[str] = set()


def country_code(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    if value not in _codes:
        t = lookup_territory(value)
        if t is None:
            unknown_countries.add(value)
        _codes[value] = t.code if t is not None else value
    return _codes[value]


def write(path: Path, rows: list[dict], name_only: bool) -> dict:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({**r, "birth_date": "", "country": ""} if name_only else r)
    return {"rows": len(rows), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def person(row: dict, expected: list[str]) -> dict:
    return {"name": row["full_name"].strip(), "schema": "Person",
            "birth_date": fixtures.iso_date(row["date_of_birth"]),
            "country": country_code(row["nationality"]), "expected": "|".join(expected)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=HERE / "out/eval")
    ap.add_argument("--negatives-per-file", type=int, default=1000,
                    help="size of the seeded sample per negatives file (same as the peers')")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    un = fixtures.read_un()
    untreated = fixtures.read_fixture("positives_un_untreated.csv")
    treated = fixtures.read_fixture("positives_un_treated.csv")
    mapping = fixtures.map_un_positives(un, untreated)
    positives = [person(row, ids) for row, ids in zip(treated, mapping.ids) if ids]
    files: dict[str, dict] = {}
    files["un_positives.csv"] = write(args.out / "un_positives.csv", positives, False)
    files["un_positives_name_only.csv"] = write(args.out / "un_positives_name_only.csv", positives, True)

    sample: list[dict] = []
    for kind in ("global", "us"):
        rows = fixtures.read_fixture(f"negatives_{kind}.csv")
        neg = [person(r, []) for r in rows]
        files[f"negatives_{kind}.csv"] = write(args.out / f"negatives_{kind}.csv", neg, False)
        files[f"negatives_{kind}_name_only.csv"] = write(args.out / f"negatives_{kind}_name_only.csv", neg, True)
        sample += [person(r, []) for r in fixtures.sample(rows, args.negatives_per_file, f"negatives_{kind}")]
    files["negatives_sample.csv"] = write(args.out / "negatives_sample.csv", sample, False)
    files["negatives_sample_name_only.csv"] = write(args.out / "negatives_sample_name_only.csv", sample, True)

    how: dict[str, int] = {}
    for h in mapping.how:
        how[h] = how.get(h, 0) + 1
    manifest = {
        "un_list": str(fixtures.UN_XML.name),
        "positives": len(treated),
        "positives_written": len(positives),
        "positives_left_out_unmapped": [untreated[i]["full_name"] for i, ids in enumerate(mapping.ids) if not ids],
        "positives_by_rule": how,
        "negatives_sample_seed": fixtures.SEED,
        "countries_not_coded": sorted(unknown_countries),
        "files": files,
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    counts = ", ".join(f"{k} {v['rows']}" for k, v in files.items())
    print(f"eval inputs in {args.out}: {len(positives)}/{len(treated)} UN positives mapped "
          f"({len(treated) - len(positives)} left out); {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
