"""Home, content and news pages in both languages."""

import pytest
from wagtail.models import Page

from home import seed
from home.models import ContentPage, HomePage, NewsIndexPage, NewsPage

# The seed dates the first news item newest, so the home page always lists it.
NEWEST_NEWS_TITLE = dict(zip(("id", "en"), seed.NEWS[0][1], strict=True))


@pytest.fixture
def site_tree(db):
    import random

    seed.run(rng=random.Random(1), options={}, log=lambda *_: None)


def test_seed_builds_the_page_tree_in_both_languages(site_tree):
    assert HomePage.objects.count() == 2
    assert ContentPage.objects.count() == 2 * len(seed.CONTENT_PAGES)
    assert NewsIndexPage.objects.count() == 2
    assert NewsPage.objects.count() == 2 * len(seed.NEWS)
    assert sorted(HomePage.objects.values_list("locale__language_code", flat=True)) == [
        "en", "id"]
    assert not Page.find_problems()[0]


def test_seed_twice_creates_no_duplicates(site_tree):
    import random

    before = Page.objects.count()

    seed.run(rng=random.Random(1), options={}, log=lambda *_: None)

    assert Page.objects.count() == before


def test_indonesian_home_at_root(client, site_tree):
    response = client.get("/")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "id"
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Inovasi pelayanan publik yang nyata manfaatnya" in html
    assert '<h2 id="news-title">Berita terbaru</h2>' in html  # "Latest news"
    assert "Latest news" not in html
    assert NEWEST_NEWS_TITLE["id"] in html


def test_english_home_under_en_prefix(client, site_tree):
    response = client.get("/en/")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Public-service innovations that work" in html
    assert '<h2 id="news-title">Latest news</h2>' in html
    assert NEWEST_NEWS_TITLE["en"] in html


def test_language_switcher_links_to_the_translation(client, site_tree):
    html = client.get("/tentang/").content.decode()

    assert 'href="/en/tentang/"' in html
    assert "Tentang Portal" in html
    assert "About the portal" in client.get("/en/tentang/").content.decode()


def test_news_index_lists_news_newest_first(client, site_tree):
    html = client.get("/berita/").content.decode()

    titles = [title for _slug, (title, _en), _summary in seed.NEWS]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)


def test_news_index_query_count_does_not_grow(client, site_tree, django_assert_max_num_queries):
    index = NewsIndexPage.objects.get(locale__language_code="id")
    client.get("/berita/")  # warm Wagtail's site-root cache
    with django_assert_max_num_queries(30) as one_run:
        client.get("/berita/")
    baseline = len(one_run.captured_queries)
    for number in range(6):
        news = NewsPage(title=f"Berita tambahan {number}", slug=f"tambahan-{number}")
        index.add_child(instance=news)

    with django_assert_max_num_queries(baseline):
        response = client.get("/berita/")

    assert "Berita tambahan 5" in response.content.decode()


def test_unpublished_news_is_not_public(client, site_tree):
    index = NewsIndexPage.objects.get(locale__language_code="id")
    draft = NewsPage(title="Rahasia belum terbit", slug="rahasia", live=False)
    index.add_child(instance=draft)

    assert client.get("/berita/rahasia/").status_code == 404
    assert "Rahasia belum terbit" not in client.get("/berita/").content.decode()
    assert "Rahasia belum terbit" not in client.get("/").content.decode()
    assert "rahasia" not in client.get("/sitemap.xml").content.decode()


def test_admin_login_is_in_indonesian(client, site_tree):
    html = client.get("/admin/login/").content.decode()

    assert 'lang="id"' in html
    assert "Masuk" in html


def test_unknown_page_is_a_friendly_404(client, site_tree):
    response = client.get("/tidak-ada/")

    assert response.status_code == 404
    assert "/en/" in response.content.decode()
