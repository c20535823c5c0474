"""Benchmark the judging services at national size in a throwaway database.

    python manage.py bench_judging [--entries 3500] [--judges 100] [--k 3]

Creates a fresh test database (in-memory for SQLite, test_<name> for PostgreSQL),
bulk-loads entries, judges and submitted scores (3,500 × 3 judges × 8 criteria =
84,000 score values by default), then times assignment, statistics, finalisation and
the exports, printing figures and query counts only. The database is dropped after.
"""

import io
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, Page

from innovations.models import Agency, AgencyType, InnovationIndexPage, InnovationPage, Province
from judging import services
from judging.models import (
    Assignment,
    Competition,
    Entry,
    EntryStatus,
    JudgeProfile,
    Round,
    RoundKind,
    RoundPanelMember,
    RoundStatus,
    Score,
    ScoreStatus,
    ScoreValue,
)
from judging.services import exports
from judging.services.results import CutoffTieError


class Command(BaseCommand):
    help = "Time judging statistics, finalisation and exports at national size."

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=3500)
        parser.add_argument("--judges", type=int, default=100)
        parser.add_argument("--k", type=int, default=3)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            self.bench(options)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def timed(self, label, func):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            value = func()
            elapsed = time.perf_counter() - started
        self.stdout.write(f"{label:<34} {elapsed:8.2f} s  {len(queries):6d} queries")
        return value

    def bench(self, options):
        rng = random.Random(options["seed"])
        self.stdout.write(f"database: {connection.vendor}; entries {options['entries']}, "
                          f"judges {options['judges']}, k {options['k']}")
        with transaction.atomic():
            staff, round = self.timed("load entries and judges (bulk)",
                                      lambda: self.load(rng, options))
        self.timed("assign_automatically",
                   lambda: services.assign_automatically(round=round, user=staff, k=options["k"]))
        self.timed("load submitted scores (bulk)", lambda: self.load_scores(rng, round))
        self.stdout.write(f"  score values: {ScoreValue.objects.count()}")
        stats = self.timed("compute_round_statistics",
                           lambda: services.compute_round_statistics(round=round))
        self.stdout.write(f"  alpha {stats.alpha:.3f}; disagreements {len(stats.disagreements)}")
        services.set_round_status(round=round, user=staff, status=RoundStatus.CLOSED)
        result = self.timed("finalise_round (+ panel on ties)",
                            lambda: self.finalise(round, staff))
        self.timed("publish_result", lambda: services.publish_result(result=result, user=staff))
        self.timed("export raw scores CSV", lambda: exports.write_csv(
            exports.raw_score_rows(round=round, user=staff), io.StringIO()))
        self.timed("export results CSV", lambda: exports.write_csv(
            exports.result_rows(result=result, user=staff), io.StringIO()))
        self.timed("export results XLSX", lambda: exports.write_results_xlsx(
            result=result, user=staff, out=io.BytesIO()))

    def finalise(self, round, staff):
        while True:
            try:
                return services.finalise_round(round=round, user=staff)
            except CutoffTieError as tie:
                for position, entry_id in enumerate(sorted(tie.entry_ids)):
                    services.record_panel_decision(
                        round=round, entry=Entry.objects.get(pk=entry_id), user=staff,
                        selected=position < tie.seats, note="bench")

    def load(self, rng, options):
        User = get_user_model()
        staff = User.objects.create_superuser("bench-admin", "bench@example.org", "x")
        locale, _ = Locale.objects.get_or_create(language_code="id")
        root = Page.get_first_root_node()
        index = root.add_child(instance=InnovationIndexPage(title="Inovasi", slug="inovasi-bench",
                                                            locale=locale))
        provinces = list(Province.objects.all())
        Agency.objects.bulk_create([
            Agency(name=f"Instansi {i}", slug=f"instansi-{i}",
                   agency_type=rng.choice(AgencyType.values), province=rng.choice(provinces))
            for i in range(300)])
        agency_ids = list(Agency.objects.values_list("pk", flat=True))
        n = options["entries"]
        content_type = ContentType.objects.get_for_model(InnovationPage)
        pages = [Page(title=f"Inovasi {i}", draft_title=f"Inovasi {i}", slug=f"inovasi-{i}",
                      content_type=content_type, locale=locale, live=True,
                      path=Page._get_path(index.path, index.depth + 1, i + 1),
                      depth=index.depth + 1, numchild=0,
                      url_path=f"{index.url_path}inovasi-{i}/") for i in range(n)]
        Page.objects.bulk_create(pages, batch_size=500)
        rows = [InnovationPage(page_ptr_id=page.pk, agency_id=rng.choice(agency_ids), year=2026,
                               group="umum") for page in pages]
        fields = InnovationPage._meta.local_concrete_fields
        batch = max(1, connection.ops.bulk_batch_size(fields, rows))
        for start in range(0, len(rows), batch):
            InnovationPage._base_manager._insert(rows[start:start + batch], fields=fields,
                                                 raw=True)
        now = timezone.now()
        competition = Competition.objects.create(
            name="Bench", year=2099, slug="bench", registration_opens_at=now,
            submission_deadline=now)
        Entry.objects.bulk_create([Entry(competition=competition, innovation_id=page.pk,
                                         group="umum", status=EntryStatus.FORWARDED)
                                   for page in pages], batch_size=1000)
        desk, _interview = services.create_default_rubrics(competition=competition)
        round = Round.objects.create(competition=competition, order=1, kind=RoundKind.DESK,
                                     name="Desk", rubric=desk, judges_per_entry=options["k"],
                                     advance_count=99, status=RoundStatus.OPEN)
        User.objects.bulk_create([User(username=f"bench-juri{i}") for i in
                                  range(options["judges"])])
        judges = list(User.objects.filter(username__startswith="bench-juri"))
        group = Group.objects.get(name=services.JUDGE_GROUP)
        group.user_set.add(*judges)
        JudgeProfile.objects.bulk_create([
            JudgeProfile(user=judge, province=rng.choice(provinces) if rng.random() < 0.3
                         else None) for judge in judges])
        # The whole bench pool is the round's panel, without caps.
        RoundPanelMember.objects.bulk_create(
            [RoundPanelMember(round=round, judge=judge) for judge in judges])
        return staff, round

    def load_scores(self, rng, round):
        criteria = list(round.rubric.criteria.all())
        now = timezone.now()
        assignments = list(Assignment.objects.filter(round=round).values_list("pk", flat=True))
        Score.objects.bulk_create([Score(assignment_id=pk, status=ScoreStatus.SUBMITTED,
                                         submitted_at=now) for pk in assignments],
                                  batch_size=2000)
        scores = Score.objects.filter(assignment__round=round).values_list("pk", flat=True)
        ScoreValue.objects.bulk_create(
            (ScoreValue(score_id=pk, criterion=c, value=rng.randint(3, 10))
             for pk in scores.iterator() for c in criteria), batch_size=5000)
