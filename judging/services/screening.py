"""Pass/fail decisions (administrative screening, field verification, award) and the
e-mail that tells the unit the outcome and the reasons."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from innovations.notifications import agency_admin_emails, operator_emails
from judging.models import Entry, EntryEvent, RoundKind, RoundStatus, ScreeningDecision
from portal.mail import send_mass_mail_on_commit

from . import entries as lifecycle
from . import limits
from .audit import log
from .permissions import require_secretariat
from .rounds import ensure_not_finalised, lock_round, round_entries


@transaction.atomic
def record_screening(*, round, entry, user, passed, reasons="", checklist=None, notify=True):
    """Record (or change, until finalised) the pass/fail decision for an entry in a
    round without scores, and e-mail the unit and its agency admin the reasons
    (``notify=False`` only for loading demo or archive data)."""
    require_secretariat(user)
    # The round's lock (as for scores): a decision either counts in the result or is
    # refused because the round closed.
    round = lock_round(round.pk)
    ensure_not_finalised(round)
    if round.status == RoundStatus.CLOSED:
        raise ValidationError(_("This round is closed; decisions can no longer change."),
                              code="round_closed")
    if round.is_scored:
        raise ValidationError(_("Scored rounds are decided by their scores, not by screening."))
    reasons = (reasons or "").strip()
    if not passed and not reasons:
        raise ValidationError({"reasons": _("Give the reasons the entry did not pass.")})
    if limits.too_long(reasons, limits.LONG_TEXT_MAX):
        raise ValidationError({"reasons": limits.too_long(reasons, limits.LONG_TEXT_MAX)})
    if not round_entries(round).filter(pk=entry.pk).exists():
        raise ValidationError(_("This entry is not part of this round."))
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    checklist = checklist or {}
    same = ScreeningDecision.objects.filter(round=round, entry=entry).first()
    if same is not None and (same.passed, same.reasons, same.checklist) == (
            passed, reasons, checklist):
        # The same decision again (a repeated request): it already took effect.
        return same
    decision, _created = ScreeningDecision.objects.update_or_create(
        round=round, entry=entry,
        defaults={"passed": passed, "reasons": reasons, "checklist": checklist or {},
                  "decided_by": user, "decided_at": timezone.now()},
    )
    if round.kind == RoundKind.SCREENING:
        action = "screen_pass" if passed else "screen_fail"
    else:
        action = "judge"
    if not lifecycle.can(action, entry.status):
        raise ValidationError(_("This entry cannot be decided in its current status "
                                "(%(status)s).") % {"status": entry.get_status_display()})
    status = lifecycle.leads_to(action)
    entry.status = status
    entry.current_round = round
    entry.save(update_fields=["status", "current_round"])
    EntryEvent.objects.create(entry=entry, status=status, actor=user, note=reasons)
    log(instance=decision, action="judging.screening", user=user,
        data={"round": round.pk, "entry": entry.pk, "passed": passed, "reasons": reasons,
              "checklist": checklist or {}})
    if notify:
        _notify(decision=decision, entry=entry, round=round)
    return decision


def _notify(*, decision, entry, round):
    innovation = entry.innovation
    recipients = sorted(set(operator_emails(innovation.unit_id))
                        | set(agency_admin_emails(innovation.agency_id)))
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        outcome = _("passed") if decision.passed else _("did not pass")
        subject = _("%(round)s: “%(title)s” %(outcome)s") % {
            "round": round.name, "title": innovation.title, "outcome": outcome}
        body = _("The entry “%(title)s” in %(competition)s %(outcome)s %(round)s.\n\n"
                 "Reasons:\n%(reasons)s\n") % {
            "title": innovation.title, "competition": round.competition.name,
            "outcome": outcome, "round": round.name,
            "reasons": decision.reasons or "-"}
    messages = [(subject, body, None, [address]) for address in recipients]
    send_mass_mail_on_commit(messages)
