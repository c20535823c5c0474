"""``python manage.py prepare_renditions``: make the missing public renditions of every
live page that lists them (``public_renditions()``, portal/renditions.py), here and now.

Publishing a page queues this for that page alone. Run it after importing an archive of
profiles, after restoring a backup without its renditions, or when a template asks for a
new size: otherwise the first visitor of each page makes them inside their request.
Pages are read in batches; renditions that exist are skipped, so running it twice does
nothing the second time.
"""

import time

from django.apps import apps
from django.core.management.base import BaseCommand
from wagtail.models import Page

from portal.renditions import prepare

BATCH = 200


def models_with_renditions():
    return [model for model in apps.get_models()
            if issubclass(model, Page) and hasattr(model, "public_renditions")]


class Command(BaseCommand):
    help = "Make the missing public image renditions of every live page."

    def handle(self, *args, **options):
        started = time.perf_counter()
        pages = renditions = 0
        for model in models_with_renditions():
            ids = list(model.objects.live().order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(ids), BATCH):
                batch = model.objects.filter(pk__in=ids[start:start + BATCH])
                images = [image for page in batch for image in page.public_renditions()]
                renditions += prepare(images=images)  # the batch's images at once
                pages += len(batch)
        self.stdout.write(f"{pages} pages, {renditions} renditions ready "
                          f"({time.perf_counter() - started:.1f} s).")
