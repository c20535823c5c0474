"""Re-scoring and reinstating after an upheld objection (judging.services.decisions):
the entry's scores are set aside (kept), panel judges without a conflict score it again,
the final list waits, and applying the re-score makes a superseding snapshot computed as
finalising computes it; a removed entry comes back by a superseding snapshot; after
publication the awards, the next round and the chain follow."""

import csv
import io
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from innovations.models import Achievement
from judging.models import (
    Assignment,
    AssignmentStatus,
    ConflictOfInterest,
    Entry,
    EntryDecisionAction,
    EntryStatus,
    Objection,
    ObjectionStatus,
    PanelDecision,
    Rescore,
    RescoreStatus,
    RoundResult,
    ScoreStatus,
)
from judging.publication.certificates import certificate_code, withdrawal_for_code
from judging.services import (
    CutoffTieError,
    exports,
    publish_result,
    round_entries,
)
from judging.services.decisions import apply_rescore, decide_entry
from judging.services.objections import (
    decide_objection,
    final_publish_blockers,
)
from judging.services.results import recompute_checksum, verify_results
from tests.judging.helpers import announced_top3, submit
from tests.judging.services.test_exports import recompute

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

A = EntryDecisionAction


@pytest.fixture
def provisional(desk, scored, staff):
    """Top 3 of four entries scored 9, 8, 8 | 5, announced; the window has closed; an
    interview round follows."""
    result, interview = announced_top3(desk, staff)
    return result, interview


def upheld(result, entry, staff):
    objection = Objection.objects.create(result=result, entry=entry, name="Budi",
                                         email="budi@example.org", reason="x" * 60)
    return decide_objection(objection=objection, user=staff, status=ObjectionStatus.UPHELD,
                            note="Terbukti.")


def selected(result):
    return set(result.rows.filter(selected=True).values_list("entry_id", flat=True))


def test_rescore_sets_the_scores_aside_and_assigns_other_panel_judges(desk, scored, staff,
                                                                     provisional):
    result, _interview = provisional
    entry = scored[1]
    old = list(Assignment.objects.filter(round=desk, entry=entry).order_by("pk"))
    objection = upheld(result, entry, staff)

    decision = decide_entry(objection=objection, user=staff, action=A.RESCORE,
                            note="Nilai dihitung ulang oleh juri lain.")

    rescore = Rescore.objects.get(decision=decision)
    assert (rescore.status, rescore.entry_id, decision.result_id) == (
        RescoreStatus.PENDING, entry.pk, None)
    kept = Assignment.objects.filter(pk__in=[a.pk for a in old])
    assert set(kept.values_list("status", "set_aside_by_id", "score__status")) == {
        (AssignmentStatus.SET_ASIDE, rescore.pk, ScoreStatus.SUBMITTED)}
    new = Assignment.objects.filter(rescore=rescore)
    assert new.count() == 2
    assert set(new.values_list("judge_id", flat=True)).isdisjoint({a.judge_id for a in old})
    assert set(new.values_list("status", flat=True)) == {AssignmentStatus.ACTIVE}
    assert ModelLogEntry.objects.filter(action="judging.assignment_set_aside").count() == 2
    # Nothing changes until it is applied; the final list waits.
    assert RoundResult.objects.current().get(round=desk).pk == result.pk
    assert recompute_checksum(result=result) == result.checksum
    assert final_publish_blockers(result) == [
        "1 entry(ies) are being scored again; apply the re-score first."]
    with pytest.raises(ValidationError):
        publish_result(result=result, user=staff)


def test_a_rescore_respects_conflicts_and_refuses_without_enough_judges(desk, scored, staff,
                                                                        provisional, judges):
    result, _interview = provisional
    entry = scored[1]
    on_entry = set(Assignment.objects.filter(round=desk, entry=entry)
                   .values_list("judge_id", flat=True))
    free = [j for j in judges if j.pk not in on_entry]
    ConflictOfInterest.objects.create(judge=free[0], entry=entry, reason="Pernah membina.")
    objection = upheld(result, entry, staff)

    with pytest.raises(ValidationError) as refused:
        decide_entry(objection=objection, user=staff, action=A.RESCORE, note="Ulang.")

    assert refused.value.messages == [
        "Only 1 judge(s) of the panel of Evaluasi can score this entry again (no conflict "
        "of interest, not on it before, below their cap); 2 are needed. Add judges to the "
        "panel or raise their caps first."]
    assert not Rescore.objects.exists()
    assert set(Assignment.objects.filter(round=desk, entry=entry)
               .values_list("status", flat=True)) == {AssignmentStatus.ACTIVE}


def rescored(desk, scored, staff, provisional, value=3):
    result, _interview = provisional
    objection = upheld(result, scored[1], staff)
    decision = decide_entry(objection=objection, user=staff, action=A.RESCORE, note="Ulang.")
    rescore = decision.rescore
    for assignment in Assignment.objects.filter(rescore=rescore):
        submit(assignment, value=value)  # the round is finalised: only re-score sheets
    return objection, rescore


def test_applying_the_rescore_supersedes_the_result_with_the_same_maths(desk, scored, staff,
                                                                       provisional):
    result, interview = provisional
    objection, rescore = rescored(desk, scored, staff, provisional)

    new = apply_rescore(rescore=rescore, user=staff)
    again = apply_rescore(rescore=rescore, user=staff)

    assert again.pk == new.pk
    assert (new.supersedes_id, RoundResult.objects.current().get(round=desk).pk) == (
        result.pk, new.pk)
    assert selected(result) == {scored[0].pk, scored[1].pk, scored[2].pk}
    assert selected(new) == {scored[0].pk, scored[2].pk, scored[3].pk}
    row = new.rows.get(entry=scored[1])
    assert (row.rank, row.n_judges, row.reason_code) == (4, 2, "outside_top_n")
    assert row.raw_mean == pytest.approx(100 * 2 / 9)
    # Both snapshots verify: the first with the scores set aside, the new with the new.
    assert [(r.pk, ok) for r, ok in verify_results()] == [(result.pk, True), (new.pk, True)]
    rescore.refresh_from_db()
    assert (rescore.status, rescore.result_id) == (RescoreStatus.APPLIED, new.pk)
    assert (Entry.objects.get(pk=scored[1].pk).status,
            Entry.objects.get(pk=scored[3].pk).status) == (EntryStatus.NOT_ADVANCED,
                                                           EntryStatus.ADVANCED)
    assert set(round_entries(interview).values_list("pk", flat=True)) == {
        scored[0].pk, scored[2].pk, scored[3].pk}
    audit = ModelLogEntry.objects.filter(action="judging.rescore_apply")
    assert audit.count() == 1
    assert (audit.get().data["moved"], audit.get().data["checksum"]) == (
        sorted([scored[1].pk, scored[3].pk]), new.checksum)
    assert final_publish_blockers(new) == []


def test_a_changed_new_score_breaks_only_the_new_snapshot(desk, scored, staff, provisional):
    result, _interview = provisional
    _objection, rescore = rescored(desk, scored, staff, provisional)
    new = apply_rescore(rescore=rescore, user=staff)

    value = (Assignment.objects.filter(rescore=rescore).first().score.values.first())
    type(value).objects.filter(pk=value.pk).update(value=10)

    assert {r.pk: ok for r, ok in verify_results()} == {result.pk: True, new.pk: False}


def test_apply_waits_for_every_new_score(desk, scored, staff, provisional):
    result, _interview = provisional
    objection = upheld(result, scored[1], staff)
    rescore = decide_entry(objection=objection, user=staff, action=A.RESCORE,
                           note="Ulang.").rescore
    submit(Assignment.objects.filter(rescore=rescore).first(), value=3)

    with pytest.raises(ValidationError) as waiting:
        apply_rescore(rescore=rescore, user=staff)

    assert waiting.value.messages == [
        "1 of the 2 new scores are submitted; apply the re-score when all are in."]
    assert RoundResult.objects.filter(round=desk).count() == 1


def test_the_set_aside_scores_cannot_be_changed(desk, scored, staff, provisional):
    _objection, rescore = rescored(desk, scored, staff, provisional)
    old = Assignment.objects.filter(set_aside_by=rescore).first()

    with pytest.raises(ValidationError):
        submit(old, value=10)


def test_an_independent_recompute_of_the_rescored_round_from_its_raw_export_matches(
        desk, scored, staff, provisional):
    _objection, rescore = rescored(desk, scored, staff, provisional, value=4)
    new = apply_rescore(rescore=rescore, user=staff)
    raw, out = io.StringIO(), io.StringIO()
    exports.write_csv(exports.raw_score_rows(round=desk, user=staff), raw)
    with translation.override("en"):
        exports.write_csv(exports.result_rows(result=new, user=staff), out)

    expected = recompute(raw.getvalue())
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(raw.getvalue().splitlines()) == 1 + 4 * 2 * 8  # the set-aside are not in it
    assert {int(r["entry_id"]): float(r["mean"]) for r in rows} == pytest.approx(expected,
                                                                                abs=1e-4)
    assert expected[scored[1].pk] == pytest.approx(100 * 3 / 9)
    assert [int(r["entry_id"]) for r in rows] == sorted(expected, key=lambda e: -expected[e])


@pytest.mark.postgresql
def test_the_copy_export_counts_the_same_scores_before_and_after_applying(desk, scored, staff,
                                                                         provisional):
    """The counted-assignments rule is the ORM query inside the COPY: before the re-score
    is applied the old scores count (and not the new), after it the new ones only."""
    def both(style):
        return [b"".join(exports.raw_score_csv(round=desk, user=staff, style=style,
                                               in_database=in_database))
                for in_database in (True, False)]

    _objection, rescore = rescored(desk, scored, staff, provisional, value=4)
    pending = both(exports.DATA)
    apply_rescore(rescore=rescore, user=staff)
    applied, committee = both(exports.DATA), both(exports.COMMITTEE)

    assert (pending[0], applied[0], committee[0]) == (pending[1], applied[1], committee[1])
    old = {row["judge"] for row in csv.DictReader(io.StringIO(pending[0].decode()))
           if row["entry_id"] == str(scored[1].pk)}
    new = {row["judge"] for row in csv.DictReader(io.StringIO(applied[0].decode()))
           if row["entry_id"] == str(scored[1].pk)}
    set_aside = Assignment.objects.filter(set_aside_by=rescore).select_related("judge")
    assert old == {a.judge.username for a in set_aside}
    assert new == {a.judge.username for a in Assignment.objects.filter(rescore=rescore)
                   .select_related("judge")}
    assert old.isdisjoint(new)
    assert len(applied[0].splitlines()) == 1 + 4 * 2 * 8


def test_reinstate_brings_a_removed_entry_back_by_a_new_snapshot(desk, scored, staff,
                                                                 provisional):
    result, interview = provisional
    removal = decide_entry(objection=upheld(result, scored[0], staff), user=staff,
                           action=A.REMOVE, note="Dikeluarkan.")
    objection = upheld(result, scored[0], staff)

    decision = decide_entry(objection=objection, user=staff, action=A.REINSTATE,
                            note="Keberatan unit terbukti: layanan masih berjalan.")

    new = decision.result
    assert (new.supersedes_id, removal.result.supersedes_id) == (removal.result_id, result.pk)
    assert selected(new) == selected(result)
    row = new.rows.get(entry=scored[0])
    assert (row.reason_code, "removed_by_objection" in row.flags) == ("selected_rank", False)
    assert scored[0].pk in set(round_entries(interview).values_list("pk", flat=True))
    assert Entry.objects.get(pk=scored[0].pk).status == EntryStatus.ADVANCED
    assert all(ok for _r, ok in verify_results())


def test_reinstate_refuses_an_entry_that_was_not_removed(desk, scored, staff, provisional):
    result, _interview = provisional
    objection = upheld(result, scored[0], staff)

    with pytest.raises(ValidationError) as refused:
        decide_entry(objection=objection, user=staff, action=A.REINSTATE, note="Kembali.")

    assert refused.value.messages == [
        "The entry is not removed from Evaluasi; there is nothing to reinstate."]
    assert RoundResult.objects.filter(round=desk).count() == 1


def test_an_earlier_removal_stands_through_a_rescore(desk, scored, staff, provisional):
    result, _interview = provisional
    decide_entry(objection=upheld(result, scored[0], staff), user=staff, action=A.REMOVE,
                 note="Dikeluarkan.")
    _objection, rescore = rescored(desk, scored, staff, provisional)

    new = apply_rescore(rescore=rescore, user=staff)

    assert selected(new) == {scored[2].pk, scored[3].pk}
    assert new.rows.get(entry=scored[0]).reason_code == "removed_by_objection"
    assert all(ok for _r, ok in verify_results())


def test_a_rescore_applied_after_publication_moves_the_awards(desk, scored, staff,
                                                              provisional):
    result, _interview = provisional
    publish_result(result=result, user=staff)
    _objection, rescore = rescored(desk, scored, staff, provisional)

    new = apply_rescore(rescore=rescore, user=staff)

    assert (new.published, new.published_at) == (True, RoundResult.objects.get(
        pk=result.pk).published_at)
    assert set(Achievement.objects.filter(tier="top99").values_list(
        "innovation_id", flat=True)) == {scored[0].innovation_id, scored[2].innovation_id,
                                         scored[3].innovation_id}
    audit = ModelLogEntry.objects.get(action="judging.achievement_withdraw")
    assert audit.data["withdrawn"] == [scored[1].innovation_id]
    withdrawn = withdrawal_for_code(certificate_code(result.rows.get(entry=scored[1])))
    assert (withdrawn["date"], withdrawn["reason"]) == (
        timezone.localtime(new.created_at), "Ranked outside the top 3")
    assert withdrawal_for_code(certificate_code(new.rows.get(entry=scored[3]))) is None


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_applies_and_removals_chain_once(desk, scored, staff, provisional):
    """Three secretaries apply one re-score while a fourth removes another entry: one
    snapshot each, chained, every snapshot verifies, one audit entry each."""
    result, _interview = provisional
    _objection, rescore = rescored(desk, scored, staff, provisional)
    other = upheld(result, scored[2], staff)
    errors, start = [], threading.Barrier(4)

    def run(action):
        try:
            start.wait()
            action()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    actions = [lambda: apply_rescore(rescore=rescore, user=staff)] * 3 + [
        lambda: decide_entry(objection=other, user=staff, action=A.REMOVE, note="Keluar.")]
    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    snapshots = list(RoundResult.objects.filter(round=desk).order_by("pk"))
    assert [s.supersedes_id for s in snapshots] == [None, snapshots[0].pk, snapshots[1].pk]
    assert ModelLogEntry.objects.filter(action="judging.rescore_apply").count() == 1
    current = RoundResult.objects.current().get(round=desk)
    assert selected(current) == {scored[0].pk, scored[3].pk}
    assert all(ok for _r, ok in verify_results())


def test_a_tie_the_rescore_makes_is_settled_by_the_panel_when_applying(desk, scored, staff,
                                                                      provisional):
    """Re-scored to 5, the entry ties with the fourth (5) for the third seat."""
    _objection, rescore = rescored(desk, scored, staff, provisional, value=5)

    with pytest.raises(CutoffTieError) as tie:
        apply_rescore(rescore=rescore, user=staff)
    new = apply_rescore(rescore=rescore, user=staff, panel_note="Panel memilih entri 4.",
                        panel_decisions={scored[1].pk: False, scored[3].pk: True})

    assert set(tie.value.entry_ids) == {scored[1].pk, scored[3].pk}
    assert selected(new) == {scored[0].pk, scored[2].pk, scored[3].pk}
    assert new.rows.get(entry=scored[3]).reason_code == "selected_panel"
    stored = PanelDecision.objects.filter(round=desk).values_list("entry_id", "selected")
    assert set(stored) == {(scored[1].pk, False), (scored[3].pk, True)}
    assert ModelLogEntry.objects.filter(action="judging.panel_decision").count() == 2
    assert all(ok for _r, ok in verify_results())
