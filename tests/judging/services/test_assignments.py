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


@pytest.mark.django_db
def test_auto_assignment_stays_inside_the_panel_and_its_caps(desk, staff, make_entries):
    from judging.services import set_panel

    make_entries(desk.competition, 6)
    inside = [judge("panel-a"), judge("panel-b", max_load=2), judge("panel-c")]
    outside = judge("bukan-panel")
    set_panel(round=desk, user=staff, members={inside[0].pk: 5, inside[1].pk: None,
                                               inside[2].pk: None})

    plan = assign_automatically(round=desk, user=staff)

    loads = {j.pk: Assignment.objects.filter(round=desk, judge=j).count()
             for j in [*inside, outside]}
    assert loads[outside.pk] == 0
    assert loads[inside[0].pk] <= 5
    assert loads[inside[1].pk] <= 2
    assert sum(loads.values()) == 12
    assert plan.shortfalls == ()


@pytest.mark.django_db
def test_auto_assignment_without_a_panel_is_refused(desk, staff, make_entries, english):
    make_entries(desk.competition, 2)
    judge("juri-tanpa-panel")

    with pytest.raises(ValidationError) as error:
        assign_automatically(round=desk, user=staff)

    assert error.value.messages == [
        "This round has no panel yet. Set its panel (the judges who score it) before "
        "assigning judges automatically."]
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_manual_assignment_refuses_a_judge_outside_the_panel_or_at_the_cap(
        desk, staff, make_entries, english):
    from judging.services import set_panel

    entries = make_entries(desk.competition, 2)
    outsider = judge("bukan-panel")
    member = judge("anggota")
    set_panel(round=desk, user=staff, members={member.pk: 1})

    with pytest.raises(ValidationError) as outside:
        assign_manually(round=desk, entry=entries[0], judge=outsider, user=staff)
    assign_manually(round=desk, entry=entries[0], judge=member, user=staff)
    with pytest.raises(ValidationError) as full:
        assign_manually(round=desk, entry=entries[1], judge=member, user=staff)

    assert outside.value.messages == [
        "bukan-panel is not on this round's panel. Add the judge to the panel first."]
    assert full.value.messages == [
        "anggota has reached the cap of 1 entries in this round. Raise the judge's cap "
        "on the panel first."]
    assert list(Assignment.objects.values_list("judge_id", "entry_id")) == [
        (member.pk, entries[0].pk)]


@pytest.mark.django_db
def test_normalisation_warning_counts_only_the_panel(desk, staff, make_entries):
    from judging.services import set_panel
    from judging.services.assignments import normalisation_warning

    make_entries(desk.competition, 6)  # 12 judge places
    many = [judge(f"banyak{i}") for i in range(6)]
    set_panel(round=desk, user=staff, members={j.pk: None for j in many})
    assert normalisation_warning(round=desk) == (2, 5)  # 12 places over 6: 2 each

    set_panel(round=desk, user=staff, members={many[0].pk: None, many[1].pk: None})

    assert normalisation_warning(round=desk) is None  # 2 judges: 6 each, above 5


@pytest.mark.django_db
def test_each_automatic_assignment_has_its_audit_line_and_a_second_run_adds_none(
        desk, judges, staff, make_entries):
    """The assignments and their audit lines go in without model instances (COPY on
    PostgreSQL): one line per assignment, with the label, data, user, action and content
    type log_many wrote; run again, nothing is added."""
    from django.contrib.contenttypes.models import ContentType

    make_entries(desk.competition, 5)

    assign_automatically(round=desk, user=staff)
    again = assign_automatically(round=desk, user=staff)

    assignments = list(Assignment.objects.filter(round=desk).order_by("pk"))
    lines = ModelLogEntry.objects.filter(action="judging.assign").order_by("object_id")
    assert again.assignments == ()
    assert len(assignments) == 10
    assert sorted((line.object_id, line.label, line.data, line.user_id, line.content_type_id)
                  for line in lines) == sorted(
        (str(a.pk), f"{desk} · entry {a.entry_id} · judge {a.judge_id}",
         {"round": desk.pk, "entry": a.entry_id, "judge": a.judge_id, "automatic": True},
         staff.pk, ContentType.objects.get_for_model(Assignment).pk)
        for a in assignments)
    assert {(a.status, a.automatic, a.recusal_reason) for a in assignments} == {
        (AssignmentStatus.ACTIVE, True, "")}
    assert len({line.timestamp for line in lines}) == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_secretariat_users_assigning_at_once_assign_each_pair_once(
        desk, judges, staff, make_entries):
    from tests.factories import secretariat
    from tests.judging.services.test_idempotent_actions import run_concurrently

    entries = make_entries(desk.competition, 6)
    other = secretariat("sekretariat2")
    users = iter([staff, other])

    outcomes = run_concurrently(2, lambda: assign_automatically(round=desk, user=next(users)))

    assert sorted(len(plan.assignments) for plan in outcomes) == [0, 12]
    assert Assignment.objects.filter(round=desk).count() == 12
    assert len(active_pairs(desk)) == 12
    assert {e: sum(1 for _j, entry in active_pairs(desk) if entry == e.pk)
            for e in entries} == dict.fromkeys(entries, 2)
    assert ModelLogEntry.objects.filter(action="judging.assign").count() == 12


@pytest.mark.django_db
def test_audit_lines_follow_the_assignments_and_cut_a_long_awkward_label_as_log_entries_does(
        desk, judges, staff, make_entries):
    """The label is written by the database on PostgreSQL: a round named with quotes, a
    backslash, a tab and non-ASCII text, too long for the label, is cut at the same
    character; the lines come in the assignments' order and carry the log context."""
    from wagtail.log_actions import LogContext

    desk.competition.name = ("Kompetisi 'ñ' \\ \t" * 10)[:120]
    desk.competition.save()
    desk.name = ('Tahap "ü" – 水 % ' * 20)[:160]
    desk.save()
    make_entries(desk.competition, 3)

    with LogContext(user=staff) as context:
        assign_automatically(round=desk, user=staff)

    assignments = list(Assignment.objects.filter(round=desk).order_by("pk"))
    lines = list(ModelLogEntry.objects.filter(action="judging.assign").order_by("pk"))
    assert [line.object_id for line in lines] == [str(a.pk) for a in assignments]
    assert [line.label for line in lines] == [
        f"{desk} · entry {a.entry_id} · judge {a.judge_id}"[:255] for a in assignments]
    assert len(assignments) == 6
    assert {len(line.label) for line in lines} == {255}
    assert {line.uuid for line in lines} == {context.uuid}
    assert {(line.content_changed, line.deleted) for line in lines} == {(False, False)}
