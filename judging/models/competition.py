"""Competitions and their entries.

Models stay data: the rules that change them live in services (the entry lifecycle in
judging/services/entries.py), which run in transactions and write the audit log.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from innovations.models import Category, InnovationGroup, InnovationPage
from innovations.sections import (
    DEFAULT_REQUIRED_SECTIONS,
    SECTIONS,
    default_sections,
    planned,
)
from judging.maths.stages import STAGE_ORDER


def default_required_sections():
    # Kept for migration 0001; the sections are EditionSection rows since 0018.
    return list(DEFAULT_REQUIRED_SECTIONS)


def default_groups():
    return [InnovationGroup.GENERAL.value, InnovationGroup.REPLICATION.value]


def default_outstanding_groups():
    return [InnovationGroup.SPECIAL.value]


def default_stages():
    """Every stage in its real order (RoundKind values; judging.maths.stages checks it)."""
    return list(STAGE_ORDER)


# The passing grade of the 2025 desk evaluation (domain.md).
DEFAULT_PASSING_GRADE = 85


class CompetitionQuerySet(models.QuerySet):
    def taking_submissions(self, at=None):
        """Editions whose registration is open at ``at`` (now), closing first first."""
        at = at or timezone.now()
        return (self.filter(registration_opens_at__lte=at, submission_deadline__gte=at)
                .order_by("submission_deadline"))


class Competition(ClusterableModel):
    """One edition, e.g. "KIPP 2026", with its registration rules."""

    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=20, default="KIPP")
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    registration_opens_at = models.DateTimeField(_("registration opens"))
    submission_deadline = models.DateTimeField(_("submission deadline"))
    min_age_years = models.PositiveSmallIntegerField(
        _("minimum age of the innovation (years)"), default=2
    )
    max_general_per_agency = models.PositiveSmallIntegerField(
        _("maximum general-group entries per agency"), default=10
    )
    max_replication_per_agency = models.PositiveSmallIntegerField(
        _("maximum replication-group entries per agency"), default=5
    )
    max_special_per_agency = models.PositiveSmallIntegerField(
        _("maximum special-group entries per agency"), default=5
    )
    groups = models.JSONField(_("groups that run"), default=default_groups, blank=True)
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="competitions"
    )
    unique_title_per_agency = models.BooleanField(_("one entry per title per agency"), default=True)
    stages = models.JSONField(
        _("stages that run"), default=default_stages, blank=True,
        help_text=_("In their real order: screening, desk evaluation, independent panel, "
                    "presentation and interview, field verification, award."),
    )
    default_passing_grade = models.DecimalField(
        _("default passing grade"), max_digits=6, decimal_places=2, null=True, blank=True,
        default=DEFAULT_PASSING_GRADE,
        help_text=_("Used by a scored round whose own passing grade is empty (85 in 2025). "
                    "Empty: no passing grade."),
    )
    outstanding_groups = models.JSONField(
        _("groups the Outstanding tier is chosen from"), default=default_outstanding_groups,
        blank=True, help_text=_("By default the special group (kelompok khusus)."),
    )

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")

    def __str__(self):
        return self.name

    def max_entries_for_group(self, group):
        return {
            InnovationGroup.GENERAL: self.max_general_per_agency,
            InnovationGroup.REPLICATION: self.max_replication_per_agency,
            InnovationGroup.SPECIAL: self.max_special_per_agency,
        }.get(group, 0)

    def is_open(self, at=None):
        at = at or timezone.now()
        return self.registration_opens_at <= at <= self.submission_deadline

    def sections_for(self, group):
        """The proposal sections this edition asks of ``group`` (PlannedSections in form
        order): its EditionSection rows, or the reference defaults when it has none for
        the group. Reads ``sections.all()``, so a prefetch of "sections" serves a list."""
        rows = [(row.key, row.max_words, row.required) for row in self.sections.all()
                if row.group == group]
        return planned(rows) if rows else default_sections(group)


MAX_SECTION_WORDS = 5000


class EditionSection(models.Model):
    """One proposal section an edition asks of one group, with its word limit; set by
    the secretariat in the edition's admin form."""

    competition = ParentalKey(
        Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
        related_name="sections",
    )
    group = models.CharField(_("group"), max_length=20, choices=InnovationGroup.choices)
    key = models.CharField(_("section"), max_length=40,
                           choices=[(section.key, section.label) for section in SECTIONS])
    max_words = models.PositiveSmallIntegerField(
        _("word limit"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SECTION_WORDS)])
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        # In the order they were written: the reference rows group by group (general,
        # replication, special), then what the secretariat added.
        ordering = ["competition", "pk"]
        verbose_name = _("proposal section")
        verbose_name_plural = _("proposal sections")
        constraints = [
            models.UniqueConstraint(fields=["competition", "group", "key"],
                                    name="unique_section_per_edition_group"),
        ]

    def __str__(self):
        return f"{self.competition_id} · {self.group} · {self.key}"


class EntryStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted to agency admin")
    RETURNED = "returned", _("Returned for revision")
    FORWARDED = "forwarded", _("Forwarded to the competition")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SCREENING_PASSED = "screening_passed", _("Passed administrative screening")
    SCREENING_FAILED = "screening_failed", _("Failed administrative screening")
    IN_JUDGING = "in_judging", _("In judging")
    ADVANCED = "advanced", _("Advanced to the next round")
    NOT_ADVANCED = "not_advanced", _("Not advanced")
    AWARDED = "awarded", _("Awarded")


class Entry(models.Model):
    """One innovation entered in one competition, group and category.

    `revision` freezes the exact version of the profile that was submitted: judges
    always see that version, never later edits.
    """

    # No index of its own: (competition, status) and (competition, innovation) lead with
    # it; one index fewer to update when finalising moves a round's entries on.
    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.PROTECT,
        related_name="entries", db_index=False,
    )
    innovation = models.ForeignKey(
        InnovationPage, verbose_name=_("innovation"), on_delete=models.PROTECT,
        related_name="entries",
    )
    group = models.CharField(_("group"), max_length=20, choices=InnovationGroup.choices)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="entries",
        null=True, blank=True,
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name=_("submitted revision"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
    )
    status = models.CharField(
        _("status"), max_length=30, choices=EntryStatus.choices, default=EntryStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    current_round = models.ForeignKey(
        "judging.Round", verbose_name=_("current round"), on_delete=models.SET_NULL,
        related_name="+", null=True, blank=True,
        help_text=_("The round the entry is in or last took part in (set by judging services)."),
    )

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "innovation"], name="unique_entry_per_competition"
            )
        ]
        indexes = [
            models.Index(fields=["competition", "status"], name="entry_comp_status_idx"),
        ]

    def __str__(self):
        return f"{self.innovation.title} · {self.competition}"

    def get_unit_status_display(self):
        """The status as the unit may see it: ``unit_status``, annotated by
        judging.services.disclosure.for_units (an undisclosed outcome reads "In judging")."""
        return EntryStatus(self.unit_status).label


class EntryEvent(models.Model):
    """The status timeline the unit sees: every change with who, when and why."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="events"
    )
    status = models.CharField(_("status"), max_length=30, choices=EntryStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)
    round = models.ForeignKey(
        "judging.Round", verbose_name=_("round decided"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
        help_text=_("Set on the outcome of finalising a round: the unit sees it once the "
                    "round's result is published or announced as provisional."),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("entry event")
        verbose_name_plural = _("entry events")

    def __str__(self):
        return f"{self.entry_id} · {self.status}"
