import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_returns_503_when_database_unreachable(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("could not connect to server")

    monkeypatch.setattr("portal.views.connection", BrokenConnection())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_healthz_rejects_post(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_footer_links_to_a_status_page_in_words_not_to_the_probe(client, home_page):
    home = client.get("/")
    status = client.get("/status-layanan/")

    assert 'href="/status-layanan/"' in home.content.decode()
    assert "/healthz" not in home.content.decode()
    assert status.status_code == 200
    assert status["Content-Type"].startswith("text/html")
    assert "Portal berjalan normal" in status.content.decode()
    assert "no-cache" in status["Cache-Control"]


@pytest.mark.django_db
def test_status_page_in_english(client, home_page):
    response = client.get("/en/status-layanan/")

    assert "The portal is working normally" in response.content.decode()


@pytest.mark.django_db
def test_status_page_says_so_in_words_when_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr("portal.views.database_is_up", lambda: False)

    response = client.get("/status-layanan/")

    assert response.status_code == 503
    assert "basis data tidak menjawab" in response.content.decode()
