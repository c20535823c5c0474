"""Agencies, service units, reference data and innovation profiles.

An innovation profile is a Wagtail page (InnovationPage) under the innovation index.
Units write it in the workspace; what the public sees is its live (published)
version, and a competition entry freezes the exact revision that was submitted.
"""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from innovations.sections import SECTIONS


class BilingualNameMixin(models.Model):
    """Reference data named in both languages; `name` follows the active language."""

    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self):
        if (get_language() or "id").startswith("en") and self.name_en:
            return self.name_en
        return self.name_id


class Province(models.Model):
    """One of Indonesia's 38 provinces, with its region group for quotas and league tables."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    region_group = models.CharField(_("region group"), max_length=60, db_index=True)
    remote_border = models.BooleanField(
        _("remote/border region (3T)"), default=False, db_index=True,
        help_text=_("Daerah tertinggal, terdepan, terluar: most of the province's regencies "
                    "are in the national list of left-behind regions (see provinces.csv)."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class SDG(BilingualNameMixin):
    """A Sustainable Development Goal (1-17)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG")
        verbose_name_plural = _("SDGs")

    def __str__(self):
        return f"{self.number}. {self.name}"


class Category(BilingualNameMixin):
    """A competition category; editable data because categories change between editions."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "name_id"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class AgencyType(models.TextChoices):
    MINISTRY = "kementerian", _("Ministry")
    AGENCY = "lembaga", pgettext_lazy("agency type", "Agency")
    PROVINCE = "provinsi", _("Provincial government")
    REGENCY = "kabupaten", _("Regency government")
    CITY = "kota", _("City government")
    SOE = "bumn", _("State-owned enterprise (BUMN)")
    ROE = "bumd", _("Regional enterprise (BUMD)")


class Agency(models.Model):
    """An instansi: ministry, agency, local government or state/regional enterprise."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    agency_type = models.CharField(
        _("agency type"), max_length=20, choices=AgencyType.choices, db_index=True
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="agencies",
        null=True,
        blank=True,
        help_text=_("Empty for national bodies (ministries, agencies, BUMN)."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name


class AgencyAlias(models.Model):
    """Another spelling of an agency seen in a published list ("Pemkot Surabaya" for
    "Pemerintah Kota Surabaya"), so that a later import finds the same agency. ``key`` is
    innovations.agency_names.agency_key of the alias."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="aliases"
    )
    alias = models.CharField(_("alias"), max_length=200, unique=True)
    key = models.CharField(_("normalised name"), max_length=200, db_index=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["agency__name", "alias"]
        verbose_name = _("agency alias")
        verbose_name_plural = _("agency aliases")

    def __str__(self):
        return f"{self.alias} → {self.agency.name}"


class Unit(models.Model):
    """A service unit (UPP) inside an agency; it writes the proposals."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["agency__name", "name"]
        verbose_name = _("service unit")
        verbose_name_plural = _("service units")
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="unique_unit_name_per_agency")
        ]

    def __str__(self):
        return f"{self.name} ({self.agency.name})"


class Role(models.TextChoices):
    OPERATOR = "operator", _("Unit operator")
    AGENCY_ADMIN = "agency_admin", _("Agency admin")


class Membership(models.Model):
    """Links a user to the unit they write for, or the agency they administer."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "unit", "role"], name="unique_membership"
            ),
            models.CheckConstraint(
                condition=~models.Q(role="operator") | models.Q(unit__isnull=False),
                name="operator_has_unit",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit or self.agency}"


class InnovationGroup(models.TextChoices):
    GENERAL = "umum", _("General")
    REPLICATION = "replikasi", _("Replication")
    SPECIAL = "khusus", _("Special")


class InnovationIndexPage(Page):
    """The public innovation database (/inovasi/); innovation profiles are its children.

    Profiles are written in Indonesian and rarely translated, so the translated index
    (/en/inovasi/) lists the Indonesian profiles and serves each one at
    /en/inovasi/<slug>/ with the visitor's interface language.
    """

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["innovations.InnovationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("innovation index page")

    def source_index(self):
        """The index in the default language, whose children are the profiles."""
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        return self.get_translation_or_none(default)

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            # No child of this translation has that slug: fall back to the live
            # profile of the same slug under the default-language index.
            source = self.source_index()
            if len(path_components) != 1 or source is None or source.pk == self.pk:
                raise
            profile = (
                InnovationPage.objects.child_of(source).live()
                .filter(slug=path_components[0]).first()
            )
            if profile is None:
                raise
            return RouteResult(profile)

    def get_context(self, request, *args, **kwargs):
        from innovations.views import innovation_listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(innovation_listing_context(request=request, index=self))
        return context


class AgencyIndexPage(RoutablePageMixin, Page):
    """The public list of agencies (/instansi/) and each agency's page (/instansi/<slug>/)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("agency index page")

    @path("")
    def agency_list(self, request):
        from innovations.views import agency_list

        return agency_list(request, index=self)

    @path("<slug:slug>/")
    def agency_detail(self, request, slug):
        from innovations.views import agency_detail

        return agency_detail(request, index=self, slug=slug)


class InnovationPage(Page):
    """The public profile of one innovation."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="innovations"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="innovations",
        null=True,
        blank=True,
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="innovations",
        null=True,
        blank=True,
    )
    group = models.CharField(
        _("group"),
        max_length=20,
        choices=InnovationGroup.choices,
        default=InnovationGroup.GENERAL,
        db_index=True,
    )
    sdgs = ParentalManyToManyField(SDG, verbose_name=_("SDGs"), blank=True, related_name="+")
    started_on = models.DateField(_("started on"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), db_index=True, help_text=_("The edition year this profile was written for.")
    )
    video_url = models.URLField(_("video link"), blank=True)
    replicates = models.ForeignKey(
        "self",
        verbose_name=_("replicates"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replications",
    )

    summary = models.TextField(_("summary"), blank=True)
    background = models.TextField(_("background and goals"), blank=True)
    novelty = models.TextField(_("novelty and added value"), blank=True)
    implementation = models.TextField(_("implementation"), blank=True)
    significance = models.TextField(_("significance"), blank=True)
    adaptability = models.TextField(_("adaptability and replicability"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    sustainability = models.TextField(_("sustainability strategy"), blank=True)
    collaboration = models.TextField(_("stakeholder collaboration"), blank=True)
    monitoring = models.TextField(_("monitoring and evaluation"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    sdg_contribution = models.TextField(_("contribution to the SDGs"), blank=True)
    inspiration = models.TextField(_("inspiration"), blank=True)
    replication_process = models.TextField(_("replication process"), blank=True)
    replication_differences = models.TextField(_("what differs from the original"), blank=True)
    renewal = models.TextField(_("renewal"), blank=True)
    strengthened_sustainability = models.TextField(_("strengthened sustainability"),
                                                   blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("background"),
        index.SearchField("novelty"),
        index.SearchField("significance"),
        index.AutocompleteField("title"),
        index.RelatedFields("agency", [index.SearchField("name")]),
        index.FilterField("agency_id"),
        index.FilterField("category_id"),
        index.FilterField("group"),
        index.FilterField("year"),
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("agency"),
                FieldPanel("unit"),
                FieldPanel("category"),
                FieldPanel("group"),
                FieldPanel("year"),
                FieldPanel("started_on"),
                FieldPanel("sdgs"),
                FieldPanel("replicates"),
                FieldPanel("video_url"),
            ],
            heading=_("Profile"),
        ),
        *[FieldPanel(section.key) for section in SECTIONS],
        InlinePanel("gallery_images", label=_("Gallery")),
        InlinePanel("documents", label=_("Documents")),
        InlinePanel("indicators", label=_("Outcome indicators")),
    ]

    parent_page_types = ["innovations.InnovationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        indexes = [
            models.Index(fields=["agency", "year"], name="innov_agency_year_idx"),
            models.Index(fields=["category", "year"], name="innov_category_year_idx"),
        ]

    def get_context(self, request, *args, **kwargs):
        from innovations.views import innovation_detail_context

        context = super().get_context(request, *args, **kwargs)
        context.update(innovation_detail_context(request=request, page=self))
        return context

    # The pictures the public side shows, as its templates ask for them: the card
    # (includes/innovation_card.html: the first photo), the profile's lead photo and the
    # rest of its gallery (innovation_page.html). portal/renditions.py makes them when the
    # profile is published.
    CARD_PICTURE = "format-{avif,webp,jpeg} fill-400x225"
    LEAD_PICTURE = "format-{avif,webp,jpeg} width-{480,800,1120}"
    GALLERY_PICTURE = "format-{avif,webp,jpeg} fill-{400x300,800x600}"

    def public_renditions(self):
        """[(image id, filter spec patterns)] of the pictures visitors see of this profile
        (read from the gallery in memory when the page came from a revision)."""
        image_ids = [item.image_id for item in self.gallery_images.order_by("sort_order")]
        return [(image_id, (self.CARD_PICTURE, self.LEAD_PICTURE) if number == 0
                 else (self.GALLERY_PICTURE,))
                for number, image_id in enumerate(image_ids)]

    @property
    def age_years(self):
        """Whole years the innovation has run, or None when its start is unknown."""
        if not self.started_on:
            return None
        today = timezone.localdate()
        years = today.year - self.started_on.year
        if (today.month, today.day) < (self.started_on.month, self.started_on.day):
            years -= 1
        return max(years, 0)


class InnovationGalleryImage(Orderable):
    page = ParentalKey(InnovationPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class InnovationDocument(Orderable):
    page = ParentalKey(InnovationPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=250, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]


class OutcomeIndicator(Orderable):
    """A measured result, e.g. 'service time, days, 14 -> 2'."""

    page = ParentalKey(InnovationPage, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit of measure"), max_length=60, blank=True)
    value_before = models.DecimalField(
        _("value before"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    value_after = models.DecimalField(
        _("value after"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    panels = [FieldPanel("name"), FieldPanel("unit"), FieldPanel("value_before"),
              FieldPanel("value_after")]


class AchievementTier(models.TextChoices):
    """The tiers of the editions so far. Archive lists may hold any "Top N": its code is
    ``top<N>`` (stored as is, shown by ``tier_label``), so no choice is needed for it."""

    TOP_99 = "top99", _("Top 99")
    TOP_45 = "top45", _("Top 45")
    TOP_40 = "top40", _("Top 40")
    TOP_35 = "top35", _("Top 35")
    TOP_25 = "top25", _("Top 25")
    TOP_9 = "top9", _("Top 9")
    OUTSTANDING = "outstanding", _("Outstanding")


def tier_label(code):
    """"Top 45", "Outstanding", and "Top N" for any ``top<N>`` code outside the choices."""
    if code in AchievementTier.values:
        return str(AchievementTier(code).label)
    match = re.fullmatch(r"top(\d+)", code or "")
    if match:
        return gettext("Top %(n)s") % {"n": match.group(1)}
    return code or ""


class Achievement(models.Model):
    """A published award of an innovation, e.g. 'Top 45 KIPP 2025'.

    Written only when a result is published (by the judging/leaderboard code or the
    archive import), so it is always safe to show publicly.
    """

    innovation = models.ForeignKey(
        InnovationPage,
        verbose_name=_("innovation"),
        on_delete=models.CASCADE,
        related_name="achievements",
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    tier = models.CharField(_("tier"), max_length=20, choices=AchievementTier.choices)
    competition_name = models.CharField(_("competition"), max_length=120, blank=True)

    class Meta:
        ordering = ["-year", "tier"]
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")
        constraints = [
            models.UniqueConstraint(
                fields=["innovation", "year", "tier"], name="unique_achievement"
            )
        ]
        indexes = [models.Index(fields=["tier", "year"], name="achievement_tier_year_idx")]

    def __str__(self):
        label = f"{self.get_tier_display()} {self.competition_name}".strip()
        return f"{label} {self.year}" if str(self.year) not in label else label

    def get_tier_display(self):
        return tier_label(self.tier)


class RunningStatus(models.TextChoices):
    RUNNING = "berjalan", _("Still running")
    CHANGED = "berubah", _("Running, changed")
    STOPPED = "berhenti", _("Stopped")


STATUS_NOTE_MAX = 500


class StatusUpdate(models.Model):
    """The unit's yearly word on its innovation: still running, changed or stopped.

    One per innovation and year (a second word in the same year replaces the first);
    written only by innovations.services.record_status_update, which checks that the
    user is the unit's operator or its agency's admin and writes the audit log. Public:
    the profile shows the history and the database filters on the latest status."""

    innovation = models.ForeignKey(InnovationPage, verbose_name=_("innovation"),
                                   on_delete=models.CASCADE, related_name="status_updates")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=RunningStatus.choices)
    as_of = models.DateField(_("as of"))
    note = models.TextField(_("note"), max_length=STATUS_NOTE_MAX, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        constraints = [
            models.UniqueConstraint(fields=["innovation", "year"], name="unique_status_year"),
        ]
        indexes = [models.Index(fields=["innovation", "-year"], name="status_latest_idx")]

    def __str__(self):
        return f"{self.innovation_id} · {self.year} · {self.get_status_display()}"


class ListedInnovation(models.Model):
    """One row per live innovation profile: the narrow columns the public listing filters,
    sorts and counts on (innovations/filters.py), so its facet counts and pages read a
    small table instead of the page tree and the wide profile rows.

    Derived data, never edited: innovations/listing.py rewrites a page's row whenever the
    page is saved, published, unpublished or moved, or its status updates change, and
    deleting the page deletes the row. On PostgreSQL the table also holds the page's search
    vectors, copied from its search index entry by a trigger (migration 0010): the title
    and body together, GIN-indexed, for the match; the title alone for the ranking. Which
    pages a visitor may see (private sections, the blind rule) is still decided when the
    listing is read; the profiles shown are read through the live, public page queryset.
    """

    page = models.OneToOneField(InnovationPage, on_delete=models.CASCADE, primary_key=True,
                                related_name="+")
    path = models.CharField(max_length=255)
    depth = models.PositiveIntegerField()
    first_published_at = models.DateTimeField(null=True)
    title = models.CharField(max_length=255)
    year = models.PositiveSmallIntegerField()
    category = models.ForeignKey(Category, on_delete=models.DO_NOTHING, null=True,
                                 db_constraint=False, related_name="+")
    group = models.CharField(max_length=20)
    agency = models.ForeignKey(Agency, on_delete=models.DO_NOTHING, db_constraint=False,
                               related_name="+")
    latest_status = models.CharField(max_length=20, null=True)
    # PostgreSQL only (copied from the search index entry; empty on SQLite).
    search_vector = SearchVectorField(null=True)
    title_vector = SearchVectorField(null=True)
    title_norm = models.FloatField(null=True)

    def __str__(self):
        return self.title
