"""Real-browser harness: Debian's Chromium driven by Playwright against a live server.

One live server and one seeded database serve the whole browser session: seeding per
test (what pytest-django's ``live_server`` + ``transactional_db`` would force) costs
seconds each time. The data is committed once by ``seed_demo`` and flushed at the end,
which leaves the database as any transactional test leaves it. What the journeys write
(their own proposal, score, edition) stays within the browser session: the tests use
no ``db`` fixture, so pytest-django runs them after every database test. When only browser
tests are collected, pytest-django creates no test database, so the harness creates
one itself; it refuses to seed the configured (development) database.
"""

import io
import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an asyncio loop in this thread; Django refuses ORM calls
# from a thread with a running loop unless told this is deliberate. Only while browser
# fixtures and tests run: left set, it leaks into other tests' subprocesses (and
# `check --deploy` rightly fails on it).
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@contextmanager
def orm_beside_playwright():
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture(autouse=True)
def _orm_beside_playwright():
    with orm_beside_playwright():
        yield

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# Enough for a listing with pages although the blind rule withholds the entries of the
# editions still judging blind (with 250, 127 stay public: 224 live, of which 97 withheld).
SEED_INNOVATIONS = 250


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


@pytest.fixture(scope="session")
def chromium_path():
    """Debian's Chromium, or a skip (on a developer machine) / failure (in CI)."""
    if CHROMIUM.exists():
        return str(CHROMIUM)
    message = (
        f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium); "
        "it is missing"
    )
    if running_in_ci():
        pytest.fail(f"{message}, and CI is set, so this is a failure.", pytrace=False)
    pytest.skip(f"{message}: skipping the browser suite (set CI=true to make this fail).")


@pytest.fixture(scope="session")
def playwright_browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def _database_name():
    from django.db import connection

    return connection.settings_dict["NAME"]


# Read while conftests load, before any test database exists: the database this
# harness must never seed or flush.
CONFIGURED_DATABASE = _database_name()


@pytest.fixture(scope="session")
def _seeded_live_server(chromium_path, django_db_setup, django_db_blocker):
    """A live server over the demo data, started once per session (per xdist worker)."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock(), orm_beside_playwright():
        own_databases = None
        if _database_name() == CONFIGURED_DATABASE:
            # pytest-django creates test databases only when a collected test asks for
            # `db`; these tests do not (they must not run inside a transaction), so
            # when only browser tests run, create the test database here.
            own_databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        if _database_name() == CONFIGURED_DATABASE:
            pytest.fail(f"refusing to seed {CONFIGURED_DATABASE}: not a test database")
        ensure_wagtail_roots()
        call_command("seed_demo", seed=2026, innovations=SEED_INNOVATIONS, stdout=io.StringIO())
        server = LiveServer("localhost")
    yield server
    server.stop()
    with django_db_blocker.unblock(), orm_beside_playwright():
        if own_databases is not None:
            teardown_databases(own_databases, verbosity=0)
        else:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def live_site(_seeded_live_server, django_db_blocker):
    """The live server's base URL; the database is open to it while the test runs."""
    with django_db_blocker.unblock():
        yield _seeded_live_server.url


def ensure_wagtail_roots():
    """Recreate the rows Wagtail's migrations make when a transactional test flushed them.

    pytest-django runs transactional tests before these; their flush removes the root
    page and root collection that seed_demo builds on.
    """
    from wagtail.models import Collection, Locale, Page

    locale, _ = Locale.objects.get_or_create(language_code="id")
    if not Page.get_first_root_node():
        Page.add_root(title="Root", slug="root", locale=locale)
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")


@pytest.fixture
def context(playwright_browser):
    context = playwright_browser.new_context(viewport=DESKTOP, locale="id-ID")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def screenshot(request):
    """screenshot(page, label=""): save the page at desktop and phone width.

    Files: test-artifacts/screenshots/<test-name>[-label]-<width>.png. The viewport is
    left at desktop width afterwards.
    """
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")

    def take(page, label=""):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = f"{base}-{label}" if label else base
        paths = []
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            path = ARTIFACTS / f"{name}-{size['width']}.png"
            page.screenshot(path=str(path), full_page=True)
            paths.append(path)
        page.set_viewport_size(DESKTOP)
        return paths

    return take



OPERATOR_DRAFT_TITLE = "Draf Pemeriksaan Aksesibilitas Ruang Kerja"


@pytest.fixture
def operator_draft(live_site):
    """The pk of a draft proposal of operator1's unit (created once per session)."""
    from django.contrib.auth import get_user_model

    from innovations import services
    from innovations.models import InnovationPage, Unit

    user = get_user_model().objects.get(username="operator1")
    unit = Unit.objects.filter(pk__in=services.operator_unit_ids(user)).order_by("pk").first()
    draft = InnovationPage.objects.filter(unit=unit, title=OPERATOR_DRAFT_TITLE).first()
    if draft is None:
        draft = services.create_proposal(unit=unit, user=user, title=OPERATOR_DRAFT_TITLE)
    return draft.pk


@pytest.fixture
def operator_page(page, live_site, operator_draft):
    """The `page`, signed in on the front end as operator1 (a unit operator)."""
    from home.seed import DEMO_PASSWORD
    from tests.browser.pages import SignInPage

    SignInPage(page, live_site).open().log_in("operator1", DEMO_PASSWORD)
    assert "/masuk/" not in page.url, "operator1 could not sign in"
    return page


def workspace_paths(draft_pk):
    """The workspace pages checked for accessibility and phone layout."""
    return ["/ruang-kerja/", f"/ruang-kerja/inovasi/{draft_pk}/ubah/profil/",
            f"/ruang-kerja/inovasi/{draft_pk}/ubah/ringkasan/"]
