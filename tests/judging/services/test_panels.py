"""A round's panel (judging.services.panels.set_panel): who can be on it, caps, refusals,
the audit log and idempotence."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from judging.models import RoundKind, RoundPanelMember
from judging.services import assign_automatically, set_panel
from judging.services.panels import panel_caps, panel_rows
from tests.factories import RoundFactory, UserFactory, judge
from tests.judging.helpers import count_queries

pytestmark = pytest.mark.django_db


def members(round):
    return dict(RoundPanelMember.objects.filter(round=round)
                .values_list("judge_id", "max_entries"))


@pytest.fixture
def pool(db):
    return [judge(f"panel{i}") for i in range(1, 5)]


def test_set_panel_adds_removes_and_caps_with_one_audit_entry(desk, staff, pool):
    a, b, c, _d = pool

    set_panel(round=desk, user=staff, members={a.pk: None, b.pk: 3})
    change = set_panel(round=desk, user=staff, members={a.pk: 2, c.pk: None})

    assert members(desk) == {a.pk: 2, c.pk: None}
    assert change["added"] == [c.pk]
    assert change["removed"] == [b.pk]
    assert change["caps"] == {a.pk: {"old": None, "new": 2}}
    logs = ModelLogEntry.objects.filter(action="judging.panel").order_by("pk")
    assert logs.count() == 2
    assert logs.last().data["removed"] == [b.pk]


def test_saving_the_same_panel_again_changes_nothing(desk, staff, pool):
    set_panel(round=desk, user=staff, members={pool[0].pk: 4})

    change = set_panel(round=desk, user=staff, members={pool[0].pk: 4})

    assert change == {"added": [], "removed": [], "caps": {}}
    assert ModelLogEntry.objects.filter(action="judging.panel").count() == 1


def test_only_the_secretariat_sets_a_panel(desk, pool):
    with pytest.raises(PermissionDenied):
        set_panel(round=desk, user=pool[0], members={pool[0].pk: None})
    assert not RoundPanelMember.objects.exists()


def test_someone_who_is_not_an_active_judge_is_refused(desk, staff, pool, english):
    outsider = UserFactory(username="bukan-juri")
    retired = pool[1]
    retired.is_active = False
    retired.save()

    for person in (outsider, retired):
        with pytest.raises(ValidationError) as error:
            set_panel(round=desk, user=staff, members={pool[0].pk: None, person.pk: None})
        assert error.value.messages == ["Only active judges can be on a panel."]
    assert not RoundPanelMember.objects.exists()


def test_a_judge_with_assignments_stays_and_caps_cannot_go_below_the_load(
        desk, staff, pool, make_entries, english):
    make_entries(desk.competition, 4)
    set_panel(round=desk, user=staff, members={j.pk: None for j in pool[:2]})
    assign_automatically(round=desk, user=staff)  # 4 entries x 2 judges: 4 each

    with pytest.raises(ValidationError) as removing:
        set_panel(round=desk, user=staff, members={pool[0].pk: None})
    with pytest.raises(ValidationError) as lowering:
        set_panel(round=desk, user=staff, members={pool[0].pk: 3, pool[1].pk: 0})

    assert removing.value.messages == [
        "panel2 still has 4 active assignments in this round; recuse them before taking "
        "the judge off the panel."]
    assert lowering.value.messages == [
        "The cap of panel1 (3) is below the 4 entries the judge already has in this round.",
        "The cap of panel2 must be at least 1; leave it empty for no cap."]
    assert members(desk) == {pool[0].pk: None, pool[1].pk: None}


def test_a_round_without_scores_has_no_panel(competition, staff, pool, english):
    screening = RoundFactory(competition=competition, order=9, kind=RoundKind.SCREENING)

    with pytest.raises(ValidationError) as error:
        set_panel(round=screening, user=staff, members={pool[0].pk: None})

    assert error.value.messages == ["Only scored rounds have a panel of judges."]


def test_caps_come_from_the_round_first_then_the_profile(desk, staff):
    usual = judge("biasa", max_load=7)
    capped = judge("dibatasi", max_load=7)
    free = judge("bebas")
    set_panel(round=desk, user=staff, members={usual.pk: None, capped.pk: 2, free.pk: None})

    assert panel_caps(round=desk) == {usual.pk: 7, capped.pk: 2}


def test_panel_rows_take_the_same_queries_for_few_and_many_judges(desk, staff, pool):
    set_panel(round=desk, user=staff, members={pool[0].pk: 2})
    few = count_queries(lambda: panel_rows(round=desk))
    for i in range(8):
        judge(f"lagi{i}", max_load=i or None)
    set_panel(round=desk, user=staff, members={j.pk: None for j in pool})

    many = count_queries(lambda: panel_rows(round=desk))

    assert many == few
    assert len(panel_rows(round=desk)) == 12
