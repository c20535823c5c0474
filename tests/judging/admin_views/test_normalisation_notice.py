"""Auto-assignment warns when no judge would reach the normalisation minimum, and the
dashboard says when and why normalisation was off."""

import pytest
from django.urls import reverse

from judging.models import Assignment
from tests.judging.helpers import score_entry

pytestmark = pytest.mark.django_db


def test_auto_assignment_warns_then_assigns_on_confirmation(client, desk, staff, judges,
                                                             make_entries):
    make_entries(desk.competition, 3)  # 3 entries x 2 judges over 4 judges: 2 each at most
    client.force_login(staff)
    url = reverse("judging_admin:round_assign", args=[desk.pk])

    response = client.post(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Normalisasi akan dilewati" in html  # "Normalisation would be skipped"
    assert "tidak ada juri yang akan menilai lebih dari 2 entri" in html
    assert "4 juri dalam panel tahap ini" in html  # "the 4 judges of the round's panel"
    assert not Assignment.objects.filter(round=desk).exists()

    response = client.post(url, {"confirm": "1"}, follow=True)

    assert Assignment.objects.filter(round=desk).count() == 6
    assert "6 penugasan dibuat." in response.content.decode()


def test_no_warning_when_a_judge_reaches_the_minimum(client, desk, staff, judges,
                                                     make_entries):
    make_entries(desk.competition, 3)
    desk.min_scores_for_normalising = 1
    desk.save()
    client.force_login(staff)

    client.post(reverse("judging_admin:round_assign", args=[desk.pk]))

    assert Assignment.objects.filter(round=desk).count() == 6


def test_dashboard_says_why_normalisation_was_off(client, desk, staff, judges, make_entries):
    entries = make_entries(desk.competition, 3)
    client.force_login(staff)
    client.post(reverse("judging_admin:round_assign", args=[desk.pk]), {"confirm": "1"})
    for entry, value in zip(entries, (9, 7, 5), strict=True):
        score_entry(desk, entry, value)
    dashboard = reverse("judging_admin:round_dashboard", args=[desk.pk])

    html = client.get(dashboard).content.decode()

    assert "Normalisasi tidak diterapkan" in html  # "Normalisation was not applied"
    assert "Tidak ada juri yang memiliki sekurang-kurangnya 5 nilai terkirim" in html

    desk.normalise = False
    desk.save()
    html = client.get(dashboard).content.decode()
    assert "Normalisasi dimatikan" in html  # "Normalisation is off: …"
