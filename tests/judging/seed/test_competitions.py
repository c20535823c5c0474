"""The judging seed step: idempotent, deterministic, every state present."""

import random

import pytest

from home import seed as home_seed
from innovations import seed as innovations_seed
from innovations.models import Achievement
from judging.models import (
    Assignment,
    Competition,
    EntryStatus,
    RoundResult,
    RoundStatus,
    Score,
    ScoreStatus,
    ScoreValue,
)
from judging.seed import competitions as judging_seed
from judging.services import compute_round_statistics, is_judge, is_secretariat


def counts():
    return (Competition.objects.count(), Assignment.objects.count(), Score.objects.count(),
            ScoreValue.objects.count(), RoundResult.objects.count(),
            Achievement.objects.count())


def run(step):
    step.run(rng=random.Random(f"7:{step.__name__}"), options={"innovations": 40},
             log=lambda message: None)


@pytest.mark.django_db
@pytest.mark.slow
def test_seed_is_idempotent_and_covers_every_state(django_user_model):
    run(home_seed)
    run(innovations_seed)
    run(judging_seed)
    first = counts()

    run(judging_seed)

    assert counts() == first
    past, current = Competition.objects.get(year=2025), Competition.objects.get(year=2026)
    assert set(past.rounds.values_list("status", flat=True)) == {RoundStatus.FINALISED}
    assert not RoundResult.objects.filter(round__competition=past, published=False).exists()
    assert Achievement.objects.filter(year=2025, tier="top99").exists()
    desk = current.rounds.get(kind="desk")
    assert desk.status == RoundStatus.OPEN
    statuses = set(Score.objects.filter(assignment__round=desk).values_list("status", flat=True))
    assert statuses == {ScoreStatus.DRAFT, ScoreStatus.SUBMITTED}
    stats = compute_round_statistics(round=desk)
    assert 0 < stats.submitted < stats.expected
    assert any(j.not_started for j in stats.judges.values())
    assert current.entries.filter(status=EntryStatus.IN_JUDGING).exists()
    assert not current.is_open()  # registration closed: screening decided, desk running
    assert Competition.objects.taking_submissions().get().year == 2028
    assert is_secretariat(django_user_model.objects.get(username="sekretariat"))
    assert is_judge(django_user_model.objects.get(username="juri12"))
