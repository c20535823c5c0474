"""The only code that changes judging state: the entry lifecycle (entries.py), rounds,
assignments, scores, screening, results and awards, the objection period, the archive
import and the public edition pages. Every function takes keyword arguments, runs in a
transaction and writes the Wagtail audit log; admin screens, seeds and commands call these.

Grouped by topic in submodules; import from ``judging.services``.
"""

from .assignments import assign_automatically, assign_manually, declare_conflict, recuse
from .decisions import decide_entry
from .panels import set_panel
from .permissions import (
    JUDGE_GROUP,
    SECRETARIAT_GROUP,
    is_judge,
    is_secretariat,
    require_secretariat,
)
from .results import (
    CutoffTieError,
    UnmetMinimumError,
    finalise_round,
    input_checksum,
    publish_result,
    reason_text,
    record_panel_decision,
)
from .rounds import next_round, previous_round, round_entries, set_round_status
from .rubrics import (
    create_default_rubrics,
    ensure_rubric_editable,
    replace_criteria,
    rubric_is_locked,
)
from .scores import reopen_score, save_scores
from .screening import record_screening
from .statistics import RoundStatistics, compute_round_statistics

__all__ = [
    "JUDGE_GROUP", "SECRETARIAT_GROUP", "CutoffTieError", "RoundStatistics",
    "UnmetMinimumError",
    "assign_automatically", "assign_manually", "compute_round_statistics",
    "create_default_rubrics", "decide_entry", "declare_conflict", "ensure_rubric_editable",
    "finalise_round",
    "input_checksum", "is_judge", "is_secretariat", "next_round", "previous_round",
    "publish_result", "reason_text", "record_panel_decision", "record_screening",
    "reopen_score", "recuse", "replace_criteria", "require_secretariat", "round_entries",
    "rubric_is_locked", "save_scores", "set_panel", "set_round_status",
]
