"""Public pages of the competitions: /kompetisi/ and one page per edition.

The page models stay thin: every route delegates to judging.publication.views, which
reads only *published* round results (judging.publication.leaderboards). A CompetitionPage is
linked to one judging Competition; its English translation links to the same one.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page

from .competition import Competition

# A tier in URLs: "top99" is /top-99/, "outstanding" stays. The one place this is written:
# the page routes below and the download URLs (judging/publication/urls.py) use it.
TIER_SLUG_PATTERN = r"top-[0-9]+|outstanding"
TIER_SLUG = rf"(?P<tier_slug>{TIER_SLUG_PATTERN})"


def tier_slug(tier):
    """URL form of a tier value: "top99" → "top-99", "outstanding" stays."""
    return re.sub(r"^top([0-9]+)$", r"top-\1", tier or "")


def tier_from_slug(slug):
    """The tier value of a URL slug, or None when it names no tier."""
    if not re.fullmatch(TIER_SLUG_PATTERN, slug or ""):
        return None
    return slug.replace("-", "")


class CompetitionIndexPage(RoutablePageMixin, Page):
    """/kompetisi/: the editions, the regional league table and the winners page."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["judging.CompetitionPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("competition index page")

    @path("")
    def competition_list(self, request):
        from judging.publication.views import competition_list

        return competition_list(request, index=self)

    @path("klasemen/")
    def league_table(self, request):
        from judging.publication.league import league_table

        return league_table(request, index=self)

    def route_url(self, request, route):
        """The URL of one of the routes below (e.g. "winners") in the visitor's language."""
        return self.get_url(request=request) + self.reverse_subpage(route)

    @path("pemenang/")
    def winners(self, request):
        from judging.publication.league import winners

        return winners(request, index=self)

    @path("metode-penilaian/")
    def judging_method(self, request):
        from judging.publication.method import judging_method

        return judging_method(request, index=self)


class CompetitionPage(RoutablePageMixin, Page):
    """One edition (/kompetisi/2025/): overview and published leaderboards.

    Downloads (data.csv, data.json) and certificates (.pdf) have dots in their URLs,
    which Wagtail's page routing does not serve, so they are Django views in
    judging/publication/urls.py."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.PROTECT,
        related_name="pages",
    )
    intro = models.TextField(_("introduction"), blank=True)
    rules = models.TextField(_("rules"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("competition"), FieldPanel("intro"), FieldPanel("rules"),
    ]
    parent_page_types = ["judging.CompetitionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("competition page")

    def tier_url(self, request, *, tier_slug, route="leaderboard"):
        """The URL of a tier's route (leaderboard, provisional list, objection form)."""
        return self.get_url(request=request) + self.reverse_subpage(
            route, kwargs={"tier_slug": tier_slug})

    @path("")
    def overview(self, request):
        from judging.publication.views import competition_overview

        return competition_overview(request, page=self)

    @re_path(rf"^{TIER_SLUG}/$")
    def leaderboard(self, request, tier_slug):
        from judging.publication.objections import provisional_redirect
        from judging.publication.views import leaderboard

        return (provisional_redirect(request, page=self, tier_slug=tier_slug)
                or leaderboard(request, page=self, tier_slug=tier_slug))

    # The objection period (masa sanggah): judging.publication.objections.
    @re_path(rf"^{TIER_SLUG}/sementara/$")
    def provisional_leaderboard(self, request, tier_slug):
        from judging.publication.objections import provisional_leaderboard

        return provisional_leaderboard(request, page=self, tier_slug=tier_slug)

    @re_path(rf"^{TIER_SLUG}/sanggah/$")
    def objection_form(self, request, tier_slug):
        from judging.publication.objections import objection_form

        return objection_form(request, page=self, tier_slug=tier_slug)

    @re_path(rf"^{TIER_SLUG}/sanggah/terima-kasih/$")
    def objection_thanks(self, request, tier_slug):
        from judging.publication.objections import objection_thanks

        return objection_thanks(request, page=self, tier_slug=tier_slug)
