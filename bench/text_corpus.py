#!/usr/bin/env python3
"""Generates news-like text with listed names inserted, for bench/text.sh.

No public-domain prose corpus can be fetched on the build machines, so the text is built
from sentence templates written for this benchmark, filled with capitalised names that are
NOT listed (the synthetic people of screening_fixtures/negatives_*.csv and the members of the
US Congress, plus company and vessel names made from ordinary words), places from the same
fixtures, and, in about one sentence in 25, the primary name of a party of the OFAC SDN list
(2024-05-03 sdn.csv) or the UN list (2026-02-27). The inserted names are written to a truth
file as JSON lines {"start", "end", "id", "name"} with character offsets, so recall and false
mentions per MB can be counted.

    python3 bench/text_corpus.py --shared ../shared --mb 3 --out bench/out/text
"""
import argparse
import csv
import json
import os
import random
import xml.etree.ElementTree as ET

TEMPLATES = [
    "{P} told reporters in {C} on {D} that the talks had stalled.",
    "According to two officials, {P} met {P} at the ministry in {C}.",
    "Shares of {O} fell {N} percent after the announcement on {D}.",
    "The vessel {V} was seen off {C} last week, the port authority said.",
    "In a statement, {O} said it would review its operations in {C}.",
    "A spokesperson for {P} declined to comment on the report.",
    "Markets were mixed on {D} as investors weighed new data on prices and trade.",
    "{P}, who chairs the committee, said the budget would be published in {M}.",
    "Analysts at {O} expect growth of {N} percent next year.",
    "The ship {V} left {C} with a cargo of grain bound for {C}.",
    "Officials in {C} said {O} had signed a contract worth {N} million dollars.",
    "{P} and {P} arrived in {C} for a two-day visit.",
    "The court in {C} adjourned the case against {O} until {M}.",
    "Weather delayed flights out of {C} for a third day.",
    "The report, compiled by {O}, was shared with lawmakers including {P}.",
]
# Sentences without proper names (but the capital opening them), for --filler: real news has a
# proper name every 30 to 60 words, the templates above one every 9 or so.
FILLER = [
    "The figures were broadly in line with what economists had expected.",
    "Prices for fuel and food rose again in the second half of the year.",
    "Several people were injured when the roof of a market collapsed after heavy rain.",
    "The government has promised to publish a full account of the spending before the vote.",
    "Critics say the plan does little to address the shortage of affordable housing.",
    "It was not immediately clear how many workers would be affected by the closure.",
    "Demand for electricity usually peaks during the first weeks of summer.",
    "Officials said the investigation was continuing and declined to give further details.",
    "The new rules take effect at the start of next month and apply to all operators.",
    "Trade volumes have fallen sharply since the border crossings were closed to trucks.",
    "A second round of talks is expected to take place later this year.",
    "Residents complained that the water supply had been cut for most of the week.",
    "Amber warnings for wind were issued across the region on the coast.",
    "Summit meetings of this kind rarely produce more than a joint statement.",
    "Pioneer farmers in the valley have started to plant drought resistant seed.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ORG_WORDS = ["Northern", "Atlantic", "Summit", "Harbor", "Pioneer", "Granite", "Silver", "Maple",
             "Crescent", "Horizon", "Keystone", "Meridian", "Beacon", "Cedar", "Riverside"]
ORG_KINDS = ["Holdings", "Logistics", "Partners", "Capital", "Industries", "Group", "Analytics",
             "Shipping", "Foods", "Energy"]
SHIP_WORDS = ["Morning", "Star", "Sea", "Breeze", "Ocean", "Pearl", "Wind", "Spirit", "Grace",
              "Harvest", "Wave", "Light"]


def fixture_names(shared):
    people, places = [], []
    base = os.path.join(shared, "bench", "screening_fixtures")
    for name in ["negatives_global.csv", "negatives_us.csv", "positives_us_congress_untreated.csv"]:
        with open(os.path.join(base, name), encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["full_name"].strip():
                    people.append(row["full_name"].strip())
                if row.get("place_of_birth", "").strip():
                    places.append(row["place_of_birth"].strip())
    return people, places


def listed_names(shared):
    """(name, id, kind) of OFAC SDN and UN parties, primary names as a newspaper writes them."""
    out = []
    with open(os.path.join(shared, "lists", "ofac-sdn", "2024-05-03", "sdn.csv"),
              encoding="cp1252") as f:
        for row in csv.reader(f):
            if len(row) < 3 or not row[0].strip().isdigit():
                continue
            name, kind = row[1].strip(), row[2].strip().strip('"')
            if kind == "individual" and ", " in name:
                last, first = name.split(", ", 1)
                name = f"{first} {last.title()}"
            out.append((name, f"ofac-sdn:{row[0].strip()}", "vessel" if kind == "vessel" else "party"))
    root = ET.parse(os.path.join(shared, "lists", "un-sc", "consolidated_2026-02-27.xml")).getroot()
    for record in list(root.iter("INDIVIDUAL")) + list(root.iter("ENTITY")):
        parts = [record.findtext(tag) for tag in ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]]
        name = " ".join(p.strip() for p in parts if p and p.strip())
        ref = (record.findtext("REFERENCE_NUMBER") or "").strip()
        if name and ref:
            out.append((name.title() if record.tag == "INDIVIDUAL" else name, f"un-sc:{ref}", "party"))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", required=True)
    parser.add_argument("--mb", type=float, default=3.0)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--insert-every", type=int, default=25)
    parser.add_argument("--filler", type=float, default=0.0,
                        help="share of sentences drawn from FILLER (no proper names); 0.8 gives "
                             "a proper name every ~45 words, as in real news")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    people, places = fixture_names(args.shared)
    listed = listed_names(args.shared)
    os.makedirs(args.out, exist_ok=True)
    text_parts, truth = [], []
    length = 0  # characters so far
    target = int(args.mb * 1_000_000)
    size = 0  # UTF-8 bytes so far
    sentence_no = 0
    while size < target:
        if args.filler and rng.random() < args.filler:
            sentence = rng.choice(FILLER) + " "
            text_parts.append(sentence)
            length += len(sentence)
            size += len(sentence.encode("utf-8"))
            continue
        template = rng.choice(TEMPLATES)
        sentence_no += 1
        insert = sentence_no % args.insert_every == 0
        pieces = []
        rest = template
        while "{" in rest:
            before, _, after = rest.partition("{")
            slot, _, rest = after.partition("}")
            pieces.append(("text", before))
            pieces.append(("slot", slot))
        pieces.append(("text", rest))
        slots = [i for i, (k, s) in enumerate(pieces) if k == "slot" and s in ("P", "O", "V")]
        chosen = rng.choice(slots) if insert and slots else None
        sentence = ""
        for i, (kind, value) in enumerate(pieces):
            if kind == "text":
                sentence += value
                continue
            if i == chosen:
                want = "vessel" if value == "V" else "party"
                name, ident, _ = rng.choice([l for l in listed if l[2] == want] if value == "V" else listed)
                start = length + len(sentence)
                sentence += name
                truth.append({"start": start, "end": start + len(name), "id": ident, "name": name})
                continue
            sentence += {
                "P": lambda: rng.choice(people),
                "O": lambda: f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_KINDS)}",
                "V": lambda: f"{rng.choice(SHIP_WORDS)} {rng.choice(SHIP_WORDS)}",
                "C": lambda: rng.choice(places),
                "D": lambda: rng.choice(DAYS),
                "M": lambda: rng.choice(MONTHS),
                "N": lambda: str(rng.randint(2, 95)),
            }[value]()
        sentence += "\n\n" if sentence_no % 6 == 0 else " "
        text_parts.append(sentence)
        length += len(sentence)
        size += len(sentence.encode("utf-8"))
    with open(os.path.join(args.out, "news.txt"), "w", encoding="utf-8") as f:
        f.write("".join(text_parts))
    with open(os.path.join(args.out, "truth.jsonl"), "w", encoding="utf-8") as f:
        for row in truth:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{size} bytes, {length} chars, {len(truth)} inserted names")


if __name__ == "__main__":
    main()
