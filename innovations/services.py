"""Writing a unit's innovation profile: the only code that creates or edits a proposal
and its files. Entering it in a competition (submit, forward, return, withdraw) is the
entry lifecycle in judging/services/entries.py.

A unit's innovation is an InnovationPage under the innovation index. A new proposal
is a draft (not live). Editing a draft writes the page and a revision; editing a live
profile saves only a revision, so the public keeps seeing the published version until
the agency admin forwards the new one. Submitting freezes a revision in an Entry.

Every function takes keyword-only arguments, runs in one transaction, checks who may
act (PermissionDenied otherwise), writes the audit log and raises ProposalRuleError
with readable messages when a rule is broken.
"""

import hashlib
import json
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale, PageLogEntry

from innovations import audit, rules
from innovations.models import (
    STATUS_NOTE_MAX,
    InnovationDocument,
    InnovationGalleryImage,
    InnovationGroup,
    InnovationIndexPage,
    InnovationPage,
    Membership,
    OutcomeIndicator,
    Role,
    RunningStatus,
    StatusUpdate,
)
from innovations.sections import SECTION_KEYS
from judging.models import Competition, Entry
from portal import page_cache

# Fields a unit may change from the workspace; everything else (agency, unit, year,
# slug, achievements) is set by the system.
EDITABLE_FIELDS = frozenset({
    "title", "category", "group", "replicates", "started_on", "sdgs", "video_url",
    "indicators", *SECTION_KEYS,
})


class ProposalRuleError(Exception):
    """A proposal breaks one or more rules; `messages` says which, in plain words."""

    def __init__(self, messages):
        self.messages = [str(message) for message in messages]
        super().__init__("; ".join(self.messages))


# --- who may act ---------------------------------------------------------------------

def operator_unit_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user, role=Role.OPERATOR)
               .values_list("unit_id", flat=True))


def admin_agency_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user, role=Role.AGENCY_ADMIN)
               .values_list("agency_id", flat=True))


def can_edit(user, innovation) -> bool:
    return innovation.unit_id is not None and innovation.unit_id in operator_unit_ids(user)


def can_review(user, innovation) -> bool:
    return innovation.agency_id in admin_agency_ids(user)


def require_operator(user, innovation):
    if not can_edit(user, innovation):
        raise PermissionDenied(_("Only the unit's operators may change this proposal."))


def require_agency_admin(user, innovation):
    if not can_review(user, innovation):
        raise PermissionDenied(_("Only the agency's admins may review this entry."))


# --- lookups -------------------------------------------------------------------------

def _submission_year():
    """The year of the edition taking submissions now, else this calendar year."""
    competition = Competition.objects.taking_submissions().first()
    return competition.year if competition else timezone.localdate().year


def innovation_index():
    return InnovationIndexPage.objects.filter(locale=Locale.get_default()).first()


def _unique_slug(parent, title):
    base = slugify(title)[:70] or "inovasi"
    taken = set(parent.get_children().filter(slug__startswith=base)
                .values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _save(page, proposal, user):
    """Store `proposal` (an edited copy of the latest revision) as a new revision.

    A draft page also gets the fields written to its row; a live page keeps its
    published row untouched until the agency admin forwards the new revision.
    """
    if not page.live:
        proposal.save()
    return proposal.save_revision(user=user, log_action=True)


# --- writing -------------------------------------------------------------------------

@transaction.atomic
def create_proposal(*, unit, user, title, group=InnovationGroup.GENERAL, category=None,
                    year=None):
    """A new draft InnovationPage for `unit`, written by one of its operators."""
    if unit.pk not in operator_unit_ids(user):
        raise PermissionDenied(_("Only the unit's operators may create its proposals."))
    title = (title or "").strip()
    if not title:
        raise ProposalRuleError([_("Give the innovation a title.")])
    index = innovation_index()
    if index is None:
        raise ProposalRuleError([_("The innovation database is not set up yet; "
                                   "please contact the secretariat.")])
    page = InnovationPage(
        title=title, slug=_unique_slug(index, title), locale=index.locale, live=False,
        agency_id=unit.agency_id, unit=unit, group=group, category=category,
        year=year or _submission_year(),
        owner=user,
    )
    index.add_child(instance=page)
    page.save_revision(user=user)
    audit.log_action(instance=page, action=audit.PROPOSAL_CREATE, user=user,
                     data={"unit": unit.pk, "title": title})
    return page


def workspace_edition(*, innovation, open_editions=None):
    """The edition a proposal is written for: of the editions taking submissions
    (``open_editions``, closing first first), the one it is already entered in, else
    the first; None when none is open (the workspace then asks the reference sections)."""
    if open_editions is None:
        open_editions = list(Competition.objects.taking_submissions()
                             .prefetch_related("sections"))
    if not open_editions:
        return None
    entered = set(Entry.objects.filter(innovation_id=innovation.pk,
                                       competition__in=open_editions)
                  .values_list("competition_id", flat=True)) if innovation.pk else set()
    return next((c for c in open_editions if c.pk in entered), open_editions[0])


def proposal_sections(*, proposal, competition):
    """The sections the workspace shows for ``proposal``: those ``competition`` asks of
    the proposal's group, with their word limits (rules.sections_asked)."""
    return rules.sections_asked(competition, proposal.group)


class ProposalConflict(ProposalRuleError):
    """The fields being saved were changed elsewhere (another tab, another operator)
    after the form was opened: saving now would silently replace newer text."""

    def __init__(self, *, saved_by, saved_at, token):
        self.saved_by, self.saved_at, self.token = saved_by, saved_at, token
        super().__init__([_(
            "This step was saved elsewhere (another tab or another operator: %(user)s, "
            "%(time)s) after you opened it. Nothing was saved here and your text is still "
            "in the form. Save again to replace the other version with yours, or open the "
            "step again to read it first.") % {
                "user": saved_by, "time": formats.date_format(
                    timezone.localtime(saved_at), "DATETIME_FORMAT")}])


# Autosaves of one operator within this window overwrite their own revision and write
# no further audit row: the audit log tells who wrote when, not every pause in typing.
AUTOSAVE_WINDOW = timedelta(minutes=10)


def _comparable(proposal, key):
    """A field's value in a form that compares and hashes the same whether it comes
    from a stored revision or was just assigned from a form."""
    if key == "sdgs":
        return sorted(sdg.pk for sdg in proposal.sdgs.all())
    if key == "indicators":
        return [[row.name, row.unit or "",
                 *(None if v is None else format(Decimal(v).normalize(), "f")
                   for v in (row.value_before, row.value_after))]
                for row in proposal.indicators.all()]
    field = proposal._meta.get_field(key)
    if field.is_relation:
        return getattr(proposal, field.attname)
    value = getattr(proposal, key)
    return "" if value is None else str(value)


def fields_token(proposal, keys):
    """A short fingerprint of the proposal's values for `keys` (one step's fields). A
    form carries the token it was opened with; saving checks it (save_proposal)."""
    snapshot = {key: _comparable(proposal, key) for key in sorted(keys)}
    return hashlib.sha256(json.dumps(snapshot, default=str).encode()).hexdigest()[:20]


def _autosave_revision(page, user):
    """The revision an autosave may overwrite: the latest one, written by an autosave
    of the same user less than AUTOSAVE_WINDOW ago, neither published nor submitted."""
    latest = page.latest_revision
    if latest is None or latest.user_id != user.pk or latest.pk == page.live_revision_id:
        return None
    if Entry.objects.filter(revision=latest).exists():
        return None
    recent = PageLogEntry.objects.filter(
        page=page, revision=latest, action=audit.PROPOSAL_AUTOSAVE, user=user,
        timestamp__gte=timezone.now() - AUTOSAVE_WINDOW).exists()
    return latest if recent else None


@transaction.atomic
def save_proposal(*, innovation, user, data, base=None, fields=None, autosave=False,
                  step="", competition=None):
    """Apply `data` (field -> cleaned value) to the proposal and save a revision.

    `sdgs` is a list of SDG objects; `indicators` a list of dicts with name, unit,
    value_before, value_after. Over-limit sections are saved as they are (a draft loses
    nothing typed); submitting refuses them (rules.proposal_problems). The limits are
    those ``competition`` (by default the workspace_edition) asks of the proposal's
    group. Returns the proposal and the word-limit warnings {section key: message}.

    `base` is the fields_token() of `fields` (by default `data`'s keys; a step's fields
    when only its valid ones are saved) when the form was opened: if they changed since
    (another tab saved) and `data` differs from what is stored now, ProposalConflict is
    raised and nothing is saved. Data equal to what is stored saves
    nothing (a double click, a repeated autosave). `autosave` (the page saving in the
    background while the operator types) keeps one revision and one audit row per
    writing session (AUTOSAVE_WINDOW); `step` names the step in that row.
    """
    require_operator(user, innovation)
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable from the workspace: {sorted(unknown)}")
    if "title" in data and not (data["title"] or "").strip():
        raise ProposalRuleError([_("Give the innovation a title.")])
    page = InnovationPage.objects.select_for_update().get(pk=innovation.pk)
    proposal = page.get_latest_revision_as_object()
    stored = fields_token(proposal, data)
    stored_base = fields_token(proposal, fields) if fields is not None else stored
    for key, value in data.items():
        if key == "sdgs":
            proposal.sdgs = list(value)
        elif key == "indicators":
            proposal.indicators = [OutcomeIndicator(**row) for row in value]
        elif key in ("category", "replicates"):
            setattr(proposal, key, value)
        elif key == "title":
            proposal.title = value.strip()
        else:
            setattr(proposal, key, value if value is not None else "")
    if competition is None:
        competition = workspace_edition(innovation=page)
    warnings = rules.word_limit_errors(
        {key: value for key, value in data.items() if key in SECTION_KEYS},
        proposal_sections(proposal=proposal, competition=competition))
    if fields_token(proposal, data) == stored:
        return proposal, warnings  # nothing new: no revision, no audit row
    if base is not None and base != stored_base:
        latest = page.latest_revision
        author = latest.user
        raise ProposalConflict(saved_by=(author.get_full_name() or author.get_username())
                               if author else _("unknown"),
                               saved_at=latest.created_at, token=stored_base)
    if not autosave:
        _save(page, proposal, user)
        return proposal, warnings
    if not page.live:
        proposal.save()
    overwrite = _autosave_revision(page, user)
    revision = proposal.save_revision(user=user, overwrite_revision=overwrite)
    if overwrite is None:
        audit.log_action(instance=page, action=audit.PROPOSAL_AUTOSAVE, user=user,
                         revision=revision, data={"step": step, "fields": sorted(data)})
    return proposal, warnings


@transaction.atomic
def add_gallery_image(*, innovation, user, image, caption=""):
    """Attach an already validated Wagtail image to the proposal's gallery."""
    require_operator(user, innovation)
    page = InnovationPage.objects.select_for_update().get(pk=innovation.pk)
    proposal = page.get_latest_revision_as_object()
    items = list(proposal.gallery_images.all())
    items.append(InnovationGalleryImage(image=image, caption=caption, sort_order=len(items)))
    proposal.gallery_images = items
    _save(page, proposal, user)
    audit.log_action(instance=page, action=audit.UPLOAD_ADD, user=user,
                     data={"kind": "image", "id": image.pk, "title": image.title})
    return proposal


@transaction.atomic
def add_document(*, innovation, user, document, title=""):
    require_operator(user, innovation)
    page = InnovationPage.objects.select_for_update().get(pk=innovation.pk)
    proposal = page.get_latest_revision_as_object()
    items = list(proposal.documents.all())
    items.append(InnovationDocument(document=document, title=title, sort_order=len(items)))
    proposal.documents = items
    _save(page, proposal, user)
    audit.log_action(instance=page, action=audit.UPLOAD_ADD, user=user,
                     data={"kind": "document", "id": document.pk, "title": document.title})
    return proposal


@transaction.atomic
def remove_upload(*, innovation, user, kind, object_id):
    """Take an image or document (by its Wagtail id) out of the proposal.

    The file itself is deleted only while the proposal is a draft that was never
    submitted: otherwise a published page or a frozen entry may still show it.
    """
    require_operator(user, innovation)
    relation = {"image": "gallery_images", "document": "documents"}[kind]
    page = InnovationPage.objects.select_for_update().get(pk=innovation.pk)
    proposal = page.get_latest_revision_as_object()
    items = list(getattr(proposal, relation).all())
    kept = [item for item in items if getattr(item, f"{kind}_id") != object_id]
    if len(kept) == len(items):
        raise ProposalRuleError([_("That file is not part of this proposal.")])
    removed = next(item for item in items if getattr(item, f"{kind}_id") == object_id)
    setattr(proposal, relation, kept)
    _save(page, proposal, user)
    audit.log_action(instance=page, action=audit.UPLOAD_REMOVE, user=user,
                     data={"kind": kind, "id": object_id})
    if not page.live and not page.entries.exists():
        getattr(removed, kind).delete()
    return proposal


def record_status_update(*, innovation, user, year, status, as_of, note="", today=None):
    """The unit's word for `year` on its published innovation: still running, changed or
    stopped, as of a date, with a short note. One per year: a second word in the same
    year replaces the first; the same word again changes nothing (no second audit line).

    Returns (update, changed)."""
    if not (can_edit(user, innovation) or can_review(user, innovation)):
        raise PermissionDenied(_("Only the unit's operators and its agency's admins may "
                                 "report on this innovation."))
    today = today or timezone.localdate()
    note = (note or "").strip()
    problems = []
    if status not in RunningStatus.values:
        problems.append(_("Choose whether the innovation still runs, has changed or stopped."))
    if not innovation.live:
        problems.append(_("Only a published innovation can be followed up."))
    if year > today.year or (innovation.started_on and year < innovation.started_on.year):
        problems.append(_("Choose a year between the innovation's start and this year."))
    if as_of > today:
        problems.append(_("The date cannot be in the future."))
    elif as_of.year != year:
        problems.append(_("The date must fall in %(year)s.") % {"year": year})
    if len(note) > STATUS_NOTE_MAX:
        problems.append(_("Use at most %(max)d characters (this note has %(count)d).")
                        % {"max": STATUS_NOTE_MAX, "count": len(note)})
    if problems:
        raise ProposalRuleError(problems)
    with transaction.atomic():
        # Two reports of the same year at once: the second waits, then updates.
        InnovationPage.objects.select_for_update().filter(pk=innovation.pk).first()
        update = StatusUpdate.objects.filter(innovation=innovation, year=year).first()
        values = {"status": status, "as_of": as_of, "note": note}
        if update is not None and all(getattr(update, k) == v for k, v in values.items()):
            return update, False
        if update is None:
            update = StatusUpdate(innovation=innovation, year=year, created_by=user, **values)
        else:
            for key, value in values.items():
                setattr(update, key, value)
            update.created_by = user
        update.save()
        audit.log_action(instance=innovation, action=audit.STATUS_UPDATE, user=user,
            data={"year": year, "status": status, "as_of": as_of.isoformat()})
        page_cache.purge()  # the public profile shows the status
    return update, True
