"""``python manage.py import_results FILE.csv``: load historic results (all or nothing)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from judging.services.archive import import_results


class Command(BaseCommand):
    help = ("Import past results from a CSV with the columns year,tier,innovation,agency "
            "and optionally category,province,agency_type,cluster,source,unit (idempotent; "
            "nothing is imported if any row is bad).")

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the CSV file (UTF-8)")
        parser.add_argument("--user", help="username recorded in the audit log")
        parser.add_argument("--language", default="id", choices=["id", "en"],
                            help="language of the row messages (default Indonesian)")
        parser.add_argument("--dry-run", action="store_true",
                            help="check the file and say what would happen; write nothing")

    def handle(self, *args, **options):
        user = None
        if options.get("user"):
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
        try:
            with translation.override(options.get("language") or "id"):
                report = import_results(file=options["file"], user=user,
                                        dry_run=options.get("dry_run", False))
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{options['file']} is not UTF-8 text.") from error
        if not report.ok:
            for line, message in report.errors:
                self.stderr.write(f"line {line}: {message}")
            raise CommandError(
                f"Nothing imported: {len(report.errors)} bad row(s) in {report.rows} row(s).")
        if report.dry_run:
            plan = report.plan
            self.stdout.write(
                f"{report.rows} row(s) read; nothing written (dry run): "
                f"{len(plan['new_agencies'])} new agencies, "
                f"{len(plan['matched_agencies'])} matched, "
                f"{len(plan['new_innovations'])} new innovations.")
            return
        created = ", ".join(f"{n} {kind}" for kind, n in sorted(report.created.items()) if n)
        self.stdout.write(self.style.SUCCESS(
            f"{report.rows} row(s) read; created: {created or 'nothing (already imported)'}."))
