"""The secretariat keeps the agency aliases the archive import matches on (add, edit,
remove the spellings that still slip through)."""

from django.db import migrations

from judging.migrations._grants import secretariat_grant

GRANT = secretariat_grant("innovations", ("add_agencyalias", "change_agencyalias",
                                          "delete_agencyalias", "view_agencyalias"))


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0015_entryevent_round"),
        ("innovations", "0008_search_document_gin_index"),
    ]

    operations = [migrations.RunPython(*GRANT)]
