"""Exports for the secretariat: raw scores (CSV) and a round's result (CSV, XLSX).

Rows are produced by generators over ``.iterator()`` querysets, so 84,000 score
values never sit in memory as model instances; ``streaming_csv_response`` streams
them. Every cell goes through ``portal.spreadsheet.neutralise`` on the way out, so a
title, agency name or comment typed as ``=HYPERLINK(...)`` is text, not a formula, in
Excel and LibreOffice. Exports show who scored what, so they are for the secretariat
only (in a blind round too): ``require_secretariat`` is checked here, not only in the view.
"""

import csv

from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from judging.models import AssignmentStatus, ResultRow, ScoreStatus, ScoreValue
from judging.services.permissions import require_secretariat
from judging.services.results import reason_text
from portal.spreadsheet import neutralise

RAW_HEADER = ["entry_id", "innovation", "judge", "criterion", "value", "comment",
              "submitted_at"]
RESULT_HEADER = ["rank", "entry_id", "innovation", "agency", "mean", "normalised_score",
                 "judges", "sd", "advanced", "reason"]


def raw_score_rows(*, round, user):
    """Header, then one row per submitted score value of the round's active judges."""
    require_secretariat(user)
    yield RAW_HEADER
    values = (
        ScoreValue.objects.filter(score__assignment__round=round,
                                  score__assignment__status=AssignmentStatus.ACTIVE,
                                  score__status=ScoreStatus.SUBMITTED)
        .order_by("score__assignment__entry_id", "score__assignment__judge_id",
                  "criterion__order", "criterion_id")
        .values_list("score__assignment__entry_id", "score__assignment__entry__innovation__title",
                     "score__assignment__judge__username", "criterion__key", "value", "comment",
                     "score__submitted_at")
    )
    for entry_id, title, judge, key, value, comment, submitted_at in values.iterator(
            chunk_size=2000):
        yield [entry_id, title, judge, key, "" if value is None else str(value), comment,
               submitted_at.isoformat() if submitted_at else ""]


def _number(value, digits=4):
    return None if value is None else round(value, digits)


def result_rows(*, result, user):
    """Header, then one row per entry in rank order (unranked last)."""
    require_secretariat(user)
    yield RESULT_HEADER
    rows = (ResultRow.objects.filter(result=result)
            .order_by("rank", "entry_id")
            .values_list("rank", "entry_id", "entry__innovation__title",
                         "entry__innovation__agency__name", "raw_mean", "score", "n_judges",
                         "sd", "selected", "reason_code", "reason_params"))
    ranked, unranked = [], []
    for row in rows.iterator(chunk_size=2000):
        (ranked if row[0] is not None else unranked).append(row)
    for (rank, entry_id, title, agency, mean, score, n, sd, selected, code,
         params) in ranked + unranked:
        yield [rank, entry_id, title, agency, _number(mean), _number(score), n, _number(sd),
               bool(selected), reason_text(code, params or {})]


class _Echo:
    def write(self, value):
        return value


def inert(row):
    """The row with every cell neutralised (formula text quoted, numbers untouched)."""
    return [neutralise(cell) for cell in row]


def streaming_csv_response(rows, *, filename):
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse((writer.writerow(inert(row)) for row in rows),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def write_csv(rows, out):
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(inert(row))


def write_results_xlsx(*, result, user, out):
    """Write the result as an .xlsx workbook (write-only mode: constant memory)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Results")[:31])
    for row in result_rows(result=result, user=user):
        # A quoted string is stored as text (data_type "s"), never as a formula ("f").
        sheet.append(["" if cell is None else cell for cell in inert(row)])
    workbook.save(out)
