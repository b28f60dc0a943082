"""Shared readers for the screening benchmarks (standard library only).

- the official lists, read directly from the published files: OFAC SDN legacy CSV
  (sdn.csv + alt.csv, Windows-1252, no header, `-0-` meaning empty) and the UN Security
  Council consolidated.xml;
- the screening fixtures in ../shared/bench/screening_fixtures;
- the mapping of the UN positives to UN reference numbers.

The mapping: `positives_un_untreated.csv` row i and `positives_un_treated.csv` row i are the same
person ("treated" has typos and reshuffles). Row i is mapped to the UN records whose name equals
the untreated full_name after normalisation (NFKC, case folded, every run of non-letters and
non-digits turned into one space, trimmed), trying in order: the primary name (FIRST..FOURTH_NAME
joined), then aliases and the original-script name, then the same sets of tokens in any order.
When several records share the name, the birth date (year) picks among them if it can;
otherwise all of them are expected.
"""

from __future__ import annotations

import csv
import io
import os
import random
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("INTERDICT_SHARED", HERE.parents[1] / "shared"))
UN_XML = SHARED / "lists/un-sc/consolidated_2026-02-27.xml"
OFAC_DIR = SHARED / "lists/ofac-sdn/2023-12-28"
FIXTURES = SHARED / "bench/screening_fixtures"
SEED = 20260227


@dataclass
class ListEntry:
    """One listed party: its id, schema and every name it is listed under."""

    id: str
    schema: str  # FtM schema: Person, Organization, Vessel, ...
    names: list[str]  # primary first, then aliases
    birth_dates: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)


_NONWORD = re.compile(r"[\W_]+", re.UNICODE)


def norm(name: str) -> str:
    return _NONWORD.sub(" ", unicodedata.normalize("NFKC", name).casefold()).strip()


def token_key(name: str) -> str:
    return " ".join(sorted(norm(name).split()))


def _text(el: ET.Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def read_un(path: Path = UN_XML) -> list[ListEntry]:
    root = ET.parse(path).getroot()
    out: list[ListEntry] = []
    for ind in root.iter("INDIVIDUAL"):
        parts = [_text(ind.find(t)) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
        names = [" ".join(p for p in parts if p)]
        names += [_text(a.find("ALIAS_NAME")) for a in ind.findall("INDIVIDUAL_ALIAS")]
        names.append(_text(ind.find("NAME_ORIGINAL_SCRIPT")))
        dobs = []
        for d in ind.findall("INDIVIDUAL_DATE_OF_BIRTH"):
            for tag in ("DATE", "YEAR", "FROM_YEAR", "TO_YEAR"):
                v = _text(d.find(tag))
                if v:
                    dobs.append(v)
        nats = [_text(v) for v in ind.findall("NATIONALITY/VALUE") if _text(v)]
        out.append(ListEntry("un-sc:" + _text(ind.find("REFERENCE_NUMBER")), "Person",
                             _dedupe(names), dobs, nats))
    for ent in root.iter("ENTITY"):
        names = [_text(ent.find("FIRST_NAME"))]
        names += [_text(a.find("ALIAS_NAME")) for a in ent.findall("ENTITY_ALIAS")]
        names.append(_text(ent.find("NAME_ORIGINAL_SCRIPT")))
        out.append(ListEntry("un-sc:" + _text(ent.find("REFERENCE_NUMBER")), "Organization",
                             _dedupe(names)))
    return out


def _cells(path: Path) -> list[list[str]]:
    raw = path.read_bytes().rstrip(b"\x1a\r\n")  # the files end with a DOS EOF byte
    rows = csv.reader(io.StringIO(raw.decode("cp1252"), newline=""))
    return [[("" if c.strip() == "-0-" else c.strip()) for c in row] for row in rows if row]


_OFAC_SCHEMA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "": "Organization"}


def read_ofac_sdn(folder: Path = OFAC_DIR) -> list[ListEntry]:
    entries: dict[str, ListEntry] = {}
    for row in _cells(folder / "sdn.csv"):
        ent_num, name, sdn_type = row[0], row[1], row[2]
        entries[ent_num] = ListEntry("ofac-sdn:" + ent_num, _OFAC_SCHEMA.get(sdn_type.lower(), "LegalEntity"), [name])
    for row in _cells(folder / "alt.csv"):
        ent_num, alt_name = row[0], row[3]
        if ent_num in entries and alt_name:
            entries[ent_num].names.append(alt_name)
    for e in entries.values():
        e.names = _dedupe(e.names)
    return list(entries.values())


def _dedupe(names: list[str]) -> list[str]:
    seen, out = set(), []
    for n in names:
        n = " ".join(n.split())
        if n and n not in seen:
            seen.add(n)
            out.append(n)
    return out


def read_fixture(name: str) -> list[dict]:
    with open(FIXTURES / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def sample(rows: list, n: int, salt: str) -> list:
    """A seeded sample, in the file's order: the same rows on every run."""
    if n >= len(rows):
        return list(rows)
    rng = random.Random(f"{SEED}:{salt}")
    return [rows[i] for i in sorted(rng.sample(range(len(rows)), n))]


def iso_date(value: str) -> str:
    """'1969-7-16' -> '1969-07-16'; '1965' stays '1965'."""
    parts = value.strip().split("-")
    if not parts[0]:
        return ""
    return "-".join([parts[0]] + [p.zfill(2) for p in parts[1:]])


@dataclass
class UnMapping:
    ids: list[list[str]]  # per positive row: the expected UN ids (empty if unmapped)
    how: list[str]  # per row: primary | alias | token_set | unmapped, with "+dob" / "+ambiguous"


def map_un_positives(entries: list[ListEntry], untreated: list[dict]) -> UnMapping:
    by_primary: dict[str, set[str]] = {}
    by_alias: dict[str, set[str]] = {}
    by_tokens: dict[str, set[str]] = {}
    dobs = {e.id: e.birth_dates for e in entries}
    for e in entries:
        by_primary.setdefault(norm(e.names[0]), set()).add(e.id)
        for n in e.names[1:]:
            by_alias.setdefault(norm(n), set()).add(e.id)
        for n in e.names:
            by_tokens.setdefault(token_key(n), set()).add(e.id)
    ids: list[list[str]] = []
    how: list[str] = []
    for row in untreated:
        q = norm(row["full_name"])
        found, tier = set(), "unmapped"
        for tier_name, table, key in (("primary", by_primary, q), ("alias", by_alias, q),
                                      ("token_set", by_tokens, token_key(row["full_name"]))):
            if key and key in table:
                found, tier = table[key], tier_name
                break
        if len(found) > 1:
            year = row["date_of_birth"][:4]
            narrowed = {i for i in found if year and any(d.startswith(year) for d in dobs[i])}
            if len(narrowed) >= 1:
                found, tier = narrowed, tier + ("+dob" if len(narrowed) == 1 else "+ambiguous")
            else:
                tier += "+ambiguous"
        ids.append(sorted(found))
        how.append(tier)
    return UnMapping(ids, how)
