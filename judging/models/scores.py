"""Scores, pass/fail decisions, panel decisions and the immutable round results."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .competition import Entry
from .judges import Assignment
from .rounds import Criterion, Round


class ScoreStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Score(models.Model):
    """One judge's score sheet for one entry. Submitted sheets are locked; only the
    secretariat can reopen one (judging.services.reopen_score). ``total`` is the
    cached 0-100 rubric total, recomputed by exactly one function on submit."""

    assignment = models.OneToOneField(Assignment, verbose_name=_("assignment"),
                                      on_delete=models.CASCADE, related_name="score")
    status = models.CharField(_("status"), max_length=20, choices=ScoreStatus.choices,
                              default=ScoreStatus.DRAFT, db_index=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    total = models.FloatField(_("total"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        indexes = [models.Index(fields=["status", "submitted_at"], name="score_status_idx")]

    def __str__(self):
        return f"{self.assignment} · {self.get_status_display()}"


class ScoreValue(models.Model):
    score = models.ForeignKey(Score, verbose_name=_("score"), on_delete=models.CASCADE,
                              related_name="values")
    criterion = models.ForeignKey(Criterion, verbose_name=_("criterion"),
                                  on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("value"), max_digits=6, decimal_places=2, null=True,
                                blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score value")
        verbose_name_plural = _("score values")
        constraints = [
            models.UniqueConstraint(fields=["score", "criterion"], name="unique_score_value")
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"


class ScreeningDecision(models.Model):
    """Pass or fail in a round without scores (screening, field verification, award),
    with the reasons sent to the unit and the checklist that was ticked."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE,
                              related_name="screening_decisions")
    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE,
                              related_name="screening_decisions")
    passed = models.BooleanField(_("passed"))
    reasons = models.TextField(_("reasons"), blank=True)
    checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("screening decision")
        verbose_name_plural = _("screening decisions")
        constraints = [
            models.UniqueConstraint(fields=["round", "entry"], name="unique_screening_decision")
        ]
        indexes = [models.Index(fields=["round", "passed"], name="screening_round_idx")]

    def __str__(self):
        return f"{self.entry_id} · {'✓' if self.passed else '✗'}"


class PanelDecision(models.Model):
    """The panel's recorded choice for an entry tied across the cut-off line."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE,
                              related_name="panel_decisions")
    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE,
                              related_name="panel_decisions")
    selected = models.BooleanField(_("selected"))
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("panel decision")
        verbose_name_plural = _("panel decisions")
        constraints = [
            models.UniqueConstraint(fields=["round", "entry"], name="unique_panel_decision")
        ]

    def __str__(self):
        return f"{self.entry_id} · {'✓' if self.selected else '✗'}"


# round_settings["source"] of a result made by the archive import (no scores behind it).
ARCHIVE_SOURCE = "archive-import"


class RoundResultQuerySet(models.QuerySet):
    def current(self):
        """The snapshots no later snapshot supersedes: one per finalised round."""
        return self.filter(superseded_by__isnull=True)


class RoundResult(models.Model):
    """The immutable outcome of a finalised round: settings, a checksum of the inputs
    (sha256 over the sorted raw score rows and the settings) and one row per entry.
    Only the publication fields may change after creation.

    Finalising makes a round's first snapshot. A decision on an entry after an upheld
    objection (ObjectionDecision) makes a new snapshot that ``supersedes`` the one before
    it; both are kept. The chain is linear (``supersedes`` is one-to-one and a round has
    one first snapshot), so a round has exactly one current snapshot: ``Round.result``."""

    MUTABLE_FIELDS = frozenset({"published", "published_at", "published_by"})

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.PROTECT,
                              related_name="results")
    supersedes = models.OneToOneField(
        "self", verbose_name=_("supersedes"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="superseded_by",
        help_text=_("The earlier snapshot of the same round this one replaces."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    checksum = models.CharField(_("checksum of inputs"), max_length=64)
    round_settings = models.JSONField(_("round settings"), default=dict)
    alpha = models.FloatField(_("Krippendorff's alpha"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"),
                                     on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")

    objects = RoundResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("round result")
        verbose_name_plural = _("round results")
        constraints = [
            models.UniqueConstraint(fields=["round"], condition=models.Q(supersedes__isnull=True),
                                    name="one_first_result_per_round"),
        ]

    def __str__(self):
        return str(self.round)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk and not self._state.adding and (
            update_fields is None or not set(update_fields) <= self.MUTABLE_FIELDS
        ):
            raise ValidationError(_("A round result is immutable; only publication can change."))
        super().save(*args, **kwargs)


class ResultRow(models.Model):
    """One entry's line in a round result. ``reason_code`` and ``reason_params`` come
    from judging.maths.selection (or screening) and are turned into text when shown."""

    # No index of its own: the unique (result, entry) and (result, rank), (result,
    # selected) lead with it; one index fewer for each of a finalise's rows.
    result = models.ForeignKey(RoundResult, verbose_name=_("result"), on_delete=models.CASCADE,
                               related_name="rows", db_index=False)
    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.PROTECT,
                              related_name="result_rows")
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    shared_rank = models.BooleanField(_("shared rank"), default=False)
    raw_mean = models.FloatField(_("raw mean"), null=True, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    n_judges = models.PositiveSmallIntegerField(_("judges"), default=0)
    sd = models.FloatField(_("standard deviation"), null=True, blank=True)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    selected = models.BooleanField(_("selected"), default=False)
    reason_code = models.CharField(_("reason"), max_length=40)
    reason_params = models.JSONField(_("reason details"), default=dict, blank=True)
    cluster = models.CharField(
        _("cluster"), max_length=120, blank=True,
        help_text=_("As the published list gives it, e.g. Klaster Kementerian (archive)."),
    )
    source = models.CharField(
        _("source"), max_length=500, blank=True,
        help_text=_("Link or document the row was taken from (archive)."),
    )

    class Meta:
        ordering = ["result", "rank", "entry"]
        verbose_name = _("result row")
        verbose_name_plural = _("result rows")
        constraints = [
            models.UniqueConstraint(fields=["result", "entry"], name="unique_result_row")
        ]
        indexes = [
            models.Index(fields=["result", "rank"], name="resultrow_rank_idx"),
            models.Index(fields=["result", "selected"], name="resultrow_selected_idx"),
        ]

    def __str__(self):
        return f"{self.rank or '-'} · {self.entry_id}"

    def save(self, *args, **kwargs):
        if self.pk and not self._state.adding:
            raise ValidationError(_("Result rows are immutable."))
        super().save(*args, **kwargs)
