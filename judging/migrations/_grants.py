"""Shared by the data migrations that grant the secretariat permissions (the migration
loader skips modules whose name starts with an underscore)."""

from django.contrib.auth.management import create_permissions

SECRETARIAT = "Sekretariat"


def ensure_permissions(apps):
    """Permissions are normally created after all migrations; make sure they exist now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def secretariat_grant(app_label, codenames):
    """The (grant, revoke) pair for RunPython: give the secretariat group `codenames` of
    `app_label`, or take them back."""

    def permissions(apps):
        return apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label=app_label, codename__in=codenames)

    def grant(apps, schema_editor):
        ensure_permissions(apps)
        group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=SECRETARIAT)
        group.permissions.add(*permissions(apps))

    def revoke(apps, schema_editor):
        for group in apps.get_model("auth", "Group").objects.filter(name=SECRETARIAT):
            group.permissions.remove(*permissions(apps))

    return grant, revoke
