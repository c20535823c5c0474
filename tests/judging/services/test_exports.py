"""Exports: results match an independent recomputation from the raw scores CSV."""

import csv
import io
import statistics
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from openpyxl import load_workbook

from judging.services import assign_automatically, exports, finalise_round
from tests.judging.helpers import close_round, score_entry

RUBRIC_CSV = Path(__file__).resolve().parents[3] / "judging" / "data" / "rubric-desk-2023.csv"


def weights_from_rubric_file():
    with open(RUBRIC_CSV, newline="", encoding="utf-8") as handle:
        return {row["key"]: float(row["weight_percent"]) for row in csv.DictReader(handle)}


def recompute(raw_csv):
    """Totals 0-100 per (judge, entry) on the 1-10 scale, then the mean per entry."""
    weights = weights_from_rubric_file()
    sheets = defaultdict(dict)
    for row in csv.DictReader(io.StringIO(raw_csv)):
        sheets[(row["judge"], int(row["entry_id"]))][row["criterion"]] = float(row["value"])
    totals = defaultdict(list)
    for (_judge, entry_id), values in sheets.items():
        weighted = sum(weights[key] * (value - 1) / 9 for key, value in values.items())
        totals[entry_id].append(100 * weighted / sum(weights.values()))
    return {entry_id: statistics.fmean(values) for entry_id, values in totals.items()}


@pytest.fixture
def finalised(desk, judges, staff, make_entries):
    desk.normalise = False
    desk.save()
    entries = make_entries(desk.competition, 4)
    assign_automatically(round=desk, user=staff)
    for entry, pair in zip(entries, ((9, 7), (6, 8), (5, 5), (3, 4)), strict=True):
        score_entry(desk, entry, lambda i, pair=pair: pair[i])
    close_round(desk, staff)
    return entries, finalise_round(round=desk, user=staff)


@pytest.mark.django_db
def test_results_match_independent_recomputation_from_raw_csv(desk, staff, finalised):
    entries, result = finalised
    raw = io.StringIO()
    exports.write_csv(exports.raw_score_rows(round=desk, user=staff), raw)
    out = io.StringIO()
    # The reason column is written in the active language; English here, so the
    # expected text below is the source string.
    with translation.override("en"):
        exports.write_csv(exports.result_rows(result=result, user=staff), out)

    expected = recompute(raw.getvalue())
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [int(r["entry_id"]) for r in rows] == sorted(expected, key=lambda e: -expected[e])
    for row in rows:
        assert float(row["mean"]) == pytest.approx(expected[int(row["entry_id"])], abs=1e-4)
        assert float(row["normalised_score"]) == pytest.approx(float(row["mean"]))
        assert row["judges"] == "2"
    assert [r["rank"] for r in rows] == ["1", "2", "3", "4"]
    assert [r["advanced"] for r in rows] == ["True", "True", "False", "False"]
    assert rows[3]["reason"] == "Ranked outside the top 2"
    assert raw.getvalue().splitlines()[0] == ",".join(exports.RAW_HEADER)
    assert len(raw.getvalue().splitlines()) == 1 + 4 * 2 * 8


@pytest.mark.django_db
def test_results_xlsx_has_the_same_rows(staff, finalised):
    _entries, result = finalised
    buffer = io.BytesIO()

    exports.write_results_xlsx(result=result, user=staff, out=buffer)

    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [str(exports.COLUMN_LABELS[key]) for key in exports.RESULT_HEADER]
    assert [r[0] for r in rows[1:]] == [1, 2, 3, 4]


@pytest.mark.django_db
def test_exports_are_for_the_secretariat_only(desk, judges, finalised):
    _entries, result = finalised

    with pytest.raises(PermissionDenied):
        next(exports.raw_score_rows(round=desk, user=judges[0]))
    with pytest.raises(PermissionDenied):
        next(exports.result_rows(result=result, user=judges[0]))
