"""The permission matrix (issue 12, deliver 4): every URL pattern of the project, taken
from the resolver (the portal's own, Wagtail's admin and its API, documents, the
sitemap, the open-data API, the i18n patterns), requested with GET by every role with
the real ids of tests/portal/matrix/world.py, gives the outcome its row in
tests/portal/matrix/table.py says. A pattern without a row fails
``test_every_url_pattern_has_a_row``, naming it.

One database for the whole matrix (setUpTestData); one test per role, so a failure
names the role and lists every cell that differs."""

import pytest
from django.conf import settings
from django.test import TestCase, override_settings

from tests.portal.matrix import walk
from tests.portal.matrix.run import clients, outcome
from tests.portal.matrix.table import table
from tests.portal.matrix.world import ANON, ROLES, build

TABLE = table()


def url_of(route, row, values):
    if row.url:
        url = row.url.format(**values)
    else:
        assert "^" not in route, f"{route} is a regular expression: give its row a url"
        url = walk.fill(route, {**values, **{
            name: values[source] for name, source in row.values.items()}})
    return url + (f"?{row.query.format(**values)}" if row.query else "")


def differences(role, *, client, user, values):
    """Every cell of ``role`` whose outcome differs from the table."""
    found = []
    for route, row in TABLE.items():
        url = url_of(route, row, values)
        want = row.expect[role]
        if isinstance(want, str):
            want = want.format(**values)
        got = outcome(client.get(url))
        if got != want:
            found.append(f"{route} ({url}): expected {want}, got {got}")
        # Wagtail's admin logout view drops the session cookie even when it refuses a GET.
        cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
        if role != ANON and (cookie is None or not cookie.value):
            client.force_login(user)
    return found


class PermissionMatrix(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.users, cls.values = build()

    def check(self, role):
        users = {role: self.users[role]} if role != ANON else {}
        client = clients(users)[role]
        found = differences(role, client=client, user=self.users.get(role), values=self.values)
        assert not found, f"{role}: {len(found)} cells differ:\n" + "\n".join(found)

    def test_anonymous(self):
        self.check(ROLES[0])

    def test_operator_of_unit_a(self):
        self.check(ROLES[1])

    def test_operator_of_unit_b(self):
        self.check(ROLES[2])

    def test_agency_admin_of_a(self):
        self.check(ROLES[3])

    def test_agency_admin_of_b(self):
        self.check(ROLES[4])

    def test_judge_assigned(self):
        self.check(ROLES[5])

    def test_judge_not_assigned(self):
        self.check(ROLES[6])

    def test_judge_with_a_conflict(self):
        self.check(ROLES[7])

    def test_secretariat(self):
        self.check(ROLES[8])

    def test_superuser(self):
        self.check(ROLES[9])


def test_every_url_pattern_has_a_row():
    patterns = walk.walk()
    walk.check_listed(patterns, TABLE)  # names what is missing or stale
    assert len(patterns) == len(TABLE)


@override_settings(ROOT_URLCONF="tests.portal.matrix.fake_urls")
def test_a_url_pattern_without_a_row_fails_naming_it():
    patterns = walk.walk()
    assert walk.unlisted(patterns, TABLE) == ["rahasia/<int:pk>/"]
    with pytest.raises(AssertionError, match=r"without a row .*: rahasia/<int:pk>/$"):
        walk.check_listed(patterns, TABLE)


def test_a_row_without_a_url_pattern_fails_naming_it():
    with pytest.raises(AssertionError, match=r"no longer exists: ruang-kerja/lama/$"):
        walk.check_listed(walk.walk(), {**TABLE, "ruang-kerja/lama/": TABLE["healthz"]})


def test_every_role_has_a_cell_in_every_row():
    assert {route for route, row in TABLE.items() if set(row.expect) != set(ROLES)} == set()
