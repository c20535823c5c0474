"""The secretariat sets up an edition alone: it may add and edit innovation categories
(an edition's list of categories is chosen from them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ("add_category", "change_category", "view_category")


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    secretariat, _ = Group.objects.get_or_create(name="Sekretariat")
    secretariat.permissions.add(*Permission.objects.filter(
        content_type__app_label="innovations", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Sekretariat"):
        group.permissions.remove(*Permission.objects.filter(
            content_type__app_label="innovations", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0009_result_snapshots_objection_decisions"),
        ("innovations", "0005_agency_aliases"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
