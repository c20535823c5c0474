"""Judges, their conflicts of interest and their assignments to entries."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovations.models import Agency, Province

from .competition import Entry
from .rounds import Round


class JudgeProfile(models.Model):
    """A judge's affiliation. A judge linked to an agency or province is excluded
    automatically from entries of that agency or province."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"),
                                on_delete=models.CASCADE, related_name="judge_profile")
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="+")
    province = models.ForeignKey(Province, verbose_name=_("province"),
                                 on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    max_load = models.PositiveIntegerField(
        _("maximum entries per round"), null=True, blank=True,
        help_text=_("Empty: no limit."),
    )

    class Meta:
        verbose_name = _("judge profile")
        verbose_name_plural = _("judge profiles")

    def __str__(self):
        """"Ratna Wulandari (juri1)": the name the secretariat knows, and the account."""
        name = self.user.get_full_name()
        return f"{name} ({self.user.get_username()})" if name else self.user.get_username()


class RoundPanelMember(models.Model):
    """A judge on a round's panel: only panel members are assigned to the round's
    entries (automatically or by hand), each up to ``max_entries`` of them."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE,
                              related_name="panel_members")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("judge"),
                              on_delete=models.CASCADE, related_name="panel_memberships")
    max_entries = models.PositiveIntegerField(
        _("maximum entries in this round"), null=True, blank=True,
        help_text=_("Empty: the judge's usual maximum (judge profile), or no limit."),
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["round", "judge"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [
            models.UniqueConstraint(fields=["round", "judge"], name="unique_panel_member")
        ]

    def __str__(self):
        return f"{self.judge} · {self.round}"


class ConflictSource(models.TextChoices):
    JUDGE = "judge", _("Declared by the judge")
    SECRETARIAT = "secretariat", _("Recorded by the secretariat")
    AUTOMATIC = "automatic", _("Automatic")


class ConflictOfInterest(models.Model):
    """A judge must not judge entries of this agency, province or this one entry."""

    judge = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("judge"),
                              on_delete=models.CASCADE, related_name="conflicts")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.CASCADE,
                               null=True, blank=True, related_name="+")
    province = models.ForeignKey(Province, verbose_name=_("province"),
                                 on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="+")
    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE,
                              null=True, blank=True, related_name="conflicts")
    reason = models.TextField(_("reason"))
    source = models.CharField(_("source"), max_length=20, choices=ConflictSource.choices,
                              default=ConflictSource.JUDGE)
    created_at = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        ordering = ["judge", "created_at"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agency__isnull=False) | models.Q(province__isnull=False)
                | models.Q(entry__isnull=False),
                name="conflict_has_target",
            )
        ]

    def __str__(self):
        target = self.entry or self.agency or self.province
        return f"{self.judge} × {target}"


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RECUSED = "recused", _("Recused")
    # The entry left the round (removed from the previous round's tier after an objection).
    CANCELLED = "cancelled", _("Cancelled")
    # Its score no longer counts: the entry is scored again (judging.models.Rescore).
    SET_ASIDE = "set_aside", _("Set aside for a re-score")


class Assignment(models.Model):
    """A judge asked to score one entry in one round."""

    # No index of its own: the unique constraint and the three indexes below lead with
    # the round (one index fewer to write per assignment; every key in it equal within a
    # round, the costliest kind to insert).
    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE,
                              related_name="assignments", db_index=False)
    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.CASCADE,
                              related_name="assignments")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("judge"),
                              on_delete=models.PROTECT, related_name="judging_assignments")
    status = models.CharField(_("status"), max_length=20, choices=AssignmentStatus.choices,
                              default=AssignmentStatus.ACTIVE)
    automatic = models.BooleanField(_("assigned automatically"), default=False)
    recusal_reason = models.TextField(_("recusal reason"), blank=True)
    # A re-score after an objection: the assignment made for it, or the one it set aside.
    # Almost always empty: indexed only where set (partial indexes below).
    rescore = models.ForeignKey("judging.Rescore", verbose_name=_("re-score"),
                                on_delete=models.PROTECT, null=True, blank=True,
                                related_name="assignments", db_index=False)
    set_aside_by = models.ForeignKey("judging.Rescore", verbose_name=_("set aside by"),
                                     on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="set_aside", db_index=False)
    created_at = models.DateTimeField(_("assigned"), default=timezone.now)

    class Meta:
        ordering = ["round", "entry", "judge"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["round", "entry", "judge"],
                                    name="unique_assignment")
        ]
        indexes = [
            models.Index(fields=["round", "judge", "status"], name="assign_round_judge_idx"),
            models.Index(fields=["round", "entry", "status"], name="assign_round_entry_idx"),
            models.Index(fields=["round", "status"], name="assign_round_status_idx"),
            models.Index(fields=["rescore"], name="assign_rescore_idx",
                         condition=models.Q(rescore__isnull=False)),
            models.Index(fields=["set_aside_by"], name="assign_set_aside_by_idx",
                         condition=models.Q(set_aside_by__isnull=False)),
        ]

    def __str__(self):
        return f"{self.judge} → {self.entry_id} ({self.round})"
