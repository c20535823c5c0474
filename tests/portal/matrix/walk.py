"""Enumerating every URL pattern from the resolver and filling it with real ids.

A pattern is named by its route: the patterns of every include joined, as Django
prints them (``admin/pages/<int:page_id>/edit/``). The i18n patterns are listed once,
under the default language (no prefix).
"""

import re
from dataclasses import dataclass

from django.urls import URLResolver, get_resolver

CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Pattern:
    route: str
    name: str | None
    default_kwargs: dict


def walk(urlconf=None):
    """Every URL pattern reachable from ``urlconf`` (the project's by default)."""

    def _walk(resolver, prefix, kwargs):
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from _walk(entry, route, {**kwargs, **entry.default_kwargs})
            else:
                yield Pattern(route=route, name=entry.name,
                              default_kwargs={**kwargs, **entry.default_args})

    return list(_walk(get_resolver(urlconf), "", {}))


def unlisted(patterns, table):
    """The routes of ``patterns`` that have no row in ``table`` (a mapping route → row)."""
    return sorted({pattern.route for pattern in patterns} - set(table))


def check_listed(patterns, table):
    """AssertionError naming every pattern without a row, and every row without a pattern."""
    missing, gone = unlisted(patterns, table), stale(patterns, table)
    problems = []
    if missing:
        problems.append("URL patterns without a row in tests/portal/matrix/table.py "
                        "(add one with each role's expected outcome): " + ", ".join(missing))
    if gone:
        problems.append("rows of tests/portal/matrix/table.py whose URL pattern no longer "
                        "exists: " + ", ".join(gone))
    if problems:
        raise AssertionError("\n".join(problems))


def stale(patterns, table):
    """Rows of ``table`` whose route no longer exists."""
    return sorted(set(table) - {pattern.route for pattern in patterns})


def fill(route, values):
    """The URL of a ``path()`` route with each ``<converter:name>`` replaced by
    ``values[name]``, e.g. ``admin/pages/<int:page_id>/edit/`` → ``/admin/pages/7/edit/``."""

    def substitute(match):
        name = match.group("name")
        if name not in values:
            raise KeyError(f"{route}: no value for <{name}>")
        return str(values[name])

    return "/" + CONVERTER.sub(substitute, route)
