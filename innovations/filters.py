"""Filters, full-text search, sorting and facet counts of the public innovation database.

One FilterSet drives the listing and the counts shown beside each filter value. Counts
are "disjunctive": the counts of one facet apply every other active filter but not the
facet's own, so a visitor sees how many results each alternative would give. Every
facet's counts come from ONE query (a UNION ALL of one GROUP BY per facet over the
search's matched ids, computed once in a WITH clause), whatever the number of values,
facets or rows.

The listing reads innovations.models.ListedInnovation (one narrow row per live profile,
innovations/listing.py keeps it in step), never the page tree or the wide profile rows:
``ListingFilterSet`` filters it, ``facet_rows`` counts on it, and the view reads only the
page of profiles it shows from the pages.

Search: on PostgreSQL the query matches the row's own ``search_vector`` (Wagtail's index
entry's ``title || body``, copied by a trigger) through its GIN index, and results are
ranked by ts_rank of the title vector (times Wagtail's title length norm), then newest
first. On SQLite it goes through the search backend's FTS5 table, and titles holding more
of the query's words come first.
"""

import re
from dataclasses import dataclass

import django_filters
from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Expression
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from innovations.models import (
    SDG,
    Achievement,
    AchievementTier,
    Agency,
    AgencyType,
    Category,
    InnovationGroup,
    InnovationPage,
    ListedInnovation,
    Province,
    RunningStatus,
    StatusUpdate,
)

PAGE_SIZE = 24

# URL parameter -> (label, ORM ordering). Indonesian parameter values keep URLs readable.
SORTS = {
    "terbaru": (_("Newest"), ("-first_published_at", "-pk")),
    "judul": (_("Title (A-Z)"), ("title", "pk")),
    "tahun": (_("Year (newest first)"), ("-year", "title", "pk")),
    "tahun-lama": (_("Year (oldest first)"), ("year", "title", "pk")),
}
RELEVANCE = "relevansi"
SEARCH_CONFIG = settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG")
_NOT_A_WORD = re.compile(r"[^\w\s]+")


def clean_query(value):
    """Words only: quotes and operators in a visitor's query would be search syntax."""
    return " ".join(_NOT_A_WORD.sub(" ", value or "").split())[:200]


def _on_postgresql():
    return connection.vendor == "postgresql"


def _tsquery(query):
    """PostgreSQL: the visitor's words as a tsquery, as Wagtail's plain search builds it."""
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(query, search_type="plain", config=SEARCH_CONFIG)


def search_matches(query):
    """A subquery of the primary keys of innovations matching a full-text query.

    Without filters, so the result combines with any ORM filter, including ones the
    search index does not know about. PostgreSQL: a bitmap scan of the listed rows' GIN
    index (live profiles only); SQLite: Wagtail's database backend (FTS5).
    """
    if _on_postgresql():
        return ListedInnovation.objects.filter(search_vector=_tsquery(query)).values("page_id")
    results = InnovationPage.objects.all().search(query, order_by_relevance=False)
    if hasattr(results, "get_queryset"):  # the database backends
        return results.get_queryset().order_by().values("pk")
    return [result.pk for result in results]


def matched_ids(query):
    """PostgreSQL: the ids of the live profiles matching, read once through the GIN index,
    as one comma-separated text (PostgreSQL joins them; no Python number per row).

    The listing passes them on as one constant array (``AmongIds``), whose length the
    planner knows: the vector has no statistics (migration 0010), so after a subquery of
    the match it would plan the counts for 0.5 % of the rows (45 instead of 9,000) and
    sort where it should hash."""
    sql, params = search_matches(query).query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT string_agg(CAST(found.page_id AS text), ',') FROM ({sql}) found",
                       params)
        return cursor.fetchone()[0] or ""


class AmongIds(Expression):
    """PostgreSQL: ``column = ANY(<ids>)``, the ids one comma-separated text parameter.

    psycopg quotes one text at once, where it would format a list of 9,000 numbers one by
    one; PostgreSQL folds the constant array when planning and tests each row against a
    hash of it. (``IN (SELECT unnest(…))`` de-duplicated the ids and built a hash join
    instead: 18 ms against 7 ms for the ranked page at 9,000 matches, 48 against 29 ms
    for the facet counts.)"""

    conditional = True
    output_field = BooleanField()

    def __init__(self, column, ids):
        super().__init__()
        self.column, self.ids = column, ids

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        return f"{sql} = ANY(string_to_array(%s, ',')::integer[])", (*params, self.ids)


def relevance(query):
    """The relevance of a listed row to ``query`` (higher first; see ranked_by_relevance)."""
    if _on_postgresql():
        from django.contrib.postgres.search import SearchRank

        return SearchRank(F("title_vector"), _tsquery(query)) * F("title_norm")
    words = query.split()[:8]
    return sum((Case(When(title__icontains=word, then=Value(1)), default=Value(0))
                for word in words), Value(0))


# Ordering by relevance: (field, descending, nulls last).
RELEVANCE_ORDER = (("relevance", True, True), ("first_published_at", True, False),
                   ("pk", True, False))


def ranked_by_relevance(query, queryset):
    """The most relevant listed innovations first, then the newest.

    PostgreSQL: ts_rank of the title vector times its length norm (as Wagtail ranks
    titles), so titles holding the words, and more of them, come first; matches in the
    text alone follow, newest first (ranking the text read every matched row's large
    vector: 9,000 of them for a word in every profile). SQLite: innovations whose title
    holds more of the query's words (the backend's own score is a per-row subquery there,
    far too slow for tens of thousands of rows).
    """
    return queryset.annotate(relevance=relevance(query)).order_by(*_orm_order(RELEVANCE_ORDER))


def _orm_order(order):
    return [F(name).desc(nulls_last=True) if nulls_last else (f"-{name}" if desc else name)
            for name, desc, nulls_last in order]


def sort_order(ordering):
    """(field, descending, nulls last) of an ORM ordering of SORTS."""
    return tuple((name.lstrip("-"), name.startswith("-"), False) for name in ordering)


class InnovationFilterSet(django_filters.FilterSet):
    """The public filters; parameter names are the Indonesian words shown in URLs."""

    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    tahun = django_filters.NumberFilter(field_name="year", label=_("Year"))
    capaian = django_filters.ChoiceFilter(
        choices=AchievementTier.choices, method="filter_tier", label=_("Achievement")
    )
    kategori = django_filters.CharFilter(field_name="category__slug", label=_("Category"))
    sdg = django_filters.NumberFilter(field_name="sdgs__number", label=_("SDG"))
    jenis = django_filters.ChoiceFilter(
        field_name="agency__agency_type", choices=AgencyType.choices, label=_("Agency type")
    )
    provinsi = django_filters.CharFilter(field_name="agency__province_id", label=_("Province"))
    kelompok = django_filters.ChoiceFilter(
        field_name="group", choices=InnovationGroup.choices, label=_("Group")
    )
    instansi = django_filters.CharFilter(field_name="agency__slug", label=_("Agency"))
    status = django_filters.ChoiceFilter(
        choices=RunningStatus.choices, method="filter_status", label=_("Still running?"))

    class Meta:
        model = InnovationPage
        fields = []

    def filter_search(self, queryset, name, value):
        value = clean_query(value)
        if not value:
            return queryset
        return queryset.filter(pk__in=search_matches(value))

    def filter_status(self, queryset, name, value):
        # The unit's latest yearly word (StatusUpdate), not any earlier one.
        return queryset.annotate(latest_status=latest_status()).filter(latest_status=value)

    def filter_tier(self, queryset, name, value):
        return queryset.filter(
            Exists(Achievement.objects.filter(innovation=OuterRef("pk"), tier=value))
        )


class ListingFilterSet(InnovationFilterSet):
    """The same filters on the listing's narrow rows (innovations.models.ListedInnovation);
    year, category, group and the agency's fields are the same lookups there."""

    sdg = django_filters.NumberFilter(method="filter_sdg", label=_("SDG"))

    class Meta:
        model = ListedInnovation
        fields = []

    def __init__(self, *args, matched=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.matched = matched  # PostgreSQL: the search's matched ids, once read

    def filter_search(self, queryset, name, value):
        value = clean_query(value)
        if not value:
            return queryset
        if _on_postgresql():
            # The match alone, once (matched_ids): mixed with the other conditions the
            # planner would test every row's vector.
            if self.matched is None:
                self.matched = matched_ids(value)
            return queryset.filter(AmongIds(F("pk"), self.matched))
        return queryset.filter(pk__in=search_matches(value))

    def filter_status(self, queryset, name, value):
        return queryset.filter(kept(name, value))

    def filter_sdg(self, queryset, name, value):
        return queryset.filter(kept(name, value))

    def filter_tier(self, queryset, name, value):
        return queryset.filter(kept("capaian", value))


def latest_status():
    """The status the unit reported last for each innovation (None when it never did)."""
    return Subquery(StatusUpdate.objects.filter(innovation=OuterRef("pk"))
                    .order_by("-year").values("status")[:1])


def _localized(row, id_key, en_key):
    if (get_language() or "id").startswith("en") and row.get(en_key):
        return row[en_key]
    return row[id_key]


# The facets, in the order the form shows them.
FACETS = ("tahun", "capaian", "kategori", "sdg", "jenis", "provinsi", "kelompok", "instansi",
          "status")
BASE_CTE = "innovation_facet_base"
TOTAL = "total"  # the part of the facet query that counts the results themselves
PAGE = "page"  # the part giving the ids of the page shown (listing_counts(page=…))


def kept(name, value):
    """The condition under which the listing filter ``name`` keeps a listed row for
    ``value``: what ListingFilterSet filters on, and what each facet count applies for
    the other active filters (``facet_rows``)."""
    if name == "sdg":
        return Exists(InnovationPage.sdgs.through.objects.filter(
            innovationpage_id=OuterRef("pk"), sdg__number=value))
    if name == "capaian":
        return Exists(Achievement.objects.filter(innovation_id=OuterRef("pk"), tier=value))
    if name == "status":
        return Q(latest_status=value)
    declared = ListingFilterSet.base_filters[name]
    return Q(**{f"{declared.field_name}__{declared.lookup_expr}": value})


def _active_filters(data, queryset):
    """{facet: value} of the filters that apply: valid and not empty (as the filter set
    applies them; an invalid value is ignored)."""
    form = ListingFilterSet(data, queryset=queryset).form
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    return {name: cleaned[name] for name in FACETS
            if cleaned.get(name) not in django_filters.constants.EMPTY_VALUES}


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _facet_sql(active):
    """The outer query over the base rows (BASE_CTE): one GROUP BY per facet, each keeping
    the rows every other active filter keeps (flag columns ``on_<facet>``), the labels
    joined to the few grouped rows. Columns: facet, value, label_id, label_en, sort, n."""
    q = connection.ops.quote_name

    def where(name, *conditions):
        flags = [f"base.{q('on_' + other)}" for other in active if other != name]
        both = [*conditions, *flags]
        return f" WHERE {' AND '.join(both)}" if both else ""

    category, province, agency = (_table(Category), _table(Province), _table(Agency))
    sdg_links, sdgs = _table(InnovationPage.sdgs.through), _table(SDG)
    achievements = _table(Achievement)
    text = "CAST({} AS TEXT)"
    parts = {
        "tahun": f"SELECT 'tahun', {text.format('year')}, '', '', year, n FROM "
                 f"(SELECT base.year AS year, COUNT(*) AS n FROM {BASE_CTE} base"
                 f"{where('tahun')} GROUP BY base.year) g",
        "capaian": f"SELECT 'capaian', tier, '', '', 0, COUNT(DISTINCT innovation_id) FROM "
                   f"{achievements} a JOIN {BASE_CTE} base ON base.pk = a.innovation_id"
                   f"{where('capaian')} GROUP BY tier",
        "kategori": f"SELECT 'kategori', c.slug, c.name_id, c.name_en, c.sort_order, g.n FROM "
                    f"(SELECT base.category_id AS id, COUNT(*) AS n FROM {BASE_CTE} base"
                    f"{where('kategori', 'base.category_id IS NOT NULL')} "
                    f"GROUP BY base.category_id) g JOIN {category} c ON c.id = g.id",
        "sdg": f"SELECT 'sdg', {text.format('s.number')}, s.name_id, s.name_en, s.number, g.n "
               f"FROM (SELECT link.sdg_id AS id, COUNT(*) AS n FROM {sdg_links} link "
               f"JOIN {BASE_CTE} base ON base.pk = link.innovationpage_id{where('sdg')} "
               f"GROUP BY link.sdg_id) g JOIN {sdgs} s ON s.id = g.id",
        "jenis": f"SELECT 'jenis', base.agency_type, '', '', 0, COUNT(*) FROM {BASE_CTE} base"
                 f"{where('jenis')} GROUP BY base.agency_type",
        "provinsi": f"SELECT 'provinsi', p.code, p.name, '', 0, g.n FROM "
                    f"(SELECT base.province_id AS id, COUNT(*) AS n FROM {BASE_CTE} base"
                    f"{where('provinsi', 'base.province_id IS NOT NULL')} "
                    f"GROUP BY base.province_id) g JOIN {province} p ON p.code = g.id",
        "kelompok": f"SELECT 'kelompok', base.{q('group')}, '', '', 0, COUNT(*) FROM "
                    f"{BASE_CTE} base{where('kelompok')} GROUP BY base.{q('group')}",
        "instansi": f"SELECT 'instansi', a.slug, a.name, '', 0, g.n FROM "
                    f"(SELECT base.agency_id AS id, COUNT(*) AS n FROM {BASE_CTE} base"
                    f"{where('instansi')} GROUP BY base.agency_id) g JOIN {agency} a "
                    f"ON a.id = g.id",
        "status": f"SELECT 'status', base.latest_status, '', '', 0, COUNT(*) FROM {BASE_CTE} "
                  f"base{where('status', 'base.latest_status IS NOT NULL')} "
                  f"GROUP BY base.latest_status",
    }
    total = f"SELECT '{TOTAL}', '', '', '', 0, COUNT(*) FROM {BASE_CTE} base{where(TOTAL)}"
    return " UNION ALL ".join([*(parts[name] for name in FACETS), total])


def facet_rows(*, data, queryset, matched=None):
    """Every facet's counts: {facet: [{value, label_id, label_en, sort, n}]}."""
    return listing_counts(data=data, queryset=queryset, matched=matched)[0]


@dataclass(frozen=True)
class PageRequest:
    """The ids of one page of results, asked with the counts: ``order`` as
    (field, descending, nulls last), the last field unique; ``relevance_to`` the query
    when one field is ``relevance``."""

    order: tuple
    offset: int
    limit: int
    relevance_to: str = ""


def listing_counts(*, data, queryset, matched=None, page=None):
    """Every facet's counts and the number of results, in one query:
    ({facet: [{value, label_id, label_en, sort, n}]}, total); with ``page``
    (PageRequest), the ids of that page of results in order too, read from the same rows:
    ({…}, total, ids).

    ``queryset``: the listed rows the visitor may see (queries.listing_scope). Each facet
    applies the other active filters (not its own) to it. The rows the search matches,
    with the columns the facets group by and one flag per active filter, are read once
    into a WITH clause (``MATERIALIZED``), and every facet's GROUP BY reads them from
    there. On PostgreSQL the search is the ids ``matched`` (matched_ids of the query; read
    here when None).
    """
    query = clean_query(data.get("q"))
    active = _active_filters(data, queryset)
    base = queryset.order_by()
    if query:
        if _on_postgresql():
            base = base.filter(AmongIds(F("pk"), matched_ids(query) if matched is None
                                        else matched))
        else:
            base = base.filter(pk__in=search_matches(query))
    flags = {f"on_{name}": ExpressionWrapper(kept(name, value), output_field=BooleanField())
             for name, value in active.items()}
    columns = ["pk", "year", "category_id", "group", "agency_id", "agency_type",
               "province_id", "latest_status", *flags]
    extra = {}
    if page is not None:
        order_columns = [name for name, _desc, _nulls in page.order if name not in columns]
        if "relevance" in order_columns:
            extra["relevance"] = relevance(page.relevance_to)
        columns += order_columns
    base = base.annotate(agency_type=F("agency__agency_type"),
                         province_id=F("agency__province_id"), **flags, **extra).values(
        *columns)
    base_sql, params = base.query.get_compiler(connection=connection).as_sql()
    parts = _facet_sql(active)
    if page is not None:
        parts += " UNION ALL " + _page_sql(active, page)
    sql = f"WITH {BASE_CTE} AS MATERIALIZED ({base_sql}) {parts}"
    rows, total, ranked = {name: [] for name in FACETS}, 0, []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for facet, value, label_id, label_en, sort, n in cursor.fetchall():
            if facet == TOTAL:
                total = n
            elif facet == PAGE:
                ranked.append((sort, int(value)))
            else:
                rows[facet].append({"value": value, "label_id": label_id,
                                    "label_en": label_en, "sort": sort, "n": n})
    if page is None:
        return rows, total
    return rows, total, [pk for _position, pk in sorted(ranked)]


def _page_sql(active, page):
    """The part of the facet query giving the page's ids: the rows every active filter
    keeps (those the total counts), in the page's order, limited, each with its
    position (the order of a UNION's rows is not the order of its parts)."""
    q = connection.ops.quote_name
    nulls_last = connection.features.supports_order_by_nulls_modifier

    def term(name, desc, last):
        sql = f"{q(name)} {'DESC' if desc else 'ASC'}"
        if last:
            sql = f"{sql} NULLS LAST" if nulls_last else f"{q(name)} IS NULL, {sql}"
        return sql

    order = ", ".join(term(*item) for item in page.order)
    kept_all = " AND ".join(f"base.{q('on_' + name)}" for name in active)
    where = f" WHERE {kept_all}" if kept_all else ""
    names = list(dict.fromkeys(["pk", *(name for name, _desc, _last in page.order)]))
    selected = ", ".join(f"base.{q(name)} AS {q(name)}" for name in names)
    return (f"SELECT '{PAGE}', CAST({q('pk')} AS TEXT), '', '', "
            f"ROW_NUMBER() OVER (ORDER BY {order}), 0 FROM (SELECT {selected} "
            f"FROM {BASE_CTE} base{where} ORDER BY {order} LIMIT {int(page.limit)} "
            f"OFFSET {int(page.offset)}) page_rows")


def _choices(rows, choices):
    counts = {row["value"]: row["n"] for row in rows}
    return [(value, label, counts[value]) for value, label in choices if value in counts]


def _options(name, rows):
    """(value, label, count) of one facet, in the order the form shows them."""
    if name == "tahun":
        return [(r["value"], r["value"], r["n"]) for r in sorted(rows, key=lambda r: -r["sort"])]
    if name == "capaian":
        return _choices(rows, AchievementTier.choices)
    if name == "jenis":
        return _choices(rows, AgencyType.choices)
    if name == "kelompok":
        return _choices(rows, InnovationGroup.choices)
    if name == "status":
        return _choices(rows, RunningStatus.choices)
    if name == "kategori":
        rows = sorted(rows, key=lambda r: (r["sort"], r["label_id"]))
        return [(r["value"], _localized(r, "label_id", "label_en"), r["n"]) for r in rows]
    if name == "sdg":
        return [(r["value"], f"{r['value']}. {_localized(r, 'label_id', 'label_en')}", r["n"])
                for r in sorted(rows, key=lambda r: r["sort"])]
    return [(r["value"], r["label_id"], r["n"]) for r in sorted(rows, key=lambda r: r["label_id"])]


def facet_options(*, data, queryset, matched=None, page=None):
    """For each facet: its field, and (value, label, count, selected) for every value;
    the number of results; with ``page`` (PageRequest) the ids of that page, else None
    (``listing_counts``).

    A selected value is kept in the list even when no result has it, so the form can
    always show (and clear) what the visitor chose.
    """
    facets = []
    filterset_fields = InnovationFilterSet.base_filters
    counted, total, *ids = listing_counts(data=data, queryset=queryset, matched=matched,
                                          page=page)
    for name in FACETS:
        selected = data.get(name, "")
        options = [
            {"value": value, "label": label, "count": count, "selected": value == selected}
            for value, label, count in _options(name, counted[name])
        ]
        if selected and not any(option["selected"] for option in options):
            options.insert(0, {"value": selected, "label": selected, "count": 0,
                               "selected": True})
        facets.append({"name": name, "label": filterset_fields[name].label, "options": options,
                       "selected": selected})
    return facets, total, (ids[0] if ids else None)


class Counted:
    """The ordered results for the paginator, whose number is already known (the facet
    query counts them): the paginator slices the page's rows and asks no COUNT. ``known``
    (offset, page size, ids): a slice the facet query already read, served without a query; any
    other slice (a page number past the last) is read from ``queryset``."""

    def __init__(self, queryset, *, count, known=None):
        self.queryset, self.total, self.known = queryset, count, known

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        if self.known is not None and isinstance(index, slice):
            offset, size, ids = self.known
            if index.start == offset and index.stop == min(offset + size, self.total):
                return ids
        return self.queryset[index]
