"""Login throttling (django-axes): 5 wrong passwords lock that username from that client
address for 15 minutes, on /masuk/ and /admin/login/, with a clear message."""

import pytest
from django.contrib.auth import get_user_model

PASSWORD = "benar-sekali-2026"


@pytest.fixture
def users(db):
    model = get_user_model()
    operator = model.objects.create_user("operator9", password=PASSWORD)
    other = model.objects.create_user("operator10", password=PASSWORD)
    root = model.objects.create_superuser("root9", "root9@example.org", PASSWORD)
    return operator, other, root


def fail_five_times(client, url, username):
    for _ in range(5):
        client.post(url, {"username": username, "password": "salah"})


def test_front_login_locks_after_five_failures(client, users):
    fail_five_times(client, "/masuk/", "operator9")

    response = client.post("/masuk/", {"username": "operator9", "password": PASSWORD})

    assert response.status_code == 429
    text = response.content.decode()
    assert "Terlalu banyak percobaan masuk yang gagal" in text
    assert "15 menit" in text
    assert "_auth_user_id" not in client.session


def test_english_lockout_message_under_en(client, users):
    fail_five_times(client, "/en/masuk/", "operator9")

    response = client.post("/en/masuk/", {"username": "operator9", "password": PASSWORD})

    assert response.status_code == 429
    assert "This account is locked for 15 minutes after 5 wrong passwords" in (
        response.content.decode())


def test_four_failures_then_the_right_password_works(client, users):
    for _ in range(4):
        client.post("/masuk/", {"username": "operator9", "password": "salah"})

    response = client.post("/masuk/", {"username": "operator9", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(users[0].pk)


def test_another_user_from_the_same_address_is_unaffected(client, users):
    fail_five_times(client, "/masuk/", "operator9")

    response = client.post("/masuk/", {"username": "operator10", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(users[1].pk)


def test_admin_login_locks_after_five_failures(client, users):
    fail_five_times(client, "/admin/login/", "root9")

    response = client.post("/admin/login/", {"username": "root9", "password": PASSWORD})

    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_admin_lockout_spares_other_users(client, users):
    fail_five_times(client, "/admin/login/", "root9")
    users[1].is_superuser = True
    users[1].save()

    response = client.post("/admin/login/", {"username": "operator10", "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_lockout_is_keyed_on_the_forwarded_client_behind_a_proxy(client, users, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        client.post("/masuk/", {"username": "operator9", "password": "salah"},
                    REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.7")

    attacker = client.post("/masuk/", {"username": "operator9", "password": PASSWORD},
                           REMOTE_ADDR="10.0.0.5",
                           HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.7")
    owner = client.post("/masuk/", {"username": "operator9", "password": PASSWORD},
                        REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert attacker.status_code == 429
    assert owner.status_code == 302
