#!/usr/bin/env python3
"""Writes a bulk-screening input CSV of any size for bench/batch.sh.

Rows cycle through the 100,000 synthetic negatives and the 683 UN positives of
../shared/bench/screening_fixtures (one positive after every ~146 negatives);
each pass after the first varies the rows deterministically (upper case, name
parts swapped, one letter dropped, birth year moved), so repeated rows are not
byte-identical. Columns: Customer ID,Full Name,DOB,Nationality.

    python3 bench/batch_input.py --rows 10000000 --out bench/out/batch/10m.csv
"""
import argparse
import csv
import os
import pathlib


def load(path):
    with open(path, newline="", encoding="utf-8") as f:
        return [(r["full_name"], r["date_of_birth"], r["nationality"]) for r in csv.DictReader(f)]


def vary(row, k):
    name, dob, country = row
    kind = k % 5
    if kind == 1:
        name = name.upper()
    elif kind == 2:
        parts = name.split()
        if len(parts) > 1:
            name = " ".join(parts[-1:] + parts[:-1])
    elif kind == 3:
        parts = name.split()
        longest = max(range(len(parts)), key=lambda i: len(parts[i])) if parts else 0
        if parts and len(parts[longest]) > 4:
            w = parts[longest]
            cut = 1 + (k // 5) % (len(w) - 2)
            parts[longest] = w[:cut] + w[cut + 1:]
            name = " ".join(parts)
    elif kind == 4 and dob[:4].isdigit():
        dob = str(int(dob[:4]) + 1 + (k // 5) % 2) + dob[4:]
    return name, dob, country


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--out", required=True)
    default_shared = pathlib.Path(__file__).resolve().parent.parent.parent / "shared"
    ap.add_argument("--shared", default=os.environ.get("INTERDICT_SHARED", default_shared))
    args = ap.parse_args()
    fixtures = pathlib.Path(args.shared) / "bench" / "screening_fixtures"
    negatives = load(fixtures / "negatives_global.csv") + load(fixtures / "negatives_us.csv")
    positives = load(fixtures / "positives_un_untreated.csv")
    every = len(negatives) // len(positives)
    base = []
    p = 0
    for i, row in enumerate(negatives):
        base.append(row)
        if i % every == every - 1 and p < len(positives):
            base.append(positives[p])
            p += 1
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Customer ID", "Full Name", "DOB", "Nationality"])
        for n in range(args.rows):
            k, i = divmod(n, len(base))
            row = base[i] if k == 0 else vary(base[i], k * 7 + i)
            w.writerow([f"C{n + 1:08d}", *row])


if __name__ == "__main__":
    main()
