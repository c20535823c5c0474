"""Who is secretariat and who is a judge."""

import pytest

from judging.services import is_judge, is_secretariat


@pytest.mark.django_db
def test_permission_helpers(staff, judges, django_user_model):
    root = django_user_model.objects.create_superuser("root", "r@example.org", "x")
    nobody = django_user_model.objects.create_user("nobody")

    assert [is_secretariat(u) for u in (staff, root, judges[0], nobody)] == [
        True, True, False, False]
    assert [is_judge(u) for u in (staff, judges[0], nobody)] == [False, True, False]
