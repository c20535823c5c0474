"""The sections of an innovation proposal, their word limits and word counting.

Section keys are the field names on InnovationPage. Word limits follow the 2021-22
proposal format (domain.md); a competition may require a subset of sections.
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
)

SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
SECTION_KEYS = tuple(section.key for section in SECTIONS)
DEFAULT_REQUIRED_SECTIONS = (
    "summary", "background", "novelty", "implementation", "significance",
    "adaptability", "resources", "sustainability",
)

_WORD = re.compile(r"\S+")


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of non-space characters.

    The browser's live counter uses the same rule (split on white space), so the
    number the operator sees is the number the server checks.
    """
    if not text:
        return 0
    return len(_WORD.findall(text))
