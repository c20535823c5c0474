"""The registration rules a proposal must meet before it is submitted to a competition.

Pure functions: they receive the proposal (the latest revision as an InnovationPage
object), the competition and the few facts that need the database (how many entries
the agency already has in the group, whether the title is already entered), and
return a list of translatable messages. An empty list means the proposal may go in.
The service layer (innovations/services.py) gathers the facts and raises.
"""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from innovations.models import InnovationGroup
from innovations.sections import SECTIONS_BY_KEY, count_words, default_sections


def whole_years_between(start: datetime.date, end: datetime.date) -> int:
    """Completed years from start to end (a birthday-style count)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def sections_asked(competition, group) -> list:
    """The sections ``competition`` asks of ``group`` (PlannedSections in form order);
    without an edition, the reference defaults of the group."""
    if competition is None:
        return default_sections(group)
    return competition.sections_for(group)


def word_limit_errors(values: dict, sections=None) -> dict:
    """{section key: message} for every section over its word limit: the limits of
    ``sections`` (PlannedSections) where given, else the catalogue's."""
    limits = ({s.key: s.max_words for s in sections} if sections is not None else
              {key: section.max_words for key, section in SECTIONS_BY_KEY.items()})
    errors = {}
    for key, text in values.items():
        if key not in limits:
            continue
        limit = limits[key]
        words = count_words(text or "")
        if words > limit:
            errors[key] = ngettext(
                "%(label)s has %(words)d words; the limit is %(limit)d word.",
                "%(label)s has %(words)d words; the limit is %(limit)d words.",
                limit,
            ) % {"label": SECTIONS_BY_KEY[key].label, "words": words, "limit": limit}
    return errors


def required_sections(competition, group=InnovationGroup.GENERAL) -> list[str]:
    """The section keys ``competition`` requires of ``group``, in form order."""
    return [s.key for s in sections_asked(competition, group) if s.required]


def completeness(proposal, competition) -> dict:
    """Required sections filled out of the total, with the labels still missing."""
    sections = [s for s in sections_asked(competition, proposal.group) if s.required]
    missing = [s.label for s in sections if not (getattr(proposal, s.key) or "").strip()]
    total = len(sections)
    filled = total - len(missing)
    percent = round(100 * filled / total) if total else 100
    return {"filled": filled, "total": total, "percent": percent, "missing": missing}


def check_window(*, competition, at) -> list[str]:
    if at < competition.registration_opens_at:
        return [_("Registration for %(name)s opens on %(date)s.") % {
            "name": competition.name,
            "date": date_format(timezone.localtime(competition.registration_opens_at),
                                "DATETIME_FORMAT"),
        }]
    if at > competition.submission_deadline:
        return [_("The submission deadline for %(name)s (%(date)s) has passed.") % {
            "name": competition.name,
            "date": date_format(timezone.localtime(competition.submission_deadline),
                                "DATETIME_FORMAT"),
        }]
    return []


def check_age(*, proposal, competition, today) -> list[str]:
    if not competition.min_age_years:
        return []
    if not proposal.started_on:
        return [_("Give the date the innovation started; it must have run for at least "
                  "%(years)d years.") % {"years": competition.min_age_years}]
    if proposal.started_on > today:
        return [_("The start date cannot be in the future.")]
    age = whole_years_between(proposal.started_on, today)
    if age < competition.min_age_years:
        return [_("The innovation has run for %(age)d full years; this competition requires "
                  "at least %(years)d.") % {"age": age, "years": competition.min_age_years}]
    return []


def check_sections(*, proposal, competition) -> list[str]:
    """The sections the edition asks of the proposal's group: required ones filled,
    every one within its word limit (sections the group is not asked are not checked)."""
    sections = sections_asked(competition, proposal.group)
    messages = []
    for section in sections:
        if section.required and not (getattr(proposal, section.key) or "").strip():
            messages.append(_("The section “%(label)s” is required.")
                            % {"label": section.label})
    values = {section.key: getattr(proposal, section.key) for section in sections}
    messages.extend(word_limit_errors(values, sections).values())
    return messages


def check_group_and_category(*, proposal, competition, allowed_category_ids,
                             category_labels=None) -> list[str]:
    """The proposal's group runs in ``competition`` and its category is one of the
    edition's (``category_labels``: {id: name} of them, for the message)."""
    messages = []
    groups = competition.groups or []
    if proposal.group not in groups:
        labels = ", ".join(str(InnovationGroup(g).label) for g in groups if g in
                           InnovationGroup.values)
        messages.append(_("The group “%(group)s” does not run in %(name)s (open: %(groups)s).")
                        % {"group": proposal.get_group_display(), "name": competition.name,
                           "groups": labels or "-"})
    if proposal.category_id is None:
        messages.append(_("Choose a category."))
    elif allowed_category_ids and proposal.category_id not in allowed_category_ids:
        names = [str(category_labels[pk]) for pk in sorted(category_labels or {})]
        messages.append(_("The chosen category is not one of the categories of %(name)s "
                          "(open: %(categories)s).")
                        % {"name": competition.name, "categories": ", ".join(names) or "-"})
    return messages


def check_replication(*, proposal) -> list[str]:
    """An entry of the replication group names the innovation it replicates."""
    if proposal.group == InnovationGroup.REPLICATION and not proposal.replicates_id:
        return [_("A replication names the innovation it replicates: give the link to its "
                  "profile in the Profile step.")]
    if proposal.replicates_id and proposal.replicates_id == proposal.pk:
        return [_("An innovation cannot replicate itself.")]
    return []


def check_quota(*, proposal, competition, entries_in_group) -> list[str]:
    limit = competition.max_entries_for_group(proposal.group)
    if entries_in_group >= limit:
        return [_("Your agency has already entered %(count)d proposals in the %(group)s group; "
                  "the limit is %(limit)d.") % {"count": entries_in_group, "limit": limit,
                                               "group": proposal.get_group_display()}]
    return []


def check_title(*, competition, title_taken) -> list[str]:
    if competition.unique_title_per_agency and title_taken:
        return [_("Your agency has already entered a proposal with this title in this "
                  "competition. Each title may be entered once.")]
    return []


def submission_errors(*, proposal, competition, at, entries_in_group, title_taken,
                      allowed_category_ids, category_labels=None) -> list[str]:
    """Every rule the proposal breaks, in the order an operator would fix them."""
    today = timezone.localtime(at).date()
    return [
        *check_window(competition=competition, at=at),
        *check_age(proposal=proposal, competition=competition, today=today),
        *check_group_and_category(proposal=proposal, competition=competition,
                                  allowed_category_ids=allowed_category_ids,
                                  category_labels=category_labels),
        *check_sections(proposal=proposal, competition=competition),
        *check_replication(proposal=proposal),
        *check_quota(proposal=proposal, competition=competition,
                     entries_in_group=entries_in_group),
        *check_title(competition=competition, title_taken=title_taken),
    ]
