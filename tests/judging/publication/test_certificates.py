"""Certificates: genuine codes verify and download; forged or unpublished ones do not."""

import pytest

from judging.publication.certificates import certificate_code
from tests.factories import CompetitionFactory, awarded_entries, make_result


@pytest.fixture
def awarded_row(index):
    competition = CompetitionFactory(year=2025, name="KIPP 2025")
    result = make_result(competition, awarded_entries(competition, 1, index=index),
                         tier="top45", kind="interview")
    return result.rows.get()


def test_genuine_code_verifies_and_names_the_award(client, awarded_row):
    code = certificate_code(awarded_row)

    response = client.get(f"/verifikasi/{code}/")

    assert response.status_code == 200
    assert response.context["genuine"] is True
    assert response.context["facts"]["innovation"] == awarded_row.entry.innovation.title
    assert response.context["facts"]["tier"] == "Top 45"


def test_genuine_code_downloads_a_pdf(client, awarded_row):
    code = certificate_code(awarded_row)

    response = client.get(f"/kompetisi/2025/sertifikat/{code}.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("mutate", [
    lambda code: code[:-1] + ("0" if code[-1] != "0" else "1"),  # one digit changed
    lambda code: code.replace(code.split("-")[0], str(int(code.split("-")[0]) + 1), 1),
    lambda code: "garbage",
])
def test_forged_code_is_not_genuine(client, awarded_row, mutate):
    forged = mutate(certificate_code(awarded_row))

    response = client.get(f"/verifikasi/{forged}/")

    assert response.status_code == 404
    assert response.context["genuine"] is False
    assert "Sertifikat ini tidak asli." in response.content.decode()  # "... not genuine."


def test_forged_pdf_and_wrong_year_are_404(client, awarded_row):
    code = certificate_code(awarded_row)
    forged = code[:-1] + ("0" if code[-1] != "0" else "1")

    assert client.get(f"/kompetisi/2025/sertifikat/{forged}.pdf").status_code == 404
    assert client.get(f"/kompetisi/2024/sertifikat/{code}.pdf").status_code == 404


def test_row_of_unpublished_result_has_no_certificate(client, index):
    competition = CompetitionFactory(year=2026)
    result = make_result(competition, awarded_entries(competition, 1, index=index),
                         published=False)
    code = certificate_code(result.rows.get())

    assert client.get(f"/verifikasi/{code}/").status_code == 404
    assert client.get(f"/kompetisi/2026/sertifikat/{code}.pdf").status_code == 404
