"""The secretariat keeps agency aliases in the admin: the archive import then finds the
agency under the new spelling; another agency's name is refused (merge instead)."""

import pytest
from django.urls import reverse

from innovations.agency_names import agency_key
from innovations.models import AgencyAlias
from tests.factories import AgencyFactory, secretariat
from tests.factories.judging import judge
from tests.judging.helpers import assert_denied

pytestmark = pytest.mark.django_db
ADD = "wagtailsnippets_innovations_agencyalias:add"


def test_the_secretariat_adds_an_alias_with_its_normalised_key(client):
    surabaya = AgencyFactory(name="Pemerintah Kota Surabaya")
    client.force_login(secretariat())

    assert client.get(reverse("wagtailsnippets_innovations_agencyalias:list")).status_code == 200
    response = client.post(reverse(ADD), {"agency": surabaya.pk, "alias": "  Pemkot   Surabaya "})

    assert response.status_code == 302
    alias = AgencyAlias.objects.get()
    assert (alias.agency, alias.alias) == (surabaya, "Pemkot Surabaya")
    assert alias.key == agency_key(name="Pemkot Surabaya")


def test_another_agencys_name_is_refused_and_the_form_keeps_it(client):
    surabaya = AgencyFactory(name="Pemerintah Kota Surabaya")
    AgencyFactory(name="Pemerintah Kota Malang")
    client.force_login(secretariat())

    response = client.post(reverse(ADD), {"agency": surabaya.pk,
                                          "alias": "Pemerintah Kota Malang"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "adalah nama instansi lain" in html  # "is the name of another agency"
    assert 'value="Pemerintah Kota Malang"' in html
    assert not AgencyAlias.objects.exists()


def test_judges_cannot_reach_the_aliases(client):
    client.force_login(judge("juri-alias"))

    response = client.get(reverse("wagtailsnippets_innovations_agencyalias:list"))

    assert_denied(response)
