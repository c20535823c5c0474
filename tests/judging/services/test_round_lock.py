"""Every acknowledged score counts: saving a score, closing and finalising serialise on
the round; a save after closing is refused; finalising needs a closed round."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from judging.models import (
    Assignment,
    RoundResult,
    RoundStatus,
    Score,
    ScoreStatus,
)
from judging.services import (
    assign_manually,
    finalise_round,
    save_scores,
    set_round_status,
)
from tests.factories import judge
from tests.factories import panel as put_on_panel
from tests.judging.helpers import close_round, sheet


@pytest.mark.django_db
def test_save_after_close_is_refused_even_with_a_stale_round(desk, judges, staff,
                                                              make_entries):
    entry = make_entries(desk.competition, 1)[0]
    assignment = assign_manually(round=desk, entry=entry, judge=judges[0], user=staff)
    stale = Assignment.objects.select_related("round").get(pk=assignment.pk)
    assert stale.round.status == RoundStatus.OPEN

    close_round(desk, staff)

    with translation.override("id"), pytest.raises(ValidationError) as error:
        save_scores(assignment=stale, user=judges[0], values=sheet(desk), submit=True)
    assert error.value.messages == [
        "Tahap ini sudah ditutup; nilai tidak dapat disimpan lagi."]
    with translation.override("en"), pytest.raises(ValidationError) as error:
        save_scores(assignment=stale, user=judges[0], values=sheet(desk), submit=False)
    assert error.value.messages == ["This round is closed; scores can no longer be saved."]
    assert not Score.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [RoundStatus.OPEN, RoundStatus.DRAFT])
def test_finalise_requires_a_closed_round(desk, judges, staff, make_entries, status):
    entry = make_entries(desk.competition, 1)[0]
    assignment = assign_manually(round=desk, entry=entry, judge=judges[0], user=staff)
    save_scores(assignment=assignment, user=judges[0], values=sheet(desk), submit=True)
    desk.status = status
    desk.save(update_fields=["status"])

    with translation.override("id"), pytest.raises(ValidationError) as error:
        finalise_round(round=desk, user=staff)

    assert error.value.messages[0].startswith("Tutup tahap ini sebelum memfinalisasinya")
    assert not RoundResult.objects.exists()
    close_round(desk, staff)
    assert finalise_round(round=desk, user=staff).rows.get().n_judges == 1


@pytest.mark.django_db
def test_closing_is_a_confirmed_step_listing_incomplete_assignments(
        client, desk, judges, staff, make_entries):
    entries = make_entries(desk.competition, 2)
    done = assign_manually(round=desk, entry=entries[0], judge=judges[0], user=staff)
    save_scores(assignment=done, user=judges[0], values=sheet(desk), submit=True)
    draft = assign_manually(round=desk, entry=entries[0], judge=judges[1], user=staff)
    save_scores(assignment=draft, user=judges[1], values=sheet(desk), submit=False)
    assign_manually(round=desk, entry=entries[1], judge=judges[2], user=staff)
    client.force_login(staff)
    dashboard = reverse("judging_admin:round_dashboard", args=[desk.pk])
    status_url = reverse("judging_admin:round_status", args=[desk.pk])

    html = client.get(dashboard).content.decode()
    assert reverse("judging_admin:round_close", args=[desk.pk]) in html
    assert reverse("judging_admin:round_finalise", args=[desk.pk]) not in html

    # Posting "closed" without the confirmation only leads to the confirmation page.
    response = client.post(status_url, {"status": "closed"})
    assert response.status_code == 302
    assert response["Location"] == reverse("judging_admin:round_close", args=[desk.pk])
    desk.refresh_from_db()
    assert desk.status == RoundStatus.OPEN

    page = client.get(response["Location"]).content.decode()
    assert "2 butir belum selesai" in page  # "2 incomplete items"
    assert f"#{entries[0].pk}" in page
    assert f"#{entries[1].pk}" in page
    assert "juri2" in page
    assert "juri3" in page
    assert "juri1" not in page
    assert "Draf" in page
    assert "Belum dimulai" in page  # "Not started"

    client.post(status_url, {"status": "closed", "confirm": "1"})
    desk.refresh_from_db()
    assert desk.status == RoundStatus.CLOSED
    html = client.get(dashboard).content.decode()
    assert reverse("judging_admin:round_finalise", args=[desk.pk]) in html


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_judges_submitting_while_the_round_closes_and_finalises(desk, staff, make_entries):
    """Eight judges submit 48 sheets while the secretariat closes and finalises: every
    submit that succeeded is counted in the result, every other one was refused."""
    desk.advance_count = None
    desk.save(update_fields=["advance_count"])
    panel = [judge(f"juri-race{i}") for i in range(8)]
    put_on_panel(desk, panel)
    entries = make_entries(desk.competition, 6)
    for member in panel:
        for entry in entries:
            assign_manually(round=desk, entry=entry, judge=member, user=staff)
    values = sheet(desk)
    work = {member.pk: list(Assignment.objects.filter(round=desk, judge=member)
                            .select_related("round", "judge").order_by("entry_id"))
            for member in panel}
    outcomes, errors = {}, []
    lock = threading.Lock()
    enough = threading.Event()
    start = threading.Barrier(len(panel) + 1)

    def judge_thread(assignments):
        try:
            start.wait()
            for assignment in assignments:
                try:
                    save_scores(assignment=assignment, user=assignment.judge, values=values,
                                submit=True)
                    outcome = "ok"
                except ValidationError as error:
                    outcome = error.messages[0]
                with lock:
                    outcomes[assignment.pk] = (assignment.entry_id, outcome)
                    if sum(1 for _e, o in outcomes.values() if o == "ok") >= 12:
                        enough.set()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def secretariat_thread():
        try:
            start.wait()
            enough.wait(timeout=30)
            set_round_status(round=desk, user=staff, status=RoundStatus.CLOSED)
            finalise_round(round=desk, user=staff, allow_incomplete=True)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=judge_thread, args=(work[m.pk],)) for m in panel]
    threads.append(threading.Thread(target=secretariat_thread))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert len(outcomes) == 48
    succeeded = {pk for pk, (_entry, outcome) in outcomes.items() if outcome == "ok"}
    refused = {outcome for _entry, outcome in outcomes.values() if outcome != "ok"}
    assert len(succeeded) >= 12
    assert refused <= {"Tahap ini sudah ditutup; nilai tidak dapat disimpan lagi."}
    assert set(Score.objects.filter(status=ScoreStatus.SUBMITTED)
               .values_list("assignment_id", flat=True)) == succeeded
    result = RoundResult.objects.get(round=desk)
    counted = dict(result.rows.values_list("entry_id", "n_judges"))
    expected = {entry.pk: sum(1 for pk in succeeded if outcomes[pk][0] == entry.pk)
                for entry in entries}
    assert counted == expected
