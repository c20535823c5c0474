"""Editorial pages: the home page, generic content pages and news."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The front door: hero, featured innovations, winners and latest news."""

    hero_title = models.CharField(_("hero title"), max_length=200, blank=True)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_cta_label = models.CharField(_("button label"), max_length=80, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("button target"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_label"),
                FieldPanel("hero_cta_page"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("intro"),
    ]

    subpage_types = [
        "home.ContentPage",
        "home.NewsIndexPage",
        "innovations.InnovationIndexPage",
        "innovations.AgencyIndexPage",
        "judging.CompetitionIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    # As home_page.html asks for it; portal/renditions.py makes it on publication.
    HERO_PICTURE = "format-{avif,webp,jpeg} fill-640x400"

    def public_renditions(self):
        return [(self.hero_image_id, (self.HERO_PICTURE,))]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = latest_news(locale=self.locale, limit=3)
        context["home_blocks"] = home_blocks(page=self, request=request)
        return context


def latest_news(*, locale, limit):
    """The newest published news items in one language, one query."""
    return list(
        NewsPage.objects.live()
        .public()
        .filter(locale=locale)
        .select_related("image")
        .order_by("-date", "-pk")[:limit]
    )


# Later apps (innovations, judging) add featured innovations and winners to the
# home page by registering a callable here; keeps home/ free of imports from them.
HOME_BLOCK_PROVIDERS = []


def register_home_block(provider):
    HOME_BLOCK_PROVIDERS.append(provider)
    return provider


def home_blocks(*, page, request):
    blocks = []
    for provider in HOME_BLOCK_PROVIDERS:
        block = provider(page=page, request=request)
        if block:
            blocks.append(block)
    return blocks


class ContentPage(Page):
    """A plain rich-text page: rules, about, FAQ, privacy."""

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("content page")


class NewsIndexPage(Page):
    """Lists announcements: trainings, socialisation events, results."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["home.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = (
            NewsPage.objects.child_of(self)
            .live()
            .public()
            .select_related("image")
            .order_by("-date", "-pk")
        )
        paginator = Paginator(items, 12)
        context["page_obj"] = paginator.get_page(request.GET.get("halaman"))
        return context


class NewsPage(Page):
    """One announcement."""

    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    summary = models.TextField(_("summary"), blank=True, max_length=400)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField(_("body"), blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news page")
        ordering = ["-date"]

    # The article's picture (news_page.html) and its card (includes/news_card.html), as
    # they ask for them; portal/renditions.py makes them on publication.
    ARTICLE_PICTURE = "format-{avif,webp,jpeg} width-800"
    CARD_PICTURE = "format-{avif,webp,jpeg} fill-400x225"

    def public_renditions(self):
        return [(self.image_id, (self.ARTICLE_PICTURE, self.CARD_PICTURE))]
