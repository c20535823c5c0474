"""The shared cache of public pages (portal/page_cache.py): anonymous visitors get a
stored copy, and nothing stale, unpublished, draft or personal is ever served from it."""

import datetime

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from judging.models import ObjectionStatus, RoundResult
from judging.services.objections import announce_provisional, decide_objection
from judging.services.results import publish_result
from portal import page_cache
from tests.factories import (
    CompetitionFactory,
    InnovationPageFactory,
    awarded_entries,
    competition_pages,
    make_result,
    secretariat,
)
from tests.judging.helpers import count_queries, file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PORTAL_PAGE_CACHE = True


@pytest.fixture
def profile(index):
    return InnovationPageFactory(parent=index, title="Layanan Antar Akta",
                                 slug="layanan-antar-akta")


@pytest.fixture
def edition(home_page, index):
    competition = CompetitionFactory(year=2025, name="KIPP 2025")
    competition_pages(home_page, competition)
    return competition


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(client, profile):
    first = client.get(profile.url)
    queries = count_queries(lambda: client.get(profile.url))
    second = client.get(profile.url)

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Language"] == "id"
    assert queries == 0


def test_security_headers_are_added_to_a_cached_page(client, profile):
    client.get(profile.url)

    hit = client.get(profile.url)

    assert hit["X-Page-Cache"] == "hit"
    assert "default-src 'self'" in hit["Content-Security-Policy"]


def test_languages_and_query_strings_are_cached_apart(client, profile, home_page):
    client.get("/")
    client.get("/?a=1")

    assert client.get("/en/")["X-Page-Cache"] == "miss"
    assert client.get("/?a=2")["X-Page-Cache"] == "miss"
    assert client.get("/?a=1")["X-Page-Cache"] == "hit"


def test_unpublished_page_is_404_on_the_next_anonymous_visit(client, profile):
    client.get(profile.url)
    assert client.get(profile.url)["X-Page-Cache"] == "hit"

    profile.unpublish()

    assert client.get(profile.url).status_code == 404


def test_deleted_page_is_404_on_the_next_anonymous_visit(client, profile):
    url = profile.url
    client.get(url)

    profile.delete()

    assert client.get(url).status_code == 404


def test_published_change_is_served_at_once(client, profile):
    client.get(profile.url)
    profile.title = "Layanan Antar Akta Terbaru"

    profile.save_revision().publish()

    response = client.get(profile.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Layanan Antar Akta Terbaru" in response.content.decode()


def test_a_draft_is_never_cached_nor_served(client, index, profile):
    draft = InnovationPageFactory(parent=index, title="Inovasi Rahasia", slug="rahasia",
                                  live=False)
    client.get(profile.url)
    profile.title = "Judul Draf Belum Terbit"
    profile.save_revision()  # a draft of a live page: saved, not published

    missing = client.get("/inovasi/rahasia/")
    live = client.get(profile.url)

    assert missing.status_code == 404
    assert "Judul Draf Belum Terbit" not in live.content.decode()
    draft.save_revision().publish()
    assert client.get("/inovasi/rahasia/").status_code == 200


def test_signed_in_visitors_bypass_the_cache(client, profile):
    client.get(profile.url)
    client.force_login(secretariat())

    response = client.get(profile.url)

    assert "X-Page-Cache" not in response
    assert count_queries(lambda: client.get(profile.url)) > 0


def test_page_seen_signed_in_is_not_stored_for_anonymous_visitors(client, profile):
    client.force_login(secretariat())
    client.get(profile.url)
    client.logout()

    assert client.get(profile.url)["X-Page-Cache"] == "miss"


def test_post_is_never_served_from_the_cache(client, profile):
    client.get(profile.url)

    response = client.post(profile.url)

    assert "X-Page-Cache" not in response


@pytest.mark.parametrize("url", ["/masuk/", "/admin/login/"])
def test_sign_in_pages_are_never_cached(client, home_page, url):
    client.get(url)

    assert "X-Page-Cache" not in client.get(url)


def test_response_setting_a_cookie_is_not_stored():
    request = RequestFactory().get("/")
    response = HttpResponse("ok")
    response.set_cookie("portal_language", "en")

    assert page_cache.response_is_cacheable(request, response) is False
    assert page_cache.response_is_cacheable(request, HttpResponse("ok")) is True


def test_response_holding_a_csrf_token_is_not_stored():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True

    assert page_cache.response_is_cacheable(request, HttpResponse("ok")) is False


def test_private_response_is_not_stored():
    response = HttpResponse("ok")
    response["Cache-Control"] = "private, max-age=0"

    assert page_cache.response_is_cacheable(RequestFactory().get("/"), response) is False


def test_withdrawn_result_is_not_served_stale(client, edition, index):
    result = make_result(edition, awarded_entries(edition, 2, index=index))
    client.get("/kompetisi/2025/top-99/")
    assert client.get("/kompetisi/2025/top-99/")["X-Page-Cache"] == "hit"

    RoundResult.objects.get(pk=result.pk).delete()

    assert client.get("/kompetisi/2025/top-99/").status_code == 404


def no_objection_period(result):
    result.round.requires_objection_period = False
    result.round.save(update_fields=["requires_objection_period"])
    return result


def test_published_result_is_served_at_once(client, edition, index):
    result = no_objection_period(
        make_result(edition, awarded_entries(edition, 2, index=index), published=False))
    assert client.get("/kompetisi/2025/top-99/").status_code == 404
    client.get("/kompetisi/2025/")

    publish_result(result=result, user=secretariat())

    assert client.get("/kompetisi/2025/top-99/").status_code == 200
    assert client.get("/kompetisi/2025/")["X-Page-Cache"] == "miss"


def test_publish_result_purges_the_cache(edition, index):
    result = no_objection_period(
        make_result(edition, awarded_entries(edition, 1, index=index), published=False))
    before = page_cache.generation()

    publish_result(result=result, user=secretariat())

    assert page_cache.generation() != before


def test_objection_decision_purges_the_cache_and_the_form_is_never_cached(
        client, edition, index):
    staff = secretariat()
    entries = awarded_entries(edition, 2, index=index)
    result = make_result(edition, entries, published=False)
    now = timezone.now()
    announce_provisional(result=result, user=staff, opens_at=now - datetime.timedelta(days=1),
                         closes_at=now + datetime.timedelta(days=4))
    objection = file(result, entries[0])
    client.get("/kompetisi/2025/top-99/sanggah/")
    form = client.get("/kompetisi/2025/top-99/sanggah/")
    before = page_cache.generation()

    decide_objection(objection=objection, user=staff, status=ObjectionStatus.UNDER_REVIEW)

    assert form.status_code == 200
    assert "X-Page-Cache" not in form
    assert "csrfmiddlewaretoken" in form.content.decode()
    assert page_cache.generation() != before


def test_page_rendered_during_a_purge_is_never_served(client, profile, monkeypatch):
    """A request that read the old rows stores its page under the generation it started
    with; a purge meanwhile makes that copy unreachable."""
    real = page_cache.PageCacheMiddleware.__call__

    def purge_while_rendering(self, request):
        original = self.get_response

        def rendering(request):
            response = original(request)
            page_cache.purge()
            return response

        self.get_response = rendering
        try:
            return real(self, request)
        finally:
            self.get_response = original

    monkeypatch.setattr(page_cache.PageCacheMiddleware, "__call__", purge_while_rendering)
    client.get(profile.url)
    monkeypatch.setattr(page_cache.PageCacheMiddleware, "__call__", real)

    assert client.get(profile.url)["X-Page-Cache"] == "miss"


def test_disabled_cache_stores_nothing(client, profile, settings):
    settings.PORTAL_PAGE_CACHE = False
    client.get(profile.url)

    assert "X-Page-Cache" not in client.get(profile.url)


def test_a_section_made_private_leaves_the_public_pages_at_once(client, profile, index):
    from wagtail.models import Page, PageViewRestriction

    assert Page.objects.live().public().filter(pk=profile.pk).exists()
    client.get(profile.url)

    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)

    assert not Page.objects.live().public().filter(pk=profile.pk).exists()
    assert client.get(profile.url).status_code == 302  # to the sign-in page, not the copy


def test_public_pages_need_no_restriction_query_when_warm(profile):
    from wagtail.models import Page

    list(Page.objects.public()[:1])

    assert count_queries(lambda: Page.objects.public()) == 0


def test_a_page_built_after_a_purge_reads_the_generation_once(client, home_page, monkeypatch):
    """The menu, the index URLs, the route and the private sections are read under the
    token the request read first: one round trip for it, not one per value."""
    from django.core.cache import cache

    client.get("/")
    page_cache.purge()
    real_get, reads = cache.get, []

    def counting_get(key, *args, **kwargs):
        if key == page_cache.GENERATION_KEY:
            reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counting_get)
    response = client.get("/")

    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"
    assert len(reads) == 1


def test_what_a_request_reads_after_its_own_purge_is_the_new_generation():
    seen = []

    def view(request):
        seen.append(page_cache.cached("probe", lambda: "before"))
        page_cache.purge()
        seen.append(page_cache.cached("probe", lambda: "after"))
        return HttpResponse("ok")

    page_cache.PageCacheMiddleware(view)(RequestFactory().post("/"))

    assert seen == ["before", "after"]
