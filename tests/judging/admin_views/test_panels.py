"""The round's panel screen (secretariat): listing, saving through set_panel, bad input
kept with the message, roles, and constant query counts. Pages render in Indonesian."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from judging.models import Assignment, RoundPanelMember
from tests.factories import judge
from tests.judging.helpers import assert_denied, count_queries

pytestmark = pytest.mark.django_db


def panel_url(round):
    return reverse("judging_admin:round_panel", args=[round.pk])


def members(round):
    return dict(RoundPanelMember.objects.filter(round=round)
                .values_list("judge_id", "max_entries"))


def test_dashboard_links_to_the_panel(client, desk, staff):
    client.force_login(staff)

    html = client.get(reverse("judging_admin:round_dashboard", args=[desk.pk])).content.decode()

    assert panel_url(desk) in html
    assert "Panel dan batas" in html  # "Panel and caps"


def test_the_secretariat_sets_the_panel_and_caps(client, desk, staff):
    a, b, c = judge("juri-a"), judge("juri-b"), judge("juri-c")
    client.force_login(staff)

    response = client.post(panel_url(desk), {"member": [a.pk, b.pk], f"cap-{a.pk}": "4",
                                             f"cap-{b.pk}": "", f"cap-{c.pk}": "9"},
                           follow=True)

    assert "Panel disimpan." in response.content.decode()  # "The panel is saved."
    assert members(desk) == {a.pk: 4, b.pk: None}
    assert ModelLogEntry.objects.filter(action="judging.panel").count() == 1
    html = client.get(panel_url(desk)).content.decode()
    assert f'id="member-{a.pk}" checked' in html
    assert f'id="cap-{a.pk}" value="4"' in html
    assert "2 juri dalam panel." in html  # "2 judges on the panel."


def test_a_cap_that_is_not_a_number_keeps_what_was_typed(client, desk, staff):
    a = judge("juri-a")
    client.force_login(staff)

    response = client.post(panel_url(desk), {"member": [a.pk], f"cap-{a.pk}": "lima"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Batas juri-a harus berupa bilangan bulat." in html
    assert f'id="cap-{a.pk}" value="lima"' in html
    assert f'id="member-{a.pk}" checked' in html
    assert not RoundPanelMember.objects.exists()


def test_what_set_panel_refuses_is_shown_on_the_form(client, desk, staff, judges,
                                                     make_entries):
    make_entries(desk.competition, 2)
    client.force_login(staff)
    client.post(reverse("judging_admin:round_assign", args=[desk.pk]), {"confirm": "1"})
    busy = Assignment.objects.filter(round=desk).first().judge

    response = client.post(panel_url(desk), {"member": [j.pk for j in judges if j != busy]})

    assert response.status_code == 400
    assert f"{busy.username} masih memiliki" in response.content.decode()
    assert busy.pk in members(desk)


def test_auto_assignment_without_a_panel_says_to_set_it(client, desk, staff, make_entries):
    make_entries(desk.competition, 2)
    judge("juri-a")
    client.force_login(staff)

    response = client.post(reverse("judging_admin:round_assign", args=[desk.pk]), follow=True)

    # "This round has no panel yet. Set its panel …"
    assert "Tahap ini belum memiliki panel." in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_judge_cannot_reach_the_panel_screen(client, desk, judges):
    client.force_login(judges[0])

    assert_denied(client.get(panel_url(desk)))
    assert_denied(client.post(panel_url(desk), {"member": [judges[0].pk]}))


def test_panel_screen_queries_do_not_grow_with_the_number_of_judges(client, desk, staff):
    judge("juri-a")
    client.force_login(staff)
    client.get(panel_url(desk))  # warm caches (content types, site)
    few = count_queries(lambda: client.get(panel_url(desk)))
    for i in range(8):
        user = judge(f"juri-lagi{i}", max_load=i or None)
        RoundPanelMember.objects.create(round=desk, judge=user, max_entries=i % 3 or None)

    many = count_queries(lambda: client.get(panel_url(desk)))

    assert many == few
