"""The secretariat sets the proposal sections of each group per edition in the admin:
real fields (group, section, word limit, required) prefilled with the reference
sections, duplicates and groups without sections refused in Indonesian, and the
existing editions got the reference sections by migration."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovations.sections import DEFAULT_GROUP_SECTIONS
from judging.models import Competition
from tests.factories import CompetitionFactory, edition_sections, sections_post
from tests.judging.admin_views.test_editions import ADD, edition_form

REFERENCE = sorted((group, key, limit, required)
                   for group, rows in DEFAULT_GROUP_SECTIONS.items()
                   for key, limit, required in rows)


def shown_rows(html):
    """(group, key, word limit, required) of every section row of the form."""
    total = int(re.search(r'name="sections-TOTAL_FORMS" value="(\d+)"', html).group(1))
    rows = []
    for number in range(total):
        prefix = f"sections-{number}-"
        selected = {}
        for name in ("group", "key"):
            select = re.search(rf'<select name="{prefix}{name}".*?</select>', html, re.S).group(0)
            selected[name] = re.search(r'<option value="([^"]*)" selected>', select).group(1)
        limit = re.search(rf'name="{prefix}max_words" value="(\d+)"', html).group(1)
        required = re.search(rf'<input[^>]*name="{prefix}required"[^>]*>', html).group(0)
        rows.append((selected["group"], selected["key"], int(limit), "checked" in required))
    return sorted(rows)


def stored(competition):
    return sorted(competition.sections.values_list("group", "key", "max_words", "required"))


@pytest.mark.django_db
def test_a_new_edition_is_offered_the_reference_sections_and_saves_what_is_kept(
        client, staff, home_page):
    client.force_login(staff)

    html = client.get(reverse(ADD)).content.decode()

    assert shown_rows(html) == REFERENCE
    assert ("replikasi", "inspiration", 100, True) in REFERENCE
    assert ("khusus", "adaptability", 200, True) in REFERENCE
    assert "Bagian proposal" in html and "Batas jumlah kata" in html
    # The rows come back as shown (initial, without ids), one of them deleted, one changed.
    rows = [(group, key, 150 if key == "inspiration" else limit, required, None)
            for group, key, limit, required in REFERENCE]
    data = edition_form(groups=["umum", "replikasi", "khusus"],
                        **sections_post(rows, initial=len(rows)))
    lessons = next(number for number, row in enumerate(rows) if row[:2] == ("umum", "lessons"))
    data[f"sections-{lessons}-DELETE"] = "on"

    response = client.post(reverse(ADD), data)

    assert response.status_code == 302
    competition = Competition.objects.get(year=2031)
    expected = [(g, k, 150 if k == "inspiration" else n, r) for g, k, n, r in REFERENCE
                if (g, k) != ("umum", "lessons")]
    assert stored(competition) == expected
    assert [s.max_words for s in competition.sections_for("replikasi")
            if s.key == "inspiration"] == [150]


@pytest.mark.django_db
def test_an_edition_without_rows_shows_the_reference_and_saving_stores_them(
        client, staff, competition):
    client.force_login(staff)
    url = reverse("wagtailsnippets_judging_competition:edit", args=[competition.pk])

    html = client.get(url).content.decode()

    assert shown_rows(html) == REFERENCE
    assert stored(competition) == []


@pytest.mark.django_db
def test_a_section_twice_in_a_group_is_refused_and_nothing_typed_is_lost(
        client, staff, home_page):
    client.force_login(staff)
    data = edition_form(**sections_post([("umum", "summary", 200, True, None),
                                         ("umum", "summary", 250, False, None),
                                         ("khusus", "renewal", 200, True, None)]))

    response = client.post(reverse(ADD), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Bagian ini sudah tercantum untuk kelompok ini." in html
    assert not Competition.objects.filter(year=2031).exists()
    assert 'name="sections-1-max_words" value="250"' in html


@pytest.mark.django_db
def test_a_group_that_runs_without_sections_is_refused(client, staff, home_page):
    client.force_login(staff)
    data = edition_form(**sections_post([("umum", "summary", 200, True, None)]))

    response = client.post(reverse(ADD), data)

    assert response.status_code == 200
    assert ("Kelompok “Khusus” dibuka tetapi belum memiliki bagian proposal: tambahkan "
            "bagian-bagiannya di bawah.") in response.content.decode()
    assert not Competition.objects.filter(year=2031).exists()


@pytest.mark.django_db
def test_a_word_limit_must_be_at_least_one(client, staff, home_page):
    client.force_login(staff)
    data = edition_form(**sections_post([("umum", "summary", 0, True, None),
                                         ("khusus", "renewal", 200, True, None)]))

    response = client.post(reverse(ADD), data)

    assert response.status_code == 200
    assert not Competition.objects.filter(year=2031).exists()
    assert "sama dengan 1" in response.content.decode()  # "… lebih dari atau sama dengan 1."


@pytest.mark.django_db
def test_the_edition_list_and_form_do_not_query_per_section_or_edition(client, staff):
    client.force_login(staff)
    first = CompetitionFactory(year=2040)
    edition_sections(first, [("umum", "summary", 200, True)])
    index = reverse("wagtailsnippets_judging_competition:list")
    edit = reverse("wagtailsnippets_judging_competition:edit", args=[first.pk])
    client.get(index)
    client.get(edit)
    with CaptureQueriesContext(connection) as list_one:
        client.get(index)
    with CaptureQueriesContext(connection) as edit_one:
        client.get(edit)
    for year in (2041, 2042, 2043):
        edition_sections(CompetitionFactory(year=year), [("umum", "summary", 200, True)])
    edition_sections(first, [(group, key, limit, required)
                             for group, key, limit, required in REFERENCE])

    with CaptureQueriesContext(connection) as list_many:
        assert client.get(index).status_code == 200
    with CaptureQueriesContext(connection) as edit_many:
        assert client.get(edit).status_code == 200

    assert len(list_many.captured_queries) == len(list_one.captured_queries)
    assert len(edit_many.captured_queries) == len(edit_one.captured_queries)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_gives_existing_editions_the_reference_keeping_their_required_flags():
    executor = MigrationExecutor(connection)
    before = [("judging", "0017_rescore_and_reinstate")]
    after = [("judging", "0018_edition_sections")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldCompetition = old_apps.get_model("judging", "Competition")
    OldCompetition.objects.create(
        name="KIPP 2023", year=2023, slug="kipp-2023", registration_opens_at="2023-01-01T00:00Z",
        submission_deadline="2023-03-31T00:00Z", required_sections=["summary", "novelty"])
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new_apps = executor.loader.project_state(after).apps
        rows = new_apps.get_model("judging", "EditionSection").objects.filter(
            competition__year=2023)
        got = sorted(rows.values_list("group", "key", "max_words", "required"))
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes())
    # Every reference section of every group; required only where the edition had it.
    assert got == sorted((g, k, n, k in ("summary", "novelty")) for g, k, n, _r in REFERENCE)
