"""API inputs validated: a bad ?limit= or ?offset= is a 400 with a message, never a 500,
on the agencies, leaderboard and Wagtail pages endpoints (SQLite and PostgreSQL)."""

import pytest
from django.conf import settings

from tests.factories import (
    AgencyFactory,
    CompetitionFactory,
    InnovationPageFactory,
    awarded_entries,
    innovation_index,
    make_result,
)

HUGE = "99999999999999999999"
BAD = [("limit", "abc"), ("limit", "-1"), ("limit", HUGE), ("limit", "101"), ("limit", "1.5"),
       ("offset", "abc"), ("offset", "-5"), ("offset", HUGE), ("offset", "1e3"),
       ("offset", "9" * 5000)]


@pytest.fixture
def endpoints(home_page):
    index = innovation_index(home_page)
    InnovationPageFactory(parent=index, title="Inovasi Tayang")
    AgencyFactory(name="Kota A", agency_type="kota")
    competition = CompetitionFactory(year=2025, name="KIPP 2025")
    result = make_result(competition, awarded_entries(competition, 2, index=index))
    return ["/api/v2/agencies/", "/api/v2/leaderboards/", f"/api/v2/leaderboards/{result.pk}/",
            "/api/v2/pages/", "/api/v2/pages/?type=innovations.InnovationPage"]


@pytest.mark.parametrize(("name", "value"), BAD)
def test_bad_limit_or_offset_is_a_400_with_a_message(client, endpoints, name, value):
    for url in endpoints:
        joiner = "&" if "?" in url else "?"
        response = client.get(f"{url}{joiner}{name}={value}")

        assert (url, response.status_code) == (url, 400)
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["message"].startswith(name)


def test_message_is_in_indonesian(client, endpoints):
    """The API lives outside the /en/ prefix, so it answers in the default language."""
    agencies = client.get(f"/api/v2/agencies/?offset={HUGE}").json()
    pages = client.get("/api/v2/pages/?limit=101").json()

    assert agencies == {"message": "offset harus bilangan bulat dari 0 sampai 1000000000."}
    assert pages == {"message": "limit harus bilangan bulat dari 0 sampai 100."}


def test_limit_up_to_100_works_on_every_endpoint(client, endpoints):
    assert settings.WAGTAILAPI_LIMIT_MAX == 100
    for url in endpoints:
        joiner = "&" if "?" in url else "?"
        response = client.get(f"{url}{joiner}limit=100&offset=1000000000")

        assert (url, response.status_code) == (url, 200)
        assert response.json()["items"] == []
    pages = client.get("/api/v2/pages/?limit=100").json()
    assert pages["meta"]["total_count"] == len(pages["items"])
