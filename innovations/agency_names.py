"""How published lists spell agencies, and what the spelling says about the agency.

Pure functions over the reference tables in innovations/data (no database): the
archive import uses them to infer an agency's type and province from its name and to
match "Kota Surabaya", "Pemkot Surabaya" and "Pemerintah Kota Surabaya" to one agency.

``describe_agency(name=...)`` returns an ``AgencyName``: a canonical ``key`` (equal for
every spelling of one government), the inferred agency type, the place it names and
the province code that place is in, when known.
"""

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

# Agency type codes (innovations.models.AgencyType values; repeated here to stay pure).
MINISTRY, AGENCY, PROVINCE, REGENCY, CITY, SOE, ROE = (
    "kementerian", "lembaga", "provinsi", "kabupaten", "kota", "bumn", "bumd")
NATIONAL_TYPES = frozenset({MINISTRY, AGENCY, SOE})

# Short names of ministries as they appear in lists, by the ministry's long name.
MINISTRIES = {
    "pendayagunaan aparatur negara dan reformasi birokrasi": [
        "kemenpan-rb", "kemenpanrb", "kemenpan rb", "kementerian panrb", "kementerian pan-rb",
        "kemenpan", "kementerian pan rb", "panrb"],
    "kesehatan": ["kemenkes"],
    "keuangan": ["kemenkeu"],
    "dalam negeri": ["kemendagri"],
    "agama": ["kemenag"],
    "sosial": ["kemensos"],
    "perhubungan": ["kemenhub"],
    "pertanian": ["kementan"],
    "ketenagakerjaan": ["kemnaker", "kemenaker"],
    "hukum dan hak asasi manusia": ["kemenkumham"],
    "pendidikan dan kebudayaan": ["kemendikbud"],
    "pendidikan, kebudayaan, riset, dan teknologi": ["kemendikbudristek"],
    "komunikasi dan informatika": ["kemenkominfo", "kominfo"],
    "pekerjaan umum dan perumahan rakyat": ["kemenpupr", "kementerian pupr", "pupr"],
    "perindustrian": ["kemenperin"],
    "perdagangan": ["kemendag"],
    "lingkungan hidup dan kehutanan": ["klhk", "kementerian lhk"],
    "kelautan dan perikanan": ["kkp"],
    "agraria dan tata ruang/badan pertanahan nasional": ["kementerian atr/bpn", "atr/bpn"],
    "desa, pembangunan daerah tertinggal, dan transmigrasi": ["kemendes pdtt", "kemendesa"],
}
# Non-ministerial bodies by long name, with their acronyms.
AGENCIES = {
    "badan pusat statistik": ["bps"],
    "badan pengawas obat dan makanan": ["bpom", "badan pom"],
    "badan kepegawaian negara": ["bkn"],
    "badan penyelenggara jaminan sosial kesehatan": ["bpjs kesehatan"],
    "badan penyelenggara jaminan sosial ketenagakerjaan": ["bpjs ketenagakerjaan",
                                                          "bpjamsostek"],
    "lembaga administrasi negara": ["lan", "lan ri"],
    "arsip nasional republik indonesia": ["anri"],
    "badan nasional penanggulangan bencana": ["bnpb"],
    "kepolisian negara republik indonesia": ["polri", "kepolisian ri"],
}
PROVINCE_SHORT = {
    "jatim": "35", "jabar": "32", "jateng": "33", "diy": "34", "yogyakarta": "34",
    "daerah istimewa yogyakarta": "34", "d i yogyakarta": "34", "dki": "31", "jakarta": "31",
    "daerah khusus ibukota jakarta": "31", "babel": "19", "bangka belitung": "19",
    "kepri": "21", "sumut": "12", "sumbar": "13", "sumsel": "16", "kalbar": "61",
    "kalteng": "62", "kalsel": "63", "kaltim": "64", "kaltara": "65", "sulut": "71",
    "sulteng": "72", "sulsel": "73", "sultra": "74", "sulbar": "76", "ntb": "52", "ntt": "53",
    "malut": "82", "nad": "11", "nanggroe aceh darussalam": "11",
}
GOVERNMENT_PREFIXES = (
    (CITY, ("pemerintah kota administrasi", "pemerintah kota", "pemkot", "kota administrasi",
            "kota adm", "kota")),
    (REGENCY, ("pemerintah kabupaten administrasi", "pemerintah kabupaten", "pemkab",
               "kabupaten administrasi", "kabupaten", "kab")),
    (PROVINCE, ("pemerintah provinsi", "pemerintah propinsi", "pemprov", "pemprop",
                "provinsi", "propinsi", "prov")),
)
# Police commands, longest spelling first: (prefix, command).
POLICE = (
    ("kepolisian resor kota besar", "polrestabes"), ("kepolisian resort kota besar", "polrestabes"),
    ("kepolisian resor kota", "polresta"), ("kepolisian resort kota", "polresta"),
    ("kepolisian resor", "polres"), ("kepolisian resort", "polres"),
    ("kepolisian daerah", "polda"), ("kepolisian sektor", "polsek"),
    ("polrestabes", "polrestabes"), ("polresta", "polresta"), ("polres", "polres"),
    ("polda", "polda"), ("polsek", "polsek"),
)
AGENCY_PREFIXES = ("badan", "lembaga", "komisi", "mahkamah", "kejaksaan", "ombudsman",
                   "arsip nasional", "perpustakaan nasional", "dewan", "otorita")
ROE_MARKERS = ("perumda", "perusahaan umum daerah", "perusahaan daerah", "pdam", "pd",
               "bank pembangunan daerah", "bpd")
SOE_PREFIXES = ("pt", "perum", "persero")
NAME_SUFFIXES = (" republik indonesia", " ri", " tbk", " persero")


@dataclass(frozen=True)
class AgencyName:
    key: str
    agency_type: str | None = None
    place: str = ""
    province_code: str | None = None

    @property
    def national(self):
        return self.agency_type in NATIONAL_TYPES


def clean(text):
    """Case- and punctuation-free form: "Kab. Banyuwangi" → "kab banyuwangi"."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = re.sub(r"\((persero|tbk)\)", " ", text)
    text = re.sub(r"[^0-9a-z/]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def compact(text):
    return re.sub(r"[^0-9a-z]", "", clean(text))


def strip_suffixes(text):
    changed = True
    while changed:
        changed = False
        for suffix in NAME_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)].strip(), True
    return text


@cache
def provinces():
    """{clean province name or short form: code}."""
    with open(DATA / "provinces.csv", newline="", encoding="utf-8") as handle:
        table = {clean(row["name"]): row["code"] for row in csv.DictReader(handle)}
    table.update({clean(short): code for short, code in PROVINCE_SHORT.items()})
    return table


@cache
def province_names():
    with open(DATA / "provinces.csv", newline="", encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


@cache
def regencies():
    """{(kind, clean place): province code} from innovations/data/regencies.csv."""
    with open(DATA / "regencies.csv", newline="", encoding="utf-8") as handle:
        return {(row["kind"], clean(row["name"])): row["province_code"]
                for row in csv.DictReader(handle)}


@cache
def short_names():
    """{compact spelling: (type, canonical key)} for ministries and national agencies."""
    table = {}
    for long_name, shorts in MINISTRIES.items():
        key = f"{MINISTRY}:{clean(long_name)}"
        for spelling in (long_name, f"kementerian {long_name}", *shorts):
            table[compact(spelling)] = (MINISTRY, key)
    for long_name, shorts in AGENCIES.items():
        key = f"{AGENCY}:{clean(long_name)}"
        for spelling in (long_name, *shorts):
            table[compact(spelling)] = (AGENCY, key)
    return table


def split_prefix(text, prefixes):
    for prefix in prefixes:
        if text.startswith(prefix + " ") and len(text) > len(prefix) + 1:
            return prefix, text[len(prefix) + 1:].strip()
    return None, text


def original_place(name, place_clean):
    """The place as written in ``name`` (case kept), found by its clean form."""
    words = (name or "").replace(".", " ").split()
    n = len(place_clean.split())
    tail = " ".join(words[-n:]) if n else ""
    return tail if clean(tail) == place_clean else place_clean.title()


def describe_agency(*, name):
    """What a published spelling of an agency says: key, type, place, province code."""
    text = clean(name)
    text = re.sub(r"^pemerintah daerah ", "pemerintah ", text)
    text = re.sub(r"^pemda (kota|kabupaten|kab|provinsi) ", r"pemerintah \1 ", text)
    known = short_names().get(compact(text)) or short_names().get(compact(strip_suffixes(text)))
    if known:
        return AgencyName(key=known[1], agency_type=known[0])
    for agency_type, prefixes in GOVERNMENT_PREFIXES:
        prefix, place = split_prefix(text, prefixes)
        if prefix is None:
            continue
        if agency_type == PROVINCE:
            code = provinces().get(place)
            return AgencyName(
                key=f"{PROVINCE}:{code or place}", agency_type=PROVINCE,
                place=province_names()[code] if code else original_place(name, place),
                province_code=code)
        return AgencyName(key=f"{agency_type}:{place}", agency_type=agency_type,
                          place=original_place(name, place),
                          province_code=regencies().get((agency_type, place)))
    for prefix, command in POLICE:
        matched, place = split_prefix(text, (prefix,))
        if matched is None:
            continue
        if command == "polda":
            code = provinces().get(place)
        else:
            kinds = (CITY, REGENCY) if command in {"polresta", "polrestabes"} else (REGENCY, CITY)
            code = next((regencies()[(kind, place)] for kind in kinds
                         if (kind, place) in regencies()), None)
        return AgencyName(key=f"{command}:{code if command == 'polda' and code else place}",
                          agency_type=AGENCY, place=original_place(name, place),
                          province_code=code)
    if text.startswith("kementerian ") or text.startswith("kementrian "):
        rest = strip_suffixes(text.split(" ", 1)[1])
        return AgencyName(key=f"{MINISTRY}:{rest}", agency_type=MINISTRY)
    words = text.split()
    if any(marker in ROE_MARKERS for marker in (words[:1] + [" ".join(words[:3])])) or (
            "pembangunan daerah" in text and "bank" in text):
        return AgencyName(key=f"{ROE}:{strip_suffixes(text)}", agency_type=ROE)
    soe_prefix, rest = split_prefix(text, SOE_PREFIXES)
    if soe_prefix or re.search(r"\((persero)\)|\bpersero\b", (name or "").casefold()):
        return AgencyName(key=f"{SOE}:{strip_suffixes(rest)}", agency_type=SOE)
    if any(text == p or text.startswith(p + " ") for p in AGENCY_PREFIXES):
        return AgencyName(key=f"{AGENCY}:{strip_suffixes(text)}", agency_type=AGENCY)
    return AgencyName(key=f"other:{text}")


def agency_key(*, name):
    """The canonical key of an agency spelling (one key per government)."""
    return describe_agency(name=name).key
