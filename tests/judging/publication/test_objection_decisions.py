"""The public side of a decision on an upheld objection: the final list, the certificates
and the objection outcomes follow the snapshot the decision made."""

import datetime

import pytest
from django.utils import formats, timezone

from innovations.models import Achievement
from judging.models import EntryDecisionAction, Objection, ObjectionStatus
from judging.publication.certificates import awarded_row_for_code, certificate_code
from judging.services import publish_result
from judging.services.decisions import decide_entry
from judging.services.objections import announce_provisional, decide_objection
from tests.factories import make_result
from tests.judging.helpers import count_queries, file

pytestmark = pytest.mark.usefixtures("clear_cache", "english")

LIST_URL = "/kompetisi/2026/top-99/"
PROVISIONAL_URL = "/kompetisi/2026/top-99/sementara/"


def uphold(result, entry, staff, *, at=None):
    objection = file(result, entry, at=at)
    return decide_objection(objection=objection, user=staff, status=ObjectionStatus.UPHELD,
                            note="Terbukti.")


@pytest.fixture
def removal(provisional_result, provisional_entries, staff):
    """The first entry removed after an upheld objection; the final list published."""
    now = timezone.now()
    window = announce_provisional(result=provisional_result, user=staff,
                                  opens_at=now - datetime.timedelta(days=8),
                                  closes_at=now - datetime.timedelta(hours=1))
    objection = uphold(provisional_result, provisional_entries[0], staff,
                       at=window.opens_at + datetime.timedelta(hours=1))
    decision = decide_entry(objection=objection, user=staff,
                            action=EntryDecisionAction.REMOVE, note="Dikeluarkan.")
    publish_result(result=provisional_result, user=staff)
    return decision


def test_removed_entry_is_not_on_the_published_list_and_the_outcome_says_so(
        client, removal, provisional_entries):
    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert [row.entry_id for row in response.context["rows"]] == [
        e.pk for e in provisional_entries[1:]]
    html = response.content.decode()
    assert provisional_entries[0].innovation.title not in html.split("objection-outcomes")[0]
    assert [item["outcome"] for item in response.context["outcomes"]] == [
        "Sanggahan diterima: entri dikeluarkan dari Top 99."]
    assert "Sanggahan diterima: entri dikeluarkan dari Top 99." in html
    # The provisional list is gone once the final list is out.
    assert client.get(PROVISIONAL_URL).status_code == 404


def test_removed_entry_has_no_certificate_and_its_check_says_why(
        client, removal, provisional_entries):
    removed_row = removal.result.rows.get(entry=provisional_entries[0])
    kept_row = removal.result.rows.get(entry=provisional_entries[1])
    code = certificate_code(removed_row)
    provisional_code = certificate_code(
        removal.result.supersedes.rows.get(entry=provisional_entries[0]))

    check = client.get(f"/verifikasi/{code}/")
    provisional_check = client.get(f"/verifikasi/{provisional_code}/")

    assert awarded_row_for_code(code) is None
    assert awarded_row_for_code(certificate_code(kept_row)) == kept_row
    assert client.get(f"/kompetisi/2026/sertifikat/{code}.pdf").status_code == 404
    assert client.get(
        f"/kompetisi/2026/sertifikat/{certificate_code(kept_row)}.pdf").status_code == 200
    assert (check.status_code, provisional_check.status_code) == (410, 410)
    title = provisional_entries[0].innovation.title
    expected = (f"“{title}” dikeluarkan dari Top 99 · KIPP 2026 setelah sanggahan "
                f"no. {removal.objection_id}. Inovasi ini tidak memiliki sertifikat.")
    assert expected in check.content.decode()
    assert expected in provisional_check.content.decode()


def test_outcomes_on_the_provisional_list_take_the_same_queries_for_one_and_many(
        client, objection_window, provisional_entries, staff):
    result = objection_window.result
    first = uphold(result, provisional_entries[0], staff)
    decide_entry(objection=first, user=staff, action=EntryDecisionAction.KEEP,
                 note="Tetap.")
    client.get(PROVISIONAL_URL)  # warm the site and locale caches
    one = count_queries(lambda: client.get(PROVISIONAL_URL))
    second = uphold(result, provisional_entries[1], staff)
    decide_entry(objection=second, user=staff, action=EntryDecisionAction.REMOVE,
                 note="Dikeluarkan.")
    decide_objection(objection=file(result, provisional_entries[2]), user=staff,
                     status=ObjectionStatus.REJECTED, note="Tidak terbukti.")

    response = client.get(PROVISIONAL_URL)
    many = count_queries(lambda: client.get(PROVISIONAL_URL))

    assert [item["outcome"] for item in response.context["outcomes"]] == [
        "Sanggahan diterima: entri tetap di Top 99.",
        "Sanggahan diterima: entri dikeluarkan dari Top 99.",
        "Sanggahan ditolak: entri tetap di Top 99."]
    assert many == one


def test_a_removal_after_publication_updates_the_cached_list_and_withdraws_the_certificate(
        client, settings, provisional_result, provisional_entries, staff):
    """The final list is published and cached; an objection filed in time is upheld
    after it, the entry is removed: the list, the award and the certificate follow."""
    settings.PORTAL_PAGE_CACHE = True
    now = timezone.now()
    window = announce_provisional(result=provisional_result, user=staff,
                                  opens_at=now - datetime.timedelta(days=8),
                                  closes_at=now - datetime.timedelta(hours=1))
    publish_result(result=provisional_result, user=staff)
    # Filed in time, reviewed later (written directly: the window is over now).
    objection = Objection.objects.create(
        result=provisional_result, entry=provisional_entries[1], name="Budi",
        email="budi@example.org", reason="x" * 60,
        created_at=window.opens_at + datetime.timedelta(hours=1))
    code = certificate_code(provisional_result.rows.get(entry=provisional_entries[1]))
    before = client.get(LIST_URL)
    assert client.get(f"/verifikasi/{code}/").status_code == 200
    decide_objection(objection=objection, user=staff, status=ObjectionStatus.UPHELD,
                     note="Terbukti.")

    decision = decide_entry(objection=objection, user=staff,
                            action=EntryDecisionAction.REMOVE, note="Dikeluarkan.")
    after = client.get(LIST_URL)
    check = client.get(f"/verifikasi/{code}/")

    title = provisional_entries[1].innovation.title
    assert title in before.content.decode()
    assert title not in after.content.decode().split("objection-outcomes")[0]
    assert "Sanggahan diterima: entri dikeluarkan dari Top 99." in after.content.decode()
    assert not Achievement.objects.filter(innovation_id=provisional_entries[1].innovation_id,
                                          year=2026, tier="top99").exists()
    assert check.status_code == 410  # Gone: it existed and was withdrawn
    html = check.content.decode()
    date = formats.date_format(timezone.localtime(decision.result.created_at), "j F Y")
    assert "Sertifikat ini telah dicabut." in html
    assert (f"Dicabut pada {date}. Alasan: Dikeluarkan setelah sanggahan no. "
            f"{objection.pk}.") in html


def test_a_removal_after_publication_keeps_an_award_another_round_also_grants(
        provisional_result, provisional_entries, objection_edition, staff):
    now = timezone.now()
    announce_provisional(result=provisional_result, user=staff,
                         opens_at=now - datetime.timedelta(days=8),
                         closes_at=now - datetime.timedelta(hours=1))
    # An earlier round of the edition granting the same tier (e.g. imported) also has it.
    make_result(objection_edition, [provisional_entries[1]], order=1, published=True)
    publish_result(result=provisional_result, user=staff)
    objection = Objection.objects.create(
        result=provisional_result, entry=provisional_entries[1], name="Budi",
        email="budi@example.org", reason="x" * 60)
    decide_objection(objection=objection, user=staff, status=ObjectionStatus.UPHELD,
                     note="Terbukti.")

    decide_entry(objection=objection, user=staff, action=EntryDecisionAction.REMOVE,
                 note="Dikeluarkan.")

    assert Achievement.objects.filter(innovation_id=provisional_entries[1].innovation_id,
                                      year=2026, tier="top99").count() == 1
