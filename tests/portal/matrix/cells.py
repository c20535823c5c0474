"""Building the rows of the expectation table: a default per group, exceptions per role."""

from dataclasses import dataclass, field

from .run import ADMIN_HOME, ADMIN_LOGIN
from .world import AA_A, AA_B, ANON, J_CONFLICT, J_IN, J_OUT, OP_A, OP_B, ROLES, SEC, SU

JUDGES = (J_IN, J_OUT, J_CONFLICT)
STAFF = (*JUDGES, SEC)                 # admin users without the superuser's rights
UNITS = (OP_A, OP_B, AA_A, AA_B)       # workspace users (no admin access)
NOT_ADMIN = (ANON, *UNITS)
SIGNED_IN = tuple(role for role in ROLES if role != ANON)


def cells(default, *changes):
    """Outcome per role: ``default`` for every role, then each ``(roles, outcome)`` of
    ``changes`` in turn (``roles`` a role or a tuple of roles)."""
    result = dict.fromkeys(ROLES, default)
    for roles, outcome in changes:
        for role in (roles,) if isinstance(roles, str) else roles:
            result[role] = outcome
    return result


def but(base, *changes):
    """``base`` (a cells() mapping) with ``changes`` applied."""
    result = dict(base)
    for roles, outcome in changes:
        for role in (roles,) if isinstance(roles, str) else roles:
            result[role] = outcome
    return result


# The admin as Wagtail has it: sign-in for anyone without admin access, its "no
# permission" redirect for judges and the secretariat, the page for the superuser.
ADMIN = cells(ADMIN_LOGIN, (STAFF, ADMIN_HOME), (SU, 200))
# An admin screen every admin user has (dashboard, account…).
ADMIN_OPEN = cells(ADMIN_LOGIN, (STAFF, 200), (SU, 200))
# Refused by portal/admin_access.py (403) to admin users without a permission on the model.
ADMIN_GATED = cells(ADMIN_LOGIN, (STAFF, 403), (SU, 200))
# A page of the public site or an open-data URL: the same for everyone.
PUBLIC = cells(200)


@dataclass
class Row:
    """A URL pattern's expected outcome per role. ``url`` is given for a regex pattern
    (``{name}`` filled from the world's values); ``values`` names the world value for a
    URL parameter (``{"pk": "round"}``)."""

    expect: dict
    url: str | None = None
    values: dict = field(default_factory=dict)
    query: str = ""


@dataclass
class Group:
    """URL patterns of one area: ``rows`` maps a route to its Row, to a cells() mapping,
    or to None (the group's default)."""

    title: str
    default: dict
    rows: dict
    values: dict = field(default_factory=dict)

    def resolved(self):
        for route, row in self.rows.items():
            if row is None:
                row = Row(self.default)
            elif not isinstance(row, Row):
                row = Row(row)
            yield route, Row(row.expect, url=row.url, values={**self.values, **row.values},
                             query=row.query)
