"""Filters, full-text search, sorting and facet counts of the public innovation database.

One FilterSet drives the listing and the counts shown beside each filter value. Counts
are "disjunctive": the counts of one facet apply every other active filter but not the
facet's own, so a visitor sees how many results each alternative would give. Each facet
costs one GROUP BY query, whatever the number of values or rows.
"""

import re

import django_filters
from django.db.models import Case, Count, Exists, OuterRef, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from innovations.models import (
    Achievement,
    AchievementTier,
    AgencyType,
    InnovationGroup,
    InnovationPage,
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
_NOT_A_WORD = re.compile(r"[^\w\s]+")


def clean_query(value):
    """Words only: quotes and operators in a visitor's query would be search syntax."""
    return " ".join(_NOT_A_WORD.sub(" ", value or "").split())[:200]


def search_matches(query):
    """A subquery of the primary keys of innovations matching a full-text query.

    Searches through Wagtail's search backend (database backend: SQLite FTS5 or
    PostgreSQL full-text search) without filters, so the result can be combined
    with any ORM filter, including ones the search index does not know about.
    """
    results = InnovationPage.objects.all().search(query, order_by_relevance=False)
    if hasattr(results, "get_queryset"):  # the database backends
        return results.get_queryset().order_by().values("pk")
    return [result.pk for result in results]


def ranked_by_relevance(query, queryset):
    """Innovations whose title holds more of the query's words first, then the newest.

    The database backend's own relevance score is a per-row subquery on SQLite, far too
    slow for tens of thousands of rows; the title is where a searcher's words matter most.
    """
    words = query.split()[:8]
    hits = sum((Case(When(title__icontains=word, then=Value(1)), default=Value(0))
                for word in words), Value(0))
    return queryset.annotate(title_hits=hits).order_by("-title_hits", "-first_published_at", "-pk")


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

    class Meta:
        model = InnovationPage
        fields = []

    def filter_search(self, queryset, name, value):
        value = clean_query(value)
        if not value:
            return queryset
        return queryset.filter(pk__in=search_matches(value))

    def filter_tier(self, queryset, name, value):
        return queryset.filter(
            Exists(Achievement.objects.filter(innovation=OuterRef("pk"), tier=value))
        )


def _localized(row, id_key, en_key):
    if (get_language() or "id").startswith("en") and row.get(en_key):
        return row[en_key]
    return row[id_key]


def _group_counts(queryset, *fields):
    return queryset.order_by().values(*fields).annotate(n=Count("pk", distinct=True))


def _options_year(qs):
    rows = _group_counts(qs, "year").order_by("-year")
    return [(str(r["year"]), str(r["year"]), r["n"]) for r in rows]


def _options_tier(qs):
    rows = (
        Achievement.objects.filter(innovation__in=qs.values("pk"))
        .order_by().values("tier").annotate(n=Count("innovation", distinct=True))
    )
    counts = {r["tier"]: r["n"] for r in rows}
    return [(value, label, counts[value]) for value, label in AchievementTier.choices
            if value in counts]


def _options_category(qs):
    rows = _group_counts(
        qs.filter(category__isnull=False),
        "category__slug", "category__name_id", "category__name_en", "category__sort_order",
    ).order_by("category__sort_order", "category__name_id")
    return [(r["category__slug"], _localized(r, "category__name_id", "category__name_en"),
             r["n"]) for r in rows]


def _options_sdg(qs):
    rows = _group_counts(
        qs.filter(sdgs__isnull=False), "sdgs__number", "sdgs__name_id", "sdgs__name_en"
    ).order_by("sdgs__number")
    return [(str(r["sdgs__number"]),
             f"{r['sdgs__number']}. {_localized(r, 'sdgs__name_id', 'sdgs__name_en')}", r["n"])
            for r in rows]


def _options_choices(qs, field, choices):
    counts = {r[field]: r["n"] for r in _group_counts(qs, field)}
    return [(value, label, counts[value]) for value, label in choices if value in counts]


def _options_province(qs):
    rows = _group_counts(
        qs.filter(agency__province__isnull=False), "agency__province_id", "agency__province__name"
    ).order_by("agency__province__name")
    return [(r["agency__province_id"], r["agency__province__name"], r["n"]) for r in rows]


def _options_agency(qs):
    rows = _group_counts(qs, "agency__slug", "agency__name").order_by("agency__name")
    return [(r["agency__slug"], r["agency__name"], r["n"]) for r in rows]


FACETS = {
    "tahun": _options_year,
    "capaian": _options_tier,
    "kategori": _options_category,
    "sdg": _options_sdg,
    "jenis": lambda qs: _options_choices(qs, "agency__agency_type", AgencyType.choices),
    "provinsi": _options_province,
    "kelompok": lambda qs: _options_choices(qs, "group", InnovationGroup.choices),
    "instansi": _options_agency,
}


def facet_options(*, data, queryset):
    """For each facet: its field, and (value, label, count, selected) for every value.

    A selected value is kept in the list even when no result has it, so the form can
    always show (and clear) what the visitor chose.
    """
    facets = []
    filterset_fields = InnovationFilterSet.base_filters
    for name, options_for in FACETS.items():
        others = data.copy()
        others.pop(name, None)
        others.pop("halaman", None)
        scoped = InnovationFilterSet(others, queryset=queryset).qs
        selected = data.get(name, "")
        options = [
            {"value": value, "label": label, "count": count, "selected": value == selected}
            for value, label, count in options_for(scoped)
        ]
        if selected and not any(option["selected"] for option in options):
            options.insert(0, {"value": selected, "label": selected, "count": 0,
                               "selected": True})
        facets.append({"name": name, "label": filterset_fields[name].label, "options": options,
                       "selected": selected})
    return facets
