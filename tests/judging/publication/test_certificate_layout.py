"""The certificate PDF as a person sees it: rendered to an image (pdftoppm), the page is
used from top to bottom, and its QR code decodes to the certificate's verification URL."""

import shutil
import subprocess

import pytest
import zxingcpp
from django.utils import formats, timezone, translation
from PIL import Image

from judging.publication.certificates import certificate_code, render_pdf
from tests.factories import (
    CompetitionFactory,
    UnitFactory,
    awarded_entries,
    innovation_index,
    make_result,
)

VERIFY_URL = "https://inovasi.example.go.id/verifikasi/{code}/"


@pytest.fixture
def certificate_png(home_page, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (Debian poppler-utils) is required: .ci/run installs it")
    index = innovation_index(home_page)
    competition = CompetitionFactory(year=2025, name="KIPP 2025")
    entry = awarded_entries(competition, 1, index=index)[0]
    innovation = entry.innovation
    innovation.unit = UnitFactory(agency=innovation.agency, name="Dinas Kependudukan")
    innovation.save()
    row = make_result(competition, [entry], tier="top45", kind="interview").rows.get()
    url = VERIFY_URL.format(code=certificate_code(row))
    pdf_path = tmp_path / "sertifikat.pdf"
    with translation.override("id"):  # the certificate in the portal's first language
        pdf_path.write_bytes(render_pdf(row, verify_url=url))
    subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", str(pdf_path),
                    str(tmp_path / "page")], check=True, timeout=60)
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    return Image.open(tmp_path / "page.png").convert("RGB"), url, row, text


def ink_rows(image, *, inset):
    """Rows (y) holding dark pixels inside the page frame (``inset`` px from each edge)."""
    width, height = image.size
    pixels = image.load()
    rows = []
    for y in range(inset, height - inset):
        if any(pixels[x, y] < 128 for x in range(inset, width - inset, 2)):
            rows.append(y)
    return rows


def test_certificate_uses_the_whole_page(certificate_png):
    image, _url, _row, _text = certificate_png
    image = image.convert("L")
    height = image.size[1]
    rows = ink_rows(image, inset=int(height * 0.09))  # inside the two frames

    lower_half = [y for y in rows if y > height / 2]
    assert len(lower_half) > height * 0.15  # the lower half carries text, not white space
    assert max(rows) - min(rows) > height * 0.7


def test_qr_code_decodes_to_the_verification_url(certificate_png):
    image, url, _row, _text = certificate_png

    decoded = [result.text for result in zxingcpp.read_barcodes(image.convert("L"))]

    assert decoded == [url]


def test_certificate_names_unit_agency_tier_edition_and_signatory(certificate_png):
    _image, _url, row, text = certificate_png
    innovation = row.entry.innovation
    words = " ".join(text.split())

    assert "Dinas Kependudukan" in words
    assert innovation.agency.name in words
    assert "Top 45 · KIPP 2025" in words
    assert "Ketua Tim Panel Independen" in words
    assert "PORTAL INOVASI PELAYANAN PUBLIK" in words


def test_certificate_carries_the_emblem_at_the_top_and_the_announcement_date(certificate_png):
    image, _url, row, text = certificate_png
    width, height = image.size
    scale = height / A4_LANDSCAPE_HEIGHT_PT  # pixels per point
    centre_x, centre_y, radius = width / 2, 92 * scale, 34 * scale  # as render_pdf draws it
    ring = image.getpixel((int(centre_x), int(centre_y - 0.93 * radius)))
    disc = image.getpixel((int(centre_x), int(centre_y - 0.75 * radius)))  # above the star
    star = image.getpixel((int(centre_x), int(centre_y)))
    with translation.override("id"):
        date = formats.date_format(timezone.localtime(row.result.published_at).date(),
                                   "DATE_FORMAT")

    assert close(ring, (0xC9, 0x9A, 0x1C))  # the gold ring
    assert close(disc, (0x06, 0x3B, 0x30))  # the green disc
    assert close(star, (0xFF, 0xFF, 0xFF))  # the white star
    assert f"diumumkan pada {date}" in " ".join(text.split())


A4_LANDSCAPE_HEIGHT_PT = 595.27


def close(pixel, colour, tolerance=24):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))
