"""E-mails sent when a proposal changes status.

Sent by the task worker (portal/mail.py) after the transaction commits, so nobody is
told about a change that was rolled back. Messages are plain text in the site's default
language (Indonesian); a person who prefers English still gets a link that opens the
workspace.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from innovations.models import Role
from portal.mail import send_mass_mail_on_commit


def _emails(queryset):
    return sorted({email for email in queryset if email})


def operator_emails(unit_id):
    User = get_user_model()
    return _emails(User.objects.filter(
        is_active=True, memberships__role=Role.OPERATOR, memberships__unit_id=unit_id,
    ).values_list("email", flat=True))


def agency_admin_emails(agency_id):
    User = get_user_model()
    return _emails(User.objects.filter(
        is_active=True, memberships__role=Role.AGENCY_ADMIN, memberships__agency_id=agency_id,
    ).values_list("email", flat=True))


def _absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send_on_commit(*, recipients, subject, body):
    if not recipients:
        return
    # One message per person so addresses are not disclosed to each other.
    messages = [(subject, body, None, [address]) for address in recipients]
    send_mass_mail_on_commit(messages)


def notify_submitted(*, entry, actor):
    with translation.override(settings.LANGUAGE_CODE):
        innovation = entry.innovation
        subject = _("Proposal awaiting your review: %(title)s") % {"title": innovation.draft_title}
        body = _(
            "%(unit)s submitted the proposal “%(title)s” to %(competition)s.\n\n"
            "Please review it and forward it to the competition or return it with a note:\n"
            "%(url)s\n"
        ) % {
            "unit": innovation.unit.name if innovation.unit_id else innovation.agency.name,
            "title": innovation.draft_title,
            "competition": entry.competition.name,
            "url": _absolute(reverse("workspace:review", args=[entry.pk])),
        }
    _send_on_commit(recipients=agency_admin_emails(innovation.agency_id), subject=subject,
                    body=body)


def notify_forwarded(*, entry, actor):
    with translation.override(settings.LANGUAGE_CODE):
        innovation = entry.innovation
        subject = _("Proposal forwarded: %(title)s") % {"title": innovation.title}
        body = _(
            "Your agency admin forwarded “%(title)s” to %(competition)s. Its public profile "
            "is now published.\n\nFollow its status in the workspace:\n%(url)s\n"
        ) % {
            "title": innovation.title,
            "competition": entry.competition.name,
            "url": _absolute(reverse("workspace:proposal", args=[innovation.pk])),
        }
    _send_on_commit(recipients=operator_emails(innovation.unit_id), subject=subject, body=body)


def notify_returned(*, entry, actor, note):
    with translation.override(settings.LANGUAGE_CODE):
        innovation = entry.innovation
        subject = _("Proposal returned for revision: %(title)s") % {
            "title": innovation.draft_title}
        body = _(
            "Your agency admin returned “%(title)s” with this note:\n\n%(note)s\n\n"
            "Revise the proposal and submit it again before the deadline:\n%(url)s\n"
        ) % {
            "title": innovation.draft_title,
            "note": note,
            "url": _absolute(reverse("workspace:proposal", args=[innovation.pk])),
        }
    _send_on_commit(recipients=operator_emails(innovation.unit_id), subject=subject, body=body)

