"""Judging data: competitions, entries, rounds, rubrics, judges, scores and results.

Models stay data: the rules that change them live in services (innovations/services.py
for the proposal workflow, judging/services/ for judging), which run in transactions
and write the audit log. Split by topic; import everything from ``judging.models``.
"""

from .competition import (
    Competition,
    EditionSection,
    Entry,
    EntryEvent,
    EntryStatus,
    default_groups,
    default_required_sections,
)
from .jobs import ACTIVE_STATUSES, BackgroundJob, JobKind, JobStatus
from .judges import (
    Assignment,
    AssignmentStatus,
    ConflictOfInterest,
    ConflictSource,
    JudgeProfile,
    RoundPanelMember,
)
from .objections import (
    EntryDecisionAction,
    Objection,
    ObjectionDecision,
    ObjectionStatus,
    ObjectionWindow,
    Rescore,
    RescoreStatus,
)
from .publication import CompetitionIndexPage, CompetitionPage
from .rounds import (
    SCORED_KINDS,
    Aggregation,
    Criterion,
    QuotaDimension,
    Round,
    RoundKind,
    RoundQuota,
    RoundStatus,
    Rubric,
    RubricKind,
)
from .scores import (
    PanelDecision,
    ResultRow,
    RoundResult,
    Score,
    ScoreStatus,
    ScoreValue,
    ScreeningDecision,
)

__all__ = [
    "ACTIVE_STATUSES", "BackgroundJob", "JobKind", "JobStatus",
    "SCORED_KINDS", "Aggregation", "Assignment", "AssignmentStatus", "Competition",
    "CompetitionIndexPage", "EditionSection", "CompetitionPage",
    "ConflictOfInterest", "ConflictSource", "Criterion", "Entry", "EntryEvent", "EntryStatus",
    "EntryDecisionAction", "JudgeProfile", "Objection", "ObjectionDecision", "ObjectionStatus",
    "ObjectionWindow", "Rescore", "RescoreStatus",
    "PanelDecision", "QuotaDimension", "ResultRow", "Round", "RoundKind",
    "RoundPanelMember", "RoundQuota", "RoundResult", "RoundStatus", "Rubric", "RubricKind",
    "Score", "ScoreStatus",
    "ScoreValue", "ScreeningDecision", "default_groups", "default_required_sections",
]
