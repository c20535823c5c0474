"""Load demo data: pages, agencies, innovations, competitions and users.

Idempotent (running it twice creates nothing new) and deterministic with --seed.
Each app owns its part in <app>/seed.py, called in order; data is created through
the apps' own domain functions so it never drifts from the rules.
"""

import importlib
import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction

# (module, random-stream name), in order: judging.seed.publication pages the competitions
# that judging.seed.competitions made. The stream names are the modules' historic paths,
# so a given --seed keeps giving the same demo content after the judging/ reorganisation.
SEED_STEPS = [
    ("home.seed", "home.seed"),
    ("innovations.seed", "innovations.seed"),
    ("judging.seed.competitions", "judging.seed"),
    ("judging.seed.publication", "judging.seed_publication"),
    ("judging.seed.objections", "judging.seed_objections"),
    # Only with --national-round: a round of 3,500 entries and 100 judges.
    ("judging.seed.national", "judging.seed_national"),
]


class Command(BaseCommand):
    help = "Create demo data for every screen of the portal (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument(
            "--innovations",
            type=int,
            default=300,
            help="number of demo innovations (default 300; 10000 or more for load tests)",
        )
        parser.add_argument(
            "--national-round",
            action="store_true",
            help="also an edition with one open desk round at national size (3,500 entries, "
                 "100 judges, 84,000 score values; needs --innovations 10000 or so) to try "
                 "the judging screens at full size",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        for dotted, stream in SEED_STEPS:
            module = importlib.import_module(dotted)
            step_started = time.monotonic()
            with transaction.atomic():
                module.run(
                    rng=random.Random(f"{options['seed']}:{stream}"),
                    options=options,
                    log=self.stdout.write,
                )
            self.stdout.write(f"  {dotted}: {time.monotonic() - step_started:.1f}s")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f}s.")
        )
