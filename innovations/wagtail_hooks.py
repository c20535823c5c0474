"""Wagtail admin screens for agencies, units, memberships and reference data, and the
serving rules of profiles and documents (the blind rule, private proposal documents).

Importing innovations.audit registers the workspace's audit-log actions with Wagtail.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import innovations.audit  # noqa: F401  (registers the register_log_actions hook)
from innovations.agency_names import agency_key
from innovations.models import (
    SDG,
    Agency,
    AgencyAlias,
    Category,
    InnovationPage,
    Membership,
    Province,
    Unit,
)
from innovations.uploads import may_read_document
from judging.services.blind import is_withheld
from portal.admin_listing import ListSelectRelatedMixin


@hooks.register("before_serve_page")
def withhold_blind_entries(page, request, serve_args, serve_kwargs):
    """A profile withheld by the blind rule (judging/services/blind.py) is not found."""
    if isinstance(page, InnovationPage) and is_withheld(page.pk):
        raise Http404


@hooks.register("before_serve_document")
def serve_proposal_documents_privately(document, request):
    """/dokumen/<id>/<name> of a proposal that is not a public profile: only for the
    people who may read the proposal; anyone else (anonymous visitors, judges, other
    units) is told it does not exist."""
    if not may_read_document(request.user, document):
        raise Http404


class AgencyViewSet(ListSelectRelatedMixin, SnippetViewSet):
    model = Agency
    icon = "site"
    menu_label = _("Agencies")
    list_display = ["name", "agency_type", "province", "created_at"]
    list_select_related = ("province",)
    list_filter = ["agency_type", "province"]
    list_export = ["name", "slug", "agency_type", "province", "website", "created_at"]
    export_filename = "instansi"
    search_fields = ["name"]
    ordering = ["name"]


class AgencyAliasForm(WagtailAdminModelForm):
    """An alias is another spelling of one agency, as published lists write it; its
    normalised key (innovations.agency_names) is what the archive import matches on."""

    class Meta:
        fields = ["agency", "alias"]

    def clean_alias(self):
        alias = " ".join((self.cleaned_data.get("alias") or "").split())
        other = Agency.objects.filter(name__iexact=alias).exclude(
            pk=getattr(self.cleaned_data.get("agency"), "pk", None)).first()
        if other is not None:
            raise ValidationError(
                _("“%(alias)s” is the name of another agency (%(agency)s): merge the two "
                  "agencies instead.") % {"alias": alias, "agency": other.name})
        return alias

    def save(self, commit=True):
        self.instance.key = agency_key(name=self.instance.alias)
        return super().save(commit=commit)


class AgencyAliasViewSet(ListSelectRelatedMixin, SnippetViewSet):
    model = AgencyAlias
    icon = "link"
    menu_label = _("Agency aliases")
    list_display = ["alias", "agency", "key", "created_at"]
    list_select_related = ("agency",)
    search_fields = ["alias", "key"]
    ordering = ["agency__name", "alias"]
    edit_handler = ObjectList([FieldPanel("agency"), FieldPanel("alias")],
                              base_form_class=AgencyAliasForm)


class UnitViewSet(ListSelectRelatedMixin, SnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Service units")
    list_display = ["name", "agency"]
    list_select_related = ("agency",)
    list_filter = ["agency__agency_type", "agency"]
    list_export = ["name", "agency"]
    export_filename = "unit-pelayanan"
    search_fields = ["name"]


class MembershipViewSet(ListSelectRelatedMixin, SnippetViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    list_display = ["user", "role", "agency", "unit"]
    list_select_related = ("user", "agency", "unit__agency")
    list_filter = ["role", "agency"]
    list_export = ["user", "role", "agency", "unit"]
    export_filename = "keanggotaan"
    search_fields = ["user__username", "user__first_name", "user__last_name"]


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = _("Categories")
    list_display = ["name_id", "name_en", "slug", "is_active", "sort_order"]
    list_filter = ["is_active"]
    list_export = ["name_id", "name_en", "slug", "is_active", "sort_order"]
    search_fields = ["name_id", "name_en"]


class ProvinceViewSet(SnippetViewSet):
    model = Province
    icon = "globe"
    menu_label = _("Provinces")
    list_display = ["code", "name", "region_group", "remote_border"]
    list_filter = ["region_group", "remote_border"]
    list_export = ["code", "name", "region_group", "remote_border"]
    search_fields = ["name"]
    list_per_page = 50


class SDGViewSet(SnippetViewSet):
    model = SDG
    icon = "pick"
    menu_label = _("SDGs")
    list_display = ["number", "name_id", "name_en"]
    list_export = ["number", "name_id", "name_en"]
    search_fields = ["name_id", "name_en"]


class AgenciesGroup(SnippetViewSetGroup):
    menu_label = _("Agencies & units")
    menu_icon = "site"
    menu_order = 250
    items = (AgencyViewSet, AgencyAliasViewSet, UnitViewSet, MembershipViewSet, CategoryViewSet,
             ProvinceViewSet,
             SDGViewSet)


register_snippet(AgenciesGroup)
