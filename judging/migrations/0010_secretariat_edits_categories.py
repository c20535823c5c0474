"""The secretariat sets up an edition alone: it may add and edit innovation categories
(an edition's list of categories is chosen from them)."""

from django.db import migrations

from judging.migrations._grants import secretariat_grant

GRANT = secretariat_grant("innovations", ("add_category", "change_category", "view_category"))


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0009_result_snapshots_objection_decisions"),
        ("innovations", "0005_agency_aliases"),
    ]

    operations = [migrations.RunPython(*GRANT)]
