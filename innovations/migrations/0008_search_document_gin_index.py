"""A GIN index on the expression the public search filters by, ``title || body`` of
Wagtail's (modelsearch's) index table, so /inovasi/?q= is an index scan on PostgreSQL
(innovations/filters.py search_matches). SQLite searches its FTS5 table: nothing to do."""

from django.db import migrations

INDEX = "innovations_search_document_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0007_status_updates"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
