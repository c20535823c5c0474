"""The objection period on the public side: the objection form's protections and the
visibility of the provisional list."""

import datetime

import pytest
from django.utils import timezone

from judging.models import Objection, ObjectionStatus
from judging.services.objections import announce_provisional, hash_ip
from tests.judging.helpers import REASON

pytestmark = pytest.mark.usefixtures("clear_cache", "english")

FORM_URL = "/kompetisi/2026/top-99/sanggah/"


def form_data(entry, **extra):
    data = {"name": "Budi", "email": "budi@example.org", "entry": str(entry.pk),
            "reason": REASON, "evidence_url": "https://example.org/bukti", "website": ""}
    data.update(extra)
    return data


# --- public form


def test_form_stores_objection_and_redirects_to_thanks(
        client, objection_window, provisional_entries):
    response = client.post(FORM_URL, form_data(provisional_entries[1]), REMOTE_ADDR="198.51.100.1")

    objection = Objection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == FORM_URL + "terima-kasih/"
    assert (objection.entry_id, objection.status) == (
        provisional_entries[1].pk, ObjectionStatus.RECEIVED)
    assert client.get(response["Location"]).status_code == 200


def test_fourth_objection_within_the_hour_is_429_and_keeps_the_form(
        client, objection_window, provisional_entries):
    statuses = [client.post(FORM_URL, form_data(provisional_entries[0]), REMOTE_ADDR="198.51.100.2")
                .status_code for _ in range(3)]

    fourth = client.post(FORM_URL, form_data(provisional_entries[2], name="Keempat"),
                         REMOTE_ADDR="198.51.100.2")
    other_ip = client.post(FORM_URL, form_data(provisional_entries[0]), REMOTE_ADDR="198.51.100.3")

    assert statuses == [302, 302, 302]
    assert fourth.status_code == 429
    assert 'value="Keempat"' in fourth.content.decode()
    assert REASON in fourth.content.decode()
    assert other_ip.status_code == 302
    assert Objection.objects.count() == 4
    assert Objection.objects.filter(name="Keempat").count() == 0


def test_honeypot_is_thanked_but_not_stored(client, objection_window, provisional_entries):
    response = client.post(FORM_URL,
                           form_data(provisional_entries[0], website="http://spam.example"))

    assert response.status_code == 302
    assert response["Location"] == FORM_URL + "terima-kasih/"
    assert Objection.objects.count() == 0


def test_honeypot_is_hidden_from_people_and_screen_readers(client, objection_window):
    html = client.get(FORM_URL).content.decode()

    assert '<div class="hp-field" aria-hidden="true">' in html
    assert 'name="website"' in html and 'tabindex="-1"' in html


def test_invalid_form_shows_messages_and_keeps_input(client, objection_window, provisional_entries):
    response = client.post(FORM_URL, form_data(provisional_entries[0], reason="pendek", email="x"))

    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"reason", "email"}
    assert 'value="Budi"' in body
    assert Objection.objects.count() == 0


def test_form_requires_csrf(objection_window, provisional_entries):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(FORM_URL, form_data(provisional_entries[0]))

    assert response.status_code == 403
    assert Objection.objects.count() == 0


def test_form_is_closed_outside_the_window(client, provisional_result, staff, provisional_entries):
    now = timezone.now()
    announce_provisional(result=provisional_result, user=staff,
                         opens_at=now - datetime.timedelta(days=6),
                         closes_at=now - datetime.timedelta(days=1))

    page = client.get(FORM_URL)
    posted = client.post(FORM_URL, form_data(provisional_entries[0]))

    assert page.status_code == 200
    assert page.context["window_closed"] is True
    assert "form" not in page.context
    assert 'name="reason"' not in page.content.decode()
    assert posted.status_code == 200
    assert Objection.objects.count() == 0


# --- visibility of the provisional list


def test_provisional_list_is_invisible_before_announcement(client, provisional_result):
    urls = ["/kompetisi/2026/top-99/", "/kompetisi/2026/top-99/sementara/", FORM_URL,
            FORM_URL + "terima-kasih/", "/en/kompetisi/2026/top-99/sementara/",
            "/kompetisi/2026/top-99/data.csv"]

    assert [client.get(url).status_code for url in urls] == [404] * 6


def test_provisional_list_is_visible_and_labelled_after_announcement(
        client, objection_window, provisional_entries):
    redirect = client.get("/kompetisi/2026/top-99/")
    page = client.get("/kompetisi/2026/top-99/sementara/")
    body = page.content.decode()

    assert redirect.status_code == 302
    assert redirect["Location"] == "/kompetisi/2026/top-99/sementara/"
    assert page.status_code == 200
    assert "Hasil sementara" in body  # "Provisional result"
    assert "Belum final: terbuka untuk sanggahan" in body  # "Not final: open to objections"
    assert [row.entry_id for row in page.context["rows"]] == [e.pk for e in provisional_entries]
    closes = objection_window.closes_at.astimezone(timezone.get_current_timezone())
    assert closes.strftime("%-d") in body
    # Still not final: no downloads, no achievements.
    assert client.get("/kompetisi/2026/top-99/data.csv").status_code == 404
    assert provisional_entries[0].innovation.achievements.count() == 0


# --- rate limit behind trusted proxies (portal.client_ip)

PROXY = "10.0.0.5"


def test_two_forwarded_clients_behind_one_proxy_get_separate_buckets(
        client, objection_window, provisional_entries, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    first = [client.post(FORM_URL, form_data(provisional_entries[0]), REMOTE_ADDR=PROXY,
                         HTTP_X_FORWARDED_FOR="198.51.100.7").status_code for _ in range(4)]
    second = client.post(FORM_URL, form_data(provisional_entries[1]), REMOTE_ADDR=PROXY,
                         HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert first == [302, 302, 302, 429]
    assert second.status_code == 302
    assert Objection.objects.filter(ip_hash=hash_ip("198.51.100.7")).count() == 3
    assert Objection.objects.filter(ip_hash=hash_ip("198.51.100.8")).count() == 1


def test_spoofed_forwarded_entry_gives_no_fresh_bucket(
        client, objection_window, provisional_entries, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        client.post(FORM_URL, form_data(provisional_entries[0]), REMOTE_ADDR=PROXY,
                    HTTP_X_FORWARDED_FOR="198.51.100.7")

    spoofed = client.post(FORM_URL, form_data(provisional_entries[0], name="Palsu"),
                          REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.7")

    assert spoofed.status_code == 429
    assert Objection.objects.filter(name="Palsu").count() == 0


def test_without_trusted_proxies_the_header_is_ignored(
        client, objection_window, provisional_entries, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [client.post(FORM_URL, form_data(provisional_entries[0]), REMOTE_ADDR="198.51.100.9",
                            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code
                for i in range(4)]

    assert statuses == [302, 302, 302, 429]


# --- length limits

HUGE = "x" * (2 * 1024 * 1024)


def test_form_refuses_2mb_reason_and_keeps_the_other_values(
        client, objection_window, provisional_entries):
    data = form_data(provisional_entries[1], name="Siti Aminah", reason=HUGE)
    response = client.post(FORM_URL, data, REMOTE_ADDR="198.51.100.1")
    page = response.content.decode()

    assert response.status_code == 200
    assert Objection.objects.count() == 0
    assert "paling banyak 5000 karakter" in page
    assert 'value="Siti Aminah"' in page
    assert 'value="budi@example.org"' in page
    assert 'maxlength="5000"' in page
    assert 'maxlength="120"' in page
