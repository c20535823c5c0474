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

The raw scores (a million values at national size) are written by :func:`raw_score_csv`
as bytes: on PostgreSQL the database writes the CSV itself (``COPY (SELECT …) TO
STDOUT``, each cell formatted in SQL as :class:`CsvStyle` formats it, text neutralised by
the same rule and quoted as the csv module quotes it, each score's lines handed over as
one row), elsewhere Python does; the bytes are the same
(tests/judging/services/test_exports_copy.py).
"""

import csv
import datetime
import decimal
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from judging.models import Criterion, ResultRow, Score, ScoreStatus, ScoreValue
from judging.services.permissions import require_secretariat
from judging.services.results import reason_text
from judging.services.statistics import counted_assignments
from portal.spreadsheet import FORMULA_START, NUMBER_PATTERN, neutralise

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


RAW_COLUMNS = ("score__assignment__entry_id", "score__assignment__entry__innovation__title",
               "score__assignment__judge__username", "criterion__key", "value", "comment",
               "score__submitted_at")
RAW_ORDER = ("score__assignment__entry_id", "score__assignment__judge_id", "criterion__order",
             "criterion_id")


def _raw_values(round, bounds=None):
    """The submitted score values that count in the round now (its active judges; after a
    re-score, the new scores instead of those set aside); ``bounds``: (first, last) entry
    id, inclusive."""
    values = ScoreValue.objects.filter(counted_assignments("score__assignment__"),
                                       score__assignment__round=round,
                                       score__status=ScoreStatus.SUBMITTED)
    if bounds is not None:
        values = values.filter(score__assignment__entry__gte=bounds[0],
                               score__assignment__entry__lte=bounds[1])
    return values


def _raw_rows(round, bounds=None):
    values = _raw_values(round, bounds).order_by(*RAW_ORDER).values_list(*RAW_COLUMNS)
    for entry_id, title, judge, key, value, comment, submitted_at in values.iterator(
            chunk_size=2000):
        yield [entry_id, title, judge, key, value, comment, submitted_at]


def raw_score_rows(*, round, user):
    """Header, then one row per submitted score value that counts in the round now (its
    active judges; after a re-score, the new scores instead of those set aside)."""
    require_secretariat(user)
    yield RAW_HEADER
    yield from _raw_rows(round)


# --- the raw scores as CSV bytes: COPY on PostgreSQL ---------------------------------

# Rows are handed on in chunks of this many (one bytes object each).
CHUNK_ROWS = 2000


@dataclass(frozen=True)
class EntryBatch:
    """Whole entries ``first``..``last`` (ids, inclusive) holding ``values`` rows."""

    first: int
    last: int
    values: int


def raw_score_batches(*, round, user, size):
    """The raw-score rows cut into batches of whole entries of at least ``size`` rows
    each (the last may be smaller), in export order; one query. Their ``values`` add up
    to the number of rows the export writes."""
    require_secretariat(user)
    counts = (_raw_values(round).order_by("score__assignment__entry_id")
              .values_list("score__assignment__entry_id").annotate(n=Count("pk")))
    batches, first, last, rows = [], None, None, 0
    for entry_id, n in counts:
        if first is None:
            first = entry_id
        last, rows = entry_id, rows + n
        if rows >= size:
            batches.append(EntryBatch(first, last, rows))
            first, rows = None, 0
    if first is not None:
        batches.append(EntryBatch(first, last, rows))
    return batches


def raw_score_csv(*, round, user, style=DATA, batches=None, progress=None, in_database=None):
    """The raw-score export (the rows of :func:`raw_score_rows`) as CSV in ``style``: an
    iterator of bytes (UTF-8; a byte-order mark first when the style is labelled).

    On PostgreSQL (``in_database`` None or True) the database writes the rows with
    ``COPY … TO STDOUT (FORMAT csv)``; otherwise Python does. The bytes are the same,
    CRLF line ends included. Without ``batches`` it is one statement (one snapshot);
    with ``batches`` (:func:`raw_score_batches`) one statement per batch, and
    ``progress(rows written so far)`` is called between them (a running COPY holds the
    connection, so a background job records its progress there)."""
    require_secretariat(user)
    if in_database is None:
        in_database = connection.vendor == "postgresql"
    return _raw_score_chunks(round=round, style=style, batches=batches, progress=progress,
                             in_database=in_database)


def _raw_score_chunks(*, round, style, batches, progress, in_database):
    writer = csv.writer(_Echo(), delimiter=style.delimiter)
    head = writer.writerow(style.header(RAW_HEADER))
    yield (("\ufeff" if style.labelled else "") + head).encode()
    ranges = [None] if batches is None else [(b.first, b.last) for b in batches]
    rows = _copied_rows if in_database else _python_rows
    done = 0
    for number, bounds in enumerate(ranges):
        for written, chunk in rows(round=round, style=style, writer=writer, bounds=bounds):
            done += written
            yield chunk
        if progress is not None and number < len(ranges) - 1:
            progress(done)


def _python_rows(*, round, style, writer, bounds):
    """(rows, bytes) chunks: each value through CsvStyle.cell, then the csv writer."""
    parts = []
    for row in _raw_rows(round, bounds):
        parts.append(writer.writerow([style.cell(value) for value in row]))
        if len(parts) == CHUNK_ROWS:
            yield len(parts), "".join(parts).encode()
            parts = []
    if parts:
        yield len(parts), "".join(parts).encode()


def _copied_rows(*, round, style, writer, bounds):
    """(rows, bytes) chunks from COPY. The database writes each score's CSV lines, CRLF
    line ends as Python's csv module writes them, into one field of one row of a binary
    COPY (its bytes are not escaped), with the number of lines beside it: 100,000 rows
    handed over at national size instead of 1,000,000."""
    statement, params = _copy_statement(round=round, style=style, bounds=bounds)
    # JIT compiling the plan cost more than running it (0.3 s a statement); the scores'
    # sort (100,000 at national size) fits in 32 MB instead of spilling to disk.
    settings = {"TimeZone": timezone.get_current_timezone_name(), "jit": "off",
                "work_mem": "32MB"}
    with (connection.cursor() as cursor, _session_settings(cursor, settings),
          cursor.cursor.copy(statement, params) as copy):
        copy.set_types(["bytea", "int8"])
        parts, count = [], 0
        for lines, n in copy.rows():
            parts.append(lines)
            count += n
            if count >= CHUNK_ROWS:
                yield count, b"".join(parts)
                parts, count = [], 0
        if count:
            yield count, b"".join(parts)


@contextmanager
def _session_settings(cursor, settings):
    """The session's ``settings`` (TimeZone: ``to_char`` writes local times and the
    zone's abbreviation in it) for the block, set back afterwards. In a transaction that
    fails, its rollback sets them back."""
    from psycopg.pq import TransactionStatus

    names = list(settings)
    cursor.execute("SELECT " + ", ".join(["current_setting(%s), set_config(%s, %s, false)"]
                                         * len(names)),
                   [value for name in names for value in (name, name, settings[name])])
    previous = cursor.fetchone()[0::2]
    try:
        yield
    finally:
        if cursor.connection.info.transaction_status != TransactionStatus.INERROR:
            cursor.execute("SELECT " + ", ".join(["set_config(%s, %s, false)"] * len(names)),
                           [value for pair in zip(names, previous, strict=True)
                            for value in pair])


# CsvStyle.cell in SQL, then the csv module's quoting. Text: neutralise() (a leading
# quote before a formula start unless the text is a plain number); NULL and '' are
# written as nothing, as Python's csv module writes "".
assert "'" not in NUMBER_PATTERN and "%" not in NUMBER_PATTERN
# ascii(): the first character's code, an integer (cheaper than left(text, 1)).
_SQL_STARTS = ", ".join(str(ord(c)) for c in FORMULA_START)


def _sql_text(column):
    return (f"CASE WHEN ascii({column}) IN ({_SQL_STARTS}) AND {column} !~ "
            f"'^{NUMBER_PATTERN}$' THEN '''' || {column} ELSE {column} END")


def _sql_quoted(text, style):
    """The csv module's QUOTE_MINIMAL in SQL: a cell holding the delimiter, a double
    quote, CR or LF goes between double quotes (those inside doubled); NULL is
    written as nothing."""
    return (f"CASE WHEN {text} ~ '[{style.delimiter}\"\\r\\n]' "
            f"THEN '\"' || replace({text}, '\"', '\"\"') || '\"' "
            f"ELSE coalesce({text}, '') END")


def _sql_number(column, style):
    # numeric::text is str() of the Decimal Django reads (the column's scale: "7.50").
    # Never quoted: digits, a sign and the decimal mark, which is not the delimiter.
    text = f"replace({column}::text, '.', ',')" if style.decimal_comma else f"{column}::text"
    return f"coalesce({text}, '')"


def _sql_datetime(column, style):
    # Never quoted: digits, separators and the zone's abbreviation or offset.
    if style.labelled:
        # f"{local:%Y-%m-%d %H:%M:%S} {local.tzname()}"
        text = f"to_char({column}, 'YYYY-MM-DD HH24:MI:SS TZ')"
    else:
        # local.isoformat(): microseconds only when there are any, the offset as +07:00.
        text = (f"to_char({column}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN "
                f"to_char({column}, 'US') = '000000' THEN '' ELSE to_char({column}, '.US') "
                f"END || to_char({column}, 'TZH:TZM')")
    return f"coalesce({text}, '')"


def _copy_statement(*, round, style, bounds):
    """COPY of the raw rows: one row per score, its CSV lines (one per value, criteria in
    order) and their number. The scores that count come from the ORM (the counted
    assignments, as in :func:`_raw_values`); each score's entry, title, judge and time
    are formatted once, as the head and the tail of its lines, and the scores sorted by
    entry and judge; each score's values are read by a LATERAL lookup on the score's
    index and joined in criterion order (``OFFSET 0`` keeps it a per-score lookup:
    flattened, a batch's plan read every value of the round by a hash join)."""
    scores = Score.objects.filter(counted_assignments("assignment__"),
                                  assignment__round=round, status=ScoreStatus.SUBMITTED)
    if bounds is not None:
        scores = scores.filter(assignment__entry__gte=bounds[0],
                               assignment__entry__lte=bounds[1])
    sql, params = scores.order_by().values_list(
        "pk", "assignment__entry_id", "assignment__judge_id",
        "assignment__entry__innovation__title", "assignment__judge__username",
        "submitted_at").query.sql_with_params()
    quote = connection.ops.quote_name
    value, criterion = ScoreValue._meta, Criterion._meta
    column = {name: quote(value.get_field(name).column) for name in ("score", "criterion",
                                                                       "value", "comment")}
    delimiter = style.delimiter
    # Safe inside a string literal and a bracket expression, and never in a number.
    assert len(delimiter) == 1 and delimiter not in "'\\%\"]^-\r\n.0123456789"
    d = f"'{delimiter}'"

    def cell(text):
        return _sql_quoted(_sql_text(text), style)

    comment = "sv." + column["comment"]
    statement = (
        # Each criterion's key cell once, not once per value.
        f"COPY (WITH c AS MATERIALIZED (SELECT id, {quote('order')} AS position, "
        f"{cell(quote('key'))} AS key FROM {quote(criterion.db_table)}) "
        "SELECT v.lines, v.n FROM ("
        "SELECT q.id, q.entry_id, q.judge_id, "
        f"{_sql_number('q.entry_id', style)} || {d} || {cell('q.title')} || {d} || "
        f"{cell('q.username')} || {d} AS head, "
        f"{d} || {_sql_datetime('q.submitted_at', style)} || E'\\r\\n' AS tail "
        f"FROM ({sql}) AS q (id, entry_id, judge_id, title, username, submitted_at) "
        "ORDER BY q.entry_id, q.judge_id) AS s "
        "CROSS JOIN LATERAL (SELECT convert_to(string_agg(s.head || c.key || "
        f"{d} || {_sql_number('sv.' + column['value'], style)} || {d} || "
        # Most comments are empty: no need to look into them.
        f"CASE WHEN {comment} = '' THEN '' ELSE {cell(comment)} END || s.tail, '' "
        "ORDER BY c.position, c.id), 'UTF8') AS lines, count(*) AS n "
        f"FROM {quote(value.db_table)} sv JOIN c "
        f"ON sv.{column['criterion']} = c.id WHERE sv.{column['score']} = s.id "
        "OFFSET 0) AS v "
        "WHERE v.n > 0 ORDER BY s.entry_id, s.judge_id) "
        "TO STDOUT WITH (FORMAT binary)")
    return statement, params


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
    return streaming_response((part for part in body if part), filename=filename)


def streaming_response(chunks, *, filename):
    """A CSV download streaming ``chunks`` (str or bytes, e.g. :func:`raw_score_csv`)."""
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
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
