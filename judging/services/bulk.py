"""Bulk writes without building model instances: ``COPY`` on PostgreSQL, ``bulk_create``
elsewhere. Used where one action writes tens of thousands of rows (finalising a round's
result rows and entry events, bulk audit lines). Automatic assignment on PostgreSQL
writes its rows and their audit lines with one statement of its own
(judging/services/assignments.py) and takes its ids from :func:`new_ids`."""

import json

from django.db import connection, models


def insert_rows(model, fields, rows):
    """Insert plain rows (values in the order of ``fields``, attribute names; JSON fields
    as Python values) in one pass: COPY on PostgreSQL, bulk_create elsewhere. No model
    instance is built on PostgreSQL, no signal is sent and no primary key comes back
    (give ``id`` from :func:`new_ids` when the caller needs them). ``rows`` may be a
    generator, but one that does not query the database: on PostgreSQL it is read while
    the COPY holds the connection (a query there waits for ever)."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create((model(**dict(zip(fields, row, strict=True))) for row in rows),
                                  batch_size=1000)
        return
    meta = model._meta
    by_attname = {field.attname: field for field in meta.concrete_fields}
    columns = [by_attname[name] for name in fields]
    json_at = [i for i, field in enumerate(columns) if isinstance(field, models.JSONField)]
    quote = connection.ops.quote_name
    statement = (f"COPY {quote(meta.db_table)} ({', '.join(quote(f.column) for f in columns)})"
                 " FROM STDIN")
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            for i in json_at:
                value = row[i]
                # json.dumps of an empty list or dict, without its call (most flags).
                row[i] = (_EMPTY_JSON[type(value)] if not value and type(value) in _EMPTY_JSON
                          else json.dumps(value))
            copy.write_row(row)


_EMPTY_JSON = {list: "[]", dict: "{}"}


def new_ids(model, count):
    """``count`` new primary keys for ``model`` from its sequence (PostgreSQL; one query),
    in increasing order, for rows inserted with :func:`insert_rows`."""
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                       "FROM generate_series(1, %s) ORDER BY 1",
                       [meta.db_table, meta.pk.column, count])
        return [pk for (pk,) in cursor.fetchall()]
