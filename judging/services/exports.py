"""Exports for the secretariat: raw scores (CSV) and a round's result (CSV, XLSX).

Rows are produced by generators over ``.iterator()`` querysets, so 84,000 score
values never sit in memory as model instances; ``streaming_csv_response`` streams
them. Every cell goes through ``portal.spreadsheet.neutralise`` on the way out, so a
title, agency name or comment typed as ``=HYPERLINK(...)`` is text, not a formula, in
Excel and LibreOffice. Exports show who scored what, so they are for the secretariat
only (in a blind round too): ``require_secretariat`` is checked here, not only in the view.

The generators yield typed values (numbers, ``datetime``, ``bool``) under a header of
column keys; a :class:`CsvStyle` turns them into cells when they are written:

- ``COMMITTEE`` (the default of the admin's download for Indonesian users): headers in
  the active language, ``;`` between cells and a decimal comma, as a spreadsheet set to
  Indonesian expects, "ya"/"tidak", and times in the portal's time zone (WIB);
- ``DATA``: the column keys, ``,`` and a decimal point, times in ISO 8601 with their
  offset, for scripts and independent recomputation.

The XLSX keeps numbers as numbers and times as local times, with translated headers.
"""

import csv
import datetime
import decimal
from dataclasses import dataclass

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from judging.models import ResultRow, ScoreStatus, ScoreValue
from judging.services.permissions import require_secretariat
from judging.services.results import reason_text
from judging.services.statistics import counted_assignments
from portal.spreadsheet import neutralise

RAW_HEADER = ["entry_id", "innovation", "judge", "criterion", "value", "comment",
              "submitted_at"]
RESULT_HEADER = ["rank", "entry_id", "innovation", "agency", "mean", "normalised_score",
                 "judges", "sd", "advanced", "reason"]


COLUMN_LABELS = {
    "entry_id": gettext_lazy("entry number"),
    "innovation": gettext_lazy("innovation"),
    "judge": gettext_lazy("judge"),
    "criterion": gettext_lazy("criterion"),
    "value": gettext_lazy("score"),
    "comment": gettext_lazy("comment"),
    "submitted_at": gettext_lazy("submitted (local time)"),
    "rank": gettext_lazy("rank"),
    "agency": gettext_lazy("agency"),
    "mean": gettext_lazy("mean"),
    "normalised_score": gettext_lazy("normalised score"),
    "judges": gettext_lazy("judges"),
    "sd": gettext_lazy("standard deviation"),
    "advanced": gettext_lazy("advanced"),
    "reason": gettext_lazy("reason"),
}


@dataclass(frozen=True)
class CsvStyle:
    """How typed values become CSV cells."""

    delimiter: str
    decimal_comma: bool
    labelled: bool

    def header(self, keys):
        return [str(COLUMN_LABELS[key]) if self.labelled else key for key in keys]

    def cell(self, value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return (_("yes") if value else _("no")) if self.labelled else str(value)
        if isinstance(value, datetime.datetime):
            local = timezone.localtime(value)
            if self.labelled:
                return f"{local:%Y-%m-%d %H:%M:%S} {local.tzname()}"
            return local.isoformat()
        if isinstance(value, (int, float, decimal.Decimal)):
            text = str(value)
            return text.replace(".", ",") if self.decimal_comma else text
        return neutralise(value)

    def rows(self, rows):
        rows = iter(rows)
        header = next(rows, None)
        if header is None:
            return
        yield self.header(header)
        for row in rows:
            yield [self.cell(value) for value in row]


COMMITTEE = CsvStyle(delimiter=";", decimal_comma=True, labelled=True)
DATA = CsvStyle(delimiter=",", decimal_comma=False, labelled=False)
STYLES = {"panitia": COMMITTEE, "data": DATA}


def raw_score_rows(*, round, user):
    """Header, then one row per submitted score value that counts in the round now (its
    active judges; after a re-score, the new scores instead of those set aside)."""
    require_secretariat(user)
    yield RAW_HEADER
    values = (
        ScoreValue.objects.filter(counted_assignments("score__assignment__"),
                                  score__assignment__round=round,
                                  score__status=ScoreStatus.SUBMITTED)
        .order_by("score__assignment__entry_id", "score__assignment__judge_id",
                  "criterion__order", "criterion_id")
        .values_list("score__assignment__entry_id", "score__assignment__entry__innovation__title",
                     "score__assignment__judge__username", "criterion__key", "value", "comment",
                     "score__submitted_at")
    )
    for entry_id, title, judge, key, value, comment, submitted_at in values.iterator(
            chunk_size=2000):
        yield [entry_id, title, judge, key, value, comment, submitted_at]


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


def streaming_csv_response(rows, *, filename, style=DATA):
    writer = csv.writer(_Echo(), delimiter=style.delimiter)
    # A byte-order mark first, so Excel reads the file as UTF-8 (names with accents).
    body = ("\ufeff" if style.labelled else "", *(writer.writerow(row) for row in style.rows(rows)))
    response = StreamingHttpResponse((part for part in body if part),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def write_csv(rows, out, *, style=DATA):
    writer = csv.writer(out, delimiter=style.delimiter)
    writer.writerows(style.rows(rows))


def _xlsx_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    # A quoted string is stored as text (data_type "s"), never as a formula ("f").
    return neutralise(value)


def write_results_xlsx(*, result, user, out):
    """Write the result as an .xlsx workbook (write-only mode: constant memory)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Results")[:31])
    rows = result_rows(result=result, user=user)
    sheet.append(COMMITTEE.header(next(rows)))
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    workbook.save(out)
