"""Test data builders, one module per app area; import them from ``tests.factories``.

- innovations: users, agencies, units, memberships, innovation pages, achievements;
- workspace: complete proposal data and proposals made through the services;
- judging: competitions (one CompetitionFactory; ``open=True`` for one taking
  submissions), rounds, entries, judges, the secretariat;
- publication: awarded entries, published round results, competition pages;
- blind: a blind round with an assigned entry whose files carry identifying metadata.
"""

from .blind import BlindCase, blind_case, jpeg_with_exif, pdf_with_author
from .innovations import (
    PASSWORD,
    AchievementFactory,
    AgencyFactory,
    InnovationPageFactory,
    MembershipFactory,
    UnitFactory,
    UserFactory,
    add_with_image,
    agency_admin,
    category,
    innovation_index,
    operator,
    sdg,
)
from .judging import (
    CompetitionFactory,
    EntryFactory,
    RoundFactory,
    edition_sections,
    judge,
    panel,
    secretariat,
    sections_post,
)
from .publication import awarded_entries, competition_pages, make_result
from .workspace import complete_data, make_proposal, words

__all__ = [
    "BlindCase", "blind_case", "jpeg_with_exif", "pdf_with_author",
    "PASSWORD", "AchievementFactory", "AgencyFactory", "CompetitionFactory", "EntryFactory",
    "InnovationPageFactory", "MembershipFactory", "RoundFactory", "UnitFactory", "UserFactory",
    "add_with_image", "agency_admin", "awarded_entries", "category", "competition_pages",
    "complete_data", "edition_sections", "innovation_index", "judge", "make_proposal",
    "make_result", "operator", "panel",
    "sdg", "secretariat", "sections_post", "words",
]
