"""Published snapshots verified against their checksums (manage.py verify_results)."""

import pytest
from django.core.management import CommandError, call_command

from judging.models import RoundStatus, ScoreValue
from judging.services import assign_automatically, finalise_round, set_round_status
from judging.services.results import recompute_checksum, verify_results
from tests.judging.helpers import score_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def result(desk, judges, staff, make_entries):
    entries = make_entries(desk.competition, 3)
    assign_automatically(round=desk, user=staff)
    for entry, value in zip(entries, (9, 7, 5), strict=True):
        score_entry(desk, entry, value)
    set_round_status(round=desk, user=staff, status=RoundStatus.CLOSED)
    return finalise_round(round=desk, user=staff)


def test_an_untouched_result_recomputes_to_its_checksum(result):
    assert recompute_checksum(result=result) == result.checksum
    assert verify_results() == [(result, True)]


def test_a_score_changed_after_finalising_is_a_mismatch(result, capsys):
    value = ScoreValue.objects.filter(score__assignment__round=result.round).first()
    ScoreValue.objects.filter(pk=value.pk).update(value=value.value - 1)

    assert verify_results() == [(result, False)]
    with pytest.raises(CommandError) as error:
        call_command("verify_results")
    assert "1 of 1 result(s) do not match" in str(error.value)
    assert "MISMATCH" in capsys.readouterr().out


def test_the_command_reports_every_match(result, capsys):
    call_command("verify_results")

    assert "1 result(s) match their checksum." in capsys.readouterr().out
