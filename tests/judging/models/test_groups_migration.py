"""The data migration creating the judging groups."""

import pytest
from django.contrib.auth.models import Group


@pytest.mark.django_db
def test_groups_exist_with_admin_access():
    secretariat = Group.objects.get(name="Sekretariat")
    judges = Group.objects.get(name="Juri")

    assert set(judges.permissions.values_list("codename", flat=True)) == {"access_admin"}
    codenames = set(secretariat.permissions.values_list("codename", flat=True))
    assert {"access_admin", "change_rubric", "add_round", "view_roundresult"} <= codenames
    assert "delete_roundresult" not in codenames
