"""A blind round with one assigned entry whose files carry identifying metadata: a JPEG
whose EXIF names the photographer (Artist) and the place, a PDF whose /Author and XMP
name the unit. The files are uploaded by the unit's operator, as in the workspace."""

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from pypdf import PdfWriter
from wagtail.documents.models import Document
from wagtail.images.models import Image

from innovations.models import InnovationDocument, InnovationGalleryImage
from judging.models import RoundKind
from judging.services import assign_manually, create_default_rubrics

from .innovations import AgencyFactory, InnovationPageFactory, UnitFactory, operator
from .judging import CompetitionFactory, EntryFactory, RoundFactory, judge, panel, secretariat

AGENCY = "Pemerintah Kota Rahasiaku"
UNIT = "Dinas Penyamaran Terpadu"
TITLE = "Layanan Antar Akta Kilat"
ARTIST = "Budi Fotografer Rahasiaku"
AUTHOR = "Dinas Penyamaran Terpadu Kota Rahasiaku"


def jpeg_with_exif(artist=ARTIST):
    from PIL import Image as PILImage

    picture = PILImage.new("RGB", (64, 48), "teal")
    exif = picture.getexif()
    exif[0x013B] = artist  # Artist
    exif[0x010F] = "Kamera Dinas Rahasiaku"  # Make
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif, xmp=f"<x:creator>{artist}</x:creator>".encode())
    return out.getvalue()


def pdf_with_author(author=AUTHOR):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": author, "/Creator": author, "/Title": "SK Walikota"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass
class BlindCase:
    competition: object
    round: object
    entry: object
    page: object
    assignment: object
    judge: object
    staff: object
    operator: object
    image: object
    document: object


def blind_case(index, *, blind=True, year=2031):
    """A competition with an open (blind) desk round, one entry assigned to a judge."""
    competition = CompetitionFactory(year=year)
    rubric, _interview = create_default_rubrics(competition=competition)
    desk = RoundFactory(competition=competition, order=1, kind=RoundKind.DESK, rubric=rubric,
                        judges_per_entry=1, blind=blind, name="Evaluasi")
    agency = AgencyFactory(name=AGENCY, slug="kota-rahasiaku")
    unit = UnitFactory(agency=agency, name=UNIT)
    writer = operator(unit, username=f"op-rahasia-{year}")
    image = Image(title="Foto kantor", uploaded_by_user=writer,
                  file=ImageFile(io.BytesIO(jpeg_with_exif()), name="a1b2c3.jpg"))
    image.save()
    document = Document(title="SK", uploaded_by_user=writer)
    document.file.save("d4e5f6.pdf", ContentFile(pdf_with_author()), save=False)
    document.save()
    page = InnovationPageFactory(
        parent=index, agency=agency, unit=unit, title=TITLE, slug=f"layanan-antar-{year}",
        gallery_images=[InnovationGalleryImage(image=image, caption="Kantor")],
        documents=[InnovationDocument(document=document, title="SK")])
    entry = EntryFactory(competition=competition, innovation=page, revision=page.latest_revision)
    staff = secretariat(username=f"sekretariat-{year}")
    reviewer = judge(f"juri-rahasia-{year}")
    panel(desk, [reviewer])
    assignment = assign_manually(round=desk, entry=entry, judge=reviewer, user=staff)
    return BlindCase(competition=competition, round=desk, entry=entry, page=page,
                     assignment=assignment, judge=reviewer, staff=staff, operator=writer,
                     image=image, document=document)
