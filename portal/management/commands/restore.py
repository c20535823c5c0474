"""``python manage.py restore FILE.tar.gz --yes``: replace the database's rows and the
media files with a ``backup`` archive (see backup.py). The schema must be migrated first
(``manage.py migrate``); everything the archive holds is loaded in one transaction, so a
broken archive leaves the database as it was."""

import json
import tarfile
import tempfile
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from portal.management.commands.backup import DATABASE_MEMBER, MEDIA_PREFIX

FIRST = ["contenttypes.contenttype", "auth.permission"]


class Command(BaseCommand):
    help = "Replace the database rows and media files with those of a backup archive."

    def add_arguments(self, parser):
        parser.add_argument("file", help="an archive written by manage.py backup")
        parser.add_argument("--yes", action="store_true",
                            help="confirm that the current data may be replaced")

    def handle(self, *args, **options):
        if not options["yes"]:
            raise CommandError("Restoring replaces every row and media file; add --yes.")
        path = options["file"]
        try:
            self.restore(path)
        except (OSError, tarfile.TarError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error

    def restore(self, path):
        with tarfile.open(path, "r:gz") as archive:
            names = archive.getnames()
            if DATABASE_MEMBER not in names:
                raise CommandError(f"{path} is not a backup (no {DATABASE_MEMBER}).")
            objects = json.loads(archive.extractfile(DATABASE_MEMBER).read())
            rows = len(objects)
            # Content types and permissions first: signal handlers of other models look
            # content types up while loading and would create them with new ids.
            objects.sort(key=lambda item: FIRST.index(item["model"])
                         if item["model"] in FIRST else len(FIRST))
            database = json.dumps(objects).encode()
            with tempfile.TemporaryDirectory() as folder:
                fixture = Path(folder) / "backup.json"
                fixture.write_bytes(database)
                with transaction.atomic():
                    if connection.vendor == "postgresql":
                        # Checks deferred by earlier writes of this transaction must run
                        # before TRUNCATE (PostgreSQL refuses it with pending triggers).
                        with connection.cursor() as cursor:
                            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    # Content types and permissions come from the archive, with their ids.
                    call_command("flush", interactive=False, verbosity=0,
                                 inhibit_post_migrate=True)
                    ContentType.objects.clear_cache()
                    if connection.vendor == "postgresql":
                        with connection.cursor() as cursor:  # rows load in any order
                            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                    call_command("loaddata", str(fixture), verbosity=0)
            media = 0
            for member in archive.getmembers():
                if not (member.isfile() and member.name.startswith(MEDIA_PREFIX)):
                    continue
                name = member.name[len(MEDIA_PREFIX):]
                if ".." in Path(name).parts or name.startswith("/"):
                    raise CommandError(f"Unsafe file name in the archive: {member.name}")
                if default_storage.exists(name):
                    default_storage.delete(name)
                default_storage.save(name, ContentFile(archive.extractfile(member).read()))
                media += 1
        # The full-text index (FTS tables on SQLite, vectors on PostgreSQL) is rebuilt
        # from the restored rows rather than trusted from the archive.
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS(
            f"Restored {rows} rows and {media} media file(s) from {path}."))
