"""Rounds of a competition, their quotas, and the rubrics judges score against.

A rubric is editable until the first score against it exists; from then on it is
locked (judging.services.rubrics enforces it, the admin form checks it too), because
changing a weight or scale under submitted scores would silently change results.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from innovations.models import AchievementTier, tier_label

from .competition import Competition


class RoundKind(models.TextChoices):
    SCREENING = "screening", _("Administrative screening")
    DESK = "desk", _("Desk evaluation")
    PANEL = "panel", _("Independent panel")
    INTERVIEW = "interview", _("Presentation and interview")
    FIELD_VERIFICATION = "field_verification", _("Field verification")
    AWARD = "award", _("Award")


# Tiers whose final list follows a public objection period unless a round says otherwise.
TIERS_WITH_OBJECTION_PERIOD = frozenset({"top99"})

# Scored rounds use a rubric and judges; the others are pass/fail decisions recorded
# by the secretariat or panel (ScreeningDecision).
SCORED_KINDS = frozenset({RoundKind.DESK, RoundKind.PANEL, RoundKind.INTERVIEW})


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    FINALISED = "finalised", _("Finalised")


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Mean")
    MEDIAN = "median", _("Median")
    TRIMMED_MEAN = "trimmed_mean", _("Trimmed mean (from 5 judges)")


class RubricKind(models.TextChoices):
    DESK = "desk", _("Desk evaluation")
    INTERVIEW = "interview", _("Presentation and interview")
    OTHER = "other", _("Other")


class Rubric(ClusterableModel):
    """A weighted set of criteria. Owned by one competition so that editing next
    year's rubric never touches a past edition's (locked) one."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
        related_name="rubrics", null=True, blank=True,
    )
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=20, choices=RubricKind.choices,
                            default=RubricKind.OTHER)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["competition", "kind", "name"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        constraints = [
            models.UniqueConstraint(fields=["competition", "name"], name="unique_rubric_name")
        ]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    """One scored aspect. ``descriptors`` describe the levels of the scale, as a list
    of {"min": 1, "max": 3, "text": "..."} bands shown beside the score field."""

    rubric = ParentalKey(Rubric, verbose_name=_("rubric"), on_delete=models.CASCADE,
                         related_name="criteria")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("what judges look for"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    min_value = models.DecimalField(_("lowest score"), max_digits=6, decimal_places=2,
                                    default=1)
    max_value = models.DecimalField(_("highest score"), max_digits=6, decimal_places=2,
                                    default=10)
    descriptors = models.JSONField(_("level descriptors"), default=list, blank=True)
    comment_required = models.BooleanField(_("comment required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["rubric", "order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["rubric", "key"], name="unique_criterion_key"),
            models.CheckConstraint(condition=models.Q(max_value__gt=models.F("min_value")),
                                   name="criterion_scale_valid"),
            models.CheckConstraint(condition=models.Q(weight__gte=0),
                                   name="criterion_weight_nonnegative"),
        ]

    def __str__(self):
        weight = f"{self.weight:f}".rstrip("0").rstrip(".")
        return f"{self.name} ({weight}%)"


class Round(ClusterableModel):
    """One stage of a competition. Scored rounds have a rubric, judges per entry and
    aggregation settings; every round may advance a Top N and/or a passing grade."""

    competition = models.ForeignKey(Competition, verbose_name=_("competition"),
                                    on_delete=models.CASCADE, related_name="rounds")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=30, choices=RoundKind.choices)
    name = models.CharField(_("name"), max_length=160)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus.choices,
                              default=RoundStatus.DRAFT, db_index=True)
    rubric = models.ForeignKey(Rubric, verbose_name=_("rubric"), on_delete=models.PROTECT,
                               related_name="rounds", null=True, blank=True)
    judges_per_entry = models.PositiveSmallIntegerField(_("judges per entry"), default=3)
    blind = models.BooleanField(
        _("blind"), default=False,
        help_text=_("Hide the agency and unit identity from judges."),
    )
    advance_count = models.PositiveIntegerField(
        _("advance count (Top N)"), null=True, blank=True,
        help_text=_("Empty: no seat limit (use the passing grade)."),
    )
    passing_grade = models.DecimalField(_("passing grade"), max_digits=6, decimal_places=2,
                                        null=True, blank=True)
    aggregation = models.CharField(_("aggregation"), max_length=20,
                                   choices=Aggregation.choices, default=Aggregation.MEAN)
    normalise = models.BooleanField(_("normalise judge severity"), default=True)
    min_scores_for_normalising = models.PositiveSmallIntegerField(
        _("minimum scores for normalising a judge"), default=5
    )
    disagreement_sd_threshold = models.DecimalField(
        _("disagreement SD threshold"), max_digits=6, decimal_places=2, null=True, blank=True,
        default=10,
    )
    disagreement_range_threshold = models.DecimalField(
        _("disagreement range threshold"), max_digits=6, decimal_places=2, null=True,
        blank=True, default=25,
    )
    publish_scores = models.BooleanField(_("publish scores"), default=False)
    tier = models.CharField(
        _("award tier"), max_length=20, choices=AchievementTier.choices, blank=True,
        help_text=_("The achievement its published result grants to selected entries."),
    )
    requires_objection_period = models.BooleanField(
        _("requires an objection period"), null=True, blank=True,
        help_text=_("Empty: by the tier (a Top 99 requires a public objection period, "
                    "masa sanggah, before its final list is published)."),
    )
    min_objection_days = models.PositiveSmallIntegerField(
        _("minimum objection period (days)"), default=5,
    )
    # Edited on the round's panel screen (judging.services.panels.set_panel), never in
    # the round's form: the rules (active judges, caps above current loads) live there.
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("panel"), through="judging.RoundPanelMember",
        related_name="panel_rounds", blank=True,
    )

    class Meta:
        ordering = ["competition", "order"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(fields=["competition", "order"], name="unique_round_order")
        ]

    def __str__(self):
        return f"{self.competition} · {self.name}"

    def get_tier_display(self):
        return tier_label(self.tier)

    @property
    def result(self):
        """The round's current result snapshot (the one no later snapshot supersedes);
        raises RoundResult.DoesNotExist before finalising. Listings prefetch it with
        ``Prefetch("results", RoundResult.objects.current(), to_attr="current_results")``."""
        if hasattr(self, "current_results"):
            if not self.current_results:
                raise self.results.model.DoesNotExist
            return self.current_results[0]
        return self.results.get(superseded_by__isnull=True)

    @property
    def is_scored(self):
        return self.kind in SCORED_KINDS

    @property
    def objection_period_required(self):
        """Whether publishing this round's tier needs a finished objection period."""
        if self.requires_objection_period is not None:
            return self.requires_objection_period
        return self.tier in TIERS_WITH_OBJECTION_PERIOD


class QuotaDimension(models.TextChoices):
    AGENCY_TYPE = "agency_type", _("Agency type")
    REGION_GROUP = "region_group", _("Region group")
    PROVINCE = "province", _("Province")
    CATEGORY = "category", _("Category")
    GROUP = "group", _("Group")
    REMOTE_BORDER = "remote_border", _("Remote/border region (3T)")


# Cluster values of the remote/border dimension (Province.remote_border).
REMOTE_YES, REMOTE_NO = "3t", "non_3t"


class RoundQuota(models.Model):
    """Seats for one cluster when selecting proportionally, e.g. at least 5 and at
    most 30 regency governments in the Top 99."""

    round = ParentalKey(Round, verbose_name=_("round"), on_delete=models.CASCADE,
                        related_name="quotas")
    dimension = models.CharField(_("dimension"), max_length=20,
                                 choices=QuotaDimension.choices)
    cluster = models.CharField(
        _("cluster"), max_length=80,
        help_text=_("One value of the dimension, chosen from the data (checked when saved)."),
    )
    min_seats = models.PositiveIntegerField(_("minimum seats"), default=0)
    max_seats = models.PositiveIntegerField(_("maximum seats"), null=True, blank=True)

    class Meta:
        ordering = ["round", "dimension", "cluster"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.UniqueConstraint(fields=["round", "dimension", "cluster"],
                                    name="unique_round_quota")
        ]

    def __str__(self):
        return f"{self.get_dimension_display()}: {self.cluster}"
