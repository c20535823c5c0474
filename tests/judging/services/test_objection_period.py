"""The objection period is part of a tier's definition: a Top 99 is published only after
a finished period of at least the round's minimum (5 days by default), on every path."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from judging.models import ObjectionStatus, ObjectionWindow
from judging.services import publish_result
from judging.services.objections import (
    announce_provisional,
    decide_objection,
    file_objection,
)
from tests.factories import (
    CompetitionFactory,
    awarded_entries,
    competition_pages,
    innovation_index,
    make_result,
    secretariat,
)

pytestmark = pytest.mark.django_db

REASON = "Inovasi ini belum berjalan dua tahun menurut dokumen anggaran daerah yang kami baca."


@pytest.fixture
def staff():
    return secretariat()


@pytest.fixture
def entries(home_page):
    competition = CompetitionFactory(year=2027, name="KIPP 2027")
    competition_pages(home_page, competition)
    return awarded_entries(competition, 3, index=innovation_index(home_page))


@pytest.fixture
def result(entries):
    return make_result(entries[0].competition, entries, published=False)


def test_top99_requires_an_objection_period_by_default(result):
    assert result.round.requires_objection_period is None
    assert result.round.objection_period_required is True
    result.round.tier = "top45"
    assert result.round.objection_period_required is False


def test_dashboard_publish_of_a_top99_without_a_period_is_refused(client, result, staff):
    client.force_login(staff)

    response = client.post(reverse("judging_admin:round_publish", args=[result.round_id]),
                           follow=True)

    result.refresh_from_db()
    assert result.published is False
    # "Top 99 needs an objection period before its final list is published: …"
    assert "memerlukan masa sanggah sebelum daftar akhirnya diterbitkan" in \
        response.content.decode()


def test_a_five_minute_window_is_refused(result, staff):
    now = timezone.now()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        announce_provisional(result=result, user=staff, opens_at=now,
                             closes_at=now + datetime.timedelta(minutes=5))
    assert error.value.messages == ["The objection period must last at least 5 days."]
    assert not ObjectionWindow.objects.exists()

    # A window shortened behind the service's back still blocks publishing.
    ObjectionWindow.objects.create(result=result, announced_by=staff,
                                   opens_at=now - datetime.timedelta(minutes=10),
                                   closes_at=now - datetime.timedelta(minutes=5))
    with translation.override("en"), pytest.raises(ValidationError) as error:
        publish_result(result=result, user=staff)
    assert error.value.messages == ["The objection period must last at least 5 days."]


def test_the_minimum_is_a_round_setting(result, staff):
    result.round.min_objection_days = 7
    result.round.save()
    now = timezone.now()
    with pytest.raises(ValidationError):
        announce_provisional(result=result, user=staff, opens_at=now,
                             closes_at=now + datetime.timedelta(days=6))
    assert announce_provisional(result=result, user=staff, opens_at=now,
                                closes_at=now + datetime.timedelta(days=7)) is not None


def test_a_closed_five_day_window_with_decided_objections_publishes(result, entries, staff):
    now = timezone.now()
    window = announce_provisional(result=result, user=staff,
                                  opens_at=now - datetime.timedelta(days=1),
                                  closes_at=now + datetime.timedelta(days=4))
    objection = file_objection(result=result, entry=entries[0], name="Budi",
                               email="budi@example.org", reason=REASON, ip="203.0.113.9")
    with pytest.raises(ValidationError):
        publish_result(result=result, user=staff)  # still open
    decide_objection(objection=objection, user=staff, status=ObjectionStatus.REJECTED,
                     note="Dokumen menunjukkan inovasi berjalan sejak 2022.")
    ObjectionWindow.objects.filter(pk=window.pk).update(
        opens_at=now - datetime.timedelta(days=5, minutes=1),
        closes_at=now - datetime.timedelta(minutes=1))

    published = publish_result(result=result, user=staff)

    assert published.published is True
