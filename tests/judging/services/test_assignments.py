"""Assignment services: automatic balance, conflicts of interest, recusal, audit log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from innovations.models import Province
from judging.models import Assignment, AssignmentStatus, ConflictOfInterest, EntryStatus
from judging.services import assign_automatically, assign_manually, declare_conflict, recuse
from tests.factories import judge, panel


def active_pairs(round):
    return set(Assignment.objects.filter(round=round, status=AssignmentStatus.ACTIVE)
               .values_list("judge_id", "entry_id"))


@pytest.mark.django_db
def test_assign_automatically_gives_k_judges_balanced(desk, judges, staff, make_entries):
    entries = make_entries(desk.competition, 6)

    plan = assign_automatically(round=desk, user=staff)

    pairs = active_pairs(desk)
    assert len(pairs) == 12
    assert plan.shortfalls == ()
    per_entry = {e.pk: sum(1 for _, eid in pairs if eid == e.pk) for e in entries}
    assert set(per_entry.values()) == {2}
    loads = [sum(1 for jid, _ in pairs if jid == j.pk) for j in judges]
    assert max(loads) - min(loads) <= 1
    assert {e.status for e in type(entries[0]).objects.filter(pk__in=[e.pk for e in entries])} \
        == {EntryStatus.IN_JUDGING}
    assert ModelLogEntry.objects.filter(action="judging.assign").count() == 12


@pytest.mark.django_db
def test_judge_linked_to_entry_province_or_agency_is_never_assigned(
        desk, staff, make_entries):
    entries = make_entries(desk.competition, 4, provinces=("35",))
    east_java = judge("juri-jatim", province=Province.objects.get(code="35"))
    own_agency = judge("juri-agency", agency=entries[0].innovation.agency)
    others = [judge(f"juri-x{i}") for i in range(3)]
    panel(desk, [east_java, own_agency, *others])

    assign_automatically(round=desk, user=staff)

    pairs = active_pairs(desk)
    assert not any(jid == east_java.pk for jid, _ in pairs)
    assert (own_agency.pk, entries[0].pk) not in pairs
    assert len(pairs) == 8
    assert {jid for jid, _ in pairs} <= {own_agency.pk, *(o.pk for o in others)}


@pytest.mark.django_db
def test_recusal_reassigns_to_another_judge_and_logs(desk, judges, staff, make_entries):
    make_entries(desk.competition, 2)
    assign_automatically(round=desk, user=staff)
    assignment = Assignment.objects.filter(round=desk).first()
    judge_user = assignment.judge

    new = recuse(assignment=assignment, user=judge_user, reason="Pernah menjadi konsultan")

    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.RECUSED
    assert len(new) == 1
    assert new[0].entry_id == assignment.entry_id
    assert new[0].judge_id != judge_user.pk
    assert Assignment.objects.filter(round=desk, entry_id=assignment.entry_id,
                                     status=AssignmentStatus.ACTIVE).count() == 2
    assert ConflictOfInterest.objects.filter(judge=judge_user, entry_id=assignment.entry_id
                                             ).exists()
    log = ModelLogEntry.objects.get(action="judging.recuse")
    assert log.data["reason"] == "Pernah menjadi konsultan"


@pytest.mark.django_db
def test_recusal_needs_reason_and_the_right_user(desk, judges, staff, make_entries):
    make_entries(desk.competition, 1)
    assign_automatically(round=desk, user=staff)
    assignment = Assignment.objects.filter(round=desk).first()
    other = next(j for j in judges if j.pk != assignment.judge_id)

    with pytest.raises(ValidationError):
        recuse(assignment=assignment, user=assignment.judge, reason="  ")
    with pytest.raises(PermissionDenied):
        recuse(assignment=assignment, user=other, reason="x")


@pytest.mark.django_db
def test_declared_conflict_recuses_and_reassigns(desk, judges, staff, make_entries):
    entries = make_entries(desk.competition, 3)
    assign_automatically(round=desk, user=staff)
    assignment = Assignment.objects.filter(round=desk, entry=entries[0]).first()

    declare_conflict(judge=assignment.judge, user=assignment.judge,
                     agency=entries[0].innovation.agency, reason="Mantan pegawai")

    assert (assignment.judge_id, entries[0].pk) not in active_pairs(desk)
    assert Assignment.objects.filter(round=desk, entry=entries[0],
                                     status=AssignmentStatus.ACTIVE).count() == 2


@pytest.mark.django_db
def test_assign_manually_refuses_conflict_and_non_secretariat(desk, staff, make_entries):
    entries = make_entries(desk.competition, 1, provinces=("35",))
    local = judge("juri-lokal", province=Province.objects.get(code="35"))
    free = judge("juri-bebas")
    panel(desk, [local, free])

    with pytest.raises(ValidationError):
        assign_manually(round=desk, entry=entries[0], judge=local, user=staff)
    with pytest.raises(PermissionDenied):
        assign_manually(round=desk, entry=entries[0], judge=free, user=free)
    created = assign_manually(round=desk, entry=entries[0], judge=free, user=staff)
    assert created.automatic is False
    with pytest.raises(ValidationError):
        assign_manually(round=desk, entry=entries[0], judge=free, user=staff)


@pytest.mark.django_db
def test_caps_limit_load_and_report_shortfall(desk, staff, make_entries):
    make_entries(desk.competition, 3)
    panel(desk, [judge("juri-a", max_load=1), judge("juri-b", max_load=2)])

    plan = assign_automatically(round=desk, user=staff)

    assert Assignment.objects.filter(round=desk, judge__username="juri-a").count() == 1
    assert Assignment.objects.filter(round=desk, judge__username="juri-b").count() == 2
    assert sum(s.needed - s.assigned for s in plan.shortfalls) == 3
