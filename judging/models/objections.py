"""The objection period (masa sanggah) of a round result.

A RoundResult is immutable, so the provisional announcement lives beside it: an
ObjectionWindow says when the provisional list went public and when objections may be
filed. Objections are data; judging.services.objections is the only code that changes
them (filing, deciding), in transactions that write the audit log.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .competition import Entry
from .scores import RoundResult


class ObjectionWindow(models.Model):
    """A result announced as provisional, with its objection window."""

    # Always the round's first snapshot (the provisional list); later snapshots made by
    # decisions on objections share it (judging.services.objections.window_of).
    result = models.OneToOneField(RoundResult, verbose_name=_("result"),
                                  on_delete=models.CASCADE, related_name="objection_window")
    announced_at = models.DateTimeField(_("provisional list announced"), default=timezone.now)
    announced_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("announced by"),
                                     on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    opens_at = models.DateTimeField(_("objections open"))
    closes_at = models.DateTimeField(_("objections close"))

    class Meta:
        verbose_name = _("objection window")
        verbose_name_plural = _("objection windows")
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")),
                                   name="objection_window_valid"),
        ]

    def __str__(self):
        return f"{self.result} · {self.opens_at:%Y-%m-%d} – {self.closes_at:%Y-%m-%d}"

    def is_open(self, at=None):
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at

    def has_closed(self, at=None):
        return (at or timezone.now()) >= self.closes_at


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under review")
    UPHELD = "upheld", _("Upheld")
    REJECTED = "rejected", _("Rejected")


# Objections in these states still need the secretariat before the final list.
OPEN_STATUSES = (ObjectionStatus.RECEIVED, ObjectionStatus.UNDER_REVIEW)
FINAL_STATUSES = (ObjectionStatus.UPHELD, ObjectionStatus.REJECTED)


class Objection(models.Model):
    """One objection against an entry on a provisional list. The filer's IP is kept
    only as a keyed hash (for rate limiting and abuse review), never in clear."""

    result = models.ForeignKey(RoundResult, verbose_name=_("result"), on_delete=models.CASCADE,
                               related_name="objections")
    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.PROTECT,
                              related_name="objections")
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    reason = models.TextField(_("reason"))
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("filed"), default=timezone.now)
    ip_hash = models.CharField(_("IP hash"), max_length=64, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=ObjectionStatus.choices,
                              default=ObjectionStatus.RECEIVED)
    outcome_note = models.TextField(_("outcome"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        indexes = [
            models.Index(fields=["status", "created_at"], name="objection_status_idx"),
            models.Index(fields=["result", "status"], name="objection_result_idx"),
        ]

    def __str__(self):
        return _("Objection %(id)s") % {"id": self.pk}


class EntryDecisionAction(models.TextChoices):
    REMOVE = "remove", _("Remove the entry from the tier")
    RESCORE = "rescore", _("Score the entry again")
    REINSTATE = "reinstate", _("Reinstate the entry (removed earlier)")
    KEEP = "keep", _("Keep the entry where it is")


class ObjectionDecision(models.Model):
    """What the secretariat decided about the entry of an upheld objection.

    ``remove`` takes the entry off the round's selected list: it makes a new result
    snapshot (``result``) that supersedes the current one, and the entry leaves the next
    round. ``reinstate`` puts back an entry removed by an earlier decision, also by a
    new snapshot. ``rescore`` sets the entry's scores aside and has it scored again
    (a Rescore; its snapshot comes when the secretariat applies it). ``keep`` leaves the
    entry where it is; no new snapshot (``result`` is empty). A decision is immutable;
    judging.services.decisions is the only code that makes one."""

    objection = models.OneToOneField(Objection, verbose_name=_("objection"),
                                     on_delete=models.PROTECT, related_name="decision")
    action = models.CharField(_("decision"), max_length=20, choices=EntryDecisionAction.choices)
    note = models.TextField(_("reasons"))
    result = models.OneToOneField(
        RoundResult, verbose_name=_("new result"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="decision",
        help_text=_("The result snapshot this decision produced (removal or reinstatement)."),
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("decision on an entry")
        verbose_name_plural = _("decisions on entries")

    def __str__(self):
        return f"{self.objection} · {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk and not self._state.adding:
            raise ValidationError(_("A decision on an entry is immutable."))
        super().save(*args, **kwargs)


class RescoreStatus(models.TextChoices):
    PENDING = "pending", _("Being scored again")
    APPLIED = "applied", _("Applied")


class Rescore(models.Model):
    """An entry scored again after a decision on an upheld objection.

    Its earlier assignments in the round are set aside (``Assignment.set_aside_by``, kept
    with their scores) and panel judges score it on new assignments
    (``Assignment.rescore``). While it is pending the round's result is unchanged and its
    final list cannot be published; applying it makes a snapshot (``result``) computed
    exactly as finalising does, superseding the current one."""

    decision = models.OneToOneField(ObjectionDecision, verbose_name=_("decision"),
                                    on_delete=models.PROTECT, related_name="rescore")
    round = models.ForeignKey("judging.Round", verbose_name=_("round"),
                              on_delete=models.PROTECT, related_name="rescores")
    entry = models.ForeignKey(Entry, verbose_name=_("entry"), on_delete=models.PROTECT,
                              related_name="rescores")
    status = models.CharField(_("status"), max_length=20, choices=RescoreStatus.choices,
                              default=RescoreStatus.PENDING, db_index=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("applied by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    result = models.OneToOneField(
        RoundResult, verbose_name=_("new result"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="rescore",
        help_text=_("The result snapshot made when the new scores were applied."))

    class Meta:
        ordering = ["round", "requested_at"]
        verbose_name = _("re-score")
        verbose_name_plural = _("re-scores")

    def __str__(self):
        return f"{self.round} · {self.entry_id} · {self.get_status_display()}"
