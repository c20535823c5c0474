"""The secretariat may read (not change) agencies, units, provinces, categories and SDGs.

Judge profiles and conflicts of interest name an agency and a province; their edit forms
choose them through the snippet choosers, which now require a permission on the model
(portal/admin_access.py). Memberships (who works where) stay closed to the secretariat.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ_MODELS = ("agency", "unit", "province", "category", "sdg")


def ensure_permissions(apps):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Sekretariat").first()
    if group is None:
        return
    group.permissions.add(*Permission.objects.filter(
        content_type__app_label="innovations",
        codename__in=[f"view_{model}" for model in READ_MODELS]))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Sekretariat").first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(
            content_type__app_label="innovations",
            codename__in=[f"view_{model}" for model in READ_MODELS]))


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0013_backgroundjob"),
        ("innovations", "0005_agency_aliases"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
