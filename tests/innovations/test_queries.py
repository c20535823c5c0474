"""The blind rule on every public surface: an innovation entered in a competition whose
blind round has no published result is not found on /inovasi/ (listing and search), its
profile page, the agency pages, the home page's block, the sitemap or the open-data API,
until the result is published (innovations/queries.py public_innovations, the
before_serve_page hook, portal/sitemaps.py, judging/publication/api.py)."""

from urllib.parse import quote

import pytest

from judging.models import RoundResult, RoundStatus
from tests.factories import blind_case
from tests.factories.blind import TITLE

pytestmark = pytest.mark.django_db

SURFACES = [
    f"/inovasi/?q={quote(TITLE)}",
    "/inovasi/?q=Rahasiaku",
    "/inovasi/",
    "/en/inovasi/",
    "/instansi/kota-rahasiaku/",
    "/",
    "/sitemap.xml",
    "/api/v2/pages/?type=innovations.InnovationPage",
    "/api/v2/pages/?search=Kilat",
]


@pytest.fixture
def case(public_index, agency_index):
    return blind_case(public_index)


def publish(case):
    case.round.status = RoundStatus.FINALISED
    case.round.save()
    RoundResult.objects.create(round=case.round, checksum="0" * 64, published=True,
                               published_at=case.round.competition.submission_deadline)


@pytest.mark.parametrize("url", SURFACES)
def test_a_blind_entry_is_found_nowhere_until_the_result_is_published(client, case, url):
    response = client.get(url)
    assert response.status_code == 200
    # The profile's slug is in every link to it, in every listing, the sitemap and the API
    # (the title would match the search box, which repeats the query).
    assert case.page.slug not in response.content.decode()

    publish(case)
    assert case.page.slug in client.get(url).content.decode()


@pytest.mark.parametrize("url", ["/inovasi/{slug}/", "/en/inovasi/{slug}/",
                                 "/api/v2/pages/{pk}/"])
def test_the_profile_itself_is_not_found(client, case, url):
    target = url.format(slug=case.page.slug, pk=case.page.pk)
    assert client.get(target).status_code == 404
    publish(case)
    assert client.get(target).status_code == 200


def test_an_open_round_keeps_the_profile_public(client, public_index, agency_index):
    case = blind_case(public_index, blind=False)
    assert TITLE in client.get(f"/inovasi/?q={quote(TITLE)}").content.decode()
    assert client.get(f"/inovasi/{case.page.slug}/").status_code == 200
