"""The frozen proposal a judge reads, built from the entry's submitted revision.

The revision's content (the InnovationPage exactly as it was submitted: later edits
never reach judges) is read as the JSON it is stored as, its categories, goals, images
and documents looked up in one query each. ``Revision.as_object()`` would give the same
page, but it checks every foreign key of the page and of each image, document and
indicator row with a query of its own: 46 queries for a proposal with five of each. A
row whose image or document has been deleted since is left out, as ``as_object()``
leaves it out. In a blind round every identity clue is removed before
anything reaches a template: the agency and unit names, the province, the logo, the
video link and every file name. Free text (title, sections, captions, indicator
names) is redacted, because units often write their own region into it. Images and
documents are served through judging URLs named "Image 1", "Document 1", never by
their storage path, which contains the uploaded file name.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from innovations.models import SDG, Category, InnovationGroup
from innovations.sections import SECTIONS

# Regional governments are named "Pemerintah Kota Surabaya"; units write "Kota
# Surabaya" or just "Surabaya", so those are hidden too. Ministry and agency names
# stay whole: their bare remainder ("Kesehatan") is an ordinary word.
AGENCY_PREFIXES = ("pemerintah ",)
PLACE_WORDS = ("provinsi ", "kabupaten ", "kota ")
MIN_TERM_LENGTH = 4


def identity_terms(*, agency_name="", unit_name="", province_name=""):
    """Every string that would reveal who wrote the proposal, longest first."""
    terms = set()
    for name in (agency_name, unit_name, province_name):
        name = " ".join((name or "").split())
        if not name:
            continue
        terms.add(name)
        for prefix in AGENCY_PREFIXES:
            if name.lower().startswith(prefix):
                name = name[len(prefix):]
                terms.add(name)
                break
        for word in PLACE_WORDS:
            if name.lower().startswith(word):
                terms.add(name[len(word):])
    return sorted((t for t in terms if len(t) >= MIN_TERM_LENGTH), key=lambda t: (-len(t), t))


def redactor(terms):
    """A function that replaces every term (case-insensitive, whole words) by a marker."""
    if not terms:
        return lambda text: text or ""
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(term) for term in terms) + r")(?!\w)", re.IGNORECASE
    )
    marker = "[" + _("hidden") + "]"
    return lambda text: pattern.sub(marker, text or "")


@dataclass
class ProposalFile:
    number: int
    label: str
    caption: str = ""


@dataclass
class FrozenProposal:
    """What the scoring page shows, already anonymised when the round is blind."""

    title: str
    blind: bool
    agency: str = ""
    unit: str = ""
    province: str = ""
    category: str = ""
    group: str = ""
    started_on: object = None
    year: int | None = None
    video_url: str = ""
    sdgs: list = field(default_factory=list)
    sections: list = field(default_factory=list)  # (key, label, text)
    indicators: list = field(default_factory=list)  # dicts
    images: list = field(default_factory=list)  # ProposalFile
    documents: list = field(default_factory=list)  # ProposalFile


def entry_terms(entry):
    innovation = entry.innovation
    agency = innovation.agency
    return identity_terms(
        agency_name=agency.name if agency else "",
        unit_name=innovation.unit.name if innovation.unit_id else "",
        province_name=agency.province.name if agency and agency.province_id else "",
    )


def frozen_title(entry, *, blind):
    """The submitted title (from the revision), redacted in a blind round.
    Needs entry.revision, entry.innovation.agency.province and .unit loaded."""
    title = ""
    if entry.revision_id:
        title = (entry.revision.content or {}).get("title", "")
    title = title or entry.innovation.title
    return redactor(entry_terms(entry))(title) if blind else title


@dataclass
class Submitted:
    """What the judges read of a proposal as submitted: the revision's values (or the
    live page's, when no revision was frozen), foreign keys as ids."""

    title: str = ""
    category_id: int | None = None
    group: str = ""
    started_on: object = None
    year: int | None = None
    video_url: str = ""
    sdg_ids: list = field(default_factory=list)
    sections: dict = field(default_factory=dict)  # key: text
    indicators: list = field(default_factory=list)  # (name, unit, before, after)
    images: list = field(default_factory=list)  # (image id, caption)
    documents: list = field(default_factory=list)  # (document id, title)


def submitted(entry):
    """The proposal as submitted (Submitted), from the revision's JSON, or from the live
    page if no revision was frozen."""
    if entry.revision_id:
        return _from_content(entry.revision.content or {})
    page = entry.innovation
    return Submitted(
        title=page.title, category_id=page.category_id, group=page.group,
        started_on=page.started_on, year=page.year, video_url=page.video_url,
        sdg_ids=[sdg.pk for sdg in page.sdgs.all()],
        sections={section.key: getattr(page, section.key, "") for section in SECTIONS},
        indicators=[(row.name, row.unit, row.value_before, row.value_after)
                    for row in page.indicators.all()],
        images=[(row.image_id, row.caption) for row in page.gallery_images.all()],
        documents=[(row.document_id, row.title) for row in page.documents.all()],
    )


def _from_content(content):
    def rows(name):
        return sorted(content.get(name) or [], key=lambda row: (row.get("sort_order") or 0))

    def decimal(value):
        return None if value in (None, "") else Decimal(str(value))

    started = content.get("started_on")
    return Submitted(
        title=content.get("title", ""), category_id=content.get("category"),
        group=content.get("group", ""),
        started_on=parse_date(started) if isinstance(started, str) else started,
        year=content.get("year"), video_url=content.get("video_url", ""),
        sdg_ids=list(content.get("sdgs") or []),
        sections={section.key: content.get(section.key) or "" for section in SECTIONS},
        indicators=[(row.get("name", ""), row.get("unit", ""), decimal(row.get("value_before")),
                     decimal(row.get("value_after"))) for row in rows("indicators")],
        images=[(row.get("image"), row.get("caption", "")) for row in rows("gallery_images")],
        documents=[(row.get("document"), row.get("title", "")) for row in rows("documents")],
    )


def _existing(model, rows):
    """(object, text) for each (id, text) of ``rows`` whose object of ``model`` still
    exists, in order: one query."""
    found = model.objects.in_bulk([pk for pk, _text in rows])
    return [(found[pk], text) for pk, text in rows if pk in found]


def _images(proposal):
    """(image, caption) of the proposal's gallery whose image still exists."""
    return _existing(get_image_model(), proposal.images)


def _documents(proposal):
    """(document, title) of the proposal's documents that still exist."""
    return _existing(get_document_model(), proposal.documents)


def build_proposal(entry, *, blind):
    page = submitted(entry)
    clean = redactor(entry_terms(entry)) if blind else (lambda text: text or "")
    category = (Category.objects.filter(pk=page.category_id).first()
                if page.category_id else None)
    proposal = FrozenProposal(
        title=clean(page.title), blind=blind,
        category=str(category) if category else "",
        group=InnovationGroup(page.group).label if page.group in InnovationGroup.values
        else page.group,
        started_on=page.started_on, year=page.year,
        sdgs=[str(sdg) for sdg in SDG.objects.filter(pk__in=page.sdg_ids).order_by("number")],
    )
    if not blind:
        innovation = entry.innovation
        proposal.agency = innovation.agency.name
        proposal.unit = innovation.unit.name if innovation.unit_id else ""
        proposal.province = (innovation.agency.province.name
                             if innovation.agency.province_id else "")
        proposal.video_url = page.video_url
    proposal.sections = [
        (section.key, section.label, clean(page.sections.get(section.key, "")))
        for section in SECTIONS if (page.sections.get(section.key, "") or "").strip()
    ]
    proposal.indicators = [
        {"name": clean(name), "unit": clean(unit), "before": before, "after": after}
        for name, unit, before, after in page.indicators
    ]
    for number, (_image, caption) in enumerate(_images(page), 1):
        label = _("Image %(number)s") % {"number": number}
        proposal.images.append(ProposalFile(number=number, label=label, caption=clean(caption)))
    for number, (document, title) in enumerate(_documents(page), 1):
        label = _("Document %(number)s") % {"number": number}
        if not blind:
            label = title or document.title or label
        proposal.documents.append(ProposalFile(number=number, label=label))
    return proposal


def proposal_image(entry, number):
    """The wagtail Image behind "Image <number>" of the submitted proposal, or None."""
    items = _images(submitted(entry))
    return items[number - 1][0] if 1 <= number <= len(items) else None


def proposal_document(entry, number):
    items = _documents(submitted(entry))
    return items[number - 1][0] if 1 <= number <= len(items) else None
