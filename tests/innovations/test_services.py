"""The proposal workflow services: create, save, submit, forward, return.

Rule messages are checked in English under translation.override("en"): services speak the
active language (Indonesian by default), and these tests are about the rules, not the
catalogue.
"""

# Fixtures are imported from workspace_factories; pytest injects them as arguments.
# ruff: noqa: F811

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import translation
from wagtail.models import PageLogEntry

from innovations import audit, services
from innovations.models import InnovationPage
from judging.models import Entry, EntryEvent, EntryStatus
from judging.services import entries as lifecycle
from tests.innovations.workspace_factories import (  # noqa: F401
    complete_data,
    index_page,
    make_proposal,
    words,
    world,
)

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


def test_full_flow_submit_forward_publishes_and_notifies(world, django_capture_on_commit_callbacks):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"], summary="Versi kirim")

    with django_capture_on_commit_callbacks(execute=True):
        entry = lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                         competition=world["competition"])
    assert entry.status == EntryStatus.SUBMITTED
    assert entry.revision.as_object().summary == "Versi kirim"
    assert [m.to for m in mail.outbox] == [[world["admin_a"].email]]

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.forward_entry(entry=entry, user=world["admin_a"])

    entry.refresh_from_db()
    page = InnovationPage.objects.get(pk=page.pk)
    assert entry.status == EntryStatus.FORWARDED
    assert entry.forwarded_at is not None
    assert page.live is True
    assert page.live_revision_id == entry.revision_id
    assert list(EntryEvent.objects.filter(entry=entry).values_list("status", flat=True)) == [
        EntryStatus.SUBMITTED, EntryStatus.FORWARDED]
    assert [m.to for m in mail.outbox[1:]] == [[world["op_a1"].email]]
    assert set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True)) >= {
        audit.PROPOSAL_CREATE, audit.PROPOSAL_SUBMIT, audit.ENTRY_FORWARD, "wagtail.publish"}


def test_return_with_note_then_resubmit_reuses_the_entry(world, django_capture_on_commit_callbacks):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    entry = lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                     competition=world["competition"])
    first_revision = entry.revision_id

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.return_entry(entry=entry, user=world["admin_a"], note="Lengkapi data SKM.")
    assert mail.outbox[-1].to == [world["op_a1"].email]
    assert "Lengkapi data SKM." in mail.outbox[-1].body

    services.save_proposal(innovation=page, user=world["op_a1"], data={"summary": "Diperbaiki"})
    again = lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                     competition=world["competition"])

    assert again.pk == entry.pk
    assert Entry.objects.count() == 1
    assert again.revision_id != first_revision
    assert again.revision.as_object().summary == "Diperbaiki"
    assert list(EntryEvent.objects.filter(entry=entry).values_list("status", "note")) == [
        ("submitted", ""), ("returned", "Lengkapi data SKM."), ("submitted", "")]
    assert PageLogEntry.objects.filter(page=page, action=audit.ENTRY_RETURN).count() == 1


def test_return_needs_a_note(world):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    entry = lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                     competition=world["competition"])

    with pytest.raises(services.ProposalRuleError):
        lifecycle.return_entry(entry=entry, user=world["admin_a"], note="   ")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_other_agency_admin_cannot_forward(world):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    entry = lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                     competition=world["competition"])

    with pytest.raises(PermissionDenied):
        lifecycle.forward_entry(entry=entry, user=world["admin_b"])


def test_frozen_revision_does_not_change_when_the_unit_edits(world):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"], summary="Dikirim")
    entry = lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                     competition=world["competition"])

    services.save_proposal(innovation=page, user=world["op_a1"], data={"summary": "Sesudah"})
    lifecycle.forward_entry(entry=entry, user=world["admin_a"])

    entry.refresh_from_db()
    page = InnovationPage.objects.get(pk=page.pk)
    assert entry.revision.as_object().summary == "Dikirim"
    assert page.summary == "Dikirim"  # the public sees what was forwarded
    assert page.get_latest_revision_as_object().summary == "Sesudah"


def test_forwarded_entry_cannot_be_resubmitted(world):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    entry = lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                     competition=world["competition"])
    lifecycle.forward_entry(entry=entry, user=world["admin_a"])

    with pytest.raises(services.ProposalRuleError):
        lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                 competition=world["competition"])


def test_submit_rule_errors_list_every_problem(world):
    page = services.create_proposal(unit=world["unit_a1"], user=world["op_a1"], title="Kosong")

    with translation.override("en"), pytest.raises(services.ProposalRuleError) as error:
        lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                 competition=world["competition"])

    assert error.value.messages[0] == (
        "Give the date the innovation started; it must have run for at least 2 years.")
    assert "Choose a category." in error.value.messages
    assert "The section “Summary” is required." in error.value.messages
    assert Entry.objects.count() == 0


def test_submit_deadline_just_before_and_just_after(world):
    competition = world["competition"]
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    after = competition.submission_deadline + datetime.timedelta(seconds=1)

    with translation.override("en"), pytest.raises(services.ProposalRuleError) as error:
        lifecycle.submit_proposal(innovation=page, user=world["op_a1"], competition=competition,
                                 at=after)
    assert "has passed" in error.value.messages[0]

    entry = lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                     competition=competition,
                                     at=competition.submission_deadline)
    assert entry.submitted_at == competition.submission_deadline


def test_per_agency_group_limit_counts_across_units(world):
    competition = world["competition"]
    competition.max_general_per_agency = 1
    competition.save()
    first = make_proposal(unit=world["unit_a1"], user=world["op_a1"], title="Satu")
    lifecycle.submit_proposal(innovation=first, user=world["op_a1"], competition=competition)
    second = make_proposal(unit=world["unit_a2"], user=world["op_a2"], title="Dua")
    other_agency = make_proposal(unit=world["unit_b1"], user=world["op_b1"], title="Tiga")

    with translation.override("en"), pytest.raises(services.ProposalRuleError) as error:
        lifecycle.submit_proposal(innovation=second, user=world["op_a2"], competition=competition)
    lifecycle.submit_proposal(innovation=other_agency, user=world["op_b1"],
                             competition=competition)

    assert error.value.messages == [
        "Your agency has already entered 1 proposals in the General group; the limit is 1."]


def test_unique_title_per_agency(world):
    competition = world["competition"]
    first = make_proposal(unit=world["unit_a1"], user=world["op_a1"], title="Mal Pelayanan")
    lifecycle.submit_proposal(innovation=first, user=world["op_a1"], competition=competition)
    same = make_proposal(unit=world["unit_a2"], user=world["op_a2"], title="mal pelayanan")
    other_agency = make_proposal(unit=world["unit_b1"], user=world["op_b1"], title="Mal Pelayanan")

    with translation.override("en"), pytest.raises(services.ProposalRuleError) as error:
        lifecycle.submit_proposal(innovation=same, user=world["op_a2"], competition=competition)
    entry = lifecycle.submit_proposal(innovation=other_agency, user=world["op_b1"],
                                     competition=competition)

    assert len(error.value.messages) == 1
    assert "already entered a proposal with this title" in error.value.messages[0]
    assert entry.status == EntryStatus.SUBMITTED
