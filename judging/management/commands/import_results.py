"""``python manage.py import_results FILE.csv``: load historic results (all or nothing)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from judging.services.archive import import_results


class Command(BaseCommand):
    help = ("Import past results from a CSV with the header "
            "year,tier,innovation,agency,agency_type,province,category (idempotent; "
            "nothing is imported if any row is bad).")

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the CSV file (UTF-8)")
        parser.add_argument("--user", help="username recorded in the audit log")

    def handle(self, *args, **options):
        user = None
        if options.get("user"):
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}.")
        try:
            report = import_results(file=options["file"], user=user)
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        if not report.ok:
            for line, message in report.errors:
                self.stderr.write(f"line {line}: {message}")
            raise CommandError(
                f"Nothing imported: {len(report.errors)} bad row(s) in {report.rows} row(s).")
        created = ", ".join(f"{n} {kind}" for kind, n in sorted(report.created.items()) if n)
        self.stdout.write(self.style.SUCCESS(
            f"{report.rows} row(s) read; created: {created or 'nothing (already imported)'}."))
