"""Shared pieces of the judging admin screens: role checks, breadcrumbs and the round
lookup of the secretariat's round screens.

Wagtail's admin URL wrapper already sends anyone without admin access to the login
page; these mixins add the judging roles on top (403 for the wrong role).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from judging.models import Round
from judging.services.permissions import is_judge, is_secretariat


class JudgingAdminView(WagtailAdminTemplateMixin, TemplateView):
    """A Wagtail admin page with the standard header; subclasses add breadcrumbs."""

    template_name = "judging/admin/base.html"
    header_icon = "tasks"
    crumbs = ()

    def get_crumbs(self):
        return list(self.crumbs)

    def get_breadcrumbs_items(self):
        items = [{"url": reverse("wagtailadmin_home"), "label": _("Home")}]
        for label, url in self.get_crumbs():
            items.append({"url": url, "label": label})
        items.append({"url": "", "label": self.get_page_title()})
        return items


class JudgeRequiredMixin:
    """Judges, and the secretariat (who may also be judges in a small edition)."""

    def dispatch(self, request, *args, **kwargs):
        if not (is_judge(request.user) or is_secretariat(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SecretariatRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_secretariat(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def error_messages(error):
    """Flatten a ValidationError into a list of strings."""
    if hasattr(error, "message_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)


class RoundMixin(SecretariatRequiredMixin):
    def get_round(self):
        if not hasattr(self, "_round"):
            self._round = get_object_or_404(
                Round.objects.select_related("competition", "rubric"), pk=self.kwargs["pk"])
        return self._round

    def dashboard_url(self):
        return reverse("judging_admin:round_dashboard", args=[self.get_round().pk])
