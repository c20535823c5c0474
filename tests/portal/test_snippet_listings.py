"""Every snippet listing with related columns reads them with its rows
(portal/admin_listing.py): the same number of queries for 1 row as for 6. Before, the
agencies' provinces, the units' and memberships' agencies, the rounds' and rubrics'
competitions and the judges' accounts were one query per row (memberships: 89 queries
for 20 rows)."""

import itertools

import pytest
from django.contrib.auth import get_user_model

from innovations.models import AgencyAlias, Province, Role
from judging.models import Rubric, RubricKind
from tests.factories import CompetitionFactory, RoundFactory, judge
from tests.factories.innovations import AgencyFactory, MembershipFactory, UnitFactory
from tests.judging.helpers import count_queries

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def _province():
    return Province.objects.order_by("code")[next(_numbers) % 30]


def _alias():
    n = next(_numbers)
    AgencyAlias.objects.create(agency=AgencyFactory(province=_province()),
                               alias=f"Pemkot Contoh {n}", key=f"pemkot contoh {n}")


def _membership():
    MembershipFactory(unit=UnitFactory(agency=AgencyFactory(province=_province())),
                      role=Role.OPERATOR)


def _round():
    RoundFactory(competition=CompetitionFactory(year=2040 + next(_numbers)), order=1)


def _rubric():
    Rubric.objects.create(competition=CompetitionFactory(year=2080 + next(_numbers)),
                          name="Rubrik", kind=RubricKind.DESK)


def _judge():
    judge(f"juri-daftar-{next(_numbers)}", agency=AgencyFactory(province=_province()),
          province=_province())


LISTINGS = {
    "innovations/agency": lambda: AgencyFactory(province=_province()),
    "innovations/agencyalias": _alias,
    "innovations/unit": lambda: UnitFactory(agency=AgencyFactory(province=_province())),
    "innovations/membership": _membership,
    "judging/round": _round,
    "judging/rubric": _rubric,
    "judging/judgeprofile": _judge,
}


@pytest.mark.parametrize("listing", sorted(LISTINGS))
def test_snippet_listing_reads_related_columns_with_the_rows(client, listing):
    add = LISTINGS[listing]
    client.force_login(get_user_model().objects.create_superuser("super-daftar", "s@x.org", "x"))
    url = f"/admin/snippets/{listing}/"
    add()
    client.get(url)  # warm-up: per-process caches

    one = count_queries(lambda: client.get(url))
    for _ in range(5):
        add()
    response = client.get(url)
    six = count_queries(lambda: client.get(url))

    assert response.status_code == 200
    assert six == one


def test_the_judges_listing_names_each_judge_and_finds_them_by_name(client):
    client.force_login(get_user_model().objects.create_superuser("super-juri", "s@x.org", "x"))
    ratna = judge("juri-ratna")
    ratna.first_name, ratna.last_name = "Ratna", "Wulandari"
    ratna.save()
    judge("juri-bambang")

    listing = client.get("/admin/snippets/judging/judgeprofile/").content.decode()
    found = client.get("/admin/snippets/judging/judgeprofile/", {"q": "wulandari"})

    assert "Ratna Wulandari (juri-ratna)" in listing
    assert "juri-bambang" in listing  # no name: the account
    assert "Ratna Wulandari (juri-ratna)" in found.content.decode()
    assert "juri-bambang" not in found.content.decode()
