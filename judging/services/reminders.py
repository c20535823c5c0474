"""Reminders to judges with open work in a round, by e-mail, sent in the background.

The secretariat sends them from the round's dashboard (or the admin home). Each judge
with an active assignment not yet submitted gets one message of their own (addresses are
never disclosed to each other) naming the round, how many entries wait and when the
round closes, with the link to their list. The messages are queued as a task when the
transaction commits (portal/mail.py). One reminder per round per day: a second click, or
two members of the secretariat at once, sends nothing more (the round's row lock orders
them, the audit log is the record of what was sent).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from judging.models import Assignment, AssignmentStatus, RoundStatus, ScoreStatus
from portal.mail import send_mass_mail_on_commit

from .audit import log
from .permissions import require_secretariat
from .rounds import lock_round

ACTION = "judging.remind"


def open_work(*, round):
    """(judge id, e-mail, name, entries assigned, entries submitted) of every judge of the
    round with something left to submit, in one query."""
    return list(
        Assignment.objects.filter(round=round, status=AssignmentStatus.ACTIVE)
        .values("judge_id", "judge__email", "judge__first_name", "judge__last_name",
                "judge__username")
        .annotate(total=Count("pk"),
                  done=Count("pk", filter=Q(score__status=ScoreStatus.SUBMITTED)))
        .filter(done__lt=F("total"))
        .order_by("judge__username")
    )


def sent_today(*, round, now=None):
    today = timezone.localdate(now or timezone.now())
    return ModelLogEntry.objects.filter(
        action=ACTION, object_id=str(round.pk), content_type__model="round",
        timestamp__date=today).exists()


def _message(row, *, round, url):
    name = f"{row['judge__first_name']} {row['judge__last_name']}".strip()
    left = row["total"] - row["done"]
    body = _(
        "Dear %(name)s,\n\n%(left)d of your %(total)d entries in %(round)s (%(edition)s) "
        "are not submitted yet.%(closes)s\n\nYour list: %(url)s\n\nThank you,\n"
        "The secretariat") % {
        "name": name or row["judge__username"], "left": left, "total": row["total"],
        "round": round.name, "edition": round.competition.name, "url": url,
        "closes": (" " + _("The round closes on %(date)s.") % {
            "date": date_format(timezone.localtime(round.closes_at), "DATETIME_FORMAT")}
            if round.closes_at else ""),
    }
    subject = _("Reminder: %(left)d entries wait for your score") % {"left": left}
    return subject, body, None, [row["judge__email"]]


def remind_judges(*, round, user, now=None):
    """E-mail every judge of the open ``round`` with entries still to submit; returns the
    number of judges reminded (0 when a reminder already went out today)."""
    require_secretariat(user)
    with transaction.atomic():
        round = lock_round(round.pk)
        if round.status != RoundStatus.OPEN:
            raise ValidationError(_("Reminders go out only while the round is open."))
        if sent_today(round=round, now=now):
            return 0
        rows = [row for row in open_work(round=round) if row["judge__email"]]
        url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("judging_admin:my_assignments")
        with translation.override(settings.LANGUAGE_CODE):
            send_mass_mail_on_commit([_message(row, round=round, url=url) for row in rows])
        log(instance=round, action=ACTION, user=user,
            data={"judges": [row["judge_id"] for row in rows], "count": len(rows)})
    return len(rows)
