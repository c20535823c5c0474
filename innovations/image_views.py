"""The permission-checked view of the images of unpublished proposals (portal/media.py).

``/berkas-usulan/<name>`` serves an original or a rendition stored privately to the
people who may read the proposal (innovations.uploads.may_see_image); anyone else is
told it does not exist. Once the proposal is a public profile the image moves to public
media and the URL redirects there.
"""

import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from innovations.uploads import (
    is_public_image,
    make_image_public,
    may_see_image,
    moved_image,
    proposal_image_for_file,
)
from portal.media import is_private_name


@require_safe
def proposal_media(request, name):
    if not is_private_name(name):
        raise Http404
    image, filter_spec = proposal_image_for_file(name)
    if image is None:
        # Linked by a page made before the image moved to public media: its original.
        moved = moved_image(name)
        if moved is None:
            raise Http404
        return redirect(moved.file.url)
    if is_public_image(image):
        image = make_image_public(image=image)
        return redirect(image.get_rendition(filter_spec).url if filter_spec
                        else image.file.url)
    if not may_see_image(request.user, image):
        raise Http404
    response = FileResponse(image.file.storage.open(name, "rb"),
                            content_type=mimetypes.guess_type(name)[0])
    response["Cache-Control"] = "private, max-age=3600"
    return response
