"""Plain admin registration of the judging set-up data (competitions, rounds with
quotas, rubrics with criteria, judge profiles, conflicts) as snippets, listed in the
"Penjurian" submenu. The workflow screens (scoring, dashboard) live in admin_views.

The forms go through the services for what they change: a rubric's criteria are
written by replace_criteria (locked once scoring has started); a round's status is not
a form field (the dashboard's open/close action calls set_round_status, and only
finalise_round finalises); a finalised round cannot be edited.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet

from innovations.models import InnovationGroup
from innovations.sections import SECTIONS
from judging.models import (
    SCORED_KINDS,
    Competition,
    JudgeProfile,
    Round,
    RoundStatus,
    Rubric,
    Score,
)
from judging.services.editions import publish_edition_pages
from judging.services.rubrics import ensure_rubric_editable, replace_criteria, validate_criteria

MENU_HOOK = "register_judging_menu_item"


CRITERION_FIELDS = ("key", "name", "description", "weight", "min_value", "max_value",
                    "descriptors", "comment_required", "order")


class RubricForm(WagtailAdminModelForm):
    """Criteria are edited inline but written by ``replace_criteria``, which holds the
    rules (locked once scoring started, weights, scales) and writes the audit log."""

    def criteria_rows(self):
        formset = self.formsets["criteria"]
        return [{name: form.cleaned_data[name] for name in CRITERION_FIELDS}
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")]

    def clean(self):
        cleaned = super().clean()
        try:
            ensure_rubric_editable(self.instance)
            formset = self.formsets.get("criteria")
            if formset is not None and formset.is_valid():
                validate_criteria(self.criteria_rows())
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return cleaned

    def save(self, commit=True):
        # Skip ClusterForm's own child saving: the criteria go through the service.
        rubric = forms.ModelForm.save(self, commit=False)
        if commit:
            with transaction.atomic():
                rubric.save()
                self._save_m2m()
                replace_criteria(rubric=rubric, user=self.for_user,
                                 criteria=self.criteria_rows())
        return rubric


class RoundForm(WagtailAdminModelForm):
    """A round's status is not edited here: the dashboard opens and closes it
    (set_round_status) and finalise_round finalises it."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.status == RoundStatus.FINALISED:
            raise ValidationError(_("This round is finalised and can no longer be changed."))
        if (self.instance.pk and "rubric" in self.changed_data
                and Score.objects.filter(assignment__round=self.instance).exists()):
            self.add_error("rubric", _("Scoring has started; the rubric cannot be changed."))
        if (cleaned.get("kind") in SCORED_KINDS and self.instance.status == RoundStatus.OPEN
                and not cleaned.get("rubric")):
            self.add_error("rubric", _("A scored round needs a rubric before it opens."))
        return cleaned


class CompetitionForm(WagtailAdminModelForm):
    """Groups and required sections are chosen from the lists the portal knows (stored
    as JSON lists); saving a new edition gives it its public pages in both languages
    (services/editions.py ``publish_edition_pages``)."""

    groups = forms.MultipleChoiceField(
        label=_("Groups that run"), choices=InnovationGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Units may enter only these groups in this edition."))
    required_sections = forms.MultipleChoiceField(
        label=_("Required proposal sections"),
        choices=[(section.key, section.label) for section in SECTIONS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A proposal cannot be submitted while one of these is empty."))

    def save(self, commit=True):
        competition = super().save(commit=commit)
        if commit:
            publish_edition_pages(competition=competition, user=self.for_user)
        return competition


class JudgingSnippetViewSet(SnippetViewSet):
    menu_hook = MENU_HOOK


class CompetitionViewSet(JudgingSnippetViewSet):
    model = Competition
    icon = "date"
    menu_order = 300
    list_display = ["name", "year", "registration_opens_at", "submission_deadline"]
    search_fields = ["name"]
    edit_handler = ObjectList([
        MultiFieldPanel([FieldPanel("name"), FieldRowPanel([FieldPanel("short_name"),
                         FieldPanel("year"), FieldPanel("slug")]), FieldPanel("description")],
                        heading=_("Edition")),
        FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("submission_deadline")],
                      heading=_("Registration")),
        MultiFieldPanel([FieldPanel("min_age_years"), FieldPanel("max_general_per_agency"),
                         FieldPanel("max_replication_per_agency"),
                         FieldPanel("max_special_per_agency"),
                         FieldPanel("unique_title_per_agency"), FieldPanel("groups"),
                         FieldPanel("required_sections"),
                         FieldPanel("categories", widget=forms.CheckboxSelectMultiple)],
                        heading=_("Rules")),
    ], base_form_class=CompetitionForm)


class RoundViewSet(JudgingSnippetViewSet):
    model = Round
    icon = "list-ol"
    menu_order = 310
    list_display = ["name", "competition", "order", "kind", "status"]
    list_filter = ["competition", "kind", "status"]
    edit_handler = ObjectList([
        MultiFieldPanel([FieldPanel("competition"), FieldRowPanel([FieldPanel("order"),
                         FieldPanel("kind")]), FieldPanel("name"),
                         FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
                        heading=_("Round")),
        MultiFieldPanel([FieldPanel("rubric"), FieldPanel("judges_per_entry"),
                         FieldPanel("blind"), FieldPanel("aggregation"), FieldPanel("normalise"),
                         FieldPanel("min_scores_for_normalising"),
                         FieldPanel("disagreement_sd_threshold"),
                         FieldPanel("disagreement_range_threshold"),
                         FieldPanel("publish_scores")],
                        heading=_("Scoring")),
        MultiFieldPanel([FieldPanel("advance_count"), FieldPanel("passing_grade"),
                         FieldPanel("tier"),
                         FieldRowPanel([FieldPanel("requires_objection_period"),
                                        FieldPanel("min_objection_days")]),
                         InlinePanel("quotas", label=_("Quotas"))],
                        heading=_("Selection")),
    ], base_form_class=RoundForm)


class RubricViewSet(JudgingSnippetViewSet):
    model = Rubric
    icon = "form"
    menu_order = 320
    list_display = ["name", "competition", "kind"]
    list_filter = ["competition", "kind"]
    edit_handler = ObjectList([
        FieldPanel("competition"), FieldPanel("name"), FieldPanel("kind"),
        FieldPanel("description"),
        InlinePanel("criteria", label=_("Criteria"), panels=[
            FieldRowPanel([FieldPanel("key"), FieldPanel("name"), FieldPanel("order")]),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("weight"), FieldPanel("min_value"),
                           FieldPanel("max_value"), FieldPanel("comment_required")]),
            FieldPanel("descriptors"),
        ]),
    ], base_form_class=RubricForm)


class JudgeProfileViewSet(JudgingSnippetViewSet):
    model = JudgeProfile
    icon = "user"
    menu_order = 330
    list_display = ["user", "affiliation", "agency", "province", "max_load"]
    panels = [FieldPanel("user"), FieldPanel("affiliation"), FieldPanel("agency"),
              FieldPanel("province"), FieldPanel("max_load")]


# Registered by judging/wagtail_hooks.py. Conflicts of interest are not edited here:
# declare_conflict also recuses and re-assigns the judge's affected entries, which a
# plain form would skip.
SNIPPET_VIEWSETS = (CompetitionViewSet, RoundViewSet, RubricViewSet, JudgeProfileViewSet)
