"""Checks, storage and access for the files a unit attaches to a proposal.

Types are decided by content, never by the file name: images must open in Pillow as
JPEG, PNG or WebP; documents must start with the PDF signature. Sizes are capped
(5 MB images, 10 MB PDFs) before any decoding.

Files are stored under a random name (the uploaded name, e.g.
"SK_Walikota_Surabaya_2024.pdf", would name the unit in every URL and download), and
the documents of a proposal that is not a public profile are private: /dokumen/<id>/
serves them only to the people who may read the proposal (``may_read_document``, used
by the before_serve_document hook in innovations/wagtail_hooks.py).
"""

import posixpath
import secrets

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import UnidentifiedImageError
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from innovations.models import InnovationDocument, Membership, Role
from innovations.queries import public_innovations
from judging.services.permissions import is_secretariat
from portal.media import PRIVATE_MARKER, is_private_name

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Guard against decompression bombs: 40 megapixels is far beyond any phone photo.
MAX_IMAGE_PIXELS = 40_000_000


def _too_big(upload, limit):
    return ValidationError(
        _("“%(name)s” is %(size)s; the limit is %(limit)s.") % {
            "name": upload.name, "size": filesizeformat(upload.size),
            "limit": filesizeformat(limit)},
        code="too_big",
    )


def check_image(upload) -> str:
    """The image's format extension ('jpg', 'png', 'webp'); ValidationError otherwise."""
    if upload.size > MAX_IMAGE_BYTES:
        raise _too_big(upload, MAX_IMAGE_BYTES)
    not_image = ValidationError(
        _("“%(name)s” is not a JPEG, PNG or WebP image. Choose a photo or picture file.")
        % {"name": upload.name}, code="not_image")
    try:
        upload.seek(0)
        with PILImage.open(upload) as picture:
            image_format = picture.format
            width, height = picture.size
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            PILImage.DecompressionBombError) as error:
        raise not_image from error
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise not_image
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(_("The image is too large (%(w)d × %(h)d pixels).")
                              % {"w": width, "h": height}, code="too_many_pixels")
    return IMAGE_FORMATS[image_format]


def check_pdf(upload) -> None:
    if upload.size > MAX_DOCUMENT_BYTES:
        raise _too_big(upload, MAX_DOCUMENT_BYTES)
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(_("“%(name)s” is not a PDF file. Save or export it as PDF "
                                "and upload it again.") % {"name": upload.name},
                              code="not_pdf")


def _safe_name(upload, extension):
    """A random storage name: nothing of the uploaded name reaches a URL."""
    return f"{secrets.token_hex(12)}.{extension}"


def store_image(*, upload, title, user):
    """A Wagtail image from an upload that passed check_image(), in private storage
    (portal/media.py) until its proposal is a public profile."""
    extension = check_image(upload)
    Image = get_image_model()
    # The file hash (duplicate detection in the admin) is computed lazily by Wagtail.
    image = Image(title=title or upload.name, uploaded_by_user=user, file_size=upload.size,
                  file=ImageFile(upload, name=PRIVATE_MARKER + _safe_name(upload, extension)))
    image.save()
    return image


def store_document(*, upload, title, user):
    """A Wagtail document from an upload that passed check_pdf()."""
    check_pdf(upload)
    Document = get_document_model()
    document = Document(title=title or upload.name, uploaded_by_user=user,
                        file_size=upload.size)
    document.file.save(_safe_name(upload, "pdf"), upload, save=False)
    document.save()
    return document


# --- who may read a stored document -----------------------------------------------------

def is_proposal_document(document):
    """Uploaded in the workspace (by a unit's operator) or attached to an innovation."""
    return bool(
        (document.uploaded_by_user_id
         and Membership.objects.filter(user_id=document.uploaded_by_user_id).exists())
        or InnovationDocument.objects.filter(document=document).exists())


def is_public_document(document):
    """Attached to the live version of a public profile (innovations.queries)."""
    return public_innovations().filter(documents__document=document).exists()


def _workspace_may_read(user, document):
    """The uploader's unit's operators and its agency's admins may read the file (the
    workspace's own rule, innovations/workspace/access.py); ``document`` may be an image."""
    if not document.uploaded_by_user_id:
        return False
    units = Membership.objects.filter(user_id=document.uploaded_by_user_id,
                                      role=Role.OPERATOR, unit__isnull=False)
    mine = Membership.objects.filter(user=user)
    return units.filter(
        Q(unit_id__in=mine.filter(role=Role.OPERATOR).values("unit_id"))
        | Q(unit__agency_id__in=mine.filter(role=Role.AGENCY_ADMIN).values("agency_id"))
    ).exists()


def may_read_document(user, document):
    """Anyone for a document that is not a proposal's or belongs to a public profile;
    otherwise the superuser, the secretariat, admins with a permission on the document
    in its collection, and the unit and agency the proposal belongs to. Judges read
    proposal files through their score sheet (judging/admin_views/scores.py)."""
    if not is_proposal_document(document) or is_public_document(document):
        return True
    return _may_open_private(user, document, get_document_model())


def _may_open_private(user, file, model):
    """A private file (document or image) of a proposal: the superuser, the secretariat,
    admins with "change" on it in its collection, and the proposal's unit and agency."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if is_secretariat(user):
        return True
    policy = policy_registry.get_by_type(model)
    if policy.user_has_permission_for_instance(user, "change", file):
        return True
    return _workspace_may_read(user, file)


# --- who may see a stored image ---------------------------------------------------------

def is_public_image(image):
    """In the gallery of the live version of a public profile (innovations.queries)."""
    return public_innovations().filter(gallery_images__image=image).exists()


def may_see_image(user, image):
    """The rule of may_read_document() for a private image (its file is in private
    storage): the superuser, the secretariat, admins with a permission on the image in its
    collection, and the unit and agency the proposal belongs to. Judges see a proposal's
    images through their score sheet, without metadata in a blind round."""
    return _may_open_private(user, image, get_image_model())


@transaction.atomic
def make_image_public(*, image):
    """Move a private image whose proposal is now a public profile to public media, so
    pages link it as ordinary media; its renditions are dropped (Wagtail deletes their
    files once committed) and made again, publicly, when next asked for. Idempotent:
    the image row is locked and an image already public is left alone."""
    Image = get_image_model()
    image = Image.objects.select_for_update().get(pk=image.pk)
    old_name = image.file.name
    if not is_private_name(old_name):
        return image
    storage = image.file.storage
    public_name = old_name.replace(PRIVATE_MARKER, "", 1)
    with storage.open(old_name, "rb") as handle:
        public_name = storage.save(public_name, handle)
    image.file.name = public_name
    image.save(update_fields=["file"])
    image.renditions.all().delete()
    transaction.on_commit(lambda: storage.delete(old_name))
    return image


def moved_image(name):
    """The image made public whose private original or rendition was stored as ``name``
    (``usulan-<token>…``): its public original is ``original_images/<token>.<ext>``."""
    token = posixpath.basename(name)[len(PRIVATE_MARKER):].split(".")[0]
    if not token:
        return None
    return get_image_model().objects.filter(
        file__startswith=f"original_images/{token}.").first()


def proposal_image_for_file(name):
    """(image, None) for the image stored as ``name``, (image, filter spec) for the image
    one of whose renditions is, (None, None) for neither."""
    Image = get_image_model()
    image = Image.objects.filter(file=name).first()
    if image is not None:
        return image, None
    rendition = Image.get_rendition_model().objects.filter(file=name).select_related(
        "image").first()
    if rendition is None:
        return None, None
    return rendition.image, rendition.filter_spec
