"""The entry lifecycle: the transitions table, withdrawal and its effect on rounds."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageLogEntry

from innovations import audit
from innovations.services import ProposalRuleError
from judging.models import EntryEvent, EntryStatus, Round, RoundKind, RoundStatus
from judging.services import entries as lifecycle
from judging.services import round_entries
from tests.innovations.workspace_factories import (  # noqa: F401
    index_page,
    make_proposal,
    world,
)

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
    assert lifecycle.RESUBMITTABLE == {EntryStatus.SUBMITTED, EntryStatus.RETURNED,
                                       EntryStatus.WITHDRAWN}


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


def test_return_note_of_2mb_is_refused(world, entry):
    huge = "x" * (2 * 1024 * 1024)

    with translation.override("en"), pytest.raises(ProposalRuleError) as error:
        lifecycle.return_entry(entry=entry, user=world["admin_a"], note=huge)

    assert f"Use at most 5000 characters (this has {len(huge)})." in str(error.value)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    assert not EntryEvent.objects.filter(entry=entry, note=huge).exists()
