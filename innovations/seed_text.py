"""Compose one demo innovation (title, sections, facts) from the word banks in seed_data."""

import datetime
import uuid

from django.utils import timezone
from django.utils.text import slugify

from innovations import seed_data as data
from innovations.models import AchievementTier, InnovationGroup

REFERENCE_DATE = datetime.date(2026, 10, 1)  # fixed, so the seed does not depend on today
GROUPS = [InnovationGroup.GENERAL] * 7 + [InnovationGroup.REPLICATION] * 2 + [
    InnovationGroup.SPECIAL]
SECTION_SENTENCES = {  # section -> (min, max) sentences
    "summary": (3, 4), "background": (4, 8), "novelty": (3, 7), "implementation": (3, 7),
    "significance": (4, 8), "adaptability": (2, 5), "resources": (2, 4),
    "sustainability": (2, 5), "collaboration": (1, 3), "monitoring": (2, 4), "lessons": (2, 4),
}


def build_spec(rng, *, number, units, specs, taken_slugs, titles_by_agency):
    """One innovation as a dict; `specs` are the earlier ones (for replication links)."""
    group = rng.choice(GROUPS)
    original = None
    generals = [spec for spec in specs[-300:] if spec["group"] == InnovationGroup.GENERAL
                and spec["live"]]
    if group == InnovationGroup.REPLICATION and generals:
        original = rng.choice(generals)
    agency_slug, _position, unit = rng.choice(units)
    for _attempt in range(20):
        if original is not None:
            program, service, qualifier = original["parts"]
        else:
            program, service = rng.choice(data.PROGRAMS), rng.choice(data.SERVICES)
            qualifier = rng.choice(data.QUALIFIERS)
        if program and service[0].split()[0].lower() == program.split()[-1].lower():
            program = ""  # "Kartu" + "Kartu Identitas Anak" would read "Kartu Kartu ..."
        title = " ".join(part for part in (program, service[0], qualifier) if part)
        if (unit.agency_id, title) not in titles_by_agency:
            break
        original = None  # the agency already runs this replication; invent another
        agency_slug, _position, unit = rng.choice(units)
    else:
        title = f"{title} {number + 1}"
    titles_by_agency.add((unit.agency_id, title))
    slug = _unique_slug(slugify(title)[:60], agency_slug, taken_slugs)
    started_on = REFERENCE_DATE - datetime.timedelta(days=rng.randint(380, 8 * 365))
    year = min(2026, max(started_on.year + 1, rng.randint(2019, 2026)))
    live = rng.random() >= 0.1
    category, sdg_pool = data.AREAS[service[1]]
    words = _slots(rng, title=title, service=service[0], unit=unit.name,
                   start_year=started_on.year)
    return {
        "title": title, "slug": slug, "parts": (program, service, qualifier),
        "agency_id": unit.agency_id, "unit_id": unit.pk, "group": group, "year": year,
        "started_on": started_on, "live": live, "category": category,
        "sdgs": sorted(set(rng.sample(sdg_pool, k=min(len(sdg_pool), rng.randint(1, 3))))),
        "sections": {key: _section(rng, key, words) for key in SECTION_SENTENCES},
        "video_url": f"https://www.youtube.com/watch?v=demo{number:05d}"
        if rng.random() < 0.3 else "",
        "replicates": original["slug"] if original is not None else None,
        "images": [(rng.randrange(1000), f"Dokumentasi {title} ({k + 1})")
                   for k in range(rng.choice([0, 1, 1, 2, 2, 3, 3]))],
        "indicators": _indicators(rng, words),
        "achievements": _achievements(rng, year=year, live=live),
        "translation_key": uuid.UUID(int=rng.getrandbits(128), version=4),
        "published_at": _published_at(rng, year),
    }


def _unique_slug(base, agency_slug, taken):
    for candidate in (base, f"{base}-{agency_slug}"):
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    counter = 2
    while f"{base}-{agency_slug}-{counter}" in taken:
        counter += 1
    taken.add(f"{base}-{agency_slug}-{counter}")
    return f"{base}-{agency_slug}-{counter}"


def _slots(rng, *, title, service, unit, start_year):
    before = rng.randint(5, 30)
    ikm_before = round(rng.uniform(62, 78), 2)
    partner = rng.choice(data.PARTNERS)
    return {
        "title": title, "service_lower": service.lower(), "unit": unit,
        "target": rng.choice(data.TARGETS), "tool": rng.choice(data.TOOLS),
        "partner": partner, "partner_cap": partner[0].upper() + partner[1:],
        "before": before, "after": max(1, before // rng.randint(3, 8)),
        "people": f"{rng.randint(2, 90) * 100:,}".replace(",", "."),
        "percent": rng.randint(25, 60), "target_percent": rng.choice([80, 85, 90, 95]),
        "start_year": start_year, "pilot": rng.randint(2, 6), "staff": rng.randint(6, 40),
        "ikm_before": ikm_before, "ikm_after": round(min(99.0, ikm_before + rng.uniform(8, 20)), 2),
        "replicas": rng.randint(2, 14),
    }


def _section(rng, key, words):
    """Distinct sentences in the bank's order (the bank is written to read in order)."""
    low, high = SECTION_SENTENCES[key]
    bank = data.SENTENCES[key]
    count = min(len(bank), rng.randint(low, high))
    chosen = sorted(rng.sample(range(len(bank)), k=count))
    if key == "summary" and 0 not in chosen:
        chosen = [0, *chosen[:-1]]  # the summary always opens by naming the innovation
    sentences = [bank[position].format(**words) for position in chosen]
    if key == "summary" or len(sentences) < 4:
        return " ".join(sentences)
    middle = (len(sentences) + 1) // 2
    return " ".join(sentences[:middle]) + "\n\n" + " ".join(sentences[middle:])


def _indicators(rng, words):
    rows = []
    for name, unit in rng.sample(data.INDICATORS, k=rng.randint(0, 3)):
        if unit == "hari":
            before, after = words["before"], words["after"]
        elif unit == "indeks":
            before, after = words["ikm_before"], words["ikm_after"]
        elif unit == "persen":
            before, after = words["percent"], min(100, words["percent"] + rng.randint(15, 40))
        elif unit == "orang":
            before = rng.randint(1, 40) * 100
            after = before + rng.randint(5, 80) * 100
        else:
            before = rng.randint(20, 120)
            after = before // rng.randint(2, 5)
        rows.append({"name": name, "unit": unit, "value_before": before, "value_after": after})
    return rows


def _achievements(rng, *, year, live):
    """Archive awards (2019-2023 only; later years come from the judging seed)."""
    if not live or year > 2023 or rng.random() >= 0.1:
        return []
    awards = [(year, AchievementTier.TOP_99)]
    if rng.random() < 0.45:
        awards.append((year, AchievementTier.TOP_45))
    return awards


def _published_at(rng, year):
    month = rng.randint(1, 9 if year >= 2026 else 12)
    return timezone.make_aware(datetime.datetime(year, month, rng.randint(1, 28),
                                                 rng.randint(7, 16), rng.randint(0, 59)))
