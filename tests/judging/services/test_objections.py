"""The objection period (masa sanggah) in the services: window rules, the final-publish
guard, announcing the provisional list and deciding objections."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from judging.models import Objection, ObjectionStatus, RoundStatus
from judging.services import publish_result
from judging.services.objections import (
    announce_provisional,
    decide_objection,
    file_objection,
    hash_ip,
)
from tests.factories import awarded_entries, judge
from tests.judging.helpers import REASON, file

pytestmark = pytest.mark.usefixtures("clear_cache", "english")


# --- window rules


def test_objection_just_before_opening_and_just_after_closing_is_rejected(
        objection_window, provisional_entries):
    before = objection_window.opens_at - datetime.timedelta(seconds=1)
    after = objection_window.closes_at + datetime.timedelta(seconds=1)

    with pytest.raises(ValidationError) as early:
        file(objection_window.result, provisional_entries[0], at=before)
    with pytest.raises(ValidationError) as late:
        file(objection_window.result, provisional_entries[0], at=after)
    inside = file(objection_window.result, provisional_entries[0], at=objection_window.opens_at)

    assert early.value.messages == ["The objection period has not started yet."]
    assert late.value.messages == ["The objection period has closed."]
    assert list(Objection.objects.values_list("pk", flat=True)) == [inside.pk]


def test_objection_without_announced_window_is_rejected(provisional_result, provisional_entries):
    with pytest.raises(ValidationError):
        file(provisional_result, provisional_entries[0])
    assert Objection.objects.count() == 0


def test_entry_must_be_on_the_provisional_list(objection_window, objection_edition, index):
    stranger = awarded_entries(objection_edition, 1, index=index)[0]

    with pytest.raises(ValidationError) as error:
        file(objection_window.result, stranger)

    assert error.value.message_dict == {
        "entry": ["Choose an innovation from this provisional list."]}
    assert Objection.objects.count() == 0


def test_ip_is_stored_only_as_a_keyed_hash(objection_window, provisional_entries):
    objection = file(objection_window.result, provisional_entries[0], ip="203.0.113.9")

    assert objection.ip_hash == hash_ip("203.0.113.9")
    assert "203.0.113.9" not in objection.ip_hash
    assert len(objection.ip_hash) == 64


# --- final publication


def test_final_publish_is_refused_while_the_window_is_open(objection_window, staff):
    with pytest.raises(ValidationError) as error:
        publish_result(result=objection_window.result, user=staff)

    objection_window.result.refresh_from_db()
    assert objection_window.result.published is False
    assert error.value.messages[0].startswith("The objection period is still open until")


def test_every_publish_path_is_refused_while_the_window_is_open(objection_window, staff):
    with pytest.raises(ValidationError):
        publish_result(result=objection_window.result, user=staff)

    objection_window.result.refresh_from_db()
    assert objection_window.result.published is False


def test_final_publish_after_window_with_undecided_objection_is_refused(
        objection_window, staff, provisional_entries):
    file(objection_window.result, provisional_entries[0])
    objection_window.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    objection_window.opens_at = objection_window.closes_at - datetime.timedelta(days=5)
    objection_window.save()

    with pytest.raises(ValidationError) as error:
        publish_result(result=objection_window.result, user=staff)

    assert error.value.messages == ["1 objection(s) are not decided yet."]


def test_final_publish_after_window_hides_provisional_page(client, objection_window, staff):
    objection_window.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    objection_window.opens_at = objection_window.closes_at - datetime.timedelta(days=5)
    objection_window.save()

    publish_result(result=objection_window.result, user=staff)

    assert client.get("/kompetisi/2026/top-99/").status_code == 200
    assert client.get("/kompetisi/2026/top-99/sementara/").status_code == 404


def test_announce_refuses_unfinalised_round_and_bad_window(provisional_result, staff):
    now = timezone.now()
    with pytest.raises(ValidationError):
        announce_provisional(result=provisional_result, user=staff, opens_at=now, closes_at=now)
    provisional_result.round.status = RoundStatus.CLOSED
    provisional_result.round.save()
    with pytest.raises(ValidationError):
        announce_provisional(result=provisional_result, user=staff, opens_at=now,
                             closes_at=now + datetime.timedelta(days=1))


def test_announce_requires_secretariat(provisional_result, db):
    from django.core.exceptions import PermissionDenied

    now = timezone.now()
    with pytest.raises(PermissionDenied):
        announce_provisional(result=provisional_result, user=judge("juri9"), opens_at=now,
                             closes_at=now + datetime.timedelta(days=1))


# --- decisions


def test_decide_sends_outcome_and_writes_audit_log(objection_window, staff, provisional_entries,
                                                   django_capture_on_commit_callbacks):
    objection = file(objection_window.result, provisional_entries[0])

    with django_capture_on_commit_callbacks(execute=True):
        decide_objection(objection=objection, user=staff, status=ObjectionStatus.REJECTED,
                         note="Layanan masih berjalan.")

    objection.refresh_from_db()
    assert (objection.status, objection.decided_by) == (ObjectionStatus.REJECTED, staff)
    assert [m.to for m in mail.outbox] == [["budi@example.org"]]
    assert "Layanan masih berjalan." in mail.outbox[0].body
    assert "rejected" in mail.outbox[0].subject
    actions = list(ModelLogEntry.objects.for_instance(objection)
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["judging.objection_file", "judging.objection_decide"]


def test_decision_is_final_and_needs_a_note(objection_window, staff, provisional_entries):
    objection = file(objection_window.result, provisional_entries[0])
    with pytest.raises(ValidationError):
        decide_objection(objection=objection, user=staff, status=ObjectionStatus.UPHELD, note="")
    decide_objection(objection=objection, user=staff, status=ObjectionStatus.UPHELD, note="Ok.")
    with pytest.raises(ValidationError):
        decide_objection(objection=objection, user=staff, status=ObjectionStatus.REJECTED,
                         note="Berubah.")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD


# --- length limits

HUGE = "x" * (2 * 1024 * 1024)


@pytest.mark.parametrize("field", ["name", "reason"])
def test_service_refuses_2mb_name_or_reason(objection_window, provisional_entries, field):
    values = {"name": "Budi", "email": "budi@example.org", "reason": REASON}
    values[field] = HUGE

    with pytest.raises(ValidationError) as error:
        file_objection(result=objection_window.result, entry=provisional_entries[0],
                       ip="198.51.100.1", **values)

    assert error.value.message_dict[field] == [
        f"Use at most {5000 if field == 'reason' else 120} characters (this has {len(HUGE)})."]
    assert Objection.objects.count() == 0


def test_service_refuses_2mb_email_and_evidence(objection_window, provisional_entries):
    with pytest.raises(ValidationError) as error:
        file_objection(result=objection_window.result, entry=provisional_entries[0], name="Budi",
                       email=HUGE + "@example.org", reason=REASON,
                       evidence_url="https://example.org/" + HUGE, ip="198.51.100.1")

    assert set(error.value.message_dict) == {"email", "evidence_url"}
    assert Objection.objects.count() == 0


def test_decision_note_of_2mb_is_refused(objection_window, staff, provisional_entries):
    objection = file(objection_window.result, provisional_entries[0])

    with pytest.raises(ValidationError) as error:
        decide_objection(objection=objection, user=staff, status=ObjectionStatus.REJECTED,
                         note=HUGE)

    assert error.value.message_dict["note"] == [
        f"Use at most 5000 characters (this has {len(HUGE)})."]
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.RECEIVED
