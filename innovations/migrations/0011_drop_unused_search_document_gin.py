"""The GIN index of migration 0008 on ``title || body`` of Wagtail's index table is no
longer read: the public search matches the listed rows' own vector (migration 0010,
innovations/listing.py). Dropped, so each write of an index entry no longer updates it
(PostgreSQL only; reversing re-creates it)."""

from importlib import import_module

from django.db import migrations

gin = import_module("innovations.migrations.0008_search_document_gin_index")


class Migration(migrations.Migration):
    dependencies = [("innovations", "0010_listed_innovations")]

    operations = [migrations.RunPython(gin.drop, gin.create, elidable=False)]
