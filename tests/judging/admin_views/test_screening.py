"""The screening admin screen: decisions with reasons and the checklist."""

import pytest
from django.urls import reverse

from judging.models import EntryStatus, RoundKind, RoundStatus, ScreeningDecision
from tests.factories import RoundFactory

pytestmark = pytest.mark.django_db


def test_screening_decisions(client, competition, staff, make_entries):
    screening = RoundFactory(competition=competition, order=1, kind=RoundKind.SCREENING,
                             name="Seleksi Administrasi", status=RoundStatus.OPEN)
    entry = make_entries(competition, 1)[0]
    url = reverse("judging_admin:screening_decision", args=[screening.pk, entry.pk])
    client.force_login(staff)

    response = client.post(url, {"passed": "0", "reasons": "", "check-complete": "1"})

    assert response.status_code == 400
    # "Give the reasons the entry did not pass."
    assert "Berikan alasan entri tidak lulus." in response.content.decode()
    assert not ScreeningDecision.objects.exists()

    response = client.post(url, {"passed": "0", "reasons": "Inovasi belum berjalan 2 tahun.",
                                 "check-complete": "1"})

    assert response.status_code == 302
    decision = ScreeningDecision.objects.get()
    assert decision.passed is False
    assert decision.checklist == {"age": False, "complete": True, "unique_title": False,
                                  "within_limit": False}
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SCREENING_FAILED
    page = client.get(reverse("judging_admin:screening", args=[screening.pk]))
    # "1 of 1 entries decided."
    assert "1 dari 1 entri sudah diputuskan." in page.content.decode()
