"""The demo seed of the innovations app: idempotent, deterministic, a valid page tree."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page

from innovations.models import (
    Achievement,
    Agency,
    AgencyIndexPage,
    AgencyType,
    InnovationIndexPage,
    InnovationPage,
    Membership,
    Unit,
)


def counts():
    return {
        "pages": Page.objects.count(),
        "innovations": InnovationPage.objects.count(),
        "live": InnovationPage.objects.live().count(),
        "agencies": Agency.objects.count(),
        "units": Unit.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
        "achievements": Achievement.objects.count(),
    }


@pytest.mark.slow
def test_seed_is_idempotent_and_builds_a_valid_tree(client, db):
    call_command("seed_demo", innovations=20, stdout=io.StringIO())
    first = counts()

    call_command("seed_demo", innovations=20, stdout=io.StringIO())

    assert counts() == first
    assert first["innovations"] == 20
    assert first["agencies"] >= 30
    assert Agency.objects.exclude(province=None).values("province").distinct().count() >= 10
    assert set(Agency.objects.values_list("agency_type", flat=True)) == set(AgencyType.values)
    assert 0 < first["live"] < 20
    assert Page.find_problems() == ([], [], [], [], [])
    assert InnovationIndexPage.objects.count() == 2  # Indonesian and English
    assert AgencyIndexPage.objects.count() == 2
    User = get_user_model()
    operator = User.objects.get(username="operator1")
    assert operator.check_password("demo-portal-2026")
    assert operator.memberships.get().agency.slug == "kota-surabaya"
    assert User.objects.get(username="adminlokal1").memberships.get().role == "agency_admin"
    live = InnovationPage.objects.live().first()
    assert client.get(f"/inovasi/{live.slug}/").status_code == 200
    assert client.get(f"/en/inovasi/{live.slug}/").status_code == 200
    draft = InnovationPage.objects.filter(live=False).first()
    assert client.get(f"/inovasi/{draft.slug}/").status_code == 404
    listing = client.get("/inovasi/")
    assert listing.context["result_count"] == first["live"]
    word = live.title.split()[-1]
    searched = client.get(f"/inovasi/?q={word}")
    # Fewer than 20 live innovations: every match is on the first page (24 a page).
    assert live.title in [item.title for item in searched.context["page_obj"].object_list]


@pytest.mark.slow
def test_seed_is_deterministic_and_grows(db):
    call_command("seed_demo", innovations=5, stdout=io.StringIO())
    first_five = list(InnovationPage.objects.order_by("path").values_list("slug", "title"))

    call_command("seed_demo", innovations=8, stdout=io.StringIO())

    assert list(InnovationPage.objects.order_by("path").values_list("slug", "title"))[:5] == \
        first_five
    assert InnovationPage.objects.count() == 8
    assert Page.find_problems() == ([], [], [], [], [])
