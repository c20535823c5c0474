"""The stages of an edition in their real order, checked without the database.

An edition says which stages run (``Competition.stages``, a list of stage codes, the
values of RoundKind); its rounds must use only those stages and follow the real order
(docs/judging.md): screening → desk evaluation (→ independent panel) → presentation and
interview → field verification → award. A round that grants a tier after the Top 99
(Top 45, Top 40, Outstanding…) must come after field verification when the edition
runs it, so no such tier is granted before the entries were verified in the field.

Every function returns problems as (code, params) pairs, in a stable order; the caller
turns them into translated messages. An empty list means the order is right.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

STAGE_ORDER = ("screening", "desk", "panel", "interview", "field_verification", "award")
REQUIRED_STAGES = ("screening", "desk")
VERIFICATION = "field_verification"
# Tiers granted before field verification; any other tier comes after it.
PRE_VERIFICATION_TIERS = frozenset({"", "top99"})


def stage_problems(stages: Sequence[str]) -> list[tuple[str, dict]]:
    """Problems with an edition's list of stages: unknown or repeated codes, the real
    order not kept, a required stage (screening, desk evaluation) missing."""
    problems = []
    seen = set()
    for stage in stages:
        if stage not in STAGE_ORDER:
            problems.append(("unknown_stage", {"stage": stage}))
        elif stage in seen:
            problems.append(("repeated_stage", {"stage": stage}))
        seen.add(stage)
    known = [s for s in dict.fromkeys(stages) if s in STAGE_ORDER]
    if known != sorted(known, key=STAGE_ORDER.index):
        problems.append(("stages_out_of_order", {"expected": tuple(
            sorted(known, key=STAGE_ORDER.index))}))
    for stage in REQUIRED_STAGES:
        if stage not in seen:
            problems.append(("missing_stage", {"stage": stage}))
    return problems


def needs_verification(*, stages: Iterable[str], kind: str, tier: str) -> bool:
    """Whether a round of ``kind`` granting ``tier`` may run only after field
    verification: the edition runs verification and the round is an award round or
    grants a tier after the Top 99."""
    if VERIFICATION not in stages or kind == VERIFICATION:
        return False
    return kind == "award" or (tier or "") not in PRE_VERIFICATION_TIERS


def round_order_problems(
    *, stages: Sequence[str], rounds: Sequence[tuple[int, str, str]]
) -> list[tuple[str, dict]]:
    """Problems with an edition's rounds, given as (order, kind, tier): a round of a
    stage the edition does not run, rounds out of the real stage order, a tier after the
    Top 99 granted before (or without) a field verification round."""
    problems = []
    ordered = sorted(rounds)
    position = -1
    verified_at = None
    for order, kind, tier in ordered:
        if kind not in stages:
            problems.append(("stage_not_run", {"order": order, "stage": kind}))
        if kind in STAGE_ORDER:
            index = STAGE_ORDER.index(kind)
            if index < position:
                problems.append(("round_out_of_order", {"order": order, "stage": kind}))
            position = max(position, index)
        if kind == VERIFICATION and verified_at is None:
            verified_at = order
        if needs_verification(stages=stages, kind=kind, tier=tier) and verified_at is None:
            problems.append(("tier_before_verification", {"order": order, "tier": tier}))
    return problems
