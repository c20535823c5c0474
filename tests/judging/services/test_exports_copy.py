"""The raw-score export written by PostgreSQL (COPY, cells formatted in SQL) is
byte-identical to the one Python writes, on a round full of awkward values, in both
styles and in more than one time zone; and the Python bytes are those of the
streaming response the export used to be."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone, translation
from wagtail.models import Page

from judging.models import Criterion, Score, ScoreValue
from judging.services import assign_automatically, exports
from tests.judging.helpers import close_round, score_entry

pytestmark = pytest.mark.django_db

UTC = datetime.UTC

TITLES = [
    '=HYPERLINK("http://x","y")', "+62 layanan", "-", "@warga", "\tTab di depan",
    "\rCR di depan", 'Kutip "ganda" di tengah', "Titik;koma, dan koma", "Baris\nbaru\r\nlagi",
    "Désa Ñusantara – 水道", "-3.5", "-٣", "'sudah dikutip", "  spasi  ",
]
USERNAMES = ["=juri", "-juri", "@juri", "juri.biasa"]
COMMENTS = [
    "", "=1+1", "+", "-", "@", "\tx", "\rx", 'a "b" c', "x;y", "x,y", "satu\ndua",
    "satu\r\ndua", "akhir\r", "ümlaut – ✓", "123", "-12.5e3", "'", " ", '"',
]
KEY_TO_QUOTE = 'k;"u",n\r\nci'  # both delimiters, quotes, CRLF: quoted in either style
VALUES = [Decimal("7.50"), Decimal("10"), Decimal("1.25"), None, Decimal("3")]
TIMES = [
    datetime.datetime(2026, 3, 4, 5, 6, 7, 123456, tzinfo=UTC),
    datetime.datetime(2026, 3, 4, 17, 0, 0, tzinfo=UTC),  # midnight WIB, whole second
    datetime.datetime(2026, 12, 31, 23, 59, 59, 1, tzinfo=UTC),
    None,
]


@pytest.fixture
def awkward(desk, judges, staff, make_entries):
    desk.normalise = False
    desk.save()
    entries = make_entries(desk.competition, len(TITLES))
    for entry, title in zip(entries, TITLES, strict=True):
        Page.objects.filter(pk=entry.innovation_id).update(title=title)
    assign_automatically(round=desk, user=staff)
    for entry in entries:
        score_entry(desk, entry, 7)
    for judge, name in zip(judges, USERNAMES, strict=True):
        get_user_model().objects.filter(pk=judge.pk).update(username=name)
    keys = list(desk.rubric.criteria.order_by("order").values_list("pk", flat=True))
    Criterion.objects.filter(pk=keys[0]).update(key="-kunci")
    Criterion.objects.filter(pk=keys[1]).update(key="=kunci")
    Criterion.objects.filter(pk=keys[2]).update(key=KEY_TO_QUOTE)
    for i, pk in enumerate(ScoreValue.objects.filter(score__assignment__round=desk)
                           .order_by("pk").values_list("pk", flat=True)):
        ScoreValue.objects.filter(pk=pk).update(comment=COMMENTS[i % len(COMMENTS)],
                                                value=VALUES[i % len(VALUES)])
    for i, pk in enumerate(Score.objects.filter(assignment__round=desk).order_by("pk")
                           .values_list("pk", flat=True)):
        Score.objects.filter(pk=pk).update(submitted_at=TIMES[i % len(TIMES)])
    close_round(desk, staff)
    return entries


def render(desk, staff, style, **options):
    return b"".join(exports.raw_score_csv(round=desk, user=staff, style=style, **options))


def old_streaming_bytes(desk, staff, style):
    """What the download streamed before the COPY path: rows through CsvStyle and csv."""
    response = exports.streaming_csv_response(exports.raw_score_rows(round=desk, user=staff),
                                              filename="x.csv", style=style)
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("style", [exports.COMMITTEE, exports.DATA], ids=["panitia", "data"])
def test_the_python_bytes_are_those_of_the_old_streaming_response(desk, staff, awkward,
                                                                  style):
    with translation.override("id"):
        python = render(desk, staff, style, in_database=False)
        batched = render(desk, staff, style, in_database=False, progress=lambda done: None,
                         batches=exports.raw_score_batches(round=desk, user=staff, size=40))

        assert python == old_streaming_bytes(desk, staff, style)
    assert batched == python


@pytest.mark.postgresql
@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Jayapura", "America/Sao_Paulo"])
@pytest.mark.parametrize("style", [exports.COMMITTEE, exports.DATA], ids=["panitia", "data"])
def test_copy_writes_the_same_bytes_as_python(desk, staff, awkward, style, zone):
    with connection.cursor() as cursor:
        cursor.execute("SHOW TimeZone")
        session_zone = cursor.fetchone()[0]
    with translation.override("id"), timezone.override(zone):
        python = render(desk, staff, style, in_database=False)
        copied = render(desk, staff, style, in_database=True)
        done = []
        batches = exports.raw_score_batches(round=desk, user=staff, size=40)
        batched = render(desk, staff, style, in_database=True, batches=batches,
                         progress=done.append)

    assert copied == python
    assert batched == python
    # Not trivially equal: every row is there, the formulas neutralised, the awkward
    # cells quoted, the time zone's local time written.
    text = python.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=style.delimiter))
    values = len(TITLES) * 2 * desk.rubric.criteria.count()
    assert len(rows) == 1 + values
    assert sum(batch.values for batch in batches) == values
    assert done == [sum(b.values for b in batches[:n]) for n in range(1, len(batches))]
    cells = {cell for row in rows[1:] for cell in row}
    assert {"'" + TITLES[0], "'=juri", "'-kunci", "'\rx", "-3.5", "'-٣", "satu\r\ndua",
            KEY_TO_QUOTE} <= cells
    assert TITLES[0] not in cells
    assert ('"Baris\nbaru\r\nlagi"' in text, text.count("\r\n") > values) == (True, True)
    first = timezone.localtime(TIMES[0], timezone=timezone.get_fixed_timezone(0))
    assert first.isoformat() not in text
    with timezone.override(zone):
        local = timezone.localtime(TIMES[0])
    expected = (f"{local:%Y-%m-%d %H:%M:%S} {local.tzname()}" if style.labelled
                else local.isoformat())
    assert expected in cells
    with connection.cursor() as cursor:
        cursor.execute("SHOW TimeZone")
        assert cursor.fetchone()[0] == session_zone
