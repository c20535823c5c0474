"""A forward after the screening round closed is refused with a message to the agency
admin (shown on the workspace review page); nothing changes."""

import pytest
from django.urls import reverse

from judging.models import EntryEvent, EntryStatus, RoundKind, RoundStatus
from judging.services import entries as lifecycle
from tests.factories import RoundFactory, make_proposal

pytestmark = pytest.mark.django_db

@pytest.mark.parametrize("status", [RoundStatus.CLOSED, RoundStatus.FINALISED])
def test_forward_after_screening_closed_is_refused_on_the_review_page(client, world, status):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    entry = lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                      competition=world["competition"])
    RoundFactory(competition=world["competition"], order=1, kind=RoundKind.SCREENING,
                 name="Seleksi Administrasi", status=status)
    client.force_login(world["admin_a"])

    response = client.post(reverse("workspace:forward", args=[entry.pk]), {"confirm": "yes"},
                           follow=True)

    html = response.content.decode()
    assert "Seleksi Administrasi" in html
    # "… is closed, so this entry can no longer be forwarded to the competition."
    assert "sudah ditutup sehingga entri ini tidak dapat lagi diteruskan ke kompetisi" in html
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    assert EntryEvent.objects.filter(entry=entry).count() == 1


def test_forward_while_screening_is_open_still_works(world):
    page = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    entry = lifecycle.submit_proposal(innovation=page, user=world["op_a1"],
                                      competition=world["competition"])
    RoundFactory(competition=world["competition"], order=1, kind=RoundKind.SCREENING)

    assert lifecycle.forward_entry(entry=entry, user=world["admin_a"]).status == \
        EntryStatus.FORWARDED
