"""The proposal services: create and save (submit, forward and return are the entry
lifecycle: tests/judging/services/test_entries.py).

Rule messages are checked in English under translation.override("en"): services speak the
active language (Indonesian by default), and these tests are about the rules, not the
catalogue.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from wagtail.models import PageLogEntry

from innovations import audit, services
from innovations.models import InnovationPage
from tests.factories import make_proposal, words

pytestmark = pytest.mark.django_db


def test_create_proposal_is_a_draft_child_of_the_index(world):
    page = services.create_proposal(unit=world["unit_a1"], user=world["op_a1"],
                                    title="Layanan Antar KTP")

    page = InnovationPage.objects.get(pk=page.pk)
    assert page.live is False
    assert page.get_parent().pk == world["index"].pk
    assert (page.agency_id, page.unit_id, page.slug) == (
        world["agency_a"].pk, world["unit_a1"].pk, "layanan-antar-ktp")
    assert page.year == world["competition"].year
    assert PageLogEntry.objects.filter(page=page, action=audit.PROPOSAL_CREATE).count() == 1


def test_create_proposal_for_another_unit_is_refused(world):
    with pytest.raises(PermissionDenied):
        services.create_proposal(unit=world["unit_b1"], user=world["op_a1"], title="X")


def test_same_title_twice_gets_a_unique_slug(world):
    first = services.create_proposal(unit=world["unit_a1"], user=world["op_a1"], title="Sama")
    second = services.create_proposal(unit=world["unit_a1"], user=world["op_a1"], title="Sama")

    assert (first.slug, second.slug) == ("sama", "sama-2")


def test_save_on_a_draft_writes_page_and_revision(world):
    page = services.create_proposal(unit=world["unit_a1"], user=world["op_a1"], title="Draf")
    revisions_before = page.revisions.count()

    services.save_proposal(innovation=page, user=world["op_a1"],
                           data={"summary": "Ringkasan baru", "sdgs": []})

    page = InnovationPage.objects.get(pk=page.pk)
    assert page.summary == "Ringkasan baru"
    assert page.revisions.count() == revisions_before + 1
    assert page.get_latest_revision_as_object().summary == "Ringkasan baru"


def test_save_on_a_live_page_keeps_the_public_version(world):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"], summary="Versi publik")
    page.get_latest_revision().publish()

    services.save_proposal(innovation=page, user=world["op_a1"], data={"summary": "Versi baru"})

    page = InnovationPage.objects.get(pk=page.pk)
    assert page.summary == "Versi publik"
    assert page.get_latest_revision_as_object().summary == "Versi baru"


def test_save_over_word_limit_keeps_the_draft_and_warns(world):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"], summary="Asli")

    with translation.override("en"):
        _proposal, warnings = services.save_proposal(
            innovation=page, user=world["op_a1"],
            data={"summary": words(201), "background": "Baru"})

    assert warnings == {"summary": "Summary has 201 words; the limit is 200 words."}
    latest = InnovationPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert (latest.summary, latest.background) == (words(201), "Baru")


def test_save_at_exactly_the_word_limit_is_accepted(world):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])

    services.save_proposal(innovation=page, user=world["op_a1"], data={"summary": words(200)})

    assert InnovationPage.objects.get(pk=page.pk).summary == words(200)


def test_save_by_other_unit_or_agency_admin_is_refused(world):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])

    for user in (world["op_a2"], world["admin_a"], world["op_b1"]):
        with pytest.raises(PermissionDenied):
            services.save_proposal(innovation=page, user=user, data={"summary": "x"})


def test_save_indicators_and_sdgs(world):
    from innovations.models import SDG

    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    goals = list(SDG.objects.filter(number__in=[3, 16]))

    services.save_proposal(innovation=page, user=world["op_a1"], data={
        "sdgs": goals,
        "indicators": [{"name": "Waktu layanan", "unit": "hari", "value_before": 14,
                        "value_after": 2}],
    })

    page = InnovationPage.objects.get(pk=page.pk)
    assert sorted(page.sdgs.values_list("number", flat=True)) == [3, 16]
    assert list(page.indicators.values_list("name", "unit")) == [("Waktu layanan", "hari")]


