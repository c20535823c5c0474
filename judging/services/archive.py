"""Import historic results as they are published (decree lists, news articles).

Columns (header row, any order, case-insensitive): ``year``, ``tier``, ``innovation``,
``agency`` are required; ``category``, ``province``, ``agency_type``, ``cluster``,
``source`` (a link or document name) and ``unit`` are optional, and may be left out of
the header. What a published name says is used (innovations.agency_names): "Kota X" is a
city in X's province, "Kementerian ..." a ministry without province, "PT ... (Persero)" a
state enterprise, "Polres X" a police unit. Tiers are any "Top N", "Outstanding" or
"Terpuji" (the edition's final tier), checked against the edition's official tiers
(judging.models.reference). Names are stored verbatim.

All or nothing: every row is checked first and every problem is reported with its line,
with nothing written; then everything is written in one transaction. ``dry_run`` only
checks and returns the plan (what would be created and matched). Idempotent: agencies
are found by their normalised name and aliases, innovation profiles by title and agency,
competitions by year, rounds by tier; running a file twice changes nothing.

For each (year, tier) the import makes what a live edition would have: a finalised round
granting the tier, a published result whose rows are the imported entries (with the
cluster and source as given) and the Achievement rows. Rows are only added to results
the archive import created itself, never to the result of a round judged in the portal.
"""

import csv
import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from innovations import agency_names, listing
from innovations.models import (
    Achievement,
    Agency,
    AgencyAlias,
    AgencyType,
    Category,
    InnovationIndexPage,
    InnovationPage,
    Province,
    Unit,
    tier_label,
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
    reference,
)
from judging.models.scores import ARCHIVE_SOURCE
from judging.services.achievements import grant_achievements
from judging.services.audit import log
from judging.services.editions import default_index, ensure_edition_page

REQUIRED = ("year", "tier", "innovation", "agency")
OPTIONAL = ("category", "province", "agency_type", "cluster", "source", "unit")
COLUMNS = REQUIRED + OPTIONAL
# Indonesian header names accepted as well.
HEADER_ALIASES = {
    "tahun": "year", "peringkat": "tier", "inovasi": "innovation", "judul": "innovation",
    "instansi": "agency", "kategori": "category", "provinsi": "province",
    "jenis_instansi": "agency_type", "jenis instansi": "agency_type", "klaster": "cluster",
    "kluster": "cluster", "sumber": "source", "unit_pelayanan": "unit", "type": "agency_type",
}
# Local bodies must have a province (given, inferred from their name, or known).
LOCAL_TYPES = {AgencyType.PROVINCE, AgencyType.REGENCY, AgencyType.CITY, AgencyType.ROE}
CLUSTER_TYPES = (
    (r"kementerian|kementrian", AgencyType.MINISTRY),
    (r"lembaga|badan|lpnk", AgencyType.AGENCY),
    (r"pemerintah provinsi|provinsi|pemprov", AgencyType.PROVINCE),
    (r"pemerintah kabupaten|kabupaten|pemkab", AgencyType.REGENCY),
    (r"pemerintah kota|kota|pemkot", AgencyType.CITY),
    (r"bumn", AgencyType.SOE),
    (r"bumd", AgencyType.ROE),
)


def max_length(model, name):
    return model._meta.get_field(name).max_length


LIMITS = {
    "innovation": max_length(InnovationPage, "title"),
    "agency": max_length(Agency, "name"),
    "unit": max_length(Unit, "name"),
    "cluster": max_length(ResultRow, "cluster"),
    "source": max_length(ResultRow, "source"),
}


def cluster_type(text):
    """The agency type a cluster label names ("Klaster Pemerintah Kota" → kota), or None."""
    cleaned = agency_names.clean(text)
    cleaned = re.sub(r"^(klaster|kluster|cluster)\s+", "", cleaned)
    for pattern, agency_type in CLUSTER_TYPES:
        if re.fullmatch(pattern, cleaned):
            return agency_type
    return None


def title_key(text):
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass
class ImportReport:
    rows: int = 0
    created: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)  # (line number, message)
    dry_run: bool = False
    plan: dict = field(default_factory=dict)

    @property
    def ok(self):
        return not self.errors

    def add(self, kind, n=1):
        self.created[kind] = self.created.get(kind, 0) + n

    @property
    def changed(self):
        return any(self.created.values())


@dataclass
class AgencyPlan:
    """One government of the file: the agency it matched, or the one to create."""

    key: str
    name: str
    agency_type: str
    province: object
    existing: object = None
    via: str = ""
    spellings: set = field(default_factory=set)


@dataclass(frozen=True)
class Row:
    line: int
    year: int
    tier: str
    innovation: str
    agency: AgencyPlan
    spelling: str
    category: object
    cluster: str
    source: str
    unit: str
    existing_innovation: int | None


def read_csv(file):
    """(header, missing columns, [(line number, dict)]) from a path, file object or text."""
    if hasattr(file, "read"):
        data = file.read()
    elif isinstance(file, str) and "\n" in file:
        data = file
    else:
        with open(file, "rb") as handle:
            data = handle.read()
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    header = []
    for name in reader.fieldnames or []:
        name = (name or "").strip().lower()
        header.append(HEADER_ALIASES.get(name, name))
    reader.fieldnames = header
    missing = [name for name in REQUIRED if name not in header]
    rows = []
    for record in reader:
        if any((value or "").strip() for key, value in record.items() if key):
            rows.append((reader.line_num, record))
    return header, missing, rows


class Lookups:
    """Reference data and existing agencies and profiles, read once per import."""

    def __init__(self, index):
        self.provinces = {p.code: p for p in Province.objects.all()}
        self.province_names = {agency_names.clean(p.name): p for p in self.provinces.values()}
        self.categories = {}
        for category in Category.objects.all():
            for key in (category.slug, category.name_id, category.name_en):
                if key:
                    self.categories[key.casefold()] = category
        self.types = {value: value for value in AgencyType.values}
        self.types.update({str(label).casefold(): value for value, label in AgencyType.choices})
        self.by_name, self.by_key = {}, {}
        for agency in Agency.objects.select_related("province").order_by("pk"):
            self.by_name[agency.name.casefold()] = agency
            self.by_key.setdefault(agency_names.agency_key(name=agency.name), (agency,
                                                                               agency.name))
        self.add_aliases()
        self.innovations = {}
        if index is not None:
            for pk, agency_id, title in (InnovationPage.objects.child_of(index)
                                         .values_list("pk", "agency_id", "title")):
                self.innovations.setdefault((agency_id, title_key(title)), pk)

    def add_aliases(self):
        """Stored aliases: an exact alias wins over a normalised-name match."""
        self.alias_names = set()
        for alias in AgencyAlias.objects.select_related("agency__province").order_by("pk"):
            self.alias_names.add(alias.alias.casefold())
            self.by_name.setdefault(alias.alias.casefold(), alias.agency)
            self.by_key.setdefault(alias.key, (alias.agency, alias.alias))

    def province(self, text):
        cleaned = re.sub(r"^(provinsi|propinsi|prov) ", "", agency_names.clean(text))
        found = self.province_names.get(cleaned)
        if found is None:
            code = agency_names.provinces().get(cleaned)
            found = self.provinces.get(code) if code else None
        return found

    def match(self, name, key):
        """(agency, the name or alias that matched) or (None, "")."""
        exact = self.by_name.get(name.casefold())
        if exact is not None:
            return exact, (name if name.casefold() in self.alias_names else exact.name)
        return self.by_key.get(key, (None, ""))


def resolve_agency(values, lookups, plans, problems):
    """The AgencyPlan of a row (appends to ``problems`` when it cannot be resolved)."""
    name = values["agency"]
    described = agency_names.describe_agency(name=name)
    plan = plans.get(described.key)
    existing, via = (plan.existing, plan.via) if plan else lookups.match(name, described.key)
    given_type = None
    if values["agency_type"]:
        given_type = lookups.types.get(values["agency_type"].casefold())
        if given_type is None:
            problems.append(_("unknown agency type “%(type)s” (use one of: %(choices)s)") % {
                "type": values["agency_type"], "choices": ", ".join(AgencyType.values)})
            return None
    from_cluster = cluster_type(values["cluster"]) if values["cluster"] else None
    if given_type and from_cluster and given_type != from_cluster:
        problems.append(_("the cluster “%(cluster)s” does not match the agency type "
                          "“%(type)s”") % {"cluster": values["cluster"],
                                            "type": values["agency_type"]})
        return None
    explicit_type = given_type or from_cluster
    agency_type = (explicit_type or (existing.agency_type if existing else None)
                   or (plan.agency_type if plan else None) or described.agency_type)
    if agency_type is None:
        problems.append(_("cannot tell what kind of agency “%(agency)s” is: fill the "
                          "agency_type column") % {"agency": name})
        return None
    given_province = None
    if values["province"]:
        given_province = lookups.province(values["province"])
        if given_province is None:
            problems.append(_("unknown province “%(province)s”") % {
                "province": values["province"]})
            return None
    inferred = lookups.provinces.get(described.province_code) if described.province_code \
        else None
    if given_province and inferred and given_province != inferred:
        problems.append(_("“%(agency)s” is in %(inferred)s, not in %(given)s") % {
            "agency": name, "inferred": inferred.name, "given": given_province.name})
        return None
    if existing is not None:
        province = given_province or existing.province
    elif plan is not None:
        province = given_province or plan.province
    else:
        province = given_province or inferred
    if agency_type in LOCAL_TYPES and province is None:
        problems.append(_("the province of “%(agency)s” is unknown: fill the province "
                          "column") % {"agency": name})
        return None
    if agency_type in agency_names.NATIONAL_TYPES and not given_province and not inferred:
        province = None if existing is None else existing.province
    if existing is not None and (agency_type != existing.agency_type
                                 or (province or None) != existing.province):
        problems.append(_("agency “%(agency)s” already exists with another type or "
                          "province") % {"agency": name})
        return None
    if plan is not None and (plan.agency_type, plan.province) != (agency_type, province):
        problems.append(_("agency “%(agency)s” appears with different types or "
                          "provinces in this file") % {"agency": name})
        return None
    if plan is None:
        plan = AgencyPlan(key=described.key, name=existing.name if existing else name,
                          agency_type=agency_type, province=province, existing=existing,
                          via=via)
        plans[described.key] = plan
    plan.spellings.add(name)
    return plan


def resolve_tier(values, year, problems):
    tier = reference.parse_tier(values["tier"])
    if tier is None:
        problems.append(_("unknown tier “%(tier)s” (write Top N, Outstanding or Terpuji)") % {
            "tier": values["tier"]})
        return None
    edition = reference.edition(year) if year else None
    if tier.code == reference.TERPUJI:
        final = edition.final_tier if edition else None
        if final is None:
            problems.append(_("“%(tier)s” is not known for %(year)s: write the tier as "
                              "Top N") % {"tier": values["tier"], "year": year or "?"})
            return None
        return final.code
    if edition is not None and not edition.awards(tier.code):
        problems.append(_("%(year)d awarded %(tiers)s, not %(tier)s") % {
            "year": year, "tier": values["tier"],
            "tiers": ", ".join(tier_label(t.code) for t in edition.tiers)})
        return None
    return tier.code


def resolve_year(text, problems):
    if not text.isdigit():
        if text:
            problems.append(_("“%(year)s” is not a year such as 2019") % {"year": text})
        return None
    year = int(text)
    first, last = reference.first_year(), timezone.localdate().year
    if not first <= year <= last:
        problems.append(_("year %(year)d is outside the competition's years "
                          "(%(first)d–%(last)d)") % {"year": year, "first": first, "last": last})
        return None
    edition = reference.edition(year)
    if edition is not None and not edition.held:
        problems.append(_("there was no edition in %(year)d") % {"year": year})
        return None
    return year


def validate(numbered, report, *, index=None):
    """Check every row; returns clean Row objects and fills ``report.plan``."""
    lookups = Lookups(index)
    plans, clean, seen, final_tiers = {}, [], {}, {}
    members = {}  # (year, tier) -> identities of its innovations (existing and in the file)
    for line, record in numbered:
        values = {name: (record.get(name) or "").strip() for name in COLUMNS}
        problems = [_("missing %(column)s") % {"column": name}
                    for name in REQUIRED if not values[name]]
        for name, limit in LIMITS.items():
            if len(values[name]) > limit:
                problems.append(_("%(column)s is %(length)d characters long; at most "
                                  "%(limit)d are allowed") % {
                    "column": name, "length": len(values[name]), "limit": limit})
        year = resolve_year(values["year"], problems)
        tier = resolve_tier(values, year, problems) if values["tier"] else None
        category = None
        if values["category"]:
            category = lookups.categories.get(values["category"].casefold())
            if category is None:
                problems.append(_("unknown category “%(category)s”") % {
                    "category": values["category"]})
        if problems:  # the agency checks below only make sense on otherwise valid values
            report.errors.append((line, "; ".join(problems)))
            continue
        plan = resolve_agency(values, lookups, plans, problems)
        if problems:
            report.errors.append((line, "; ".join(problems)))
            continue
        title = title_key(values["innovation"])
        identity = (year, tier, title, plan.key)
        if identity in seen:
            report.errors.append((line, _("duplicate of line %(line)d") % {"line": seen[identity]}))
            continue
        seen[identity] = line
        if tier != reference.OUTSTANDING and tier != "top99":
            earlier = final_tiers.setdefault((year, title, plan.key), (tier, line))
            if earlier[0] != tier:
                report.errors.append((line, _(
                    "“%(innovation)s” is already %(tier)s of %(year)d on line %(line)d: an "
                    "innovation has one final tier per edition") % {
                    "innovation": values["innovation"], "tier": tier_label(earlier[0]),
                    "year": year, "line": earlier[1]}))
                continue
        existing_pk = (lookups.innovations.get((plan.existing.pk, title))
                       if plan.existing is not None else None)
        group = members.get((year, tier))
        if group is None:
            group = members[(year, tier)] = set(Achievement.objects.filter(
                year=year, tier=tier).values_list("innovation_id", flat=True))
        member = existing_pk or (title, plan.key)
        size = reference.official_size(year, tier)
        if member not in group and size is not None and len(group) >= size:
            report.errors.append((line, _("%(year)d %(tier)s has %(size)d innovations; this "
                                          "row would be one more") % {
                "year": year, "tier": tier_label(tier), "size": size}))
            continue
        group.add(member)
        clean.append(Row(line=line, year=year, tier=tier, innovation=values["innovation"],
                         agency=plan, spelling=values["agency"], category=category,
                         cluster=values["cluster"], source=values["source"],
                         unit=values["unit"], existing_innovation=existing_pk))
    report.plan = make_plan(clean, plans, members)
    return clean


def make_plan(clean, plans, members):
    """What the import would create and match, for the dry run."""
    new_innovations, seen = [], set()
    for row in clean:
        key = (title_key(row.innovation), row.agency.key)
        if row.existing_innovation is None and key not in seen:
            seen.add(key)
            new_innovations.append((row.innovation, row.agency.name))
    results = {}
    for row in clean:
        results.setdefault((row.year, row.tier), 0)
        results[(row.year, row.tier)] += 1
    return {
        "new_agencies": [plan for plan in plans.values() if plan.existing is None],
        "matched_agencies": [plan for plan in plans.values() if plan.existing is not None],
        "new_innovations": new_innovations,
        "results": [{"year": year, "tier": tier, "label": tier_label(tier), "rows": n,
                     "known": len(members.get((year, tier), ())),
                     "official": reference.official_size(year, tier)}
                    for (year, tier), n in sorted(results.items())],
    }


def import_results(*, rows=None, file=None, user=None, dry_run=False):
    """Import archive results; returns an ImportReport. Writes nothing if any row is bad,
    nor when ``dry_run`` (then ``report.plan`` says what would happen).

    ``rows`` is a list of dicts with the CSV columns (line numbers start at 2, as in a file
    with a header); ``file`` is a path, a (binary or text) file object or CSV text."""
    report = ImportReport(dry_run=dry_run)
    if file is not None:
        _header, missing, numbered = read_csv(file)
        if missing:
            report.errors.append((1, _("missing columns: %(columns)s") % {
                "columns": ", ".join(missing)}))
            return report
    else:
        numbered = list(enumerate(rows or [], start=2))
    report.rows = len(numbered)
    index = InnovationIndexPage.objects.filter(locale=Locale.get_default()).first()
    clean = validate(numbered, report, index=index)
    if index is None:
        report.errors.append((0, _("There is no innovation database page to put profiles under.")))
    if report.errors or dry_run:
        return report
    try:
        # The listing's row of each new profile is written once, at the end (not four
        # times per publication): innovations/listing.py.
        with transaction.atomic(), listing.deferred_refresh():
            write(clean, index=index, user=user, report=report)
    except DatabaseError as error:
        report.created = {}
        report.errors.append((0, _("Nothing was imported: the database refused the "
                                   "rows (%(error)s).") % {"error": str(error)[:200]}))
    return report


def unique_slug(model, base, **scope):
    base = slugify(base)[:60].strip("-") or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug, **scope).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def agency_for(plan, report):
    """The plan's agency (created when new), with every new spelling stored as an alias."""
    if plan.existing is None:
        plan.existing = Agency.objects.create(
            name=plan.name, slug=unique_slug(Agency, plan.name),
            agency_type=plan.agency_type, province=plan.province)
        report.add("agencies")
    agency = plan.existing
    for spelling in sorted(plan.spellings):
        if spelling.casefold() == agency.name.casefold() or AgencyAlias.objects.filter(
                alias__iexact=spelling).exists():
            continue
        AgencyAlias.objects.create(agency=agency, alias=spelling,
                                   key=agency_names.agency_key(name=spelling))
        report.add("aliases")
    plan.spellings = {agency.name}
    return agency


def write(clean, *, index, user, report):
    competitions, results, innovations = {}, {}, {}
    competition_index = default_index()
    for row in clean:
        agency = agency_for(row.agency, report)
        unit = None
        if row.unit:
            unit, created = Unit.objects.get_or_create(agency=agency, name=row.unit)
            report.add("units", int(created))
        key = (title_key(row.innovation), agency.pk)
        innovation = innovations.get(key)
        if innovation is None and row.existing_innovation:
            innovation = InnovationPage.objects.get(pk=row.existing_innovation)
        if innovation is None:
            innovation = InnovationPage(
                title=row.innovation, agency=agency, unit=unit, category=row.category,
                year=row.year, locale=index.locale,
                slug=unique_slug(InnovationPage, f"{row.innovation}-{row.year}",
                                 locale=index.locale))
            index.add_child(instance=innovation)
            # The caller is the secretariat (checked by the screen); archive profiles
            # are published as part of the import, not through page permissions.
            innovation.save_revision(user=user).publish(user=user, skip_permission_checks=True)
            report.add("innovations")
        elif unit is not None and innovation.unit_id is None:
            InnovationPage.objects.filter(pk=innovation.pk).update(unit=unit)
        innovations[key] = innovation
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
                                     reason_code="archive", cluster=row.cluster,
                                     source=row.source)
            report.add("result rows")
        report.add("achievements", grant_achievements(
            competition=competition, tier=row.tier, innovation_ids=[innovation.pk]))
    if report.changed:
        for competition in competitions.values():
            log(instance=competition, action="judging.archive_import", user=user,
                data={"created": report.created, "rows": report.rows})


def round_kind(tier):
    if tier == "top99":
        return RoundKind.DESK
    if tier == reference.OUTSTANDING:
        return RoundKind.AWARD
    return RoundKind.INTERVIEW


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
            competition=competition, order=next_order, kind=round_kind(tier),
            name=_("%(tier)s (archive)") % {"tier": tier_label(tier)},
            status=RoundStatus.FINALISED,
            tier=tier, normalise=False, advance_count=reference.official_size(
                competition.year, tier))
        report.add("rounds")
    result = RoundResult.objects.current().filter(round=round_).first()
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
