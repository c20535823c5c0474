"""The proposal workflow: the only code that creates, edits, submits, forwards or returns.

A unit's innovation is an InnovationPage under the innovation index. A new proposal
is a draft (not live). Editing a draft writes the page and a revision; editing a live
profile saves only a revision, so the public keeps seeing the published version until
the agency admin forwards the new one. Submitting freezes a revision in an Entry.

Every function takes keyword-only arguments, runs in one transaction, checks who may
act (PermissionDenied otherwise), writes the audit log and raises ProposalRuleError
with readable messages when a rule is broken.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from innovations import audit, notifications, rules
from innovations.models import (
    Agency,
    InnovationDocument,
    InnovationGalleryImage,
    InnovationGroup,
    InnovationIndexPage,
    InnovationPage,
    Membership,
    OutcomeIndicator,
    Role,
)
from innovations.sections import SECTION_KEYS
from judging.models import Competition, Entry, EntryEvent, EntryStatus

# Fields a unit may change from the workspace; everything else (agency, unit, year,
# slug, achievements) is set by the system.
EDITABLE_FIELDS = frozenset({
    "title", "category", "group", "started_on", "sdgs", "video_url", "indicators",
    *SECTION_KEYS,
})
# An entry in one of these states can be edited and submitted again (same Entry).
RESUBMITTABLE = frozenset({EntryStatus.SUBMITTED, EntryStatus.RETURNED, EntryStatus.WITHDRAWN})
# Entries that do not count towards the per-agency limit or the unique title rule.
INACTIVE = (EntryStatus.RETURNED, EntryStatus.WITHDRAWN)


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


def _require_operator(user, innovation):
    if not can_edit(user, innovation):
        raise PermissionDenied(_("Only the unit's operators may change this proposal."))


def _require_agency_admin(user, innovation):
    if not can_review(user, innovation):
        raise PermissionDenied(_("Only the agency's admins may review this entry."))


# --- lookups -------------------------------------------------------------------------

def open_competition(*, at=None):
    """The competition taking submissions now (the one closing first if several)."""
    at = at or timezone.now()
    return (Competition.objects.filter(registration_opens_at__lte=at,
                                       submission_deadline__gte=at)
            .order_by("submission_deadline").first())


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
    competition = open_competition()
    page = InnovationPage(
        title=title, slug=_unique_slug(index, title), locale=index.locale, live=False,
        agency_id=unit.agency_id, unit=unit, group=group, category=category,
        year=year or (competition.year if competition else timezone.localdate().year),
        owner=user,
    )
    index.add_child(instance=page)
    page.save_revision(user=user)
    audit.log_action(instance=page, action=audit.PROPOSAL_CREATE, user=user,
                     data={"unit": unit.pk, "title": title})
    return page


@transaction.atomic
def save_proposal(*, innovation, user, data):
    """Apply `data` (field -> cleaned value) to the proposal and save a revision.

    `sdgs` is a list of SDG objects; `indicators` a list of dicts with name, unit,
    value_before, value_after. Over-limit sections are refused, nothing is saved.
    """
    _require_operator(user, innovation)
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable from the workspace: {sorted(unknown)}")
    errors = list(rules.word_limit_errors(
        {key: value for key, value in data.items() if key in SECTION_KEYS}).values())
    if "title" in data and not (data["title"] or "").strip():
        errors.insert(0, _("Give the innovation a title."))
    if errors:
        raise ProposalRuleError(errors)
    page = InnovationPage.objects.select_for_update().get(pk=innovation.pk)
    proposal = page.get_latest_revision_as_object()
    for key, value in data.items():
        if key == "sdgs":
            proposal.sdgs = list(value)
        elif key == "indicators":
            proposal.indicators = [OutcomeIndicator(**row) for row in value]
        elif key == "category":
            proposal.category = value
        elif key == "title":
            proposal.title = value.strip()
        else:
            setattr(proposal, key, value if value is not None else "")
    _save(page, proposal, user)
    return proposal


@transaction.atomic
def add_gallery_image(*, innovation, user, image, caption=""):
    """Attach an already validated Wagtail image to the proposal's gallery."""
    _require_operator(user, innovation)
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
    _require_operator(user, innovation)
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
    _require_operator(user, innovation)
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
    if not page.live and not Entry.objects.filter(innovation=page).exists():
        getattr(removed, kind).delete()
    return proposal


# --- status changes ------------------------------------------------------------------

def _event(entry, *, status, user, note="", at):
    return EntryEvent.objects.create(entry=entry, status=status, actor=user, note=note,
                                     created_at=at)


def _agency_entries(*, competition, innovation):
    """The agency's other entries that count towards its limits in `competition`."""
    return (Entry.objects.filter(competition=competition,
                                 innovation__agency_id=innovation.agency_id)
            .exclude(status__in=INACTIVE).exclude(innovation_id=innovation.pk))


def proposal_problems(*, innovation, competition, at=None, proposal=None):
    """Every rule the proposal's latest version breaks (read-only; shown before submit)."""
    at = at or timezone.now()
    proposal = proposal or innovation.get_latest_revision_as_object()
    agency_entries = _agency_entries(competition=competition, innovation=innovation)
    return rules.submission_errors(
        proposal=proposal, competition=competition, at=at,
        entries_in_group=agency_entries.filter(group=proposal.group).count(),
        title_taken=agency_entries.filter(
            innovation__draft_title__iexact=proposal.title.strip()).exists(),
        allowed_category_ids=set(competition.categories.values_list("pk", flat=True)),
    )


@transaction.atomic
def submit_proposal(*, innovation, user, competition, at=None):
    """Check every rule of `competition` and enter the proposal's current revision."""
    _require_operator(user, innovation)
    at = at or timezone.now()
    # Lock the agency so two units cannot both take its last place in a group.
    Agency.objects.select_for_update().get(pk=innovation.agency_id)
    page = InnovationPage.objects.select_for_update().get(pk=innovation.pk)
    proposal = page.get_latest_revision_as_object()
    entry = Entry.objects.filter(competition=competition, innovation=page).first()
    if entry is not None and entry.status not in RESUBMITTABLE:
        raise ProposalRuleError([_("This proposal has already been forwarded (status: "
                                   "%(status)s) and can no longer be changed.")
                                 % {"status": entry.get_status_display()}])
    errors = proposal_problems(innovation=page, competition=competition, at=at,
                               proposal=proposal)
    if errors:
        raise ProposalRuleError(errors)
    revision = proposal.save_revision(user=user)
    if entry is None:
        entry = Entry(competition=competition, innovation=page)
    entry.group = proposal.group
    entry.category_id = proposal.category_id
    entry.revision = revision
    entry.status = EntryStatus.SUBMITTED
    entry.submitted_at = at
    entry.forwarded_at = None
    entry.save()
    _event(entry, status=EntryStatus.SUBMITTED, user=user, at=at)
    audit.log_action(instance=page, action=audit.PROPOSAL_SUBMIT, user=user,
                     data={"entry": entry.pk, "competition": competition.pk,
                           "revision": revision.pk})
    notifications.notify_submitted(entry=entry, actor=user)
    return entry


def _locked_entry(entry, user, *, expected):
    entry = (Entry.objects.select_for_update().select_related("innovation", "competition")
             .get(pk=entry.pk))
    _require_agency_admin(user, entry.innovation)
    if entry.status != expected:
        raise ProposalRuleError([_("This entry is no longer awaiting review (status: "
                                   "%(status)s).") % {"status": entry.get_status_display()}])
    return entry


@transaction.atomic
def forward_entry(*, entry, user, at=None):
    """The agency admin sends the entry on and publishes the submitted revision."""
    at = at or timezone.now()
    entry = _locked_entry(entry, user, expected=EntryStatus.SUBMITTED)
    entry.status = EntryStatus.FORWARDED
    entry.forwarded_at = at
    entry.save(update_fields=["status", "forwarded_at"])
    entry.revision.publish(user=user, skip_permission_checks=True)
    _event(entry, status=EntryStatus.FORWARDED, user=user, at=at)
    entry.innovation.refresh_from_db()
    audit.log_action(instance=entry.innovation, action=audit.ENTRY_FORWARD, user=user,
                     data={"entry": entry.pk, "revision": entry.revision_id})
    notifications.notify_forwarded(entry=entry, actor=user)
    return entry


@transaction.atomic
def return_entry(*, entry, user, note, at=None):
    """The agency admin sends the entry back to the unit with a note saying why."""
    note = (note or "").strip()
    if not note:
        raise ProposalRuleError([_("Write a note telling the unit what to change.")])
    at = at or timezone.now()
    entry = _locked_entry(entry, user, expected=EntryStatus.SUBMITTED)
    entry.status = EntryStatus.RETURNED
    entry.save(update_fields=["status"])
    _event(entry, status=EntryStatus.RETURNED, user=user, note=note, at=at)
    audit.log_action(instance=entry.innovation, action=audit.ENTRY_RETURN, user=user,
                     data={"entry": entry.pk, "note": note})
    notifications.notify_returned(entry=entry, actor=user, note=note)
    return entry
