"""The whole journey through the workspace as a person would click it, and uploads."""


import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from innovations.models import InnovationPage
from judging.models import Entry, EntryStatus
from tests.factories import complete_data, make_proposal

pytestmark = pytest.mark.django_db


def png_upload(name="foto.png", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 93, 75)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_create_upload_save_submit_forward_publishes(
        client, world, django_capture_on_commit_callbacks):
    client.force_login(world["op_a1"])
    client.post(reverse("workspace:create"), {"title": "Jemput Bola KTP", "group": "umum"})
    page = InnovationPage.objects.get(title="Jemput Bola KTP")
    data = complete_data()
    profile = {"title": "Jemput Bola KTP", "category": data["category"].pk, "group": "umum",
               "started_on": data["started_on"].isoformat(), "video_url": ""}
    assert client.post(reverse("workspace:edit", args=[page.pk, "profil"]),
                       profile).status_code == 302
    for slug, keys in [("ringkasan", ["summary", "background"]),
                       ("inovasi", ["novelty", "implementation"]),
                       ("dampak", ["significance", "adaptability", "sdg_contribution"]),
                       ("keberlanjutan", ["resources", "sustainability"])]:
        response = client.post(reverse("workspace:edit", args=[page.pk, slug]),
                               {key: data[key] for key in keys})
        assert response.status_code == 302, slug
    response = client.post(reverse("workspace:files", args=[page.pk]),
                           {"upload_image": "1", "image": png_upload(), "caption": "Petugas"})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workspace:submit", args=[page.pk]))
    assert response.status_code == 302
    entry = Entry.objects.get(innovation=page)
    assert mail.outbox[-1].to == [world["admin_a"].email]

    client.force_login(world["admin_a"])
    assert "Jemput Bola KTP" in client.get(reverse("workspace:dashboard")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workspace:forward", args=[entry.pk]), {"confirm": "yes"})

    entry.refresh_from_db()
    page = InnovationPage.objects.get(pk=page.pk)
    assert entry.status == EntryStatus.FORWARDED
    assert page.live is True
    assert [item.caption for item in page.gallery_images.all()] == ["Petugas"]
    assert mail.outbox[-1].to == [world["op_a1"].email]
    client.logout()
    public = client.get(page.url)
    assert public.status_code == 200
    assert "Jemput Bola KTP" in public.content.decode()


def test_text_file_named_png_is_rejected(client, world):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    client.force_login(world["op_a1"])
    fake = SimpleUploadedFile("foto.png", b"just some text, not an image",
                              content_type="image/png")

    response = client.post(reverse("workspace:files", args=[page.pk]),
                           {"upload_image": "1", "image": fake})

    assert response.status_code == 422
    assert "“foto.png” bukan gambar JPEG, PNG, atau WebP." in response.content.decode()
    assert page.get_latest_revision_as_object().gallery_images.count() == 0


def test_image_over_5_mb_is_rejected(client, world):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    client.force_login(world["op_a1"])
    big = SimpleUploadedFile("besar.png", png_upload().read() + b"\0" * (5 * 1024 * 1024),
                             content_type="image/png")

    response = client.post(f"/en/ruang-kerja/inovasi/{page.pk}/berkas/",
                           {"upload_image": "1", "image": big})

    assert response.status_code == 422
    assert "“besar.png” is 5.0\xa0MB; the limit is 5.0\xa0MB." in response.content.decode()


def test_pdf_checked_by_magic_bytes_and_removable(client, world):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    client.force_login(world["op_a1"])
    url = reverse("workspace:files", args=[page.pk])
    not_pdf = SimpleUploadedFile("laporan.pdf", b"PK\x03\x04 a zip file")
    pdf = SimpleUploadedFile("laporan.pdf", b"%PDF-1.4\n%%EOF\n")

    rejected = client.post(url, {"upload_document": "1", "document": not_pdf})
    accepted = client.post(url, {"upload_document": "1", "document": pdf, "title": "SK"})

    assert rejected.status_code == 422
    assert "“laporan.pdf” bukan berkas PDF." in rejected.content.decode()
    assert accepted.status_code == 302
    documents = list(InnovationPage.objects.get(pk=page.pk).documents.all())
    assert [d.title for d in documents] == ["SK"]
    client.post(reverse("workspace:remove_document", args=[page.pk, documents[0].document_id]))
    assert InnovationPage.objects.get(pk=page.pk).documents.count() == 0


def test_preview_renders_the_latest_draft_and_is_not_public(client, world):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"], summary="Pratinjau draf")
    client.force_login(world["op_a1"])

    response = client.get(reverse("workspace:preview", args=[page.pk]))

    assert response.status_code == 200
    assert "Pratinjau draf" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"
    client.logout()
    assert client.get(f"/inovasi/{page.slug}/").status_code == 404
