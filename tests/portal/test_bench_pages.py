"""`manage.py bench_pages` (issue 15): the pages it measures are found from the data and
answer 200 under its URLconf, floors included; budgets are judged against the floors of
the same run."""

import pytest
from django.test import override_settings

from portal.management.commands import bench_pages
from portal.management.commands.bench_pages import discover_urls, judge_budgets
from tests.factories import CompetitionFactory, awarded_entries, competition_pages, make_result
from tests.innovations.conftest import agency_index  # noqa: F401

pytestmark = pytest.mark.django_db


@override_settings(ROOT_URLCONF="portal.bench_urls", ALLOWED_HOSTS=["testserver"])
def test_every_discovered_page_answers_200(client, home_page, index, agency_index):  # noqa: F811
    competition = CompetitionFactory(year=2025, name="KIPP 2025")
    competition_pages(home_page, competition)
    entries = awarded_entries(competition, 2, index=index)
    make_result(competition, entries, tier="top99")

    urls = discover_urls()

    names = [name for name, _ in urls]
    assert names == ["floor: bare view", "floor: base.html", "home", "listing",
                     "search ?q=layanan", "profile", "agency page", "Top 99", "league table"]
    assert {path: client.get(path).status_code for _, path in urls} == \
        {path: 200 for _, path in urls}
    assert client.get("/_bench/ok").content == b"ok"
    assert client.get("/_bench/base")["Cache-Control"].startswith("max-age=0")


def row(name, req_per_s, *, cold_ms=10.0, p95_ms=50.0, errors=0, floor=False):
    return {"name": name, "url": f"http://x/{name}", "floor": floor, "cold_ms": cold_ms,
            "req_per_s": req_per_s, "p95_ms": p95_ms, "errors": errors}


def test_budgets_are_ratios_to_the_floors_of_the_same_run():
    rows = [row("_bench/ok", 1000.0, floor=True), row("_bench/base", 200.0, cold_ms=10.0,
                                                      floor=True),
            row("fast", 300.0, cold_ms=30.0), row("slow", 299.0, cold_ms=30.1, p95_ms=150.0,
                                                   errors=1)]

    report = judge_budgets(rows)

    fast, slow = report["pages"][2:]
    assert (fast["share_of_bare"], fast["cold_ratio_to_base"]) == (0.3, 3.0)
    assert set(fast["budgets"].values()) == {True}
    assert slow["budgets"] == {"warm ≥30% of bare": False, "p95 <150 ms": False,
                               "0 errors": False, "cold ≤3× base": False}
    assert report["pages"][0]["budgets"] == {}


def test_a_cold_ratio_is_to_the_floor_measured_beside_the_page():
    rows = [row("_bench/ok", 1000.0, floor=True), row("_bench/base", 200.0, cold_ms=10.0,
                                                      floor=True),
            {**row("page", 300.0, cold_ms=50.0), "cold_floor_ms": 20.0}]

    page = judge_budgets(rows)["pages"][2]

    assert page["cold_ratio_to_base"] == 2.5  # 50 / 20, not 50 / 10
    assert page["budgets"]["cold ≤3× base"] is True


def test_cold_samples_take_a_floor_request_before_each_page_request(monkeypatch):
    calls, times = [], iter([9.0, 30.0, 11.0, 36.0, 10.0, 33.0])
    monkeypatch.setattr(bench_pages.page_cache, "purge", lambda: calls.append("purge"))

    def request(url):
        calls.append(url)
        return next(times)
    monkeypatch.setattr(bench_pages, "one_request_ms", request)

    result = bench_pages.cold_samples("page", floor_url="floor", samples=3)

    assert result == (33.0, 10.0)  # the medians
    assert calls == ["purge", "floor", "purge", "page"] * 3
