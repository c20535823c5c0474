"""Benchmark the judging services at national size, each figure beside its floor.

    python manage.py bench_judging [--size XS|S|L] [--entries N] [--judges N] [--k N]
                                   [--criteria N] [--innovations N] [--agencies N]
                                   [--output bench/results] [--no-write] [--in-place]
                                   [--only assign,statistics,finalise,export]
                                   [--profile FILE]

``make bench`` runs it at size S. Sizes (issue 15):

- XS: a smoke test (a few seconds; the test suite runs it);
- S: 10,000 innovations, 500 agencies, a round of 3,500 entries × 3 judges × 8 criteria
  (84,000 score values), 100 judges;
- L: 20,000 entries × 5 judges × 10 criteria (1,000,000 values), 400 judges.

Builds its data in a fresh throwaway database (``test_<name>`` on PostgreSQL — point
DATABASE_URL at it — or in memory on SQLite), dropped afterwards; ``--in-place`` uses
the current database instead (the tests, inside their transaction). Each service call is
timed once, with its query count and the process's peak RSS during the call; beside it,
in the same run and on the same rows, its floor: the least the database must do for
the same answer (a raw ``AVG … GROUP BY``, the weighted total as one SQL aggregate, a
plain cursor reading the exported rows, the assignment planner alone), best of three;
for finalising on PostgreSQL also the same writes as one SQL statement (the rows
finalising stores, rolled back), timed before it.
Prints a table and writes ``<output>/<date>.json`` (machine: CPU count, load average;
versions; per size every figure, its floor, the ratio and the budget met or not).
Nothing is asserted: budgets are figures to read, not tests.

``--only`` times some groups of figures (``assign``: assign_automatically;
``statistics``: compute_round_statistics; ``finalise``: finalise_round, publish_result
and the result exports; ``export``: the raw-score export); the data the chosen ones need
is still built (untimed: judges are assigned, scores loaded), so a run is quicker.
"""

import datetime
import io
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale, Page

from innovations.models import Agency, AgencyType, InnovationIndexPage, InnovationPage, Province
from judging import services
from judging.maths import assignments as planner
from judging.maths.bench import weights
from judging.models import (
    Assignment,
    AssignmentStatus,
    Competition,
    Criterion,
    Entry,
    EntryEvent,
    EntryStatus,
    JudgeProfile,
    ResultRow,
    Round,
    RoundKind,
    RoundPanelMember,
    RoundResult,
    RoundStatus,
    Rubric,
    RubricKind,
    Score,
    ScoreStatus,
    ScoreValue,
)
from judging.services import entries as lifecycle
from judging.services import exports
from judging.services.assignments import _entry_refs, _judge_pool
from judging.services.results import CutoffTieError
from judging.services.rounds import next_round, round_entries

GROUPS = ("assign", "statistics", "finalise", "export")

SIZES = {
    "XS": {"innovations": 150, "agencies": 20, "entries": 60, "judges": 10, "k": 3,
           "criteria": 4},
    "S": {"innovations": 10_000, "agencies": 500, "entries": 3_500, "judges": 100, "k": 3,
          "criteria": 8},
    "L": {"innovations": 20_000, "agencies": 500, "entries": 20_000, "judges": 400, "k": 5,
          "criteria": 10},
}


def peak_reset():
    """Reset the kernel's peak-RSS mark of this process (Linux 4.0+); False elsewhere."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def peak_rss_mib():
    """Peak resident memory of this process in MiB (since the last reset on Linux)."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def budget_check(name, size, seconds, floors, peak):
    """(budget text, met) for the figures issue 15 budgets; (None, None) otherwise."""
    if name == "finalise_round":
        if size == "L":
            return "< 3 s and < 512 MiB", seconds < 3 and peak < 512
        weighted = floors.get("weighted total (SQL)")
        if weighted:
            return "≤ 3× weighted-total SQL", seconds <= 3 * weighted
    if name == "assign_automatically" and size in ("S", "L"):
        limit = 1 if size == "S" else 10
        return f"< {limit} s", seconds < limit
    if name == "export raw scores CSV" and size == "L":
        return "< 3 s", seconds < 3
    return None, None


def _row_count(value):
    """What a floor reports of its rows (read or written), when it counts them."""
    return value if type(value) is int else None


def git_commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=5, cwd=settings.BASE_DIR).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


class Command(BaseCommand):
    help = "Time judging assignment, statistics, finalising and exports beside their floors."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="S")
        for name in ("entries", "judges", "k", "criteria", "innovations", "agencies"):
            parser.add_argument(f"--{name}", type=int, default=None,
                                help=f"override the size's {name}")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "bench" /
                                                     "results"))
        parser.add_argument("--no-write", action="store_true", help="print only")
        parser.add_argument("--in-place", action="store_true",
                            help="use the current database (tests) instead of a throwaway one")
        parser.add_argument("--only", default=",".join(GROUPS),
                            help=f"comma-separated groups of figures to time: {', '.join(GROUPS)}")
        parser.add_argument("--profile", default=None, metavar="FILE",
                            help="also run finalise_round under cProfile (a rolled-back "
                                 "trial before the timed pass) and dump the statistics to "
                                 "FILE")

    def handle(self, *args, **options):
        params = dict(SIZES[options["size"]])
        for name in params:
            if options[name] is not None:
                params[name] = options[name]
        if params["criteria"] < 1 or params["k"] < 1 or params["entries"] < 1:
            raise CommandError("entries, k and criteria must be at least 1")
        params["innovations"] = max(params["innovations"], params["entries"])
        self.size, self.params = options["size"], params
        self.only = {name.strip() for name in options["only"].split(",") if name.strip()}
        if not self.only or self.only - set(GROUPS):
            raise CommandError(f"--only takes some of: {', '.join(GROUPS)}")
        self.profile = options["profile"]
        self.load_at_start = list(os.getloadavg()) if hasattr(os, "getloadavg") else []
        self.figures = []
        self.in_place = options["in_place"]
        if self.in_place:
            self.bench(options["seed"])
        else:
            old_name = connection.settings_dict["NAME"]
            connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
            try:
                self.bench(options["seed"])
            finally:
                connection.creation.destroy_test_db(old_name, verbosity=0)
        report = self.report()
        self.print_table(report)
        if not options["no_write"]:
            path = self.write(report, Path(options["output"]))
            self.stdout.write(f"written: {path}")
        return None

    # --- measuring -------------------------------------------------------------------

    def measure(self, func, repeat=1):
        best = None
        for _ in range(repeat):
            peak_reset()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                value = func()
                elapsed = time.perf_counter() - started
            if best is None or elapsed < best[0]:
                best = (elapsed, len(queries), peak_rss_mib(), value)
        return best

    def figure(self, name, func, floors=(), floors_before=()):
        """Time ``func`` once, then each floor (best of three) on the same rows; the
        ``floors_before`` are timed before ``func`` (those that must see the rows as
        ``func`` finds them)."""
        floor_runs = {label: self.measure(floor, repeat=3) for label, floor in floors_before}
        seconds, queries, peak, value = self.measure(func)
        floor_runs.update({label: self.measure(floor, repeat=3) for label, floor in floors})
        floor_times = {label: run[0] for label, run in floor_runs.items()}
        budget, met = budget_check(name, self.size, seconds, floor_times, peak)
        self.figures.append({
            "name": name, "seconds": round(seconds, 4), "queries": queries,
            "peak_rss_mib": peak,
            "floors": [{"name": label, "seconds": round(floor_seconds, 4),
                        "ratio": round(seconds / floor_seconds, 1) if floor_seconds else None,
                        "rows": _row_count(floor_runs[label][3])}
                       for label, floor_seconds in floor_times.items()],
            "budget": budget, "met": met,
        })
        return value

    # --- floors: the same answer with the least work ---------------------------------

    def sql(self, query, params):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                return len(cursor.fetchall())
        return run

    def tables(self):
        return {name: model._meta.db_table for name, model in [
            ("value", ScoreValue), ("score", Score), ("assignment", Assignment),
            ("criterion", Criterion), ("resultrow", ResultRow), ("entry", Entry),
            ("page", Page)]}

    def score_joins(self):
        t = self.tables()
        return (f"FROM {t['value']} v JOIN {t['score']} s ON v.score_id = s.id "
                f"JOIN {t['assignment']} a ON s.assignment_id = a.id "
                f"WHERE a.round_id = %s AND a.status = %s AND s.status = %s")

    def floor_average(self, round):
        return ("raw AVG … GROUP BY", self.sql(
            f"SELECT a.entry_id, AVG(v.value) {self.score_joins()} GROUP BY a.entry_id",
            [round.pk, AssignmentStatus.ACTIVE, ScoreStatus.SUBMITTED]))

    def floor_weighted(self, round):
        t = self.tables()
        joins = self.score_joins().replace(
            "WHERE", f"JOIN {t['criterion']} c ON v.criterion_id = c.id WHERE")
        query = (
            "SELECT entry_id, AVG(total) FROM ("
            " SELECT a.entry_id, a.judge_id, 100.0 * SUM(c.weight * (v.value - c.min_value)"
            " / (c.max_value - c.min_value)) / SUM(c.weight) AS total"
            f" {joins} GROUP BY a.entry_id, a.judge_id) totals GROUP BY entry_id")
        return ("weighted total (SQL)", self.sql(
            query, [round.pk, AssignmentStatus.ACTIVE, ScoreStatus.SUBMITTED]))

    def floor_stored_outcome(self, round, staff):
        """PostgreSQL only: the weighted totals, each entry's mean, deviation and rank,
        and the three rows finalising writes per entry (its result row, its status and
        round, its history event) as one SQL statement, the deferred foreign-key checks
        run (SET CONSTRAINTS ALL IMMEDIATE), all rolled back. No quotas, ties, panel
        decisions, normalisation, checksum or reason texts: what any finalise storing
        the same outcome pays the database, however it computes it."""
        t = self.tables()
        t.update(event=EntryEvent._meta.db_table, result=RoundResult._meta.db_table)
        joins = self.score_joins().replace(
            "WHERE", f"JOIN {t['criterion']} c ON v.criterion_id = c.id WHERE")
        following = next_round(round)
        passed = lifecycle.leads_to("advance" if following else "award")
        failed = lifecycle.leads_to("not_advance")
        query = (
            "WITH totals AS (SELECT a.entry_id, 100.0 * SUM(c.weight * (v.value - c.min_value)"
            " / (c.max_value - c.min_value)) / SUM(c.weight) AS total"
            f" {joins} GROUP BY a.entry_id, a.judge_id),"
            " ranked AS (SELECT entry_id, AVG(total) AS score, COUNT(*) AS n,"
            " stddev_samp(total) AS sd, rank() OVER (ORDER BY AVG(total) DESC) AS rank"
            " FROM totals GROUP BY entry_id),"
            f" stored AS (INSERT INTO {t['resultrow']} (result_id, entry_id, rank, shared_rank,"
            " raw_mean, score, n_judges, sd, flags, selected, reason_code, reason_params,"
            " cluster, source) SELECT %s, entry_id, rank, false, score, score, n, sd, '[]',"
            " rank <= %s, CASE WHEN rank <= %s THEN 'selected_rank' ELSE 'outside_top_n'"
            " END, '{}', '', '' FROM ranked RETURNING entry_id, selected),"
            f" moved AS (UPDATE {t['entry']} e SET status = CASE WHEN r.selected THEN %s"
            " ELSE %s END, current_round_id = CASE WHEN r.selected THEN %s ELSE %s END"
            " FROM stored r WHERE e.id = r.entry_id RETURNING e.id, e.status)"
            f" INSERT INTO {t['event']} (entry_id, actor_id, created_at, round_id, status, note)"
            " SELECT id, %s, now(), %s, status, %s FROM moved")

        def run():
            try:
                with transaction.atomic():
                    result = RoundResult.objects.create(
                        round=round, created_by=staff, round_settings={}, checksum="floor")
                    with connection.cursor() as cursor:
                        cursor.execute(query, [
                            round.pk, AssignmentStatus.ACTIVE, ScoreStatus.SUBMITTED,
                            result.pk, round.advance_count, round.advance_count,
                            str(passed), str(failed), (following or round).pk, round.pk,
                            staff.pk, round.pk, f"{round.name}: floor"])
                        written = cursor.rowcount  # one event per entry moved
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    raise _DryRun
            except _DryRun:
                return written
        return ("the same writes in one SQL statement", run)

    def floor_raw_rows(self, round):
        t = self.tables()
        joins = self.score_joins().replace(
            "WHERE", f"JOIN {t['criterion']} c ON v.criterion_id = c.id "
                     f"JOIN {t['entry']} e ON a.entry_id = e.id "
                     f"JOIN {t['page']} p ON e.innovation_id = p.id WHERE")
        return ("cursor read of the same rows", self.sql(
            f"SELECT a.entry_id, p.title, a.judge_id, c.\"key\", v.value, v.comment, "
            f"s.submitted_at {joins} ORDER BY a.entry_id, a.judge_id, c.\"order\", c.id",
            [round.pk, AssignmentStatus.ACTIVE, ScoreStatus.SUBMITTED]))

    def floor_result_rows(self, result):
        t = self.tables()
        return ("cursor read of the same rows", self.sql(
            f"SELECT r.rank, r.entry_id, p.title, r.raw_mean, r.score, r.n_judges, r.sd, "
            f"r.selected, r.reason_code FROM {t['resultrow']} r "
            f"JOIN {t['entry']} e ON r.entry_id = e.id JOIN {t['page']} p "
            f"ON e.innovation_id = p.id WHERE r.result_id = %s ORDER BY r.rank, r.entry_id",
            [result.pk]))

    def floor_planner(self, round):
        judges, _caps = _judge_pool()
        entries = _entry_refs(round_entries(round))
        return ("planner alone (no database)", lambda: planner.assign_judges(
            entries=entries, judges=judges, k=self.params["k"], seed=round.pk))

    # --- the run ---------------------------------------------------------------------

    def bench(self, seed):
        rng = random.Random(seed)
        p = self.params
        self.stdout.write(f"size {self.size} on {connection.vendor}: {p['innovations']:,} "
                          f"innovations, {p['agencies']} agencies, {p['entries']:,} entries × "
                          f"{p['k']} judges × {p['criteria']} criteria, {p['judges']} judges")
        with transaction.atomic():
            staff, round = self.figure("load innovations, entries, judges (bulk)",
                                       lambda: self.load(rng))
        self.analyse()
        def assign():
            return services.assign_automatically(round=round, user=staff, k=p["k"])

        if "assign" in self.only:
            self.figure("assign_automatically", assign, floors=[self.floor_planner(round)])
        else:
            assign()
        if not self.only & {"statistics", "finalise", "export"}:
            self.values = 0
            return
        self.figure("load submitted scores (bulk)", lambda: self.load_scores(rng, round))
        self.analyse()
        self.values = ScoreValue.objects.filter(score__assignment__round=round).count()
        if "statistics" in self.only:
            self.figure("compute_round_statistics",
                        lambda: services.compute_round_statistics(round=round),
                        floors=[self.floor_average(round), self.floor_weighted(round)])

        def raw_export():
            # What the download streams (COPY on PostgreSQL), in the committee's style.
            self.figure("export raw scores CSV", lambda: sum(
                len(chunk) for chunk in exports.raw_score_csv(round=round, user=staff,
                                                              style=exports.COMMITTEE)),
                floors=[self.floor_raw_rows(round)])

        if "finalise" not in self.only:
            if "export" in self.only:
                raw_export()
            return
        services.set_round_status(round=round, user=staff, status=RoundStatus.CLOSED)
        self.settle_ties(round, staff)
        if self.profile:
            self.profile_finalise(round, staff)
        result = self.figure("finalise_round", lambda: services.finalise_round(
            round=round, user=staff), floors=[self.floor_average(round),
                                               self.floor_weighted(round)],
            floors_before=[self.floor_stored_outcome(round, staff)]
            if connection.vendor == "postgresql" else [])
        self.figure("publish_result", lambda: services.publish_result(result=result,
                                                                      user=staff))
        if "export" in self.only:
            raw_export()
        self.figure("export results CSV", lambda: exports.write_csv(
            exports.result_rows(result=result, user=staff), io.StringIO()),
            floors=[self.floor_result_rows(result)])
        self.figure("export results XLSX", lambda: exports.write_results_xlsx(
            result=result, user=staff, out=io.BytesIO()),
            floors=[self.floor_result_rows(result)])

    def profile_finalise(self, round, staff):
        """finalise_round under cProfile as a trial (rolled back, like settle_ties; the
        deferred foreign-key checks of the commit included), statistics to a file."""
        import cProfile

        profiler = cProfile.Profile()
        try:
            with transaction.atomic():
                profiler.enable()
                try:
                    services.finalise_round(round=round, user=staff)
                    if connection.vendor == "postgresql":
                        with connection.cursor() as cursor:
                            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                finally:
                    profiler.disable()
                raise _DryRun
        except _DryRun:
            pass
        profiler.dump_stats(self.profile)
        self.stdout.write(f"profile of finalise_round: {self.profile}")

    def analyse(self):
        """Table statistics after a bulk load, as autovacuum gathers them on a production
        server (without them PostgreSQL plans the joins over a million fresh rows as if
        the tables were empty: nested loops, 30 s instead of 3). Not in place: there the
        tables are the caller's (the tests'), and ANALYZE writes their row estimates at
        once, rolled back or not, changing the plans of whatever runs next."""
        if connection.vendor == "postgresql" and not self.in_place:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def settle_ties(self, round, staff):
        """Record panel decisions for cut-off ties first, so the timed finalise is one
        clean pass (each attempt with a tie rolls back)."""
        while True:
            try:
                with transaction.atomic():
                    services.finalise_round(round=round, user=staff)
                    raise _DryRun
            except _DryRun:
                return
            except CutoffTieError as tie:
                for position, entry_id in enumerate(sorted(tie.entry_ids)):
                    services.record_panel_decision(
                        round=round, entry=Entry.objects.get(pk=entry_id), user=staff,
                        selected=position < tie.seats, note="bench")

    def rubric(self, competition):
        """The 2023 desk rubric at 8 criteria; otherwise ``criteria`` criteria, the first
        weighing most (judging.maths.bench.weights)."""
        n = self.params["criteria"]
        desk, _interview = services.create_default_rubrics(competition=competition)
        if n == desk.criteria.count():
            return desk
        rubric = Rubric.objects.create(competition=competition, name=f"Bench {n}",
                                       kind=RubricKind.DESK)
        Criterion.objects.bulk_create([
            Criterion(rubric=rubric, key=f"k{i}", name=f"Kriteria {i}", order=i,
                      weight=Decimal(weight), min_value=1, max_value=10,
                      comment_required=False)
            for i, weight in enumerate(weights(n), 1)])
        return rubric

    def load(self, rng):
        p = self.params
        User = get_user_model()
        staff = User.objects.create_superuser("bench-admin", "bench@example.org", "x")
        locale, _ = Locale.objects.get_or_create(language_code="id")
        root = Page.get_first_root_node()
        index = root.add_child(instance=InnovationIndexPage(title="Inovasi", slug="inovasi-bench",
                                                            locale=locale))
        provinces = list(Province.objects.all())
        Agency.objects.bulk_create([
            Agency(name=f"Instansi Bench {i}", slug=f"instansi-bench-{i}",
                   agency_type=rng.choice(AgencyType.values),
                   province=rng.choice(provinces) if provinces else None)
            for i in range(p["agencies"])], batch_size=1000)
        agency_ids = list(Agency.objects.filter(slug__startswith="instansi-bench-")
                          .values_list("pk", flat=True))
        n = p["innovations"]
        content_type = ContentType.objects.get_for_model(InnovationPage)
        pages = [Page(title=f"Inovasi {i}", draft_title=f"Inovasi {i}", slug=f"inovasi-{i}",
                      content_type=content_type, locale=locale, live=True,
                      path=Page._get_path(index.path, index.depth + 1, i + 1),
                      depth=index.depth + 1, numchild=0,
                      url_path=f"{index.url_path}inovasi-{i}/") for i in range(n)]
        Page.objects.bulk_create(pages, batch_size=500)
        Page.objects.filter(pk=index.pk).update(numchild=n)
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
                                   for page in rng.sample(pages, p["entries"])],
                                  batch_size=1000)
        round = Round.objects.create(competition=competition, order=1, kind=RoundKind.DESK,
                                     name="Desk", rubric=self.rubric(competition),
                                     judges_per_entry=p["k"], advance_count=99,
                                     status=RoundStatus.OPEN)
        User.objects.bulk_create([User(username=f"bench-juri{i}") for i in range(p["judges"])])
        judges = list(User.objects.filter(username__startswith="bench-juri"))
        group = Group.objects.get(name=services.JUDGE_GROUP)
        group.user_set.add(*judges)
        JudgeProfile.objects.bulk_create([
            JudgeProfile(user=judge, province=rng.choice(provinces)
                         if provinces and rng.random() < 0.3 else None) for judge in judges])
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

    # --- the report ------------------------------------------------------------------

    def report(self):
        server = ""
        if connection.vendor == "postgresql":
            server = str(connection.pg_version)
        elif connection.vendor == "sqlite":
            import sqlite3
            server = sqlite3.sqlite_version
        return {
            "size": self.size, "parameters": self.params, "score_values": self.values,
            "database": {"vendor": connection.vendor, "server_version": server},
            "figures": self.figures,
        }

    def print_table(self, report):
        out = self.stdout.write
        out(f"\n{'figure':<42} {'seconds':>9} {'queries':>8} {'peak MiB':>9}  floor")
        for figure in report["figures"]:
            floors = "; ".join(f"{f['name']} {f['seconds']:.4f} s (×{f['ratio']})"
                               for f in figure["floors"]) or "—"
            out(f"{figure['name']:<42} {figure['seconds']:>9.3f} {figure['queries']:>8} "
                f"{figure['peak_rss_mib']:>9.1f}  {floors}")
            if figure["budget"]:
                out(f"{'':<42} budget {figure['budget']}: "
                    f"{'met' if figure['met'] else 'NOT met'}")
        out(f"score values: {report['score_values']:,}")

    def write(self, report, folder):
        folder.mkdir(parents=True, exist_ok=True)
        now = datetime.datetime.now(datetime.UTC)
        path = folder / f"{now.date().isoformat()}.json"
        data = {}
        if path.exists():
            try:
                data = json.loads(path.read_text())
            except ValueError:
                data = {}
        load = os.getloadavg() if hasattr(os, "getloadavg") else None
        data.update({
            "date": now.isoformat(timespec="seconds"),
            "machine": {"cpu_count": os.cpu_count(), "load_average": list(load or []),
                        "load_average_at_start": self.load_at_start,
                        "platform": platform.platform(), "processor": platform.processor()},
            "versions": {"python": sys.version.split()[0], "django": django.get_version(),
                         "wagtail": wagtail.__version__, "commit": git_commit()},
        })
        data.setdefault("runs", {})[self.size] = {**report, "finished_at":
                                                  now.isoformat(timespec="seconds")}
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return path


class _DryRun(Exception):
    """Raised to roll back a trial finalise once it got past the tie check."""
