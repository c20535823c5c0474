"""Images of proposals that are not public profiles (drafts, entries withheld by the blind
rule) live in private storage and are served only by /berkas-usulan/<name> to the people
who may read the proposal (portal/media.py, innovations/image_views.py); images of
public profiles are ordinary media."""

import io

import pytest
from django.core.files.images import ImageFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model

from innovations import services, uploads
from innovations.models import InnovationGalleryImage
from judging.models import RoundKind, RoundResult
from tests.factories import (
    CompetitionFactory,
    EntryFactory,
    InnovationPageFactory,
    RoundFactory,
    jpeg_with_exif,
    judge,
    make_proposal,
    secretariat,
)

pytestmark = pytest.mark.django_db


def upload_image(world, *, name="foto-kantor-dukcapil-alpha.jpg"):
    return uploads.store_image(upload=SimpleUploadedFile(name, jpeg_with_exif(),
                                                        content_type="image/jpeg"),
                               title="Foto kantor", user=world["op_a1"])


@pytest.fixture
def draft_image(world):
    proposal = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    image = upload_image(world)
    services.add_gallery_image(innovation=proposal, user=world["op_a1"], image=image)
    image.proposal = proposal
    return image


def body(response):
    return b"".join(response.streaming_content)


def test_a_drafts_image_and_its_renditions_are_not_in_public_media(draft_image):
    rendition = draft_image.get_rendition("fill-320x200")
    for name, url in ((draft_image.file.name, draft_image.file.url),
                      (rendition.file.name, rendition.url)):
        assert url == f"/berkas-usulan/{name}"
        assert storages["private"].exists(name)
        assert not storages["media"].exists(name)


def test_a_drafts_image_is_served_only_to_its_unit_agency_and_the_secretariat(
        client, world, draft_image):
    rendition = draft_image.get_rendition("fill-320x200")
    for url in (draft_image.file.url, rendition.url):
        assert client.get(url).status_code == 404  # anonymous
        for other in (world["op_a2"], world["op_b1"], world["admin_b"], judge("juri-luar")):
            client.force_login(other)
            assert client.get(url).status_code == 404, other
        for reader in (world["op_a1"], world["admin_a"], secretariat()):
            client.force_login(reader)
            response = client.get(url)
            assert response.status_code == 200, reader
            assert response["Cache-Control"] == "private, max-age=3600"
            assert body(response)[:2] == b"\xff\xd8"  # a JPEG
        client.logout()


def test_the_workspace_links_the_private_url(client, world, draft_image):
    client.force_login(world["op_a1"])
    response = client.get(f"/ruang-kerja/inovasi/{draft_image.proposal.pk}/berkas/")
    assert response.status_code == 200
    assert "/berkas-usulan/images/usulan-" in response.content.decode()
    assert "/media/images/" not in response.content.decode()


def _blind_entry(world, image):
    competition = CompetitionFactory(year=2033)
    round_ = RoundFactory(competition=competition, order=1, kind=RoundKind.DESK, blind=True)
    page = InnovationPageFactory(parent=world["index"], agency=world["agency_a"],
                                 unit=world["unit_a1"], slug="layanan-buta",
                                 gallery_images=[InnovationGalleryImage(image=image)])
    EntryFactory(competition=competition, innovation=page, revision=page.latest_revision)
    return round_


def test_an_entry_withheld_by_the_blind_rule_keeps_its_image_private(client, world):
    image = upload_image(world)
    _blind_entry(world, image)
    assert client.get(image.file.url).status_code == 404
    client.force_login(world["op_b1"])
    assert client.get(image.file.url).status_code == 404
    client.force_login(world["op_a1"])
    assert client.get(image.file.url).status_code == 200


def test_a_public_profiles_image_moves_to_public_media(
        client, world, django_capture_on_commit_callbacks):
    image = upload_image(world)
    round_ = _blind_entry(world, image)
    private_name = image.file.name
    rendition = image.get_rendition("fill-320x200")
    RoundResult.objects.create(round=round_, checksum="0" * 64, published=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(rendition.url)

    image.refresh_from_db()
    public_rendition = image.get_rendition("fill-320x200")
    assert response.status_code == 302
    assert response["Location"] == public_rendition.url
    assert public_rendition.url.startswith("/media/images/")
    assert image.file.url == f"/media/{image.file.name}"
    assert storages["media"].exists(image.file.name)
    assert not storages["private"].exists(private_name)
    # A page cached before the move still finds the image (a rendition: the original).
    for old_url in (f"/berkas-usulan/{private_name}", rendition.url):
        moved = client.get(old_url)
        assert moved.status_code == 302
        assert moved["Location"] == image.file.url


def test_moving_an_image_twice_changes_nothing(world):
    image = upload_image(world)
    moved = uploads.make_image_public(image=image)
    assert uploads.make_image_public(image=moved).file.name == moved.file.name


def test_an_editors_image_stays_ordinary_media(client, db):
    Image = get_image_model()
    image = Image(title="Foto berita",
                  file=ImageFile(io.BytesIO(jpeg_with_exif()), name="berita.jpg"))
    image.save()
    assert image.file.url == f"/media/{image.file.name}"
    assert image.get_rendition("fill-320x200").url.startswith("/media/images/")
    assert client.get(f"/berkas-usulan/{image.file.name}").status_code == 404
