"""Blind rounds: nothing that identifies the agency or unit reaches the judge."""

import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from innovations.models import InnovationDocument, InnovationGalleryImage, Province
from judging.admin_views.proposal import identity_terms, redactor
from tests.factories import (
    AgencyFactory,
    EntryFactory,
    InnovationPageFactory,
    UnitFactory,
    pdf_with_author,
)
from tests.judging.helpers import assign

pytestmark = pytest.mark.django_db

AGENCY = "Pemerintah Kabupaten Rahasiaku"
UNIT = "Dinas Penyamaran Terpadu"


@pytest.fixture
def blind_entry(desk, index, judges, staff):
    desk.blind = True
    desk.save()
    province = Province.objects.get(code="73")
    agency = AgencyFactory(name=AGENCY, slug="kabupaten-rahasiaku", province=province)
    unit = UnitFactory(agency=agency, name=UNIT)
    image = Image.objects.create(title="Foto Bupati Rahasiaku",
                                 file=get_test_image_file(filename="foto-rahasiaku.png"))
    document = Document.objects.create(
        title="Laporan Dinas Penyamaran Terpadu",
        file=ContentFile(pdf_with_author("Dinas Penyamaran Terpadu"),
                         name="laporan-rahasiaku.pdf"))
    page = InnovationPageFactory(
        parent=index, agency=agency, unit=unit, title="Inovasi Kabupaten Rahasiaku Melayani",
        summary=f"Inovasi {UNIT} di kabupaten Rahasiaku, {province.name}, untuk warga.",
        video_url="https://video.example.org/kabupaten-rahasiaku",
        gallery_images=[InnovationGalleryImage(image=image, caption="Kantor Dinas Penyamaran "
                                                                    "Terpadu")],
        documents=[InnovationDocument(document=document, title="Laporan Rahasiaku 2025")],
    )
    entry = EntryFactory(competition=desk.competition, innovation=page,
                         revision=page.latest_revision)
    assignment = assign(round=desk, entry=entry, judge=judges[0], staff=staff)
    return {"entry": entry, "assignment": assignment, "judge": judges[0], "province": province,
            "round": desk}


def leaks(html, province):
    # Wagtail's own static assets (the default avatar is a .png) are not the entry's
    # files; uploads are served from MEDIA_URL or under neutral names.
    lowered = re.sub(re.escape(settings.STATIC_URL.lower()) + r"[^\"'\s]*", "",
                     html.lower())
    return [word for word in ("rahasiaku", "penyamaran", province.name.lower(), ".png", ".pdf",
                              "video.example.org")
            if word in lowered]


def test_blind_round_hides_identity_in_the_list(client, blind_entry):
    client.force_login(blind_entry["judge"])

    html = client.get(reverse("judging_admin:my_assignments")).content.decode()

    assert f"#{blind_entry['entry'].pk}" in html
    assert "Inovasi [disembunyikan] Melayani" in html  # "[hidden]"
    assert leaks(html, blind_entry["province"]) == []


def test_blind_round_hides_identity_on_the_scoring_page(client, blind_entry):
    client.force_login(blind_entry["judge"])
    url = reverse("judging_admin:score_entry", args=[blind_entry["assignment"].pk])

    html = client.get(url).content.decode()

    assert "Inovasi [disembunyikan] Melayani" in html  # "[hidden]"
    assert "Gambar 1" in html  # "Image 1"
    assert "Dokumen 1" in html  # "Document 1"
    assert leaks(html, blind_entry["province"]) == []


def test_blind_round_serves_files_under_neutral_names(client, blind_entry):
    client.force_login(blind_entry["judge"])
    pk = blind_entry["assignment"].pk

    image = client.get(reverse("judging_admin:proposal_image", args=[pk, 1]))
    document = client.get(reverse("judging_admin:proposal_document", args=[pk, 1]))

    assert image.status_code == 200
    assert image["Content-Disposition"] == 'inline; filename="gambar-1.png"'
    assert document.status_code == 200
    assert document["Content-Disposition"] == 'attachment; filename="dokumen-1.pdf"'
    assert client.get(reverse("judging_admin:proposal_image", args=[pk, 2])).status_code == 404


def test_files_of_an_unassigned_entry_are_404(client, blind_entry, judges):
    client.force_login(judges[1])
    pk = blind_entry["assignment"].pk

    assert client.get(reverse("judging_admin:proposal_image", args=[pk, 1])).status_code == 404
    assert client.get(reverse("judging_admin:proposal_document",
                              args=[pk, 1])).status_code == 404


def test_open_round_shows_identity(client, blind_entry):
    blind_entry["round"].blind = False
    blind_entry["round"].save()
    client.force_login(blind_entry["judge"])
    url = reverse("judging_admin:score_entry", args=[blind_entry["assignment"].pk])

    html = client.get(url).content.decode()

    assert AGENCY in html
    assert UNIT in html
    assert "Laporan Rahasiaku 2025" in html


def test_identity_terms_cover_the_bare_place_name():
    terms = identity_terms(agency_name="Pemerintah Kota Batu", unit_name="Dinas Sosial",
                           province_name="Jawa Timur")

    assert terms == ["Pemerintah Kota Batu", "Dinas Sosial", "Jawa Timur", "Kota Batu", "Batu"]
    assert identity_terms(agency_name="Kementerian Kesehatan") == ["Kementerian Kesehatan"]
    assert redactor(["Kota Contoh", "Contoh"])("Warga kota contoh dan Contohnya") \
        == "Warga [disembunyikan] dan Contohnya"  # "[hidden]" in the default language
