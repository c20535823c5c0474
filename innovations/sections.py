"""The sections of an innovation proposal, their word limits and word counting.

Section keys are the field names on InnovationPage. ``SECTIONS`` is the catalogue of
every section the portal can hold, with its default word limit (the 2021-22 proposal
format, domain.md). Which sections an edition asks of each group, and their limits, is
data per edition (judging.models.EditionSection, set in the admin); an edition without
rows for a group asks the reference defaults below (``DEFAULT_GROUP_SECTIONS``).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    max_words: int
    help_text: str
    rubric_key: str = ""


SECTIONS = (
    Section("summary", _("Summary"), 200,
            _("A clear, complete overview of the innovation."), "ringkasan"),
    Section("background", _("Background and goals"), 600,
            _("The public problem, who suffers it, and measurable goals."), "latar_belakang"),
    Section("novelty", _("Novelty and added value"), 600,
            _("What is new in this context, or a real improvement on what existed."),
            "kebaruan"),
    Section("implementation", _("Implementation"), 600,
            _("How and since when it runs; the steps taken."), "implementasi"),
    Section("significance", _("Significance"), 600,
            _("Evidence of results: before and after figures, beneficiaries."), "signifikansi"),
    Section("adaptability", _("Adaptability and replicability"), 400,
            _("Where it has been or could be replicated, and what that takes."),
            "adaptabilitas"),
    Section("resources", _("Resources"), 400,
            _("People, budget and tools used."), "sumber_daya"),
    Section("sustainability", _("Sustainability strategy"), 600,
            _("Mandate, budget, legal basis and other guarantees that it will last."),
            "keberlanjutan"),
    Section("collaboration", _("Stakeholder collaboration"), 200,
            _("Who works with you and what each contributes.")),
    Section("monitoring", _("Monitoring and evaluation"), 300,
            _("How results are measured and reviewed.")),
    Section("lessons", _("Lessons learned"), 300,
            _("What worked, what did not, and what others should know.")),
    Section("sdg_contribution", _("Contribution to the Sustainable Development Goals"), 200,
            _("Which goals and targets the innovation advances, and how.")),
    # Replication group (kelompok replikasi).
    Section("inspiration", _("Inspiration"), 100,
            _("Which innovation you replicated, and why it inspired you.")),
    Section("replication_process", _("Replication process"), 200,
            _("How you learnt it from its owner and brought it to your unit, step by step.")),
    Section("replication_differences", _("What differs from the original"), 100,
            _("What you changed or added for your own context.")),
    # Special group (kelompok khusus): past winners show how they kept improving.
    Section("renewal", _("Renewal"), 200,
            _("What has been renewed or improved since the innovation won.")),
    Section("strengthened_sustainability", _("Strengthened sustainability"), 300,
            _("What now guarantees it lasts that did not before: rules, budget, mandate.")),
    Section("evaluation", _("Evaluation"), 300,
            _("How it has been evaluated since the award, and what the evaluation found.")),
)

SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
# A hard cap on any one section's text, far above every word limit (600 words is about
# 4,500 characters): over-limit words are saved as a draft, but a pasted megabyte is
# refused with a message, never stored.
SECTION_TEXT_MAX = 50_000
SECTION_KEYS = tuple(section.key for section in SECTIONS)
DEFAULT_REQUIRED_SECTIONS = (
    "summary", "background", "novelty", "implementation", "significance",
    "adaptability", "resources", "sustainability",
)
# The sections the portal knew before they became data per edition and group (the
# migration keeps their required flags as each edition had them).
LEGACY_SECTION_KEYS = (*DEFAULT_REQUIRED_SECTIONS, "collaboration", "monitoring", "lessons")


@dataclass(frozen=True)
class PlannedSection:
    """One section as an edition asks it of one group: its limit and whether it must
    be filled before submitting."""

    section: Section
    max_words: int
    required: bool

    @property
    def key(self):
        return self.section.key

    @property
    def label(self):
        return self.section.label

    @property
    def help_text(self):
        return self.section.help_text


# group value (innovations.models.InnovationGroup) -> ((key, word limit, required), ...),
# from domain.md: the general format; SDG contribution (200) for every group; the
# replication group writes inspiration (100), replication process (200) and what
# differs (100) instead of background, novelty and implementation; the special group
# (past winners) writes renewal (200), adaptability (200), strengthened sustainability
# (300) and evaluation (300).
DEFAULT_GROUP_SECTIONS = {
    "umum": (
        ("summary", 200, True), ("background", 600, True), ("novelty", 600, True),
        ("implementation", 600, True), ("significance", 600, True),
        ("adaptability", 400, True), ("resources", 400, True),
        ("sustainability", 600, True), ("sdg_contribution", 200, True),
        ("collaboration", 200, False), ("monitoring", 300, False), ("lessons", 300, False),
    ),
    "replikasi": (
        ("summary", 200, True), ("inspiration", 100, True),
        ("replication_process", 200, True), ("replication_differences", 100, True),
        ("significance", 600, True), ("adaptability", 400, True), ("resources", 400, True),
        ("sustainability", 600, True), ("sdg_contribution", 200, True),
    ),
    "khusus": (
        ("summary", 200, True), ("renewal", 200, True), ("adaptability", 200, True),
        ("strengthened_sustainability", 300, True), ("evaluation", 300, True),
        ("sdg_contribution", 200, True),
    ),
}


def planned(rows) -> list[PlannedSection]:
    """``rows`` of (key, word limit, required) as PlannedSections in catalogue order
    (the order of the form and of the profile); unknown keys are left out."""
    by_key = {key: (max_words, required) for key, max_words, required in rows}
    return [PlannedSection(section, *by_key[section.key])
            for section in SECTIONS if section.key in by_key]


def default_sections(group) -> list[PlannedSection]:
    """The reference sections of ``group`` (the general group's for an unknown one)."""
    return planned(DEFAULT_GROUP_SECTIONS.get(group, DEFAULT_GROUP_SECTIONS["umum"]))

_WORD = re.compile(r"\S+")


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of non-space characters.

    The browser's live counter uses the same rule (split on white space), so the
    number the operator sees is the number the server checks.
    """
    if not text:
        return 0
    return len(_WORD.findall(text))
