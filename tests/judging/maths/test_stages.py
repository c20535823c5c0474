"""The stages of an edition in their real order (judging.maths.stages)."""

from judging.maths.stages import (
    STAGE_ORDER,
    needs_verification,
    round_order_problems,
    stage_problems,
)


def codes(problems):
    return [code for code, _params in problems]


def test_every_stage_in_the_real_order_is_fine_and_the_panel_is_optional():
    assert stage_problems(list(STAGE_ORDER)) == []
    without_panel = [s for s in STAGE_ORDER if s != "panel"]
    assert stage_problems(without_panel) == []


def test_stages_out_of_order_unknown_repeated_or_missing_are_reported():
    assert codes(stage_problems(["desk", "screening"])) == ["stages_out_of_order"]
    assert codes(stage_problems(["screening", "desk", "lottery"])) == ["unknown_stage"]
    assert codes(stage_problems(["screening", "desk", "desk"])) == ["repeated_stage"]
    assert codes(stage_problems(["screening", "interview"])) == ["missing_stage"]


def test_a_top45_round_before_field_verification_is_reported():
    rounds = [(1, "screening", ""), (2, "desk", "top99"), (3, "interview", "top45"),
              (4, "field_verification", ""), (5, "award", "outstanding")]
    assert round_order_problems(stages=list(STAGE_ORDER), rounds=rounds) == [
        ("tier_before_verification", {"order": 3, "tier": "top45"})]


def test_the_real_order_with_top45_granted_by_field_verification_is_fine():
    rounds = [(1, "screening", ""), (2, "desk", "top99"), (3, "interview", ""),
              (4, "field_verification", "top45"), (5, "award", "outstanding")]
    assert round_order_problems(stages=list(STAGE_ORDER), rounds=rounds) == []


def test_rounds_out_of_stage_order_or_of_a_stage_not_run_are_reported():
    stages = ["screening", "desk", "interview", "field_verification", "award"]
    rounds = [(1, "screening", ""), (2, "interview", ""), (3, "desk", "top99"),
              (4, "panel", "")]
    assert codes(round_order_problems(stages=stages, rounds=rounds)) == [
        "round_out_of_order", "stage_not_run", "round_out_of_order"]


def test_without_field_verification_a_top45_needs_no_verification():
    stages = ["screening", "desk", "interview", "award"]
    assert not needs_verification(stages=stages, kind="interview", tier="top45")
    assert needs_verification(stages=list(STAGE_ORDER), kind="interview", tier="top45")
    assert not needs_verification(stages=list(STAGE_ORDER), kind="desk", tier="top99")
    assert needs_verification(stages=list(STAGE_ORDER), kind="award", tier="")
    assert round_order_problems(stages=stages, rounds=[
        (1, "screening", ""), (2, "desk", "top99"), (3, "interview", "top45")]) == []
