"""The entry lifecycle (judging/services/entries.py): the transitions table; submit,
forward and return from the workspace; withdrawal and its effect on rounds.

Rule messages are checked in English under translation.override("en")."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageLogEntry

from innovations import audit, services
from innovations.models import InnovationPage
from innovations.services import ProposalRuleError
from judging.models import Entry, EntryEvent, EntryStatus, Round, RoundKind, RoundStatus
from judging.services import entries as lifecycle
from judging.services import round_entries
from tests.factories import make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(world):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    return lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                     competition=world["competition"])


def test_every_status_is_reached_by_one_transition():
    reached = {target for _sources, target in lifecycle.TRANSITIONS.values()}
    assert reached == set(EntryStatus.values)
    assert lifecycle.can("forward", EntryStatus.SUBMITTED)
    assert not lifecycle.can("forward", EntryStatus.RETURNED)
    assert not lifecycle.can("withdraw", EntryStatus.IN_JUDGING)
    resubmittable = {EntryStatus.SUBMITTED, EntryStatus.RETURNED, EntryStatus.WITHDRAWN}
    assert resubmittable == lifecycle.RESUBMITTABLE


def test_forwarding_a_returned_entry_is_refused(world, entry):
    lifecycle.return_entry(entry=entry, user=world["admin_a"], note="Lengkapi data.")

    with translation.override("en"), pytest.raises(ProposalRuleError) as error:
        lifecycle.forward_entry(entry=entry, user=world["admin_a"])

    assert error.value.messages == [
        "This entry is no longer awaiting review (status: Returned for revision)."]


def test_unit_withdraws_before_the_desk_round_opens(world, entry):
    lifecycle.forward_entry(entry=entry, user=world["admin_a"])
    Round.objects.create(competition=world["competition"], order=1, kind=RoundKind.DESK,
                         name="Evaluasi", status=RoundStatus.DRAFT)

    lifecycle.withdraw_entry(entry=entry, user=world["op_a1"], note="Belum siap.")

    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN
    assert list(EntryEvent.objects.filter(entry=entry).values_list("status", "note"))[-1] == (
        EntryStatus.WITHDRAWN, "Belum siap.")
    assert PageLogEntry.objects.filter(page=entry.innovation,
                                       action=audit.ENTRY_WITHDRAW).count() == 1
    desk = Round.objects.get(competition=world["competition"])
    assert not round_entries(desk).filter(pk=entry.pk).exists()


def test_withdrawal_is_refused_once_the_desk_round_opened(world, entry):
    lifecycle.forward_entry(entry=entry, user=world["admin_a"])
    Round.objects.create(competition=world["competition"], order=1, kind=RoundKind.DESK,
                         name="Evaluasi", status=RoundStatus.OPEN)

    with translation.override("en"), pytest.raises(ProposalRuleError) as error:
        lifecycle.withdraw_entry(entry=entry, user=world["op_a1"])

    assert "has started; entries can no longer be withdrawn" in error.value.messages[0]
    entry.refresh_from_db()
    assert entry.status == EntryStatus.FORWARDED


def test_another_units_operator_cannot_withdraw(world, entry):
    with pytest.raises(PermissionDenied):
        lifecycle.withdraw_entry(entry=entry, user=world["op_b1"])
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_a_withdrawn_entry_can_be_submitted_again(world, entry):
    lifecycle.withdraw_entry(entry=entry, user=world["op_a1"])

    again = lifecycle.submit_proposal(innovation=entry.innovation, user=world["op_a1"],
                                      competition=world["competition"])

    assert again.pk == entry.pk
    assert again.status == EntryStatus.SUBMITTED


def test_workspace_offers_withdrawal_and_withdraws(client, world, entry):
    client.force_login(world["op_a1"])
    url = reverse("workspace:proposal", args=[entry.innovation_id])
    withdraw_url = reverse("workspace:withdraw", args=[entry.innovation_id, entry.pk])

    assert withdraw_url in client.get(url).content.decode()
    response = client.post(withdraw_url, follow=True)

    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN
    assert "Entri ditarik dari" in response.content.decode()
    assert withdraw_url not in response.content.decode()


def test_workspace_withdraw_is_post_only_and_for_the_unit(client, world, entry):
    withdraw_url = reverse("workspace:withdraw", args=[entry.innovation_id, entry.pk])
    client.force_login(world["op_a1"])
    assert client.get(withdraw_url).status_code == 405
    client.force_login(world["op_b1"])
    assert client.post(withdraw_url).status_code == 404
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


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


def test_return_note_of_2mb_is_refused(world, entry):
    huge = "x" * (2 * 1024 * 1024)

    with translation.override("en"), pytest.raises(ProposalRuleError) as error:
        lifecycle.return_entry(entry=entry, user=world["admin_a"], note=huge)

    assert f"Use at most 5000 characters (this has {len(huge)})." in str(error.value)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    assert not EntryEvent.objects.filter(entry=entry, note=huge).exists()


def test_the_edition_is_chosen_among_the_open_ones(world):
    from django.utils import timezone

    from tests.factories import CompetitionFactory

    first = world["competition"]
    second = CompetitionFactory(year=first.year + 1, open=True,
                                submission_deadline=timezone.now() + datetime.timedelta(days=30))
    closed = CompetitionFactory(year=first.year - 1)
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    editions = lifecycle.open_competitions()

    assert editions == [first, second]
    assert lifecycle.choose_competition(open_editions=editions, innovation=page) == first
    assert lifecycle.choose_competition(open_editions=editions, key=str(second.pk)) == second
    assert lifecycle.choose_competition(open_editions=editions, key=closed.pk) is None
    assert lifecycle.choose_competition(open_editions=editions, key="x") is None
    lifecycle.submit_proposal(innovation=page, user=world["op_a1"], competition=second)
    assert lifecycle.choose_competition(open_editions=editions, innovation=page) == second


@override_settings(WAGTAILADMIN_BASE_URL="https://inovasi.example.go.id")
def test_status_e_mails_link_to_the_sites_real_address(world, django_capture_on_commit_callbacks):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    with django_capture_on_commit_callbacks(execute=True):
        entry = lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                         competition=world["competition"])
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.return_entry(entry=entry, user=world["admin_a"], note="Lengkapi data.")

    submitted, returned = mail.outbox
    assert "https://inovasi.example.go.id/ruang-kerja/" in submitted.body
    assert "127.0.0.1" not in submitted.body + returned.body
    assert "https://inovasi.example.go.id/ruang-kerja/" in returned.body
