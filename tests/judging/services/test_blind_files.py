"""The cleaned copies of a blind round's files (judging/services/blind_files.py): made
once, kept private, replaced with the file, never made of a file that cannot be read."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from judging.services import blind, blind_files
from portal.media import PRIVATE_MARKER
from tests.factories import blind_case
from tests.factories.blind import AUTHOR


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """A private storage of this test's own (the suite's lives as long as the run)."""
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path), "base_url": None}}}
    return storages["private"]


@pytest.fixture
def cleanings(monkeypatch):
    """What was cleaned, in order: "image" or "pdf" each time a file's bytes were."""
    calls = []
    strip_image, strip_pdf = blind.strip_image_metadata, blind.strip_pdf_metadata

    def image(data, **kwargs):
        calls.append("image")
        return strip_image(data, **kwargs)

    def pdf(data):
        calls.append("pdf")
        return strip_pdf(data)

    monkeypatch.setattr(blind, "strip_image_metadata", image)
    monkeypatch.setattr(blind, "strip_pdf_metadata", pdf)
    return calls


def two_pages(*, author):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": author})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def download(client, case, kind):
    response = client.get(reverse(f"judging_admin:proposal_{kind}", args=[case.assignment.pk, 1]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def copies(kind):
    private = storages["private"]
    folder = f"{blind_files.COPIES_DIR}/{kind}"
    return private.listdir(folder)[1] if private.exists(folder) else []


@pytest.mark.django_db
def test_a_judge_downloads_the_copy_cleaned_the_first_time(client, index, clear_cache,
                                                           cleanings):
    case = blind_case(index)
    client.force_login(case.judge)

    first = (download(client, case, "image"), download(client, case, "document"))
    assert cleanings == ["image", "pdf"]
    again = (download(client, case, "image"), download(client, case, "document"))

    assert cleanings == ["image", "pdf"]  # not cleaned again
    assert again == first
    assert PdfReader(io.BytesIO(again[1])).metadata is None


@pytest.mark.django_db
def test_the_copies_are_private_and_their_names_tell_nothing(client, index, clear_cache):
    case = blind_case(index)
    client.force_login(case.judge)
    download(client, case, "image")
    download(client, case, "document")

    images, documents = copies("images"), copies("documents")
    assert len(images) == 1
    assert len(documents) == 1
    for name in images + documents:
        assert name.startswith(PRIVATE_MARKER)
        assert "a1b2c3" not in name
        assert "d4e5f6" not in name
    assert not storages["media"].exists(blind_files.COPIES_DIR)


@pytest.mark.django_db
def test_a_replaced_document_gets_a_new_copy(client, index, clear_cache):
    case = blind_case(index)
    client.force_login(case.judge)
    before = download(client, case, "document")
    case.document.file.save("g7h8i9.pdf", ContentFile(two_pages(author="Penulis Lain")),
                            save=True)

    after = download(client, case, "document")

    assert len(PdfReader(io.BytesIO(before)).pages) == 1
    assert len(PdfReader(io.BytesIO(after)).pages) == 2  # the new file's, cleaned
    assert PdfReader(io.BytesIO(after)).metadata is None
    assert len(copies("documents")) == 2


@pytest.mark.django_db
def test_a_file_that_cannot_be_cleaned_leaves_no_copy(client, index, cleanings):
    case = blind_case(index)
    case.document.file.save("rusak.pdf", ContentFile(b"%PDF-1.4 rusak " * 10), save=True)
    client.force_login(case.judge)
    url = reverse("judging_admin:proposal_document", args=[case.assignment.pk, 1])

    assert client.get(url).status_code == 302
    assert client.get(url).status_code == 302
    assert cleanings == ["pdf", "pdf"]  # tried each time, never served
    assert copies("documents") == []


@pytest.mark.django_db
def test_the_secretariat_still_gets_the_original(client, index, clear_cache, cleanings):
    case = blind_case(index)
    client.force_login(case.staff)
    data = client.get(reverse("judging_admin:proposal_document",
                              args=[case.assignment.pk, 1]))
    assert AUTHOR.encode() in b"".join(data.streaming_content)
    assert cleanings == []
