"""Benchmark the public pages as production serves them, each figure beside its floors.

    python manage.py bench_pages [--innovations N] [--workers 2] [--clients 16]
                                 [--seconds 10] [--port 8790] [--output bench/results]
                                 [--no-write]

``make bench-pages`` runs it. Point DATABASE_URL at the database to measure (issue 15's
figures are PostgreSQL's at ``--innovations 10000``); with ``--innovations N`` the
command first migrates it and loads ``seed_demo --innovations N`` (idempotent: an
already seeded database is reused). Set REDIS_URL for the shared cache, as production
does; without it every gunicorn worker keeps its own local-memory page cache.

It starts gunicorn (``--workers``, settings ``portal.settings.bench``: DEBUG off, the page
cache on) on 127.0.0.1 and measures, in the same run:

- the floors: ``/_bench/ok`` (a view that returns "ok" through every middleware) and
  ``/_bench/base`` (base.html alone with its context processors), never cached;
- the public pages: home, the innovation listing, a search, a profile, an agency page,
  the latest published Top 99 and the league table.

For each page: *cold*, one request right after a purge of the page cache (median of
``--cold-samples``, 7, each after its own purge; every worker has rendered every page
once before, so the figure is a purged cache's, not a fresh process's), each sample
after a request of the base-template floor (after its own purge): the page's cold ratio
is to the floor measured beside it (``cold_floor_ms``); and *warm*, wrk with
``--clients`` connections for ``--seconds`` (requests per second, p95 latency, errors).
Prints a table and writes
``<output>/<date>-pages.json`` with the machine (CPU count, load average) and versions.
Budgets (issue 15): warm ≥ 30 % of the bare view's throughput, p95 < 150 ms, 0 errors;
cold ≤ 3× the base-template floor. Nothing is asserted: budgets are figures to read.
"""

import datetime
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from innovations.models import AgencyIndexPage, InnovationIndexPage
from innovations.queries import public_innovations
from judging.models.publication import CompetitionIndexPage, CompetitionPage, tier_slug
from portal import page_cache

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %d %d\\n", summary.requests,
    summary.duration, latency:percentile(95), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout))
end
"""

WARM_SHARE_BUDGET = 0.30
P95_BUDGET_MS = 150.0
COLD_BUDGET_RATIO = 3.0
COLD_SAMPLES = 7
BASE_FLOOR_PATH = "/_bench/base"


class Command(BaseCommand):
    help = "Benchmark the public pages under gunicorn beside a bare view and base.html."

    def add_arguments(self, parser):
        parser.add_argument("--innovations", type=int, default=0,
                            help="migrate and seed_demo --innovations N first")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--clients", type=int, default=16)
        parser.add_argument("--seconds", type=int, default=10)
        parser.add_argument("--port", type=int, default=8790)
        parser.add_argument("--output", default="bench/results")
        parser.add_argument("--no-write", action="store_true")
        parser.add_argument("--cold-samples", type=int, default=COLD_SAMPLES,
                            help="single requests after a purge per page (the median is "
                                 f"kept; default {COLD_SAMPLES})")

    def handle(self, *args, **options):
        if shutil.which("wrk") is None:
            raise CommandError("wrk is not installed (apt-get install -y wrk).")
        if not os.environ.get("REDIS_URL"):
            raise CommandError("Set REDIS_URL (e.g. redis://127.0.0.1:6379/1): the cold "
                               "figures purge the page cache the gunicorn workers share.")
        if options["innovations"]:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("seed_demo", innovations=options["innovations"], verbosity=0)
        if connection.vendor == "postgresql":
            # What autovacuum does on a production server after a load: without planner
            # statistics (autovacuum may be off, and a fresh seed has none) every query
            # is planned blind, and the figures say nothing about production.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        urls = discover_urls()
        base = f"http://127.0.0.1:{options['port']}"
        server = start_gunicorn(port=options["port"], workers=options["workers"])
        try:
            wait_until_up(f"{base}/_bench/ok")
            prime_workers([base + path for _name, path in urls], workers=options["workers"])
            floor_url = base + BASE_FLOOR_PATH
            rows = [measure(name=name, url=base + path, clients=options["clients"],
                            seconds=options["seconds"], floor=name.startswith("floor"),
                            floor_url=None if name.startswith("floor") else floor_url,
                            samples=options["cold_samples"])
                    for name, path in urls]
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        report = judge_budgets(rows)
        self.print_table(report)
        if not options["no_write"]:
            path = write_report(report, output=options["output"], options=options)
            self.stdout.write(f"written: {path}")

    def print_table(self, report):
        head = (f"{'page':<24} {'cold ms':>8} {'floor ms':>8} {'× floor':>7} {'req/s':>8} "
                f"{'p95 ms':>8} {'errors':>6}  {'share of bare':>13}  budgets")
        self.stdout.write(head)
        for row in report["pages"]:
            share = "" if row["share_of_bare"] is None else f"{row['share_of_bare']:.1%}"
            floor = "" if row.get("cold_floor_ms") is None else f"{row['cold_floor_ms']:.1f}"
            ratio = "" if row["cold_ratio_to_base"] is None else f"{row['cold_ratio_to_base']:.1f}"
            met = ", ".join(f"{k} {'met' if v else 'NOT met'}" for k, v in row["budgets"].items())
            self.stdout.write(
                f"{row['name']:<24} {row['cold_ms']:>8.1f} {floor:>8} {ratio:>7} "
                f"{row['req_per_s']:>8.1f} {row['p95_ms']:>8.1f} {row['errors']:>6}  "
                f"{share:>13}  {met}")


def discover_urls():
    """(name, path) of the floors and one page of each public kind, from the data."""
    urls = [("floor: bare view", "/_bench/ok"), ("floor: base.html", BASE_FLOOR_PATH),
            ("home", "/")]
    index = InnovationIndexPage.objects.live().filter(locale__language_code="id").first()
    if index is None:
        raise CommandError("No innovation index page: seed the database first "
                           "(--innovations N).")
    urls += [("listing", index.url), ("search ?q=layanan", f"{index.url}?q=layanan")]
    innovation = public_innovations(index=index).order_by("-first_published_at").first()
    if innovation is not None:
        urls.append(("profile", f"{index.url}{innovation.slug}/"))
    agencies = AgencyIndexPage.objects.live().filter(locale__language_code="id").first()
    agency_slug = (public_innovations(index=index).exclude(agency__isnull=True)
                   .values_list("agency__slug", flat=True).first()
                   if innovation is not None else None)
    if agencies is not None and agency_slug:
        urls.append(("agency page", f"{agencies.url}{agency_slug}/"))
    top99 = (CompetitionPage.objects.live().filter(
        locale__language_code="id",
        competition__rounds__results__published=True,
        competition__rounds__tier="top99").order_by("-competition__year").first())
    if top99 is not None:
        urls.append(("Top 99", f"{top99.url}{tier_slug('top99')}/"))
    competitions = CompetitionIndexPage.objects.live().filter(
        locale__language_code="id").first()
    if competitions is not None:
        urls.append(("league table", f"{competitions.url}klasemen/"))
    return urls


def start_gunicorn(*, port, workers):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.bench"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(
        [str(gunicorn), "portal.wsgi", "--workers", str(workers), "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "--access-logfile", "/dev/null"],
        env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL)


def wait_until_up(url, *, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise CommandError(f"gunicorn did not answer {url} within {seconds} s.")


def one_request_ms(url):
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        status = response.status
    elapsed = (time.perf_counter() - start) * 1000
    if status != 200:
        raise CommandError(f"{url} answered {status}.")
    return elapsed


def prime_workers(urls, *, workers):
    """Render every page in every worker once before measuring, each after a purge: the
    cold figures are those of a purged page cache, not of a process that has not yet
    imported a view or compiled a template (a fresh worker's first base.html took 210 ms
    against 10-26 ms after). Requests on fresh connections land on the workers in turn."""
    for url in urls:
        for _ in range(2 * workers):
            page_cache.purge()
            one_request_ms(url)


def cold_samples(url, *, floor_url=None, samples=COLD_SAMPLES):
    """(median ms of ``url``, median ms of ``floor_url`` or None): single requests each
    right after a purge; with a floor, a floor request before each page request, so the
    page's ratio is to the floor measured at the same moment (on a shared machine one
    run's floor has been half or twice another's)."""
    pages, floors = [], []
    for _ in range(samples):
        if floor_url:
            page_cache.purge()
            floors.append(one_request_ms(floor_url))
        page_cache.purge()
        pages.append(one_request_ms(url))
    return (round(statistics.median(pages), 2),
            round(statistics.median(floors), 2) if floors else None)


def measure(*, name, url, clients, seconds, floor, floor_url=None, samples=COLD_SAMPLES):
    """Cold: single requests after a purge (cold_samples); warm: wrk."""
    cold_ms, cold_floor_ms = cold_samples(url, floor_url=floor_url, samples=samples)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    one_request_ms(url)  # warm the cache (and the workers) before the load
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(clients), "-d", f"{seconds}s", "-s", script.name,
         "--timeout", "10s", url], capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    found = re.search(r"^BENCH (\d+) (\d+) (\d+) (\d+) (\d+)$", out, re.M)
    if found is None:
        raise CommandError(f"wrk printed no summary for {url}:\n{out}")
    requests, duration_us, p95_us, status_errors, socket_errors = map(int, found.groups())
    return {"name": name, "url": url, "floor": floor, "cold_ms": cold_ms,
            "cold_floor_ms": cold_floor_ms,
            "req_per_s": round(requests / (duration_us / 1e6), 1),
            "p95_ms": round(p95_us / 1000, 2), "errors": status_errors + socket_errors}


def judge_budgets(rows):
    bare = next(row for row in rows if row["url"].endswith("/_bench/ok"))
    base = next(row for row in rows if row["url"].endswith("/_bench/base"))
    for row in rows:
        row["share_of_bare"] = None if row["floor"] else round(
            row["req_per_s"] / bare["req_per_s"], 4)
        # The base-template floor measured beside this page's own samples when the run
        # took it (cold_samples), else the floor row's.
        row["cold_ratio_to_base"] = None if row["floor"] else round(
            row["cold_ms"] / (row.get("cold_floor_ms") or base["cold_ms"]), 2)
        row["budgets"] = {} if row["floor"] else {
            "warm ≥30% of bare": row["share_of_bare"] >= WARM_SHARE_BUDGET,
            "p95 <150 ms": row["p95_ms"] < P95_BUDGET_MS,
            "0 errors": row["errors"] == 0,
            "cold ≤3× base": row["cold_ratio_to_base"] <= COLD_BUDGET_RATIO,
        }
    return {"pages": rows}


def write_report(report, *, output, options):
    load = os.getloadavg()
    report.update({
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in load],
                    "platform": platform.platform()},
        "versions": {"python": platform.python_version(), "django": django.get_version(),
                     "wagtail": wagtail.__version__,
                     "database": connection.vendor,
                     "cache": settings.CACHES["default"]["BACKEND"]},
        "options": {k: options[k] for k in ("innovations", "workers", "clients", "seconds")},
    })
    directory = Path(output)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{datetime.datetime.now(datetime.UTC).date().isoformat()}-pages.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return path
