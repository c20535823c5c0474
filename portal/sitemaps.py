"""/sitemap.xml: Wagtail's sitemap of live, public pages, less the innovation profiles
the blind rule withholds (judging/services/blind.py)."""

from wagtail.contrib.sitemaps import Sitemap

from judging.models.blind import withheld_innovations


class PortalSitemap(Sitemap):
    def items(self):
        return super().items().exclude(pk__in=withheld_innovations())


SITEMAPS = {"wagtail": PortalSitemap}
