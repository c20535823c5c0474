"""Public URLs that are not Wagtail pages: downloads with a file extension and the
certificate check. Included in both languages (i18n_patterns) before Wagtail's
catch-all, under the same /kompetisi/ prefix as the competition pages."""

from django.urls import path, re_path

from judging.models.publication import TIER_SLUG
from judging.publication import views as public_views

app_name = "judging"

urlpatterns = [
    re_path(
        rf"^kompetisi/(?P<year>[0-9]{{4}})/{TIER_SLUG}/data\.(?P<fmt>csv|json)$",
        lambda request, year, tier_slug, fmt: public_views.leaderboard_data(
            request, year=int(year), tier_slug=tier_slug, fmt=fmt),
        name="leaderboard_data",
    ),
    re_path(
        r"^kompetisi/(?P<year>[0-9]{4})/sertifikat/(?P<code>[0-9]+-[0-9a-f]{20})\.pdf$",
        lambda request, year, code: public_views.certificate_pdf(
            request, year=int(year), code=code),
        name="certificate_pdf",
    ),
    path("verifikasi/<str:code>/", public_views.verify_certificate,
         name="verify_certificate"),
]
