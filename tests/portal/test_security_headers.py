"""Security headers: CSP (strict on public pages, Wagtail's needs on /admin/ only),
Permissions-Policy, Referrer-Policy and X-Content-Type-Options."""

import pytest
from django.contrib.auth import get_user_model


def directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


def test_public_page_has_strict_csp_and_the_other_headers(client, home_page):
    response = client.get("/")
    csp = directives(response)

    assert response.status_code == 200
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_admin_csp_allows_only_what_wagtail_needs(client):
    user = get_user_model().objects.create_superuser("root8", "r@example.org", "x")
    client.force_login(user)
    response = client.get("/admin/")
    csp = directives(response)

    assert response.status_code == 200
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["object-src"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_public_templates_have_no_inline_scripts_or_handlers():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for app in ("portal", "home", "innovations", "judging"):
        for template in (root / app / "templates").rglob("*.html"):
            if "/admin/" in str(template) or template.name == "500.html":
                continue
            text = template.read_text()
            if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(
                    r"\son[a-z]+=|\sstyle=", text):
                offenders.append(str(template.relative_to(root)))
    assert offenders == []
