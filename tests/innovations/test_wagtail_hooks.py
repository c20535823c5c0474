"""Admin screens for agencies and reference data (snippets registered in wagtail_hooks.py),
and the serving rule of proposal documents (before_serve_document)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents.models import Document

from innovations import services, uploads
from innovations.models import AgencyType
from judging.models import RoundResult
from tests.factories import (
    AgencyFactory,
    MembershipFactory,
    UnitFactory,
    UserFactory,
    agency_admin,
    blind_case,
    make_proposal,
    operator,
    pdf_with_author,
)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "pw-123456")


@pytest.mark.parametrize("model", ["agency", "unit", "membership", "category", "province",
                                   "sdg"])
def test_admin_listings_load_for_a_superuser(client, superuser, model):
    MembershipFactory()
    client.force_login(superuser)

    response = client.get(f"/admin/snippets/innovations/{model}/")

    assert response.status_code == 200


def test_admin_agency_listing_filters_and_exports(client, superuser):
    AgencyFactory(name="Pemerintah Kota Surabaya", slug="kota-surabaya")
    AgencyFactory(name="Kementerian Kesehatan", slug="kemenkes", agency_type=AgencyType.MINISTRY)
    client.force_login(superuser)

    filtered = client.get("/admin/snippets/innovations/agency/?agency_type=kementerian")
    exported = client.get("/admin/snippets/innovations/agency/?export=csv")

    assert "Kementerian Kesehatan" in filtered.content.decode()
    assert "Pemerintah Kota Surabaya" not in filtered.content.decode()
    assert exported.status_code == 200
    assert "Pemerintah Kota Surabaya" in b"".join(exported.streaming_content).decode()


def test_admin_listing_is_refused_to_a_non_staff_user(client, db):
    client.force_login(UserFactory())

    response = client.get("/admin/snippets/innovations/agency/")

    assert response.status_code == 302


# --- serving rules: private proposal documents, withheld profiles ------------------------

@pytest.fixture
def blind(index):
    return blind_case(index)


def _document_url(case):
    return case.document.url


@pytest.mark.django_db
def test_a_proposal_document_is_private_while_the_profile_is_not_public(client, blind):
    url = _document_url(blind)
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(blind.judge)  # judges read files through their score sheet only
    assert client.get(url).status_code == 404
    client.force_login(operator(UnitFactory(), username="op-lain"))
    assert client.get(url).status_code == 404
    client.force_login(operator(blind.page.unit, username="op-sama"))
    assert client.get(url).status_code == 200
    client.force_login(agency_admin(blind.page.agency, username="admin-rahasia"))
    assert client.get(url).status_code == 200
    client.force_login(blind.staff)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_proposal_document_is_public_with_its_profile(client, blind):
    RoundResult.objects.create(round=blind.round, checksum="0" * 64, published=True)
    response = client.get(_document_url(blind))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_a_draft_document_is_private(client, world):
    proposal = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    document = uploads.store_document(
        upload=SimpleUploadedFile("SK_Walikota_Alpha_2024.pdf", pdf_with_author(),
                                  content_type="application/pdf"),
        title="SK", user=world["op_a1"])
    services.add_document(innovation=proposal, user=world["op_a1"], document=document)
    assert "Alpha" not in document.url
    assert client.get(document.url).status_code == 404
    client.force_login(world["op_b1"])
    assert client.get(document.url).status_code == 404
    client.force_login(world["admin_a"])
    assert client.get(document.url).status_code == 200


@pytest.mark.django_db
def test_an_editors_document_stays_public(client, db):
    document = Document(title="Panduan")
    document.file.save("panduan.pdf", ContentFile(b"%PDF-1.4 panduan"), save=False)
    document.save()
    assert client.get(document.url).status_code == 200
