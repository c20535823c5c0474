"""Decisions on the entry of an upheld objection (judging.services.decisions): removing
makes a superseding snapshot that the final list, the next round, the entry's status and
the achievements follow; keeping changes nothing; both snapshots verify; a repeated
decision takes effect once; only the secretariat decides."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from wagtail.models import ModelLogEntry

from innovations.models import Achievement
from judging.models import (
    Assignment,
    AssignmentStatus,
    Entry,
    EntryDecisionAction,
    EntryStatus,
    Objection,
    ObjectionDecision,
    ObjectionStatus,
    ResultRow,
    RoundResult,
    RoundStatus,
)
from judging.services import (
    assign_manually,
    publish_result,
    round_entries,
    set_round_status,
)
from judging.services.decisions import decide_entry
from judging.services.objections import (
    decide_objection,
    final_publish_blockers,
)
from judging.services.results import recompute_checksum, verify_results
from tests.factories import judge, panel
from tests.judging.helpers import announced_top3, file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

REMOVE, KEEP = EntryDecisionAction.REMOVE, EntryDecisionAction.KEEP
RESCORE, REINSTATE = EntryDecisionAction.RESCORE, EntryDecisionAction.REINSTATE


@pytest.fixture
def finalised(desk, scored, staff, judges):
    """Top 3 of four scored entries (9, 8, 8 | 5), finalised and announced with an
    objection period that has closed; the interview round is open with two judges on
    the first entry."""
    result, interview = announced_top3(desk, staff)
    set_round_status(round=interview, user=staff, status=RoundStatus.OPEN)
    panel(interview, judges[:2])
    for j in judges[:2]:
        assign_manually(round=interview, entry=scored[0], judge=j, user=staff)
    return result, interview


def upheld(result, entry, staff):
    objection = file(result, entry, at=result.objection_window.opens_at
                     + datetime.timedelta(hours=1))
    return decide_objection(objection=objection, user=staff, status=ObjectionStatus.UPHELD,
                            note="Terbukti: layanan sudah berhenti.")


def test_remove_takes_the_entry_out_of_the_final_list_the_next_round_and_the_awards(
        desk, scored, staff, finalised):
    provisional, interview = finalised
    removed = scored[0]
    objection = upheld(provisional, removed, staff)

    decision = decide_entry(objection=objection, user=staff, action=REMOVE,
                            note="Dikeluarkan dari Top 99.")
    published = publish_result(result=provisional, user=staff)

    new = RoundResult.objects.get(pk=decision.result_id)
    assert published.pk == new.pk
    assert desk.result.pk == new.pk
    provisional.refresh_from_db()
    assert (provisional.published, new.published) == (False, True)
    assert set(new.rows.filter(selected=True).values_list("entry_id", flat=True)) == {
        scored[1].pk, scored[2].pk}
    row = new.rows.get(entry=removed)
    assert (row.reason_code, row.reason_params) == ("removed_by_objection",
                                                    {"objection": objection.pk})
    assert set(round_entries(interview).values_list("pk", flat=True)) == {
        scored[1].pk, scored[2].pk}
    assert set(Assignment.objects.filter(round=interview, entry=removed)
               .values_list("status", flat=True)) == {AssignmentStatus.CANCELLED}
    assert ModelLogEntry.objects.filter(action="judging.assignment_cancel").count() == 2
    assert set(Achievement.objects.filter(tier="top99").values_list(
        "innovation_id", flat=True)) == {scored[1].innovation_id, scored[2].innovation_id}
    entry = Entry.objects.get(pk=removed.pk)
    assert (entry.status, entry.current_round_id) == (EntryStatus.NOT_ADVANCED, desk.pk)
    assert entry.events.order_by("-pk").first().note == \
        f"Evaluasi: Removed after objection no. {objection.pk}"
    audit = ModelLogEntry.objects.get(action="judging.entry_decision")
    assert audit.data["action"] == "remove"
    assert (audit.data["result"], audit.data["supersedes"], audit.data["checksum"]) == (
        new.pk, provisional.pk, new.checksum)


def test_both_snapshots_are_kept_linked_checksummed_and_verify(desk, scored, staff, finalised):
    provisional, _interview = finalised
    objection = upheld(provisional, scored[1], staff)

    new = decide_entry(objection=objection, user=staff, action=REMOVE, note="Dikeluarkan.").result

    assert list(RoundResult.objects.filter(round=desk).order_by("pk").values_list(
        "pk", "supersedes_id")) == [(provisional.pk, None), (new.pk, provisional.pk)]
    assert new.checksum != provisional.checksum
    assert recompute_checksum(result=new) == new.checksum
    assert [(r.pk, ok) for r, ok in verify_results()] == [(provisional.pk, True), (new.pk, True)]
    assert ResultRow.objects.filter(result=provisional, entry=scored[1], selected=True).exists()
    with pytest.raises(ValidationError):
        new.save()


def test_the_new_checksum_covers_the_decision(desk, scored, staff, finalised):
    provisional, _interview = finalised
    objection = upheld(provisional, scored[1], staff)
    new = decide_entry(objection=objection, user=staff, action=REMOVE, note="Dikeluarkan.").result

    # Pretend the decision was about another objection: the recomputation disagrees.
    type(objection).objects.filter(pk=objection.pk).update(entry=scored[2])

    assert recompute_checksum(result=new) != new.checksum
    assert {r.pk: ok for r, ok in verify_results()} == {provisional.pk: True,
                                                        new.pk: False}


def test_reinstate_keeps_the_entry_and_makes_no_snapshot(desk, scored, staff, finalised):
    provisional, interview = finalised
    objection = upheld(provisional, scored[0], staff)

    decision = decide_entry(objection=objection, user=staff, action=KEEP,
                            note="Tetap: kekurangan sudah diperbaiki.")
    publish_result(result=provisional, user=staff)

    assert decision.result is None
    assert RoundResult.objects.filter(round=desk).count() == 1
    provisional.refresh_from_db()
    assert provisional.published is True
    assert scored[0].pk in set(round_entries(interview).values_list("pk", flat=True))
    assert Achievement.objects.filter(innovation_id=scored[0].innovation_id,
                                      tier="top99").exists()
    assert set(Assignment.objects.filter(round=interview, entry=scored[0])
               .values_list("status", flat=True)) == {AssignmentStatus.ACTIVE}
    assert Entry.objects.get(pk=scored[0].pk).status == EntryStatus.IN_JUDGING


def test_repeated_decision_makes_one_snapshot_and_one_audit_entry(desk, scored, staff, finalised):
    provisional, _interview = finalised
    objection = upheld(provisional, scored[0], staff)

    first = decide_entry(objection=objection, user=staff, action=REMOVE, note="Dikeluarkan.")
    second = decide_entry(objection=objection, user=staff, action=REMOVE, note="Dikeluarkan.")
    with pytest.raises(ValidationError) as changed:
        decide_entry(objection=objection, user=staff, action=KEEP, note="Tetap.")

    assert first.pk == second.pk
    assert RoundResult.objects.filter(round=desk).count() == 2
    assert ModelLogEntry.objects.filter(action="judging.entry_decision").count() == 1
    assert ModelLogEntry.objects.filter(action="judging.assignment_cancel").count() == 2
    assert changed.value.messages == [
        "The entry of this objection is already decided: Remove the entry from the tier."]


def test_only_the_secretariat_decides(scored, staff, finalised):
    provisional, _interview = finalised
    objection = upheld(provisional, scored[0], staff)

    with pytest.raises(PermissionDenied):
        decide_entry(objection=objection, user=judge("juri9"), action=REMOVE, note="x")

    assert RoundResult.objects.count() == 1
    assert not ModelLogEntry.objects.filter(action="judging.entry_decision").exists()


def test_decision_needs_an_upheld_objection_an_action_and_reasons(scored, staff, finalised):
    provisional, _interview = finalised
    received = file(provisional, scored[0],
                    at=provisional.objection_window.opens_at + datetime.timedelta(hours=1))

    with pytest.raises(ValidationError) as not_upheld:
        decide_entry(objection=received, user=staff, action=REMOVE, note="Dikeluarkan.")
    objection = decide_objection(objection=received, user=staff, status=ObjectionStatus.UPHELD,
                                 note="Terbukti.")
    with pytest.raises(ValidationError) as empty:
        decide_entry(objection=objection, user=staff, action="demote", note="  ")

    assert not_upheld.value.messages == [
        "Only an upheld objection opens a decision on the entry."]
    assert empty.value.message_dict == {
        "action": ["Choose whether the entry is removed, scored again, reinstated or kept."],
        "note": ["Write the reasons for the decision."]}
    assert RoundResult.objects.count() == 1


def test_final_list_waits_for_the_decision_on_the_entry(scored, staff, finalised):
    provisional, _interview = finalised
    objection = upheld(provisional, scored[0], staff)

    with pytest.raises(ValidationError) as blocked:
        publish_result(result=provisional, user=staff)
    decide_entry(objection=objection, user=staff, action=KEEP, note="Tetap.")

    assert blocked.value.messages == [
        "1 upheld objection(s) still need a decision on the entry (remove, score again, "
        "reinstate or keep)."]
    assert final_publish_blockers(provisional) == []


def test_removal_after_publication_supersedes_the_published_list_and_takes_the_award_back(
        desk, scored, staff, finalised):
    provisional, interview = finalised
    objection = upheld(provisional, scored[0], staff)
    decide_entry(objection=objection, user=staff, action=KEEP, note="Tetap.")
    published = publish_result(result=provisional, user=staff)
    late = upheld_after_publication(provisional, scored[1], staff)

    decision = decide_entry(objection=late, user=staff, action=REMOVE, note="Dikeluarkan.")

    new = RoundResult.objects.get(pk=decision.result_id)
    assert (new.supersedes_id, new.published, new.published_at) == (
        provisional.pk, True, published.published_at)
    assert RoundResult.objects.current().get(round=desk).pk == new.pk
    assert set(Achievement.objects.filter(tier="top99").values_list(
        "innovation_id", flat=True)) == {scored[0].innovation_id, scored[2].innovation_id}
    assert scored[1].pk not in set(round_entries(interview).values_list("pk", flat=True))
    audit = ModelLogEntry.objects.get(action="judging.achievement_withdraw")
    assert (audit.data["withdrawn"], audit.data["supersedes"]) == (
        [scored[1].innovation_id], provisional.pk)
    decided = ModelLogEntry.objects.filter(action="judging.entry_decision").order_by("pk").last()
    assert (decided.data["after_publication"], decided.data["published"]) == (True, True)
    assert [ok for _r, ok in verify_results()] == [True, True]


def upheld_after_publication(result, entry, staff):
    """An objection that was filed in time (written directly: the window is over now),
    decided upheld after the final list was published."""
    objection = Objection.objects.create(result=result, entry=entry, name="Budi",
                                         email="budi@example.org", reason="x" * 60)
    return decide_objection(objection=objection, user=staff, status=ObjectionStatus.UPHELD,
                            note="Terbukti.")


def test_remove_is_refused_once_the_next_round_is_finalised(desk, scored, staff, finalised):
    provisional, interview = finalised
    objection = upheld(provisional, scored[0], staff)
    type(interview).objects.filter(pk=interview.pk).update(status=RoundStatus.FINALISED)

    with pytest.raises(ValidationError) as late:
        decide_entry(objection=objection, user=staff, action=REMOVE, note="Dikeluarkan.")

    assert late.value.messages == [
        "Wawancara is already finalised; the entry can no longer be taken out of it or put "
        "back."]
    assert RoundResult.objects.filter(round=desk).count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_decisions_make_one_snapshot_each_in_one_chain(desk, scored, staff,
                                                                  finalised):
    """Four secretaries submit the removal of one entry at once while a fifth removes
    another: one decision and one snapshot per objection, chained, one audit entry each."""
    provisional, _interview = finalised
    first = upheld(provisional, scored[0], staff)
    other = upheld(provisional, scored[1], staff)
    errors, start = [], threading.Barrier(5)

    def submit(objection):
        try:
            start.wait()
            decide_entry(objection=objection, user=staff, action=REMOVE, note="Dikeluarkan.")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(o,))
               for o in (first, first, first, first, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    snapshots = list(RoundResult.objects.filter(round=desk).order_by("pk"))
    assert [s.supersedes_id for s in snapshots] == [None, snapshots[0].pk, snapshots[1].pk]
    assert ObjectionDecision.objects.count() == 2
    assert ModelLogEntry.objects.filter(action="judging.entry_decision").count() == 2
    current = RoundResult.objects.current().get(round=desk)
    assert set(current.rows.filter(selected=True).values_list("entry_id", flat=True)) == {
        scored[2].pk}
    assert all(ok for _result, ok in verify_results())
