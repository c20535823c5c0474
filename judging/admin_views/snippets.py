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
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet

from innovations.models import InnovationGroup
from innovations.sections import default_sections
from judging.maths.stages import STAGE_ORDER, round_order_problems, stage_problems
from judging.models import (
    SCORED_KINDS,
    Competition,
    EditionSection,
    JudgeProfile,
    Round,
    RoundKind,
    RoundQuota,
    RoundStatus,
    Rubric,
    Score,
)
from judging.services.editions import publish_edition_pages
from judging.services.quotas import cluster_error, grouped_cluster_choices
from judging.services.rubrics import ensure_rubric_editable, replace_criteria, validate_criteria
from judging.services.stages import problem_text
from portal.admin_listing import ListSelectRelatedMixin

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


class QuotaForm(WagtailAdminModelForm):
    """One quota: the cluster is chosen from the data (grouped by dimension), never
    typed; RoundForm checks it belongs to the dimension and to the round's edition."""

    class Meta:
        model = RoundQuota
        fields = ["dimension", "cluster", "min_seats", "max_seats"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "---------"), *grouped_cluster_choices()]
        current = self.initial.get("cluster") or getattr(self.instance, "cluster", "")
        known = {value for _group, options in choices[1:] for value, _label in options}
        if current and current not in known:
            choices.append((current, current))  # an old free-text value: shown, refused
        self.fields["cluster"] = forms.ChoiceField(
            label=RoundQuota._meta.get_field("cluster").verbose_name, choices=choices,
            help_text=RoundQuota._meta.get_field("cluster").help_text)


class QuotaInlinePanel(InlinePanel):
    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = QuotaForm
        return options


def stage_messages(problems):
    return [problem_text(code, params) for code, params in problems]


class RoundForm(WagtailAdminModelForm):
    """A round's status is not edited here: the dashboard opens and closes it
    (set_round_status) and finalise_round finalises it. Quota clusters must exist in the
    data of the round's edition; the round must keep the edition's stages in order."""

    def clean_quotas(self, competition):
        formset = self.formsets.get("quotas")
        if formset is None or not formset.is_valid():
            return
        for form in formset.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            message = cluster_error(dimension=data.get("dimension"),
                                    cluster=data.get("cluster"), competition=competition)
            if message:
                form.add_error("cluster", message)

    def clean_stages(self, cleaned):
        competition = cleaned.get("competition")
        if competition is None or not cleaned.get("kind") or cleaned.get("order") is None:
            return
        others = Round.objects.filter(competition=competition).exclude(
            pk=self.instance.pk).values_list("order", "kind", "tier")
        rounds = [*others, (cleaned["order"], cleaned["kind"], cleaned.get("tier") or "")]
        for message in stage_messages(round_order_problems(
                stages=competition.stages or [], rounds=rounds)):
            self.add_error(None, message)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.status == RoundStatus.FINALISED:
            raise ValidationError(_("This round is finalised and can no longer be changed."))
        self.clean_quotas(cleaned.get("competition"))
        self.clean_stages(cleaned)
        if (self.instance.pk and "rubric" in self.changed_data
                and Score.objects.filter(assignment__round=self.instance).exists()):
            self.add_error("rubric", _("Scoring has started; the rubric cannot be changed."))
        if (cleaned.get("kind") in SCORED_KINDS and self.instance.status == RoundStatus.OPEN
                and not cleaned.get("rubric")):
            self.add_error("rubric", _("A scored round needs a rubric before it opens."))
        return cleaned


def default_section_rows():
    """Unsaved EditionSection rows with the reference sections of every group."""
    return [EditionSection(group=group, key=section.key, max_words=section.max_words,
                           required=section.required)
            for group in InnovationGroup.values for section in default_sections(group)]


def _kept(formset):
    """The cleaned rows of ``formset`` that are not deleted."""
    return [form for form in formset.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")]


class SectionFormSet(BaseChildFormSet):
    """The edition's section rows: a section at most once per group, said in words (the
    database constraint's generic message names raw field names)."""

    def validate_unique(self):
        seen = set()
        for form in _kept(self):
            pair = (form.cleaned_data.get("group"), form.cleaned_data.get("key"))
            if pair in seen:
                form.add_error("key", _("This section is already listed for this group."))
            seen.add(pair)


class SectionInlinePanel(InlinePanel):
    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = SectionFormSet
        return options


class CompetitionForm(WagtailAdminModelForm):
    """Groups, the stages that run and the Outstanding groups are chosen from the lists
    the portal knows (stored as JSON lists); the stages are checked for the real order
    (judging.maths.stages). The proposal sections of each group are rows (section, word
    limit, required), prefilled with the reference sections for a new edition or one
    that has none. Saving a new edition gives it its public pages in both languages
    (services/editions.py ``publish_edition_pages``)."""

    groups = forms.MultipleChoiceField(
        label=_("Groups that run"), choices=InnovationGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Units may enter only these groups in this edition."))

    stages = forms.MultipleChoiceField(
        label=_("stages that run"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(stage, RoundKind(stage).label) for stage in STAGE_ORDER],
        help_text=Competition._meta.get_field("stages").help_text)
    outstanding_groups = forms.MultipleChoiceField(
        label=_("groups the Outstanding tier is chosen from"), required=False,
        widget=forms.CheckboxSelectMultiple, choices=InnovationGroup.choices,
        help_text=Competition._meta.get_field("outstanding_groups").help_text)

    def __init__(self, *args, instance=None, **kwargs):
        instance = instance if instance is not None else Competition()
        if instance.pk is None or not instance.sections.exists():
            instance.sections = default_section_rows()
        super().__init__(*args, instance=instance, **kwargs)

    def clean_sections(self, groups):
        """Every group that runs asks at least one section (SectionFormSet checks that
        none is listed twice)."""
        formset = self.formsets.get("sections")
        if formset is None:
            return
        formset.is_valid()  # cleans the rows
        asked = {form.cleaned_data.get("group") for form in _kept(formset)}
        for group in groups or []:
            if group not in asked:
                self.add_error(None, _("The group “%(group)s” runs but asks no proposal "
                                       "section: add its sections below.")
                               % {"group": InnovationGroup(group).label})

    def clean_stages(self):
        # Checkboxes come back in the list's order, which is the real order.
        stages = [stage for stage in STAGE_ORDER if stage in self.cleaned_data["stages"]]
        messages = stage_messages(stage_problems(stages))
        if messages:
            raise ValidationError(messages)
        return stages

    def clean(self):
        cleaned = super().clean()
        stages = cleaned.get("stages")
        if self.instance.pk and stages is not None:
            rounds = self.instance.rounds.values_list("order", "kind", "tier")
            for message in stage_messages(round_order_problems(stages=stages,
                                                               rounds=list(rounds))):
                self.add_error("stages", message)
        self.clean_sections(cleaned.get("groups"))
        return cleaned

    def save(self, commit=True):
        competition = super().save(commit=commit)
        if commit:
            publish_edition_pages(competition=competition, user=self.for_user)
        return competition


class JudgingSnippetViewSet(ListSelectRelatedMixin, SnippetViewSet):
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
                         FieldPanel("categories", widget=forms.CheckboxSelectMultiple)],
                        heading=_("Rules")),
        SectionInlinePanel(
            "sections", heading=_("Proposal sections"), label=_("Section"),
            help_text=_("What each group writes, with its word limit. A required section "
                        "must be filled before submitting; text over a limit is kept as a "
                        "draft but cannot be submitted."),
            panels=[FieldRowPanel([FieldPanel("group"), FieldPanel("key")]),
                    FieldRowPanel([FieldPanel("max_words"), FieldPanel("required")])]),
        MultiFieldPanel([FieldPanel("stages"), FieldPanel("default_passing_grade"),
                         FieldPanel("outstanding_groups")],
                        heading=_("Stages and awards")),
    ], base_form_class=CompetitionForm)


class RoundViewSet(JudgingSnippetViewSet):
    model = Round
    icon = "list-ol"
    menu_order = 310
    list_display = ["name", "competition", "order", "kind", "status"]
    list_select_related = ("competition",)
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
                         QuotaInlinePanel("quotas", label=_("Quotas"))],
                        heading=_("Selection")),
    ], base_form_class=RoundForm)


class RubricViewSet(JudgingSnippetViewSet):
    model = Rubric
    icon = "form"
    menu_order = 320
    list_display = ["name", "competition", "kind"]
    list_select_related = ("competition",)
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
    list_display = ["__str__", "affiliation", "agency", "province", "max_load"]
    list_select_related = ("user", "agency", "province")
    # A panel of 100: found by name, account or affiliation.
    search_fields = ["user__username", "user__first_name", "user__last_name", "affiliation"]
    panels = [FieldPanel("user"), FieldPanel("affiliation"), FieldPanel("agency"),
              FieldPanel("province"), FieldPanel("max_load")]


# Registered by judging/wagtail_hooks.py. Conflicts of interest are not edited here:
# declare_conflict also recuses and re-assigns the judge's affected entries, which a
# plain form would skip.
SNIPPET_VIEWSETS = (CompetitionViewSet, RoundViewSet, RubricViewSet, JudgeProfileViewSet)
