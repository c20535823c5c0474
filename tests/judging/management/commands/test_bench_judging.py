"""``bench_judging`` (make bench): the XS size runs in the current database and writes
bench/results/<date>.json with the machine, the versions and every figure beside its
floors, the budgets judged."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from judging.models import EntryEvent, ResultRow, RoundResult

pytestmark = pytest.mark.django_db

FIGURES = ["load innovations, entries, judges (bulk)", "assign_automatically",
           "load submitted scores (bulk)", "compute_round_statistics", "finalise_round",
           "publish_result", "export raw scores CSV", "export results CSV",
           "export results XLSX"]


def test_xs_bench_writes_every_figure_beside_its_floor(tmp_path):
    out = io.StringIO()
    call_command("bench_judging", "--size", "XS", "--criteria", "5", "--in-place",
                 "--output", str(tmp_path), stdout=out)

    files = list(tmp_path.glob("*.json"))
    data = json.loads(files[0].read_text())
    run = data["runs"]["XS"]
    figures = {figure["name"]: figure for figure in run["figures"]}
    assert len(files) == 1
    assert set(data["machine"]) >= {"cpu_count", "load_average"}
    assert set(data["versions"]) >= {"python", "django", "wagtail"}
    assert run["parameters"]["criteria"] == 5
    assert run["score_values"] == 60 * 3 * 5
    assert list(figures) == FIGURES
    writes = ["the same writes in one SQL statement"] if connection.vendor == "postgresql" else []
    assert [floor["name"] for floor in figures["finalise_round"]["floors"]] == [
        *writes, "raw AVG … GROUP BY", "weighted total (SQL)"]
    assert figures["finalise_round"]["budget"] == "≤ 3× weighted-total SQL"
    assert isinstance(figures["finalise_round"]["met"], bool)
    assert figures["export raw scores CSV"]["floors"][0]["seconds"] > 0
    assert all(figure["seconds"] > 0 for figure in run["figures"])
    assert "finalise_round" in out.getvalue()


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="the statement uses data-modifying WITH clauses (PostgreSQL)")
def test_the_write_floor_stores_a_row_an_event_per_entry_and_leaves_nothing(tmp_path):
    call_command("bench_judging", "--size", "XS", "--entries", "20", "--in-place",
                 "--only", "finalise", "--output", str(tmp_path), stdout=io.StringIO())

    run = json.loads(next(tmp_path.glob("*.json")).read_text())["runs"]["XS"]
    finalise = next(f for f in run["figures"] if f["name"] == "finalise_round")
    floor = finalise["floors"][0]
    assert floor["name"] == "the same writes in one SQL statement"
    assert floor["rows"] == 20  # one history event per entry moved
    assert floor["seconds"] > 0
    # Rolled back: only finalising's own result, rows and events remain.
    assert RoundResult.objects.count() == 1
    assert ResultRow.objects.count() == 20
    assert not EntryEvent.objects.filter(note__endswith=": floor").exists()


def test_a_second_size_the_same_day_joins_the_same_file(tmp_path):
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    (tmp_path / f"{today}.json").write_text(json.dumps({"runs": {"S": {"size": "S"}}}))

    out = io.StringIO()
    call_command("bench_judging", "--size", "XS", "--entries", "20", "--in-place",
                 "--output", str(tmp_path), stdout=out)

    data = json.loads((tmp_path / f"{today}.json").read_text())
    assert sorted(data["runs"]) == ["S", "XS"]
    assert data["runs"]["XS"]["parameters"]["entries"] == 20


def test_only_times_the_chosen_groups(tmp_path):
    out = io.StringIO()
    call_command("bench_judging", "--size", "XS", "--entries", "20", "--in-place",
                 "--only", "assign,export", "--output", str(tmp_path), stdout=out)

    run = json.loads(next(tmp_path.glob("*.json")).read_text())["runs"]["XS"]
    assert [figure["name"] for figure in run["figures"]] == [
        "load innovations, entries, judges (bulk)", "assign_automatically",
        "load submitted scores (bulk)", "export raw scores CSV"]
    assert run["score_values"] == 20 * 3 * 4


def test_only_without_assign_still_assigns_the_judges_the_scores_need(tmp_path):
    call_command("bench_judging", "--size", "XS", "--entries", "20", "--in-place",
                 "--only", "statistics", "--output", str(tmp_path), stdout=io.StringIO())

    run = json.loads(next(tmp_path.glob("*.json")).read_text())["runs"]["XS"]
    assert [figure["name"] for figure in run["figures"]] == [
        "load innovations, entries, judges (bulk)", "load submitted scores (bulk)",
        "compute_round_statistics"]
    assert run["score_values"] == 20 * 3 * 4


def test_only_refuses_an_unknown_group():
    with pytest.raises(CommandError):
        call_command("bench_judging", "--size", "XS", "--in-place", "--only", "assign,nope",
                     stdout=io.StringIO())


def test_profile_writes_the_statistics_of_a_rolled_back_finalise(tmp_path):
    import pstats

    from judging.models import RoundResult

    profile = tmp_path / "finalise.prof"
    call_command("bench_judging", "--size", "XS", "--in-place", "--no-write", "--only",
                 "finalise", "--profile", str(profile), stdout=io.StringIO())

    stats = pstats.Stats(str(profile))
    assert any(name == "finalise_round" for _file, _line, name in stats.stats)
    # The profiled trial was rolled back: only the timed pass left a result.
    assert RoundResult.objects.count() == 1
