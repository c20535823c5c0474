"""Create the "Sekretariat" and "Juri" groups with Wagtail admin access.

The secretariat manages competitions, rounds, rubrics, judges and results; judges
only need to log into the admin (their screens check the group, not model perms).
"""

from django.db import migrations

from judging.migrations._grants import ensure_permissions

SECRETARIAT_MODELS = {
    "competition": ("add", "change", "delete", "view"),
    "round": ("add", "change", "delete", "view"),
    "roundquota": ("add", "change", "delete", "view"),
    "rubric": ("add", "change", "delete", "view"),
    "criterion": ("add", "change", "delete", "view"),
    "judgeprofile": ("add", "change", "delete", "view"),
    "conflictofinterest": ("add", "change", "delete", "view"),
    "assignment": ("add", "change", "view"),
    "entry": ("view",),
    "screeningdecision": ("view",),
    "paneldecision": ("view",),
    "roundresult": ("view",),
}


def create_groups(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    secretariat, _ = Group.objects.get_or_create(name="Sekretariat")
    judges, _ = Group.objects.get_or_create(name="Juri")
    codenames = [f"{action}_{model}" for model, actions in SECRETARIAT_MODELS.items()
                 for action in actions]
    secretariat.permissions.add(
        access_admin,
        *Permission.objects.filter(content_type__app_label="judging", codename__in=codenames),
    )
    judges.permissions.add(access_admin)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Sekretariat", "Juri"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("judging", "0002_rounds_rubrics_scores"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
