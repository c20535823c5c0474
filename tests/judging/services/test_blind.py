"""The blind rule (which profiles are withheld) and the metadata stripping of files
served to judges of blind rounds (judging/services/blind.py, judging/models/blind.py)."""

import io

import pytest
from PIL import Image as PILImage
from pypdf import PdfReader

from judging.models import EntryStatus, RoundResult, RoundStatus
from judging.models.blind import NOT_ENTERED
from judging.services import blind
from judging.services import entries as lifecycle
from tests.factories import blind_case, jpeg_with_exif, pdf_with_author
from tests.factories.blind import ARTIST, AUTHOR

pytestmark = pytest.mark.django_db


def withheld_ids():
    return set(blind.withheld_innovations().values_list("innovation_id", flat=True))


def test_not_entered_is_the_lifecycles_set():
    assert NOT_ENTERED == lifecycle.NOT_IN_COMPETITION


def test_an_entry_in_a_blind_round_is_withheld_until_the_result_is_published(index):
    case = blind_case(index)
    assert blind.is_withheld(case.page.pk)
    case.round.status = RoundStatus.FINALISED
    case.round.save()
    result = RoundResult.objects.create(round=case.round, checksum="0" * 64)
    assert blind.is_withheld(case.page.pk)  # finalised, not published
    result.published = True
    result.save(update_fields=["published"])
    assert not blind.is_withheld(case.page.pk)


def test_every_blind_round_of_the_competition_must_be_published(index):
    case = blind_case(index)
    RoundResult.objects.create(round=case.round, checksum="0" * 64, published=True)
    later = type(case.round).objects.create(
        competition=case.competition, order=2, kind=case.round.kind, name="Wawancara",
        blind=True, rubric=case.round.rubric)
    assert blind.is_withheld(case.page.pk)
    RoundResult.objects.create(round=later, checksum="1" * 64, published=True)
    assert not blind.is_withheld(case.page.pk)


def test_open_rounds_withhold_nothing(index):
    case = blind_case(index, blind=False)
    assert case.page.pk not in withheld_ids()


@pytest.mark.parametrize("status", [EntryStatus.RETURNED, EntryStatus.WITHDRAWN,
                                    EntryStatus.SUBMITTED])
def test_entries_out_of_the_competition_do_not_withhold(index, status):
    case = blind_case(index)
    case.entry.status = status
    case.entry.save()
    assert case.page.pk not in withheld_ids()


@pytest.mark.parametrize("status", [EntryStatus.SCREENING_FAILED, EntryStatus.NOT_ADVANCED,
                                    EntryStatus.ADVANCED])
def test_every_outcome_is_withheld_alike(index, status):
    """Profiles coming back one by one would tell who dropped out before the results."""
    case = blind_case(index)
    case.entry.status = status
    case.entry.save()
    assert case.page.pk in withheld_ids()


def test_image_metadata_is_stripped():
    original = jpeg_with_exif()
    assert ARTIST.encode() in original
    clean = blind.strip_image_metadata(original, image_format="JPEG")
    assert ARTIST.encode() not in clean
    with PILImage.open(io.BytesIO(clean)) as picture:
        assert dict(picture.getexif()) == {}
        assert "xmp" not in picture.info
        assert picture.size == (64, 48)


def test_png_text_chunks_are_stripped():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", ARTIST)
    out = io.BytesIO()
    PILImage.new("RGBA", (8, 8), (0, 0, 0, 0)).save(out, "PNG", pnginfo=info)
    assert ARTIST.encode() in out.getvalue()
    assert ARTIST.encode() not in blind.strip_image_metadata(out.getvalue(), image_format="PNG")


def test_pdf_metadata_is_stripped():
    original = pdf_with_author()
    assert AUTHOR.encode() in original
    clean = blind.strip_pdf_metadata(original)
    assert AUTHOR.encode() not in clean
    reader = PdfReader(io.BytesIO(clean))
    assert reader.metadata is None
    assert reader.xmp_metadata is None
    assert len(reader.pages) == 1


@pytest.mark.parametrize("strip", [
    lambda data: blind.strip_pdf_metadata(data),
    lambda data: blind.strip_image_metadata(data, image_format="JPEG"),
])
def test_unreadable_files_raise(strip):
    with pytest.raises(blind.UnreadableFile):
        strip(b"%PDF-1.4 not really a pdf")
