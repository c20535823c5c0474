"""The secretariat's admin home: what each running edition needs next, in a fixed
number of queries; "start from the default rubric"."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from judging.models import RoundKind, RoundStatus, Rubric
from judging.services import create_default_rubrics
from tests.factories import CompetitionFactory, RoundFactory
from tests.factories.judging import judge
from tests.judging.helpers import assert_denied, assign, count_queries, submit


def home(client):
    return client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.django_db
def test_a_new_edition_lists_its_set_up_steps(client, staff):
    CompetitionFactory(year=2032, name="KIPP 2032")
    client.force_login(staff)

    html = home(client)

    assert "Yang perlu dikerjakan" in html  # "What needs doing"
    assert "KIPP 2032" in html
    assert "Belum ada rubrik." in html  # "No rubric yet."
    assert "Belum ada tahap." in html  # "No rounds yet."


@pytest.mark.django_db
def test_open_rounds_show_progress_and_the_judges_who_submitted_nothing(
        client, desk, staff, judges, make_entries):
    desk.status = RoundStatus.OPEN
    desk.save()
    entries = make_entries(desk.competition, 2)
    for entry in entries:
        submit(assign(round=desk, entry=entry, judge=judges[0], staff=staff), value=7)
        assign(round=desk, entry=entry, judge=judges[1], staff=staff)
    client.force_login(staff)

    html = home(client)

    assert "2 dari 4 nilai dikirim (50 %)." in html  # "2 of 4 scores submitted (50 %)."
    idle = judges[1].get_full_name() or judges[1].username
    assert f"{idle} (0/2)" in html
    assert f"{judges[0].get_full_name() or judges[0].username} (0/" not in html


@pytest.mark.django_db
def test_the_panel_is_for_the_secretariat_only(client, judges):
    client.force_login(judges[0])

    assert "Yang perlu dikerjakan" not in home(client)


@pytest.mark.django_db
def test_the_panel_query_count_does_not_grow_with_editions_rounds_and_judges(
        client, staff, make_entries):
    made = []

    def build(n):
        for _ in range(n):
            competition = CompetitionFactory()
            rubric, _interview = create_default_rubrics(competition=competition)
            round = RoundFactory(competition=competition, order=1, status=RoundStatus.OPEN,
                                 kind=RoundKind.DESK, rubric=rubric)
            busy, idle = judge(f"j{len(made)}a"), judge(f"j{len(made)}b")
            made.append(competition)
            for entry in make_entries(competition, 2):
                submit(assign(round=round, entry=entry, judge=busy, staff=staff), value=6)
                assign(round=round, entry=entry, judge=idle, staff=staff)

    client.force_login(staff)
    build(1)
    home(client)
    one = count_queries(lambda: home(client))
    build(4)
    home(client)  # new results purged the cached menu: warm it again, as before
    many = count_queries(lambda: home(client))

    assert many == one


@pytest.mark.django_db
def test_start_from_the_default_rubric_once(client, staff):
    competition = CompetitionFactory(year=2032)
    client.force_login(staff)
    url = reverse("judging_admin:default_rubrics", args=[competition.pk])

    client.post(url)
    response = client.post(url, follow=True)

    assert Rubric.objects.filter(competition=competition).count() == 2
    assert ModelLogEntry.objects.filter(action="wagtail.create",
                                        content_type__model="rubric").count() == 2
    assert "sudah memiliki rubrik bawaan" in response.content.decode()


@pytest.mark.django_db
def test_judges_cannot_create_rubrics(client, judges):
    competition = CompetitionFactory(year=2032)
    client.force_login(judges[0])

    response = client.post(reverse("judging_admin:default_rubrics", args=[competition.pk]))

    assert_denied(response)
    assert not Rubric.objects.filter(competition=competition).exists()
