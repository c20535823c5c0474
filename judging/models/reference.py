"""Reference facts of past editions (judging/data/editions.csv, from public reporting).

Pure reads of shipped data, no database: proposals received, screening and panel
counts, and the tiers each edition awarded with their official sizes ("Top 9" in 2014,
"Top 45" from 2019, "Top 5 Outstanding" in 2020 and 2023). The archive import checks
tiers against them and the public pages say how many of the official list are known.

Tier codes are the values stored on rounds and achievements: ``top<N>`` for any N, and
``outstanding``. ``parse_tier`` turns a published label into (code, size).
"""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "editions.csv"
OUTSTANDING = "outstanding"
TERPUJI = "terpuji"
# "From 2020 also Top 5 Outstanding for the special group" (domain reference): allowed
# every year since, even where the reporting of an edition does not list it.
OUTSTANDING_FROM = 2020  # "inovasi terpuji": the edition's final (smallest Top N) tier


@dataclass(frozen=True)
class Tier:
    code: str
    size: int | None


@dataclass(frozen=True)
class Edition:
    year: int
    held: bool
    proposals: str
    forwarded: int | None
    passed_screening: int | None
    to_panel: int | None
    agencies: int | None
    tiers: tuple
    note_en: str
    note_id: str

    def tier(self, code):
        return next((tier for tier in self.tiers if tier.code == code), None)

    def awards(self, code):
        """Whether this edition awarded the tier ``code`` (as far as is known)."""
        if not self.tiers:
            return True
        return self.tier(code) is not None or (
            code == OUTSTANDING and self.year >= OUTSTANDING_FROM)

    @property
    def note(self):
        """The note in the active language (Indonesian by default)."""
        from django.utils.translation import get_language

        english = (get_language() or "id").startswith("en")
        return (self.note_en if english else self.note_id) or self.note_en

    @property
    def tier_labels(self):
        from innovations.models import tier_label

        return [tier_label(tier.code) if tier.code != OUTSTANDING or not tier.size
                else f"Top {tier.size} {tier_label(tier.code)}" for tier in self.tiers]

    @property
    def final_tier(self):
        """The edition's "inovasi terpuji": its smallest Top N (not Outstanding)."""
        tops = [tier for tier in self.tiers if tier.code != OUTSTANDING]
        return min(tops, key=lambda tier: tier.size) if tops else None

    @property
    def proposal_range(self):
        """(low, high) proposals received, or None when unknown."""
        if not self.proposals:
            return None
        numbers = [int(part) for part in self.proposals.split("-")]
        return numbers[0], numbers[-1]


def parse_tier(label):
    """``Tier`` for a published tier label, "terpuji" for the edition's final tier, or None.

    "Top 45", "TOP45", "top-45", "Top 99" → top<N>; "Outstanding", "Top 5 Outstanding"
    → outstanding; "Terpuji", "Inovasi Terpuji" → TERPUJI (resolved per edition)."""
    text = re.sub(r"\s+", " ", (label or "").strip().casefold())
    if not text:
        return None
    if text in {"terpuji", "inovasi terpuji", "top terpuji"}:
        return Tier(TERPUJI, None)
    outstanding = re.fullmatch(r"(?:top ?-?(\d+) )?outstanding(?: innovation)?", text)
    if outstanding:
        return Tier(OUTSTANDING, int(outstanding.group(1)) if outstanding.group(1) else None)
    top = re.fullmatch(r"top ?-?(\d{1,3})", text)
    if top and int(top.group(1)) > 0:
        size = int(top.group(1))
        return Tier(f"top{size}", size)
    return None


def tier_size(code):
    """The size a tier code names (top45 → 45), or None (outstanding)."""
    match = re.fullmatch(r"top(\d+)", code or "")
    return int(match.group(1)) if match else None


def _int(value):
    return int(value) if value else None


def _tiers(text):
    out = []
    for label in filter(None, (part.strip() for part in text.split(";"))):
        tier = parse_tier(label)
        out.append(Tier(tier.code, tier.size))
    return tuple(out)


@cache
def editions():
    """{year: Edition} from the shipped table."""
    with open(DATA, newline="", encoding="utf-8") as handle:
        return {
            int(row["year"]): Edition(
                year=int(row["year"]), held=row["held"] == "yes", proposals=row["proposals"],
                forwarded=_int(row["forwarded"]), passed_screening=_int(row["passed_screening"]),
                to_panel=_int(row["to_panel"]), agencies=_int(row["agencies"]),
                tiers=_tiers(row["tiers"]), note_en=row["note_en"], note_id=row["note_id"])
            for row in csv.DictReader(handle)
        }


def edition(year):
    return editions().get(year)


def first_year():
    return min(editions())


def official_size(year, code):
    """The official number of innovations in ``code`` of ``year`` (reference, else the N)."""
    known = edition(year)
    tier = known.tier(code) if known else None
    if tier is not None and tier.size:
        return tier.size
    return tier_size(code)
