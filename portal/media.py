"""Media storage that keeps the images of unpublished proposals private.

Wagtail stores an image's original and its renditions in one storage for every image
(the default storage; renditions are named after the original). ``MediaRouter`` is that
default storage: a file whose name starts with ``PRIVATE_MARKER`` (the workspace names
every uploaded image so, innovations/uploads.py, and Wagtail names its renditions after
it) lives in the private storage and its URL is the permission-checked view
``/berkas-usulan/<name>`` (innovations/image_views.py); every other file (editors'
images, agency logos, documents, images of public profiles) lives in the public media
storage (``STORAGES["media"]``: the file system under MEDIA_ROOT, or S3) and is served
as ordinary media.

When the profile of a proposal becomes public, the first request for one of its private
images moves the image to public media (``innovations.uploads.make_image_public``) and
redirects there; from then on pages link the public file.
"""

import posixpath

from django.core.files.storage import Storage, storages
from django.urls import reverse
from django.utils.deconstruct import deconstructible

PRIVATE_MARKER = "usulan-"


def is_private_name(name):
    return posixpath.basename(name or "").startswith(PRIVATE_MARKER)


@deconstructible
class MediaRouter(Storage):
    """Delegates each file to the public media storage or, for private names, to the
    private storage (settings STORAGES["media"] and STORAGES["private"])."""

    @property
    def public(self):
        return storages["media"]

    @property
    def private(self):
        return storages["private"]

    def backend(self, name):
        return self.private if is_private_name(name) else self.public

    def _open(self, name, mode="rb"):
        return self.backend(name).open(name, mode)

    def _save(self, name, content):
        return self.backend(name).save(name, content)

    def get_available_name(self, name, max_length=None):
        return self.backend(name).get_available_name(name, max_length=max_length)

    def get_valid_name(self, name):
        return self.public.get_valid_name(name)

    def generate_filename(self, filename):
        return self.backend(filename).generate_filename(filename)

    def delete(self, name):
        return self.backend(name).delete(name)

    def exists(self, name):
        return self.backend(name).exists(name)

    def size(self, name):
        return self.backend(name).size(name)

    def path(self, name):
        return self.backend(name).path(name)

    def get_modified_time(self, name):
        return self.backend(name).get_modified_time(name)

    def url(self, name):
        if is_private_name(name):
            return reverse("proposal_media", args=[name])
        return self.public.url(name)

    def listdir(self, path):
        """The public files, and the private storage's proposal images (not its other
        files, e.g. background job results), so backups hold both."""
        directories, files = set(), set()
        for storage, only_private in ((self.public, False), (self.private, True)):
            try:
                found_directories, found_files = storage.listdir(path)
            except (FileNotFoundError, NotADirectoryError):
                continue
            directories.update(found_directories)
            files.update(name for name in found_files
                         if not only_private or is_private_name(name))
        return sorted(directories), sorted(files)
