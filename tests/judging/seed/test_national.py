"""The national-size round of ``seed_demo --national-round`` (judging/seed/national.py),
built here at a small size: an open, non-blind desk round with its own panel, every entry
assigned k judges, scores stored as save_scores stores them, and the dashboard working."""

import random

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from home import seed as home_seed
from home.seed import DEMO_PASSWORD
from innovations import seed as innovations_seed
from judging.maths.scoring import rubric_total
from judging.models import (
    Assignment,
    Competition,
    JudgeProfile,
    RoundStatus,
    Score,
    ScoreStatus,
    ScoreValue,
)
from judging.seed import competitions as judging_seed
from judging.seed import national
from judging.services import compute_round_statistics, is_judge
from judging.services.rounds import criterion_specs

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def run(step, **options):
    step.run(rng=random.Random(f"7:{step.__name__}"), options={"innovations": 60, **options},
             log=lambda message: None)


@pytest.fixture
def demo():
    run(home_seed)
    run(innovations_seed)
    run(judging_seed)


def test_off_unless_asked(demo):
    run(national)

    assert not Competition.objects.filter(year=national.YEAR).exists()


def test_a_national_round_in_small(client, demo):
    round = national.build(rng=random.Random(3), entries=15, judges=8, k=3)

    entries = round.competition.entries.count()
    assignments = Assignment.objects.filter(round=round)
    assert round.status == RoundStatus.OPEN
    assert not round.blind  # the public archive keeps every profile
    assert entries == 15
    assert assignments.count() == 15 * 3
    assert {row["entry_id"] for row in assignments.values("entry_id")} == set(
        round.competition.entries.values_list("pk", flat=True))
    assert round.panel_members.count() == 8
    judges = get_user_model().objects.filter(username__startswith="juri-nasional-")
    assert judges.count() == 8
    assert all(is_judge(user) and user.check_password(DEMO_PASSWORD) for user in judges)
    assert JudgeProfile.objects.filter(user__in=judges).count() == 8
    assert len({user.get_full_name() for user in judges}) == 8  # no two share a name

    scores = Score.objects.filter(assignment__round=round)
    assert set(scores.values_list("status", flat=True)) == {ScoreStatus.SUBMITTED,
                                                            ScoreStatus.DRAFT}
    specs = criterion_specs(list(round.rubric.criteria.all()))
    for score in scores.filter(status=ScoreStatus.SUBMITTED)[:5]:
        values = {v.criterion.key: float(v.value) for v in ScoreValue.objects.filter(
            score=score).select_related("criterion")}
        assert score.total == rubric_total(criteria=specs, values=values)
        assert set(values.values()) <= {float(n) for n in range(1, 11)}
    stats = compute_round_statistics(round=round)
    assert 0 < stats.submitted < stats.expected

    client.force_login(get_user_model().objects.get(username="sekretariat"))
    response = client.get(reverse("judging_admin:round_dashboard", args=[round.pk]))
    assert response.status_code == 200
    assert "Evaluasi Proposal (skala nasional)" in response.content.decode()


def test_run_is_idempotent(demo):
    run(national, national_round=True)
    first = (Competition.objects.count(), Assignment.objects.count(), Score.objects.count())

    run(national, national_round=True)

    assert (Competition.objects.count(), Assignment.objects.count(),
            Score.objects.count()) == first
    assert Competition.objects.get(year=national.YEAR).entries.exists()
