"""Forms of the unit workspace: the proposal step by step, uploads and the review note.

The proposal is edited in short steps (a few sections each) because operators often
write on phones; each step saves only its own fields. Word limits are checked here
and again in the service; a refused form is re-rendered with everything typed.
"""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from innovations import rules, services, uploads
from innovations.models import (
    SDG,
    STATUS_NOTE_MAX,
    Category,
    InnovationGroup,
    InnovationPage,
    RunningStatus,
)
from innovations.queries import public_innovations
from innovations.sections import SECTION_TEXT_MAX, SECTIONS_BY_KEY
from judging.services.limits import LONG_TEXT_MAX


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    fields: tuple


# Every step with every section it can hold; a proposal sees the steps and sections its
# edition asks of its group (steps_for), a step without any of them is left out.
STEPS = (
    Step("profil", _("Profile"),
         ("title", "category", "group", "replicates", "started_on", "sdgs", "video_url")),
    Step("ringkasan", _("Summary and background"), ("summary", "background")),
    Step("replikasi", _("The replication"),
         ("inspiration", "replication_process", "replication_differences")),
    Step("pembaruan", _("Since the award"),
         ("renewal", "strengthened_sustainability", "evaluation")),
    Step("inovasi", _("The innovation"), ("novelty", "implementation")),
    Step("dampak", _("Results and replication"),
         ("significance", "adaptability", "sdg_contribution")),
    Step("keberlanjutan", _("Resources and sustainability"), ("resources", "sustainability")),
    Step("kolaborasi", _("Collaboration and evaluation"),
         ("collaboration", "monitoring", "lessons")),
    Step("indikator", _("Outcome indicators"), ()),
)
STEPS_BY_SLUG = {step.slug: step for step in STEPS}
FILES_SLUG = "berkas"  # the last item of the step menu: photos and documents
REQUIRED_PROFILE_FIELDS = ("title", "category", "group", "started_on")


def steps_for(sections):
    """The steps for ``sections`` (PlannedSections): each step with only the sections
    asked, steps holding sections none of which is asked left out."""
    asked = {section.key for section in sections}
    steps = []
    for step in STEPS:
        texts = [name for name in step.fields if name in SECTIONS_BY_KEY]
        if not texts:
            steps.append(step)
            continue
        kept = tuple(name for name in step.fields
                     if name not in SECTIONS_BY_KEY or name in asked)
        if any(name in SECTIONS_BY_KEY for name in kept):
            steps.append(Step(step.slug, step.title, kept))
    return tuple(steps)


def sections_of(proposal, open_editions=None):
    """The sections the workspace shows for ``proposal`` (its workspace edition's, for
    its group); the open editions are looked up unless given."""
    competition = services.workspace_edition(
        innovation=proposal, open_editions=list(open_editions) if open_editions else None)
    return services.proposal_sections(proposal=proposal, competition=competition)


def step_done(step, proposal, sections=None):
    """A step is done when what it asks for is there: its texts written (within their
    word limits), the profile's required facts, at least one indicator."""
    if step.slug == "indikator":
        return proposal.indicators.exists() if proposal.pk else False
    for name in step.fields:
        if name in SECTIONS_BY_KEY:
            text = getattr(proposal, name) or ""
            if not text.strip() or rules.word_limit_errors({name: text}, sections):
                return False
        elif name in REQUIRED_PROFILE_FIELDS and not getattr(proposal, name):
            return False
    return True


def step_menu(proposal, *, current, sections=None):
    """The step menu: every step of ``sections`` (by default the proposal's), then the
    files page, each with done and current flags.
    Returns (items, number of the current item, number of items)."""
    if sections is None:
        sections = sections_of(proposal)
    items = [{"slug": step.slug, "title": step.title, "current": step.slug == current,
              "done": step_done(step, proposal, sections), "files": False}
             for step in steps_for(sections)]
    items.append({"slug": FILES_SLUG, "title": _("Photos and documents"),
                  "current": current == FILES_SLUG, "files": True,
                  "done": proposal.gallery_images.exists() if proposal.pk else False})
    number = next((i for i, item in enumerate(items, 1) if item["current"]), 0)
    return items, number, len(items)


def section_field(key, max_words=None):
    """The text field of a section, its word limit (the edition's, else the catalogue's)
    given to the live counter."""
    section = SECTIONS_BY_KEY[key]
    return forms.CharField(
        label=section.label, required=False, help_text=section.help_text,
        max_length=SECTION_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8,
                                     "data-max-words": max_words or section.max_words}),
    )


class ReplicatedInnovationField(forms.CharField):
    """The innovation a replication copies, given as the link to its public profile
    (or the last part of it): a select of tens of thousands of titles would not load on
    a phone, and the operator finds the original in the public database anyway."""

    def to_python(self, value):
        value = (super().to_python(value) or "").strip()
        if not value:
            return None
        slug = value.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        original = public_innovations().filter(slug=slug).first()
        if original is None:
            raise forms.ValidationError(
                _("No published innovation has this link. Open the original in the "
                  "innovation database and copy the address of its page."))
        return original

    def prepare_value(self, value):
        if isinstance(value, InnovationPage):
            return value.url_path.rstrip("/").rsplit("/", 1)[-1]
        return value


def offered_choices(open_editions=()):
    """(categories queryset, group choices) a proposal may take: those of the editions
    taking submissions (an edition without categories takes any active one); with no
    edition open, every active category and every group (drafts are written all year).
    The chosen edition checks its own on submit (rules.check_group_and_category)."""
    categories = Category.objects.filter(is_active=True)
    groups = InnovationGroup.choices
    if open_editions:
        ids = [{category.pk for category in c.categories.all()} for c in open_editions]
        if all(ids):
            categories = categories.filter(pk__in=set().union(*ids))
        running = {g for c in open_editions for g in (c.groups or [])}
        groups = [(value, label) for value, label in InnovationGroup.choices if value in running]
    return categories, groups


def profile_fields(open_editions=()):
    categories, groups = offered_choices(open_editions)
    return {
        "title": forms.CharField(label=_("Title of the innovation"), max_length=255),
        "category": forms.ModelChoiceField(
            label=_("Category"), required=False,
            queryset=categories, empty_label=_("— choose —"),
            help_text=_("Only the categories of the editions taking submissions are "
                        "offered.") if open_editions else ""),
        "group": forms.ChoiceField(label=_("Group"), choices=groups),
        "replicates": ReplicatedInnovationField(
            label=_("Innovation replicated (replication group)"), required=False,
            help_text=_("The link to the original's profile in the innovation database, "
                        "e.g. https://…/inovasi/nama-inovasi/. Required in the replication "
                        "group.")),
        "started_on": forms.DateField(
            label=_("Date the innovation started"), required=False,
            help_text=_("Its age counts from this date."),
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")),
        "sdgs": forms.ModelMultipleChoiceField(
            label=_("Sustainable Development Goals"), required=False,
            queryset=SDG.objects.all(), widget=forms.CheckboxSelectMultiple),
        "video_url": forms.URLField(
            label=_("Video link"), required=False, assume_scheme="https",
            help_text=_("For example a YouTube link showing the innovation at work.")),
    }


class StepForm(forms.Form):
    """The fields of one step; built per step by step_form()."""

    def clean(self):
        cleaned = super().clean()
        # Over-limit text is not an error here: it is saved as a draft with a warning, and
        # only submitting refuses it (rules.proposal_problems).
        return cleaned


def step_form(step, *, proposal, data=None, open_editions=(), sections=None):
    """The form of ``step``: its profile fields and the sections of it asked of the
    proposal (``sections``, by default those of its workspace edition and group), each
    with its word limit."""
    if sections is None:
        sections = sections_of(proposal, open_editions)
    limits = {section.key: section.max_words for section in sections}
    available = profile_fields(open_editions)
    names = [name for name in step.fields if name in available or name in limits]
    fields = {}
    for name in names:
        fields[name] = (available[name] if name in available
                        else section_field(name, limits[name]))
    form_class = type("StepForm", (StepForm,), fields)
    initial = {}
    for name in names:
        value = getattr(proposal, name)
        if name == "sdgs":
            value = [sdg.pk for sdg in value.all()]
        elif name == "category":
            value = proposal.category_id
        elif name == "replicates":
            value = proposal.replicates
        initial[name] = value
    return form_class(data=data, initial=initial, prefix=None)


class CreateProposalForm(forms.Form):
    title = forms.CharField(label=_("Title of the innovation"), max_length=255)
    group = forms.ChoiceField(label=_("Group"), choices=InnovationGroup.choices,
                              initial=InnovationGroup.GENERAL)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        if len(units) > 1:
            self.fields["unit"] = forms.ModelChoiceField(
                label=_("Service unit"), queryset=units, empty_label=None)
        self.units = units

    def clean(self):
        cleaned = super().clean()
        if "unit" not in self.fields:
            cleaned["unit"] = self.units[0]
        return cleaned


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=200)
    unit = forms.CharField(label=_("Unit of measure"), max_length=60, required=False)
    value_before = forms.DecimalField(label=_("Before"), max_digits=14, decimal_places=2,
                                      required=False)
    value_after = forms.DecimalField(label=_("After"), max_digits=14, decimal_places=2,
                                     required=False)


IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=2, can_delete=True,
                                         max_num=30, validate_max=True)


def indicator_rows(formset):
    """The cleaned indicator rows to keep (filled and not marked for deletion)."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() and not form.initial:
            continue
        if form.cleaned_data.get("DELETE") or not form.cleaned_data.get("name"):
            continue
        rows.append({key: form.cleaned_data.get(key) for key in
                     ("name", "unit", "value_before", "value_after")})
    for row in rows:
        row["unit"] = row["unit"] or ""
    return rows


class ImageUploadForm(forms.Form):
    image = forms.FileField(
        label=_("Photo or picture"),
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    caption = forms.CharField(label=_("Caption"), max_length=250, required=False)

    def clean_image(self):
        upload = self.cleaned_data["image"]
        uploads.check_image(upload)
        return upload


class DocumentUploadForm(forms.Form):
    document = forms.FileField(
        label=_("PDF document"), help_text=_("PDF only, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))
    title = forms.CharField(label=_("Document title"), max_length=250, required=False)

    def clean_document(self):
        upload = self.cleaned_data["document"]
        uploads.check_pdf(upload)
        return upload


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What should the unit change?"), max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The unit's operators receive this note by e-mail and see it in their "
                    "timeline."))


class StatusUpdateForm(forms.Form):
    """The unit's yearly word on a published innovation (services.record_status_update
    holds the rules; the form only parses)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    status = forms.ChoiceField(label=_("Is the innovation still running?"),
                               choices=RunningStatus.choices, widget=forms.RadioSelect)
    as_of = forms.DateField(label=_("As of"), widget=forms.DateInput(attrs={"type": "date"},
                                                                      format="%Y-%m-%d"))
    note = forms.CharField(
        label=_("What changed, or why it stopped (optional)"), required=False,
        max_length=STATUS_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": STATUS_NOTE_MAX}))
