"""Import historic results from CSV: ``year,tier,innovation,agency,agency_type,province,category``.

All or nothing: every row is checked first and any problem is reported with its line
number, with nothing written; then everything is written in one transaction.
Idempotent: agencies are found by name, innovation profiles by title and agency,
competitions by year, rounds by tier; running a file twice changes nothing.

For each (year, tier) the import makes what a live edition would have: a finalised
round granting the tier, a published result whose rows are the imported entries, and
the Achievement rows, so archive years get leaderboards, badges and certificates.
Rows are only added to results the archive import created itself, never to the
result of a round that was judged in the portal.
"""

import csv
import datetime
import hashlib
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from innovations.models import (
    AchievementTier,
    Agency,
    AgencyType,
    Category,
    InnovationIndexPage,
    InnovationPage,
    Province,
)
from judging.models import (
    Competition,
    Entry,
    EntryStatus,
    ResultRow,
    Round,
    RoundKind,
    RoundResult,
    RoundStatus,
)
from judging.services.achievements import grant_achievements
from judging.services.audit import log
from judging.services.editions import default_index, ensure_edition_page

COLUMNS = ("year", "tier", "innovation", "agency", "agency_type", "province", "category")
TIERS = {
    "top 99": AchievementTier.TOP_99, "top99": AchievementTier.TOP_99,
    "top 45": AchievementTier.TOP_45, "top45": AchievementTier.TOP_45,
    "top 40": AchievementTier.TOP_40, "top40": AchievementTier.TOP_40,
    "outstanding": AchievementTier.OUTSTANDING, "top 5 outstanding": AchievementTier.OUTSTANDING,
}
ROUND_KIND = {AchievementTier.TOP_99: RoundKind.DESK, AchievementTier.TOP_45: RoundKind.INTERVIEW,
              AchievementTier.TOP_40: RoundKind.INTERVIEW,
              AchievementTier.OUTSTANDING: RoundKind.AWARD}
ARCHIVE_SOURCE = "archive-import"
# National bodies have no province; an empty province cell is allowed only for them.
NATIONAL_TYPES = {AgencyType.MINISTRY, AgencyType.AGENCY, AgencyType.SOE}


@dataclass
class ImportReport:
    rows: int = 0
    created: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)  # (line number, message)

    @property
    def ok(self):
        return not self.errors

    def add(self, kind, n=1):
        self.created[kind] = self.created.get(kind, 0) + n

    @property
    def changed(self):
        return any(self.created.values())


@dataclass(frozen=True)
class Row:
    line: int
    year: int
    tier: str
    innovation: str
    agency: str
    agency_type: str
    province: object
    category: object


def read_csv(file):
    """(header, missing columns, [(line number, dict)]) from a path or a file object."""
    if hasattr(file, "read"):
        data = file.read()
    else:
        with open(file, "rb") as handle:
            data = handle.read()
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [name for name in COLUMNS if name not in header]
    rows = [(reader.line_num, record) for record in reader]
    return header, missing, rows


def validate(rows, report):
    """Check every row; returns clean Row objects (possibly fewer when errors exist)."""
    provinces = {p.name.casefold(): p for p in Province.objects.all()}
    categories = {}
    for category in Category.objects.all():
        for key in (category.slug, category.name_id, category.name_en):
            if key:
                categories[key.casefold()] = category
    types = {value: value for value in AgencyType.values}
    types.update({str(label).casefold(): value for value, label in AgencyType.choices})
    agencies = {a.name.casefold(): a for a in Agency.objects.all()}
    seen_agency_type = {}
    clean = []
    for line, record in rows:
        values = {name: (record.get(name) or "").strip() for name in COLUMNS}
        problems = [_("missing %(column)s") % {"column": name}
                    for name in COLUMNS if name != "province" and not values[name]]
        year = int(values["year"]) if values["year"].isdigit() else None
        if values["year"] and (year is None or not 1990 <= year <= 2100):
            problems.append(_("year must be a number such as 2019"))
        tier = TIERS.get(values["tier"].casefold())
        if values["tier"] and tier is None:
            problems.append(_("unknown tier “%(tier)s” (use Top 99, Top 45, Top 40 or "
                              "Outstanding)") % {"tier": values["tier"]})
        agency_type = types.get(values["agency_type"].casefold())
        if values["agency_type"] and agency_type is None:
            problems.append(_("unknown agency type “%(type)s” (use one of: %(choices)s)") % {
                "type": values["agency_type"], "choices": ", ".join(AgencyType.values)})
        province = provinces.get(values["province"].casefold()) if values["province"] else None
        if values["province"] and province is None:
            problems.append(_("unknown province “%(province)s”") % {
                "province": values["province"]})
        if not values["province"] and agency_type and agency_type not in NATIONAL_TYPES:
            problems.append(_("missing province (only national bodies may leave it empty)"))
        category = categories.get(values["category"].casefold())
        if values["category"] and category is None:
            problems.append(_("unknown category “%(category)s”") % {
                "category": values["category"]})
        key = values["agency"].casefold()
        existing = agencies.get(key)
        if problems:  # the checks below only make sense on otherwise valid values
            report.errors.append((line, "; ".join(problems)))
            continue
        if existing and (existing.agency_type != agency_type
                                         or existing.province_id != getattr(province, "pk", None)):
            problems.append(_("agency “%(agency)s” already exists with another type or "
                              "province") % {"agency": values["agency"]})
        if seen_agency_type.setdefault(
                key, (agency_type, getattr(province, "pk", None))) != (
                agency_type, getattr(province, "pk", None)):
            problems.append(_("agency “%(agency)s” appears with different types or "
                              "provinces in this file") % {"agency": values["agency"]})
        if problems:
            report.errors.append((line, "; ".join(problems)))
            continue
        clean.append(Row(line=line, year=year, tier=tier, innovation=values["innovation"],
                         agency=values["agency"], agency_type=agency_type,
                         province=province, category=category))
    return clean


def import_results(*, rows=None, file=None, user=None):
    """Import archive results; returns an ImportReport. Writes nothing if any row is bad.

    ``rows`` is a list of dicts with the CSV columns (line numbers start at 2, as in
    a file with a header); ``file`` is a path or a (binary or text) file object."""
    report = ImportReport()
    if file is not None:
        _header, missing, numbered = read_csv(file)
        if missing:
            report.errors.append((1, _("missing columns: %(columns)s") % {
                "columns": ", ".join(missing)}))
            return report
    else:
        numbered = list(enumerate(rows or [], start=2))
    report.rows = len(numbered)
    clean = validate(numbered, report)
    index = InnovationIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        report.errors.append((0, _("There is no innovation database page to put profiles under.")))
    if report.errors:
        return report
    with transaction.atomic():
        write(clean, index=index, user=user, report=report)
    return report


def unique_slug(model, base, **scope):
    base = slugify(base)[:60].strip("-") or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug, **scope).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def write(clean, *, index, user, report):
    agencies, competitions, results = {}, {}, {}
    competition_index = default_index()
    for row in clean:
        agency = agencies.get(row.agency.casefold())
        if agency is None:
            agency = Agency.objects.filter(name__iexact=row.agency).first()
            if agency is None:
                agency = Agency.objects.create(
                    name=row.agency, slug=unique_slug(Agency, row.agency),
                    agency_type=row.agency_type, province=row.province)
                report.add("agencies")
            agencies[row.agency.casefold()] = agency
        innovation = (InnovationPage.objects.child_of(index)
                      .filter(title=row.innovation, agency=agency).first())
        if innovation is None:
            innovation = InnovationPage(
                title=row.innovation, agency=agency, category=row.category, year=row.year,
                locale=index.locale,
                slug=unique_slug(InnovationPage, f"{row.innovation}-{row.year}",
                                 locale=index.locale))
            index.add_child(instance=innovation)
            # The caller is the secretariat (checked by the screen); archive profiles
            # are published as part of the import, not through page permissions.
            innovation.save_revision(user=user).publish(user=user, skip_permission_checks=True)
            report.add("innovations")
        competition = competitions.get(row.year)
        if competition is None:
            competition = archive_competition(row.year, report)
            competitions[row.year] = competition
            if competition_index is not None:
                ensure_edition_page(index=competition_index, competition=competition)
        result = results.get((row.year, row.tier))
        if result is None:
            result = archive_result(competition, row.tier, user=user, report=report)
            results[(row.year, row.tier)] = result
        entry, created = Entry.objects.get_or_create(
            competition=competition, innovation=innovation,
            defaults={"group": innovation.group, "category": row.category,
                      "status": EntryStatus.AWARDED, "submitted_at": result.created_at},
        )
        report.add("entries", int(created))
        if result.round_settings.get("source") == ARCHIVE_SOURCE and not ResultRow.objects.filter(
                result=result, entry=entry).exists():
            ResultRow.objects.create(result=result, entry=entry, selected=True,
                                     reason_code="archive")
            report.add("result rows")
        report.add("achievements", grant_achievements(
            competition=competition, tier=row.tier, innovation_ids=[innovation.pk]))
    if report.changed:
        for competition in competitions.values():
            log(instance=competition, action="judging.archive_import", user=user,
                data={"created": report.created, "rows": report.rows})


def archive_competition(year, report):
    competition = Competition.objects.filter(year=year).first()
    if competition is None:
        tz = timezone.get_current_timezone()
        competition = Competition.objects.create(
            name=f"KIPP {year}", short_name="KIPP", year=year, slug=f"kipp-{year}",
            description=_("Results imported from the archive of past editions."),
            registration_opens_at=datetime.datetime(year, 1, 1, tzinfo=tz),
            submission_deadline=datetime.datetime(year, 6, 30, tzinfo=tz),
        )
        report.add("competitions")
    return competition


def archive_result(competition, tier, *, user, report):
    """The published result of the round granting ``tier`` (created for the archive)."""
    round_ = Round.objects.filter(competition=competition, tier=tier).order_by("-order").first()
    if round_ is None:
        next_order = (competition.rounds.aggregate(top=Max("order"))["top"] or 0) + 1
        round_ = Round.objects.create(
            competition=competition, order=next_order, kind=ROUND_KIND[tier],
            name=f"{AchievementTier(tier).label} ({_('archive')})",
            status=RoundStatus.FINALISED, tier=tier, normalise=False)
        report.add("rounds")
    result = RoundResult.objects.filter(round=round_).first()
    if result is None:
        now = timezone.now()
        result = RoundResult.objects.create(
            round=round_, created_by=user, checksum=archive_checksum(competition.year, tier),
            round_settings={"source": ARCHIVE_SOURCE}, published=True, published_at=now,
            published_by=user)
        report.add("results")
    return result


def archive_checksum(year, tier):
    """An imported result has no scores to hash: its checksum names its year and tier."""
    return hashlib.sha256(f"{ARCHIVE_SOURCE}:{year}:{tier}".encode()).hexdigest()
