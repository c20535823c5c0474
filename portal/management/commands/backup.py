"""``python manage.py backup FILE.tar.gz``: the database (every row of every table, as
JSON with its primary key, audit log included) and the uploaded media in one archive;
``restore`` reads it back into a database migrated to the same schema.

Database-neutral (dumpdata), so a backup taken on PostgreSQL restores on SQLite and
back. Media are read through the storage API, so S3-compatible storage works too. For a
large production database the database's own tools (pg_dump) are faster; this command
is the portable, tested path.
"""

import io
import json
import tarfile
import time

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

DATABASE_MEMBER = "database.json"
MANIFEST_MEMBER = "manifest.json"
MEDIA_PREFIX = "media/"


def media_files(storage, path=""):
    """Every file name under ``path`` in ``storage``, recursively."""
    directories, files = storage.listdir(path)
    for name in files:
        yield f"{path}{name}"
    for directory in directories:
        yield from media_files(storage, f"{path}{directory}/")


def add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    archive.addfile(info, io.BytesIO(data))


class Command(BaseCommand):
    help = "Write the database and the media files to one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write, e.g. backup-2026-12-01.tar.gz")
        parser.add_argument("--no-media", action="store_true", help="database only")

    def handle(self, *args, **options):
        out = io.StringIO()
        call_command("dumpdata", stdout=out, verbosity=0)
        database = out.getvalue().encode()
        media = [] if options["no_media"] else sorted(media_files(default_storage))
        try:
            with tarfile.open(options["file"], "w:gz") as archive:
                add_bytes(archive, DATABASE_MEMBER, database)
                for name in media:
                    with default_storage.open(name, "rb") as handle:
                        add_bytes(archive, MEDIA_PREFIX + name, handle.read())
                add_bytes(archive, MANIFEST_MEMBER, json.dumps({
                    "objects": len(json.loads(database)), "media": len(media)}).encode())
        except OSError as error:
            raise CommandError(f"Cannot write {options['file']}: {error}") from error
        self.stdout.write(self.style.SUCCESS(
            f"Backed up {len(json.loads(database))} rows and {len(media)} media file(s) "
            f"to {options['file']}."))
