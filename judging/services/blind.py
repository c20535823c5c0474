"""What "blind" means outside the score sheet (docs/security.md, "The blind rule").

The rule: an innovation entered in a competition that has a blind round whose result
is not yet published is not a public profile. It is left out of everything the portal
serves publicly (the innovation database and its search, the profile page itself, agency
pages, the home page, the sitemap and the open-data API) from the moment it is entered
(forwarding publishes the page) until every blind round of that competition has a
published result. Entries that are not (or no longer) in the competition (submitted and
waiting for the agency admin, returned, withdrawn) do not hide the profile.

It holds for every entry of such a competition, whatever its outcome so far: profiles
reappearing one by one would tell the public who dropped out before the results are out.

Files a judge of a blind round downloads lose their metadata (EXIF/XMP of images, the
document information and XMP of PDFs) and get neutral names; the secretariat gets the
original.
"""

import io

from PIL import Image as PILImage
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject

from judging.models.blind import unpublished_blind_rounds, withheld_innovations

__all__ = ["UnreadableFile", "is_withheld", "strip_image_metadata", "strip_pdf_metadata",
           "unpublished_blind_rounds", "withheld_innovations"]


def is_withheld(innovation_id):
    return withheld_innovations().filter(innovation_id=innovation_id).exists()


# --- files served in a blind round ----------------------------------------------------

class UnreadableFile(ValueError):
    """The file could not be parsed, so its metadata could not be removed."""


def strip_image_metadata(data, *, image_format):
    """``data`` (bytes of a JPEG, PNG or WebP) re-encoded from its pixels only: no EXIF
    (camera owner, Artist, GPS), XMP, IPTC, ICC profile or PNG text chunks."""
    options = {"quality": 90} if image_format == "JPEG" else {}
    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            picture.load()
            # A new image from the pixels alone: its ``info`` (where Pillow keeps EXIF,
            # XMP, ICC and text chunks, and from where it would write them again) is empty.
            clean = PILImage.frombytes(picture.mode, picture.size, picture.tobytes())
            if picture.mode == "P":
                clean.putpalette(picture.getpalette())
            if "transparency" in picture.info:
                options["transparency"] = picture.info["transparency"]
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as error:
        raise UnreadableFile(str(error)) from error
    out = io.BytesIO()
    clean.save(out, format=image_format, **options)
    return out.getvalue()


def strip_pdf_metadata(data):
    """``data`` (bytes of a PDF) rewritten without its document information (/Author,
    /Creator, /Producer, /Title, /Subject, /Keywords), its XMP metadata stream, page-level
    metadata, the authors of annotations and embedded files."""
    try:
        reader = PdfReader(io.BytesIO(data))
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as error:
        raise UnreadableFile(str(error)) from error
    for page in writer.pages:
        for key in ("/Metadata", "/PieceInfo"):
            if key in page:
                del page[key]
        for annotation in page.get("/Annots", None) or []:
            annotation = annotation.get_object()
            for key in ("/T", "/RC", "/Popup"):
                if key in annotation:
                    del annotation[key]
    root = writer.root_object
    for key in ("/Metadata", "/Names", "/PieceInfo"):
        if NameObject(key) in root:
            del root[NameObject(key)]
    writer.metadata = None
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
