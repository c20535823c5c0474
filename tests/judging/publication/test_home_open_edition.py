"""The home page's call to action while an edition takes proposals (issue 13: "home has no
call to action for the open edition")."""

import pytest

from tests.factories import CompetitionFactory, competition_pages
from tests.judging.helpers import count_queries

pytestmark = pytest.mark.django_db


def hero(html):
    return html.split('class="hero"', 1)[1].split("</section>", 1)[0]


def test_the_hero_invites_units_into_the_open_edition(client, home_page, index):
    edition = CompetitionFactory(year=2028, name="KIPP 2028", open=True)
    competition_pages(home_page, edition)

    html = client.get("/").content.decode()
    english = client.get("/en/").content.decode()

    assert "Pendaftaran KIPP 2028 dibuka hingga" in hero(html)
    assert 'href="/ruang-kerja/">Ikuti KIPP 2028</a>' in hero(html)
    assert 'href="/kompetisi/2028/">Aturan dan jadwal</a>' in hero(html)
    assert "Registration for KIPP 2028 is open until" in hero(english)
    assert 'href="/en/kompetisi/2028/">Rules and schedule</a>' in hero(english)


def test_no_invitation_when_no_edition_is_open(client, home_page, index):
    edition = CompetitionFactory(year=2025, name="KIPP 2025")  # registration closed
    competition_pages(home_page, edition)

    html = client.get("/").content.decode()

    assert "Pendaftaran" not in hero(html)
    assert "/ruang-kerja/" not in hero(html)


def test_the_invitation_costs_the_same_queries_for_one_or_two_editions(client, home_page,
                                                                        index):
    competition_pages(home_page, CompetitionFactory(year=2028, open=True))
    client.get("/")
    one = count_queries(lambda: client.get("/"))
    competition_pages(home_page, CompetitionFactory(year=2029, open=True))
    client.get("/")  # new pages purge the caches: warm them again

    two = count_queries(lambda: client.get("/"))

    assert two == one
    assert "KIPP 2029" in hero(client.get("/").content.decode())
