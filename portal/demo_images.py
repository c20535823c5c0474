"""Generated pictures for demo content (Pillow), stored as Wagtail images.

Deterministic: the same title and seed give the same picture, so seed_demo is
repeatable and needs no files from outside the project.
"""

import io
import random

from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw

PALETTES = [
    ("#0b5d4b", "#f6c945"),
    ("#1a4f8b", "#9ad0f5"),
    ("#7a2e5a", "#f7b2c9"),
    ("#8a4b08", "#fcd581"),
    ("#2d6a4f", "#b7e4c7"),
    ("#3d405b", "#f2cc8f"),
]


def render_png(*, seed: int, width: int | None = None, height: int | None = None) -> bytes:
    """An abstract picture: circles and bars, from one seed.

    The size comes from settings.DEMO_IMAGE_SIZE so the test suite can use tiny
    pictures (encoding AVIF/WebP renditions of large ones dominates test time).
    """
    default_width, default_height = getattr(settings, "DEMO_IMAGE_SIZE", (960, 600))
    width, height = width or default_width, height or default_height
    rng = random.Random(seed)
    dark, light = PALETTES[rng.randrange(len(PALETTES))]
    image = PILImage.new("RGB", (width, height), dark)
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(4, 8)):
        radius = rng.randint(height // 8, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=light, width=6)
    for index in range(rng.randint(3, 6)):
        bar_height = rng.randint(height // 6, height // 2)
        left = width // 16 + index * width // 10
        bottom = height - height // 15
        draw.rectangle((left, bottom - bar_height, left + width // 16, bottom), fill=light)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def get_or_create_image(*, title: str, seed: int, collection=None):
    """The Wagtail image with this title, made once."""
    from wagtail.images import get_image_model

    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    data = render_png(seed=seed)
    image = Image(title=title)
    if collection is not None:
        image.collection = collection
    image.file = ImageFile(io.BytesIO(data), name=f"demo-{seed}.png")
    image.save()
    return image
