"""Admin screens for agencies and reference data (snippets registered in wagtail_hooks.py)."""

import pytest
from django.contrib.auth import get_user_model

from innovations.models import AgencyType
from tests.factories import AgencyFactory, MembershipFactory, UserFactory


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
