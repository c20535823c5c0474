from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal import locales, renditions, route_cache, spreadsheet
        from portal.page_cache import connect_page_signals

        connect_page_signals()
        renditions.connect_signals()
        locales.install()
        spreadsheet.install()
        route_cache.install()
