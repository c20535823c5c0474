"""The innovations app: agencies, units, innovation profiles and the public database."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "innovations"
    verbose_name = _("Innovations")

    def ready(self):
        from home.models import HOME_BLOCK_PROVIDERS, register_home_block
        from innovations import search_sync
        from innovations.home_block import featured_innovations_block
        from innovations.listing import connect_signals

        connect_signals()
        search_sync.connect_signals()

        if featured_innovations_block not in HOME_BLOCK_PROVIDERS:
            register_home_block(featured_innovations_block)
