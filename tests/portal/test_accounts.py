"""Signing in lands each role where its work is; the menu links to it; password reset."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from judging.services import JUDGE_GROUP, SECRETARIAT_GROUP
from judging.services import entries as lifecycle
from tests.factories import PASSWORD, UserFactory, make_proposal

pytestmark = pytest.mark.django_db


def sign_in(client, user, next_url=None):
    url = "/masuk/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": user.username, "password": PASSWORD})


def grouped(name, **kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=name))
    return user


def test_operator_lands_in_the_workspace(client, world):
    response = sign_in(client, world["op_a1"])
    assert (response.status_code, response["Location"]) == (302, "/ruang-kerja/")


def test_agency_admin_without_waiting_proposals_lands_in_the_workspace(client, world):
    response = sign_in(client, world["admin_a"])
    assert response["Location"] == "/ruang-kerja/"


def test_agency_admin_with_waiting_proposals_lands_on_the_review_list(client, world):
    proposal = make_proposal(unit=world["unit_a1"], user=world["op_a1"])
    lifecycle.submit_proposal(innovation=proposal, user=world["op_a1"],
                              competition=world["competition"])
    assert sign_in(client, world["admin_a"])["Location"] == "/ruang-kerja/tinjauan/"
    # Agency B has nothing waiting.
    client.logout()
    assert sign_in(client, world["admin_b"])["Location"] == "/ruang-kerja/"


def test_judge_lands_on_the_assignments(client, world):
    response = sign_in(client, grouped(JUDGE_GROUP))
    assert response["Location"] == "/admin/penjurian/penugasan/"


def test_secretariat_lands_on_its_dashboard_of_what_needs_doing(client, world):
    response = sign_in(client, grouped(SECRETARIAT_GROUP))
    home = client.get(response["Location"])

    assert response["Location"] == "/admin/"
    assert "Yang perlu dikerjakan" in home.content.decode()


def test_superuser_lands_in_the_admin(client, world):
    user = UserFactory(is_staff=True, is_superuser=True)
    assert sign_in(client, user)["Location"] == "/admin/"


def test_user_without_a_role_lands_home(client, world):
    assert sign_in(client, UserFactory())["Location"] == "/"


def test_english_operator_lands_in_the_english_workspace(client, world):
    response = client.post("/en/masuk/", {"username": "op-a1", "password": PASSWORD})
    assert response["Location"] == "/en/ruang-kerja/"


def test_a_safe_next_wins_an_unsafe_one_is_ignored(client, world):
    assert sign_in(client, world["op_a1"], "/inovasi/")["Location"] == "/inovasi/"
    client.logout()
    response = sign_in(client, world["op_a1"], "https://evil.example/")
    assert response["Location"] == "/ruang-kerja/"


def test_menu_links_to_the_users_work_place(client, world):
    anonymous = client.get("/masuk/").content.decode()
    assert 'data-nav="work-place"' not in anonymous
    client.force_login(world["op_a1"])
    html = client.get("/masuk/").content.decode()
    assert re.search(r'<a href="/ruang-kerja/" data-nav="work-place">Ruang kerja</a>', html)
    client.force_login(grouped(JUDGE_GROUP))
    html = client.get("/masuk/").content.decode()
    assert '<a href="/admin/penjurian/penugasan/" data-nav="work-place">Penjurian</a>' in html


def test_sign_in_page_offers_password_reset_and_says_how_to_get_an_account(client, world):
    html = client.get("/masuk/").content.decode()
    assert 'href="/masuk/lupa-sandi/"' in html
    assert "Lupa kata sandi?" in html
    assert 'id="account-help"' in html
    assert "Bagaimana unit mendapatkan akun?" in html
    assert "mailto:sekretariat@localhost" in html


def test_password_reset_mails_a_link_on_the_request_host_and_it_works(client, world):
    user = world["op_a1"]
    page = client.get("/masuk/lupa-sandi/")
    assert page.status_code == 200
    assert "Lupa kata sandi" in page.content.decode()
    response = client.post("/masuk/lupa-sandi/", {"email": user.email},
                           HTTP_HOST="inovasi.example.go.id")
    assert (response.status_code, response["Location"]) == (302, "/masuk/lupa-sandi/terkirim/")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "kata sandi baru" in message.subject.lower()
    link = re.search(r"http://inovasi\.example\.go\.id(/masuk/lupa-sandi/\S+/\S+/)",
                     message.body)
    assert link is not None
    assert "127.0.0.1" not in message.body
    # The link opens a form (Django redirects once to hide the token), which sets the password.
    form_page = client.get(link.group(1), follow=True)
    assert "Pilih kata sandi baru" in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0], {
        "new_password1": "Sangat-rahasia-2026", "new_password2": "Sangat-rahasia-2026"})
    assert done["Location"] == "/masuk/lupa-sandi/selesai/"
    client.logout()
    assert client.login(username=user.username, password="Sangat-rahasia-2026")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, world):
    response = client.post("/masuk/lupa-sandi/", {"email": "nobody@example.org"}, follow=True)
    assert "Periksa e-mail Anda" in response.content.decode()
    assert mail.outbox == []
