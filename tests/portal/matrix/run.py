"""Requesting a URL as a role and naming the outcome."""

from django.test import Client

from .world import ANON

LOGIN = "login"              # 302 to the portal's sign-in page (/masuk/?next=…)
ADMIN_LOGIN = "admin-login"  # 302 to the admin's sign-in page (/admin/login/?next=…)
ADMIN_HOME = "admin-home"    # 302 to /admin/: Wagtail's "no permission" redirect


def outcome(response):
    """200, 403, 404, 405, LOGIN, ADMIN_LOGIN, ADMIN_HOME, or "302 <path>" for any other
    redirect (the path without its query string)."""
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/masuk/?"):
            return LOGIN
        if location.startswith("/admin/login/?"):
            return ADMIN_LOGIN
        if location == "/admin/":
            return ADMIN_HOME
        return f"{response.status_code} {location.split('?')[0]}"
    return response.status_code


def clients(users):
    """One signed-in client per role (and one anonymous)."""
    result = {ANON: Client(raise_request_exception=False)}
    for role, user in users.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        result[role] = client
    return result
