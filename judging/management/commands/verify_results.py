"""``python manage.py verify_results``: recompute every finalised result's checksum from
the database and compare it with the one stored when the round was finalised. Exits
with status 1 when any differs (an input changed after finalising)."""

from django.core.management.base import BaseCommand, CommandError

from judging.services.results import verify_results


class Command(BaseCommand):
    help = "Check every finalised round result against its stored checksum."

    def add_arguments(self, parser):
        parser.add_argument("--published", action="store_true",
                            help="only results that are published")

    def handle(self, *args, **options):
        checked = verify_results()
        if options["published"]:
            checked = [(result, ok) for result, ok in checked if result.published]
        bad = 0
        for result, ok in checked:
            label = f"{result.round.competition.name} · {result.round.name} (result {result.pk})"
            if ok:
                self.stdout.write(f"ok        {label}")
            else:
                bad += 1
                self.stdout.write(self.style.ERROR(f"MISMATCH  {label}"))
        if bad:
            raise CommandError(f"{bad} of {len(checked)} result(s) do not match their checksum.")
        self.stdout.write(self.style.SUCCESS(f"{len(checked)} result(s) match their checksum."))
