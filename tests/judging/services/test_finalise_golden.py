"""Finalising a fixed round gives exactly the rows and checksum recorded before the
one-pass rewrite of finalising (issue 15, Deliver 3).

The round: 14 entries with fixed ids, 5 judges with fixed ids, three judges per entry
(one entry with two, one with none), every value a fixed function of (entry, judge,
criterion), halves included; severity normalisation on (every judge has at least five
totals), a passing grade, disagreement thresholds, two pairs of entries scored
identically by the same judges (one a tie at the cut-off settled by the panel, the other
a shared rank the quotas settle), a quota minimum and maximum by province and an unmet
minimum accepted with a note. The expected values below were computed by
the code as it stood before the rewrite (commit 5782e91) and pasted as literals: any
change in a stored row, the snapshot or the checksum fails here.
"""

import hashlib
import json
from decimal import Decimal

import pytest

from innovations.models import Province
from judging.models import Entry, EntryEvent, PanelDecision, RoundQuota
from judging.services import CutoffTieError, compute_round_statistics, finalise_round, save_scores
from judging.services.results import input_checksum, recompute_checksum
from judging.services.statistics import ScoreRows
from tests.factories import (
    AgencyFactory,
    EntryFactory,
    InnovationPageFactory,
    UserFactory,
    judge,
    panel,
)
from tests.judging.helpers import assign, close_round

ENTRY_IDS = [970_001 + i for i in range(14)]
JUDGE_IDS = [980_001 + j for j in range(5)]
PROVINCES = ("35", "32", "73")
COPIES = {11: 10, 4: 1}  # entry index: the entry whose judges and values it copies


def value_for(entry_index, judge_index, criterion_index):
    """A value 1-10 in half steps, fixed by the three indices."""
    raw = (entry_index * 7 + judge_index * 3 + criterion_index * 5) % 19  # 0..18
    return Decimal(2 + raw) / 2  # 1.0 .. 10.0


def judges_of(entry_index):
    if entry_index == 12:
        return [0, 1]  # too few judges
    if entry_index == 13:
        return []  # not scored
    if entry_index in COPIES:
        return judges_of(COPIES[entry_index])  # the same judges as the entry copied
    return [(entry_index + k) % 5 for k in range(3)]


@pytest.fixture
def fixed_round(desk, staff, index):
    desk.normalise = True
    desk.min_scores_for_normalising = 5
    desk.judges_per_entry = 3
    desk.advance_count = 6
    desk.disagreement_sd_threshold = Decimal("12.00")
    desk.disagreement_range_threshold = Decimal("25.00")
    desk.tier = "top99"
    desk.passing_grade = Decimal("45.00")
    desk.save()
    for j, pk in enumerate(JUDGE_IDS):
        UserFactory(id=pk, username=f"juri-tetap-{j}")
    users = [judge(f"juri-tetap-{j}") for j in range(5)]
    panel(desk, users)
    entries = []
    for i, pk in enumerate(ENTRY_IDS):
        agency = AgencyFactory(province=Province.objects.get(code=PROVINCES[i % 3]))
        page = InnovationPageFactory(parent=index, agency=agency)
        entries.append(EntryFactory(id=pk, competition=desk.competition, innovation=page,
                                    revision=page.latest_revision))
    criteria = list(desk.rubric.criteria.all())
    for i, entry in enumerate(entries):
        for j in judges_of(i):
            assignment = assign(round=desk, entry=entry, judge=users[j], staff=staff)
            source = COPIES.get(i, i)  # a copy's values too: an exact tie
            values = {c.key: (str(value_for(source, j, ci)),
                              "Komentar juri" if c.comment_required else "")
                      for ci, c in enumerate(criteria)}
            save_scores(assignment=assignment, user=users[j], values=values, submit=True)
    RoundQuota.objects.create(round=desk, dimension="province", cluster="73", min_seats=3)
    RoundQuota.objects.create(round=desk, dimension="province", cluster="35", max_seats=2)
    RoundQuota.objects.create(round=desk, dimension="province", cluster="94", min_seats=1)
    close_round(desk, staff)
    return desk


def finalise(round, staff):
    try:
        return finalise_round(round=round, user=staff, panel_note="Catatan panel tetap",
                              accept_unmet_minimums=True)
    except CutoffTieError as tie:
        decisions = {e: position < tie.seats for position, e in enumerate(sorted(tie.entry_ids))}
        return finalise_round(round=round, user=staff, panel_decisions=decisions,
                              panel_note="Catatan panel tetap", accept_unmet_minimums=True)


def events(round):
    return sorted(EntryEvent.objects.filter(round=round).values_list("entry_id", "status", "note"))


def places():
    return sorted(Entry.objects.filter(pk__in=ENTRY_IDS).values_list(
        "pk", "status", "current_round__order"))


def result_rows(result):
    return [(r.entry_id, r.rank, r.shared_rank, r.raw_mean, r.score, r.n_judges, r.sd,
             r.flags, r.selected, r.reason_code, r.reason_params)
            for r in result.rows.order_by("entry_id")]


@pytest.mark.django_db
def test_finalising_the_fixed_round_gives_the_recorded_rows_snapshot_and_checksum(
        fixed_round, staff):
    result = finalise(fixed_round, staff)

    assert result.checksum == CHECKSUM
    assert result.alpha == ALPHA
    assert result.round_settings == SETTINGS
    assert result_rows(result) == ROWS
    assert events(fixed_round) == EVENTS
    assert places() == PLACES
    assert sorted(PanelDecision.objects.filter(round=fixed_round).values_list(
        "entry_id", "selected")) == PANEL
    assert recompute_checksum(result=result) == CHECKSUM


@pytest.mark.django_db
def test_the_statistics_of_the_fixed_round_rank_as_recorded(fixed_round):
    stats = compute_round_statistics(round=fixed_round)

    ranked = {row[0]: (row[1], row[2], row[4]) for row in ROWS}
    assert {r.entry_id: (r.rank, r.tied, r.score) for r in stats.ranking} == ranked
    assert stats.alpha == ALPHA
    assert len(stats.rows) == 12 * 3 * 8 + 2 * 8
    assert stats.rows == sorted(stats.rows)


def reference_checksum(*, settings, rows, panel):
    """input_checksum as it was written before the rewrite (one json.dumps)."""
    payload = {"settings": settings, "rows": [[str(part) for part in row] for row in rows],
               "panel": sorted([entry_id, bool(chosen)] for entry_id, chosen in panel.items())}
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


@pytest.mark.django_db
def test_the_streamed_checksum_is_the_one_a_single_json_dumps_gives(fixed_round):
    stats = compute_round_statistics(round=fixed_round)
    settings = {**SETTINGS, "panel_note": "Catatan: keputusan \"tetap\" — é"}
    panel = {970_002: True, 970_005: False}
    expected = reference_checksum(settings=settings, rows=list(stats.rows), panel=panel)

    assert isinstance(stats.rows, ScoreRows)
    assert input_checksum(settings=settings, rows=stats.rows, panel=panel) == expected
    assert input_checksum(settings=settings, rows=list(stats.rows), panel=panel) == expected
    assert input_checksum(settings=settings, rows=ScoreRows([]), panel={}) == \
        reference_checksum(settings=settings, rows=[], panel={})


# Recorded from the code before the rewrite (commit 5782e91), on SQLite and PostgreSQL alike
# (PLACES from commit 5ba4798, before entries moved in one statement).
CHECKSUM = 'dd9acf3dcd4b1c2ec03d891d9aa88e6cdb76fd30c09dc3e2289792118f075aa8'
ALPHA = -0.11440498816575051
SETTINGS = {'advance_count': 6,
 'aggregation': 'mean',
 'criteria': [['ringkasan', 0.0, 1.0, 10.0],
              ['latar_belakang', 10.0, 1.0, 10.0],
              ['kebaruan', 15.0, 1.0, 10.0],
              ['implementasi', 5.0, 1.0, 10.0],
              ['signifikansi', 30.0, 1.0, 10.0],
              ['adaptabilitas', 20.0, 1.0, 10.0],
              ['sumber_daya', 5.0, 1.0, 10.0],
              ['keberlanjutan', 15.0, 1.0, 10.0]],
 'judges_per_entry': 3,
 'kind': 'desk',
 'min_scores_for_normalising': 5,
 'normalise': True,
 'passing_grade': '45.00',
 'quota_outcome': {'panel_note': 'Catatan panel tetap',
                   'quota_seats': [{'cluster': '73',
                                    'dimension': 'province',
                                    'entry': 970009,
                                    'name': 'Sulawesi Selatan'},
                                   {'cluster': '73',
                                    'dimension': 'province',
                                    'entry': 970012,
                                    'name': 'Sulawesi Selatan'},
                                   {'cluster': '73',
                                    'dimension': 'province',
                                    'entry': 970003,
                                    'name': 'Sulawesi Selatan'}],
                   'unmet_minimums': [{'cluster': '94',
                                       'dimension': 'province',
                                       'min_seats': 1,
                                       'name': 'Papua Tengah',
                                       'selected': 0}]},
 'quotas': [['province', '35', 0, 2],
            ['province', '73', 3, None],
            ['province', '94', 1, None]],
 'range_threshold': '25.00',
 'sd_threshold': '12.00'}
ROWS = [(970001,
  13,
  False,
  44.35185185185185,
  44.28034202784833,
  3,
  6.828664469441585,
  [],
  False,
  'below_passing_grade',
  {'passing_grade': 45.0, 'rank': 13, 'score': 44.28034202784833}),
 (970002,
  4,
  True,
  52.40740740740741,
  51.87838216832697,
  3,
  3.15902261282074,
  ['shared_rank'],
  True,
  'selected_panel',
  {'rank': 4, 'score': 51.87838216832697, 'tied_entry_ids': [970002, 970005]}),
 (970003,
  10,
  False,
  48.14814814814815,
  47.1191846026455,
  3,
  8.630503850171147,
  [],
  True,
  'selected_quota_min',
  {'cluster': '73',
   'cluster_name': 'Sulawesi Selatan',
   'dimension': 'province',
   'rank': 10,
   'score': 47.1191846026455}),
 (970004,
  3,
  False,
  51.2962962962963,
  52.25543282609865,
  3,
  7.501714481677445,
  [],
  False,
  'quota_max_reached',
  {'cluster': '35',
   'cluster_name': 'Jawa Timur',
   'dimension': 'province',
   'max_seats': 2,
   'rank': 3,
   'score': 52.25543282609865}),
 (970005,
  4,
  True,
  52.40740740740741,
  51.87838216832697,
  3,
  3.15902261282074,
  ['shared_rank'],
  False,
  'not_selected_panel',
  {'rank': 4, 'score': 51.87838216832697, 'tied_entry_ids': [970002, 970005]}),
 (970006,
  12,
  False,
  45.27777777777778,
  44.77866778537183,
  3,
  8.429994947496398,
  [],
  False,
  'below_passing_grade',
  {'passing_grade': 45.0, 'rank': 12, 'score': 44.77866778537183}),
 (970007,
  2,
  False,
  53.333333333333336,
  52.793529451037465,
  3,
  4.44444444444445,
  [],
  True,
  'selected_rank',
  {'rank': 2, 'score': 52.793529451037465}),
 (970008,
  6,
  False,
  49.074074074074076,
  50.187900360718515,
  3,
  10.188551632206606,
  [],
  False,
  'reserved_for_quota_min',
  {'owed_clusters': [['province', '73']], 'rank': 6, 'score': 50.187900360718515}),
 (970009,
  7,
  False,
  50.46296296296296,
  50.15388338164181,
  3,
  13.87869996639461,
  ['disagreement'],
  True,
  'selected_quota_min',
  {'cluster': '73',
   'cluster_name': 'Sulawesi Selatan',
   'dimension': 'province',
   'rank': 7,
   'score': 50.15388338164181}),
 (970010,
  11,
  False,
  44.81481481481482,
  46.08707289917292,
  3,
  9.251848886516145,
  [],
  False,
  'outside_top_n',
  {'n': 6, 'rank': 11, 'score': 46.08707289917292}),
 (970011,
  8,
  True,
  47.96296296296296,
  48.034984737956876,
  3,
  7.542745131265296,
  ['shared_rank'],
  False,
  'reserved_for_quota_min',
  {'owed_clusters': [['province', '73']], 'rank': 8, 'score': 48.034984737956876}),
 (970012,
  8,
  True,
  47.96296296296296,
  48.034984737956876,
  3,
  7.542745131265296,
  ['shared_rank'],
  True,
  'selected_quota_min',
  {'cluster': '73',
   'cluster_name': 'Sulawesi Selatan',
   'dimension': 'province',
   'rank': 8,
   'score': 48.034984737956876}),
 (970013,
  1,
  False,
  58.47222222222223,
  58.498101501568286,
  2,
  0.5892556509887913,
  ['too_few_judges'],
  True,
  'selected_rank',
  {'rank': 1, 'score': 58.498101501568286}),
 (970014,
  None,
  False,
  None,
  None,
  0,
  None,
  ['too_few_judges'],
  False,
  'not_scored',
  {'rank': None, 'score': None})]
EVENTS = [(970001, 'not_advanced', 'Evaluasi: Di bawah nilai ambang batas 45.0'),
 (970002,
  'awarded',
  'Evaluasi: Terpilih berdasarkan keputusan panel (nilai sama di batas kelulusan)'),
 (970003,
  'awarded',
  'Evaluasi: Terpilih untuk memenuhi kuota minimum Provinsi: Sulawesi Selatan'),
 (970004,
  'not_advanced',
  'Evaluasi: Kuota maksimum untuk Provinsi: Jawa Timur sudah terpenuhi'),
 (970005,
  'not_advanced',
  'Evaluasi: Tidak terpilih berdasarkan keputusan panel (nilai sama di batas kelulusan)'),
 (970006, 'not_advanced', 'Evaluasi: Di bawah nilai ambang batas 45.0'),
 (970007, 'awarded', 'Evaluasi: Terpilih berdasarkan peringkat'),
 (970008, 'not_advanced', 'Evaluasi: Kursi yang tersisa dicadangkan untuk kuota minimum'),
 (970009,
  'awarded',
  'Evaluasi: Terpilih untuk memenuhi kuota minimum Provinsi: Sulawesi Selatan'),
 (970010, 'not_advanced', 'Evaluasi: Berada di luar peringkat 6 teratas'),
 (970011, 'not_advanced', 'Evaluasi: Kursi yang tersisa dicadangkan untuk kuota minimum'),
 (970012,
  'awarded',
  'Evaluasi: Terpilih untuk memenuhi kuota minimum Provinsi: Sulawesi Selatan'),
 (970013, 'awarded', 'Evaluasi: Terpilih berdasarkan peringkat'),
 (970014, 'not_advanced', 'Evaluasi: Tidak ada nilai yang terkirim')]
PANEL = [(970002, True), (970005, False)]
# (entry, status, order of its current round) after finalising, from the same code.
PLACES = [(970001, 'not_advanced', 1), (970002, 'awarded', 1), (970003, 'awarded', 1),
          (970004, 'not_advanced', 1), (970005, 'not_advanced', 1), (970006, 'not_advanced', 1),
          (970007, 'awarded', 1), (970008, 'not_advanced', 1), (970009, 'awarded', 1),
          (970010, 'not_advanced', 1), (970011, 'not_advanced', 1), (970012, 'awarded', 1),
          (970013, 'awarded', 1), (970014, 'not_advanced', 1)]
