"""The frozen proposal a judge reads, built from the entry's submitted revision.

``revision.as_object()`` gives the InnovationPage exactly as it was submitted (later
edits never reach judges). In a blind round every identity clue is removed before
anything reaches a template: the agency and unit names, the province, the logo, the
video link and every file name. Free text (title, sections, captions, indicator
names) is redacted, because units often write their own region into it. Images and
documents are served through judging URLs named "Image 1", "Document 1", never by
their storage path, which contains the uploaded file name.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

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


def submitted_page(entry):
    """The InnovationPage as submitted (the live page if no revision was frozen)."""
    if entry.revision_id:
        return entry.revision.as_object()
    return entry.innovation


def build_proposal(entry, *, blind):
    page = submitted_page(entry)
    clean = redactor(entry_terms(entry)) if blind else (lambda text: text or "")
    proposal = FrozenProposal(
        title=clean(page.title), blind=blind,
        category=str(page.category) if page.category_id else "",
        group=page.get_group_display(), started_on=page.started_on, year=page.year,
        sdgs=[str(sdg) for sdg in page.sdgs.all()],
    )
    if not blind:
        innovation = entry.innovation
        proposal.agency = innovation.agency.name
        proposal.unit = innovation.unit.name if innovation.unit_id else ""
        proposal.province = (innovation.agency.province.name
                             if innovation.agency.province_id else "")
        proposal.video_url = page.video_url
    proposal.sections = [
        (section.key, section.label, clean(getattr(page, section.key, "")))
        for section in SECTIONS if (getattr(page, section.key, "") or "").strip()
    ]
    proposal.indicators = [
        {"name": clean(row.name), "unit": clean(row.unit), "before": row.value_before,
         "after": row.value_after}
        for row in page.indicators.all()
    ]
    for number, item in enumerate(page.gallery_images.all(), 1):
        label = _("Image %(number)s") % {"number": number}
        proposal.images.append(ProposalFile(number=number, label=label,
                                            caption=clean(item.caption)))
    for number, item in enumerate(page.documents.all(), 1):
        label = _("Document %(number)s") % {"number": number}
        if not blind:
            label = item.title or item.document.title or label
        proposal.documents.append(ProposalFile(number=number, label=label))
    return proposal


def proposal_image(entry, number):
    """The wagtail Image behind "Image <number>" of the submitted proposal, or None."""
    items = list(submitted_page(entry).gallery_images.all())
    return items[number - 1].image if 1 <= number <= len(items) else None


def proposal_document(entry, number):
    items = list(submitted_page(entry).documents.all())
    return items[number - 1].document if 1 <= number <= len(items) else None
