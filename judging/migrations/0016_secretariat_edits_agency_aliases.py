"""The secretariat keeps the agency aliases the archive import matches on (add, edit,
remove the spellings that still slip through)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ("add_agencyalias", "change_agencyalias", "delete_agencyalias",
             "view_agencyalias")


def _permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="innovations", codename__in=CODENAMES)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    secretariat, _ = Group.objects.get_or_create(name="Sekretariat")
    secretariat.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name="Sekretariat"):
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0015_entryevent_round"),
        ("innovations", "0008_search_document_gin_index"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
