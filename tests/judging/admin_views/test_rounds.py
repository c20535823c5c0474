"""The secretariat's admin screens: rounds, dashboard (constant queries), actions,
reopen with a reason and exports."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from judging.models import (
    Assignment,
    PanelDecision,
    RoundKind,
    RoundResult,
    RoundStatus,
    Score,
    ScoreStatus,
)
from judging.services import create_default_rubrics
from tests.factories import CompetitionFactory, RoundFactory
from tests.judging.helpers import assign, close_round, count_queries, submit

pytestmark = pytest.mark.django_db


def dashboard(round):
    return reverse("judging_admin:round_dashboard", args=[round.pk])


def scored_round(*, round, judges, staff, entries, values):
    """Every entry scored by the first two judges; values[i] is entry i's score."""
    for entry, value in zip(entries, values, strict=True):
        for judge in judges[:2]:
            submit(assign(round=round, entry=entry, judge=judge, staff=staff), value=value)


def test_rounds_list(client, desk, staff, judges, make_entries):
    entries = make_entries(desk.competition, 2)
    scored_round(round=desk, judges=judges, staff=staff, entries=entries[:1], values=[7])
    assign(round=desk, entry=entries[1], judge=judges[0], staff=staff)
    client.force_login(staff)

    response = client.get(reverse("judging_admin:rounds"))

    html = response.content.decode()
    assert response.status_code == 200
    assert dashboard(desk) in html
    assert "2 / 3" in html


def test_dashboard_shows_progress_histograms_disagreement_and_ranking(
        client, desk, staff, judges, make_entries):
    entries = make_entries(desk.competition, 3)
    scored_round(round=desk, judges=judges, staff=staff, entries=entries[:2], values=[9, 5])
    # Entry 3: the two judges disagree strongly (totals 100 and 0).
    submit(assign(round=desk, entry=entries[2], judge=judges[0], staff=staff), value=10)
    submit(assign(round=desk, entry=entries[2], judge=judges[1], staff=staff), value=1)
    client.force_login(staff)

    response = client.get(dashboard(desk))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<dd>6 / 6</dd>" in html
    assert html.count('role="img"') == 2  # one histogram per judge
    # "Distribution of the 3 totals submitted by juri1"
    assert "Sebaran 3 total nilai yang dikirim oleh juri1" in html
    disagreement = html[html.index('id="disagreement-title"'):html.index('id="ranking-title"')]
    assert f"#{entries[2].pk}" in disagreement
    assert f"#{entries[0].pk}" not in disagreement
    assert "70,71" in disagreement  # SD of (100, 0)
    ranking = html[html.index('id="ranking-title"'):]
    assert ranking.index(f"#{entries[0].pk}") < ranking.index(f"#{entries[1].pk}")
    assert entries[0].innovation.agency.name in ranking


def test_the_disagreement_list_is_paginated_most_severe_first(
        client, desk, staff, judges, make_entries, monkeypatch):
    """At national size thousands of entries can be flagged: the list is shown a page
    at a time (the count stays the whole list's), and paging it or the ranking keeps
    the other list's page."""
    from judging.admin_views import rounds

    monkeypatch.setattr(rounds, "DISAGREEMENT_PAGE_SIZE", 2)
    monkeypatch.setattr(rounds, "RANKING_PAGE_SIZE", 2)
    entries = make_entries(desk.competition, 5)
    # Entry i: one judge gives 10, the other 6 - i: spreads 4, 5, 6, 7, 8 points.
    for i, entry in enumerate(entries):
        submit(assign(round=desk, entry=entry, judge=judges[0], staff=staff), value=10)
        submit(assign(round=desk, entry=entry, judge=judges[1], staff=staff), value=6 - i)
    desk.disagreement_sd_threshold = 1
    desk.save(update_fields=["disagreement_sd_threshold"])
    client.force_login(staff)

    def flagged(response):
        html = response.content.decode()
        part = html[html.index('id="disagreement-title"'):html.index('id="ranking-title"')]
        shown = sorted((part.index(f"#{e.pk}<"), e.pk) for e in entries if f"#{e.pk}<" in part)
        return [pk for _at, pk in shown], part, html

    first, part, html = flagged(client.get(dashboard(desk)))
    second, part2, _html = flagged(client.get(dashboard(desk) + "?pd=2&p=2"))
    _last, _part, ranking_html = flagged(client.get(dashboard(desk) + "?p=2&pd=3"))
    wrong, _part, _html = flagged(client.get(dashboard(desk) + "?pd=abc"))

    assert "<dd>5</dd>" in html  # entries with disagreement: all of them, not the page's
    assert first == [entries[4].pk, entries[3].pk]  # the widest spread first
    assert second == [entries[2].pk, entries[1].pk]
    assert "Halaman 1 dari 3" in part  # Page 1 of 3
    assert 'href="?pd=3&amp;p=2#disagreement-title"' in part2  # the ranking's page kept
    assert 'href="?p=3&amp;pd=3#ranking-title"' in ranking_html
    assert wrong == first


def test_dashboard_query_count_is_the_same_for_2_and_10_entries(
        client, desk, staff, judges, make_entries):
    client.force_login(staff)
    small_entries = make_entries(desk.competition, 2)
    scored_round(round=desk, judges=judges, staff=staff, entries=small_entries, values=[8, 6])
    other = CompetitionFactory(year=2031)
    rubric, _interview = create_default_rubrics(competition=other)
    large_round = RoundFactory(competition=other, order=1, kind=RoundKind.DESK, rubric=rubric,
                               judges_per_entry=2, advance_count=5, name="Evaluasi")
    large_entries = make_entries(other, 10)
    scored_round(round=large_round, judges=judges[2:], staff=staff, entries=large_entries,
                 values=[1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    client.get(dashboard(desk))  # warm per-process caches (content types, site)

    small = count_queries(lambda: client.get(dashboard(desk)))
    large = count_queries(lambda: client.get(dashboard(large_round)))

    assert small == large


def test_assign_automatically_from_the_dashboard(client, desk, staff, judges, make_entries):
    entries = make_entries(desk.competition, 4)
    desk.min_scores_for_normalising = 2  # every judge reaches it: no warning
    desk.save()
    client.force_login(staff)

    response = client.post(reverse("judging_admin:round_assign", args=[desk.pk]), follow=True)

    assert response.status_code == 200
    assert "8 penugasan dibuat." in response.content.decode()  # "8 assignments created."
    assert Assignment.objects.filter(round=desk, entry__in=entries).count() == 8


def test_reopen_requires_a_reason(client, desk, staff, judges, make_entries):
    entry = make_entries(desk.competition, 1)[0]
    score = submit(assign(round=desk, entry=entry, judge=judges[0], staff=staff))
    url = reverse("judging_admin:entry_scores", args=[desk.pk, entry.pk])
    client.force_login(staff)

    response = client.post(url, {"score": score.pk, "reason": " "})

    assert response.status_code == 400
    # "Give a reason for reopening the score."
    assert "Berikan alasan untuk membuka kembali nilai." in response.content.decode()
    score.refresh_from_db()
    assert score.status == ScoreStatus.SUBMITTED

    response = client.post(url, {"score": score.pk, "reason": "Juri salah memasukkan nilai."})

    assert response.status_code == 302
    score.refresh_from_db()
    assert score.status == ScoreStatus.DRAFT


def test_finalise_publish_and_exports(client, desk, staff, judges, make_entries):
    entries = make_entries(desk.competition, 3)
    scored_round(round=desk, judges=judges, staff=staff, entries=entries, values=[9, 7, 5])
    close_round(desk, staff)
    client.force_login(staff)

    response = client.post(reverse("judging_admin:round_finalise", args=[desk.pk]))

    assert response.status_code == 302
    result = RoundResult.objects.get(round=desk)
    assert list(result.rows.filter(selected=True).values_list("entry_id", flat=True)
                .order_by("entry_id")) == [entries[0].pk, entries[1].pk]

    html = client.get(dashboard(desk)).content.decode()
    assert html.count("Terpilih berdasarkan peringkat") == 2  # "Selected by rank"
    assert "Berada di luar peringkat 2 teratas" in html  # "Ranked outside the top 2"

    client.post(reverse("judging_admin:round_publish", args=[desk.pk]))

    result.refresh_from_db()
    assert result.published is True

    raw = client.get(reverse("judging_admin:export", args=[desk.pk, "nilai-mentah.csv"]),
                     {"gaya": "data"})
    rows = list(csv.reader(io.StringIO(b"".join(raw.streaming_content).decode())))
    assert rows[0] == ["entry_id", "innovation", "judge", "criterion", "value", "comment",
                       "submitted_at"]
    assert len(rows) == 1 + 3 * 2 * desk.rubric.criteria.count()
    results = client.get(reverse("judging_admin:export", args=[desk.pk, "hasil.csv"]),
                         {"gaya": "data"})
    lines = list(csv.reader(io.StringIO(b"".join(results.streaming_content).decode())))
    assert [line[1] for line in lines[1:]] == [str(e.pk) for e in entries]
    xlsx = client.get(reverse("judging_admin:export", args=[desk.pk, "hasil.xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 4


def test_cutoff_tie_asks_for_a_panel_decision(client, desk, staff, judges, make_entries):
    entries = make_entries(desk.competition, 3)
    # advance_count is 2; entries 2 and 3 tie for the second seat.
    scored_round(round=desk, judges=judges, staff=staff, entries=entries, values=[9, 6, 6])
    close_round(desk, staff)
    client.force_login(staff)
    url = reverse("judging_admin:round_finalise", args=[desk.pk])

    response = client.post(url)

    assert response.status_code == 409
    html = response.content.decode()
    assert f'name="panel-{entries[1].pk}"' in html
    assert f'name="panel-{entries[2].pk}"' in html
    assert not RoundResult.objects.filter(round=desk).exists()

    response = client.post(url, {f"panel-{entries[1].pk}": "0", f"panel-{entries[2].pk}": "1",
                                 "panel_note": "Rapat panel 3 Juni."})

    assert response.status_code == 302
    assert PanelDecision.objects.filter(round=desk).count() == 2
    selected = RoundResult.objects.get(round=desk).rows.filter(selected=True)
    assert sorted(selected.values_list("entry_id", flat=True)) == [entries[0].pk, entries[2].pk]


def test_judge_scores_reopened_become_editable(client, desk, staff, judges, make_entries):
    entry = make_entries(desk.competition, 1)[0]
    assignment = assign(round=desk, entry=entry, judge=judges[0], staff=staff)
    score = submit(assignment)
    client.force_login(staff)
    client.post(reverse("judging_admin:entry_scores", args=[desk.pk, entry.pk]),
                {"score": score.pk, "reason": "Nilai tertukar."})
    client.force_login(judges[0])

    html = client.get(reverse("judging_admin:score_entry", args=[assignment.pk])).content.decode()

    assert 'name="value-signifikansi" value="7"' in html
    assert Score.objects.get(pk=score.pk).status == ScoreStatus.DRAFT


def test_open_and_close_the_round(client, desk, staff):
    client.force_login(staff)
    url = reverse("judging_admin:round_status", args=[desk.pk])

    client.post(url, {"status": "closed", "confirm": "1"})
    desk.refresh_from_db()
    assert desk.status == RoundStatus.CLOSED

    response = client.post(url, {"status": "finalised"}, follow=True)
    desk.refresh_from_db()
    assert desk.status == RoundStatus.CLOSED
    assert "Pilih dibuka atau ditutup." in response.content.decode()  # "Choose open or closed."

    client.post(url, {"status": "open"})
    desk.refresh_from_db()
    assert desk.status == RoundStatus.OPEN


def test_committee_csv_is_in_indonesian_with_decimal_commas_and_local_time(
        client, desk, staff, judges, make_entries):
    desk.normalise = False
    desk.save()
    entries = make_entries(desk.competition, 3)
    # advance_count is 2: the third entry does not advance.
    scored_round(round=desk, judges=judges, staff=staff, entries=entries, values=[7, 5, 3])
    close_round(desk, staff)
    client.force_login(staff)
    client.post(reverse("judging_admin:round_finalise", args=[desk.pk]))

    raw = client.get(reverse("judging_admin:export", args=[desk.pk, "nilai-mentah.csv"]))
    body = b"".join(raw.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads the file as UTF-8
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["nomor entri", "inovasi", "juri", "kriteria", "nilai", "komentar",
                       "waktu kirim (waktu setempat)"]
    assert {row[4] for row in rows[1:]} == {"7,00", "5,00", "3,00"}
    # Times are in the portal's zone (Asia/Jakarta), named as Indonesians read them.
    assert all(row[6].endswith(" WIB") for row in rows[1:])

    results = client.get(reverse("judging_admin:export", args=[desk.pk, "hasil.csv"]))
    lines = list(csv.reader(io.StringIO(
        b"".join(results.streaming_content).decode("utf-8").lstrip("\ufeff")), delimiter=";"))
    assert lines[0][:5] == ["peringkat", "nomor entri", "inovasi", "instansi", "rerata"]
    assert "," in lines[1][4]
    assert "." not in lines[1][4]
    assert lines[1][8] == "ya"
    assert lines[3][8] == "tidak"

    xlsx = client.get(reverse("judging_admin:export", args=[desk.pk, "hasil.xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    header, first = list(sheet.iter_rows(values_only=True))[:2]
    assert header[0] == "peringkat"
    assert isinstance(first[4], float)  # numbers stay numbers in the workbook


# --- quotas on the dashboard: unmet minimums need a panel note; proportional minimums


@pytest.fixture
def unmet_round(desk, staff, judges, make_entries):
    """A closed desk round of three scored entries, all advancing, with a minimum for
    Papua Tengah that no entry can fill."""
    from judging.models import RoundQuota

    entries = make_entries(desk.competition, 3)
    scored_round(round=desk, judges=judges, staff=staff, entries=entries, values=[9, 7, 5])
    desk.advance_count = 3
    desk.save()
    RoundQuota.objects.create(round=desk, dimension="province", cluster="94", min_seats=1)
    return close_round(desk, staff)


def test_finalising_with_an_unmet_minimum_asks_for_a_panel_note(client, unmet_round, staff):
    client.force_login(staff)
    url = reverse("judging_admin:round_finalise", args=[unmet_round.pk])

    response = client.post(url, {})

    assert response.status_code == 409
    html = response.content.decode()
    assert "Perlu keputusan panel: minimum kuota tidak dapat dipenuhi" in html
    assert "Provinsi: Papua Tengah: 0 dari sedikitnya 1 kursi" in html
    assert 'name="accept_unmet"' in html
    assert not RoundResult.objects.exists()

    # Ticked but no note: refused again, with the reason, the form still there.
    response = client.post(url, {"accept_unmet": "1", "panel_note": "  "})

    assert response.status_code == 409
    assert "Centang kotak dan tulis catatan panel" in response.content.decode()
    assert not RoundResult.objects.exists()

    note = "Tidak ada peserta dari Papua Tengah; panel menerima."
    response = client.post(url, {"accept_unmet": "1", "panel_note": note})

    assert response.status_code == 302
    result = RoundResult.objects.get(round=unmet_round)
    assert result.round_settings["quota_outcome"]["panel_note"] == note
    html = client.get(dashboard(unmet_round)).content.decode()
    assert "Minimum tidak terpenuhi" in html
    assert note in html


def test_a_too_long_panel_note_is_refused_on_the_dashboard(client, unmet_round, staff):
    from judging.services.limits import PANEL_NOTE_MAX

    client.force_login(staff)
    response = client.post(reverse("judging_admin:round_finalise", args=[unmet_round.pk]),
                           {"accept_unmet": "1", "panel_note": "x" * (PANEL_NOTE_MAX + 1)},
                           follow=True)

    assert "Gunakan paling banyak" in response.content.decode()
    assert not RoundResult.objects.exists()


def test_proportional_minimums_from_the_dashboard(client, desk, staff, make_entries):
    make_entries(desk.competition, 4)  # provinces 35, 32, 73, 35; Top 2
    client.force_login(staff)

    response = client.post(reverse("judging_admin:round_quota_proposal", args=[desk.pk]),
                           {"dimension": "province", "reserve": "100"}, follow=True)

    assert dict(desk.quotas.values_list("cluster", "min_seats")) == {"32": 1, "35": 1}
    assert "Minimum proporsional ditetapkan" in response.content.decode()

    response = client.post(reverse("judging_admin:round_quota_proposal", args=[desk.pk]),
                           {"dimension": "province", "reserve": "150"}, follow=True)
    assert "Bagian kursi harus berupa bilangan bulat dari 0 sampai 100." in \
        response.content.decode()


def test_dashboard_quota_lists_take_the_same_queries_for_one_or_many(
        client, desk, staff, judges, make_entries):
    """The quotas and the seats given by quota of a finalised round: one query each,
    whatever their number."""
    from judging.models import RoundQuota
    from judging.services import finalise_round

    def finalised(round, provinces, values):
        entries = make_entries(round.competition, len(values), provinces=provinces)
        scored_round(round=round, judges=judges, staff=staff, entries=entries, values=values)
        # Every entry's province has a minimum of one: each seat is given by quota.
        for code in dict.fromkeys(provinces):
            RoundQuota.objects.create(round=round, dimension="province", cluster=code,
                                      min_seats=1)
        close_round(round, staff)
        return finalise_round(round=round, user=staff)

    desk.advance_count = 1
    desk.save()
    small = finalised(desk, ("35",), [9])
    other = CompetitionFactory(year=2031)
    rubric, _interview = create_default_rubrics(competition=other)
    many = RoundFactory(competition=other, order=1, kind=RoundKind.DESK, rubric=rubric,
                        judges_per_entry=2, advance_count=3)
    large = finalised(many, ("35", "32", "73"), [9, 8, 7])
    assert len(small.round_settings["quota_outcome"]["quota_seats"]) == 1
    assert len(large.round_settings["quota_outcome"]["quota_seats"]) == 3
    client.force_login(staff)
    client.get(dashboard(desk))

    assert count_queries(lambda: client.get(dashboard(desk))) == count_queries(
        lambda: client.get(dashboard(many)))


def test_the_dashboard_explains_alpha_and_the_checksum(client, desk, staff, judges, make_entries):
    entries = make_entries(desk.competition, 3)
    scored_round(round=desk, judges=judges, staff=staff, entries=entries, values=[7, 5, 3])
    close_round(desk, staff)
    client.force_login(staff)
    client.post(reverse("judging_admin:round_finalise", args=[desk.pk]))

    html = client.get(dashboard(desk)).content.decode()

    assert "1 berarti sepenuhnya sepakat" in html  # alpha: "1 is full agreement"
    assert "sidik jari (SHA-256)" in html  # checksum: "a fingerprint (SHA-256)"


def test_a_closed_rounds_finalise_buttons_are_in_view_not_folded_away(
        client, desk, staff, judges, make_entries):
    entries = make_entries(desk.competition, 2)
    scored_round(round=desk, judges=judges, staff=staff, entries=entries, values=[7, 5])
    close_round(desk, staff)
    client.force_login(staff)

    html = client.get(dashboard(desk)).content.decode()

    section = html.split('aria-labelledby="finalise-title"', 1)[1].split("</section>", 1)[0]
    before = html.split('aria-labelledby="finalise-title"', 1)[0]
    assert before.count("<details") == before.count("</details>")  # not inside a fold
    assert reverse("judging_admin:round_finalise", args=[desk.pk]) in section
    assert "Finalisasi di latar belakang" in section
