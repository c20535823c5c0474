"""Renditions made when a page is published (portal/renditions.py), so its first visitor
waits for none: the task makes exactly what the public templates ask for."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from home.models import NewsIndexPage, NewsPage
from innovations.models import InnovationGalleryImage
from portal import renditions
from portal.demo_images import get_or_create_image
from tests.factories import AgencyFactory, InnovationPageFactory

pytestmark = pytest.mark.django_db

Rendition = get_image_model().get_rendition_model()


def _specs(images):
    return set(Rendition.objects.filter(image__in=images).values_list("image_id", "filter_spec"))


def _rendition_writes(queries):
    return [q["sql"] for q in queries
            if q["sql"].startswith("INSERT") and "wagtailimages_rendition" in q["sql"]]


@pytest.fixture
def photos(db):
    return [get_or_create_image(title=f"Foto terbit {n}", seed=300 + n) for n in range(3)]


def _innovation_draft(index, photos, *, slug="layanan-foto-baru"):
    page = InnovationPageFactory(parent=index, agency=AgencyFactory(), live=False,
                                 title="Layanan Foto Baru", slug=slug)
    for number, image in enumerate(photos):
        InnovationGalleryImage.objects.create(page=page, image=image, sort_order=number)
    return page


def _visit_profile_and_listing(client, page):
    assert client.get(page.url).status_code == 200
    listing = client.get("/inovasi/")
    assert page.title in listing.content.decode()


def test_publishing_a_profile_makes_its_pictures_and_its_visitor_makes_none(
        client, index, photos, django_capture_on_commit_callbacks):
    page = _innovation_draft(index, photos)
    assert _specs(photos) == set()

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    # The card's 3 and the lead photo's 9 for the first photo, 6 for each other one.
    assert len(_specs(photos)) == 3 + 9 + 6 + 6
    with CaptureQueriesContext(connection) as queries:
        _visit_profile_and_listing(client, page)
    assert _rendition_writes(queries) == []


def test_the_task_makes_what_the_templates_ask_for(client, index, photos):
    page = _innovation_draft(index, photos)
    page.save_revision().publish()  # the task is queued on commit, which never comes here
    _visit_profile_and_listing(client, page)
    asked_by_templates = _specs(photos)
    assert asked_by_templates  # the visit made them, inside the request
    Rendition.objects.filter(image__in=photos).delete()

    made = renditions.prepare_page_renditions.call(page_id=page.pk)

    assert _specs(photos) == asked_by_templates
    assert made == len(asked_by_templates)


def test_news_pictures_are_made_on_publication(client, home_page, photos,
                                               django_capture_on_commit_callbacks):
    news_index = NewsIndexPage(title="Berita", slug="berita")
    home_page.add_child(instance=news_index)
    news_index.save_revision().publish()
    news = NewsPage(title="Berita bergambar", slug="berita-bergambar", image=photos[0],
                    live=False)
    news_index.add_child(instance=news)

    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision().publish()

    made = _specs([photos[0]])
    assert len(made) == 6
    with CaptureQueriesContext(connection) as queries:
        assert client.get(news.url).status_code == 200
        assert "Berita bergambar" in client.get(news_index.url).content.decode()
    assert _rendition_writes(queries) == []
    assert _specs([photos[0]]) == made


def _record_queued(monkeypatch):
    queued = []

    class Recorder:
        @staticmethod
        def enqueue(**kwargs):
            queued.append(kwargs)

    monkeypatch.setattr(renditions, "prepare_page_renditions", Recorder)
    return queued


def test_a_publication_rolled_back_queues_nothing(index, photos, monkeypatch,
                                                  django_capture_on_commit_callbacks):
    queued = _record_queued(monkeypatch)
    page = _innovation_draft(index, photos)

    with (django_capture_on_commit_callbacks(execute=True),
          pytest.raises(RuntimeError), transaction.atomic()):
        page.save_revision().publish()
        raise RuntimeError("rolled back")

    assert queued == []
    page.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert queued == [{"page_id": page.pk}]  # the same publication, committed


def test_a_page_unpublished_before_the_worker_runs_needs_none(index, photos):
    page = _innovation_draft(index, photos)
    page.save_revision().publish()
    page.refresh_from_db()
    page.unpublish()

    assert renditions.prepare_page_renditions.call(page_id=page.pk) == 0
    assert _specs(photos) == set()


def test_a_photo_whose_file_is_gone_is_skipped_and_the_others_made(index, photos):
    page = _innovation_draft(index, photos)
    page.save_revision().publish()
    photos[1].file.storage.delete(photos[1].file.name)

    made = renditions.prepare_page_renditions.call(page_id=page.pk)

    assert made == 3 + 9 + 6
    assert {image_id for image_id, _spec in _specs(photos)} == {photos[0].pk, photos[2].pk}


def test_the_home_page_hero_is_made_on_publication(client, home_page, photos,
                                                   django_capture_on_commit_callbacks):
    home_page.hero_image = photos[2]

    with django_capture_on_commit_callbacks(execute=True):
        home_page.save_revision().publish()

    assert len(_specs([photos[2]])) == 3
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert _rendition_writes(queries) == []


def test_the_command_makes_what_is_missing_for_every_live_page(index, photos):
    from io import StringIO

    from django.core.management import call_command

    page = _innovation_draft(index, photos)
    page.save_revision().publish()  # its task never ran (no commit in this test)
    _innovation_draft(index, [get_or_create_image(title="Foto draf", seed=399)], slug="draf")
    out = StringIO()

    call_command("prepare_renditions", stdout=out)

    assert len(_specs(photos)) == 3 + 9 + 6 + 6
    assert Rendition.objects.filter(image__title="Foto draf").count() == 0
    with CaptureQueriesContext(connection) as queries:
        call_command("prepare_renditions", stdout=StringIO())
    assert _rendition_writes(queries) == []
    assert "24 renditions ready" in out.getvalue()


def test_a_profile_without_photos_queues_no_task(index, monkeypatch,
                                                 django_capture_on_commit_callbacks):
    queued = _record_queued(monkeypatch)
    bare = _innovation_draft(index, [], slug="tanpa-foto")
    pictured = _innovation_draft(index, [get_or_create_image(title="Foto", seed=398)],
                                 slug="dengan-foto")

    with django_capture_on_commit_callbacks(execute=True):
        bare.save_revision().publish()
        pictured.save_revision().publish()

    assert queued == [{"page_id": pictured.pk}]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_four_workers_preparing_one_page_at_once_make_each_rendition_once(index, photos):
    from tests.judging.services.test_idempotent_actions import run_concurrently

    page = _innovation_draft(index, photos)
    page.save_revision().publish()  # a committed transaction: its own task ran already
    Rendition.objects.filter(image__in=photos).delete()

    outcomes = run_concurrently(4, lambda: renditions.prepare_page_renditions.call(
        page_id=page.pk))

    assert outcomes == [24] * 4
    assert Rendition.objects.filter(image__in=photos).count() == 24
