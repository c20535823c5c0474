"""The objection period (masa sanggah): announcing a provisional list, filing and
deciding objections, and the rule for publishing the final list after the window.

announce_provisional makes a finalised result public *as provisional* (it does not
publish it: no achievements, no downloads, no API). final_publish_blockers says why
the final list cannot be published yet; judging.services.results.publish_result, the one
publishing path, refuses while it names anything.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from judging.models import (
    Objection,
    ObjectionStatus,
    ObjectionWindow,
    Rescore,
    RescoreStatus,
    ResultRow,
    RoundStatus,
)
from judging.models.objections import FINAL_STATUSES, OPEN_STATUSES
from portal import page_cache

from . import limits
from .audit import log
from .permissions import require_secretariat

MIN_REASON_LENGTH = 50


def hash_ip(ip):
    """sha256 of the IP and SECRET_KEY: stable for rate limiting, not reversible to
    the address without the key."""
    return hashlib.sha256(f"{ip or ''}|{settings.SECRET_KEY}".encode()).hexdigest()


def window_of(result):
    """The objection window of ``result``'s round. It belongs to the round's first
    snapshot (the provisional list); a snapshot that supersedes it shares it."""
    try:
        return result.objection_window
    except ObjectionWindow.DoesNotExist:
        if result.supersedes_id is None:
            return None
        return ObjectionWindow.objects.filter(result__round_id=result.round_id).first()


@transaction.atomic
def announce_provisional(*, result, user, opens_at, closes_at):
    """Announce ``result`` as the provisional list with an objection window (or move
    the window of one already announced). The result stays unpublished."""
    require_secretariat(user)
    if result.published:
        raise ValidationError(_("This result is already published; it cannot be provisional."))
    if result.supersedes_id is not None:
        raise ValidationError(_("This result replaces the provisional list after a decision "
                                "on an objection; its objection period is the provisional "
                                "list's."))
    if not result.round.tier:
        raise ValidationError(_("Only a round that grants a tier has a public list."))
    if result.round.status != RoundStatus.FINALISED:
        raise ValidationError(_("Finalise the round before announcing its provisional list."))
    if opens_at is None or closes_at is None or closes_at <= opens_at:
        raise ValidationError(_("The objection window must close after it opens."))
    minimum = datetime.timedelta(days=result.round.min_objection_days)
    if closes_at - opens_at < minimum:
        raise ValidationError(_("The objection period must last at least %(days)s days.")
                              % {"days": result.round.min_objection_days})
    window = window_of(result)
    previous = None
    if window is None:
        window = ObjectionWindow(result=result, announced_by=user, announced_at=timezone.now())
    else:
        previous = {"opens_at": window.opens_at.isoformat(),
                    "closes_at": window.closes_at.isoformat()}
    window.opens_at, window.closes_at = opens_at, closes_at
    window.save()
    log(instance=result, action="judging.provisional_announce", user=user, data={
        "round": result.round_id, "opens_at": opens_at.isoformat(),
        "closes_at": closes_at.isoformat(), "previous": previous})
    page_cache.purge()  # the provisional list and its objection form are public
    return window


def provisional_row(*, result, entry):
    """The provisional list's row of ``entry`` (only selected rows are public)."""
    return ResultRow.objects.filter(result=result, entry=entry, selected=True).first()


@transaction.atomic
def file_objection(*, result, entry, name, email, reason, evidence_url="", ip, at=None):
    """Store an objection filed by anyone while the window is open."""
    at = at or timezone.now()
    window = window_of(result)
    if result.published or window is None:
        raise ValidationError(_("This result has no objection period."))
    if at < window.opens_at:
        raise ValidationError(_("The objection period has not started yet."))
    if not window.is_open(at):
        raise ValidationError(_("The objection period has closed."))
    errors = {}
    if entry is None or provisional_row(result=result, entry=entry) is None:
        errors["entry"] = _("Choose an innovation from this provisional list.")
    if not (name or "").strip():
        errors["name"] = _("Enter your name.")
    if not (email or "").strip():
        errors["email"] = _("Enter your e-mail address.")
    if len((reason or "").strip()) < MIN_REASON_LENGTH:
        errors["reason"] = _("Explain the objection in at least %(n)s characters.") % {
            "n": MIN_REASON_LENGTH}
    limits.check(errors, "name", (name or "").strip(), limits.NAME_MAX)
    limits.check(errors, "email", (email or "").strip(), limits.EMAIL_MAX)
    limits.check(errors, "reason", (reason or "").strip(), limits.LONG_TEXT_MAX)
    limits.check(errors, "evidence_url", (evidence_url or "").strip(), limits.URL_MAX)
    if errors:
        raise ValidationError(errors)
    objection = Objection.objects.create(
        result=result, entry=entry, name=name.strip(), email=email.strip(),
        reason=reason.strip(), evidence_url=(evidence_url or "").strip(), created_at=at,
        ip_hash=hash_ip(ip))
    log(instance=objection, action="judging.objection_file", user=None,
        data={"result": result.pk, "entry": entry.pk})
    return objection


def _outcome_mail(objection):
    innovation = objection.entry.innovation.title
    verdict = (_("upheld") if objection.status == ObjectionStatus.UPHELD else _("rejected"))
    subject = _("Your objection about %(innovation)s was %(verdict)s") % {
        "innovation": innovation, "verdict": verdict}
    body = _(
        "Dear %(name)s,\n\nThe secretariat has reviewed your objection no. %(id)s about "
        "\"%(innovation)s\" in %(round)s.\n\nOutcome: %(verdict)s\n\n%(note)s\n"
    ) % {"name": objection.name, "id": objection.pk, "innovation": innovation,
         "round": objection.result.round, "verdict": verdict, "note": objection.outcome_note}
    return subject, body


@transaction.atomic
def decide_objection(*, objection, user, status, note=""):
    """Mark an objection under review, or decide it (upheld or rejected) with a note
    that is e-mailed to the objector. A decision is final."""
    require_secretariat(user)
    objection = (Objection.objects.select_for_update()
                 .select_related("result__round__competition", "entry__innovation")
                 .get(pk=objection.pk))
    if status not in (ObjectionStatus.UNDER_REVIEW, *FINAL_STATUSES):
        raise ValidationError({"status": _("Choose under review, upheld or rejected.")})
    if objection.status in FINAL_STATUSES:
        raise ValidationError(_("This objection is already decided."))
    note = (note or "").strip()
    if status in FINAL_STATUSES and not note:
        raise ValidationError({"note": _("Write the outcome the objector will receive.")})
    if limits.too_long(note, limits.LONG_TEXT_MAX):
        raise ValidationError({"note": limits.too_long(note, limits.LONG_TEXT_MAX)})
    previous = objection.status
    objection.status = status
    objection.outcome_note = note
    if status in FINAL_STATUSES:
        objection.decided_by, objection.decided_at = user, timezone.now()
    objection.save(update_fields=["status", "outcome_note", "decided_by", "decided_at"])
    log(instance=objection, action="judging.objection_decide", user=user,
        data={"from": previous, "to": status})
    page_cache.purge()  # the provisional list shows where objections stand
    if status in FINAL_STATUSES:
        subject, body = _outcome_mail(objection)
        recipient = objection.email
        # After commit: no e-mail for a decision that was rolled back.
        transaction.on_commit(lambda: send_mail(subject, body, None, [recipient],
                                                fail_silently=True))
    return objection


def final_publish_blockers(result, *, at=None):
    """Reasons the final list cannot be published yet (empty list: it can)."""
    window = window_of(result)
    round = result.round
    if window is None:
        if round.objection_period_required:
            return [_("%(tier)s needs an objection period before its final list is "
                      "published: announce the provisional list first.")
                    % {"tier": round.get_tier_display() or round.name}]
        return []
    reasons = []
    minimum = datetime.timedelta(days=round.min_objection_days)
    if round.objection_period_required and window.closes_at - window.opens_at < minimum:
        reasons.append(_("The objection period must last at least %(days)s days.")
                       % {"days": round.min_objection_days})
    if not window.has_closed(at):
        reasons.append(_("The objection period is still open until %(date)s.") % {
            "date": timezone.localtime(window.closes_at).strftime("%Y-%m-%d %H:%M")})
    objections = Objection.objects.filter(result__round_id=result.round_id)
    pending = objections.filter(status__in=OPEN_STATUSES).count()
    if pending:
        reasons.append(_("%(count)s objection(s) are not decided yet.") % {"count": pending})
    awaiting = objections.filter(status=ObjectionStatus.UPHELD, decision__isnull=True).count()
    if awaiting:
        reasons.append(_("%(count)s upheld objection(s) still need a decision on the entry "
                         "(remove, score again, reinstate or keep).") % {"count": awaiting})
    rescoring = Rescore.objects.filter(round_id=result.round_id,
                                       status=RescoreStatus.PENDING).count()
    if rescoring:
        reasons.append(_("%(count)s entry(ies) are being scored again; apply the re-score "
                         "first.") % {"count": rescoring})
    return reasons
