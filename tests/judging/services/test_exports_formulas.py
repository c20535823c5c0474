"""Exports neutralise formulas: text a unit or judge typed never becomes a live formula."""

import csv
import io

import pytest
from openpyxl import load_workbook

from innovations.models import Agency
from judging.models import Assignment
from judging.services import assign_automatically, exports, finalise_round, save_scores
from portal.spreadsheet import neutralise
from tests.judging.helpers import close_round, score_entry

TITLE = '=HYPERLINK("http://x","y")'
AGENCY = "@SUM(1+1)*cmd|' /C calc'!A0"
COMMENT = "+1+cmd|' /C notepad'!A0"


@pytest.fixture
def hostile(desk, judges, staff, make_entries):
    desk.normalise = False
    desk.save()
    entries = make_entries(desk.competition, 3)
    page = entries[0].innovation
    page.title = TITLE
    page.save()
    Agency.objects.filter(pk=page.agency_id).update(name=AGENCY)
    assign_automatically(round=desk, user=staff)
    for entry, value in zip(entries[1:], (6, 3), strict=True):
        score_entry(desk, entry, value)
    criteria = list(desk.rubric.criteria.all())
    for assignment in Assignment.objects.filter(round=desk, entry=entries[0]):
        save_scores(assignment=assignment, user=assignment.judge,
                    values={c.key: (9, COMMENT) for c in criteria}, submit=True)
    close_round(desk, staff)
    return entries, finalise_round(round=desk, user=staff)


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+x", "'+x"), ("-x", "'-x"), ("@A1", "'@A1"), ("\tx", "'\tx"),
    ("\r=1", "'\r=1"), ("plain", "plain"), ("-3.5", "-3.5"), (7, 7), (-2.5, -2.5),
    (None, None), ("", ""),
    # Only ASCII digits make a number (as the SQL of the COPY export reads it).
    ("-\u0663", "'-\u0663"), ("+\uff11", "'+\uff11"),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


@pytest.mark.django_db
def test_raw_scores_csv_quotes_title_and_comment(desk, staff, hostile):
    out = io.StringIO()
    exports.write_csv(exports.raw_score_rows(round=desk, user=staff), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))

    titles = {row["innovation"] for row in rows}
    comments = {row["comment"] for row in rows}
    assert "'" + TITLE in titles
    assert TITLE not in titles
    assert "'" + COMMENT in comments
    assert COMMENT not in comments
    assert {row["value"] for row in rows} == {"3.00", "6.00", "9.00"}


@pytest.mark.django_db
def test_raw_scores_streaming_csv_quotes_title(desk, staff, hostile):
    response = exports.streaming_csv_response(exports.raw_score_rows(round=desk, user=staff),
                                              filename="x.csv")
    body = b"".join(response.streaming_content).decode()
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]

    assert "'" + TITLE in cells
    assert TITLE not in cells


@pytest.mark.django_db
def test_results_csv_quotes_title_and_agency(staff, hostile):
    _entries, result = hostile
    response = exports.streaming_csv_response(exports.result_rows(result=result, user=staff),
                                              filename="hasil.csv")
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    first = next(row for row in rows if row["innovation"].endswith(TITLE))

    assert first["innovation"] == "'" + TITLE
    assert first["agency"] == "'" + AGENCY
    assert first["rank"] == "1"
    assert float(first["mean"]) > 0


@pytest.mark.django_db
def test_results_xlsx_stores_the_title_as_text_not_formula(staff, hostile):
    _entries, result = hostile
    buffer = io.BytesIO()
    exports.write_results_xlsx(result=result, user=staff, out=buffer)

    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    rows = list(sheet.iter_rows(min_row=2))
    first = next(row for row in rows if str(row[2].value).endswith(TITLE))

    assert first[2].data_type == "s"
    assert first[2].value == "'" + TITLE
    assert first[3].data_type == "s"
    assert first[3].value == "'" + AGENCY
    assert first[0].value == 1
    assert first[0].data_type == "n"
    assert [cell.data_type for row in rows for cell in row].count("f") == 0
