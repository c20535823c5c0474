"""The objection period (masa sanggah): window rules, the public form's protections,
provisional visibility, the final-publish guard, decisions and the admin screens."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from judging.models import Objection, ObjectionStatus, RoundStatus
from judging.services import publish_result
from judging.services.objections import (
    announce_provisional,
    decide_objection,
    file_objection,
    hash_ip,
)
from tests.innovations.factories import innovation_index

from .factories import CompetitionFactory, judge, secretariat
from .factories_publication import awarded_entries, competition_pages, make_result

REASON = "Inovasi ini sudah tidak berjalan sejak awal tahun dan layanannya tidak dapat diakses."
FORM_URL = "/kompetisi/2026/top-99/sanggah/"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def english():
    """Service messages are asserted in English; requests switch the language
    themselves, so start every test from English."""
    with translation.override("en"):
        yield


@pytest.fixture
def edition(home_page):
    competition = CompetitionFactory(year=2026, name="KIPP 2026")
    competition_pages(home_page, competition)
    return competition


@pytest.fixture
def entries(edition, home_page):
    return awarded_entries(edition, 3, index=innovation_index(home_page))


@pytest.fixture
def result(edition, entries):
    return make_result(edition, entries, published=False)


@pytest.fixture
def staff(db):
    return secretariat()


@pytest.fixture
def window(result, staff):
    now = timezone.now()
    return announce_provisional(result=result, user=staff,
                                opens_at=now - datetime.timedelta(days=1),
                                closes_at=now + datetime.timedelta(days=4))


def form_data(entry, **extra):
    data = {"name": "Budi", "email": "budi@example.org", "entry": str(entry.pk),
            "reason": REASON, "evidence_url": "https://example.org/bukti", "website": ""}
    data.update(extra)
    return data


def file(result, entry, **kwargs):
    args = {"name": "Budi", "email": "budi@example.org", "reason": REASON,
            "evidence_url": "", "ip": "203.0.113.9"}
    args.update(kwargs)
    return file_objection(result=result, entry=entry, **args)


# --- window rules


def test_objection_just_before_opening_and_just_after_closing_is_rejected(window, entries):
    before = window.opens_at - datetime.timedelta(seconds=1)
    after = window.closes_at + datetime.timedelta(seconds=1)

    with pytest.raises(ValidationError) as early:
        file(window.result, entries[0], at=before)
    with pytest.raises(ValidationError) as late:
        file(window.result, entries[0], at=after)
    inside = file(window.result, entries[0], at=window.opens_at)

    assert early.value.messages == ["The objection period has not started yet."]
    assert late.value.messages == ["The objection period has closed."]
    assert list(Objection.objects.values_list("pk", flat=True)) == [inside.pk]


def test_objection_without_announced_window_is_rejected(result, entries):
    with pytest.raises(ValidationError):
        file(result, entries[0])
    assert Objection.objects.count() == 0


def test_entry_must_be_on_the_provisional_list(window, edition, home_page):
    stranger = awarded_entries(edition, 1, index=innovation_index(home_page))[0]

    with pytest.raises(ValidationError) as error:
        file(window.result, stranger)

    assert error.value.message_dict == {
        "entry": ["Choose an innovation from this provisional list."]}
    assert Objection.objects.count() == 0


def test_ip_is_stored_only_as_a_keyed_hash(window, entries):
    objection = file(window.result, entries[0], ip="203.0.113.9")

    assert objection.ip_hash == hash_ip("203.0.113.9")
    assert "203.0.113.9" not in objection.ip_hash
    assert len(objection.ip_hash) == 64


# --- public form


def test_form_stores_objection_and_redirects_to_thanks(client, window, entries):
    response = client.post(FORM_URL, form_data(entries[1]), REMOTE_ADDR="198.51.100.1")

    objection = Objection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == FORM_URL + "terima-kasih/"
    assert (objection.entry_id, objection.status) == (entries[1].pk, ObjectionStatus.RECEIVED)
    assert client.get(response["Location"]).status_code == 200


def test_fourth_objection_within_the_hour_is_429_and_keeps_the_form(client, window, entries):
    statuses = [client.post(FORM_URL, form_data(entries[0]), REMOTE_ADDR="198.51.100.2")
                .status_code for _ in range(3)]

    fourth = client.post(FORM_URL, form_data(entries[2], name="Keempat"),
                         REMOTE_ADDR="198.51.100.2")
    other_ip = client.post(FORM_URL, form_data(entries[0]), REMOTE_ADDR="198.51.100.3")

    assert statuses == [302, 302, 302]
    assert fourth.status_code == 429
    assert 'value="Keempat"' in fourth.content.decode()
    assert REASON in fourth.content.decode()
    assert other_ip.status_code == 302
    assert Objection.objects.count() == 4
    assert Objection.objects.filter(name="Keempat").count() == 0


def test_honeypot_is_thanked_but_not_stored(client, window, entries):
    response = client.post(FORM_URL, form_data(entries[0], website="http://spam.example"))

    assert response.status_code == 302
    assert response["Location"] == FORM_URL + "terima-kasih/"
    assert Objection.objects.count() == 0


def test_honeypot_is_hidden_from_people_and_screen_readers(client, window):
    html = client.get(FORM_URL).content.decode()

    assert '<div class="hp-field" aria-hidden="true">' in html
    assert 'name="website"' in html and 'tabindex="-1"' in html


def test_invalid_form_shows_messages_and_keeps_input(client, window, entries):
    response = client.post(FORM_URL, form_data(entries[0], reason="pendek", email="x"))

    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"reason", "email"}
    assert 'value="Budi"' in body
    assert Objection.objects.count() == 0


def test_form_requires_csrf(window, entries):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(FORM_URL, form_data(entries[0]))

    assert response.status_code == 403
    assert Objection.objects.count() == 0


def test_form_is_closed_outside_the_window(client, result, staff, entries):
    now = timezone.now()
    announce_provisional(result=result, user=staff, opens_at=now - datetime.timedelta(days=6),
                         closes_at=now - datetime.timedelta(days=1))

    page = client.get(FORM_URL)
    posted = client.post(FORM_URL, form_data(entries[0]))

    assert page.status_code == 200
    assert page.context["window_closed"] is True
    assert "form" not in page.context
    assert 'name="reason"' not in page.content.decode()
    assert posted.status_code == 200
    assert Objection.objects.count() == 0


# --- visibility of the provisional list


def test_provisional_list_is_invisible_before_announcement(client, result):
    urls = ["/kompetisi/2026/top-99/", "/kompetisi/2026/top-99/sementara/", FORM_URL,
            FORM_URL + "terima-kasih/", "/en/kompetisi/2026/top-99/sementara/",
            "/kompetisi/2026/top-99/data.csv"]

    assert [client.get(url).status_code for url in urls] == [404] * 6


def test_provisional_list_is_visible_and_labelled_after_announcement(client, window, entries):
    redirect = client.get("/kompetisi/2026/top-99/")
    page = client.get("/kompetisi/2026/top-99/sementara/")
    body = page.content.decode()

    assert redirect.status_code == 302
    assert redirect["Location"] == "/kompetisi/2026/top-99/sementara/"
    assert page.status_code == 200
    assert "Hasil sementara" in body  # "Provisional result"
    assert "Belum final: terbuka untuk sanggahan" in body  # "Not final: open to objections"
    assert [row.entry_id for row in page.context["rows"]] == [e.pk for e in entries]
    assert window.closes_at.astimezone(timezone.get_current_timezone()).strftime("%-d") in body
    # Still not final: no downloads, no achievements.
    assert client.get("/kompetisi/2026/top-99/data.csv").status_code == 404
    assert entries[0].innovation.achievements.count() == 0


# --- final publication


def test_final_publish_is_refused_while_the_window_is_open(window, staff):
    with pytest.raises(ValidationError) as error:
        publish_result(result=window.result, user=staff)

    window.result.refresh_from_db()
    assert window.result.published is False
    assert error.value.messages[0].startswith("The objection period is still open until")


def test_every_publish_path_is_refused_while_the_window_is_open(window, staff):
    with pytest.raises(ValidationError):
        publish_result(result=window.result, user=staff)

    window.result.refresh_from_db()
    assert window.result.published is False


def test_final_publish_after_window_with_undecided_objection_is_refused(window, staff, entries):
    file(window.result, entries[0])
    window.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    window.opens_at = window.closes_at - datetime.timedelta(days=5)
    window.save()

    with pytest.raises(ValidationError) as error:
        publish_result(result=window.result, user=staff)

    assert error.value.messages == ["1 objection(s) are not decided yet."]


def test_final_publish_after_window_hides_provisional_page(client, window, staff):
    window.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    window.opens_at = window.closes_at - datetime.timedelta(days=5)
    window.save()

    publish_result(result=window.result, user=staff)

    assert client.get("/kompetisi/2026/top-99/").status_code == 200
    assert client.get("/kompetisi/2026/top-99/sementara/").status_code == 404


def test_announce_refuses_unfinalised_round_and_bad_window(result, staff):
    now = timezone.now()
    with pytest.raises(ValidationError):
        announce_provisional(result=result, user=staff, opens_at=now, closes_at=now)
    result.round.status = RoundStatus.CLOSED
    result.round.save()
    with pytest.raises(ValidationError):
        announce_provisional(result=result, user=staff, opens_at=now,
                             closes_at=now + datetime.timedelta(days=1))


def test_announce_requires_secretariat(result, db):
    from django.core.exceptions import PermissionDenied

    now = timezone.now()
    with pytest.raises(PermissionDenied):
        announce_provisional(result=result, user=judge("juri9"), opens_at=now,
                             closes_at=now + datetime.timedelta(days=1))


# --- decisions


def test_decide_sends_outcome_and_writes_audit_log(window, staff, entries,
                                                   django_capture_on_commit_callbacks):
    objection = file(window.result, entries[0])

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


def test_decision_is_final_and_needs_a_note(window, staff, entries):
    objection = file(window.result, entries[0])
    with pytest.raises(ValidationError):
        decide_objection(objection=objection, user=staff, status=ObjectionStatus.UPHELD, note="")
    decide_objection(objection=objection, user=staff, status=ObjectionStatus.UPHELD, note="Ok.")
    with pytest.raises(ValidationError):
        decide_objection(objection=objection, user=staff, status=ObjectionStatus.REJECTED,
                         note="Berubah.")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD


# --- admin


ADMIN_URLS = ["/admin/masa-sanggah/", "/admin/masa-sanggah/sanggahan/"]


def test_admin_views_require_secretariat(client, window, entries):
    objection = file(window.result, entries[0])
    urls = ADMIN_URLS + [f"/admin/masa-sanggah/sanggahan/{objection.pk}/",
                         f"/admin/masa-sanggah/hasil/{window.result.pk}/umumkan/"]
    anonymous = [client.get(url) for url in urls]
    client.force_login(judge("juri1"))
    as_judge = [client.get(url) for url in urls]
    posted = client.post(f"/admin/masa-sanggah/sanggahan/{objection.pk}/",
                         {"status": "rejected", "note": "x"})
    client.force_login(secretariat("sek2"))
    as_staff = [client.get(url).status_code for url in urls]

    # Wagtail turns the views' PermissionDenied into a redirect to the admin home.
    assert [(r.status_code, r["Location"].split("?")[0]) for r in anonymous] == [
        (302, "/admin/login/")] * 4
    assert [(r.status_code, r["Location"]) for r in as_judge] == [(302, "/admin/")] * 4
    assert (posted.status_code, posted["Location"]) == (302, "/admin/")
    assert as_staff == [200] * 4
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.RECEIVED


def test_admin_listing_filters_by_status_and_round(client, window, staff, entries):
    first = file(window.result, entries[0])
    second = file(window.result, entries[1])
    decide_objection(objection=second, user=staff, status=ObjectionStatus.UNDER_REVIEW)
    client.force_login(staff)

    by_status = client.get(ADMIN_URLS[1], {"status": "under_review"})
    by_round = client.get(ADMIN_URLS[1], {"round": window.result.round_id})
    other_round = client.get(ADMIN_URLS[1], {"round": window.result.round_id + 999})

    assert [o.pk for o in by_status.context["objections"]] == [second.pk]
    assert [o.pk for o in by_round.context["objections"]] == [second.pk, first.pk]
    assert list(other_round.context["objections"]) == []


def test_admin_decide_form_records_decision(client, window, staff, entries):
    objection = file(window.result, entries[0])
    client.force_login(staff)

    response = client.post(f"/admin/masa-sanggah/sanggahan/{objection.pk}/",
                           {"status": "upheld", "note": "Terbukti."})

    objection.refresh_from_db()
    assert response.status_code == 302
    assert objection.status == ObjectionStatus.UPHELD


def test_admin_announce_form_opens_a_window(client, result, staff):
    client.force_login(staff)

    response = client.post(f"/admin/masa-sanggah/hasil/{result.pk}/umumkan/",
                           {"opens_at": "2026-11-20T08:00", "closes_at": "2026-11-25T17:00"})

    assert response.status_code == 302
    assert result.objection_window.closes_at.isoformat() == "2026-11-25T10:00:00+00:00"


def test_admin_publish_final_is_refused_while_open(client, window, staff):
    client.force_login(staff)

    client.post(f"/admin/masa-sanggah/hasil/{window.result.pk}/terbitkan/")

    window.result.refresh_from_db()
    assert window.result.published is False


def test_admin_listing_has_no_n_plus_one(client, window, staff, entries):
    from .admin_helpers import count_queries

    client.force_login(staff)
    file(window.result, entries[0])
    client.get(ADMIN_URLS[1])  # warm caches (content types, session)
    one = count_queries(lambda: client.get(ADMIN_URLS[1]))
    for entry in entries[1:]:
        file(window.result, entry)
        file(window.result, entry, name="Lagi")
    several = count_queries(lambda: client.get(ADMIN_URLS[1]))

    assert one == several
    periods_one = count_queries(lambda: client.get(ADMIN_URLS[0]))
    assert periods_one == count_queries(lambda: client.get(ADMIN_URLS[0]))


# --- rate limit behind trusted proxies (portal.client_ip)

PROXY = "10.0.0.5"


def test_two_forwarded_clients_behind_one_proxy_get_separate_buckets(client, window, entries,
                                                                     settings):
    settings.TRUSTED_PROXY_COUNT = 1
    first = [client.post(FORM_URL, form_data(entries[0]), REMOTE_ADDR=PROXY,
                         HTTP_X_FORWARDED_FOR="198.51.100.7").status_code for _ in range(4)]
    second = client.post(FORM_URL, form_data(entries[1]), REMOTE_ADDR=PROXY,
                         HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert first == [302, 302, 302, 429]
    assert second.status_code == 302
    assert Objection.objects.filter(ip_hash=hash_ip("198.51.100.7")).count() == 3
    assert Objection.objects.filter(ip_hash=hash_ip("198.51.100.8")).count() == 1


def test_spoofed_forwarded_entry_gives_no_fresh_bucket(client, window, entries, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        client.post(FORM_URL, form_data(entries[0]), REMOTE_ADDR=PROXY,
                    HTTP_X_FORWARDED_FOR="198.51.100.7")

    spoofed = client.post(FORM_URL, form_data(entries[0], name="Palsu"), REMOTE_ADDR=PROXY,
                          HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.7")

    assert spoofed.status_code == 429
    assert Objection.objects.filter(name="Palsu").count() == 0


def test_without_trusted_proxies_the_header_is_ignored(client, window, entries, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [client.post(FORM_URL, form_data(entries[0]), REMOTE_ADDR="198.51.100.9",
                            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code
                for i in range(4)]

    assert statuses == [302, 302, 302, 429]


# --- length limits

HUGE = "x" * (2 * 1024 * 1024)


@pytest.mark.parametrize("field", ["name", "reason"])
def test_service_refuses_2mb_name_or_reason(window, entries, field):
    values = {"name": "Budi", "email": "budi@example.org", "reason": REASON}
    values[field] = HUGE

    with pytest.raises(ValidationError) as error:
        file_objection(result=window.result, entry=entries[0], ip="198.51.100.1", **values)

    assert error.value.message_dict[field] == [
        f"Use at most {5000 if field == 'reason' else 120} characters (this has {len(HUGE)})."]
    assert Objection.objects.count() == 0


def test_service_refuses_2mb_email_and_evidence(window, entries):
    with pytest.raises(ValidationError) as error:
        file_objection(result=window.result, entry=entries[0], name="Budi",
                       email=HUGE + "@example.org", reason=REASON,
                       evidence_url="https://example.org/" + HUGE, ip="198.51.100.1")

    assert set(error.value.message_dict) == {"email", "evidence_url"}
    assert Objection.objects.count() == 0


def test_form_refuses_2mb_reason_and_keeps_the_other_values(client, window, entries):
    response = client.post(FORM_URL, form_data(entries[1], name="Siti Aminah", reason=HUGE),
                           REMOTE_ADDR="198.51.100.1")
    page = response.content.decode()

    assert response.status_code == 200
    assert Objection.objects.count() == 0
    assert "paling banyak 5000 karakter" in page
    assert 'value="Siti Aminah"' in page
    assert 'value="budi@example.org"' in page
    assert 'maxlength="5000"' in page
    assert 'maxlength="120"' in page


def test_decision_note_of_2mb_is_refused(window, staff, entries):
    objection = file(window.result, entries[0])

    with pytest.raises(ValidationError) as error:
        decide_objection(objection=objection, user=staff, status=ObjectionStatus.REJECTED,
                         note=HUGE)

    assert error.value.message_dict["note"] == [
        f"Use at most 5000 characters (this has {len(HUGE)})."]
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.RECEIVED
