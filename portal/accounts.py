"""Front-end accounts: where each role lands after signing in, and the menu link to it.

Unit operators and agency admins work in the workspace (an agency admin with proposals
waiting goes straight to the review list); judges, the secretariat and superusers work in
the Wagtail admin. An explicit, safe ``?next=`` always wins (Django's LoginView checks it).
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innovations.workspace.access import load_workspace_user
from judging.models import Entry, EntryStatus
from judging.services.permissions import is_judge, is_secretariat


@dataclass(frozen=True)
class WorkPlace:
    url: str
    label: str


def work_place(user):
    """The signed-in user's own place of work (for the menu), or None."""
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return WorkPlace("/admin/", _("Administration"))
    if is_secretariat(user):
        # The admin home: its "what needs doing" panel (judging/admin_views/dashboard.py).
        return WorkPlace(reverse("wagtailadmin_home"), _("Secretariat"))
    if is_judge(user):
        return WorkPlace(reverse("judging_admin:my_assignments"), _("Judging"))
    who = load_workspace_user(user)
    if who.is_operator or who.is_agency_admin:
        return WorkPlace(reverse("workspace:dashboard"), _("Workspace"))
    return None


def landing_url(user):
    """Where a user lands after signing in without a ``next``."""
    place = work_place(user)
    if place is None:
        return settings.LOGIN_REDIRECT_URL
    if place.url == reverse("workspace:dashboard"):
        who = load_workspace_user(user)
        if who.is_agency_admin and Entry.objects.filter(
                innovation__agency_id__in=who.agency_ids,
                status=EntryStatus.SUBMITTED).exists():
            return reverse("workspace:review_list")
    return place.url


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"

    def get_default_redirect_url(self):
        return landing_url(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contact_email"] = settings.PORTAL_CONTACT_EMAIL
        return context


class PasswordResetView(auth_views.PasswordResetView):
    """E-mails a reset link; the link uses the host the request came to."""

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    extra_email_context = {"site_name": settings.WAGTAIL_SITE_NAME}

    def get_success_url(self):
        return reverse("password_reset_done")
