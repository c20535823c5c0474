"""The public judging method (/kompetisi/metode-penilaian/): the Indonesian section of
docs/judging.md at /, the English one under /en/, linked from the competition pages,
and nothing in the file can inject markup."""

import pytest

from judging.publication.method import language_section, render_markdown
from tests.factories import CompetitionFactory, competition_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home_page):
    return competition_pages(home_page, CompetitionFactory(year=2031, name="KIPP 2031"))


def test_the_indonesian_url_shows_the_indonesian_method(client, pages):
    response = client.get("/kompetisi/metode-penilaian/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Cara entri dinilai</h1>" in html  # "How entries are judged"
    assert "<h3>Tahapan satu edisi</h3>" in html
    assert "Normalisasi keketatan juri" in html
    assert "Stages of one edition" not in html


def test_the_english_url_shows_the_english_method(client, pages):
    response = client.get("/en/kompetisi/metode-penilaian/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>How entries are judged</h1>" in html
    assert "<h3>Stages of one edition</h3>" in html
    assert "Judge severity normalisation" in html
    assert "Tahapan satu edisi" not in html


def test_the_competition_pages_link_to_the_method_in_their_language(client, pages):
    edition = client.get("/kompetisi/2031/").content.decode()
    edition_en = client.get("/en/kompetisi/2031/").content.decode()
    index = client.get("/kompetisi/").content.decode()

    assert 'href="/kompetisi/metode-penilaian/" id="method-link"' in edition
    assert 'href="/en/kompetisi/metode-penilaian/" id="method-link"' in edition_en
    assert 'href="/kompetisi/metode-penilaian/" id="method-link"' in index


def test_raw_html_and_script_links_in_the_markdown_are_not_rendered():
    html = render_markdown('<script>alert(1)</script>\n\n[klik](javascript:alert(1)) '
                           '<img src=x onerror=alert(1)>')

    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;" in html


def test_language_section_stops_at_the_next_section():
    text = "# T\n\n## Bahasa Indonesia\n\n### Satu\nisi\n\n## English\n\n### One\ntext\n"

    assert language_section(text=text, language="id") == "### Satu\nisi"
    assert language_section(text=text, language="en") == "### One\ntext"
    assert language_section(text=text, language="fr") == "### Satu\nisi"
