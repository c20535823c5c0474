"""The copies of a proposal's files that judges of a blind round download, made once.

A judge of a blind round gets each image and document without its metadata
(``blind.strip_image_metadata``, ``blind.strip_pdf_metadata``). Cleaning means decoding
and re-encoding the whole file: about 100 ms for a small demo image, far more for a
camera photo or a 10 MB PDF. Done on every download, each of an entry's three judges
paid it for every file, every time they opened it, holding an app server's worker.

Now the cleaned copy is written once to the private media storage (portal/media.py:
the file system, or the object storage in production) and served from there. Its name
is a keyed hash (``salted_hmac`` with the site's secret) of the source's name and its
content hash (Wagtail's ``file_hash``, when the file has one), so:

- a replaced file gets a new copy: Wagtail stores a replacement under a new name (the
  old file still exists when the new one is saved), and sets its hash;
- the name says nothing of the source and cannot be guessed from it.

``prepare_round_copies`` (a task, queued when judges are assigned to a blind round)
makes them before the first judge asks. A file that cannot be cleaned raises
``blind.UnreadableFile`` each time it is asked for, and is never served.
"""

import logging
import os

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.crypto import salted_hmac

from portal.media import PRIVATE_MARKER

from . import blind

logger = logging.getLogger(__name__)

COPIES_DIR = "blind-copies"
# The size the score sheet shows a proposal's images at (for everyone: the secretariat
# gets this rendition as it is, judges of a blind round its cleaned copy).
SCORE_SHEET_IMAGE = "max-1200x900"
# Rendition file extensions -> the Pillow format a cleaned copy is written in.
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP",
                 ".avif": "AVIF", ".gif": "GIF"}


def copy_name(*, kind, source_name, content_hash):
    """Where the cleaned copy of ``source_name`` (with content ``content_hash``) lives."""
    digest = salted_hmac(f"portal.blind-copy.{kind}",
                         f"{source_name}|{content_hash}").hexdigest()[:40]
    extension = os.path.splitext(source_name)[1].lower()
    # Private whatever the source (portal/media.py routes the name to the private
    # storage): a copy is only ever served through the judges' permission-checked views.
    return f"{COPIES_DIR}/{kind}/{PRIVATE_MARKER}{digest}{extension}"


def _copy(*, kind, source, content_hash, clean):
    """The name of the cleaned copy of ``source`` (a stored file) in the default storage
    (the router: the name is private), made from its bytes by ``clean`` when missing."""
    storage = default_storage
    name = copy_name(kind=kind, source_name=source.name, content_hash=content_hash)
    if storage.exists(name):
        return name
    with source.open("rb") as handle:
        data = handle.read()
    cleaned = clean(data)  # UnreadableFile propagates: nothing is written
    saved = storage.save(name, ContentFile(cleaned))
    if saved != name:
        # Another request or the task wrote the same copy meanwhile; the storage gave
        # this one another name. Keep theirs, which holds the same bytes.
        storage.delete(saved)
    return name


def image_copy(image):
    """The storage name of the score sheet's rendition of ``image``, cleaned."""
    rendition = image.get_rendition(SCORE_SHEET_IMAGE)
    extension = os.path.splitext(rendition.file.name)[1].lower()
    image_format = IMAGE_FORMATS.get(extension, "JPEG")
    name = _copy(kind="images", source=rendition.file, content_hash=image.file_hash,
                 clean=lambda data: blind.strip_image_metadata(data,
                                                               image_format=image_format))
    return name


def document_copy(document):
    """The storage name of ``document``'s file, cleaned."""
    name = _copy(kind="documents", source=document.file, content_hash=document.file_hash,
                 clean=blind.strip_pdf_metadata)
    return name
